"""Tables and series the UI shows, computed from the cost model (pure; no streamlit, no plotting).

Every number a page displays comes from here or directly from an ``Estimate``: the UI formats, it
never computes. Byte values stay exact ints; ``*_gb`` / ``*_gib`` are the same bytes in 1e9 / 2^30.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from .advice import Option
from .assumptions import Assumptions
from .dtypes import STATE_FORMATS, kv_format
from .estimate import MAX_CONTEXT, Estimate, speedup
from .hardware import HardwareProfile
from .i18n import msg, unit
from .memory import CacheLayout
from .schemes import Scheme, parse_scheme
from .spec import ModelSpec
from .units import GB, GiB, fmt_both, fmt_bytes, fmt_rate

MEMORY_PARTS = ("weights", "kv", "activations", "reserve")


# ---------------------------------------------------------------- tokens
def fmt_tokens(n: int | None) -> str:
    """'131,072 (128K)'; None -> '∞'. K/M are binary (x1024), as ``units.parse_tokens`` reads them."""
    if n is None:
        return "∞"
    n = int(n)
    for suffix, scale in (("M", 1024**2), ("K", 1024)):
        if n >= scale and n % scale == 0:
            return f"{n:,} ({n // scale}{suffix})"
    return f"{n:,}"


def compact_tokens(n: int) -> str:
    """Shortest text ``units.parse_tokens`` reads back to ``n``: 524288 -> '512K', 1048576 -> '1M', 1000 -> '1000'."""
    for suffix, scale in (("M", 1024**2), ("K", 1024)):
        if n >= scale and n % scale == 0:
            return f"{n // scale}{suffix}"
    return str(int(n))


def fmt_count(n: float) -> str:
    """Parameter-style count: '8.03 B', '124.4 M', '950 k'."""
    for suffix, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(n) >= scale:
            return f"{n / scale:.3g} {suffix}" if abs(n) / scale < 100 else f"{n / scale:,.1f} {suffix}"
    return f"{n:,.0f}"


def to_gb(n: float) -> float:
    return n / GB


def to_gib(n: float) -> float:
    return n / GiB


# ---------------------------------------------------------------- fit
def memory_segments(e: Estimate) -> list[dict]:
    """Per-GPU memory parts in stacking order: part, bytes, gb, gib."""
    m = e.memory
    vals = (m.weight_bytes, m.kv_bytes, m.activation_bytes, m.reserve_bytes)
    return [{"part": p, "bytes": int(v), "gb": to_gb(v), "gib": to_gib(v)} for p, v in zip(MEMORY_PARTS, vals)]


def shortfall_bytes(headroom_bytes: int) -> int:
    """Bytes missing when headroom is negative, else 0."""
    return max(-int(headroom_bytes), 0)


def capacity_marker(e: Estimate) -> dict:
    """Capacity line and verdict numbers: capacity, total, headroom (>= 0) and shortfall (>= 0)."""
    m = e.memory
    return {"bytes": m.capacity_bytes, "gb": to_gb(m.capacity_bytes), "gib": to_gib(m.capacity_bytes),
            "total_bytes": m.total_bytes, "total_gb": to_gb(m.total_bytes), "fits": m.fits,
            "headroom_bytes": max(m.headroom_bytes, 0), "shortfall_bytes": shortfall_bytes(m.headroom_bytes),
            "used_fraction": m.total_bytes / m.capacity_bytes}


def fit_option_rows(options: Iterable[Option]) -> list[dict]:
    return [{"kind": o.kind, "change": o.change, "value": o.value, "total": fmt_both(o.total_bytes),
             "headroom": fmt_both(o.capacity_bytes - o.total_bytes),
             "decode_tokens_per_s": o.decode_tokens_per_s, "note": o.note} for o in options]


# ---------------------------------------------------------------- compare
def baseline_index(estimates: Sequence[Estimate], scheme_label: str) -> int:
    """Index of the estimate whose scheme equals ``scheme_label`` (0 when absent)."""
    for i, e in enumerate(estimates):
        if e.scheme == scheme_label:
            return i
    return 0


def short_label(scheme: Scheme | str, spec: ModelSpec) -> str:
    """Compact scheme name for chart axes and legends: 'GQA (8 KV heads)', 'MLA (absorbed)', 'Slim attention (1)'."""
    sch = parse_scheme(scheme)
    if sch.family == "kv_heads":
        return sch.describe(spec)
    return f"{sch.label} ({sch.option})" if sch.option != "default" else sch.label


def compare_rows(estimates: Sequence[Estimate], spec: ModelSpec, baseline: int = 0) -> list[dict]:
    """One row per estimate: KV per token / per GPU, limits, speed, speedup and params vs the baseline."""
    if not estimates:
        return []
    base = estimates[baseline]
    rows = []
    for e in estimates:
        sch = parse_scheme(e.scheme_token)
        rows.append({
            "scheme": e.scheme, "token": e.scheme_token, "short": short_label(sch, spec),
            "kv_bytes_per_token": e.kv_bytes_per_token, "kv_bytes_per_gpu": e.memory.kv_bytes,
            "fixed_bytes_per_sequence": e.fixed_bytes_per_sequence,
            "total_bytes": e.memory.total_bytes, "fits": e.fits,
            "max_context_tokens": e.max_context_tokens, "max_batch": e.max_batch,
            "decode_tokens_per_s": e.decode_tokens_per_s, "bound": e.decode.bound,
            "speedup": speedup(e, base),
            "kv_ratio": e.kv_bytes_per_token / base.kv_bytes_per_token if base.kv_bytes_per_token else float("nan"),
            "params": e.params, "params_delta": e.params - base.params,
            "exact": sch.exact, "training": sch.training, "citation": sch.citation,
        })
    return rows


def sweep_contexts(lo: int = 1024, hi: int = 16 * 1024**2, include: int = 0) -> np.ndarray:
    """Powers of two from ``lo`` up to ``max(hi, include)`` tokens (inclusive, the last one reaching ``include``),
    capped at MAX_CONTEXT."""
    hi = min(max(hi, 2 * include), MAX_CONTEXT)
    out = [lo]
    while out[-1] * 2 <= hi:
        out.append(out[-1] * 2)
    return np.array(out, dtype=np.int64)


def kv_sweep(spec: ModelSpec, schemes: Iterable[Scheme | str], contexts: np.ndarray, *, kv_dtype: str = "bf16",
             state_dtype: str = "fp32", batch: int = 1, tp: int = 1) -> dict[str, np.ndarray]:
    """Per-GPU cache bytes of ``batch`` sequences at each context, per applicable scheme (label -> array)."""
    kfmt, sfmt = kv_format(kv_dtype), STATE_FORMATS[state_dtype]
    ctx = np.asarray(contexts, dtype=np.int64)
    out: dict[str, np.ndarray] = {}
    for s in schemes:
        sch = parse_scheme(s)
        if sch.reason_not_applicable(spec):
            continue
        layout = CacheLayout.build(spec, sch, kfmt, sfmt, tp)
        seq = np.broadcast_to(np.asarray(layout.seq_bytes(ctx), dtype=np.float64), ctx.shape)
        out[sch.describe(spec)] = batch * seq
    return out


def kv_budget_bytes(e: Estimate) -> int:
    """GPU capacity minus this estimate's weights (activations and reserve NOT subtracted)."""
    return e.memory.capacity_bytes - e.memory.weight_bytes


# ---------------------------------------------------------------- roofline
def achieved_flops_per_s(e: Estimate, phase: str = "decode") -> float:
    step = e.decode if phase == "decode" else e.prefill_cost
    return step.flops / step.time_s


def roofline_curve(gpu: HardwareProfile, dtype: str = "bf16", bw_efficiency: float = 1.0,
                   flops_efficiency: float = 1.0, x_min: float = 0.01, x_max: float = 1e5,
                   n: int = 200) -> dict:
    """Attainable FLOP/s vs intensity: min(bandwidth x I, peak), optionally derated by efficiencies."""
    bw = gpu.bw_bytes_per_s * bw_efficiency
    peak = gpu.peak_flops_per_s(dtype) * flops_efficiency
    x = np.geomspace(x_min, x_max, n)
    return {"intensity": x, "flops_per_s": np.minimum(bw * x, peak), "bw_bytes_per_s": bw,
            "peak_flops_per_s": peak, "ridge_flops_per_byte": peak / bw}


def operating_points(estimates: Iterable[Estimate], phases: Sequence[str] = ("decode", "prefill")) -> list[dict]:
    rows = []
    for e in estimates:
        for phase in phases:
            step = e.decode if phase == "decode" else e.prefill_cost
            rows.append({"scheme": e.scheme, "phase": phase, "intensity": step.intensity,
                         "flops_per_s": achieved_flops_per_s(e, phase), "time_s": step.time_s,
                         "bound": step.bound, "hbm_bytes": step.hbm_bytes, "flops": step.flops})
    return rows


def sram_rows(estimates: Iterable[Estimate], gpu: HardwareProfile, a: Assumptions) -> list[dict]:
    """Whether each scheme's whole-batch cache fits the on-chip budget (sram_fraction x L2)."""
    budget = a.sram_fraction * gpu.onchip_bytes
    return [{"scheme": e.scheme, "kv_bytes": e.memory.kv_bytes, "budget_bytes": int(budget),
             "resident": e.sram_resident} for e in estimates]


def onchip_sizes(gpu: HardwareProfile) -> dict[str, int | None]:
    return {"l2_bytes": int(gpu.l2_bytes.value) if gpu.l2_bytes else None,
            "sm_sram_bytes": int(gpu.sm_sram_bytes.value) if gpu.sm_sram_bytes else None,
            "sm_count": int(gpu.sm_count.value) if gpu.sm_count else None}


# ---------------------------------------------------------------- fleet / ROI
def tornado_rows(rows) -> list[dict]:
    """roi.TornadoRow list -> dicts with the bar extents relative to the base result (low_delta, high_delta)."""
    return [{**r.to_dict(), "low_delta": r.low_result - r.base_result, "high_delta": r.high_result - r.base_result}
            for r in rows]


def fleet_rows(plans) -> list[dict]:
    """fleet.FleetPlan list -> the table the Fleet page shows (reason = last line of the plan's reasoning)."""
    return [{"scheme": p.scheme, "feasible": p.feasible, "tp": p.gpus_per_replica, "replicas": p.replicas,
             "gpus": p.gpus, "servers": p.servers, "batch_per_replica": p.batch_per_replica,
             "max_batch": p.max_batch, "capacity_tokens_per_s": p.capacity_tokens_per_s,
             "tokens_per_s_per_user": p.tokens_per_s_per_user, "utilization": p.utilization,
             "reason": p.why[-1] if p.why else ""} for p in plans]


# ---------------------------------------------------------------- hardware sources
def _fmt_figure(name: str, value: float) -> str:
    if name.startswith("flops_per_s"):
        return fmt_rate(value, "FLOP/s")
    if name.endswith("bytes_per_s"):
        return fmt_rate(value, "B/s")
    if name.endswith("_bytes"):
        return fmt_both(value) if value >= GB else fmt_bytes(value, binary=True)
    if name.endswith("_w"):
        return f"{value:,.0f} W"
    if name.endswith("usd_per_gpu_hour"):
        return f"${value:,.2f}/GPU-h"
    if name.endswith("_usd"):
        return f"${value:,.0f}"
    return f"{value:g}"


def hardware_rows(gpu: HardwareProfile) -> list[dict]:
    """One row per figure of a profile: name, formatted value, source, as_of, note, confidence."""
    return [{"figure": name, "value": _fmt_figure(name, f.value), "source": f.source, "as_of": f.as_of.isoformat(),
             "confidence": f.confidence, "note": f.note} for name, f in gpu.figures().items()]


__all__ = ["fmt_tokens", "compact_tokens", "fmt_count", "to_gb", "to_gib", "memory_segments", "shortfall_bytes", "capacity_marker", "fit_option_rows",
           "baseline_index", "short_label", "compare_rows", "sweep_contexts", "kv_sweep", "kv_budget_bytes",
           "achieved_flops_per_s", "roofline_curve", "operating_points", "sram_rows", "onchip_sizes",
           "hardware_rows", "tornado_rows", "fleet_rows", "MEMORY_PARTS"]
