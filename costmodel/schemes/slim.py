"""Slim attention (Graef & Wasielewski, arXiv 2503.05840): cache K only, V = K * W_KV.

Option 1 caches K for self- and cross-attention (2x smaller). Option 2 (Tables 5-6) caches the
layer input X instead of K when W_K is wide (e = h*d_k > d; 2r smaller, no RoPE) and keeps no
cross-attention cache at all: cross-attention runs against the encoder output E, kept once per
sequence. ``order`` is the decode compute order of eq. (7): ``optimized`` = (softmax*K)*W_KV,
``unoptimized`` = softmax*(K*W_KV). Because every head's V needs the whole K row, the K (or X) cache
is replicated on every tensor-parallel rank.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import msg
from ..spec import ModelSpec
from .base import Scheme, SchemeError, heads_per_gpu


@dataclass(frozen=True)
class SlimAttention(Scheme):
    """Slim attention: cache K only (V recomputed as K·W_KV), or the layer input X (option 2)."""

    key = "slim"
    label = "Slim attention"
    citation = "Graef & Wasielewski, Slim attention, arXiv 2503.05840 (2025), eqs. 6-7, Tables 2, 5, 6"
    training = msg("train.slim")
    effort = msg("effort.exact")
    family = "slim"
    exact = True
    options = ("1", "2")
    replicated_options = ("1", "2")
    alternative_rank = 5
    headline = ("mha", "headline.slim")
    option: str = "1"
    order: str = "optimized"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.order not in ("optimized", "unoptimized"):
            raise SchemeError(msg("sch.slim_order", value=self.order))

    def _e(self, spec: ModelSpec) -> int:
        return spec.n_heads * spec.head_dim

    def x_cache(self, spec: ModelSpec) -> bool:
        """Option 2 on a wide W_K caches X (d elements) instead of K (e elements)."""
        return self.option == "2" and self._e(spec) > spec.d_model

    def reason_not_applicable(self, spec: ModelSpec) -> str | None:
        d, e = spec.d_model, self._e(spec)
        if spec.is_mla:
            return msg("why.slim_mla")
        if spec.n_kv_heads != spec.n_heads:
            kv = spec.n_kv_heads * (spec.head_dim + spec.v_head_dim)
            return msg("why.slim_gqa", kv_heads=spec.n_kv_heads, kv=kv, ratio=kv / d, d=d)
        if e < d:
            return msg("why.slim_wk", d=d, e=e)
        if self.x_cache(spec) and spec.rope:
            return msg("why.slim_rope")
        return None

    def cache_rows(self, spec: ModelSpec, tp: int = 1) -> tuple[int, ...]:
        return (spec.d_model,) if self.x_cache(spec) else (self._e(spec),)

    def cross_rows(self, spec: ModelSpec, tp: int = 1) -> tuple[int, ...]:
        if spec.arch != "encoder-decoder" or self.option == "2":
            return ()
        return (self._e(spec),)

    def shared_rows(self, spec: ModelSpec, tp: int = 1) -> tuple[int, int]:
        if spec.arch == "encoder-decoder" and self.option == "2":
            return (spec.encoder_seq_len, spec.d_model)
        return (0, 0)

    def _k_coef(self, spec: ModelSpec, tp: int) -> int:
        h, e = heads_per_gpu(spec.n_heads, tp), self._e(spec)
        if self.order == "unoptimized":  # V = K W_KV for this GPU's heads, then standard attention
            return 2 * e * h * spec.v_head_dim + 2 * h * (spec.head_dim + spec.v_head_dim)
        return 2 * h * (spec.head_dim + e)  # Table 2: 2nd(h+1) for square W_K, one GPU

    def _x_coef(self, spec: ModelSpec, tp: int) -> int:
        return 4 * heads_per_gpu(spec.n_heads, tp) * spec.d_model  # (q W_K^T) X^T and (p X) W_V per head

    def ctx_flops_coef(self, spec: ModelSpec, tp: int = 1) -> int:
        return self._x_coef(spec, tp) if self.x_cache(spec) else self._k_coef(spec, tp)

    def cross_decode_flops(self, spec: ModelSpec, tp: int = 1) -> int:
        if spec.arch != "encoder-decoder":
            return 0
        coef = self._x_coef(spec, tp) if self.option == "2" else self._k_coef(spec, tp)
        return coef * spec.encoder_seq_len

    def prefill_coef(self, spec: ModelSpec, tp: int = 1) -> int:
        return 2 * heads_per_gpu(spec.n_heads, tp) * (spec.head_dim + spec.v_head_dim)

    def _wkv_delta(self, spec: ModelSpec) -> int:
        e, ev = self._e(spec), spec.n_heads * spec.v_head_dim
        return e * ev - spec.d_model * ev  # W_V (d x e_v) becomes W_KV (e x e_v)

    def attn_params(self, spec: ModelSpec) -> int:
        return spec.native_attn_params() + (0 if self.x_cache(spec) else self._wkv_delta(spec))

    def extra_param_delta(self, spec: ModelSpec) -> int:
        if spec.arch != "encoder-decoder" or self.option == "2":
            return 0
        return spec.n_layers * self._wkv_delta(spec)

    def decode_skipped_params(self, spec: ModelSpec) -> int:
        if spec.arch != "encoder-decoder":
            return 0
        cross_wk = spec.n_layers * spec.d_model * self._e(spec)
        return spec.encoder_params() + (cross_wk if self.option == "1" else 0)
