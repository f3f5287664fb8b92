"""The claim record (``Claim`` -> ``ClaimResult``) and the helpers claims are computed with: cache bytes and
elements per token, attention MACs, and the papers' ad-hoc model shapes. ``claims`` (the papers' figures and the
"does it fit?" check) and ``claims_articles`` (the source articles' statements) build on it.

A claim is checked within a tolerance (``check="approx"``) or as a bound ("runs on a 16 GB card": the need is
``at_most`` the capacity); ``assumptions`` states what the computed figure assumes (weight format, context, batch).
Accuracy figures cannot be checked by a cost model: such a claim has no ``compute``; its result is "cited"
(``computed`` and ``ok`` None, JSON null), listed with its source. Pure Python (no torch).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Callable, Literal

from .dtypes import STATE_FORMATS, StorageFormat, custom_bits, kv_format
from .i18n import Message, msg
from .memory import CacheLayout
from .presets import get_model
from .schemes import parse_scheme, resolve
from .spec import ModelSpec

FP32 = STATE_FORMATS["fp32"]
ELEM = custom_bits(8)  # one byte per element: bytes == elements (DeepSeek's precision-free convention)

DSV2 = "DeepSeek-AI, DeepSeek-V2 (arXiv 2405.04434)"
DSV3_ISCA = "DeepSeek-AI, Insights into DeepSeek-V3 (ISCA 2025, arXiv 2505.09343) Table 1"
TMLA = "Meng et al., TransMLA (arXiv 2502.07864)"
TPA = "Zhang et al., Tensor Product Attention (arXiv 2501.06425)"
SLIM = "Graef & Wasielewski, Slim attention (arXiv 2503.05840)"
LLA = "Guo et al., Log-Linear Attention (arXiv 2506.04761); HanGuo97/log-linear-attention"
GROQ_SC23 = ("Groq, SC23 Exhibitor Forum 'Strong Scaling of State-of-the-Art LLM Inference with Groq "
             "Software-Scheduled "
             "Deterministic Networks' (2023-11-14): 'Llama-2 70B, scaled to over 500 GroqChip'")
GROQ_TPU_2024 = ("TechPowerUp news on the Groq LPU (2024-02-20): Llama-2-70B at 300 tokens/s per user, 4,096-token "
                 "context")


Check = Literal["approx", "at_most", "at_least"]
Kind = Literal["checked", "cited"]


@dataclass(frozen=True)
class ClaimResult:
    """One published claim recomputed: the quoted and computed figures and whether they agree.

    ``kind`` "cited": an accuracy figure a cost model cannot check (``computed``, ``rel_diff`` and ``ok`` None)."""

    id: str
    source: str
    statement: str  # a Message
    quoted: float | None
    computed: float | None
    unit: str
    rel_tol: float
    rel_diff: float | None
    ok: bool | None
    explanation: str  # a Message
    kind: Kind = "checked"
    check: Check = "approx"  # approx: within rel_tol; at_most / at_least: computed <= / >= quoted
    assumptions: str = ""  # a Message: what the computed figure assumes ('' where the statement says it all)

    def to_dict(self) -> dict:
        """The JSON row (keys as the field names; ``ok`` null for a cited row)."""
        return asdict(self)


@dataclass(frozen=True)
class Claim:
    """A figure quoted by a paper and the costmodel computation of the same quantity (``compute`` None: a cited
    accuracy figure, not checkable by a cost model)."""

    id: str
    source: str
    statement: str  # a Message (English value; tr() renders it in Japanese)
    quoted: float | None
    unit: str
    compute: Callable[[], float] | None
    rel_tol: float = 0.0
    explanation: str = ""  # a Message
    check: Check = "approx"
    assumptions: str = ""  # a Message

    def evaluate(self) -> ClaimResult:
        if self.compute is None:
            return ClaimResult(self.id, self.source, self.statement, self.quoted, None, self.unit, self.rel_tol, None,
                               None, self.explanation, "cited", self.check, self.assumptions)
        computed = float(self.compute())
        quoted = float(self.quoted if self.quoted is not None else 0.0)
        diff = abs(computed - quoted)
        slack = 1e-9 * max(1.0, abs(quoted))
        if self.check == "at_most":
            ok = computed <= quoted * (1 + self.rel_tol) + slack
        elif self.check == "at_least":
            ok = computed >= quoted * (1 - self.rel_tol) - slack
        else:
            ok = diff <= self.rel_tol * abs(quoted) + slack
        return ClaimResult(self.id, self.source, self.statement, self.quoted, computed, self.unit, self.rel_tol,
                           diff / abs(quoted) if quoted else diff, bool(ok), self.explanation, "checked", self.check,
                           self.assumptions)


# ------------------------------------------------------------------ helpers
def _spec(model: str | ModelSpec) -> ModelSpec:
    return model if isinstance(model, ModelSpec) else get_model(model)


def _layout(model, scheme=None, kv: str | StorageFormat = "bf16") -> CacheLayout:
    spec = _spec(model)
    sch = resolve(spec, scheme)
    return CacheLayout.build(spec, sch, kv_format(kv), FP32)


def token_bytes(model, scheme=None, kv: str | StorageFormat = "bf16") -> int:
    """Bytes one token adds to one sequence, all layers."""
    return _layout(model, scheme, kv).token_bytes


def seq_bytes(model, scheme=None, kv: str | StorageFormat = "bf16", ctx: int = 1) -> int:
    """Cache bytes one sequence holds at ``ctx`` tokens (all layers), with ``kv`` storage."""
    return int(_layout(model, scheme, kv).seq_bytes(ctx))


def elems_per_layer(model, scheme=None) -> int:
    """Cached elements per token per layer (self-attention rows)."""
    spec = _spec(model)
    sch = resolve(spec, scheme)
    return sum(sch.cache_rows(spec))


def attn_macs_per_token(model, scheme) -> float:
    """Context-dependent multiply-adds per cached token (decode), = ctx_flops_coef / 2."""
    spec = _spec(model)
    return parse_scheme(scheme).ctx_flops_coef(spec) / 2


_LLAMA = {"model_type": "llama", "vocab_size": 32000}
ADHOC_CONFIGS: dict[str, dict] = {  # shapes quoted by the papers that are not presets (Hugging Face field names)
    "codellama-7b": {**_LLAMA, "num_hidden_layers": 32, "hidden_size": 4096, "num_attention_heads": 32,
                     "intermediate_size": 11008},
    "evo-1-131k": {**_LLAMA, "num_hidden_layers": 32, "hidden_size": 4096, "num_attention_heads": 32,
                   "intermediate_size": 11008},
    "gpt2-xl": {"n_embd": 1600, "n_layer": 48, "n_head": 25, "vocab_size": 50257, "n_positions": 1024},
    "whisper-tiny": {"model_type": "whisper", "d_model": 384, "decoder_attention_heads": 6, "decoder_layers": 4,
                     "encoder_layers": 4, "decoder_ffn_dim": 1536, "encoder_ffn_dim": 1536, "vocab_size": 51865,
                     "max_source_positions": 1500, "max_target_positions": 448},
    "flan-t5-xxl": {"model_type": "t5", "d_model": 4096, "d_kv": 64, "num_heads": 64, "num_layers": 24,
                    "d_ff": 10240, "vocab_size": 32128, "feed_forward_proj": "gated-gelu", "n_positions": 512},
    # DeepSeek-V2 Table 9 "small MoE w/ MHA": the V2-Lite shape with 16 MHA heads of 128
    "dsv2-small-mha": {**_LLAMA, "num_hidden_layers": 27, "hidden_size": 2048, "num_attention_heads": 16,
                       "head_dim": 128, "intermediate_size": 10944, "vocab_size": 102400},
    # TPA App. A.4 worked examples (d_model, H, d_h)
    "tpa-2048": {**_LLAMA, "num_hidden_layers": 1, "hidden_size": 2048, "num_attention_heads": 32},
    "tpa-4096": {**_LLAMA, "num_hidden_layers": 1, "hidden_size": 4096, "num_attention_heads": 32},
    "tpa-7168": {**_LLAMA, "num_hidden_layers": 1, "hidden_size": 7168, "num_attention_heads": 64,
                 "head_dim": 128},  # H x d_h != d_model: head_dim given
    "tpa-2048-mla": {"num_hidden_layers": 1, "hidden_size": 2048,  # MLA by field names (no MoE defaults)
                     "num_attention_heads": 32, "kv_lora_rank": 256, "q_lora_rank": 768, "qk_rope_head_dim": 32,
                     "qk_nope_head_dim": 64, "v_head_dim": 64, "intermediate_size": 8192, "vocab_size": 32000},
    # log-linear attention configs/flame hattention_mid (Mamba-2 layout, fla defaults)
    "hattention-mid": {**_LLAMA, "num_hidden_layers": 21, "hidden_size": 1536, "num_attention_heads": 16,
                       "intermediate_size": 4096, "max_position_embeddings": 16384},
}


@lru_cache(maxsize=None)
def _adhoc(name: str) -> ModelSpec:
    """The spec of ``ADHOC_CONFIGS[name]``: from the committed parse (costmodel/preset_specs.json) when it holds this
    exact config, else parsed through transformers' config classes (an import of ~2-5 s)."""
    from .hfconfig import spec_from_config
    from .preset_cache import cached_adhoc

    cfg = ADHOC_CONFIGS[name]
    return cached_adhoc(name, cfg) or spec_from_config(cfg, name=name)


def _reduction_pct(new: float, old: float) -> float:
    return 100.0 * (1.0 - new / old)


# ------------------------------------------------------------------ the claims
def C(cid: str, source: str, quoted: float | None, unit: str, compute: Callable[[], float] | None,
      rel_tol: float = 0.0, *, statement: Message | None = None, explanation: Message | None = None,
      check: Check = "approx", assumptions: Message | str = "") -> Claim:
    """A claim whose statement and explanation are the messages ``claim.<id>`` and ``claim.<id>.why``
    (costmodel/messages/<lang>/claims.py) unless given; ``compute`` None: a cited figure."""
    return Claim(cid, source, statement or msg(f"claim.{cid}"), quoted, unit, compute, rel_tol,
                 explanation or msg(f"claim.{cid}.why"), check, assumptions)
