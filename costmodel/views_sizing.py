"""What a deployment takes (pure; no streamlit, no plotting): the Fit page's per-GPU memory bar and capacity verdict,
and the Fleet page's costed plans, cost-vs-latency fronts and sensitivity (tornado) bars.

Every number a page displays comes from the ``views_*`` modules or directly from an ``Estimate``: the UI formats,
it never computes. Byte values stay exact ints; ``*_gb`` / ``*_gib`` are the same bytes in 1e9 / 2^30.
"""
from __future__ import annotations

from dataclasses import dataclass

from .estimate_result import Estimate
from .units import to_gb, to_gib

MEMORY_PARTS = ("weights", "kv", "activations", "reserve")


# ---------------------------------------------------------------- fit
@dataclass(frozen=True)
class MemorySegment:
    """One part of the per-GPU memory bar."""

    part: str  # one of MEMORY_PARTS
    bytes: int

    @property
    def gb(self) -> float:
        return to_gb(self.bytes)

    @property
    def gib(self) -> float:
        return to_gib(self.bytes)


def memory_segments(e: Estimate) -> list[MemorySegment]:
    """Per-GPU memory parts in stacking order (weights, KV, activations, reserve)."""
    m = e.memory
    vals = (m.weight_bytes, m.kv_bytes, m.activation_bytes, m.reserve_bytes)
    return [MemorySegment(p, int(v)) for p, v in zip(MEMORY_PARTS, vals)]


def shortfall_bytes(headroom_bytes: int) -> int:
    """Bytes missing when headroom is negative, else 0."""
    return max(-int(headroom_bytes), 0)


@dataclass(frozen=True)
class CapacityMarker:
    """The capacity line and the verdict numbers of one estimate (per GPU)."""

    capacity_bytes: int
    total_bytes: int
    fits: bool

    @property
    def gb(self) -> float:
        return to_gb(self.capacity_bytes)

    @property
    def gib(self) -> float:
        return to_gib(self.capacity_bytes)

    @property
    def headroom_bytes(self) -> int:
        """Free bytes (0 when it does not fit)."""
        return max(self.capacity_bytes - self.total_bytes, 0)

    @property
    def shortfall_bytes(self) -> int:
        """Missing bytes (0 when it fits)."""
        return shortfall_bytes(self.capacity_bytes - self.total_bytes)

    @property
    def used_fraction(self) -> float:
        return self.total_bytes / self.capacity_bytes


def capacity_marker(e: Estimate) -> CapacityMarker:
    """Capacity line and verdict numbers of ``e``."""
    m = e.memory
    return CapacityMarker(m.capacity_bytes, m.total_bytes, m.fits)


# ---------------------------------------------------------------- fleet / ROI
def tornado_rows(rows) -> list[dict]:
    """roi.TornadoRow list -> dicts with the bar extents relative to the base result (low_delta, high_delta)."""
    return [{**r.to_dict(), "low_delta": r.low_result - r.base_result, "high_delta": r.high_result - r.base_result}
            for r in rows]


@dataclass(frozen=True)
class PlanRow:
    """One costed fleet plan as the Fleet page lists it."""

    scheme: str
    gpu: str
    deployment: str
    replicas: int
    gpus: int
    servers: int
    batch_per_replica: int
    ttft_s: float
    tpot_ms: float
    utilization: float
    cost_per_month_usd: float
    usd_per_1m_tokens: float
    energy_kwh_per_1m_tokens: float
    capacity_tokens_per_s: float = float("nan")  # peak generated tokens/s the fleet delivers
    cost_basis: str = "onprem"  # the basis of cost_per_month_usd: "onprem" or "cloud"
    other_basis_usd_per_month: float | None = None  # the same fleet on the other basis (None: no price)

    @property
    def onprem_usd_per_month(self) -> float | None:
        return self.cost_per_month_usd if self.cost_basis == "onprem" else self.other_basis_usd_per_month

    @property
    def cloud_usd_per_month(self) -> float | None:
        return self.cost_per_month_usd if self.cost_basis == "cloud" else self.other_basis_usd_per_month


def plan_row(p) -> PlanRow:
    """fleet.Plan -> PlanRow."""
    return PlanRow(p.scheme, p.gpu_name, p.label, p.replicas, p.gpus, p.servers, p.batch_per_replica, p.ttft_s,
                   p.tpot_s * 1e3, p.utilization, p.cost_per_month_usd, p.usd_per_1m_tokens, p.energy_kwh_per_1m_tokens,
                   p.capacity_tokens_per_s, p.cost_basis, p.other_basis_usd_per_month)


@dataclass(frozen=True)
class ParetoPoint:
    """A plan on a scheme's cost-vs-latency front (the recommended one flagged)."""

    scheme: str
    label: str
    gpus: int
    cost_per_month_usd: float
    tpot_ms: float
    recommended: bool


def pareto_points(result) -> list[ParetoPoint]:
    """fleet.FleetResult -> every scheme's front: its recommended plan and the other non-dominated ones."""
    out = []
    for s in result.schemes:
        for p in ([s.best] if s.best else []) + list(s.pareto):
            out.append(ParetoPoint(s.scheme, f"{p.label} ({p.gpu_name})", p.gpus, p.cost_per_month_usd, p.tpot_s * 1e3,
                                   p is s.best))
    return out


__all__ = ["MEMORY_PARTS", "MemorySegment", "memory_segments", "shortfall_bytes", "CapacityMarker", "capacity_marker",
           "tornado_rows", "PlanRow", "plan_row", "ParetoPoint", "pareto_points"]
