"""Preset models: real Hugging Face config.json files in ``model_configs/``, parsed like an upload."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .hfconfig import ConfigError, parse_config_text
from .i18n import msg
from .spec import ModelSpec

CONFIG_DIR = Path(__file__).resolve().parent / "model_configs"


@lru_cache(maxsize=1)
def load_presets() -> dict[str, ModelSpec]:
    """Preset id (file stem) -> ModelSpec."""
    out: dict[str, ModelSpec] = {}
    for path in sorted(CONFIG_DIR.glob("*.json")):
        out[path.stem] = parse_config_text(path.read_text(encoding="utf-8"))
    return out


def preset_ids() -> list[str]:
    return list(load_presets())


def get_model(key: str) -> ModelSpec:
    """A preset by id or display name (case-insensitive), or a path to a config.json file."""
    presets = load_presets()
    k = key.strip()
    if k.lower() in presets:
        return presets[k.lower()]
    for spec in presets.values():
        if spec.name.lower() == k.lower():
            return spec
    path = Path(k)
    if k.endswith(".json") or path.is_file():
        if not path.is_file():
            raise ConfigError(msg("preset.no_file", path=k))
        return parse_config_text(path.read_bytes(), name=path.parent.name or path.stem)
    raise ConfigError(msg("preset.unknown", key=key, presets=", ".join(presets)))
