"""``python -m validation [--device cpu|cuda] [--quick] [--out FILE.json]``: run every section, write one JSON."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
import warnings
from pathlib import Path

from .results import RESULTS_DIR


def _loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _count(rows) -> str:
    return f"{sum(1 for r in rows if r['ok'])}/{len(rows)} passed"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m validation", description=__doc__)
    ap.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    ap.add_argument("--quick", action="store_true", help="small grids (CI: well under a minute on 2 cores)")
    ap.add_argument("--out", type=Path, help="results JSON (default: validation/results/<device>-<date>.json)")
    ap.add_argument("--published", action="store_true",
                    help="score the engine profiles against published measurements (no torch needed); writes "
                         "validation/published/results.json and the profiles' error bands")
    args = ap.parse_args(argv)
    if args.published:
        from .published.report import OUT, main as published_main

        return published_main(out=args.out or OUT)

    import torch  # only here: `import validation` / `validation.results` must work without torch

    from costmodel.claims import evaluate_claims

    from . import cachebytes, equivalence, timing
    from .torchutil import device_name, pick_device, slug

    warnings.filterwarnings("ignore", message="Initializing zero-element tensors")
    device = pick_device(args.device)
    now = dt.datetime.now(dt.timezone.utc)
    name = device_name(device)
    meta = {"device": name, "device_type": device.type, "torch": torch.__version__,
            "python": platform.python_version(), "platform": platform.platform(),
            "date": now.isoformat(timespec="seconds"),
            "quick": args.quick, "torch_threads": torch.get_num_threads(), "cpu_count": os.cpu_count(),
            "loadavg_start": _loadavg(), "seconds": {}}
    # the JSON keeps its layout (the Validation page and earlier runs read it by key, in this order)
    out: dict = {"meta": meta, "equivalence": None, "cache_bytes": None, "params": None, "timing": None}
    t_all = time.perf_counter()

    def section(label, fn):
        t0 = time.perf_counter()
        res = fn()
        meta["seconds"][label] = round(time.perf_counter() - t0, 2)
        return res

    print(f"validation on {name} ({device.type}, torch {torch.__version__}, quick={args.quick})", flush=True)
    # timing first: its largest buffers (a cache of up to 0.3 GB and the step's temporaries) come and go before the
    # parameter counts import transformers' models and torch's symbolic-shape modules, which stay resident; in the
    # other order they add up to the full run's peak (0.94-1.04 GiB against 0.74-0.78 GiB: bench/RESULTS.md)
    out["timing"] = section("timing", lambda: timing.run(device, args.quick, log=lambda m: None))
    meta["probes"] = out["timing"]["probes"]
    tm = out["timing"]
    n_meas = sum(1 for p in tm["points"] if "measured_s" in p)
    err = tm["median_abs_rel_error"]
    print(f"[1/4] timing: {n_meas} points, median |predicted - measured| / measured = "
          f"{'n/a' if err is None else f'{err:.0%}'} ({meta['seconds']['timing']} s)", flush=True)
    out["equivalence"] = section("equivalence", lambda: equivalence.run(device, args.quick))
    print(f"[2/4] equivalence: {_count(out['equivalence'])} ({meta['seconds']['equivalence']} s)", flush=True)
    out["cache_bytes"], out["params"] = section("cache_bytes", lambda: cachebytes.run(device, args.quick))
    print(f"[3/4] cache bytes: {_count(out['cache_bytes'])} exact; parameter counts: {_count(out['params'])} "
          f"({meta['seconds']['cache_bytes']} s)", flush=True)
    out["claims"] = section("claims", lambda: [r.to_dict() for r in evaluate_claims()])
    print(f"[4/4] claims: {_count(out['claims'])} (the others differ, with explanations)", flush=True)
    meta["seconds"]["total"] = round(time.perf_counter() - t_all, 2)
    meta["loadavg_end"] = _loadavg()  # includes this run's own threads
    busy = meta["loadavg_start"] or 0.0  # other work on the machine when the run started
    if device.type == "cpu" and busy > 0.5 * (os.cpu_count() or 1):
        meta["timing_warning"] = (f"the machine was busy (load average {busy:.1f} on {os.cpu_count()} CPUs): "
                                  "timings are noisy")
        print(f"note: {meta['timing_warning']}", flush=True)

    path = args.out or RESULTS_DIR / f"{slug(name)}-{now:%Y-%m-%d}{'-quick' if args.quick else ''}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"wrote {path}", flush=True)
    exact = out["equivalence"] + out["cache_bytes"] + out["params"]
    failed = [r["id"] for r in exact if not r["ok"]]
    if failed:
        print(f"FAILED: {', '.join(failed[:20])}", file=sys.stderr)
    return 1 if failed else 0
