"""Memory: cache layout in bytes, weights, activations, reserve; fit, max context, max batch.

Everything here is per GPU under tensor parallelism ``tp`` (weights split, KV heads split, MLA
latent / slim K replicated). Byte counts are exact Python ints (no overflow at 1e9 tokens x 1e6
sequences); the same formulas accept numpy arrays for the sweep. Sliding-window layers hold at most the
window, chunked-attention layers (Llama 4) at most one chunk: vLLM frees a chunk's blocks once the next chunk
starts, so the chunk is what must be allocated (and, at worst, read) per sequence.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .assumptions import DEFAULT, Assumptions
from .dtypes import StorageFormat
from .quant import WeightPlan
from .schemes import Scheme
from .spec import ModelSpec

SEARCH_CAP = 2**40  # tokens or sequences; beyond this a limit is reported as "unbounded"


@dataclass(frozen=True)
class CacheLayout:
    """Per-sequence, per-GPU cache bytes of one (model, scheme, format, tp)."""

    spec: ModelSpec
    scheme: Scheme
    state_fmt: StorageFormat
    tp: int
    layer_token_bytes: int  # bytes one token adds in one attention layer
    full_token_bytes: int  # bytes added per token, summed over full-attention layers
    sliding_token_bytes: int  # same over sliding-window layers (until the window is full)
    window: int | None
    cross_bytes: int  # encoder-decoder cross-attention cache per sequence
    shared_bytes: int  # slim option 2 encoder output E per sequence
    chunked_token_bytes: int = 0  # bytes added per token over chunked-attention layers (until the chunk is full)
    chunk: int | None = None

    @classmethod
    def build(cls, spec: ModelSpec, scheme: Scheme, kv_fmt: StorageFormat, state_fmt: StorageFormat,
              tp: int = 1) -> "CacheLayout":
        per_layer = sum(kv_fmt.row_bytes(r) for r in scheme.cache_rows(spec, tp))
        windowed = scheme.windowed and spec.n_sliding_layers > 0
        n_sliding = spec.n_sliding_layers if windowed else 0
        n_chunked = spec.n_chunked_layers if scheme.windowed else 0
        cross = spec.n_layers * spec.encoder_seq_len * sum(kv_fmt.row_bytes(r) for r in scheme.cross_rows(spec, tp))
        return cls(spec, scheme, state_fmt, tp, per_layer, (spec.n_layers - n_sliding - n_chunked) * per_layer,
                   n_sliding * per_layer, spec.sliding_window if windowed else None, cross,
                   _rows_bytes(kv_fmt, *scheme.shared_rows(spec, tp)), n_chunked * per_layer,
                   spec.attention_chunk if n_chunked else None)

    @property
    def token_bytes(self) -> int:
        """Bytes one more token adds to one sequence (all layers, before any window or chunk is full)."""
        return self.full_token_bytes + self.sliding_token_bytes + self.chunked_token_bytes

    @staticmethod
    def _cap(ctx, cap: int | None):
        if cap is None:
            return ctx
        return min(ctx, cap) if isinstance(ctx, (int, np.integer)) else np.minimum(ctx, cap)

    def capped(self, ctx):
        """Tokens a sliding-window layer holds at ``ctx``."""
        return self._cap(ctx, self.window)

    def capped_chunk(self, ctx):
        """Tokens a chunked-attention layer holds at ``ctx`` (at most one chunk)."""
        return self._cap(ctx, self.chunk)

    def state_bytes(self, ctx):
        """Recurrent state over all layers, one sequence."""
        elems = self.scheme.state_elems(self.spec, ctx, self.tp)
        if isinstance(elems, (int, np.integer)):
            return self.spec.n_layers * self.state_fmt.row_bytes(int(elems))
        return self.spec.n_layers * np.ceil(elems * self.state_fmt.bits / 8)

    def seq_bytes(self, ctx):
        """Cache held by one sequence at ``ctx`` tokens."""
        return (self.full_token_bytes * ctx + self.sliding_token_bytes * self.capped(ctx)
                + self.chunked_token_bytes * self.capped_chunk(ctx)
                + self.cross_bytes + self.shared_bytes + self.state_bytes(ctx))

    def seq_read_bytes(self, ctx):
        """Bytes one decode step moves for one sequence: read the cache, write the new row,
        read + write the recurrent state; every decoder layer reads the shared encoder output."""
        return (self.full_token_bytes * (ctx + 1) + self.sliding_token_bytes * (self.capped(ctx) + 1)
                + self.chunked_token_bytes * (self.capped_chunk(ctx) + 1) + self.cross_bytes + self.spec.n_layers * self.shared_bytes + 2 * self.state_bytes(ctx))


def _rows_bytes(fmt: StorageFormat, rows: int, elems: int) -> int:
    return rows * fmt.row_bytes(elems)


def weight_params(spec: ModelSpec, scheme: Scheme) -> int:
    """Total parameters with ``scheme``'s attention (every MoE expert counted)."""
    return scheme.total_params(spec)


def weight_bytes(spec: ModelSpec, scheme: Scheme, wfmt: StorageFormat | WeightPlan, tp: int = 1) -> int:
    """Weight bytes on one of ``tp`` GPUs: every parameter in one format, or a checkpoint's per-group plan."""
    if isinstance(wfmt, WeightPlan):
        return wfmt.bytes(dict(scheme.param_groups(spec).items()), tp)
    return wfmt.row_bytes(-(-weight_params(spec, scheme) // tp))


def ffn_width(spec: ModelSpec) -> int:
    """Widest FFN activation of a layer: the dense width or the routed experts' total (+ shared)."""
    moe = spec.experts_per_token * spec.moe_d_ff + spec.shared_d_ff if spec.is_moe else 0
    return max(spec.d_ff, moe)


def activation_bytes(spec: ModelSpec, batch, prompt, tp: int, a: Assumptions = DEFAULT):
    """Peak activations: one prefill chunk through a layer (residual, attention and FFN buffers)
    plus fp32 logits of the batch's last tokens."""
    tokens = batch * prompt
    tokens = min(tokens, a.prefill_chunk_tokens) if isinstance(tokens, int) else np.minimum(tokens, a.prefill_chunk_tokens)
    width = 4 * spec.d_model + 2 * -(-ffn_width(spec) // tp)
    return tokens * width * a.activation_bytes_per_elem + batch * -(-spec.vocab_size // tp) * 4


def reserve_bytes(capacity_bytes: int, a: Assumptions = DEFAULT) -> int:
    """Memory held back from ``capacity_bytes``: the fixed reserve plus ``reserve_fraction`` of the capacity."""
    return a.reserve_bytes + int(a.reserve_fraction * capacity_bytes)


@dataclass(frozen=True)
class MemoryBreakdown:
    """Per-GPU memory of one configuration: weights, KV/state, activations, reserve vs capacity."""

    weight_bytes: int
    kv_bytes: int  # cache + recurrent state, whole batch
    activation_bytes: int
    reserve_bytes: int
    capacity_bytes: int

    @property
    def total_bytes(self) -> int:
        return self.weight_bytes + self.kv_bytes + self.activation_bytes + self.reserve_bytes

    @property
    def fits(self) -> bool:
        return self.total_bytes <= self.capacity_bytes

    @property
    def headroom_bytes(self) -> int:
        return self.capacity_bytes - self.total_bytes


class Fitter:
    """Memory as a function of (context, batch) for one configuration; solves for the limits."""

    def __init__(self, layout: CacheLayout, w_bytes: int, capacity: int, a: Assumptions = DEFAULT,
                 prompt: int | None = None):
        self.layout, self.w_bytes, self.capacity, self.a = layout, w_bytes, capacity, a
        self.prompt = prompt  # None: the prompt is the whole context
        self.reserve = reserve_bytes(capacity, a)

    def breakdown(self, ctx: int, batch: int) -> MemoryBreakdown:
        prompt = ctx if self.prompt is None else min(self.prompt, ctx)
        act = activation_bytes(self.layout.spec, batch, max(prompt, 1), self.layout.tp, self.a)
        return MemoryBreakdown(self.w_bytes, batch * self.layout.seq_bytes(ctx), int(act), self.reserve,
                               self.capacity)

    def _fits(self, ctx: int, batch: int) -> bool:
        return self.breakdown(ctx, batch).fits

    def _largest(self, ok) -> int | None:
        """Largest n >= 0 with ok(n) (ok monotone decreasing); None when ok(SEARCH_CAP)."""
        if ok(SEARCH_CAP):
            return None
        lo, hi = 0, 1
        while ok(hi):
            lo, hi = hi, hi * 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if ok(mid) else (lo, mid)
        return lo

    def max_context(self, batch: int) -> int | None:
        """Most tokens per sequence that fit with ``batch`` sequences (0: not even one; None: unbounded)."""
        return self._largest(lambda t: t == 0 or self._fits(t, batch))

    def max_batch(self, ctx: int) -> int | None:
        """Most sequences of ``ctx`` tokens that fit (None: unbounded, i.e. the cache is empty)."""
        return self._largest(lambda b: b == 0 or self._fits(ctx, b))
