"""``transformers`` config classes, loaded offline and without torch.

``config_object(model_type, cfg)`` = ``AutoConfig.for_model(model_type, **cfg)``: the library's own config
class fills every default exactly as its modeling code sees it. transformers imports torch whenever torch is
installed (it is, for ``validation/``); the cost model must not, so the first import runs with torch
hidden (``sys.modules["torch"] = None``, which ``importlib.util.find_spec`` reports as absent) unless torch
is already loaded. Library log output and warnings are silenced: errors reach the user as one-line
``ConfigError`` messages instead. Imported lazily (about 2 s, once per process).
"""
from __future__ import annotations

import os
import re
import sys
import threading
import warnings
from contextlib import contextmanager
from typing import Any

from .bounds import ConfigError
from .i18n import msg
from .units import clip, quote

_LOCK = threading.RLock()
_AUTO: Any = None
DROPPED_KEYS = ("torch_dtype", "dtype", "quantization_config", "compression_config", "_kvcost")


@contextmanager
def _torch_hidden():
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]


def _auto():
    global _AUTO
    with _LOCK:
        if _AUTO is None:
            quiet = os.environ.get("TRANSFORMERS_VERBOSITY")
            os.environ["TRANSFORMERS_VERBOSITY"] = "error"  # the import itself logs "PyTorch was not found"
            try:
                with _torch_hidden(), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    import transformers  # noqa: PLC0415
                    from transformers.models.auto import configuration_auto  # noqa: PLC0415
            finally:
                if quiet is None:
                    del os.environ["TRANSFORMERS_VERBOSITY"]
                else:
                    os.environ["TRANSFORMERS_VERBOSITY"] = quiet
            transformers.utils.logging.set_verbosity_error()
            _AUTO = configuration_auto
        return _AUTO


def version() -> str:
    """The installed transformers version (part of the preset cache key)."""
    _auto()
    return sys.modules["transformers"].__version__


def known(model_type: str) -> bool:
    """Whether transformers has a config class for ``model_type``."""
    return model_type in _auto().CONFIG_MAPPING_NAMES


_FIELD_TYPE = re.compile(r"Field '(\w+)' expected (\w+), got \w+ \(value: (.*)\)$")
_FIELD_TYPES = re.compile(r"Field '(\w+)' with value (.*) doesn't match any type in \((.*)\)$")


def _one_line(exc: BaseException) -> str:
    """The last meaningful line of a library exception (strict-dataclass errors span several lines), in words a
    config's author reads: no exception class prefix ("TypeError: "), no Python class reprs (``<class 'int'>``),
    JSON's null for None; a field of the wrong type as "num_attention_heads must be int, got null"."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    text = re.sub(r"^(\w+(Error|Exception): )+", "", lines[-1]) if lines else "refused"
    text = re.sub(r"<class '(?:[\w]+\.)*(\w+)'>", r"\1", text)
    text = re.sub(r"\bNoneType\b", "null", text.split(". Errors: ")[0]).replace("(value: None)", "(value: null)")
    if m := _FIELD_TYPE.search(text):
        text = f"{m[1]} must be {m[2]}, got {m[3]}"
    elif m := _FIELD_TYPES.search(text):
        text = f"{m[1]} must be one of {m[3]}, got {m[2]}"
    return clip(text, 160)


def config_object(model_type: str, cfg: dict):
    """``AutoConfig.for_model(model_type, **cfg)`` (keys the cost model reads itself are dropped first)."""
    auto = _auto()
    kwargs = {k: v for k, v in cfg.items() if k not in DROPPED_KEYS and k != "model_type" and isinstance(k, str)}
    with _LOCK, _torch_hidden(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return auto.AutoConfig.for_model(model_type, **kwargs)
        except RecursionError:
            raise ConfigError(msg("cfg.library", model_type=quote(model_type, 40),
                                  detail="nested too deeply")) from None
        except Exception as exc:  # noqa: BLE001 (untrusted input: the library may raise anything)
            raise ConfigError(msg("cfg.library", model_type=quote(model_type, 40), detail=_one_line(exc))) from None


SHAPE_FIELDS = ("num_hidden_layers", "hidden_size", "num_attention_heads")  # transformers' names for the shape
TEXT_SECTIONS = ("text_config", "language_config", "llm_config")  # where a composite config keeps its decoder's


def defaulted(obj, cfg: dict) -> tuple[str, ...]:
    """The decoder's layer count, width or head count a config file does not give, as "name = value" with the value
    its config class fills in (LlamaConfig: 32 layers, 4096 wide). transformers reads such a file so, and real
    files rely on it (a config saved with ``use_diff`` omits defaults: gemma-3-4b-it's heads), so kvcost reads it so
    too, and says so. A field counts as given under its name or the class's alias (``attribute_map``: GPT-2's
    ``n_layer``); a composite config's decoder fields are looked up in its text section when it has one."""
    raw = next((cfg[k] for k in TEXT_SECTIONS if isinstance(cfg.get(k), dict)), cfg)
    aliases = getattr(type(obj), "attribute_map", None) or {}
    out = []
    for name in SHAPE_FIELDS:
        names = {name, aliases.get(name), *(k for k, v in aliases.items() if v == name)} - {None}
        if not any(raw.get(k) is not None for k in names):
            out.append(f"{name} = {getattr(obj, name, None)}")
    return tuple(out)


def text_config(obj):
    """The decoder's ``text_config`` of a composite (multimodal) config; the config itself otherwise."""
    inner = getattr(obj, "text_config", None)
    return inner if inner is not None and hasattr(inner, "to_dict") else obj
