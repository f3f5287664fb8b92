"""Vectorized sweep vs the scalar estimate loop, on the same grid. Prints ratios measured in one run.

    python bench/bench_sweep.py
"""
from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from costmodel import default_schemes, estimate, load_profiles, preset_ids  # noqa: E402
from costmodel.sweep import sweep  # noqa: E402


def main() -> None:
    models, gpus = preset_ids(), list(load_profiles())
    schemes = [s.token() for s in default_schemes()]
    ctx = np.unique(np.logspace(0, 9, 32).astype(np.int64))
    bat = np.unique(np.logspace(0, 6, 16).astype(np.int64))
    sweep(models[:1], schemes[:1], gpus[:1], ctx[:2], bat[:2])  # warm imports and caches

    t0 = time.perf_counter()
    res = sweep(models, schemes, gpus, ctx, bat)
    t_vec = time.perf_counter() - t0
    vec_rate = res.evaluations / t_vec

    # scalar loop over a random subset of the same grid points (the full grid would take minutes)
    rng = np.random.default_rng(0)
    n_scalar, done, t0 = 2000, 0, time.perf_counter()
    while done < n_scalar:
        m, s, g = rng.choice(models), rng.choice(schemes), rng.choice(gpus)
        c, b = int(rng.choice(ctx)), int(rng.choice(bat))
        try:
            estimate(m, g, s, context=c, batch=b)
        except ValueError:
            pass  # inapplicable scheme: counts as an evaluation in both paths
        done += 1
    t_sc = time.perf_counter() - t0
    sc_rate = done / t_sc
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"grid: {len(models)} models x {len(schemes)} schemes x {len(gpus)} GPUs x {ctx.size} contexts x "
          f"{bat.size} batches = {res.evaluations:,} evaluations")
    print(f"sweep (vectorized): {t_vec:.3f} s -> {vec_rate:,.0f} evaluations/s (target >= 1,000,000)")
    print(f"estimate loop (scalar): {done:,} points in {t_sc:.3f} s -> {sc_rate:,.0f} evaluations/s")
    print(f"ratio vectorized / scalar: {vec_rate / sc_rate:,.0f}x")


if __name__ == "__main__":
    main()
