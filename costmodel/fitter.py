"""Max context and max batch: the exact integer solves of "cache + activations fit next to the weights and reserve"
(``Fitter``, on ``memory``'s formulas) and the bracketing search they share (``largest_fitting``)."""
from __future__ import annotations

from .assumptions import DEFAULT, Assumptions
from .memory import (SEARCH_CAP, CacheLayout, MemoryBreakdown, activation_widths, reserve_bytes, used_bytes,
                     workload_activations)


class Fitter:
    """Memory as a function of (context, batch) for one configuration; solves for the limits.

    Memory is non-decreasing in both: affine in the batch (up to the prefill chunk that caps activations) and
    piecewise affine in the context (sliding windows and chunks cap their layers, recurrent state steps at each new
    log-linear level, activations stop growing at the prefill chunk). ``max_context``/``max_batch`` solve
    ``used(n) <= budget`` exactly in integers by interpolating on the bracket and closing it from both sides
    (``largest_fitting``): a handful of evaluations where a bisection over [0, 2^40] takes ~80, with the same
    answer (tests/test_fitter.py checks it against the bisection over presets, schemes, GPUs and dtypes)."""

    def __init__(self, layout: CacheLayout, w_bytes: int, capacity: int, a: Assumptions = DEFAULT,
                 prompt: int | None = None):
        self.layout, self.w_bytes, self.capacity, self.a = layout, w_bytes, capacity, a
        self.prompt = prompt  # None: the prompt is the whole context
        self.reserve = reserve_bytes(capacity, a)
        self.budget = capacity - w_bytes - self.reserve  # what the cache and activations may use
        self._widths = activation_widths(layout.spec, layout.tp)

    def breakdown(self, ctx: int, batch: int) -> MemoryBreakdown:
        return MemoryBreakdown(self.w_bytes, batch * self.layout.seq_bytes(ctx),
                               workload_activations(self._widths, ctx, batch, self.prompt, self.a), self.reserve,
                               self.capacity)

    def used_bytes(self, ctx, batch):
        """Cache + activations at (ctx, batch): the part of the total that the limits solve for (array-safe)."""
        return used_bytes(self.layout, self._widths, ctx, batch, self.prompt, self.a)

    def max_context(self, batch: int) -> int | None:
        """Most tokens per sequence that fit with ``batch`` sequences (0: not even one; None: unbounded)."""
        lay, chunk = self.layout, self.a.prefill_chunk_tokens
        kinks = [lay.window, lay.chunk, self.prompt, -(-chunk // batch)]  # caps: window, chunk, prompt, activations
        points = [p + d for p in kinks if p for d in (-1, 0, 1)]
        if lay.fixed_state_bytes is None:  # recurrent state grows in levels: 2^k + 1 steps up
            points += [2**k + d for k in range(SEARCH_CAP.bit_length()) for d in (0, 1)]
        return largest_fitting(lambda t: self.used_bytes(t, batch), self.budget, points)

    def max_batch(self, ctx: int) -> int | None:
        """Most sequences of ``ctx`` tokens that fit (None: unbounded, i.e. the cache is empty)."""
        prompt = max(1, ctx if self.prompt is None else min(self.prompt, ctx))
        cap = self.a.prefill_chunk_tokens // prompt  # activations stop growing past this batch
        return largest_fitting(lambda b: self.used_bytes(ctx, b), self.budget, (cap, cap + 1))


def largest_fitting(used, budget: int, breakpoints=(), cap: int = SEARCH_CAP) -> int | None:
    """Largest n in [0, cap) with used(n) <= budget, n = 0 counting as fitting; None when used(cap) <= budget.
    ``used`` must be non-decreasing with exact integer values; then the answer is that of a bisection.

    ``breakpoints`` are where ``used`` may bend or step (window and chunk caps, level boundaries): a bisection over
    them brackets the answer inside one affine piece, where interpolation lands on it and evaluating its neighbour
    closes the bracket. Missing breakpoints only cost steps: an interpolation that does not halve the bracket is
    followed by a bisection step, so the worst case stays logarithmic and the answer exact."""
    f_hi = used(cap)
    if f_hi <= budget:
        return None
    f_lo = used(0)
    if f_lo > budget:
        return 0  # used(n) >= used(0) > budget for every n >= 1
    lo, hi = 0, cap
    points = sorted({p for p in breakpoints if 0 < p < cap})
    i, j = 0, len(points)
    while i < j:
        k = (i + j) // 2
        f = used(points[k])
        if f <= budget:
            lo, f_lo, i = points[k], f, k + 1
        else:
            hi, f_hi, j = points[k], f, k
    interpolate = True
    while hi - lo > 1:
        width = hi - lo
        x = min(max(lo + (budget - f_lo) * width // (f_hi - f_lo), lo + 1), hi - 1) if interpolate else lo + width // 2
        f = used(x)
        if f <= budget:
            lo, f_lo = x, f
            if interpolate and x + 1 < hi:  # the neighbour above: the last fitting n when this piece is affine
                f = used(x + 1)
                if f > budget:
                    return x
                lo, f_lo = x + 1, f
        else:
            hi, f_hi = x, f
            if interpolate and x - 1 > lo:
                f = used(x - 1)
                if f <= budget:
                    return x - 1
                hi, f_hi = x - 1, f
        interpolate = not interpolate or 2 * (hi - lo) <= width
    return lo
