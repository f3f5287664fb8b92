"""kvcost: closed-form cost model for LLM inference (memory, KV cache, roofline time, fleet, ROI).

Pure Python + numpy + pydantic; never imports torch or streamlit.
"""
from .assumptions import DEFAULT as DEFAULT_ASSUMPTIONS, Assumptions
from .dtypes import KV_FORMATS, WEIGHT_FORMATS, FormatError, kv_format, weight_format
from .engines import DEFAULT_ENGINE, EngineError, EngineProfile, engine_ids, get_engine, load_engines
from .estimate import Estimate, InputError, compare, estimate, speedup
from .hardware import HardwareError, HardwareProfile, get_profile, load_profiles
from .hfconfig import ConfigError, parse_config_text, spec_from_config
from .presets import get_model, load_presets, preset_ids
from .schemes import SCHEMES, Scheme, SchemeError, default_schemes, native_scheme, parse_scheme
from .spec import ModelSpec

USER_ERRORS = (ConfigError, HardwareError, SchemeError, InputError, FormatError, EngineError)

__all__ = [
    "Assumptions", "DEFAULT_ASSUMPTIONS", "KV_FORMATS", "WEIGHT_FORMATS", "FormatError", "kv_format", "weight_format",
    "Estimate", "InputError", "compare", "estimate", "speedup", "HardwareError", "HardwareProfile", "get_profile",
    "load_profiles", "ConfigError", "parse_config_text", "spec_from_config", "get_model", "load_presets",
    "preset_ids", "SCHEMES", "Scheme", "SchemeError", "default_schemes", "native_scheme", "parse_scheme",
    "ModelSpec", "USER_ERRORS", "DEFAULT_ENGINE", "EngineError", "EngineProfile", "engine_ids", "get_engine",
    "load_engines",
]
