"""Constant-state linear attention (Mamba-2 layout) and log-linear attention (Fenwick levels).

Both replace softmax attention and need (re)training. State layout follows the fla / log-linear
reference code: per layer an SSM state (num_heads, state_size, head_dim) -- times L levels for
log-linear, L = ceil(log2 T) + 1 -- plus a short-conv state (intermediate + 2*groups*state, kernel).
Decode reads and writes the whole state each step; the estimate counts both.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..bounds import MAX_CONTEXT
from ..i18n import msg
from ..spec import ModelSpec
from .base import Scheme, SchemeError, heads_per_gpu

SSD_CHUNK = 256  # tokens per chunk in the chunked (SSD) prefill form


def num_levels(t):
    """Fenwick levels for t tokens: ceil(log2 t) + 1 (log-linear attention ``get_num_levels``, base 2)."""
    if isinstance(t, (int, np.integer)):
        return (max(int(t), 1) - 1).bit_length() + 1
    t = np.maximum(np.asarray(t, dtype=np.float64), 1.0)
    return np.frexp(t - 1.0)[1].astype(np.int64) + 1


@dataclass(frozen=True)
class LinearAttention(Scheme):
    """Linear attention / Mamba-2: a constant-size recurrent state instead of a KV cache."""

    key = "linear"
    label = "Linear attention / Mamba-2"
    citation = ("Dao & Gu, Transformers are SSMs (Mamba-2), arXiv 2405.21060; state (heads, state_size, head_dim), "
                "fla Mamba2Config defaults head_dim 64, state_size 128, expand 2")
    training = msg("train.linear")
    effort = msg("effort.pretrain")
    family = "recurrent"
    needs_pretraining = True
    windowed = False
    head_dim: int = 64
    state_size: int = 128
    expand: int = 2
    conv_kernel: int = 4
    n_groups: int = 1

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("head_dim", "state_size", "expand", "conv_kernel", "n_groups"):
            v = getattr(self, name)
            if not (isinstance(v, int) and 1 <= v <= 65536):
                raise SchemeError(msg("sch.int_range", scheme=self.key, name=name, lo=1, hi=65536, value=v))

    def n_ssm_heads(self, spec: ModelSpec) -> int:
        return max(1, self.expand * spec.d_model // self.head_dim)

    def levels(self, spec: ModelSpec, ctx):
        return 1

    def reason_not_applicable(self, spec: ModelSpec) -> str | None:
        if spec.arch == "encoder-decoder":
            return msg("why.recurrent_encdec")
        return None

    def cache_rows(self, spec: ModelSpec, tp: int = 1) -> tuple[int, ...]:
        return ()

    def check_tp(self, spec: ModelSpec, tp: int) -> None:
        """The SSM heads replace the attention heads; they must divide by ``tp`` (vLLM's Mamba-2 mixer)."""
        heads_per_gpu(self.n_ssm_heads(spec), tp)

    def conv_elems(self, spec: ModelSpec, tp: int) -> int:
        inner = -(-self.expand * spec.d_model // tp)
        return (inner + 2 * self.n_groups * self.state_size) * self.conv_kernel

    def state_elems(self, spec: ModelSpec, ctx, tp: int = 1):
        h = heads_per_gpu(self.n_ssm_heads(spec), tp)
        return self.levels(spec, ctx) * h * self.state_size * self.head_dim + self.conv_elems(spec, tp)

    def ctx_flops_coef(self, spec: ModelSpec, tp: int = 1) -> int:
        return 0

    def step_flops(self, spec: ModelSpec, ctx, tp: int = 1):
        """Per state element: decay 1 + outer product 1 + add 1 + readout 2 (multiply-add) = 5*H*N*P."""
        return 5 * heads_per_gpu(self.n_ssm_heads(spec), tp) * self.state_size * self.head_dim + 0 * ctx

    def decode_flops(self, spec: ModelSpec, ctx, tp: int = 1):
        return self.step_flops(spec, ctx, tp)

    def prefill_flops(self, spec: ModelSpec, n_tokens, ctx_sum, tp: int = 1):
        h = heads_per_gpu(self.n_ssm_heads(spec), tp)
        intra = 2 * h * SSD_CHUNK * (self.state_size + self.head_dim)  # quadratic work inside a chunk
        return n_tokens * (self.step_flops(spec, n_tokens, tp) + intra)

    def attn_params(self, spec: ModelSpec) -> int:
        d, inner, h = spec.d_model, self.expand * spec.d_model, self.n_ssm_heads(spec)
        gn = 2 * self.n_groups * self.state_size
        return d * (2 * inner + gn + h) + (inner + gn) * (self.conv_kernel + 1) + 3 * h + inner + inner * d


@dataclass(frozen=True)
class LogLinearAttention(LinearAttention):
    """Log-linear Mamba-2: L = ceil(log2 T) + 1 level states mixed by per-token weights lambda.

    ``live``: the levels needed at context T. ``allocated``: what the reference code allocates
    for the model's maximum length (MAX_NUM_LEVELS, e.g. 15 for 16K).
    """

    key = "loglinear"
    label = "Log-linear attention"
    citation = "Guo et al., Log-Linear Attention, arXiv 2506.04761; hattention/recurrent.py, modeling_hattention.py"
    options = ("live", "allocated")
    headline = ("mha", "headline.loglinear")
    option: str = "live"
    max_context: int | None = None  # for "allocated"; None: the model's max_position (16,384 if unknown)

    def __post_init__(self) -> None:
        super().__post_init__()
        v = self.max_context
        if v is not None and not (isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_CONTEXT):
            raise SchemeError(msg("sch.int_range", scheme=self.key, name="max_context", lo=1,
                                  hi=MAX_CONTEXT, value=v))

    def _max_levels(self, spec: ModelSpec) -> int:
        return int(num_levels(self.max_context or spec.max_position or 16_384))

    def levels(self, spec: ModelSpec, ctx):
        live = num_levels(ctx)
        if self.option != "allocated":
            return live
        cap = self._max_levels(spec)
        return max(live, cap) if isinstance(live, int) else np.maximum(live, cap)

    def step_flops(self, spec: ModelSpec, ctx, tp: int = 1):
        """Per state element: level decay L + outer product 1 + add into level 0 1 + lambda-mix 2L + readout 2
        = (3L + 4) * H * N * P (papers.md's derivation, (3L+3), leaves out the add)."""
        h = heads_per_gpu(self.n_ssm_heads(spec), tp)
        return (3 * self.levels(spec, ctx) + 4) * h * self.state_size * self.head_dim

    def attn_params(self, spec: ModelSpec) -> int:
        lam = spec.d_model * self.n_ssm_heads(spec) * self._max_levels(spec)  # l_proj
        return super().attn_params(spec) + lam
