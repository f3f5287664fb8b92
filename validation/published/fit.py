"""Fit the engines' end-to-end terms to the published measurements; write them into ``engine_profiles/*.toml``.

``python -m validation.published.fit [--engine NAME] [--dry-run]``

* Only the terms listed in ``FITTED`` are fitted (fixed per-step and per-layer costs, the arrival synchronisation
  of in-flight prompts, and for llama.cpp its efficiencies); every other term keeps its evidence value.
* Objective: least squares on log(predicted / measured) (``lsq``, deterministic), each row weighted by
  1/sqrt(rows of its (source group, metric class)) so that a large table does not drown a small source, with a
  soft-L1 loss (errors beyond ~20 % count linearly) so that a few points the model cannot explain (queueing
  in a benchmark, an engine version far off the others) do not pull every parameter.
* Priors: every fitted term starts at its evidence value and is pulled back to it (a Gaussian prior in log space,
  ``prior_sigma``), so a term the data cannot pin down stays physical.
* Training split: rows whose key (file:line) hashes (CRC-32) to a value not divisible by 5 (about 80 %); the other
  rows are the test split. The profiles get the training-split fit. ``report`` also refits once per source group
  without it (leave-one-source-out).
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from costmodel.engines import ENGINES_DIR, load_engines

from .evaluate import EngineData
from .lsq import Bound, FitResult, fit, prior_residuals

OBJECTIVE = ("robust (soft-L1, scale 0.2) least squares on log(predicted/measured), rows weighted "
             "1/sqrt(rows in their (source group, metric class))")
SOFT_L1_SCALE = 0.2  # log-error scale beyond which a residual counts linearly, not quadratically
SPLIT = "train = rows whose CRC-32 of 'file:line' is not divisible by 5; test = the rest"
# Bounds keep fitted costs physical: a step costs 0.1-20 ms of host work, a layer 2-150 us of fixed kernel time
# (aiconfigurator: ~4-6 us per GEMM call x 4-7 GEMMs, ~13-16 us per attention call, plus norm/RoPE/activation
# kernels), a request 0-2 s before its first step.
# Each fitted term has an evidence prior (its start value; sigma in log space: ln 2 = "within a factor of 2"),
# so that a term the remaining data cannot determine (a source held out) falls back to the evidence.
LN15, LN2, LN4 = 0.4055, 0.6931, 1.3863
SERVING_FIT = (Bound("step_overhead_s", 1e-3, 1e-4, 2e-2, prior_sigma=LN2),
               Bound("layer_overhead_s", 5e-5, 2e-6, 1.5e-4, prior_sigma=LN15),
               Bound("arrival_sync", 0.5, 0.0, 1.0, log=False, prior_sigma=0.2),
               Bound("request_overhead_s", 0.05, 1e-4, 2.0, prior_sigma=LN2))
# MI300X (CDNA3): no per-operation tables; prior = the Hopper values of the CUDA engines, within a factor of 2
CDNA3 = (Bound("bw_efficiency@cdna3", 0.85, 0.1, 1.0, prior_sigma=LN2),
         Bound("gemm_efficiency@cdna3", 0.7, 0.05, 1.0, prior_sigma=LN2),
         Bound("gemm_efficiency_8bit@cdna3", 0.55, 0.05, 1.0, prior_sigma=LN2),
         Bound("step_overhead_s@cdna3", 1e-3, 1e-4, 2e-2, prior_sigma=LN4),
         Bound("layer_overhead_s@cdna3", 5e-5, 2e-6, 3e-4, prior_sigma=LN4))
# GPU families with llama-bench rows (blackwell: RTX 50x0 in discussion #15013)
LLAMACPP_FAMILIES = ("ampere", "ada", "hopper", "apple", "blackwell")
FITTED: dict[str, tuple[Bound, ...]] = {
    "vllm": SERVING_FIT + CDNA3,
    "trtllm": SERVING_FIT,
    "sglang": SERVING_FIT + CDNA3,
    "llamacpp": (Bound("step_overhead_s", 5e-4, 1e-5, 5e-3, prior_sigma=LN4),
                 Bound("layer_overhead_s", 2e-5, 1e-6, 5e-5, prior_sigma=LN4),
                 *(Bound(f"bw_efficiency@{f}", 0.75, 0.1, 1.0, prior_sigma=LN2)
                   for f in LLAMACPP_FAMILIES),
                 *(Bound(f"gemm_efficiency_8bit@{f}", 0.4, 0.02, 1.5, prior_sigma=LN4)
                   for f in LLAMACPP_FAMILIES),
                 Bound("gemm_efficiency", 0.4, 0.02, 1.5, prior_sigma=LN4)),
}


def train_mask(data: EngineData) -> np.ndarray:
    return np.array([zlib.crc32(r.key.encode()) % 5 != 0 for r in data.rows])


def weights(data: EngineData) -> np.ndarray:
    groups = [(r.source_group, r.metric_class) for r in data.rows]
    counts: dict[tuple[str, str], int] = {}
    for g in groups:
        counts[g] = counts.get(g, 0) + 1
    return np.array([1 / np.sqrt(counts[g]) for g in groups])


def bounds_for(data: EngineData) -> list[Bound]:
    """The engine's fitted terms, dropping GPU-family terms the data has no rows for."""
    present = set(data.families[data.case_index]) if len(data.rows) else set()
    return [b for b in FITTED[data.engine] if "@" not in b.name or b.name.split("@")[1] in present]


def fit_engine(data: EngineData, mask: np.ndarray) -> FitResult:
    """Fit ``FITTED[engine]`` on the rows where ``mask`` is true."""
    w = np.sqrt(weights(data))[mask]
    c = SOFT_L1_SCALE

    bounds = bounds_for(data)

    def residuals(v: dict[str, float]) -> np.ndarray:
        r = data.log_errors(v)[mask] / c
        return np.concatenate([w * np.sign(r) * np.sqrt(2 * (np.sqrt(1 + r * r) - 1)), prior_residuals(v, bounds)])

    return fit(residuals, bounds)


@dataclass(frozen=True)
class Written:
    engine: str
    values: dict[str, float]
    rows: int


def _fmt(v: float) -> str:
    return f"{v:.4g}" if abs(v) >= 1e-3 or v == 0 else f"{v:.3e}"


def write_profile(engine: str, values: dict[str, float], rows: int, sources: list[str], today: dt.date,
                  directory: Path = ENGINES_DIR) -> None:
    """Write fitted values (and the fit's provenance) into ``<engine>.toml`` in place."""
    path = directory / f"{engine}.toml"
    text = path.read_text(encoding="utf-8")
    prof = load_engines(str(directory))[engine]
    by_term: dict[str, dict[str, float]] = {}
    for name, v in values.items():
        term, _, fam = name.partition("@")
        by_term.setdefault(term, {})[fam] = v
    for term, vals in by_term.items():
        m = re.search(rf"^\[terms\.{term}\]\n(.*?)(?=^\[|\Z)", text, flags=re.S | re.M)
        if m is None:
            raise ValueError(f"{path.name}: no [terms.{term}]")
        block = m.group(1)
        if "" in vals:
            block = re.sub(r"^value = .*$", f"value = {_fmt(vals[''])}", block, count=1, flags=re.M)
        arch = {**prof.terms[term].by_arch, **{f: v for f, v in vals.items() if f}}
        if arch:
            line = "by_arch = { " + ", ".join(f"{f} = {_fmt(v)}" for f, v in sorted(arch.items())) + " }"
            block = re.sub(r"^by_arch = .*$\n?", "", block, flags=re.M)
            block = block.rstrip("\n") + "\n" + line + "\n"
        if "fitted = true" not in block:
            block = block.rstrip("\n") + "\nfitted = true\n"
        if not block.endswith("\n\n"):
            block = block.rstrip("\n") + "\n\n"
        text = text[:m.start(1)] + block + text[m.end(1):]
    fit_table = (f'[fit]\nscript = "validation/published/fit.py"\ndate = {today.isoformat()}\nrows = {rows}\n'
                 f'split = "{SPLIT}"\nsources = [{", ".join(repr(s).replace(chr(39), chr(34)) for s in sources)}]\n'
                 f'objective = "{OBJECTIVE}"\n')
    text = re.sub(r"^\[fit\]\n.*?(?=^\[(?!fit\])|\Z)", "", text, flags=re.S | re.M).rstrip("\n") + "\n\n"
    text = text.replace("\n[terms.", "\n" + fit_table + "\n[terms.", 1) if "[fit]" not in text else text
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    load_engines.cache_clear()


def run(engines: list[str], dry_run: bool = False, today: dt.date | None = None) -> list[Written]:
    out = []
    for eng in engines:
        data = EngineData.build(eng)
        mask = train_mask(data)
        res = fit_engine(data, mask)
        sources = sorted({r.source_group for r, m in zip(data.rows, mask) if m})
        print(f"{eng}: {int(mask.sum())} training rows, cost {res.cost:.4g}, {res.iterations} iterations: "
              + ", ".join(f"{k}={_fmt(v)}" for k, v in res.values.items()))
        if not dry_run:
            write_profile(eng, res.values, int(mask.sum()), sources, today or dt.date.today())
        out.append(Written(eng, res.values, int(mask.sum())))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--engine", action="append", choices=sorted(FITTED), help="default: every fitted engine")
    ap.add_argument("--dry-run", action="store_true", help="print the fitted values, do not write the profiles")
    args = ap.parse_args(argv)
    run(args.engine or sorted(FITTED), args.dry_run)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
