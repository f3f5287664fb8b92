"""Published serving measurements (CSV + SOURCES.md), the engine-profile fit and its error report.

Importing this package is cheap and needs neither torch nor the fit: ``load_report()`` reads the committed
``results.json`` that ``python -m validation --published`` writes (the UI's Validation page shows it).
"""
from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def load_report(path: Path = RESULTS) -> dict | None:
    """The saved report ({date, engines: {id: tables}, points: [...]}) or None when there is none."""
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


__all__ = ["RESULTS", "load_report"]
