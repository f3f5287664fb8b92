"""ModelSpec: the shape of a transformer, as the cost model needs it, and its parameter count.

Built from a Hugging Face ``config.json`` (see ``hfconfig``) or a preset. Field names carry meaning,
not units: all sizes are element counts. Parameter formulas are exact for the standard layouts
(Llama/Qwen/Mistral/Gemma/DeepSeek/Whisper/T5/Falcon/GPT-NeoX/gpt-oss) up to tiny terms (q/k norm vectors,
attention sinks, router biases), and every MoE expert is counted for memory. ``param_groups`` splits the
total by module group (embeddings, lm_head, attention, FFN, experts, ...) for checkpoint quantization.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .i18n import msg
from .quant import QuantSpec

Pos = Field(ge=1, le=10_000_000)
NonNeg = Field(default=0, ge=0, le=10_000_000)
MAX_POSITIONS = 1_000_000_000


@dataclass(frozen=True)
class ParamGroups:
    """Parameters by module group; ``total`` is what ``ModelSpec.total_params`` returns. Values may be floats
    or numpy arrays when they count parameters *read* (roofline)."""

    embeddings: int = 0  # input token embeddings (+ learned position tables)
    lm_head: int = 0  # output projection (0 when tied to the embeddings)
    attention: int = 0  # self- and cross-attention projections (biases included)
    dense_ffn: int = 0  # dense MLP layers
    routed_experts: int = 0  # every routed MoE expert
    shared_experts: int = 0  # always-on shared experts
    router: int = 0  # MoE routers
    norms: int = 0  # norm vectors
    encoder: int = 0  # encoder stack + front-end (encoder-decoder)
    other: int = 0  # decoder-only extras not covered above

    @cached_property
    def total(self):
        return sum([getattr(self, name) for name in PARAM_GROUPS])

    def items(self):
        return ((name, getattr(self, name)) for name in PARAM_GROUPS)


PARAM_GROUPS = tuple(f.name for f in fields(ParamGroups))


_HASHES: dict[int, tuple["ModelSpec", int]] = {}  # id -> (the spec, its hash); the spec is kept alive


class ModelSpec(BaseModel):
    """The shape of a transformer as the cost model needs it (element counts), and its parameter count."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    def __hash__(self) -> int:
        """Hash by value (equal specs hash alike, as pydantic's frozen models do), computed once per object: caches
        keyed by the spec (parameter groups, layouts) ask for it on every estimate."""
        hit = _HASHES.get(id(self))
        if hit is None or hit[0] is not self:
            if len(_HASHES) > 4096:
                _HASHES.clear()
            hit = _HASHES[id(self)] = (self, hash((type(self), *self.__dict__.values())))
        return hit[1]

    name: str = Field(min_length=1, max_length=200)
    source: str = ""
    arch: Literal["decoder", "encoder-decoder"] = "decoder"

    n_layers: int = Field(ge=1, le=100_000)  # decoder layers
    d_model: int = Pos
    n_heads: int = Pos
    n_kv_heads: int = Pos
    head_dim: int = Pos  # query/key head dim (MLA: qk_nope + qk_rope)
    v_head_dim: int = Pos
    d_ff: int = Pos  # dense FFN width
    ffn_gated: bool = True  # SwiGLU/GeGLU (3 matrices) vs plain MLP (2)
    vocab_size: int = Pos
    tied_embeddings: bool = False
    max_position: int | None = Field(default=None, ge=1, le=MAX_POSITIONS)
    qkv_bias: bool = False
    out_bias: bool = False
    mlp_bias: bool = False
    rope: bool = True
    norms_per_layer: int = Field(default=2, ge=0, le=8)  # norm vectors per layer (a LayerNorm with bias: 2)
    final_norm_vectors: int = Field(default=1, ge=0, le=4)  # final norm: 1 (RMSNorm), 2 (LayerNorm with bias)
    learned_positions: int = Field(default=0, ge=0, le=MAX_POSITIONS)  # rows of a learned position table (GPT-2)

    sliding_window: int | None = Field(default=None, ge=1, le=MAX_POSITIONS)
    n_sliding_layers: int = NonNeg
    attention_chunk: int | None = Field(default=None, ge=1, le=MAX_POSITIONS)  # chunked local attention (Llama 4)
    n_chunked_layers: int = NonNeg  # layers attending only within their chunk: cache capped at the chunk

    n_routed_experts: int = NonNeg
    experts_per_token: int = NonNeg
    moe_d_ff: int = NonNeg
    shared_d_ff: int = NonNeg  # total width of always-on shared experts
    n_moe_layers: int = NonNeg

    kv_lora_rank: int = NonNeg
    q_lora_rank: int = NonNeg
    qk_rope_head_dim: int = NonNeg

    n_encoder_layers: int = NonNeg
    encoder_seq_len: int = Field(default=0, ge=0, le=MAX_POSITIONS)  # encoder tokens per sequence (Whisper: 1500)
    encoder_d_ff: int = NonNeg
    extra_params: int = Field(default=0, ge=0, le=10**15)  # front-ends etc. not covered by the layer formulas
    # shape fields the config.json does not give, "name = value": its config class's defaults (estimate warns)
    defaulted: tuple[str, ...] = Field(default=(), max_length=8)

    quantization: QuantSpec | None = None  # the checkpoint's quantization_config, when it has one
    checkpoint_bits: Literal[16, 32] = 16  # dtype of the stored (unquantized) weights: torch_dtype

    @model_validator(mode="after")
    def _consistent(self) -> "ModelSpec":
        if self.kv_lora_rank == 0 and self.n_heads % self.n_kv_heads:
            raise ValueError(msg("spec.kv_heads", h=self.n_heads, kv=self.n_kv_heads))
        if self.n_sliding_layers + self.n_chunked_layers > self.n_layers:
            raise ValueError(msg("spec.sliding_count"))
        if self.n_chunked_layers and not self.attention_chunk:
            raise ValueError(msg("spec.chunk_size"))
        if self.n_sliding_layers and not self.sliding_window:
            raise ValueError(msg("spec.sliding_size"))
        if self.n_moe_layers > self.n_layers:
            raise ValueError(msg("spec.moe_count"))
        if self.n_moe_layers and not (self.n_routed_experts and self.experts_per_token and self.moe_d_ff):
            raise ValueError(msg("spec.moe_fields"))
        if self.experts_per_token > self.n_routed_experts:
            raise ValueError(msg("spec.moe_topk"))
        if self.kv_lora_rank and not (0 < self.qk_rope_head_dim < self.head_dim):
            raise ValueError(msg("spec.mla_rope"))
        if self.arch == "encoder-decoder" and not (self.n_encoder_layers and self.encoder_seq_len):
            raise ValueError(msg("spec.encoder"))
        return self

    # ---- shape facts ----
    @property
    def is_mla(self) -> bool:
        return self.kv_lora_rank > 0

    @property
    def native_attention(self) -> str:
        if self.is_mla:
            return "mla"
        if self.n_kv_heads == self.n_heads:
            return "mha"
        return "mqa" if self.n_kv_heads == 1 else "gqa"

    @property
    def qk_nope_head_dim(self) -> int:
        return self.head_dim - self.qk_rope_head_dim

    @property
    def n_full_layers(self) -> int:
        return self.n_layers - self.n_sliding_layers - self.n_chunked_layers

    @property
    def is_moe(self) -> bool:
        return self.n_moe_layers > 0

    # ---- parameters ----
    def ffn_params(self, width: int) -> int:
        mats = 3 if self.ffn_gated else 2
        bias = (width * (mats - 1) + self.d_model) if self.mlp_bias else 0
        return mats * self.d_model * width + bias

    def native_attn_params(self) -> int:
        """Self-attention parameters of one decoder layer, native layout."""
        if self.is_mla:
            return mla_attn_params(self.d_model, self.n_heads, self.kv_lora_rank, self.q_lora_rank,
                                   self.qk_nope_head_dim, self.qk_rope_head_dim, self.v_head_dim)
        return std_attn_params(self.d_model, self.n_heads, self.n_kv_heads, self.head_dim, self.v_head_dim,
                               self.qkv_bias, self.out_bias)

    def expert_params(self) -> int:
        """One routed expert."""
        return self.ffn_params(self.moe_d_ff) if self.is_moe else 0

    def ffn_block_params(self, active_only: bool = False) -> int:
        """FFN/MoE parameters summed over decoder layers (all experts unless ``active_only``)."""
        dense = (self.n_layers - self.n_moe_layers) * self.ffn_params(self.d_ff)
        if not self.is_moe:
            return dense
        n_exp = self.experts_per_token if active_only else self.n_routed_experts
        per_moe = (self.d_model * self.n_routed_experts + n_exp * self.expert_params()
                   + (self.ffn_params(self.shared_d_ff) if self.shared_d_ff else 0))
        return dense + self.n_moe_layers * per_moe

    def encoder_params(self) -> int:
        if self.arch != "encoder-decoder":
            return 0
        attn = std_attn_params(self.d_model, self.n_heads, self.n_heads, self.head_dim, self.v_head_dim,
                               self.qkv_bias, self.out_bias)
        ffn = self.ffn_params(self.encoder_d_ff or self.d_ff)
        layers = self.n_encoder_layers * (attn + ffn + self.norms_per_layer * self.d_model) + self.d_model
        return layers + self.extra_params  # front-end (Whisper convs, encoder positions) is encoder-side

    def cross_attn_params(self, n_kv: int | None = None) -> int:
        """Cross-attention parameters summed over decoder layers (0 for decoder-only); ``n_kv`` K/V heads
        (default: as many as query heads)."""
        if self.arch != "encoder-decoder":
            return 0
        return self.n_layers * std_attn_params(self.d_model, self.n_heads, n_kv or self.n_heads, self.head_dim,
                                               self.v_head_dim, self.qkv_bias, self.out_bias)

    def embedding_params(self) -> int:
        emb = self.vocab_size * self.d_model
        return emb + (0 if self.tied_embeddings else emb) + self.learned_positions * self.d_model

    def param_groups(self, attn_params_per_layer: int | None = None, cross_kv_heads: int | None = None) -> ParamGroups:
        """All parameters by module group (every MoE expert counted); arguments as for ``total_params``."""
        attn = self.native_attn_params() if attn_params_per_layer is None else attn_params_per_layer
        cross_norm = self.d_model if self.arch == "encoder-decoder" else 0
        emb = self.vocab_size * self.d_model
        n_moe, n_dense = self.n_moe_layers, self.n_layers - self.n_moe_layers
        return ParamGroups(
            embeddings=emb + self.learned_positions * self.d_model, lm_head=0 if self.tied_embeddings else emb,
            attention=self.n_layers * attn + self.cross_attn_params(cross_kv_heads),
            dense_ffn=n_dense * self.ffn_params(self.d_ff),
            routed_experts=n_moe * self.n_routed_experts * self.expert_params(),
            shared_experts=n_moe * self.ffn_params(self.shared_d_ff) if self.shared_d_ff and n_moe else 0,
            router=n_moe * self.d_model * self.n_routed_experts,
            norms=self.n_layers * (self.norms_per_layer * self.d_model + cross_norm)
            + self.final_norm_vectors * self.d_model,
            encoder=self.encoder_params(), other=self.extra_params if self.arch == "decoder" else 0)

    def total_params(self, attn_params_per_layer: int | None = None, cross_kv_heads: int | None = None) -> int:
        """All parameters (every MoE expert counted). ``attn_params_per_layer`` swaps the self-attention
        layout, ``cross_kv_heads`` the K/V heads of cross-attention (encoder-decoder)."""
        return self.param_groups(attn_params_per_layer, cross_kv_heads).total

    def active_params(self, total: int | None = None) -> int:
        """Parameters touched per token (MoE: routed top-k + shared), excluding the input embedding lookup
        and the encoder; ``total`` = the total under another attention scheme (default: native)."""
        inactive = self.ffn_block_params() - self.ffn_block_params(active_only=True)
        input_emb = self.vocab_size * self.d_model if not self.tied_embeddings else 0
        total = self.total_params() if total is None else total
        return total - inactive - input_emb - self.encoder_params()


def std_attn_params(d: int, n_h: int, n_kv: int, d_k: int, d_v: int, qkv_bias: bool = False,
                    out_bias: bool = False) -> int:
    """Q, K, V, O projections of MHA/GQA/MQA: d*(n_h*d_k + n_kv*d_k + n_kv*d_v) + n_h*d_v*d (+ biases)."""
    w = d * (n_h * d_k + n_kv * d_k + n_kv * d_v) + n_h * d_v * d
    b = (n_h * d_k + n_kv * d_k + n_kv * d_v if qkv_bias else 0) + (d if out_bias else 0)
    return w + b


def mla_attn_params(d: int, n_h: int, d_c: int, d_cq: int, d_n: int, d_r: int, d_v: int) -> int:
    """DeepSeek MLA (inference/model.py): optional q low-rank path, kv_a (latent + rope key), kv_b, o, norms."""
    q = (d * d_cq + d_cq + d_cq * n_h * (d_n + d_r)) if d_cq else d * n_h * (d_n + d_r)
    kv = d * (d_c + d_r) + d_c + d_c * n_h * (d_n + d_v)
    return q + kv + n_h * d_v * d
