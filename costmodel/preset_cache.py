"""Parsed presets (and the claims' in-code configs), committed next to them, so neither needs transformers nor a
parse.

Reading a ``config.json`` goes through transformers' config classes (``hflib``), whose import alone costs ~2 s.
Presets do not change between runs, so ``preset_specs.json`` keeps each preset's parsed ``ModelSpec`` keyed by
the SHA-256 of its config file and the transformers version that parsed it (section "presets"), and the same for
the claims' in-code configs (``claims_base.ADHOC_CONFIGS``, keyed by their canonical JSON: section "adhoc"). A spec
is served from it only when both match (the installed transformers version is read from the package's
``__init__.py`` without importing it); anything else is parsed as before. After changing a preset or an in-code
config, or upgrading transformers, regenerate:

    python -m costmodel.preset_cache

(tests/test_preset_cache.py fails while the committed file is stale).
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

from .spec import ModelSpec

CACHE_PATH = Path(__file__).resolve().parent / "preset_specs.json"
_VERSION_RE = re.compile(r"^__version__\s*=\s*[\"']([^\"']+)[\"']", re.M)


def digest(data: bytes) -> str:
    """SHA-256 hex digest of a config file's bytes (the cache key)."""
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def transformers_version() -> str | None:
    """The installed transformers version, read from its ``__init__.py`` (importing it takes ~2 s)."""
    try:
        spec = importlib.util.find_spec("transformers")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    try:
        head = Path(spec.origin).read_text(encoding="utf-8", errors="replace")[:200_000]
    except OSError:
        return None
    m = _VERSION_RE.search(head)
    return m.group(1) if m else None


@lru_cache(maxsize=4)
def _entries(section: str = "presets") -> dict[str, dict]:
    """id -> {"sha256", "spec"} of ``section`` ("presets": preset files; "adhoc": the claims' in-code configs) when
    the committed cache was written by the installed transformers."""
    try:
        data = json.loads(CACHE_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("transformers") != transformers_version():
        return {}
    entries = data.get(section)
    return entries if isinstance(entries, dict) else {}


def cached_spec(pid: str, data: bytes, section: str = "presets") -> ModelSpec | None:
    """The cached ModelSpec of preset ``pid`` whose config file holds ``data``; None on a miss."""
    entry = _entries(section).get(pid)
    if not isinstance(entry, dict) or entry.get("sha256") != digest(data):
        return None
    try:
        return ModelSpec.model_validate(entry["spec"])
    except (KeyError, ValueError):
        return None


def canonical(cfg: dict) -> bytes:
    """The bytes an in-code config is keyed by (sorted keys, no whitespace)."""
    return json.dumps(cfg, sort_keys=True, separators=(",", ":")).encode()


def cached_adhoc(name: str, cfg: dict) -> ModelSpec | None:
    """The cached ModelSpec of the claims' in-code config ``name`` (``claims_base.ADHOC_CONFIGS``) when the cache
    holds exactly ``cfg``; None on a miss."""
    return cached_spec(name, canonical(cfg), "adhoc")


def build() -> dict:
    """The cache's content: every preset parsed through transformers now."""
    from . import hflib
    from .hfconfig import parse_config_text
    from .presets import preset_files

    from .claims_base import ADHOC_CONFIGS
    from .hfconfig import spec_from_config

    presets = {}
    for pid, path in preset_files().items():
        data = path.read_bytes()
        spec = parse_config_text(data)
        presets[pid] = {"sha256": digest(data), "spec": spec.model_dump(mode="json")}
    adhoc = {name: {"sha256": digest(canonical(cfg)), "spec": spec_from_config(cfg, name=name).model_dump(mode="json")}
             for name, cfg in ADHOC_CONFIGS.items()}
    return {"transformers": hflib.version(), "presets": presets, "adhoc": adhoc}


def main() -> None:
    """Rebuild preset_specs.json from the preset configs with the installed transformers."""
    CACHE_PATH.write_text(json.dumps(build(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {CACHE_PATH}")


if __name__ == "__main__":
    main()
