"""Scalar ``estimate`` calls per second, against a checkout of another revision and against LLM-Viewer, in one run.

Each contender runs in its own process (imports, presets and profiles loaded before the clock starts), on the same
configurations, in interleaved rounds (A B C A B C ...) so that other load on the machine hits all of them alike;
the figure is the median over rounds of configurations per CPU-second of the process (user + system).

* ``mix``: random (preset, scheme, GPU, context, batch) points of the preset grid, default engine and ``ideal``;
* ``llama``: Llama-family presets (native attention) on an H100 at contexts 1K-128K and batches 1-64, the
  configurations LLM-Viewer's Llama analyzer takes (``ModelAnalyzer.analyze``: per-layer roofline of one decode
  step and one prefill, bf16 weights, activations and KV). LLM-Viewer (https://github.com/hahnyuan/LLM-Viewer) is not
  part of kvcost: pass a checkout of it with ``--llm-viewer DIR``; its analyzer is built from the same config.json.

    python bench/bench_estimate.py [--before DIR] [--llm-viewer DIR] [--rounds 5] [--points 1500]

``--before DIR``: a checkout of an earlier revision (e.g. ``git archive <rev> | tar -x -C DIR``) measured alike.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LLAMA = ["llama-2-7b", "llama-2-70b", "llama-3-70b", "llama-3.1-8b", "llama-3.1-405b"]

KVCOST = textwrap.dedent("""
    import json, random, sys, time
    sys.path.insert(0, {root!r})
    from costmodel import default_schemes, estimate, load_presets, load_profiles
    models, gpus = sorted(load_presets()), sorted(load_profiles())
    schemes = [s.token() for s in default_schemes()]
    rng = random.Random(0)
    if {kind!r} == "mix":
        pts = [(rng.choice(models), rng.choice(schemes), rng.choice(gpus), rng.choice([1, 100, 4096, 32768, 131072,
                10**6, 10**9]), rng.choice([1, 4, 64, 1000, 10**6])) for _ in range({n})]
    else:
        pts = [(rng.choice({llama!r}), None, "h100-sxm-80gb", rng.choice([1024, 4096, 16384, 131072]),
                rng.choice([1, 8, 64])) for _ in range({n})]
    def run(engine):
        for m, s, g, c, b in pts:
            try:
                estimate(m, g, s, context=c, batch=b, **({{}} if engine is None else {{"engine": engine}}))
            except ValueError:
                pass  # an inapplicable scheme counts in both trees
    out = {{}}
    for engine in {engines!r}:
        run(engine)  # warm: every preset, profile and engine loaded, caches filled as a long-lived process has them
        c0, w0 = time.process_time(), time.perf_counter()
        run(engine)
        out[str(engine)] = (len(pts) / (time.process_time() - c0), len(pts) / (time.perf_counter() - w0))
    print(json.dumps(out))
""")

LLM_VIEWER = textwrap.dedent("""
    import json, os, random, sys, tempfile, time, shutil, warnings
    warnings.simplefilter("ignore")
    os.environ["TRANSFORMERS_VERBOSITY"] = "error"
    sys.path.insert(0, {viewer!r}); os.chdir({viewer!r})
    import builtins
    from model_analyzer import ModelAnalyzer
    analyzers = {{}}
    for m in {llama!r}:
        d = tempfile.mkdtemp()
        shutil.copy(os.path.join({root!r}, "costmodel", "model_configs", m + ".json"), os.path.join(d, "config.json"))
        _print, builtins.print = builtins.print, lambda *a, **k: None  # "use config file ..."
        analyzers[m] = ModelAnalyzer(d, "nvidia_H100", config_file="configs/Llama.py")
        builtins.print = _print
    rng = random.Random(0)
    pts = [(rng.choice({llama!r}), None, "h100-sxm-80gb", rng.choice([1024, 4096, 16384, 131072]),
            rng.choice([1, 8, 64])) for _ in range({n})]
    def run():
        for m, _, _, c, b in pts:
            analyzers[m].analyze(seqlen=c, batchsize=b, w_bit=16, a_bit=16, kv_bit=16)
    run()
    c0, w0 = time.process_time(), time.perf_counter()
    run()
    print(json.dumps({{"analyze": (len(pts) / (time.process_time() - c0), len(pts) / (time.perf_counter() - w0))}}))
""")


def child(code: str) -> dict:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if r.returncode:
        raise SystemExit(f"a contender failed:\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--before", type=Path, help="checkout of an earlier revision to measure alike")
    ap.add_argument("--llm-viewer", type=Path, help="checkout of hahnyuan/LLM-Viewer")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--points", type=int, default=1500)
    args = ap.parse_args()
    trees = {"this tree": ROOT, **({"before": args.before.resolve()} if args.before else {})}
    contenders: dict[str, str] = {}
    for label, tree in trees.items():
        for kind, engines in (("mix", [None, "ideal"]), ("llama", [None, "ideal"])):
            contenders[f"{label} | {kind}"] = KVCOST.format(root=str(tree), kind=kind, n=args.points, llama=LLAMA,
                                                            engines=engines)
    if args.llm_viewer:
        contenders["LLM-Viewer | llama"] = LLM_VIEWER.format(viewer=str(args.llm_viewer.resolve()), root=str(ROOT),
                                                             llama=LLAMA, n=args.points)
    runs: dict[str, list[dict]] = {k: [] for k in contenders}
    for _ in range(args.rounds):
        for name, code in contenders.items():
            runs[name].append(child(code))
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; {args.rounds} interleaved rounds of {args.points} configurations; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'contender':<28} {'engine':<10} {'per CPU-s':>11} {'per wall-s':>11}")
    rates: dict[tuple[str, str], float] = {}
    for name, rs in runs.items():
        for engine in rs[0]:
            cpu = statistics.median(r[engine][0] for r in rs)
            wall = statistics.median(r[engine][1] for r in rs)
            shown = "default" if engine == "None" else str(engine)
            rates[(name, shown)] = cpu
            print(f"{name:<28} {shown:<10} {cpu:>11,.0f} {wall:>11,.0f}")
    for kind in ("mix", "llama"):
        for engine in ("default", "ideal"):
            now, before = rates.get((f"this tree | {kind}", engine)), rates.get((f"before | {kind}", engine))
            if now and before:
                print(f"speed-up over --before, {kind}, {engine}: {now / before:.2f}x (target >= 2x)")
    viewer = rates.get(("LLM-Viewer | llama", "analyze"))
    if viewer:
        for engine in ("default", "ideal"):
            print(f"estimate / LLM-Viewer analyze, llama, {engine}: "
                  f"{rates[('this tree | llama', engine)] / viewer:.2f}x")


if __name__ == "__main__":
    main()
