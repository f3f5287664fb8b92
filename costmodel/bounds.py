"""Ranges of every config.json field kvcost reads, checked at the boundary before any loop or arithmetic.

A config.json is untrusted input. ``check_fields`` walks the parsed dict once and refuses, with a one-line
``ConfigError`` quoting at most ~80 characters, any field of ``FIELD_RANGES`` that is not an integer in its
range (integral floats such as ``4096.0`` are accepted and returned as ints). It runs before the config
reaches ``transformers`` (whose config classes build per-layer lists) or kvcost's own formulas, so a
config with 1e15 layers is refused at once instead of hanging, and no number too big for a float
reaches arithmetic. ``loads`` parses JSON with integers limited to ``MAX_DIGITS`` digits (Python's own
limit would leak "sys.set_int_max_str_digits()").

The top level and text sub-configs (``text_config``, ``language_config``, ``llm_config``, ``decoder``)
get the full range; any other nested dict (vision or audio towers) only the upper bound, since those
towers are not sized here but are still instantiated by ``transformers``.
"""
from __future__ import annotations

import json
import math
from typing import Any

from .i18n import msg
from .units import quote

MAX_DIGITS = 1000  # digits of a JSON integer; more is refused while parsing
MAX_CONTEXT = 10**9  # tokens: the longest context an estimate takes, and the widest window a scheme may declare

LAYERS = (1, 100_000)
LAYER_INDEX = (0, 100_000)  # counts of layers that may be zero (first dense layers, ...)
STEP = (1, 100_000)  # layer periods and patterns
WIDTH = (1, 1_000_000)  # hidden sizes, heads, head dims
RANK = (0, 1_000_000)  # optional latent ranks (0 / null = absent)
FFN = (1, 10_000_000)
OPT_FFN = (0, 10_000_000)
VOCAB = (1, 10_000_000)
EXPERTS = (0, 100_000)
TOPK = (1, 100_000)
POSITIONS = (1, 1_000_000_000)
WINDOW = (0, 1_000_000_000)  # 0 / null: no window
SMALL = (1, 100_000)  # position buckets, mel bins

FIELD_RANGES: dict[str, tuple[int, int]] = {
    # layers
    **dict.fromkeys(("num_hidden_layers", "n_layer", "num_layers", "decoder_layers", "encoder_layers",
                     "num_decoder_layers"), LAYERS),
    **dict.fromkeys(("first_k_dense_replace", "max_window_layers", "num_nextn_predict_layers"), LAYER_INDEX),
    **dict.fromkeys(("moe_layer_freq", "decoder_sparse_step", "interleave_moe_layer_step", "sliding_window_pattern",
                     "no_rope_layer_interval"), STEP),
    # widths and heads
    **dict.fromkeys(("hidden_size", "d_model", "n_embd", "n_embed", "num_attention_heads", "num_key_value_heads",
                     "num_kv_heads", "n_head", "n_head_kv", "num_heads", "encoder_attention_heads",
                     "decoder_attention_heads", "multi_query_group_num", "head_dim", "d_kv", "kv_channels",
                     "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim"), WIDTH),
    **dict.fromkeys(("kv_lora_rank", "q_lora_rank"), RANK),
    # feed-forward widths
    **dict.fromkeys(("intermediate_size", "ffn_hidden_size", "d_ff", "n_inner", "moe_intermediate_size",
                     "intermediate_size_mlp", "encoder_ffn_dim", "decoder_ffn_dim"), FFN),
    "shared_expert_intermediate_size": OPT_FFN,
    # vocabulary
    **dict.fromkeys(("vocab_size", "padded_vocab_size"), VOCAB),
    # experts
    **dict.fromkeys(("n_routed_experts", "num_local_experts", "num_experts", "n_shared_experts"), EXPERTS),
    **dict.fromkeys(("num_experts_per_tok", "num_experts_per_token", "experts_per_token", "moe_top_k"), TOPK),
    # windows and positions
    **dict.fromkeys(("sliding_window", "attention_chunk_size"), WINDOW),
    **dict.fromkeys(("max_position_embeddings", "max_sequence_length", "seq_length", "n_positions", "n_ctx",
                     "max_source_positions", "max_target_positions", "initial_context_length"), POSITIONS),
    # encoder-decoder details
    **dict.fromkeys(("relative_attention_num_buckets", "num_mel_bins"), SMALL),
    "relative_attention_max_distance": POSITIONS,
}

QUANT_RANGES: dict[str, tuple[int, int]] = {
    "bits": (1, 64), "w_bit": (1, 64), "num_bits": (1, 64), "head_bits": (1, 64),
    "group_size": (-1, 1_000_000), "q_group_size": (-1, 1_000_000), "blocksize": (1, 1_000_000),
}
FRACTIONAL = {"bits", "head_bits"}  # exl2 writes average bits per weight, e.g. 6.5

TEXT_KEYS = ("text_config", "language_config", "llm_config", "decoder", "generator")
QUANT_KEYS = ("quantization_config", "compression_config")


class ConfigError(ValueError):
    """The config cannot be turned into a model spec (message is user-facing, one line)."""


def loads(text: str | bytes) -> Any:
    """json.loads with integers limited to MAX_DIGITS digits (ConfigError); other errors as json raises them."""
    def parse_int(s: str) -> int:
        if len(s.lstrip("-")) > MAX_DIGITS:
            raise ConfigError(msg("cfg.long_number", digits=len(s.lstrip("-")), limit=MAX_DIGITS))
        return int(s)

    return json.loads(text, parse_int=parse_int)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _checked(where: str, value, lo: int, hi: int, lower: bool):
    """The value as an int when it is in range (null passes through); else raise ConfigError.

    ``lower=False`` (towers not sized here): only numbers above ``hi`` (or not finite) are refused."""
    if value is None:
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) <= hi:
        value = int(value)
    if not lower:
        if _is_number(value) and not (isinstance(value, float) and not math.isfinite(value)) and value <= hi:
            return value
        if not _is_number(value):
            return value
    elif isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi:
        return value
    if not _is_number(value) or (isinstance(value, float) and not (math.isfinite(value) and value.is_integer())):
        raise ConfigError(msg("cfg.not_int", key=where, value=quote(value)))
    if value < lo:
        raise ConfigError(msg("cfg.not_positive" if lo == 1 else "cfg.below", key=where, value=quote(value), lo=lo))
    raise ConfigError(msg("cfg.too_large", key=where, value=quote(value), hi=hi))


def check_fields(cfg: dict, where: str = "", lower: bool = True, quant: bool = False) -> dict:
    """A copy of ``cfg`` with every ranged field checked (and integral floats made ints); raises ConfigError."""
    table = QUANT_RANGES if quant else FIELD_RANGES
    out: dict = {}
    for k, v in cfg.items():
        path = f"{where}{k}"
        if isinstance(v, dict):
            if k in QUANT_KEYS and not quant:
                out[k] = check_fields(v, path + ".", lower=True, quant=True)
            else:
                out[k] = check_fields(v, path + ".", lower=lower and k in TEXT_KEYS, quant=quant)
        elif quant and k in FRACTIONAL and isinstance(v, float) and math.isfinite(v) and 1 <= v <= 64:
            out[k] = v
        elif isinstance(k, str) and k in table:
            out[k] = _checked(path, v, *table[k], lower=lower)
        else:
            out[k] = v
    return out


def ranges_table() -> list[dict]:
    """The documented ranges (for the README and ``list fields``)."""
    return [{"field": k, "min": lo, "max": hi} for k, (lo, hi) in sorted(FIELD_RANGES.items())]
