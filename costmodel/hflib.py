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


def _one_line(exc: BaseException) -> str:
    """The last meaningful line of a library exception (strict-dataclass errors span several lines)."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return clip(lines[-1] if lines else type(exc).__name__, 160)


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


def text_config(obj):
    """The decoder's ``text_config`` of a composite (multimodal) config; the config itself otherwise."""
    inner = getattr(obj, "text_config", None)
    return inner if inner is not None and hasattr(inner, "to_dict") else obj
