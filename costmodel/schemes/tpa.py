"""Tensor Product Attention (TPA / T6): K and V as rank-R sums of head-factor x dim-factor products."""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import msg
from ..spec import ModelSpec
from .base import Scheme, SchemeError, heads_per_gpu


@dataclass(frozen=True)
class TPA(Scheme):
    """Caches A_K (R_K x h), B_K (R_K x d_h), A_V (R_V x h), B_V (R_V x d_h) per token: (R_K+R_V)(h+d_h).

    ``factor``: FlashTPA contracts the factors directly (TPA App. A.3-A.4);
    ``materialized``: rebuilds K and V from the factors, then standard attention (App. A.2).
    Under tensor parallelism the head factors A split with the heads; the B factors are replicated.
    """

    key = "tpa"
    label = "TPA"
    citation = "Zhang et al., Tensor Product Attention Is All You Need, arXiv 2501.06425 (NeurIPS 2025), §3.3, Table 1"
    training = msg("train.tpa")
    effort = msg("effort.pretrain")
    family = "factorized"
    options = ("factor", "materialized")
    needs_pretraining = True
    headline = ("mha", "headline.tpa")
    option: str = "factor"
    r_q: int = 6  # the paper's pre-training setting: R_Q = 6, R_K = R_V = 2
    r_k: int = 2
    r_v: int = 2

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("r_q", "r_k", "r_v"):
            v = getattr(self, name)
            if not (isinstance(v, int) and 1 <= v <= 4096):
                raise SchemeError(msg("sch.int_range", scheme="tpa", name=name, lo=1, hi=4096, value=v))

    def reason_not_applicable(self, spec: ModelSpec) -> str | None:
        if spec.arch == "encoder-decoder":
            return msg("why.tpa_encdec")
        return None

    def cache_rows(self, spec: ModelSpec, tp: int = 1) -> tuple[int, ...]:
        h = heads_per_gpu(spec.n_heads, tp)
        return (self.r_k * h, self.r_k * spec.head_dim, self.r_v * h, self.r_v * spec.v_head_dim)

    def ctx_flops_coef(self, spec: ModelSpec, tp: int = 1) -> int:
        h, dk, dv = heads_per_gpu(spec.n_heads, tp), spec.head_dim, spec.v_head_dim
        if self.option == "materialized":
            return 2 * h * (dk * self.r_k + dv * self.r_v) + 2 * h * (dk + dv)
        # App. A.4: Theta(M (R_Q R_K D + H R_Q R_K + H R_V E)) MACs; the B_Q.B_K term is head-shared
        return 2 * (self.r_q * self.r_k * dk + h * self.r_q * self.r_k + h * self.r_v * dv)

    def prefill_flops(self, spec: ModelSpec, n_tokens, ctx_sum, tp: int = 1):
        h, dk, dv = heads_per_gpu(spec.n_heads, tp), spec.head_dim, spec.v_head_dim
        return 2 * h * (dk + dv) * ctx_sum + 2 * h * (dk * self.r_k + dv * self.r_v) * n_tokens

    def attn_params(self, spec: ModelSpec) -> int:
        h, dk, dv, d = spec.n_heads, spec.head_dim, spec.v_head_dim, spec.d_model
        return d * (self.r_q * (h + dk) + self.r_k * (h + dk) + self.r_v * (h + dv)) + h * dv * d
