"""The vectorized sweep against a plain numpy baseline and the scalar estimate loop, measured in one run.

    python bench/bench_sweep.py [--rounds 5] [--before DIR]

* large grid: every preset x every default scheme x every GPU profile x 31 contexts x 16 batches;
* baseline: 25 multiply-adds per point (``acc = acc * a + b``) on float64 arrays of the grid's size -- what plain
  numpy does per point with the same number of points; also its in-place form (``np.multiply(..., out=)``), the
  faster bound;
* small sweeps: the Compare page's (one model, every scheme, one GPU, ~15 contexts, one batch) and 1,000-point
  grids, rate per point against the large grid's; each also "cold" (every call gets a fresh contexts array, shifted
  by 1-999 tokens, so nothing keyed on the contexts could be reused between calls) and against the numpy baseline
  on arrays of the same small size (what numpy itself reaches per point there, relative to its large-array rate:
  the floor a small sweep is judged against); each also on its first context and batch only (the call's fixed
  cost) and, where it has one model and one GPU, against ``stacked_floor``: the same arithmetic written out by hand
  with the schemes stacked as one array axis (what an ideal small sweep would cost);
* scalar: ``estimate`` on random points of the same grid (ideal engine, as the sweep).

Every figure is the median over ``--rounds`` interleaved rounds, by CPU time of this process (other load on the
machine slows all contenders alike). ``--before DIR``: also time the sweep of an earlier checkout, in a child
process, on its preset grid and on the same small sweeps.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CTX = np.unique(np.logspace(0, 9, 32).astype(np.int64))
BAT = np.unique(np.logspace(0, 6, 16).astype(np.int64))


def cpu(fn, repeats: int = 1) -> float:
    """CPU seconds of one call (best of ``repeats`` for calls too short to time once)."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def per_call(fn, min_s: float = 0.2) -> float:
    """CPU seconds per call of a short call, repeated for at least ``min_s``."""
    fn()
    n, t0 = 0, time.process_time()
    while time.process_time() - t0 < min_s:
        fn()
        n += 1
    return (time.process_time() - t0) / n


def baseline(n: int, inplace: bool, small: bool = False) -> float:
    """CPU seconds of 25 multiply-adds per point on ``n`` float64 points (``small``: per call, repeated)."""
    rng = np.random.default_rng(0)
    coef = rng.random((25, 2))
    x = rng.random(n)

    def plain() -> None:
        acc = x
        for a, b in coef:
            acc = acc * a + b

    def in_place() -> None:
        acc = x.copy()
        for a, b in coef:
            np.multiply(acc, a, out=acc)
            np.add(acc, b, out=acc)

    fn = in_place if inplace else plain
    return per_call(fn) if small else cpu(fn)


def stacked_floor(n_schemes: int, contexts, batches) -> float:
    """Per-call CPU seconds of the least numpy work a sweep of one model x ``n_schemes`` schemes x one GPU can do: the
    fit and roofline arithmetic of ``memory.used_bytes`` and ``roofline.decode_step`` (cache, activations, weight
    reads, residency, FLOPs, time, fit) written out once, the schemes stacked as one array axis, the model's and GPU's
    terms as constants, no function call, no validation beyond the limits -- what an ideal small sweep would cost."""
    s = n_schemes
    per_token, read_w, params, flops = (np.linspace(1.0, 2.0, s).reshape(s, 1, 1, 1) * v
                                        for v in (131_072.0, 16e9, 8e9, 1e5))

    def floor() -> None:
        c, b = np.asarray(contexts, dtype=np.int64), np.asarray(batches, dtype=np.int64)
        if c.min() < 1 or b.min() < 1:
            raise ValueError
        c, b = c[:, None].astype(np.float64), b[None, :].astype(np.float64)
        out = [np.empty((1, s, 1, c.size, b.size), bool if k in (1, 4) else np.float64) for k in range(5)]
        kv = b * (per_token * c)
        total = read_w + kv + np.trunc(np.minimum(b * c, 8192.0) * 24_000 * 2 + b * 512_000) + 1e9
        weights = (read_w - (128_256 - np.minimum(b, 128_256) * 1.0) * 4096) * 16 / 8
        hbm = weights + np.where(kv <= 0.5 * 50e6, 0.0, b * (per_token * (c + 1)) * 1.0)
        comp = (b * 2.0 * params / 989e12 + b * (32 * (flops * c)) / 989e12) / 0.7
        mem = hbm / (3.35e12 * 0.8)
        t = np.maximum(mem, comp) + 0.0
        out[0][0], out[1][0], out[2][0], out[3][0], out[4][0] = total, total <= 80e9, t, b / t, comp > mem

    return per_call(floor)


def time_smalls(sweep_fn, smalls: dict[str, list]) -> dict[str, float]:
    """Per-call CPU seconds of each small sweep: warm (the same arguments every call) and cold (fresh contexts)."""
    out: dict[str, float] = {}
    for name, args in smalls.items():
        out[name], out["cold " + name] = _time_small(sweep_fn, *args)
    return out


def _time_small(sweep_fn, models, schemes, gpus, contexts, batches) -> tuple[float, float]:
    ctx = np.asarray(contexts, dtype=np.int64)
    base = np.minimum(ctx, 10**9 - 1000)  # + 1..999 tokens stays within the 1e9 limit
    shift = iter(range(10**9))
    warm = per_call(lambda: sweep_fn(models, schemes, gpus, ctx, batches))
    cold = per_call(lambda: sweep_fn(models, schemes, gpus, base + (next(shift) % 999 + 1), batches))  # one add
    return warm, cold


BEFORE = textwrap.dedent("""
    import json, sys, time, numpy as np
    sys.path.insert(0, {root!r})
    from costmodel import default_schemes, load_profiles, preset_ids
    from costmodel.sweep import sweep
    sys.path.insert(1, {bench!r})
    from bench_sweep import time_smalls  # this file: its timing, the earlier checkout's sweep
    models, gpus, schemes = preset_ids(), list(load_profiles()), [s.token() for s in default_schemes()]
    ctx, bat = np.unique(np.logspace(0, 9, 32).astype(np.int64)), np.unique(np.logspace(0, 6, 16).astype(np.int64))
    sweep(models[:1], schemes[:1], gpus[:1], ctx[:2], bat[:2])
    t0 = time.process_time(); r = sweep(models, schemes, gpus, ctx, bat); t = time.process_time() - t0
    smalls = {{}}
    for name, args in json.loads(sys.stdin.read()).items():  # one the earlier checkout cannot run is left out
        try:
            smalls.update(time_smalls(sweep, {{name: args}}))
        except Exception:
            pass
    print(json.dumps(dict(n=r.evaluations, s=t, smalls=smalls)))
""")


def main() -> None:
    """Time everything in interleaved rounds and print one report."""
    sys.path.insert(0, str(ROOT))  # here, not at import: --before's child imports this file for its timing only
    from costmodel import default_schemes, estimate, load_profiles, preset_ids
    from costmodel.sweep import sweep

    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--before", type=Path)
    args = ap.parse_args()
    models, gpus = preset_ids(), list(load_profiles())
    schemes = [s.token() for s in default_schemes()]
    sweep(models[:1], schemes[:1], gpus[:1], CTX[:2], BAT[:2])  # warm imports and caches
    n = sweep(models, schemes, gpus, CTX, BAT).evaluations
    ui_ctx = np.unique(np.geomspace(1024, 16 * 1024**2, 15).astype(np.int64))
    # each small sweep as data (models, schemes, GPUs, contexts, batches), so --before's child runs the same ones
    smalls: dict[str, list] = {
        "Compare page: 1 model x all schemes x 1 GPU x 15 ctx x 1 batch":
            [["llama-3.1-8b"], schemes, ["h100-sxm-80gb"], ui_ctx.tolist(), [1]],
        f"1 model x 1 scheme x {len(gpus)} GPUs x 8 ctx x 5 batches ({len(gpus) * 40:,})":
            [["llama-3.1-8b"], ["gqa"], gpus, CTX[::4].tolist(), BAT[::3][:5].tolist()],
        "1 model x 2 schemes x 1 GPU x 31 ctx x 16 batches (992)":
            [["llama-3.1-8b"], ["gqa", "mla"], ["h100-sxm-80gb"], CTX.tolist(), BAT.tolist()],
    }
    sizes = {name: sweep(*args).evaluations for name, args in smalls.items()}
    rng = np.random.default_rng(0)
    points = [(rng.choice(models), rng.choice(schemes), rng.choice(gpus), int(rng.choice(CTX)), int(rng.choice(BAT)))
              for _ in range(1000)]

    def scalar() -> None:
        for m, s, g, c, b in points:
            try:
                estimate(m, g, s, context=c, batch=b, engine="ideal")
            except ValueError:
                pass  # inapplicable scheme: counts as an evaluation in both paths

    rows: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        rows.setdefault(key, []).append(value)

    for _ in range(args.rounds):
        add("sweep", cpu(lambda: sweep(models, schemes, gpus, CTX, BAT)))
        add("plain", baseline(n, False))
        add("inplace", baseline(n, True))
        for key, value in time_smalls(sweep, smalls).items():
            add(key, value)
        for name, pts in sizes.items():
            add("plain " + name, baseline(pts, False, small=True))
            m_, s_, g_, c_, b_ = smalls[name]
            add("one point " + name, per_call(lambda m_=m_, s_=s_, g_=g_, c_=c_, b_=b_: sweep(m_, s_, g_, c_[:1],
                                                                                            b_[:1])))
            if len(m_) == 1 and len(g_) == 1:
                add("floor " + name, stacked_floor(len(s_), c_, b_))
        add("scalar", cpu(scalar))
        if args.before:
            code = BEFORE.format(root=str(args.before.resolve()), bench=str(Path(__file__).resolve().parent))
            r = subprocess.run([sys.executable, "-c", code], input=json.dumps(smalls), capture_output=True,
                               text=True, check=True)
            got = json.loads(r.stdout.splitlines()[-1])
            add("before", got["s"])
            add("before_n", got["n"])
            for key, value in got["smalls"].items():
                add("before " + key, value)
    med = {k: statistics.median(v) for k, v in rows.items()}
    rate = n / med["sweep"]
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, numpy {np.__version__}; {args.rounds} rounds, medians of CPU time; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"grid: {len(models)} models x {len(schemes)} schemes x {len(gpus)} GPUs x {CTX.size} contexts x "
          f"{BAT.size} batches = {n:,} points")
    print(f"sweep:                         {med['sweep'] * 1e3:8.1f} ms  {rate / 1e6:6.1f} M points/s")
    for key, label in (("plain", "numpy baseline, plain"), ("inplace", "numpy baseline, in place")):
        r = n / med[key]
        print(f"{label + ':':<30} {med[key] * 1e3:8.1f} ms  {r / 1e6:6.1f} M points/s  sweep / baseline = "
              f"{rate / r:.2f} (target >= 0.5)")
    if "before" in med:
        # the earlier checkout sweeps ITS preset grid (fewer GPUs and schemes): compare points per second
        before_rate = med["before_n"] / med["before"]
        print(f"sweep of --before:             {med['before'] * 1e3:8.1f} ms  {before_rate / 1e6:6.1f} M points/s"
              f"  ({int(med['before_n']):,} points)  speed-up per point {rate / before_rate:.1f}x")
    plain_rate = n / med["plain"]
    for name, pts in sizes.items():
        r = pts / med[name]
        print(f"small: {name}: {pts} points, {med[name] * 1e3:.2f} ms, {r / 1e6:.2f} M points/s = "
              f"{r / rate:.2f} of the large grid's rate (target >= 0.5)")
        cold = pts / med["cold " + name]
        print(f"  cold (fresh contexts every call): {med['cold ' + name] * 1e3:.2f} ms, {cold / 1e6:.2f} M points/s "
              f"= {cold / rate:.2f} of the large grid's rate")
        base = pts / med["plain " + name]
        print(f"  numpy baseline, plain, on {pts} points: {med['plain ' + name] * 1e3:.3f} ms, {base / 1e6:.2f} M "
              f"points/s = {base / plain_rate:.2f} of its large-array rate; sweep / baseline = {r / base:.2f}")
        one = med["one point " + name]
        print(f"  the same call on 1 context x 1 batch: {one * 1e3:.2f} ms = {one / med[name]:.0%} of this sweep's "
              f"time (0.5 of the large grid's rate allows {pts / (0.5 * rate) * 1e3:.2f} ms for all {pts} points)")
        if "floor " + name in med:
            f = pts / med["floor " + name]
            print(f"  its arithmetic hand-written, schemes stacked as one axis (stacked_floor): "
                  f"{med['floor ' + name] * 1e3:.3f} ms = {f / rate:.2f} of the large grid's rate")
        if "before " + name in med:
            b, bc = med["before " + name], med["before cold " + name]
            print(f"  --before: {b * 1e3:.2f} ms warm, {bc * 1e3:.2f} ms cold = {pts / b / rate:.2f} / "
                  f"{pts / bc / rate:.2f} of the large grid's rate (this tree's); speed-up {b / med[name]:.1f}x warm, "
                  f"{bc / med['cold ' + name]:.1f}x cold")
    sc = len(points) / med["scalar"]
    print(f"estimate loop (ideal engine): {sc:,.0f} points/s; sweep / scalar = {rate / sc:,.0f}x")


if __name__ == "__main__":
    main()
