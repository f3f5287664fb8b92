"""Parsed presets, committed next to them, so a preset needs neither transformers nor a parse.

Reading a ``config.json`` goes through transformers' config classes (``hflib``), whose import alone costs ~2 s.
Presets do not change between runs, so ``preset_specs.json`` keeps each preset's parsed ``ModelSpec`` keyed by
the SHA-256 of its config file and the transformers version that parsed it. A preset is served from it only when
both match (the installed transformers version is read from the package's ``__init__.py`` without importing it);
any other preset is parsed as before. After changing a preset or upgrading transformers, regenerate:

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


@lru_cache(maxsize=1)
def _entries() -> dict[str, dict]:
    """preset id -> {"sha256", "spec"} when the committed cache was written by the installed transformers."""
    try:
        data = json.loads(CACHE_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("transformers") != transformers_version():
        return {}
    presets = data.get("presets")
    return presets if isinstance(presets, dict) else {}


def cached_spec(pid: str, data: bytes) -> ModelSpec | None:
    """The cached ModelSpec of preset ``pid`` whose config file holds ``data``; None on a miss."""
    entry = _entries().get(pid)
    if not isinstance(entry, dict) or entry.get("sha256") != digest(data):
        return None
    try:
        return ModelSpec.model_validate(entry["spec"])
    except (KeyError, ValueError):
        return None


def build() -> dict:
    """The cache's content: every preset parsed through transformers now."""
    from . import hflib
    from .hfconfig import parse_config_text
    from .presets import preset_files

    presets = {}
    for pid, path in preset_files().items():
        data = path.read_bytes()
        spec = parse_config_text(data)
        presets[pid] = {"sha256": digest(data), "spec": spec.model_dump(mode="json")}
    return {"transformers": hflib.version(), "presets": presets}


def main() -> None:
    """Rebuild preset_specs.json from the preset configs with the installed transformers."""
    CACHE_PATH.write_text(json.dumps(build(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {CACHE_PATH}")


if __name__ == "__main__":
    main()
