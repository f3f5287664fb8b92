"""Softmax attention with per-head K/V caches: MHA, GQA, MQA."""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Message, msg
from ..spec import ModelSpec, std_attn_params
from .base import Scheme, SchemeError, heads_per_gpu, kv_heads_per_gpu


@dataclass(frozen=True)
class GQA(Scheme):
    """Grouped-query attention: ``groups`` K/V heads shared by n_heads query heads."""

    key = "gqa"
    label = "GQA"
    citation = "Ainslie et al., GQA, arXiv 2305.13245 (2023); cache 2·n_g·d_h·l per DeepSeek-V2 Table 1"
    training = msg("train.gqa")
    effort = msg("effort.uptrain")
    family = "kv_heads"
    alternative_rank = 3
    groups: int | None = None  # None: the model's own KV heads (8 when the model is MHA/MLA)

    def __post_init__(self) -> None:
        super().__post_init__()
        g = self.groups
        if g is not None and not (isinstance(g, int) and not isinstance(g, bool) and 1 <= g <= 1_000_000):
            raise SchemeError(msg("sch.int_range", scheme=self.key, name="groups", lo=1, hi=1_000_000, value=g))

    def n_kv(self, spec: ModelSpec) -> int:
        if self.groups is not None:
            return self.groups
        if 1 < spec.n_kv_heads < spec.n_heads and not spec.is_mla:
            return spec.n_kv_heads
        return max(g for g in range(1, min(8, spec.n_heads) + 1) if spec.n_heads % g == 0)

    def reason_not_applicable(self, spec: ModelSpec) -> str | None:
        g = self.n_kv(spec)
        if g > spec.n_heads or spec.n_heads % g:
            return msg("why.gqa_divide", g=g, n=spec.n_heads)
        return None

    def cache_rows(self, spec: ModelSpec, tp: int = 1) -> tuple[int, ...]:
        g = kv_heads_per_gpu(self.n_kv(spec), tp)
        return (g * spec.head_dim, g * spec.v_head_dim)

    def ctx_flops_coef(self, spec: ModelSpec, tp: int = 1) -> int:
        return 2 * heads_per_gpu(spec.n_heads, tp) * (spec.head_dim + spec.v_head_dim)

    def cross_kv_heads(self, spec: ModelSpec) -> int:
        return self.n_kv(spec)

    def attn_params(self, spec: ModelSpec) -> int:
        return std_attn_params(spec.d_model, spec.n_heads, self.n_kv(spec), spec.head_dim, spec.v_head_dim,
                               spec.qkv_bias, spec.out_bias)

    def describe(self, spec: ModelSpec | None = None) -> Message:
        if spec is None:
            return msg("sch.gqa", n=self.groups) if self.groups else self.name
        return msg("sch.gqa", n=self.n_kv(spec))


@dataclass(frozen=True)
class MHA(GQA):
    """Multi-head attention: one K/V head per query head."""

    key = "mha"
    label = "MHA"
    citation = "Vaswani et al., Attention Is All You Need (2017); cache 2·n_h·d_h·l per DeepSeek-V2 Table 1"
    training = msg("train.mha")
    effort = msg("effort.none")
    alternative_rank = None

    def __post_init__(self) -> None:
        GQA.__post_init__(self)
        if self.groups is not None:
            raise SchemeError(msg("sch.no_groups", scheme=self.key))

    def n_kv(self, spec: ModelSpec) -> int:
        return spec.n_heads

    def describe(self, spec: ModelSpec | None = None) -> Message:
        return self.name

    def token(self) -> str:
        return self.key


@dataclass(frozen=True)
class MQA(GQA):
    """Multi-query attention: one K/V head shared by all query heads."""

    key = "mqa"
    label = "MQA"
    citation = "Shazeer, Fast Transformer Decoding: One Write-Head is All You Need, arXiv 1911.02150 (2019)"
    training = msg("train.mqa")
    effort = msg("effort.uptrain")
    alternative_rank = 4

    __post_init__ = MHA.__post_init__  # no groups parameter

    def n_kv(self, spec: ModelSpec) -> int:
        return 1

    def describe(self, spec: ModelSpec | None = None) -> Message:
        return self.name

    def token(self) -> str:
        return self.key
