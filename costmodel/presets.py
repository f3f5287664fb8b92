"""Preset models: real Hugging Face config.json files in ``model_configs/``, parsed like an upload.

Each preset is parsed once per process, and normally not at all: ``preset_cache`` serves the committed parse of
an unchanged file (keyed by its hash and the transformers version), so listing or estimating presets does not
import transformers.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from . import hub, preset_cache
from .hfconfig import MAX_CONFIG_BYTES, ConfigError, parse_config_text
from .i18n import msg
from .spec import ModelSpec

CONFIG_DIR = Path(__file__).resolve().parent / "model_configs"


@lru_cache(maxsize=1)
def preset_files() -> dict[str, Path]:
    """Preset id (file stem) -> config file, sorted by id (the directory is listed once per process)."""
    return {p.stem: p for p in sorted(CONFIG_DIR.glob("*.json"), key=lambda p: p.stem)}


@lru_cache(maxsize=64)
def _preset(pid: str) -> ModelSpec:
    data = preset_files()[pid].read_bytes()
    return preset_cache.cached_spec(pid, data) or parse_config_text(data)


def _ids() -> list[str]:
    return list(preset_files())


@lru_cache(maxsize=1)
def load_presets() -> dict[str, ModelSpec]:
    """Preset id (file stem) -> ModelSpec."""
    return {pid: _preset(pid) for pid in _ids()}


def preset_ids() -> list[str]:
    """Ids (file stems) of the bundled preset models."""
    return list(load_presets())


def get_model(key: str) -> ModelSpec:
    """A preset by id or display name (case-insensitive), ``hf:org/name[@revision]`` (config.json from the Hugging
    Face Hub, see ``hub``), or a path to a config.json file (named from the config or the file, not the folder)."""
    k = str(key).strip()
    if k.lower().startswith(hub.PREFIX):
        return hub.load_model(k)
    if k.lower() in preset_files():  # one preset by id: that file only (the CLI's common case)
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
