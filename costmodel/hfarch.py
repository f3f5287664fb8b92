"""Config fields -> ModelSpec fields, per architecture, as each modeling file reads them.

``Fields`` reads either a ``transformers`` config object (defaults filled by the library, attribute aliases
such as T5's ``hidden_size`` -> ``d_model`` resolved) or a plain dict (configs that name no ``model_type``).
Family rules below cite the transformers 5.24.0 modeling file they follow
(``transformers/models/<family>/modeling_<family>.py``); a plain dict gets kvcost's field-name rules.
"""
from __future__ import annotations

import math
from typing import Any

from .bounds import ConfigError
from .i18n import msg
from .units import quote

ROPE_FREE_TYPES = {"gpt2", "gpt_bigcode", "opt", "bloom", "mpt", "whisper", "t5", "mt5", "umt5", "bart", "mbart"}
PLAIN_MLP_TYPES = {"gpt2", "gpt_bigcode", "gpt_neox", "gptj", "opt", "bloom", "falcon", "phi", "mpt", "starcoder2"}
# q/k/v (and o) projection biases, per modeling file: (q/k/v bias, o bias) from the config, or hard-wired.
QKV_ONLY_BIAS = {"glm", "glm4", "qwen2_moe"}  # modeling_glm*.py: o_proj bias=False; qwen2_moe: config.qkv_bias
QKV_TRUE_TYPES = {"qwen2", "qwen2_vl", "qwen2_5_vl", "qwen2_vl_text", "qwen2_5_vl_text"}  # modeling_qwen2.py
NO_ATTN_BIAS = {"mistral", "mixtral", "phi3", "phimoe", "ministral"}  # bias=False in their modeling files
# sliding_window on every layer when the config has no layer_types (modeling_mistral/mixtral/phi3/starcoder2.py)
ALL_LAYERS_WINDOWED = {"mistral", "mixtral", "phi3", "phimoe", "starcoder2", "qwen3_moe", "ministral"}
ATTENTION_TYPES = {"full_attention": "full", "sliding_attention": "sliding", "chunked_attention": "chunked"}


class Fields:
    """Uniform, checked access to config fields of a dict or a transformers config object."""

    def __init__(self, src: Any):
        self.src = src

    def raw(self, name: str, default: Any = None) -> Any:
        if isinstance(self.src, dict):
            v = self.src.get(name)
        else:
            try:
                v = getattr(self.src, name, None)
            except Exception:  # noqa: BLE001 (a computed property of an odd config)
                v = None
        return default if v is None else v

    def has(self, name: str) -> bool:
        return self.raw(name) is not None

    def int(self, *names: str, default: Any = None, required: bool = True) -> Any:
        """First present, non-null field as a positive int (0 allowed when not ``required``)."""
        for k in names:
            v = self.raw(k)
            if v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v != int(v):
                raise ConfigError(msg("cfg.not_int", key=k, value=quote(v)))
            if v < 0 or (v == 0 and required):
                raise ConfigError(msg("cfg.not_positive", key=k, value=quote(v)))
            return int(v)
        if default is None and required:
            raise ConfigError(msg("cfg.missing", keys=", ".join(names)))
        return default

    def flag(self, name: str, default: bool) -> bool:
        v = self.raw(name, default)
        return bool(v) if isinstance(v, (bool, int)) else default


# ------------------------------------------------------------------------------------------------ attention
def _kv_heads(f: Fields, mt: str, h: int) -> int:
    if mt == "falcon":  # modeling_falcon.py FalconAttention: num_kv_heads if new_decoder_architecture or not
        # multi_query, else 1 (transformers' eager path broadcasts Falcon-40B's 8 groups to all heads before its
        # cache; serving engines such as vLLM's falcon.py cache the groups, which is what is sized here)
        if f.flag("new_decoder_architecture", False) or not f.flag("multi_query", True):
            return f.int("num_kv_heads", default=h)
        return 1
    return f.int("num_key_value_heads", "num_kv_heads", default=h)


def _biases(f: Fields, mt: str) -> tuple[bool, bool]:
    """(q/k/v bias, o bias) as the family's attention builds them."""
    if mt in QKV_TRUE_TYPES:
        return True, False
    if mt in NO_ATTN_BIAS:
        return False, False
    if mt == "qwen2_moe":
        return f.flag("qkv_bias", True), False
    if mt in QKV_ONLY_BIAS:
        return f.flag("attention_bias", False), False
    if mt == "falcon":
        return f.flag("bias", False), f.flag("bias", False)
    if mt == "starcoder2":
        return f.flag("use_bias", True), f.flag("use_bias", True)
    if not mt:  # no model_type: the legacy field-name rule
        return f.flag("attention_bias", False) or f.flag("qkv_bias", False), False
    both = f.flag("attention_bias", False)  # llama, qwen3, gemma*, cohere*, gpt_oss, gpt_neox, llama4, ...
    return both, both


def _norms(f: Fields, mt: str) -> tuple[int, int]:
    """(norm vectors per layer, vectors of the final norm); a LayerNorm with bias counts 2."""
    if mt.startswith(("gemma2", "gemma3")):
        return 4, 1
    if mt in ("cohere", "cohere2"):  # modeling_cohere.py: one input_layernorm (weight only) per layer
        return 1, 1
    if mt in ("gpt_neox", "starcoder2"):  # two nn.LayerNorm with bias, final LayerNorm with bias
        return 4, 2
    if mt == "falcon":  # modeling_falcon.py FalconDecoderLayer
        n_ln = 2 if not f.flag("parallel_attn", True) else (
            f.int("num_ln_in_parallel_attn", default=2 if f.flag("new_decoder_architecture", False) else 1))
        return 2 * n_ln, 2
    return 2, 1


def _layer_kinds(f: Fields, mt: str, n_layers: int) -> dict:
    """Sliding-window and chunked layer counts (per-layer ``layer_types`` when the config has them)."""
    types = f.raw("layer_types")
    if isinstance(types, (list, tuple)) and types:
        if len(types) != n_layers:
            raise ConfigError(msg("cfg.layer_types", n=len(types), layers=n_layers))
        kinds = [ATTENTION_TYPES.get(t) if isinstance(t, str) else None for t in types]
        if None in kinds and mt:
            bad = next(t for t, k in zip(types, kinds) if k is None)
            raise ConfigError(msg("cfg.layer_kind", kind=quote(bad, 40)))
        n_sl, n_ch = kinds.count("sliding"), kinds.count("chunked")
        out: dict = {}
        if n_sl:
            out.update(sliding_window=f.int("sliding_window"), n_sliding_layers=n_sl)
        if n_ch:
            out.update(attention_chunk=f.int("attention_chunk_size"), n_chunked_layers=n_ch)
        return out
    if not mt:
        return _legacy_sliding(f, n_layers)
    if mt in ALL_LAYERS_WINDOWED and f.raw("sliding_window"):
        return dict(sliding_window=f.int("sliding_window"), n_sliding_layers=n_layers)
    return {}


def _legacy_sliding(f: Fields, n_layers: int) -> dict:
    """Configs without model_type: kvcost's field-name rules."""
    if f.raw("sliding_window") is None or f.raw("use_sliding_window") is False or f.raw("sliding_window") == 0:
        return {}
    window = f.int("sliding_window")
    pattern = f.raw("sliding_window_pattern")
    if isinstance(pattern, int) and pattern > 1:  # every pattern-th layer is global
        return dict(sliding_window=window, n_sliding_layers=n_layers - n_layers // pattern)
    if f.raw("use_sliding_window") and f.has("max_window_layers"):  # layers >= max_window_layers
        return dict(sliding_window=window, n_sliding_layers=max(0, n_layers - f.int("max_window_layers")))
    return dict(sliding_window=window, n_sliding_layers=n_layers)


# ------------------------------------------------------------------------------------------------ MoE
def _count(seq, n_layers: int) -> int:
    return len({i for i in seq if isinstance(i, int) and 0 <= i < n_layers})


def _moe(f: Fields, mt: str, n_layers: int, d_ff: int) -> dict:
    """Experts, widths and MoE layer count; {} for a dense model."""
    n_exp = f.int("n_routed_experts", "num_local_experts", "num_experts", default=0, required=False)
    if not n_exp:
        return {}
    k = f.int("num_experts_per_tok", "num_experts_per_token", "moe_top_k", "experts_per_token")
    if mt.startswith("llama4"):  # modeling_llama4.py: experts and the always-on shared expert use intermediate_size
        ff = f.int("intermediate_size")
        return dict(n_routed_experts=n_exp, experts_per_token=k, moe_d_ff=ff, shared_d_ff=ff,
                    n_moe_layers=_count(f.raw("moe_layers", []), n_layers), d_ff=f.int("intermediate_size_mlp"))
    if mt in ("mixtral", "phimoe", "gpt_oss"):  # every layer is MoE; experts are intermediate_size wide
        return dict(n_routed_experts=n_exp, experts_per_token=k, moe_d_ff=d_ff, n_moe_layers=n_layers)
    moe_ff = f.int("moe_intermediate_size", default=d_ff)
    if mt in ("qwen2_moe", "qwen3_moe"):  # modeling_qwen*_moe.py: not in mlp_only_layers, (i+1) % step == 0
        step, only = f.int("decoder_sparse_step", default=1), set(f.raw("mlp_only_layers", []) or [])
        n_moe = sum(1 for i in range(n_layers) if i not in only and (i + 1) % step == 0)
        shared = f.int("shared_expert_intermediate_size", default=0, required=False)
        return dict(n_routed_experts=n_exp, experts_per_token=k, moe_d_ff=moe_ff, shared_d_ff=shared,
                    n_moe_layers=n_moe)
    shared = f.int("shared_expert_intermediate_size",
                   default=f.int("n_shared_experts", default=0, required=False) * moe_ff, required=False)
    first_dense = f.int("first_k_dense_replace", default=0, required=False)
    if mt.startswith("deepseek"):  # modeling_deepseek_v2/v3.py: MoE from first_k_dense_replace on
        n_moe = max(0, n_layers - first_dense)
    else:
        freq = f.int("moe_layer_freq", "decoder_sparse_step", default=1)
        n_moe = sum(1 for i in range(first_dense, n_layers) if i % freq == 0)
    return dict(n_routed_experts=n_exp, experts_per_token=k, moe_d_ff=moe_ff, shared_d_ff=shared, n_moe_layers=n_moe)


# ------------------------------------------------------------------------------------------------ families
def decoder(f: Fields, mt: str) -> dict:
    """Decoder-only transformer (Llama-style field names; ``mt`` = the text model_type, "" for a plain dict)."""
    n_layers = f.int("num_hidden_layers", "n_layer", "num_layers")
    d, h = f.int("hidden_size"), f.int("num_attention_heads")
    kv = _kv_heads(f, mt, h)
    out: dict[str, Any] = {}
    if f.raw("kv_lora_rank"):
        nope, rope = f.int("qk_nope_head_dim"), f.int("qk_rope_head_dim")
        out.update(kv_lora_rank=f.int("kv_lora_rank"), q_lora_rank=f.int("q_lora_rank", default=0, required=False),
                   qk_rope_head_dim=rope, head_dim=nope + rope, v_head_dim=f.int("v_head_dim"))
        kv = h
    else:
        if mt == "falcon" or not f.has("head_dim"):
            if d % h:
                raise ConfigError(msg("cfg.head_dim", d=d, h=h))
            hd = d // h
        else:
            hd = f.int("head_dim")
        out.update(head_dim=hd, v_head_dim=hd)
    d_ff = f.int("ffn_hidden_size", "intermediate_size", default=4 * d) if mt == "falcon" else \
        f.int("intermediate_size", "ffn_hidden_size", default=4 * d)
    qkv_bias, out_bias = _biases(f, mt)
    norms, final_norm = _norms(f, mt)
    mlp_bias = {"falcon": f.flag("bias", False), "starcoder2": f.flag("use_bias", True), "gpt_neox": True,
                "gpt_oss": True}.get(mt, f.flag("mlp_bias", False))
    fields = dict(
        arch="decoder", n_layers=n_layers, d_model=d, n_heads=h, n_kv_heads=kv, d_ff=d_ff,
        ffn_gated=mt not in PLAIN_MLP_TYPES, vocab_size=f.int("vocab_size", "padded_vocab_size"),
        # a library config always carries its family's default; a plain dict without the key: untied
        tied_embeddings=f.flag("tie_word_embeddings", bool(mt)),
        max_position=f.int("max_position_embeddings", "max_sequence_length", "seq_length", default=0,
                           required=False) or None,
        qkv_bias=qkv_bias, out_bias=out_bias, mlp_bias=mlp_bias,
        rope=mt not in ROPE_FREE_TYPES and not (mt == "falcon" and f.flag("alibi", False)),
        norms_per_layer=norms, final_norm_vectors=final_norm, **_layer_kinds(f, mt, n_layers), **out)
    return {**fields, **_moe(f, mt, n_layers, d_ff)}


def gpt2(f: Fields) -> dict:
    """ModelSpec fields of a GPT-2 style config (learned positions, tied embeddings, plain MLP)."""
    d, h = f.int("n_embd", "hidden_size"), f.int("n_head", "num_attention_heads")
    if d % h:
        raise ConfigError(msg("cfg.not_divisible", a="n_embd", x=d, b="n_head", y=h))
    pos = f.int("n_positions", "n_ctx", default=1024)
    return dict(arch="decoder", n_layers=f.int("n_layer", "num_hidden_layers"), d_model=d, n_heads=h, n_kv_heads=h,
                head_dim=d // h, v_head_dim=d // h, d_ff=f.int("n_inner", default=4 * d), ffn_gated=False,
                vocab_size=f.int("vocab_size"), tied_embeddings=f.flag("tie_word_embeddings", True),
                max_position=pos, qkv_bias=True, out_bias=True, mlp_bias=True, rope=False, norms_per_layer=4,
                learned_positions=pos)


def whisper(f: Fields) -> dict:
    """ModelSpec fields of a Whisper/BART style encoder-decoder config."""
    d = f.int("d_model")
    h = f.int("decoder_attention_heads", "encoder_attention_heads")
    if d % h:
        raise ConfigError(msg("cfg.not_divisible", a="d_model", x=d, b="decoder_attention_heads", y=h))
    enc_len = f.int("max_source_positions")
    mels = f.int("num_mel_bins", default=0, required=False)
    conv = (mels * d * 3 + d + d * d * 3 + d) if mels else 0  # Whisper's two Conv1d front-end layers
    dec_pos = f.int("max_target_positions", "max_position_embeddings")
    return dict(arch="encoder-decoder", n_layers=f.int("decoder_layers"), d_model=d, n_heads=h, n_kv_heads=h,
                head_dim=d // h, v_head_dim=d // h, d_ff=f.int("decoder_ffn_dim"), ffn_gated=False,
                vocab_size=f.int("vocab_size"), tied_embeddings=f.flag("tie_word_embeddings", True),
                max_position=dec_pos, qkv_bias=True, out_bias=True, mlp_bias=True, rope=False,
                norms_per_layer=4, learned_positions=dec_pos, n_encoder_layers=f.int("encoder_layers"),
                encoder_seq_len=enc_len, encoder_d_ff=f.int("encoder_ffn_dim", default=0, required=False),
                extra_params=conv + enc_len * d)


def t5(f: Fields) -> dict:
    """ModelSpec fields of a T5 style encoder-decoder config."""
    d, h, dkv = f.int("d_model"), f.int("num_heads"), f.int("d_kv")
    n_enc = f.int("num_layers")
    gated = str(f.raw("feed_forward_proj", "relu")).startswith("gated")
    buckets = f.int("relative_attention_num_buckets", default=32)
    return dict(arch="encoder-decoder", n_layers=f.int("num_decoder_layers", default=n_enc), d_model=d,
                n_heads=h, n_kv_heads=h, head_dim=dkv, v_head_dim=dkv, d_ff=f.int("d_ff"), ffn_gated=gated,
                vocab_size=f.int("vocab_size"), tied_embeddings=f.flag("tie_word_embeddings", True),
                max_position=None, rope=False, norms_per_layer=2, n_encoder_layers=n_enc,
                encoder_seq_len=f.int("n_positions", default=512), extra_params=2 * buckets * h)


def read_fields(src: Any, mt: str) -> dict:
    """ModelSpec fields from a config object (``mt`` its model_type) or a plain dict (``mt`` "")."""
    f = Fields(src)
    if mt in ("t5", "mt5", "umt5") or (not mt and f.has("d_kv") and f.has("num_heads")):
        return t5(f)
    if mt == "whisper" or (not mt and f.has("decoder_layers") and f.has("d_model")):
        return whisper(f)
    if mt in ("gpt2", "gpt_bigcode") or (not mt and f.has("n_embd")):
        return gpt2(f)
    return decoder(f, mt)
