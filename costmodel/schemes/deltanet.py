"""Gated DeltaNet (Yang, Kautz & Hatamizadeh, arXiv 2412.06464): a recurrent layer beside Mamba-2.

Layout and defaults follow fla-org/flash-linear-attention ``fla/layers/gated_deltanet.py`` (``GatedDeltaNet``)
and ``GatedDeltaNetConfig``: ``head_dim`` 256 (d_k), ``expand_v`` 2 (d_v = 2 d_k), ``conv_size`` 4, output gate on,
and ``num_heads x head_dim = 0.75 x hidden_size`` (the layer's docstring; 6 heads of 256 at hidden 2048).
Per layer and sequence the decode cache holds the recurrent state (num_heads, d_k, d_v) -- kept in fp32 -- and
the three short-convolution states of q, k (key_dim each) and v (value_dim), ``conv_size`` steps each.

One decode step per head, as the fused recurrent kernel computes it (S is d_k x d_v):
  S <- exp(g) S          decay                    1 d_k d_v
  u  = k^T S             read the old value        2 d_k d_v
  S <- S + k (b (v - u))^T   rank-1 delta update   2 d_k d_v
  o  = q^T S             readout                   2 d_k d_v
= 7 d_k d_v FLOPs per head, independent of the context (Mamba-2: 5). Decode reads and writes the whole state.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Message, msg
from ..spec import ModelSpec
from .base import Scheme, SchemeError, heads_per_gpu
from .recurrent import SSD_CHUNK


@dataclass(frozen=True)
class GatedDeltaNet(Scheme):
    """Gated DeltaNet: a recurrent delta-rule state per head instead of a KV cache."""

    key = "gated_deltanet"
    label = "Gated DeltaNet"
    citation = ("Yang, Kautz & Hatamizadeh, Gated Delta Networks: Improving Mamba2 with Delta Rule, arXiv 2412.06464 "
                "(ICLR 2025); state (heads, d_k, d_v); fla GatedDeltaNet defaults head_dim 256, expand_v 2, "
                "conv_size 4, num_heads x head_dim = 0.75 x hidden_size")
    training = msg("train.linear")
    effort = msg("effort.pretrain")
    family = "recurrent"
    needs_pretraining = True
    windowed = False
    head_dim: int = 256  # d_k
    num_heads: int | None = None  # None: 0.75 x d_model / head_dim (fla's sizing rule)
    expand_v: int = 2  # d_v = expand_v x d_k
    conv_size: int = 4

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("head_dim", "num_heads", "expand_v", "conv_size"):
            v = getattr(self, name)
            if v is None and name == "num_heads":
                continue
            if not (isinstance(v, int) and 1 <= v <= 65536):
                raise SchemeError(msg("sch.int_range", scheme=self.key, name=name, lo=1, hi=65536, value=v))

    def n_heads(self, spec: ModelSpec) -> int:
        return self.num_heads or max(1, 3 * spec.d_model // (4 * self.head_dim))

    @property
    def d_v(self) -> int:
        return self.expand_v * self.head_dim

    def describe(self, spec: ModelSpec | None = None) -> Message:
        heads = self.n_heads(spec) if spec is not None else self.num_heads or msg("sch.val.auto")
        return msg("sch.deltanet", heads=heads, d_k=self.head_dim, d_v=self.d_v)

    def reason_not_applicable(self, spec: ModelSpec) -> str | None:
        if spec.arch == "encoder-decoder":
            return msg("why.recurrent_encdec")
        return None

    def check_tp(self, spec: ModelSpec, tp: int) -> None:
        """The DeltaNet heads replace the attention heads; they must divide by ``tp`` (vLLM's gated DeltaNet layer
        splits them as attention heads)."""
        heads_per_gpu(self.n_heads(spec), tp)

    def cache_rows(self, spec: ModelSpec, tp: int = 1) -> tuple[int, ...]:
        return ()

    def conv_elems(self, spec: ModelSpec, tp: int = 1) -> int:
        """q, k and v short-convolution states: (2 key_dim + value_dim) x conv_size, split with the heads."""
        h = heads_per_gpu(self.n_heads(spec), tp)
        return h * (2 * self.head_dim + self.d_v) * self.conv_size

    def state_elems(self, spec: ModelSpec, ctx, tp: int = 1):
        h = heads_per_gpu(self.n_heads(spec), tp)
        return h * self.head_dim * self.d_v + self.conv_elems(spec, tp) + 0 * ctx

    def ctx_flops_coef(self, spec: ModelSpec, tp: int = 1) -> int:
        return 0

    def step_flops(self, spec: ModelSpec, ctx, tp: int = 1):
        """7 d_k d_v per head (module docstring), independent of the context."""
        return 7 * heads_per_gpu(self.n_heads(spec), tp) * self.head_dim * self.d_v + 0 * ctx

    def decode_flops(self, spec: ModelSpec, ctx, tp: int = 1):
        return self.step_flops(spec, ctx, tp)

    def prefill_flops(self, spec: ModelSpec, n_tokens, ctx_sum, tp: int = 1):
        """Chunked form: the recurrent work per token plus, inside each chunk of SSD_CHUNK tokens, Q K^T and K K^T
        (2 C d_k each) and the masked product with V (2 C d_v) per head."""
        h = heads_per_gpu(self.n_heads(spec), tp)
        intra = 2 * h * SSD_CHUNK * (2 * self.head_dim + self.d_v)
        return n_tokens * (self.step_flops(spec, n_tokens, tp) + intra)

    def attn_params(self, spec: ModelSpec) -> int:
        """q, k (d x key_dim), v, g (d x value_dim), a, b (d x heads), o (value_dim x d), the three depthwise
        convolutions (no bias), A_log and dt_bias (heads) and the gated RMSNorm weight (d_v)."""
        d, h = spec.d_model, self.n_heads(spec)
        key_dim, value_dim = h * self.head_dim, h * self.d_v
        return (d * (2 * key_dim + 2 * value_dim + 2 * h) + value_dim * d
                + (2 * key_dim + value_dim) * self.conv_size + 2 * h + self.d_v)
