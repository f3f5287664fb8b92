"""kvcost: closed-form cost model for LLM inference (memory, KV cache, roofline time, fleet, ROI).

Pure Python + numpy + pydantic; never imports torch or streamlit.

The names below are imported on first use (PEP 562), so ``python -m costmodel list gpus`` loads only the
hardware profiles, not numpy and the estimate machinery: ``from costmodel import estimate`` works as before.
"""
from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

# public name -> (module, name in that module)
_LAZY: dict[str, tuple[str, str]] = {
    "Assumptions": (".assumptions", "Assumptions"), "DEFAULT_ASSUMPTIONS": (".assumptions", "DEFAULT"),
    **{n: (".dtypes", n) for n in ("KV_FORMATS", "WEIGHT_FORMATS", "FormatError", "kv_format", "weight_format")},
    **{n: (".estimate", n) for n in ("InputError", "compare", "estimate", "speedup")},
    "Estimate": (".estimate_result", "Estimate"),
    **{n: (".hardware", n) for n in ("HardwareError", "HardwareProfile", "get_profile", "load_profiles")},
    **{n: (".hfconfig", n) for n in ("ConfigError", "parse_config_text", "spec_from_config")},
    **{n: (".presets", n) for n in ("get_model", "load_presets", "preset_ids")},
    **{n: (".schemes", n) for n in ("SCHEMES", "Scheme", "SchemeError", "default_schemes", "native_scheme",
                                     "parse_scheme")},
    **{n: (".engines", n) for n in ("DEFAULT_ENGINE", "EngineError", "EngineProfile", "engine_ids", "get_engine",
                                     "load_engines")},
    "ModelSpec": (".spec", "ModelSpec"),
    **{n: (".hosts", n) for n in ("HostError", "HostProfile", "get_host", "load_hosts")},
}


def _user_errors() -> tuple[type[Exception], ...]:
    """The exceptions whose message is a one-line, user-facing explanation of bad input."""
    from .dtypes import FormatError
    from .engines import EngineError
    from .estimate import InputError
    from .hardware import HardwareError
    from .hfconfig import ConfigError
    from .hosts import HostError
    from .schemes import SchemeError
    return (ConfigError, HardwareError, SchemeError, InputError, FormatError, EngineError, HostError)


def __getattr__(name: str):
    if name == "USER_ERRORS":
        value = _user_errors()
    elif name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(import_module(module, __name__), attr)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


class _Package(ModuleType):
    """Importing the submodule ``costmodel.estimate`` must not hide the function ``costmodel.estimate``: the
    import system binds every submodule on its package, which the eager imports used to overwrite."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, ModuleType) and _LAZY.get(name, ("", ""))[0] == "." + name:
            return  # resolved by __getattr__ instead
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

if TYPE_CHECKING:  # what type checkers and IDEs see
    from .assumptions import DEFAULT as DEFAULT_ASSUMPTIONS, Assumptions
    from .dtypes import KV_FORMATS, WEIGHT_FORMATS, FormatError, kv_format, weight_format
    from .engines import DEFAULT_ENGINE, EngineError, EngineProfile, engine_ids, get_engine, load_engines
    from .estimate import InputError, compare, estimate, speedup
    from .estimate_result import Estimate
    from .hardware import HardwareError, HardwareProfile, get_profile, load_profiles
    from .hfconfig import ConfigError, parse_config_text, spec_from_config
    from .presets import get_model, load_presets, preset_ids
    from .schemes import SCHEMES, Scheme, SchemeError, default_schemes, native_scheme, parse_scheme
    from .spec import ModelSpec

    USER_ERRORS: tuple[type[Exception], ...]

__all__ = [
    "Assumptions", "DEFAULT_ASSUMPTIONS", "KV_FORMATS", "WEIGHT_FORMATS", "FormatError", "kv_format", "weight_format",
    "Estimate", "InputError", "compare", "estimate", "speedup", "HardwareError", "HardwareProfile", "get_profile",
    "load_profiles", "ConfigError", "parse_config_text", "spec_from_config", "get_model", "load_presets",
    "preset_ids", "SCHEMES", "Scheme", "SchemeError", "default_schemes", "native_scheme", "parse_scheme",
    "ModelSpec", "USER_ERRORS", "DEFAULT_ENGINE", "EngineError", "EngineProfile", "engine_ids", "get_engine",
    "load_engines",
]
