"""Fit the engine profiles' component terms to aiconfigurator's measured per-operation tables.

``python -m validation.published.components`` reads ``components/*.csv`` (copied from ai-dynamo/aiconfigurator,
sources in ``components/sources.csv``) and writes ``components/fit.json`` with, per (engine, GPU[, dtype, TP]):

* GEMM (one Linear call, m tokens x n x k): ``t = t0 + (t_mem^p + t_comp^p)^(1/p)``, t_mem = bytes /
  (bandwidth x bw_eff), t_comp = 2mnk / (peak x gemm_eff): the streaming efficiency, the compute plateau, the
  sharpness ``p`` of the roofline knee and the fixed cost per call;
* decode attention (one layer call): ``t = t0 + kv_bytes / (bandwidth x kv_eff)``;
* prefill attention (causal, FLOPs = 2 b h s^2 d): ``t = t0 + FLOPs / (peak x attn_eff x s / (s + s_half))``;
* fused MoE (one rank, one layer, balanced routing, T tokens): ``t = t0 + (t_mem^p + t_comp^p)^(1/p)`` with the
  bytes of the local experts the tokens touch (uniform top-k) and their GEMM FLOPs, p = 3;
* all-reduce (graph-captured engine path): ``t = alpha + bytes x 2(n-1)/n / bus_bw`` for messages <= 64 MiB.

Peaks are the kvcost hardware profiles' datasheet figures, so the fractions are those the cost model multiplies.
Each fit is least squares on log(time) (``lsq``), deterministic.
"""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from costmodel.hardware import get_profile

from .lsq import Bound, fit

HERE = Path(__file__).resolve().parent / "components"
GPU_IDS = {"h100_sxm": "h100-sxm-80gb", "h200_sxm": "h200-sxm-141gb", "b200_sxm": "b200", "a100_sxm": "a100-sxm-80gb"}
DTYPE = {"bfloat16": ("bf16", 2), "fp8": ("fp8", 1)}
MAX_AR_BYTES = 64 * 2**20


def _rows(name: str) -> list[dict]:
    with (HERE / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _groups(rows: list[dict], *keys: str) -> dict[tuple, list[dict]]:
    out: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        out[tuple(r[k] for k in keys)].append(r)
    return dict(sorted(out.items()))


def _arr(rows: list[dict], col: str) -> np.ndarray:
    return np.array([float(r[col]) for r in rows])


def _rms(res: np.ndarray) -> float:
    return round(float(np.sqrt(np.mean(res ** 2))), 4)


def gemm() -> list[dict]:
    out = []
    groups = _groups(_rows("gemm.csv"), "gpu", "engine", "engine_version", "dtype")
    for (gpu, engine, ver, dtype), rows in groups.items():
        prof = get_profile(GPU_IDS[gpu])
        name, wbytes = DTYPE[dtype]
        m, n, k, t = (_arr(rows, c) for c in ("m", "n", "k", "latency_s"))
        nbytes = k * n * wbytes + (m * k + m * n) * 2
        flops, bw, peak = 2 * m * n * k, prof.bw_bytes_per_s, prof.peak_flops_per_s(name)

        def res(p: dict, nbytes=nbytes, flops=flops, bw=bw, peak=peak, t=t) -> np.ndarray:
            tm, tc = nbytes / (bw * p["bw_eff"]), flops / (peak * p["gemm_eff"])
            return np.log((p["t0_s"] + (tm ** p["knee"] + tc ** p["knee"]) ** (1 / p["knee"])) / t)

        f = fit(res, [Bound("bw_eff", 0.85, 0.2, 1.2), Bound("gemm_eff", 0.7, 0.1, 1.2), Bound("knee", 3.0, 1.0, 20.0),
                      Bound("t0_s", 4e-6, 1e-7, 1e-4)])
        out.append({"gpu": GPU_IDS[gpu], "engine": engine, "engine_version": ver, "dtype": name, "n": len(rows),
                    **{k: round(v, 4 if k != "t0_s" else 8) for k, v in f.values.items()},
                    "rms_log_error": _rms(res(f.values))})
    return out


def attention_decode() -> list[dict]:
    out = []
    rows_all = _rows("attention_generation.csv")
    for (gpu, engine, ver, kvd), rows in _groups(rows_all, "gpu", "engine", "engine_version", "kv_dtype").items():
        bw = get_profile(GPU_IDS[gpu]).bw_bytes_per_s
        b, kv_len, kvh, hd, t = (_arr(rows, c) for c in ("batch", "kv_len", "kv_heads", "head_dim", "latency_s"))
        nbytes = b * kv_len * 2 * kvh * hd * DTYPE[kvd][1]

        def res(p: dict, nbytes=nbytes, bw=bw, t=t) -> np.ndarray:
            return np.log((p["t0_s"] + nbytes / (bw * p["kv_eff"])) / t)

        f = fit(res, [Bound("kv_eff", 0.8, 0.05, 1.5), Bound("t0_s", 1e-5, 1e-7, 1e-3)])
        big = nbytes >= 1e9
        asym = float(np.median(nbytes[big] / t[big] / bw)) if big.any() else None
        out.append({"gpu": GPU_IDS[gpu], "engine": engine, "engine_version": ver, "kv_dtype": DTYPE[kvd][0],
                    "n": len(rows), **{k: round(v, 8) for k, v in f.values.items()},
                    "median_frac_hbm_ge_1GB": None if asym is None else round(asym, 4),
                    "rms_log_error": _rms(res(f.values))})
    return out


def attention_prefill() -> list[dict]:
    out = []
    for (gpu, engine, ver), rows in _groups(_rows("attention_context.csv"), "gpu", "engine", "engine_version").items():
        peak = get_profile(GPU_IDS[gpu]).peak_flops_per_s("bf16")
        b, s, h, hd, t = (_arr(rows, c) for c in ("batch", "isl", "heads", "head_dim", "latency_s"))
        flops = 2 * b * h * s * s * hd

        def res(p: dict, flops=flops, peak=peak, s=s, t=t) -> np.ndarray:
            return np.log((p["t0_s"] + flops / (peak * p["attn_eff"] * s / (s + p["half_tokens"]))) / t)

        f = fit(res, [Bound("attn_eff", 0.6, 0.05, 1.2), Bound("half_tokens", 500.0, 1.0, 1e5),
                      Bound("t0_s", 1e-5, 1e-7, 1e-3)])
        out.append({"gpu": GPU_IDS[gpu], "engine": engine, "engine_version": ver, "n": len(rows),
                    **{k: round(v, 8) for k, v in f.values.items()}, "rms_log_error": _rms(res(f.values))})
    return out


def moe() -> list[dict]:
    out = []
    rows_all = _rows("moe.csv")
    for (gpu, engine, ver, dtype), rows in _groups(rows_all, "gpu", "engine", "engine_version", "moe_dtype").items():
        prof = get_profile(GPU_IDS[gpu])
        name, wbytes = DTYPE.get(dtype, ("fp8", 1))
        tok, e, k, h, inter, mtp, ep, t = (_arr(rows, c) for c in ("num_tokens", "num_experts", "topk", "hidden_size",
                                                                   "inter_size", "moe_tp_size", "moe_ep_size",
                                                                   "latency_s"))
        expert = 3 * h * inter / mtp  # gated FFN of one expert on this rank
        touched = e / ep * (1 - (1 - k / e) ** tok)
        nbytes, flops = touched * expert * wbytes, 2 * tok * k / ep * expert
        bw, peak = prof.bw_bytes_per_s, prof.peak_flops_per_s(name)

        def res(p: dict, nbytes=nbytes, flops=flops, bw=bw, peak=peak, t=t) -> np.ndarray:
            tm, tc = nbytes / (bw * p["moe_bw_eff"]), flops / (peak * p["moe_gemm_eff"])
            return np.log((p["t0_s"] + (tm ** 3 + tc ** 3) ** (1 / 3)) / t)

        f = fit(res, [Bound("moe_bw_eff", 0.7, 0.05, 1.5), Bound("moe_gemm_eff", 0.4, 0.02, 1.5),
                      Bound("t0_s", 2e-5, 1e-7, 1e-3)])
        out.append({"gpu": GPU_IDS[gpu], "engine": engine, "engine_version": ver, "dtype": dtype, "n": len(rows),
                    **{k2: round(v, 8) for k2, v in f.values.items()}, "rms_log_error": _rms(res(f.values))})
    return out


def allreduce() -> list[dict]:
    out = []
    rows_all = [r for r in _rows("allreduce.csv") if float(r["message_bytes"]) <= MAX_AR_BYTES]
    for (gpu, engine, ver, mode, tp), rows in _groups(rows_all, "gpu", "engine", "engine_version", "mode",
                                                      "tp").items():
        prof = get_profile(GPU_IDS[gpu])
        n, nbytes, t = int(tp), _arr(rows, "message_bytes"), _arr(rows, "latency_s")

        def res(p: dict, n=n, nbytes=nbytes, t=t) -> np.ndarray:
            return np.log((p["latency_s"] + nbytes * 2 * (n - 1) / n / p["bus_bytes_per_s"]) / t)

        f = fit(res, [Bound("latency_s", 5e-6, 1e-7, 1e-3), Bound("bus_bytes_per_s", 3e11, 1e9, 5e12)])
        link = prof.link_bw_bytes_per_s.value / 2 if prof.link_bw_bytes_per_s else None
        out.append({"gpu": GPU_IDS[gpu], "engine": engine, "engine_version": ver, "mode": mode, "tp": n,
                    "n": len(rows), "latency_s": round(f.values["latency_s"], 9),
                    "bus_bytes_per_s": round(f.values["bus_bytes_per_s"], -6),
                    "link_efficiency": None if link is None else round(f.values["bus_bytes_per_s"] / link, 4),
                    "rms_log_error": _rms(res(f.values))})
    return out


def main() -> int:
    result = {"gemm": gemm(), "attention_decode": attention_decode(), "attention_prefill": attention_prefill(),
              "moe": moe(), "allreduce": allreduce()}
    (HERE / "fit.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for table, rows in result.items():
        print(f"== {table}")
        for r in rows:
            print("  " + " ".join(f"{k}={v}" for k, v in r.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
