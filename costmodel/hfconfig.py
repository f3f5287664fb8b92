"""Hugging Face ``config.json`` -> ModelSpec, by config fields (never by model name).

Handles decoder-only Llama-style configs (Llama, Qwen2, Mistral, Gemma 1/2/3, Phi-3, Mixtral,
DeepSeek V2/V3 MLA + MoE), nested ``text_config`` (multimodal wrappers), GPT-2 field names, and
encoder-decoder configs in the Whisper/BART style (``encoder_layers``/``decoder_layers``) and the
T5 style (``d_kv``/``num_heads``). Untrusted input: size and nesting are limited, and every error
is a one-line ``ConfigError``.

``model_type`` is consulted only where the Hugging Face modeling code hard-wires a behaviour that the
config does not state (Qwen2's q/k/v biases, Gemma's tied embeddings, extra norms and alternating
local layers, plain-MLP and RoPE-free architectures); every size comes from a config field.
"""
from __future__ import annotations

import json
import math
from typing import Any

from pydantic import ValidationError

from .i18n import exc_text, msg, pydantic_detail
from .spec import ModelSpec

MAX_CONFIG_BYTES = 1_000_000
MAX_JSON_DEPTH = 32
ROPE_FREE_TYPES = {"gpt2", "gpt_bigcode", "opt", "bloom", "mpt", "whisper", "t5", "mt5", "umt5", "bart", "mbart"}
QKV_BIAS_TYPES = {"qwen2", "qwen2_moe", "qwen2_vl", "qwen2_5_vl"}  # q/k/v biases are hard-wired
PLAIN_MLP_TYPES = {"gpt2", "gpt_bigcode", "gpt_neox", "gptj", "opt", "bloom", "falcon", "phi", "mpt", "starcoder2"}


class ConfigError(ValueError):
    """The config cannot be turned into a model spec (message is user-facing, one line)."""


def _depth(obj: Any, limit: int) -> int:
    stack, deepest = [(obj, 1)], 1
    while stack:
        cur, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(cur, dict):
            stack.extend((v, d + 1) for v in cur.values())
        elif isinstance(cur, list):
            stack.extend((v, d + 1) for v in cur)
    return deepest


def parse_config_text(text: str | bytes, name: str | None = None) -> ModelSpec:
    """Parse config.json text (size- and depth-limited) into a ModelSpec."""
    if len(text) > MAX_CONFIG_BYTES:
        raise ConfigError(msg("cfg.too_big", size=len(text), limit=MAX_CONFIG_BYTES))
    try:
        cfg = json.loads(text)
    except (ValueError, RecursionError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(msg("cfg.bad_json", detail=detail)) from None
    if not isinstance(cfg, dict):
        raise ConfigError(msg("cfg.not_object"))
    if _depth(cfg, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise ConfigError(msg("cfg.too_deep", limit=MAX_JSON_DEPTH))
    return spec_from_config(cfg, name=name)


def _int(cfg: dict, *keys: str, default: Any = None, required: bool = True) -> Any:
    """First present, non-null key as a positive int; bools and fractions rejected."""
    for k in keys:
        v = cfg.get(k)
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v != int(v):
            raise ConfigError(msg("cfg.not_int", key=k, value=v))
        if v < 0 or (v == 0 and required):
            raise ConfigError(msg("cfg.not_positive", key=k, value=v))
        return int(v)
    if default is None and required:
        raise ConfigError(msg("cfg.missing", keys=", ".join(keys)))
    return default


def _flag(cfg: dict, key: str, default: bool) -> bool:
    v = cfg.get(key, default)
    return bool(v) if isinstance(v, (bool, int)) else default


def spec_from_config(cfg: dict, name: str | None = None) -> ModelSpec:
    """Build a ModelSpec from a config dict; raise ConfigError on anything unusable."""
    meta = cfg.get("_kvcost") if isinstance(cfg.get("_kvcost"), dict) else {}
    top_name = name or meta.get("display_name") or cfg.get("_name_or_path") or cfg.get("model_type") or "custom"
    inner = cfg.get("text_config")
    if isinstance(inner, dict) and "num_hidden_layers" not in cfg:
        cfg = {**{k: v for k, v in cfg.items() if k != "text_config"}, **inner}
    try:
        if "d_kv" in cfg and "num_heads" in cfg:
            fields = _t5(cfg)
        elif "decoder_layers" in cfg and "d_model" in cfg:
            fields = _whisper(cfg)
        elif "n_embd" in cfg:
            fields = _gpt2(cfg)
        else:
            fields = _decoder(cfg)
        return ModelSpec(name=str(top_name)[:200], source=str(meta.get("source", "config.json"))[:500], **fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        detail = pydantic_detail(err)
        raise ConfigError(msg("cfg.invalid_at", where=where, detail=detail) if where
                          else msg("cfg.invalid", detail=detail)) from None
    except (TypeError, AttributeError) as exc:
        raise ConfigError(msg("cfg.wrong_type", detail=exc_text(exc))) from None


def _sliding(cfg: dict, n_layers: int) -> tuple[int | None, int]:
    window = cfg.get("sliding_window")
    types = cfg.get("layer_types")
    if isinstance(types, list) and types:
        if len(types) != n_layers:
            raise ConfigError(msg("cfg.layer_types", n=len(types), layers=n_layers))
        n = sum(1 for t in types if t == "sliding_attention")
        return (_int(cfg, "sliding_window"), n) if n else (None, 0)
    if window is None or cfg.get("use_sliding_window") is False:
        return None, 0
    window = _int(cfg, "sliding_window")
    pattern = cfg.get("sliding_window_pattern")
    if isinstance(pattern, int) and pattern > 1:  # Gemma 3: every pattern-th layer is global
        return window, n_layers - n_layers // pattern
    if str(cfg.get("model_type", "")).startswith("gemma2"):  # Gemma 2: even layers local
        return window, (n_layers + 1) // 2
    if cfg.get("use_sliding_window") and "max_window_layers" in cfg:  # Qwen2: layers >= max_window_layers
        return window, max(0, n_layers - _int(cfg, "max_window_layers", default=n_layers))
    return window, n_layers


def _moe(cfg: dict, n_layers: int, d_ff: int) -> dict:
    n_exp = _int(cfg, "n_routed_experts", "num_local_experts", "num_experts", default=0, required=False)
    if not n_exp:
        return {}
    k = _int(cfg, "num_experts_per_tok", "num_experts_per_token", "moe_top_k")
    moe_ff = _int(cfg, "moe_intermediate_size", default=d_ff)
    n_shared = _int(cfg, "n_shared_experts", default=0, required=False)
    shared = _int(cfg, "shared_expert_intermediate_size", default=n_shared * moe_ff, required=False)
    first_dense = _int(cfg, "first_k_dense_replace", default=0, required=False)
    freq = _int(cfg, "moe_layer_freq", "decoder_sparse_step", default=1)
    n_moe = sum(1 for i in range(first_dense, n_layers) if i % freq == 0)
    return dict(n_routed_experts=n_exp, experts_per_token=k, moe_d_ff=moe_ff, shared_d_ff=shared, n_moe_layers=n_moe)


def _decoder(cfg: dict) -> dict:
    mtype = str(cfg.get("model_type", ""))
    L = _int(cfg, "num_hidden_layers", "n_layer", "num_layers")
    d = _int(cfg, "hidden_size")
    h = _int(cfg, "num_attention_heads")
    kv = _int(cfg, "num_key_value_heads", "num_kv_heads", default=h)
    out: dict[str, Any] = {}
    if cfg.get("kv_lora_rank"):
        nope, rope = _int(cfg, "qk_nope_head_dim"), _int(cfg, "qk_rope_head_dim")
        out.update(kv_lora_rank=_int(cfg, "kv_lora_rank"), q_lora_rank=_int(cfg, "q_lora_rank", default=0,
                   required=False), qk_rope_head_dim=rope, head_dim=nope + rope, v_head_dim=_int(cfg, "v_head_dim"))
        kv = h
    else:
        if cfg.get("head_dim") is None and d % h:
            raise ConfigError(msg("cfg.head_dim", d=d, h=h))
        hd = _int(cfg, "head_dim", default=d // h)
        out.update(head_dim=hd, v_head_dim=hd)
    d_ff = _int(cfg, "intermediate_size", "ffn_hidden_size", default=4 * d)
    window, n_sliding = _sliding(cfg, L)
    norms = 4 if mtype.startswith(("gemma2", "gemma3")) else 2
    return dict(
        arch="decoder", n_layers=L, d_model=d, n_heads=h, n_kv_heads=kv, d_ff=d_ff,
        ffn_gated=mtype not in PLAIN_MLP_TYPES, vocab_size=_int(cfg, "vocab_size"),
        tied_embeddings=_flag(cfg, "tie_word_embeddings", mtype.startswith("gemma")),
        max_position=_int(cfg, "max_position_embeddings", "max_sequence_length", "seq_length", default=0,
                          required=False) or None,
        qkv_bias=_flag(cfg, "attention_bias", False) or _flag(cfg, "qkv_bias", False) or mtype in QKV_BIAS_TYPES,
        out_bias=False, mlp_bias=_flag(cfg, "mlp_bias", False),
        rope=mtype not in ROPE_FREE_TYPES, norms_per_layer=norms,
        sliding_window=window, n_sliding_layers=n_sliding, **_moe(cfg, L, d_ff), **out,
    )


def _gpt2(cfg: dict) -> dict:
    d, h = _int(cfg, "n_embd"), _int(cfg, "n_head")
    if d % h:
        raise ConfigError(msg("cfg.not_divisible", a="n_embd", x=d, b="n_head", y=h))
    pos = _int(cfg, "n_positions", "n_ctx", default=1024)
    return dict(arch="decoder", n_layers=_int(cfg, "n_layer"), d_model=d, n_heads=h, n_kv_heads=h,
                head_dim=d // h, v_head_dim=d // h, d_ff=_int(cfg, "n_inner", default=4 * d), ffn_gated=False,
                vocab_size=_int(cfg, "vocab_size"), tied_embeddings=_flag(cfg, "tie_word_embeddings", True),
                max_position=pos, qkv_bias=True, out_bias=True, mlp_bias=True, rope=False, norms_per_layer=4,
                learned_positions=pos)


def _whisper(cfg: dict) -> dict:
    d = _int(cfg, "d_model")
    h = _int(cfg, "decoder_attention_heads", "encoder_attention_heads")
    if d % h:
        raise ConfigError(msg("cfg.not_divisible", a="d_model", x=d, b="decoder_attention_heads", y=h))
    enc_len = _int(cfg, "max_source_positions")
    mels = _int(cfg, "num_mel_bins", default=0, required=False)
    conv = (mels * d * 3 + d + d * d * 3 + d) if mels else 0  # Whisper's two Conv1d front-end layers
    dec_pos = _int(cfg, "max_target_positions", "max_position_embeddings")
    return dict(arch="encoder-decoder", n_layers=_int(cfg, "decoder_layers"), d_model=d, n_heads=h, n_kv_heads=h,
                head_dim=d // h, v_head_dim=d // h, d_ff=_int(cfg, "decoder_ffn_dim"), ffn_gated=False,
                vocab_size=_int(cfg, "vocab_size"), tied_embeddings=_flag(cfg, "tie_word_embeddings", True),
                max_position=dec_pos, qkv_bias=True, out_bias=True, mlp_bias=True, rope=False,
                norms_per_layer=4, learned_positions=dec_pos, n_encoder_layers=_int(cfg, "encoder_layers"),
                encoder_seq_len=enc_len, encoder_d_ff=_int(cfg, "encoder_ffn_dim", default=0, required=False),
                extra_params=conv + enc_len * d)


def _t5(cfg: dict) -> dict:
    d, h, dkv = _int(cfg, "d_model"), _int(cfg, "num_heads"), _int(cfg, "d_kv")
    n_enc = _int(cfg, "num_layers")
    gated = str(cfg.get("feed_forward_proj", "relu")).startswith("gated")
    buckets = _int(cfg, "relative_attention_num_buckets", default=32)
    return dict(arch="encoder-decoder", n_layers=_int(cfg, "num_decoder_layers", default=n_enc), d_model=d,
                n_heads=h, n_kv_heads=h, head_dim=dkv, v_head_dim=dkv, d_ff=_int(cfg, "d_ff"), ffn_gated=gated,
                vocab_size=_int(cfg, "vocab_size"), tied_embeddings=_flag(cfg, "tie_word_embeddings", True),
                max_position=None, rope=False, norms_per_layer=2, n_encoder_layers=n_enc,
                encoder_seq_len=_int(cfg, "n_positions", default=512), extra_params=2 * buckets * h)
