"""Decode-step time of one attention layer: measured on this machine vs the costmodel roofline.

Probes calibrate the machine: a large tensor copy (bytes moved = 2 x size) gives bandwidth, a square matmul
gives FLOP/s. For each (scheme, context, batch) the layer's cache is filled with random rows and one decode
step is timed (warmup, then the median of repeats; CUDA synchronized). The prediction is
time = max(bytes / bw_probe, flops / flops_probe) with (bytes, flops) = roofline.attention_layer_step(...).
Figures are reported, never asserted: the roofline ignores per-kernel overheads that dominate tiny steps.
"""
from __future__ import annotations

import statistics
import time

import torch

from costmodel.dtypes import STATE_FORMATS, kv_format, weight_format
from costmodel.hfconfig import spec_from_config
from costmodel.memory import CacheLayout
from costmodel.roofline import attention_layer_step
from costmodel.schemes import parse_scheme

from .build import self_layer
from .torchutil import DTYPES, sync

NOTES = {
    "tpa:materialized": "stock torch ops write the rebuilt K and V to memory and read them back; costmodel counts "
                        "only the factor reads (a fused kernel rebuilds K/V on chip)",
    "slim:1": "K is read twice (scores, then p K) with stock ops; a fused kernel reads it once",
    "loglinear": "decay, carries, level 0 write and the lambda mix are separate passes over the level states",
    "*": "the roofline has no per-kernel overhead: steps under ~1 ms are dominated by it (ratio > 1); small "
         "working sets are served from CPU caches faster than the copy-probe bandwidth (ratio < 1)",
}
SCHEMES = ["mha", "gqa:groups=4", "mqa", "mla", "mla:naive", "tpa", "tpa:materialized", "slim:1",
           "slim:1,order=unoptimized", "linear", "loglinear"]


def _median_time(fn, device, warmup: int, repeats: int) -> float:
    for _ in range(warmup):
        fn()
    sync(device)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        sync(device)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


@torch.inference_mode()
def probes(device: torch.device, dtype: torch.dtype, quick: bool) -> dict:
    n_bytes = (64 if quick else 128) * 2**20 if device.type == "cpu" else 2 * 2**30  # each buffer >> any CPU cache
    src = torch.ones(n_bytes // 4, dtype=torch.float32, device=device)
    dst = torch.empty_like(src)
    t_copy = _median_time(lambda: dst.copy_(src), device, 2, 5 if quick else 9)
    n = (1024 if quick else 2048) if device.type == "cpu" else 8192
    a = torch.randn(n, n, device=device).to(dtype)
    b = torch.randn(n, n, device=device).to(dtype)
    t_mm = _median_time(lambda: a @ b, device, 2, 5 if quick else 9)
    return {"copy_bytes": 2 * n_bytes, "copy_s": t_copy, "bw_bytes_per_s": 2 * n_bytes / t_copy,
            "matmul_n": n, "matmul_dtype": str(dtype).removeprefix("torch."), "matmul_s": t_mm,
            "flops_per_s": 2.0 * n**3 / t_mm}


MATERIALIZES = ("tpa:materialized", "mla:naive")  # options whose step rebuilds full per-head K/V (fp32 temporaries)


def timing_spec(device: torch.device):
    """One MHA layer of a 7B-like shape (GPU) or a smaller one (CPU). Without RoPE: slim attention would
    otherwise re-rotate every cached key each step (extra traffic that a fused kernel avoids)."""
    d, h = (1024, 16) if device.type == "cpu" else (4096, 32)
    cfg = {"model_type": "opt", "num_hidden_layers": 1, "hidden_size": d, "num_attention_heads": h,
           "intermediate_size": 4 * d, "vocab_size": 32000, "max_position_embeddings": 131072}
    return spec_from_config(cfg, name=f"timing-{d}")


def grid(device: torch.device, quick: bool) -> tuple[list[int], list[int]]:
    if device.type == "cuda":
        return ([1024, 16384], [1, 16]) if quick else ([1024, 8192, 32768], [1, 8, 32])
    return ([512, 4096], [1, 4]) if quick else ([256, 2048, 8192], [1, 4, 16])


@torch.inference_mode()
def run(device: torch.device, quick: bool = False, log=print) -> dict:
    cdt = "fp32" if device.type == "cpu" else "bf16"
    dtype = DTYPES[cdt]
    probe = probes(device, dtype, quick)
    spec = timing_spec(device)
    ctxs, batches = grid(device, quick)
    max_point_s = 0.25 if quick else 1.5  # skip points predicted slower than this (keeps CI short)
    max_cache = (0.2 * torch.cuda.get_device_properties(device).total_memory if device.type == "cuda"
                 else 0.3e9)  # and caches larger than this (room for the temporaries of stock torch ops; on
    #                               a CPU it keeps the full run under 1 GiB peak RSS; 92 of 99 points measured)
    points = []
    for token in SCHEMES:
        scheme = parse_scheme(token)
        torch.manual_seed(0)
        layer = self_layer(spec, scheme, None, device, dtype)
        layout = CacheLayout.build(spec, scheme, kv_format(cdt), STATE_FORMATS["fp32"], tp=1)
        for ctx in ctxs:
            for batch in batches:
                n_bytes, flops = attention_layer_step(layout, batch, ctx, weight_format(cdt))
                t_mem, t_flop = n_bytes / probe["bw_bytes_per_s"], flops / probe["flops_per_s"]
                pred = max(t_mem, t_flop)
                row = {"scheme": token, "ctx": ctx, "batch": batch, "bytes": n_bytes, "flops": flops,
                       "predicted_s": pred, "bound": "memory" if t_mem >= t_flop else "compute"}
                # working memory of the step: the cache, or the per-head K/V that a materializing option rebuilds
                work = batch * layout.seq_bytes(ctx)
                if token in MATERIALIZES:
                    work = max(work, batch * ctx * 2 * spec.n_heads * spec.head_dim * 4)
                if pred > max_point_s or work > max_cache:
                    why = (f"predicted {pred:.2f} s > {max_point_s} s" if pred > max_point_s
                           else f"working memory {work / 1e9:.1f} GB > {max_cache / 1e9:.1f} GB")
                    points.append({**row, "skipped": why})
                    continue
                recurrent = scheme.key in ("linear", "loglinear")
                layer.alloc(batch, ctx if recurrent else ctx + 1, cdt, "fp32")
                layer.fill_random()
                x = torch.randn(batch, spec.d_model, device=device, dtype=dtype)
                pos = ctx - 1 if recurrent else ctx
                meas = _median_time(lambda layer=layer, x=x, pos=pos: layer.step(x, pos), device, 2, 5 if quick else 7)
                points.append({**row, "measured_s": meas, "ratio": meas / pred, "rel_error": (pred - meas) / meas})
        layer.stores = []
        log(f"  timing {token}: {sum(1 for p in points if p['scheme'] == token and 'measured_s' in p)} points")
    errs = [abs(p["rel_error"]) for p in points if "rel_error" in p]
    by_scheme = {}
    for token in SCHEMES:
        pts = [p for p in points if p["scheme"] == token and "ratio" in p]
        if pts:
            by_scheme[token] = {"points": len(pts), "median_ratio": statistics.median(p["ratio"] for p in pts),
                                "median_abs_rel_error": statistics.median(abs(p["rel_error"]) for p in pts)}
    return {"dtype": cdt, "spec": {"d_model": spec.d_model, "n_heads": spec.n_heads, "head_dim": spec.head_dim},
            "probes": probe, "points": points, "median_abs_rel_error": statistics.median(errs) if errs else None,
            "median_ratio": statistics.median(p["ratio"] for p in points if "ratio" in p) if errs else None,
            "by_scheme": by_scheme, "notes": NOTES}
