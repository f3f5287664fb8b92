"""Multi-head latent attention (DeepSeek-V2/V3) and TransMLA (GQA/MHA -> MLA conversion).

Execution options follow DeepSeek-V3 ``inference/model.py``: ``absorbed`` caches the normalized
latent c_KV (d_c) plus the shared RoPE key (d_R) and runs attention in latent space (FlashMLA);
``naive`` caches decompressed per-head K and V; ``latent`` caches the latent but re-expands it every
step. Under tensor parallelism the latent is needed by every head, so it is replicated on every GPU.

TransMLA comes two ways. The compressed conversion (``absorbed``, the converter's default 512 + 64) shrinks
the cache and loses accuracy until it is fine-tuned. The equal-cache conversion (``equal``, the v1 paper's
form) keeps the GQA cache as it is -- the cached latents are the original K and V projections, 2 n_kv d_h
elements -- and adds up-projections W_UK, W_UV (n_kv d_h -> n_h d_h each) that start as GQA's head repeat
(exact at conversion) and are then fine-tuned for accuracy.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Message, msg
from ..spec import ModelSpec, mla_attn_params
from .base import Scheme, SchemeError, heads_per_gpu

MAX_RANK = 1_000_000  # latent ranks and head dims: the range of hidden sizes in costmodel/bounds.py


@dataclass(frozen=True)
class MLADims:
    """The latent, RoPE and head dimensions of an MLA layer."""

    d_c: int  # kv_lora_rank
    d_r: int  # decoupled RoPE key dim (shared by all heads)
    d_n: int  # per-head no-RoPE q/k dim
    d_v: int
    d_cq: int  # q_lora_rank (0 = no query compression)


def _latent_coefs(n_h: int, d: MLADims, option: str) -> int:
    if option == "absorbed":
        return 2 * n_h * (2 * d.d_c + d.d_r)  # scores over [c; k_R] + values in latent space
    naive = 2 * n_h * (d.d_n + d.d_r + d.d_v)
    if option == "latent":
        return 2 * d.d_c * n_h * (d.d_n + d.d_v) + naive  # re-expand every cached token, then attend
    return naive


@dataclass(frozen=True)
class MLA(Scheme):
    """Multi-head latent attention: cache the compressed latent (+ shared RoPE key) per token."""

    key = "mla"
    label = "MLA"
    citation = ("DeepSeek-AI, DeepSeek-V2 (arXiv 2405.04434) §2.1, Table 1: cache (d_c + d_h^R)·l; "
                "DeepSeek-V3 inference/model.py")
    training = msg("train.mla")
    effort = msg("effort.pretrain")
    options_exact = True
    family = "latent"
    exact = False
    options = ("absorbed", "naive", "latent")
    replicated_options = ("absorbed", "latent")
    alternative_rank = 1
    needs_pretraining = True
    headline = ("gqa", "headline.mla")
    option: str = "absorbed"
    kv_lora_rank: int | None = None  # None: the model's own, else 4*d_h (DeepSeek-V2's choice)
    rope_dim: int | None = None  # None: the model's own, else d_h/2

    def __post_init__(self) -> None:
        super().__post_init__()
        for name, lo in (("kv_lora_rank", 1), ("rope_dim", 0)):  # a rank of 0 used to fall back silently to 512
            v = getattr(self, name)
            if v is not None and not (isinstance(v, int) and not isinstance(v, bool) and lo <= v <= MAX_RANK):
                raise SchemeError(msg("sch.int_range", scheme="mla", name=name, lo=lo, hi=MAX_RANK, value=v))

    def dims(self, spec: ModelSpec) -> MLADims:
        if spec.is_mla:
            return MLADims(spec.kv_lora_rank if self.kv_lora_rank is None else self.kv_lora_rank,
                           spec.qk_rope_head_dim if self.rope_dim is None else self.rope_dim,
                           spec.qk_nope_head_dim, spec.v_head_dim, spec.q_lora_rank)
        return MLADims(4 * spec.head_dim if self.kv_lora_rank is None else self.kv_lora_rank,
                       spec.head_dim // 2 if self.rope_dim is None else self.rope_dim,
                       spec.head_dim, spec.v_head_dim, 0)

    def reason_not_applicable(self, spec: ModelSpec) -> str | None:
        if spec.arch == "encoder-decoder":
            return msg("why.mla_encdec")
        d = self.dims(spec)
        if d.d_c < 1:
            return msg("why.mla_rank")
        if d.d_r > spec.head_dim:  # the decoupled RoPE key is part of a head's query/key width
            return msg("why.mla_rope_dim", rope_dim=d.d_r, head_dim=spec.head_dim)
        full = spec.n_heads * (d.d_n + d.d_r + d.d_v)
        if d.d_c > full:
            return msg("why.mla_rank_big", rank=d.d_c, full=full)
        return None

    def cache_rows(self, spec: ModelSpec, tp: int = 1) -> tuple[int, ...]:
        d = self.dims(spec)
        if self.option == "naive":
            h = heads_per_gpu(spec.n_heads, tp)
            return (h * (d.d_n + d.d_r), h * d.d_v)
        return (d.d_c, d.d_r)  # kv_cache + pe_cache (model.py), replicated on every tensor-parallel rank

    def ctx_flops_coef(self, spec: ModelSpec, tp: int = 1) -> int:
        return _latent_coefs(heads_per_gpu(spec.n_heads, tp), self.dims(spec), self.option)

    def prefill_coef(self, spec: ModelSpec, tp: int = 1) -> int:
        return _latent_coefs(heads_per_gpu(spec.n_heads, tp), self.dims(spec), "naive")

    def attn_params(self, spec: ModelSpec) -> int:
        d = self.dims(spec)
        return mla_attn_params(spec.d_model, spec.n_heads, d.d_c, d.d_cq, d.d_n, d.d_r, d.d_v)

    def describe(self, spec: ModelSpec | None = None) -> Message:
        if spec is None:
            return msg(f"sch.mla.{self.option}")
        d = self.dims(spec)
        return msg(f"sch.mla.{self.option}.dims", d_c=d.d_c, d_r=d.d_r)


@dataclass(frozen=True)
class TransMLA(Scheme):
    """TransMLA: a GQA/MHA model converted to MLA (compressed or equal-cache)."""

    key = "transmla"
    label = "TransMLA"
    citation = ("Meng et al., TransMLA: Multi-Head Latent Attention Is All You Need, arXiv 2502.07864; "
                "converter defaults kv_lora_rank 512, qk_mqa_dim 64 (github.com/fxmeng/TransMLA)")
    training = msg("train.transmla")
    effort = msg("effort.convert")
    family = "latent"
    options = ("absorbed", "hf-naive", "equal")
    replicated_options = ("absorbed", "equal")
    alternative_rank = 2
    headline = ("mha", "headline.transmla")
    option: str = "absorbed"
    kv_lora_rank: int = 512
    qk_mqa_dim: int = 64

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("kv_lora_rank", "qk_mqa_dim"):
            v = getattr(self, name)
            if not (isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_RANK):
                raise SchemeError(msg("sch.int_range", scheme="transmla", name=name, lo=1, hi=MAX_RANK, value=v))
        if self.option == "equal" and (self.kv_lora_rank, self.qk_mqa_dim) != (512, 64):
            raise SchemeError(msg("sch.tmla_equal_ranks"))

    @property
    def requirement(self) -> str:
        """The conversion's cost and quality caveat: compressed (loses accuracy until fine-tuned) or equal-cache."""
        return msg("train.transmla_equal") if self.option == "equal" else self.training

    def dims(self, spec: ModelSpec) -> MLADims:
        if self.option == "equal":  # K latent = the original K projection (RoPE'd with it), no separate RoPE key
            return MLADims(spec.n_kv_heads * spec.head_dim, 0, spec.head_dim, spec.v_head_dim, 0)
        return MLADims(self.kv_lora_rank, self.qk_mqa_dim, spec.head_dim, spec.v_head_dim, 0)

    def reason_not_applicable(self, spec: ModelSpec) -> str | None:
        if spec.is_mla:
            return msg("why.tmla_is_mla")
        if spec.arch == "encoder-decoder":
            return msg("why.tmla_encdec")
        if self.option == "equal":
            return msg("why.tmla_equal_mha") if spec.n_kv_heads >= spec.n_heads else None
        if self.qk_mqa_dim > spec.head_dim:
            return msg("why.tmla_mqa_dim", dim=self.qk_mqa_dim, head_dim=spec.head_dim)
        orig = spec.n_kv_heads * (spec.head_dim + spec.v_head_dim)
        new = self.kv_lora_rank + self.qk_mqa_dim
        if self.option == "absorbed" and new >= orig:
            return msg("why.tmla_not_smaller", new=new, orig=orig)
        return None

    def cache_rows(self, spec: ModelSpec, tp: int = 1) -> tuple[int, ...]:
        if self.option == "hf-naive":  # transformers/mla.py stores decompressed K (d_h + mqa) and V per head
            h = heads_per_gpu(spec.n_heads, tp)
            return (h * (spec.head_dim + self.qk_mqa_dim), h * spec.v_head_dim)
        if self.option == "equal":  # the original K and V rows, held whole by every rank (all heads read them)
            return (spec.n_kv_heads * spec.head_dim, spec.n_kv_heads * spec.v_head_dim)
        return (self.kv_lora_rank, self.qk_mqa_dim)

    def ctx_flops_coef(self, spec: ModelSpec, tp: int = 1) -> int:
        h = heads_per_gpu(spec.n_heads, tp)
        if self.option == "equal":
            # absorbed: scores against the n_kv d_h K latent, values in the n_kv d_v V latent, per query head
            # (assumes absorption as in the v2+ code; re-expanding the latent every step would cost far more)
            return 2 * h * spec.n_kv_heads * (spec.head_dim + spec.v_head_dim)
        return _latent_coefs(h, self.dims(spec), "absorbed" if self.option == "absorbed" else "naive")

    def prefill_coef(self, spec: ModelSpec, tp: int = 1) -> int:
        return _latent_coefs(heads_per_gpu(spec.n_heads, tp), self.dims(spec), "naive")

    def attn_params(self, spec: ModelSpec) -> int:
        if self.option == "equal":  # the model's own Q, K, V, O plus W_UK and W_UV (n_kv d -> n_h d each)
            g, h, dk, dv = spec.n_kv_heads, spec.n_heads, spec.head_dim, spec.v_head_dim
            return spec.native_attn_params() + g * dk * h * dk + g * dv * h * dv
        d = self.dims(spec)
        return mla_attn_params(spec.d_model, spec.n_heads, d.d_c, d.d_cq, d.d_n, d.d_r, d.d_v)

    def describe(self, spec: ModelSpec | None = None) -> Message:
        if self.option == "equal":
            return msg("sch.transmla.equal")
        return super().describe(spec)
