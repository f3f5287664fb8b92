"""Typed results of the fleet optimizer: a costed plan, the result per scheme, the whole answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engines import get_engine
from ..i18n import Message
from ..tco import CostBasis, CostBreakdown, CostInputs, GpuCost, PlanFacts
from .demand import SLO, Demand
from .deploy import Deployment


@dataclass(frozen=True)
class Plan:
    """One deployment of one scheme on one GPU type, sized for the demand and costed."""

    scheme: str
    scheme_token: str
    gpu: str  # profile id
    gpu_name: str
    deployment: Deployment
    disaggregated: bool
    prefill_deployment: Deployment | None
    prefill_replicas: int
    replicas: int  # decode (or co-located) replicas
    gpus: int
    servers: int
    cloud_units: int
    multi_server_gpus: int
    batch_per_replica: int
    max_batch_per_replica: int
    max_batch_memory: int
    ttft_s: float
    tpot_s: float
    tpot_max_batch_s: float
    demand_tokens_per_s: float
    capacity_tokens_per_s: float
    utilization: float
    headroom: float
    demand_sequences: float
    cost_basis: CostBasis
    cost: CostBreakdown
    usd_per_1m_tokens: float
    energy_kwh_per_1m_tokens: float
    other_basis_usd_per_month: float | None = None  # the same fleet on the other cost basis (None: no price)

    @property
    def cost_per_month_usd(self) -> float:
        return self.cost.total

    @property
    def tp(self) -> int:
        return self.deployment.tp

    @property
    def pp(self) -> int:
        return self.deployment.pp

    @property
    def label(self) -> str:
        base = self.deployment.label()
        if self.disaggregated and self.prefill_deployment:
            return f"{base} + prefill {self.prefill_replicas} x {self.prefill_deployment.label()}"
        return base

    @property
    def facts(self) -> PlanFacts:
        return PlanFacts(
            self.gpus,
            self.servers,
            self.cloud_units,
            self.multi_server_gpus,
            self.demand_tokens_per_s,
            self.utilization,
        )

    def to_dict(self) -> dict:
        d = self.deployment
        out = {
            "scheme": self.scheme,
            "scheme_token": self.scheme_token,
            "gpu": self.gpu,
            "gpu_name": self.gpu_name,
            "gpus": self.gpus,
            "servers": self.servers,
            "tp": d.tp,
            "pp": d.pp,
            "ep": d.ep,
            "dp_attention": d.dp_attn,
            "replicas": self.replicas,
            "batch_per_replica": self.batch_per_replica,
            "max_batch_per_replica": self.max_batch_per_replica,
            "max_batch_memory": self.max_batch_memory,
            "gpus_per_replica": d.gpus,
            "deployment": self.label,
            "disaggregated": self.disaggregated,
            "cost_basis": self.cost_basis,
            "cost_per_month_usd": self.cost_per_month_usd,
            "usd_per_1m_tokens": self.usd_per_1m_tokens,
            "cost_breakdown": self.cost.as_dict(),
            "energy_kwh_per_1m_tokens": self.energy_kwh_per_1m_tokens,
            "ttft_s": self.ttft_s,
            "tpot_s": self.tpot_s,
            "tpot_at_max_batch_s": self.tpot_max_batch_s,
            "demand_tokens_per_s": self.demand_tokens_per_s,
            "capacity_tokens_per_s": self.capacity_tokens_per_s,
            "utilization": self.utilization,
            "headroom": self.headroom,
            "cloud_units": self.cloud_units,
            "other_basis_usd_per_month": self.other_basis_usd_per_month,
        }
        if self.disaggregated and self.prefill_deployment:
            p = self.prefill_deployment
            out["prefill_pool"] = {
                "tp": p.tp,
                "pp": p.pp,
                "replicas": self.prefill_replicas,
                "gpus": p.gpus * self.prefill_replicas,
            }
        return out


@dataclass(frozen=True)
class SchemeResult:
    """The optimizer's answer for one scheme: the cheapest plan meeting the SLO, runners-up, Pareto front."""

    scheme: str
    scheme_token: str
    best: Plan | None  # the lowest-cost plan meeting the SLO
    pareto: tuple[Plan, ...]  # the other non-dominated plans (cost vs TPOT), cheapest first
    runners_up: tuple[Plan, ...]  # the next cheapest distinct deployments
    enumerated: tuple[Plan, ...] = field(repr=False)  # every feasible costed plan
    why: tuple[Message, ...] = ()

    def to_dict(self) -> dict:
        if self.best is None:
            return {
                "scheme": self.scheme,
                "scheme_token": self.scheme_token,
                "feasible": False,
                "why": [str(w) for w in self.why],
                "pareto": [],
            }
        return {
            **self.best.to_dict(),
            "feasible": True,
            "why": [str(w) for w in self.why],
            "pareto": [p.to_dict() for p in self.pareto],
            "runners_up": [p.to_dict() for p in self.runners_up],
        }


@dataclass(frozen=True)
class FleetResult:
    """The optimizer's answer for every scheme, with the inputs it used."""

    model: str
    demand: Demand
    slo: SLO
    cost_basis: CostBasis
    headroom: float
    engine: str
    inputs: CostInputs
    gpu_costs: tuple[GpuCost, ...]
    schemes: tuple[SchemeResult, ...]
    skipped: tuple[tuple[str, Message], ...] = ()  # (scheme, why it does not apply)

    def to_dict(self) -> dict:
        return {
            "model": self.model,
            "demand": str(self.demand.describe()),
            "cost_basis": self.cost_basis,
            "engine": self.engine,
            "error_band": get_engine(self.engine).band(),
            "headroom": self.headroom,
            "slo": {"ttft_s": self.slo.ttft_s, "tpot_s": self.slo.tpot_s},
            "plans": [s.to_dict() for s in self.schemes],
            "not_applicable": {k: str(v) for k, v in self.skipped},
        }


__all__ = ["Plan", "SchemeResult", "FleetResult"]
