"""Build the committed published-measurement CSVs from the research collections (run once; kept for provenance).

``python -m validation.published.curate [--research /work/research]`` reads the collectors' CSVs (schema in
``validation/published/SOURCES.md``) and writes, next to this file:

* ``trtllm_perf_overview.csv`` - every row of the TensorRT-LLM perf-overview collection;
* ``llamacpp_bench.csv`` - every row of the llama.cpp ``llama-bench`` collection;
* ``serving.csv`` - every vLLM/SGLang/LMDeploy/... row except ``aiconfigurator-silicon``, plus a deterministic
  stratified subsample of that group: per stratum (engine, gpu, model, tp, pp, ep, attention-DP, weight dtype)
  the configurations (engine version, ISL, OSL, concurrency) are sorted and at most ``PER_STRATUM`` of them,
  evenly spaced in that order, are kept with all their metrics;
* ``configs/<slug>.json`` - the real config.json of every non-preset model slug that has one;
* ``components/*.csv`` - compact copies of aiconfigurator's measured per-operation tables (GEMM, decode and
  prefill attention, fused MoE, all-reduce; H100/H200/B200/A100, the newest engine version per GPU), the evidence
  for the engine profiles' component terms (``components.py`` fits them); sources: ``components/sources.csv``.

Rows are copied verbatim (no value is changed); only the selection is ours.
"""
from __future__ import annotations

import argparse
import csv
import re
import shutil
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PER_STRATUM = 8
SUBSAMPLED = "aiconfigurator-silicon"
INPUTS = {  # output file -> research file
    "trtllm_perf_overview.csv": "trtllm/trtllm_perf_overview.csv",
    "llamacpp_bench.csv": "llamacpp/llamacpp_bench.csv",
    "serving.csv": "vllm_sglang/serving_published.csv",
}
CONFIG_DIRS = ("trtllm/configs", "vllm_sglang/configs", "llamacpp/configs")
GPUS = ("h100_sxm", "h200_sxm", "b200_sxm", "a100_sxm")
COMPONENTS = {  # output -> (research file, kept columns, row filter)
    "gemm.csv": ("aiconfigurator/gemm.csv", ("gpu", "engine", "engine_version", "dtype", "m", "n", "k", "latency_s"),
                 lambda r: r["dtype"] in ("bfloat16", "fp8")),
    "attention_generation.csv": ("aiconfigurator/attention_generation.csv",
                                 ("gpu", "engine", "engine_version", "kv_dtype", "batch", "kv_len", "heads", "kv_heads",
                                  "head_dim", "latency_s"), lambda r: r["window_size"] in ("0", "")),
    "attention_context.csv": ("aiconfigurator/attention_context.csv",
                              ("gpu", "engine", "engine_version", "attn_dtype", "kv_dtype", "batch", "isl", "heads",
                               "kv_heads", "head_dim", "latency_s"),
                              lambda r: r["window_size"] in ("0", "") and r["attn_dtype"] == "bfloat16"
                              and r["kv_dtype"] == "bfloat16"),
    "moe.csv": ("aiconfigurator/moe.csv", ("gpu", "engine", "engine_version", "moe_dtype", "num_tokens", "num_experts",
                                           "topk", "hidden_size", "inter_size", "moe_tp_size", "moe_ep_size",
                                           "latency_s"),
                lambda r: r["distribution"] == "balanced" and r["moe_dtype"] in ("bfloat16", "fp8", "fp8_block")),
    "allreduce.csv": ("aiconfigurator/allreduce.csv", ("gpu", "engine", "engine_version", "mode", "tp", "message_bytes",
                                                       "latency_s"),
                      lambda r: r["collective"] == "all_reduce" and not r["mode"].endswith("eager")),
}


def _newest(rows: list[dict]) -> list[dict]:
    """Rows of the newest engine version per (gpu, engine) (version strings compared numerically)."""
    def key(v: str) -> tuple:
        return tuple(int(x) if x.isdigit() else -1 for x in re.split(r"[.a-z]+", v) if x)
    best: dict[tuple, str] = {}
    for r in rows:
        k = (r["gpu"], r["engine"])
        if k not in best or key(r["engine_version"]) > key(best[k]):
            best[k] = r["engine_version"]
    return [r for r in rows if best[(r["gpu"], r["engine"])] == r["engine_version"]]


def components(research: Path) -> None:
    out_dir = HERE / "components"
    out_dir.mkdir(exist_ok=True)
    sources: set[tuple[str, str, str, str, str]] = set()
    for name, (rel, cols, keep) in COMPONENTS.items():
        _, rows = _read(research / rel)
        rows = _newest([r for r in rows if r["gpu"] in GPUS and keep(r)])
        sources |= {(name, r["gpu"], r["engine"], r["engine_version"], r["source"]) for r in rows}
        with (out_dir / name).open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(cols)
            w.writerows([r[c] for c in cols] for r in rows)
        print(f"components/{name}: {len(rows)} rows")
    with (out_dir / "sources.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("table", "gpu", "engine", "engine_version", "source"))
        w.writerows(sorted(sources))


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return list(r.fieldnames or []), list(r)


def _adp(notes: str) -> str:
    m = re.search(r"\badp (\S+?);?\s", notes + " ")
    return m.group(1).rstrip(";") if m else ""


def _num(text: str) -> float:
    return float(text) if text else -1.0


def subsample(rows: list[dict], per_stratum: int = PER_STRATUM) -> list[dict]:
    """Deterministic stratified subsample of one source group (see the module docstring)."""
    strata: dict[tuple, dict[tuple, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        s = (r["engine"], r["gpu"], r["model"], r["tp"], r["pp"], r["ep"], _adp(r["notes"]), r["weight_dtype"])
        c = (r["engine_version"], _num(r["isl"]), _num(r["osl"]), _num(r["concurrency"]))
        strata[s][c].append(r)
    keep: list[dict] = []
    for s in sorted(strata):
        configs = sorted(strata[s])
        n = len(configs)
        picks = sorted({round(i * (n - 1) / (per_stratum - 1)) for i in range(per_stratum)}) if n > per_stratum \
            else range(n)
        for i in picks:
            keep.extend(strata[s][configs[i]])
    return keep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--research", type=Path, default=Path("/work/research"))
    args = ap.parse_args(argv)
    used_models: set[str] = set()
    for out_name, rel in INPUTS.items():
        header, rows = _read(args.research / rel)
        if out_name == "serving.csv":
            rows = [r for r in rows if r["source_group"] != SUBSAMPLED] + \
                subsample([r for r in rows if r["source_group"] == SUBSAMPLED])
        with (HERE / out_name).open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        used_models |= {r["model"] for r in rows}
        print(f"{out_name}: {len(rows)} rows")
    for d in CONFIG_DIRS:
        for p in sorted((args.research / d).glob("*.json")):
            if p.stem in used_models and not (HERE / "configs" / p.name).exists():
                shutil.copyfile(p, HERE / "configs" / p.name)
                print(f"configs/{p.name} <- {d}")
    components(args.research)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
