"""Hugging Face ``config.json`` -> ModelSpec, read through the library that defines the format.

Steps: size/depth limits and integer-digit limit while parsing; every field kvcost reads range-checked
(``bounds``) before any loop or arithmetic; then by ``model_type``:

* known to transformers -> ``AutoConfig.for_model(model_type, **cfg)`` (``hflib``; offline, no torch): the
  library fills every default exactly as its modeling code does (Falcon's ``multi_query``, Gemma 3's
  ``sliding_window_pattern`` and ``vocab_size``, Llama 4's MoE interleave and chunked attention, the per-model
  ``tie_word_embeddings`` default, ...); ``hfarch`` maps the config object's fields per architecture;
* a remote-code format transformers lacks -> a hand mapping with its source (``hfremote``: ChatGLM/GLM-4,
  Falcon's RefinedWeb, Kimi-K2);
* no ``model_type`` (hand-written configs, the app's field editor style) -> fields read by name (``hfarch``);
* any other ``model_type`` -> refused (kvcost would have to guess its layout).

The checkpoint's ``quantization_config`` becomes ``ModelSpec.quantization`` (``quant``). The model's name
comes from ``_kvcost.display_name``, else the last part of ``_name_or_path``, else the file name (unless it is
``config.json``), else ``architectures[0]`` / ``model_type`` -- never from the folder. Every error is a
one-line ``ConfigError`` quoting at most ~80 characters of the input.
"""
from __future__ import annotations

import re
from typing import Literal

from pydantic import ValidationError

from . import hfarch, hflib, hfremote
from .bounds import ConfigError, check_fields, loads
from .i18n import exc_text, msg, pydantic_detail
from .quant import DTYPE_BITS, read_quantization
from .spec import ModelSpec
from .units import clip, quote

MAX_CONFIG_BYTES = 1_000_000
MAX_JSON_DEPTH = 32
RECURRENT_TYPES = {"mamba", "mamba2", "falcon_mamba", "rwkv", "xlstm"}  # no attention layers at all
REFUSED_TYPES = RECURRENT_TYPES | {"jamba", "falcon_h1", "zamba", "zamba2", "bamba", "recurrent_gemma", "qwen3_next",
                                   "nemotron_h", "granitemoehybrid", "lfm2", "minimax"}


def _refused(mt: str) -> ConfigError:
    """Why a recurrent or hybrid model_type is not read (a pure recurrent model has no attention to mix)."""
    if mt.lower() in RECURRENT_TYPES:
        return ConfigError(msg("cfg.recurrent", model_type=quote(mt, 40)))
    return ConfigError(msg("cfg.hybrid", model_type=quote(mt, 40)))

__all__ = ["ConfigError", "MAX_CONFIG_BYTES", "parse_config_text", "spec_from_config", "model_name"]


def _depth(obj, limit: int) -> int:
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


def parse_config_text(text: str | bytes, name: str | None = None, file_name: str | None = None) -> ModelSpec:
    """Parse config.json text (size-, depth- and digit-limited) into a ModelSpec."""
    if len(text) > MAX_CONFIG_BYTES:
        raise ConfigError(msg("cfg.too_big", size=len(text), limit=MAX_CONFIG_BYTES))
    try:
        cfg = loads(text)
    except ConfigError:
        raise
    except RecursionError:  # json's decoder recurses per nesting level: deeper than Python's stack
        raise ConfigError(msg("cfg.too_deep", limit=MAX_JSON_DEPTH)) from None
    except ValueError as exc:
        detail = exc_text(exc) if str(exc) else type(exc).__name__
        raise ConfigError(msg("cfg.bad_json", detail=clip(str(detail).splitlines()[0]))) from None
    if not isinstance(cfg, dict):
        raise ConfigError(msg("cfg.not_object"))
    if _depth(cfg, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise ConfigError(msg("cfg.too_deep", limit=MAX_JSON_DEPTH))
    return spec_from_config(cfg, name=name, file_name=file_name)


def _last_part(path) -> str | None:
    """Last component of a model path or id, without a .json suffix; None for a local training path
    ('/aot/checkpoints/15b/config.json') or a bare 'config'."""
    text = str(path).replace("\\", "/").strip().rstrip("/")
    if not text or text.startswith(("/", "~", ".")) or re.match(r"^[A-Za-z]:/", text):
        return None
    last = text.rsplit("/", 1)[-1]
    last = last[:-5] if last.lower().endswith(".json") else last
    return None if last.lower() in ("", "config") else last


def model_name(cfg: dict, file_name: str | None = None) -> str:
    """Display name: _kvcost.display_name, _name_or_path's last part (unless it is a local path), the file name
    (unless it is config.json), architectures[0], model_type -- never the folder."""
    meta = _meta(cfg)
    path = cfg.get("_name_or_path")
    arch = cfg.get("architectures")
    for cand in (meta.get("display_name"), _last_part(path) if isinstance(path, str) else None,
                 _last_part(str(file_name).replace("\\", "/").rsplit("/", 1)[-1]) if file_name else None,
                 arch[0] if isinstance(arch, list) and arch else None, cfg.get("model_type")):
        if isinstance(cand, str) and cand.strip():
            return clip(cand.strip(), 200)
    return "custom"


def _meta(cfg: dict) -> dict:
    """kvcost's own ``_kvcost`` block of a preset (display_name, source, ...); {} for other configs."""
    meta = cfg.get("_kvcost")
    return meta if isinstance(meta, dict) else {}


def _model_type(cfg: dict) -> str:
    mt = cfg.get("model_type")
    if mt is None or mt == "":
        return ""
    if not isinstance(mt, str):
        raise ConfigError(msg("cfg.not_str", key="model_type", value=quote(mt)))
    return mt.strip()


def _fields(cfg: dict) -> tuple[dict, str]:
    """ModelSpec fields and a note on how they were read."""
    mt = _model_type(cfg)
    if not mt:
        inner = cfg.get("text_config")
        if isinstance(inner, dict) and "num_hidden_layers" not in cfg:
            if inner.get("model_type"):
                return _fields({k: v for k, v in inner.items()})
            cfg = {**{k: v for k, v in cfg.items() if k != "text_config"}, **inner}
        return hfarch.read_fields(cfg, ""), msg("cfg.read_generic")
    if mt.lower() in REFUSED_TYPES:
        raise _refused(mt)
    if mt in hfremote.HAND_MAPPED:
        return hfremote.chatglm(cfg), msg("cfg.read_hand", model_type=mt)
    note = None
    if mt.lower() in hfremote.ALIASES:
        mt, cfg = hfremote.translate(mt, cfg)
        note = msg("cfg.read_alias", model_type=quote(str(cfg.get("model_type", mt)), 40), target=mt)
    if not hflib.known(mt):
        raise ConfigError(msg("cfg.unknown_type", model_type=quote(mt, 40), version=hflib.version()))
    obj = hflib.text_config(hflib.config_object(mt, cfg))
    inner_type = str(getattr(obj, "model_type", mt) or mt)
    if inner_type.lower() in REFUSED_TYPES:
        raise _refused(inner_type)
    fields = {**hfarch.read_fields(obj, inner_type), "defaulted": hflib.defaulted(obj, cfg)}
    return fields, note or msg("cfg.read_library", model_type=mt, version=hflib.version())


def _dtype_bits(cfg: dict) -> Literal[16, 32]:
    """Bits of the stored (unquantized) weights: 32 for a float32 checkpoint, else 16 (bf16 / fp16)."""
    inner = cfg.get("text_config")
    for src in (cfg, inner if isinstance(inner, dict) else {}):
        bits = DTYPE_BITS.get(str(src.get("torch_dtype") or src.get("dtype") or "").lower())
        if bits:
            return 32 if bits == 32 else 16
    return 16


def spec_from_config(cfg: dict, name: str | None = None, file_name: str | None = None) -> ModelSpec:
    """Build a ModelSpec from a config dict; raise ConfigError on anything unusable."""
    if not isinstance(cfg, dict):
        raise ConfigError(msg("cfg.not_object"))
    cfg = check_fields(cfg)
    meta = _meta(cfg)
    try:
        fields, how = _fields(cfg)
        source = str(meta.get("source") or f"config.json; {how}")[:500]
        return ModelSpec(name=clip(name, 200) if name else model_name(cfg, file_name), source=source,
                         quantization=read_quantization(cfg), checkpoint_bits=_dtype_bits(cfg), **fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        detail = pydantic_detail(err)
        raise ConfigError(msg("cfg.invalid_at", where=where, detail=detail) if where
                          else msg("cfg.invalid", detail=detail)) from None
    except (TypeError, AttributeError, OverflowError) as exc:
        raise ConfigError(msg("cfg.wrong_type", detail=clip(exc_text(exc)))) from None
