"""Error tables of the engine profiles against the published measurements (``python -m validation --published``).

For every engine: the profile as committed (fitted on the training split) is scored on the training and test
splits, then refitted once per source group with that group held out (leave-one-source-out, LOSO) and scored on
the held-out group. Errors are log ratios e = ln(predicted / measured); a table cell shows the median |e| as a
percentage (exp(median |e|) - 1), the median signed error (bias), the worst point as a factor and the count.
The error band of an engine (``engine_profiles/<id>.toml [validation]``, shown next to every speed) is the LOSO
median per metric class: throughput (output, total tokens/s, requests/s), TTFT (and llama.cpp prompt
processing), TPOT (TPOT, ITL, llama.cpp generation).
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import defaultdict
from pathlib import Path

import numpy as np

from costmodel.engines import ENGINES_DIR

from .evaluate import EngineData
from .fit import FITTED, fit_engine, train_mask

from . import RESULTS as OUT
CLASSES = ("throughput", "ttft", "tpot", "e2e")
BAND_KEYS = {"throughput": "throughput_pct", "ttft": "ttft_pct", "tpot": "tpot_pct"}


def stats(errors: np.ndarray) -> dict:
    """median |e| (%), bias (%), worst (factor), n."""
    if errors.size == 0:
        return {"n": 0, "median_abs_pct": None, "bias_pct": None, "worst_factor": None}
    a = np.abs(errors)
    return {"n": int(errors.size), "median_abs_pct": round(100 * math.expm1(float(np.median(a))), 1),
            "bias_pct": round(100 * math.expm1(float(np.median(errors))), 1),
            "worst_factor": round(math.exp(float(a.max())), 2)}


def _table(keys: list[tuple], errors: np.ndarray) -> list[dict]:
    groups: dict[tuple, list[float]] = defaultdict(list)
    for k, e in zip(keys, errors):
        groups[k].append(float(e))
    return [{"key": list(k), **stats(np.array(v))} for k, v in sorted(groups.items())]


def engine_report(engine: str) -> dict:
    data = EngineData.build(engine)
    mask = train_mask(data)
    err = data.log_errors()
    cls = [r.metric_class for r in data.rows]
    loso = np.full(len(data.rows), np.nan)
    groups = sorted({r.source_group for r in data.rows})
    held: dict[str, dict] = {}
    for g in groups:
        out = np.array([r.source_group == g for r in data.rows])
        if FITTED.get(engine) and (mask & ~out).any():
            res = fit_engine(data, mask & ~out)
            loso[out] = data.log_errors(res.values)[out]
            held[g] = {k: round(v, 8) for k, v in res.values.items()}
        else:
            loso[out] = err[out]
    points = [{"key": r.key, "source_group": r.source_group, "gpu": r.gpu, "model": r.model, "metric": r.metric,
               "class": r.metric_class, "workload": r.workload, "measured": r.value,
               "predicted": round(float(math.exp(e) * r.value), 6), "loso_error": round(float(lo), 4),
               "split": "train" if m else "test"} for r, e, lo, m in zip(data.rows, err, loso, mask)]
    by_class = {c: {"train": stats(err[mask & np.array([x == c for x in cls])]),
                    "test": stats(err[~mask & np.array([x == c for x in cls])]),
                    "loso": stats(loso[np.array([x == c for x in cls])])} for c in CLASSES}
    return {
        "engine": engine, "rows": len(data.rows), "skipped": data.skipped, "sources": groups,
        "by_class": by_class,
        "by_gpu": _table([(r.gpu, r.metric_class) for r in data.rows], loso),
        "by_source": _table([(r.source_group, r.metric_class) for r in data.rows], loso),
        "loso_fits": held, "points": points,
    }


def band(rep: dict) -> dict:
    return {BAND_KEYS[c]: rep["by_class"][c]["loso"]["median_abs_pct"] for c in BAND_KEYS}


def write_band(engine: str, rep: dict, today: dt.date, directory: Path = ENGINES_DIR) -> None:
    """Write the LOSO error band into ``[validation]`` of the engine's profile."""
    path = directory / f"{engine}.toml"
    text = re.sub(r"^\[validation\]\n.*?(?=^\[|\Z)", "", path.read_text(encoding="utf-8"), flags=re.S | re.M)
    b = band(rep)
    lines = ["[validation]"] + [f"{k} = {v}" for k, v in b.items() if v is not None] + [
        f"points = {rep['rows']}", f"sources = {len(rep['sources'])}",
        'method = "leave-one-source-out median |log error| (validation/published/report.py)"',
        f"as_of = {today.isoformat()}"]
    text = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    text = text.replace("\n\n\n", "\n\n")
    path.write_text(text, encoding="utf-8")


def _fmt_row(label: str, s: dict) -> str:
    if not s["n"]:
        return f"  {label:<46} {'-':>7}"
    return (f"  {label:<46} {s['median_abs_pct']:>6.1f}% {s['bias_pct']:>+7.1f}% {s['worst_factor']:>6.2f}x "
            f"{s['n']:>5}")


def render(reports: list[dict]) -> str:
    lines = []
    for rep in reports:
        lines.append(f"== {rep['engine']}: {rep['rows']} points from {len(rep['sources'])} sources "
                     f"(median |error|, bias, worst, n)")
        for c in CLASSES:
            for split in ("train", "test", "loso"):
                lines.append(_fmt_row(f"{c} [{split}]", rep["by_class"][c][split]))
        lines.append("  -- leave-one-source-out, by GPU and metric class")
        lines += [_fmt_row(" / ".join(t["key"]), t) for t in rep["by_gpu"]]
        lines.append("  -- leave-one-source-out, by source and metric class")
        lines += [_fmt_row(" / ".join(t["key"]), t) for t in rep["by_source"]]
        if rep["skipped"]:
            lines.append("  -- not predicted: " + "; ".join(f"{k} ({v})" for k, v in sorted(rep["skipped"].items())))
    return "\n".join(lines)


def main(engines: list[str] | None = None, out: Path = OUT, write_bands: bool = True) -> int:
    today = dt.date.today()
    reports = [engine_report(e) for e in (engines or sorted(FITTED))]
    print(render(reports))
    summary = {"date": today.isoformat(), "engines": {r["engine"]: {k: v for k, v in r.items() if k != "points"}
                                                      for r in reports},
               "points": [dict(p, engine=r["engine"]) for r in reports for p in r["points"]]}
    out.write_text(json.dumps(summary, indent=0, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    if write_bands:
        for r in reports:
            write_band(r["engine"], r, today)
    return 0


__all__ = ["band", "engine_report", "main", "render", "stats", "write_band"]
