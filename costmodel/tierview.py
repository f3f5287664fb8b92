"""What the Roofline page shows of the memory hierarchy: one roof and ridge per tier, and where each scheme's
decode working set lands (``placement``) with the on-chip memory it would need (``sram``). Rows only; no drawing."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

from .assumptions import DEFAULT, Assumptions
from .estimate_result import Estimate
from .hardware import HardwareProfile
from .sram import HOME_TIERS
from .views_hardware import RooflineCurve


@dataclass(frozen=True)
class TierRoof:
    """One memory tier with a published bandwidth: its roofline min(bw x I, peak) and ridge point."""

    name: str
    label: str
    on_chip: bool
    capacity_bytes: int
    bw_bytes_per_s: float
    ridge_flops_per_byte: float
    curve: RooflineCurve


def tier_roofs(gpu: HardwareProfile, peak_flops_per_s: float, x_min: float = 0.01, x_max: float = 1e5,
               n: int = 200) -> list[TierRoof]:
    """A roof per tier that has a bandwidth (kernel-local registers included: they bound what any kernel reaches),
    fastest first; ``peak_flops_per_s`` at the roofline's dtype."""
    x = np.geomspace(x_min, x_max, n)
    out = [TierRoof(t.name, t.label or t.name, t.on_chip, t.capacity, t.bw, peak_flops_per_s / t.bw,
                    RooflineCurve(x, np.minimum(t.bw * x, peak_flops_per_s), t.bw, peak_flops_per_s))
           for t in gpu.tiers if t.bw]
    return sorted(out, key=lambda r: -r.bw_bytes_per_s)


@dataclass(frozen=True)
class WorkingSetRow:
    """Where one scheme's decode step keeps its cache and weights, and the on-chip memory the cache would need."""

    scheme: str
    rule: str
    landing_tier: str | None  # tier holding most of the cache working set
    cache_bytes: int  # KV + state + encoder output, per chip
    encoder_output_bytes: int
    onchip_bytes: int  # of the whole working set (cache + weights) on chip, per chip
    resident: bool  # the whole cache on chip
    chips_per_replica: int
    home_tier: str | None  # the on-chip tier (L2 / LLC / SRAM) that could hold the whole cache on one chip
    home_capacity_bytes: int | None


def working_set_rows(estimates: Iterable[Estimate], gpu: HardwareProfile,
                     a: Assumptions = DEFAULT) -> list[WorkingSetRow]:
    """One row per estimate (the Roofline page's table)."""
    homes = [t for t in gpu.tiers if t.name in HOME_TIERS and {"weights", "kv"} & set(t.holds)]
    rows = []
    for e in estimates:
        pl = e.placement
        if pl is None:
            continue
        cache = int(pl.cache_stored_bytes / pl.stages)
        on = int(sum(t.stored_bytes for t in pl.tiers if t.on_chip))
        home = next((t for t in sorted(homes, key=lambda t: t.capacity)
                     if "kv" in t.holds and 0 < cache <= a.sram_fraction * t.capacity), None)
        rows.append(WorkingSetRow(e.scheme, pl.rule, pl.landing_tier, cache,
                                  int(pl.items.stored["encoder_output"] / pl.stages), on, e.sram_resident,
                                  e.chips_per_replica, home.name if home else None,
                                  home.capacity if home else None))
    return rows


__all__ = ["TierRoof", "WorkingSetRow", "tier_roofs", "working_set_rows"]
