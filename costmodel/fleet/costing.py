"""Costing a sized deployment (``tco.month_cost`` on its servers, billing units and fabric), the order plans are
ranked in, and the Pareto front of monthly cost vs time per output token."""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ..hardware import HardwareProfile
from ..schemes import Scheme
from ..spec import ModelSpec
from ..tco import (
    BASES,
    CostBasis,
    CostBreakdown,
    CostInputs,
    GpuCost,
    NoPrice,
    PlanFacts,
    energy_kwh_per_1m_tokens,
    month_cost,
    usd_per_1m_tokens,
)
from .plan import Plan
from .sizing import Sized


def cost_plan(
    s: Sized,
    sch: Scheme,
    spec: ModelSpec,
    prof: HardwareProfile,
    g: GpuCost,
    c: CostInputs,
    basis: CostBasis,
    headroom: float,
) -> Plan:
    """Monthly cost lines, $/1M tokens and energy of one sized deployment under the cost basis."""
    d, n = s.deployment, prof.n_per_server
    reps = [(d, s.replicas)] + ([(s.prefill.deployment, s.prefill.replicas)] if s.prefill else [])
    servers = sum(x.servers(r, n) for x, r in reps)
    units = sum(x.servers(r, g.cloud_gpus_per_unit) for x, r in reps)
    multi = sum(x.gpus * r for x, r in reps if x.spans_servers(n))
    plan = Plan(
        sch.describe(spec),
        sch.token(),
        prof.id,
        prof.name,
        d,
        s.prefill is not None,
        s.prefill.deployment if s.prefill else None,
        s.prefill.replicas if s.prefill else 0,
        s.replicas,
        s.gpus,
        servers,
        units,
        multi,
        s.batch_per_replica,
        s.max_batch,
        s.max_batch_memory,
        s.ttft_s,
        s.tpot_s,
        s.tpot_max_batch_s,
        s.demand_tokens_per_s,
        s.capacity_tokens_per_s,
        s.utilization,
        headroom,
        s.demand_sequences,
        basis,
        CostBreakdown(),
        0.0,
        0.0,
    )
    f = plan.facts
    cost = month_cost(f, g, c, basis)
    other: float | None
    try:
        other = month_cost(f, g, c, BASES[1 - BASES.index(basis)]).total
    except NoPrice:
        other = None
    return replace(
        plan,
        cost=cost,
        usd_per_1m_tokens=usd_per_1m_tokens(cost.total, f, c),
        energy_kwh_per_1m_tokens=energy_kwh_per_1m_tokens(f, g, c),
        other_basis_usd_per_month=other,
    )


def pareto_front(plans: Sequence[Plan]) -> list[Plan]:
    """Plans no other plan beats on both monthly cost and time per output token, cheapest first."""
    front: list[Plan] = []
    for p in sorted(plans, key=lambda p: (p.cost_per_month_usd, p.tpot_s, p.gpus)):
        if not front or p.tpot_s < front[-1].tpot_s * (1 - 1e-12):
            front.append(p)
    return front


def plan_key(p: Plan) -> tuple:
    """Sort key of a plan: cost per month, then time per output token, then fewer GPUs (the optimizer's ranking)."""
    return (p.cost_per_month_usd, p.tpot_s, p.gpus, p.deployment.gpus)


def probe() -> PlanFacts:
    """A one-server fleet: costing it tells whether the prices the basis needs exist."""
    return PlanFacts(1, 1, 1, 0, 1.0, 0.5)


__all__ = ["cost_plan", "pareto_front", "plan_key", "probe"]
