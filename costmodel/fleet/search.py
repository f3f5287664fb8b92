"""The optimizer: for each scheme, every feasible deployment on every chosen GPU type, sized and costed; the
lowest-cost plan that meets the SLO, the runners-up and the Pareto front (monthly cost vs time per output token).
"""

from __future__ import annotations

from typing import Mapping, Sequence

from ..engines import DEFAULT_ENGINE
from ..assumptions import DEFAULT, Assumptions
from ..currency import USD
from ..estimate import InputError, resolve
from ..hardware import HardwareProfile, get_profile
from ..i18n import Message, msg
from ..prices import priced
from ..schemes import Scheme
from ..schemes import resolve as resolve_scheme
from ..spec import ModelSpec
from ..tco import (
    BASES,
    CostBasis,
    CostInputs,
    GpuCost,
    NoPrice,
    month_cost,
)
from ..units import fmt_both
from .deploy import candidates
from .demand import HEADROOM_RANGE, SLO, Demand, positive, within
from .costing import cost_plan, pareto_front, plan_key, probe
from .plan import FleetResult, Plan, SchemeResult
from .sizing import Sized, batch_cap, size, size_disaggregated
from .speed import SpeedModel, speed_model

CAP_LEVELS = 6  # batch caps tried per deployment: the largest allowed, then halved (the latency side of the front)


def _caps(cap: int) -> list[int]:
    out, b = [], cap
    while b >= 1 and len(out) < CAP_LEVELS:
        out.append(b)
        b //= 2
    return out


def _one_scheme(
    spec: ModelSpec,
    sch: Scheme,
    profs: Sequence[HardwareProfile],
    demand: Demand,
    slo: SLO,
    basis: CostBasis,
    c: CostInputs,
    costs: Mapping[str, GpuCost | NoPrice],
    headroom: float,
    tp: int | None,
    pp: int | None,
    disaggregate: bool,
    engine: str,
    kw: dict,
) -> SchemeResult:
    plans: list[Plan] = []
    no_fit: list[Message] = []
    slo_miss = 0
    why: list[Message] = []
    for prof in profs:
        g = costs[prof.id]
        if isinstance(g, NoPrice):
            why.append(msg("pr.gpu_no_price", gpu=prof.name, reason=g.args[0]))
            continue
        speed: SpeedModel = speed_model(
            engine, spec, prof, sch, demand.context_tokens, demand.prompt_tokens or None, **kw
        )
        try:
            month_cost(probe(), g, c, basis)
        except NoPrice as exc:
            why.append(msg("pr.gpu_no_price", gpu=prof.name, reason=exc.args[0]))
            continue
        sized: list[Sized] = []
        for d in candidates(spec, sch, prof, tp, pp):
            mem, cap = batch_cap(speed, d, slo)
            if mem == 0:
                if len(no_fit) < 3 and d.pure_tp:
                    total = speed.total_bytes(d)
                    no_fit.append(
                        msg(
                            "pr.no_fit",
                            gpu=prof.name,
                            dep=d.label(),
                            context=demand.context_tokens,
                            total=fmt_both(total),
                            cap=fmt_both(prof.capacity_bytes),
                        )
                    )
                continue
            if cap == 0:
                slo_miss += 1
                continue
            for b in _caps(cap):
                s = size(speed, d, demand, b, mem, headroom)
                if slo.met(s.ttft_s, s.tpot_max_batch_s):
                    sized.append(s)
                else:
                    slo_miss += 1
        if disaggregate and demand.kind == "requests_per_day":
            sized += _disaggregated(speed, spec, sch, prof, demand, slo, headroom, tp, pp)
        plans += [cost_plan(s, sch, spec, prof, g, c, basis, headroom) for s in sized]
    if not plans:
        why += no_fit
        if slo_miss:
            why.append(msg("pr.slo_unmet", n=slo_miss))
        if not why:
            why.append(msg("pr.too_big", gpus=", ".join(p.name for p in profs)))
        return SchemeResult(sch.describe(spec), sch.token(), None, (), (), (), tuple(why))
    plans.sort(key=plan_key)
    best = plans[0]
    seen = {(best.gpu, best.label)}
    runners: list[Plan] = []
    for p in plans[1:]:
        if (p.gpu, p.label) not in seen and len(runners) < 3:
            seen.add((p.gpu, p.label))
            runners.append(p)
    front = [p for p in pareto_front(plans) if p is not best]
    why.append(msg("pr.searched", n=len(plans), gpus=", ".join(p.name for p in profs)))
    why += no_fit[:1]
    if slo_miss:
        why.append(msg("pr.slo_dropped", n=slo_miss))
    why.append(
        msg(
            "pr.chosen",
            dep=best.label,
            gpu=best.gpu_name,
            replicas=best.replicas,
            gpus=best.gpus,
            servers=best.servers,
            batch=best.batch_per_replica,
            usd=best.cost_per_month_usd,
            per_1m=best.usd_per_1m_tokens,
            cost=USD.fmt(best.cost_per_month_usd),
            cost_1m=USD.fmt(best.usd_per_1m_tokens, per_unit=True),
            util=best.utilization,
            tpot_ms=best.tpot_s * 1e3,
        )
    )
    if runners:
        r = runners[0]
        why.append(
            msg(
                "pr.runner_up",
                dep=r.label,
                gpu=r.gpu_name,
                gpus=r.gpus,
                usd=r.cost_per_month_usd,
                cost=USD.fmt(r.cost_per_month_usd),
                more=r.cost_per_month_usd / best.cost_per_month_usd - 1,
            )
        )
    return SchemeResult(best.scheme, best.scheme_token, best, tuple(front), tuple(runners), tuple(plans), tuple(why))


def _disaggregated(
    speed: SpeedModel,
    spec: ModelSpec,
    sch: Scheme,
    prof: HardwareProfile,
    demand: Demand,
    slo: SLO,
    headroom: float,
    tp: int | None,
    pp: int | None,
) -> list[Sized]:
    """Separate prefill and decode pools: the prefill deployment with the fewest GPU-seconds per prompt, paired
    with every decode deployment (at its largest allowed batch)."""
    fitting = [d for d in candidates(spec, sch, prof, tp, pp) if speed.max_batch(d) >= 1]
    if not fitting:
        return []
    pre = min(fitting, key=lambda d: (d.gpus * speed.prefill_s(d, demand.prompt_tokens), d.gpus))
    kv_tok = speed.kv_bytes_per_token()
    out = []
    for d in fitting:
        mem, cap = batch_cap(speed, d, slo)
        if cap:
            s = size_disaggregated(speed, pre, d, demand, cap, mem, headroom, kv_tok)
            if slo.met(s.ttft_s, s.tpot_max_batch_s):
                out.append(s)
    return out


def optimize(
    model: str | ModelSpec,
    gpus: str | HardwareProfile | Sequence[str | HardwareProfile],
    demand: Demand,
    schemes: Sequence[str | Scheme] = ("native",),
    *,
    slo: SLO | None = None,
    cost_basis: CostBasis = "onprem",
    inputs: CostInputs | None = None,
    gpu_costs: Mapping[str, GpuCost | NoPrice] | None = None,
    headroom: float = 1.2,
    tp: int | None = None,
    pp: int | None = None,
    disaggregate: bool = False,
    engine: str = DEFAULT_ENGINE,
    kv_dtype: str = "bf16",
    weight_dtype: str = "bf16",
    state_dtype: str = "fp32",
    assumptions: Assumptions = DEFAULT,
) -> FleetResult:
    """Lowest-cost plan per scheme that meets ``slo`` for ``demand`` on the GPU types ``gpus``, with the Pareto
    front. ``gpu_costs``: per profile id, prices entered by the user, or why a GPU has none (default: the profile's,
    ``prices.priced``)."""
    slo = slo or SLO()
    inputs = inputs or CostInputs()
    if not isinstance(demand, Demand):
        raise InputError(msg("in.demand"))
    headroom = within("headroom", headroom, HEADROOM_RANGE)
    if cost_basis not in BASES:
        raise InputError(msg("pr.basis", value=str(cost_basis)[:80]))
    for name, v in (("tp", tp), ("pp", pp)):
        if v is not None:
            positive(name, v, True)
    gl = [gpus] if isinstance(gpus, (str, HardwareProfile)) else list(gpus)
    profs = [g if isinstance(g, HardwareProfile) else get_profile(g) for g in gl]
    if not profs:
        raise InputError(msg("pr.no_gpu"))
    spec = resolve(model, profs[0], None)[0]
    costs = {p.id: (gpu_costs or {}).get(p.id) or priced(p, inputs) for p in profs}
    kw = dict(kv_dtype=kv_dtype, weight_dtype=weight_dtype, state_dtype=state_dtype, assumptions=assumptions)
    out, skipped = [], []
    for s in schemes:
        sch = resolve_scheme(spec, s)
        reason = sch.reason_not_applicable(spec)
        if reason:
            skipped.append((sch.describe(spec), reason))
            continue
        out.append(
            _one_scheme(
                spec, sch, profs, demand, slo, cost_basis, inputs, costs, headroom, tp, pp, disaggregate, engine, kw
            )
        )
    with_cost = tuple(g for g in costs.values() if isinstance(g, GpuCost))
    return FleetResult(spec.name, demand, slo, cost_basis, headroom, engine, inputs, with_cost, tuple(out),
                       tuple(skipped))



__all__ = ["optimize", "pareto_front", "CAP_LEVELS"]
