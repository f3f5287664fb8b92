"""Preset models: real Hugging Face config.json files in ``model_configs/``, parsed like an upload."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from . import hub
from .hfconfig import MAX_CONFIG_BYTES, ConfigError, parse_config_text
from .i18n import msg
from .spec import ModelSpec

CONFIG_DIR = Path(__file__).resolve().parent / "model_configs"


@lru_cache(maxsize=64)
def _preset(pid: str) -> ModelSpec:
    return parse_config_text((CONFIG_DIR / f"{pid}.json").read_text(encoding="utf-8"))


def _ids() -> list[str]:
    return sorted(p.stem for p in CONFIG_DIR.glob("*.json"))


@lru_cache(maxsize=1)
def load_presets() -> dict[str, ModelSpec]:
    """Preset id (file stem) -> ModelSpec."""
    return {pid: _preset(pid) for pid in _ids()}


def preset_ids() -> list[str]:
    return list(load_presets())


def get_model(key: str) -> ModelSpec:
    """A preset by id or display name (case-insensitive), ``hf:org/name[@revision]`` (config.json from the Hugging
    Face Hub, see ``hub``), or a path to a config.json file (named from the config or the file, not the folder)."""
    k = str(key).strip()
    if k.lower().startswith(hub.PREFIX):
        return hub.load_model(k)
    if k.lower() in _ids():  # one preset by id: parse just that file (the CLI's common case)
        return _preset(k.lower())
    presets = load_presets()
    for spec in presets.values():
        if spec.name.lower() == k.lower():
            return spec
    path = Path(k)
    if k.endswith(".json") or _is_file(path):
        if not _is_file(path):
            raise ConfigError(msg("preset.no_file", path=k))
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(msg("cfg.too_big", size=path.stat().st_size, limit=MAX_CONFIG_BYTES))
        return parse_config_text(path.read_bytes(), file_name=path.name)
    from .hardware import closest

    raise ConfigError(msg("preset.unknown", key=k, presets=", ".join(closest(k, presets))))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        return False
