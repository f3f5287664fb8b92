"""Memory: cache layout in bytes, weights, activations, reserve, the per-GPU breakdown (the limits: ``fitter``).

Everything here is per GPU under tensor parallelism ``tp`` (weights split, KV heads split, MLA
latent / slim K replicated). Byte counts are exact Python ints (no overflow at 1e9 tokens x 1e6
sequences); the same formulas accept numpy arrays for the sweep. Sliding-window layers hold at most the
window, chunked-attention layers (Llama 4) at most one chunk: vLLM frees a chunk's blocks once the next chunk
starts, so the chunk is what must be allocated (and, at worst, read) per sequence.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from .assumptions import DEFAULT, Assumptions
from .dtypes import StorageFormat
from .quant import WeightPlan
from .schemes import Scheme
from .spec import ModelSpec

SEARCH_CAP = 2**40  # tokens or sequences; beyond this a limit is reported as "unbounded"


def absent(x) -> bool:
    """True for the integer 0: a term a layout or a model does not have (an array, e.g. of a stack of layouts, never
    is); ``sum_terms`` leaves such terms out."""
    return isinstance(x, int) and x == 0


class CacheTerms:
    """Per-sequence cache bytes from a layout's coefficients, shared by ``CacheLayout`` (exact ints) and the sweep's
    ``sweep_planes.LayoutStack`` (the same coefficients of several schemes as arrays along a leading axis)."""

    spec: Any
    tp: Any
    full_token_bytes: Any
    sliding_token_bytes: Any
    chunked_token_bytes: Any
    window: Any
    chunk: Any
    cross_bytes: Any
    shared_bytes: Any

    def state_bytes(self, ctx) -> Any:
        raise NotImplementedError

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

    def seq_bytes(self, ctx):
        """Cache held by one sequence at ``ctx`` tokens: full + sliding + chunked layers' tokens, cross cache, shared
        encoder output, recurrent state (terms that are 0 for this layout are not added: the same sum, fewer array
        operations for the sweep)."""
        out = self.full_token_bytes * ctx
        if not absent(self.sliding_token_bytes):
            out = out + self.sliding_token_bytes * self.capped(ctx)
        if not absent(self.chunked_token_bytes):
            out = out + self.chunked_token_bytes * self.capped_chunk(ctx)
        return sum_terms((out, self.cross_bytes, self.shared_bytes, self.state_bytes(ctx)))

    def seq_read_bytes(self, ctx):
        """Bytes one decode step moves for one sequence: read the cache, write the new row,
        read + write the recurrent state; every decoder layer reads the shared encoder output."""
        out = self.full_token_bytes * (ctx + 1)
        if not absent(self.sliding_token_bytes):
            out = out + self.sliding_token_bytes * (self.capped(ctx) + 1)
        if not absent(self.chunked_token_bytes):
            out = out + self.chunked_token_bytes * (self.capped_chunk(ctx) + 1)
        return sum_terms((out, self.cross_bytes, self.spec.n_layers * self.shared_bytes, 2 * self.state_bytes(ctx)))


@dataclass(frozen=True)
class CacheLayout(CacheTerms):
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

    @cached_property
    def fixed_state_bytes(self) -> int | None:
        """The recurrent state's bytes when they do not depend on the context (every scheme but log-linear's
        live levels), else None. A state never shrinks as the context grows, so equal ends mean constant."""
        lo = self._state_bytes(1)
        return lo if lo == self._state_bytes(SEARCH_CAP) else None

    def state_bytes(self, ctx):
        """Recurrent state over all layers, one sequence."""
        fixed = self.fixed_state_bytes
        return self._state_bytes(ctx) if fixed is None else fixed

    def _state_bytes(self, ctx):
        elems = self.scheme.state_elems(self.spec, ctx, self.tp)
        if isinstance(elems, (int, np.integer)):
            return self.spec.n_layers * self.state_fmt.row_bytes(int(elems))
        return self.spec.n_layers * np.ceil(elems * self.state_fmt.bits / 8)


def plain(x) -> Any:
    """A plain float for a 0-d result (``estimate``'s scalars); arrays (the sweep's grids) pass through."""
    return x if isinstance(x, np.ndarray) and x.ndim else float(x)


def sum_terms(values) -> Any:
    """``sum(values)`` in the same order, leaving out the terms that are the integer 0 (x + 0 == x exactly): a term
    a layout or a dense model does not have costs no array operation in the sweep."""
    out: Any = 0
    for v in values:
        if not absent(v):
            out = v if absent(out) else out + v
    return out


def pick(cond, yes, no):
    """``np.where`` that keeps plain numbers plain: a scalar condition (``estimate``) picks one value, an array (the
    sweep) picks per element."""
    if isinstance(cond, (bool, np.bool_)):
        return yes if cond else no
    return np.where(cond, yes, no)


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
    return _activations(activation_widths(spec, tp), batch, prompt, a)


def activation_widths(spec: ModelSpec, tp: int) -> tuple[int, int]:
    """(elements per prefill token held through a layer, fp32 logit bytes per sequence), per GPU."""
    return 4 * spec.d_model + 2 * -(-ffn_width(spec) // tp), -(-spec.vocab_size // tp) * 4


def _activations(widths: tuple[int, int], batch, prompt, a: Assumptions):
    tokens, chunk = batch * prompt, a.prefill_chunk_tokens
    tokens = min(tokens, chunk) if isinstance(tokens, int) else np.minimum(tokens, chunk)
    return tokens * widths[0] * a.activation_bytes_per_elem + batch * widths[1]


def workload_activations(widths: tuple[int, int], ctx, batch, prompt: int | None, a: Assumptions):
    """Activation bytes of ``batch`` sequences at ``ctx`` whose prompts are ``prompt`` tokens (None: the whole
    context), as whole bytes; arrays allowed (the sweep)."""
    if isinstance(ctx, (int, np.integer)) and isinstance(batch, (int, np.integer)):
        tokens = max(ctx if prompt is None else min(prompt, ctx), 1)
        return int(_activations(widths, batch, tokens, a))
    tokens = np.maximum(ctx if prompt is None else np.minimum(prompt, ctx), 1)
    return np.trunc(_activations(widths, batch, tokens, a))


def used_bytes(layout: CacheTerms, widths: tuple[int, int], ctx, batch, prompt: int | None = None,
               a: Assumptions = DEFAULT):
    """Cache of the whole batch + activations: what a configuration adds to its weights and reserve (array-safe:
    ``estimate`` and ``sweep`` use this one formula)."""
    return batch * layout.seq_bytes(ctx) + workload_activations(widths, ctx, batch, prompt, a)


def reserve_bytes(capacity_bytes: Any, a: Assumptions = DEFAULT) -> Any:
    """Memory held back from ``capacity_bytes``: the fixed reserve plus ``reserve_fraction`` of the capacity
    (an int; a float array for an array of capacities, as the sweep's pipelines of SRAM-only chips have)."""
    if np.ndim(capacity_bytes):
        return a.reserve_bytes + np.floor(a.reserve_fraction * np.asarray(capacity_bytes, dtype=np.float64))
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
