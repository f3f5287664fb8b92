"""Read saved validation runs (``validation/results/*.json``). Pure json: no torch, safe for the UI."""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SECTIONS = ("equivalence", "cache_bytes", "timing", "claims")


class ResultError(ValueError):
    """A results file is missing or not a validation run (message is user-facing, one line)."""


def list_results(directory: str | Path | None = None) -> list[dict]:
    """Saved runs, newest first: [{path, name, device, date, quick, torch}] (unreadable files are skipped)."""
    root = Path(directory) if directory else RESULTS_DIR
    out = []
    for path in sorted(root.glob("*.json")):
        try:
            meta = load_result(path)["meta"]
        except ResultError:
            continue
        out.append({"path": str(path), "name": path.name, "device": meta.get("device", "?"),
                    "date": meta.get("date", ""), "quick": bool(meta.get("quick")),
                    "torch": meta.get("torch", "")})
    out.sort(key=lambda r: r["date"], reverse=True)
    return out


def load_result(path: str | Path) -> dict:
    """One run as a dict with keys meta, equivalence, cache_bytes, timing, claims (and params when present); parsed
    once per version of the file and shared (``read_json``): read it, never change it."""
    p = Path(path)
    if not p.is_file():
        raise ResultError(f"{p.name}: no such results file")
    if p.stat().st_size > 50_000_000:
        raise ResultError(f"{p.name}: larger than 50 MB")
    try:
        data = read_json(p)
    except (OSError, ValueError) as exc:
        raise ResultError(f"{p.name}: not readable JSON ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("meta"), dict):
        raise ResultError(f"{p.name}: not a validation results file (no meta)")
    missing = [s for s in SECTIONS if s not in data]
    if missing:
        raise ResultError(f"{p.name}: missing sections {', '.join(missing)}")
    return data


def read_json(path: Path) -> Any:
    """The parsed JSON of ``path``, parsed once per version of the file: the same object while the file's size,
    modification time and inode stay the same (an edited or replaced file is read again). Shared: callers only
    read it."""
    st = path.stat()
    return _parsed(str(path.resolve()), st.st_mtime_ns, st.st_size, st.st_ino)


@functools.lru_cache(maxsize=8)
def _parsed(path: str, mtime_ns: int, size: int, inode: int) -> Any:  # noqa: ARG001 - the key of a file version
    return json.loads(Path(path).read_text(encoding="utf-8"))


def summary(result: dict) -> dict:
    """Pass counts per section and the timing error, for a one-line overview."""
    def count(rows):  # a cited claim (ok null: an accuracy figure no cost model can check) is neither
        rows = [r for r in rows or [] if r.get("ok") is not None]
        return {"passed": sum(1 for r in rows if r.get("ok")), "total": len(rows)}

    timing = result.get("timing") or {}
    return {"equivalence": count(result.get("equivalence")), "cache_bytes": count(result.get("cache_bytes")),
            "params": count(result.get("params")), "claims": count(result.get("claims")),
            "timing_points": len(timing.get("points") or []),
            "timing_median_abs_rel_error": timing.get("median_abs_rel_error")}
