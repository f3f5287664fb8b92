"""What a GPU offers and where a run sits on it (pure; no streamlit, no plotting): the roofline and each phase's
operating point (Roofline page), whether a cache stays on chip and the on-chip sizes, memory tier names, and a hardware
profile's sourced figures formatted for the sources table.

Every number a page displays comes from the ``views_*`` modules or directly from an ``Estimate``: the UI formats,
it never computes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from .assumptions import Assumptions
from .estimate_result import Estimate
from .hardware import HardwareProfile
from .i18n import Message, msg
from .units import GB, fmt_both, fmt_bytes, fmt_rate, fmt_seconds


# ---------------------------------------------------------------- roofline
def achieved_flops_per_s(e: Estimate, phase: str = "decode") -> float:
    """FLOP/s one phase (decode step or prefill) of an estimate achieves."""
    step = e.decode if phase == "decode" else e.prefill_cost
    return step.flops / step.time_s


@dataclass(frozen=True)
class RooflineCurve:
    """Attainable FLOP/s vs arithmetic intensity: min(bandwidth x I, peak)."""

    intensity: np.ndarray  # FLOP/byte
    flops_per_s: np.ndarray
    bw_bytes_per_s: float
    peak_flops_per_s: float

    @property
    def ridge_flops_per_byte(self) -> float:
        return self.peak_flops_per_s / self.bw_bytes_per_s


def roofline_curve(gpu: HardwareProfile, dtype: str = "bf16", bw_efficiency: float = 1.0,
                   flops_efficiency: float = 1.0, x_min: float = 0.01, x_max: float = 1e5,
                   n: int = 200) -> RooflineCurve:
    """Attainable FLOP/s vs intensity: min(bandwidth x I, peak), optionally derated by efficiencies."""
    bw = gpu.bw_bytes_per_s * bw_efficiency
    peak = gpu.peak_flops_per_s(dtype) * flops_efficiency
    x = np.geomspace(x_min, x_max, n)
    return RooflineCurve(x, np.minimum(bw * x, peak), bw, peak)


@dataclass(frozen=True)
class OperatingPoint:
    """Where one phase (decode step or prefill) of one estimate sits on the roofline."""

    scheme: str
    phase: str  # "decode" | "prefill"
    intensity: float  # FLOP per byte of device-memory traffic
    flops_per_s: float  # achieved
    time_s: float
    bound: str  # "memory" | "compute"
    hbm_bytes: float
    flops: float


def operating_points(estimates: Iterable[Estimate],
                     phases: Sequence[str] = ("decode", "prefill")) -> list[OperatingPoint]:
    """Decode and/or prefill operating point of each estimate."""
    rows = []
    for e in estimates:
        for phase in phases:
            step = e.decode if phase == "decode" else e.prefill_cost
            rows.append(OperatingPoint(e.scheme, phase, step.intensity, achieved_flops_per_s(e, phase), step.time_s,
                                       step.bound, step.hbm_bytes, step.flops))
    return rows


@dataclass(frozen=True)
class SramRow:
    """Whether one scheme's whole-batch cache fits the on-chip budget."""

    scheme: str
    kv_bytes: int
    budget_bytes: int
    resident: bool


def sram_rows(estimates: Iterable[Estimate], gpu: HardwareProfile, a: Assumptions) -> list[SramRow]:
    """Whether each scheme's whole-batch cache fits the on-chip budget (sram_fraction x L2)."""
    budget = int(a.sram_fraction * gpu.onchip_bytes)
    return [SramRow(e.scheme, e.memory.kv_bytes, budget, e.sram_resident) for e in estimates]


@dataclass(frozen=True)
class OnchipSizes:
    """On-chip memory of a GPU (None where the profile lists no figure)."""

    l2_bytes: int | None
    sm_sram_bytes: int | None
    sm_count: int | None


def onchip_sizes(gpu: HardwareProfile) -> OnchipSizes:
    """L2, SM-local SRAM and SM count of a GPU (None where the profile has no figure)."""
    return OnchipSizes(int(gpu.l2_bytes.value) if gpu.l2_bytes else None,
                       int(gpu.sm_sram_bytes.value) if gpu.sm_sram_bytes else None,
                       int(gpu.sm_count.value) if gpu.sm_count else None)


# ---------------------------------------------------------------- hardware sources
def fmt_figure(name: str, value: float) -> str:
    """A named figure in its unit, read from the name's suffix as the profiles and probes spell them
    (``flops_per_s*``, ``*bytes_per_s``, ``*_bytes``, ``*_s`` seconds, ``*_w``, ``*usd_per_gpu_hour``, ``*_usd``)."""
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
    if name.endswith("_s"):
        return fmt_seconds(value)
    return f"{value:g}"


@dataclass(frozen=True)
class FigureRow:
    """One sourced figure of a hardware profile, formatted for the sources table. ``label`` and ``level`` are
    messages (shown in the reader's language); ``source`` and ``note`` are the source's own words (English)."""

    figure: str  # field name, e.g. 'mem_bw_bytes_per_s' or 'flops_per_s.bf16'
    value: str  # formatted with units
    source: str
    as_of: str  # ISO date of the source
    confidence: str  # high / medium / low / estimate
    note: str
    label: Message | str = ""  # the figure in words ('Memory bandwidth' / 'メモリ帯域')
    level: Message | str = ""  # the confidence in words


def figure_label(name: str) -> Message:
    """'flops_per_s.bf16' -> 'Dense BF16 compute'; 'tdp_w' -> 'Board power (TDP)' (the ``hardware`` catalogue)."""
    if name.startswith("flops_per_s."):
        return msg("hwf.flops_per_s", dtype=name.split(".", 1)[1].upper())
    if name.startswith("memory_tiers."):  # 'memory_tiers.hbm.bw_bytes_per_s' -> 'HBM: bandwidth'
        _, tier, field = name.split(".", 2)
        return msg(f"hwf.tier.{field}", tier=tier_name(tier))
    return msg(f"hwf.{name}")


def tier_name(tier: str) -> Message:
    """A memory tier's name in words ('hbm' -> 'HBM', 'l1_smem' -> 'L1 / shared memory'; the ``hardware``
    catalogue)."""
    return msg(f"tiername.{tier}")


def hardware_rows(gpu: HardwareProfile) -> list[FigureRow]:
    """One row per figure of a profile: name, formatted value, source, as_of, confidence, note."""
    return [FigureRow(name, fmt_figure(name, f.value), f.source, f.as_of.isoformat(), f.confidence, f.note,
                      figure_label(name), msg(f"conf.{f.confidence}"))
            for name, f in gpu.figures().items()]


__all__ = ["achieved_flops_per_s", "RooflineCurve", "roofline_curve", "OperatingPoint", "operating_points", "SramRow",
           "sram_rows", "OnchipSizes", "onchip_sizes", "fmt_figure", "FigureRow", "figure_label", "tier_name",
           "hardware_rows"]
