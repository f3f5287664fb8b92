"""Published serving measurements (CSV + SOURCES.md), the engine-profile fit and its error report.

Importing this package is cheap and needs neither torch nor the fit: ``load_report()`` reads the committed
``results.json`` that ``python -m validation --published`` writes (the UI's Validation page shows it).
"""
from __future__ import annotations

from pathlib import Path

from ..results import read_json

RESULTS = Path(__file__).resolve().parent / "results.json"


def load_report(path: Path = RESULTS) -> dict | None:
    """The saved report ({date, engines: {id: tables}, points: [...]}) or None when there is none; parsed once per
    version of the file and shared (``validation.results.read_json``): read it, never change it."""
    if not path.is_file():
        return None
    return read_json(path)


__all__ = ["RESULTS", "load_report"]
