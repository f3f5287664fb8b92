"""Total cost of ownership of a fleet per month: cloud by the provider's billing unit and tier, or on-prem with
every line a finance team expects. Each formula is mirrored by a live Excel formula (``xlsx/sheets.py``).

On-prem, per month (n = life_years x 12 months, i = (1 + wacc)^(1/12) - 1, r = residual_fraction):

    capital          = servers x server_price x (1 + spares) + network + storage
    network          = multi_server_gpus x network_usd_per_gpu        (scale-out fabric; 0 inside one server)
    storage          = servers x storage_usd_per_server
    capex            = servers x server_price x (1 - r) / n           (straight-line depreciation to residual)
    spares           = capex x spares_fraction
    network_storage  = (network + storage) x (1 - r) / n
    cost_of_capital  = PMT(i, n, -capital, r x capital) - capital x (1 - r) / n     (0 when wacc = 0)
    it_kw            = servers x (idle_w + (load_w - idle_w) x utilization) / 1000
    power            = it_kw x pue x hours x electricity_usd_per_kwh
    colocation       = servers x nameplate_w / 1000 x colocation_usd_per_kw_month
    software_support = gpus x software_usd_per_gpu_year / 12 + servers x server_price x support_fraction_per_year / 12
    staff            = gpus x staff_usd_per_gpu_month
Cloud: cloud = cloud_units x usd_per_unit_hour x hours (+ software_support, the licence per GPU).
Per 1M tokens = month / (demanded tokens/s x 3600 x hours) x 1e6: tokens actually served, not capacity.
Energy per 1M tokens = it_kw x pue / (demanded tokens/s x 3600) x 1e6 kWh.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Literal

from .i18n import msg

CostBasis = Literal["cloud", "onprem"]
BASES: tuple[CostBasis, ...] = ("cloud", "onprem")


def check(name: str, v: object, lo: float, hi: float) -> float:
    """``v`` as a float in [lo, hi]; ValueError (one line) otherwise."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(msg("num.not_number", name=name, value=v))
    if not math.isfinite(v):
        raise ValueError(msg("num.not_finite", name=name, value=v))
    if not lo <= v <= hi:
        if hi == math.inf:
            raise ValueError(msg("num.at_least", name=name, lo=lo, value=v))
        raise ValueError(msg("num.between", name=name, lo=lo, hi=hi, value=v))
    return float(v)


MAX_FIGURE = 1e12  # largest amount, power or count an input takes: beyond any server, and costs stay finite
# field -> (lo, hi, unit); the defaults' sources are messages "tco.src.<field>"
# (costmodel/messages/<lang>/procurement.py)
INPUT_META: dict[str, tuple[float, float, str]] = {
    "hours_per_month": (1, 744, "h"),
    "life_years": (0.5, 30, "years"),
    "residual_fraction": (0, 0.99, "fraction"),
    "wacc": (0, 1, "fraction/year"),
    "pue": (1, 5, "ratio"),
    "electricity_usd_per_kwh": (0, 10, "USD/kWh"),
    "colocation_usd_per_kw_month": (0, MAX_FIGURE, "USD/kW-month"),
    "network_usd_per_gpu": (0, MAX_FIGURE, "USD/GPU"),
    "storage_usd_per_server": (0, MAX_FIGURE, "USD/server"),
    "software_usd_per_gpu_year": (0, MAX_FIGURE, "USD/GPU-year"),
    "support_fraction_per_year": (0, 1, "fraction/year"),
    "staff_usd_per_gpu_month": (0, MAX_FIGURE, "USD/GPU-month"),
    "spares_fraction": (0, 1, "fraction"),
    "idle_power_fraction": (0, 1, "fraction"),
    "migration_gpu_hours": (0, MAX_FIGURE, "GPU-h"),
    "migration_gpu_hour_usd": (0, MAX_FIGURE, "USD/GPU-h"),
    "migration_engineering_usd": (0, MAX_FIGURE, "USD"),
}
NOT_PUBLISHED = ("storage_usd_per_server", "support_fraction_per_year", "staff_usd_per_gpu_month", "spares_fraction")


@dataclass(frozen=True)
class CostInputs:
    """Fleet-wide money assumptions (US defaults, /work research tco_defaults.md; sources: ``cost_sources``)."""

    hours_per_month: float = 730.0
    life_years: float = 5.0
    residual_fraction: float = 0.0
    wacc: float = 0.075
    pue: float = 1.54
    electricity_usd_per_kwh: float = 0.09
    colocation_usd_per_kw_month: float = 195.0
    network_usd_per_gpu: float = 1_900.0
    storage_usd_per_server: float = 0.0
    software_usd_per_gpu_year: float = 0.0
    support_fraction_per_year: float = 0.0
    staff_usd_per_gpu_month: float = 0.0
    spares_fraction: float = 0.0
    idle_power_fraction: float = 0.15
    migration_gpu_hours: float = 0.0
    migration_gpu_hour_usd: float = 0.0
    migration_engineering_usd: float = 0.0

    def __post_init__(self) -> None:
        for f in fields(self):
            lo, hi, _ = INPUT_META[f.name]
            object.__setattr__(self, f.name, check(f.name, getattr(self, f.name), lo, hi))

    @property
    def months(self) -> float:
        return self.life_years * 12

    @property
    def monthly_rate(self) -> float:
        return (1 + self.wacc) ** (1 / 12) - 1

    def with_(self, **changes) -> "CostInputs":
        return replace(self, **changes)

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


GPU_META: dict[str, tuple[float, float, str]] = {
    "server_price_usd": (0, MAX_FIGURE, "USD"),
    "server_load_w": (0, MAX_FIGURE, "W"),
    "server_idle_w": (0, MAX_FIGURE, "W"),
    "server_nameplate_w": (0, MAX_FIGURE, "W"),
    "cloud_usd_per_unit_hour": (0, MAX_FIGURE, "USD/unit-h"),
    "cloud_gpus_per_unit": (1, 1024, "GPUs"),
}
GPU_INPUTS = ("server_price_usd", "server_load_w", "cloud_usd_per_unit_hour")  # what a user may enter per GPU


@dataclass(frozen=True)
class GpuCost:
    """Prices and power of one GPU type's server (None: no sourced figure; the user must enter one)."""

    gpu: str  # profile id
    gpus_per_server: int
    server_price_usd: float | None
    server_load_w: float
    server_idle_w: float
    server_nameplate_w: float
    cloud_usd_per_unit_hour: float | None
    cloud_gpus_per_unit: int = 1
    cloud_label: str = ""

    def __post_init__(self) -> None:
        for name, (lo, hi, _) in GPU_META.items():
            v = getattr(self, name)
            if v is not None:
                object.__setattr__(self, name, check(name, v, lo, hi))
        object.__setattr__(self, "cloud_gpus_per_unit", int(self.cloud_gpus_per_unit))
        if self.server_idle_w > self.server_load_w:
            raise ValueError(msg("tco.idle_above_load", idle=self.server_idle_w, load=self.server_load_w))

    @property
    def cloud_usd_per_gpu_hour(self) -> float | None:
        c = self.cloud_usd_per_unit_hour
        return None if c is None else c / self.cloud_gpus_per_unit

    def with_(self, **changes) -> "GpuCost":
        return replace(self, **changes)


@dataclass(frozen=True)
class PlanFacts:
    """What the cost of a fleet depends on (the Plans sheet's fact columns)."""

    gpus: int
    servers: int
    cloud_units: int  # billing units (instances or GPUs) the provider charges for
    multi_server_gpus: int  # GPUs in replicas that span servers (they need the scale-out fabric)
    demand_tokens_per_s: float  # tokens the target actually asks for (served)
    utilization: float  # demand / capacity, also the load fraction of the power model


@dataclass(frozen=True)
class CostBreakdown:
    """USD per month by line; ``cloud`` is the provider's bill (0 on-prem), the others 0 in the cloud but
    software_support (a per-GPU licence applies either way)."""

    capex: float = 0.0
    spares: float = 0.0
    network_storage: float = 0.0
    cost_of_capital: float = 0.0
    power: float = 0.0
    colocation: float = 0.0
    software_support: float = 0.0
    staff: float = 0.0
    cloud: float = 0.0

    @property
    def total(self) -> float:
        return (
            self.capex
            + self.spares
            + self.network_storage
            + self.cost_of_capital
            + self.power
            + self.colocation
            + self.software_support
            + self.staff
            + self.cloud
        )

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


LINES = tuple(f.name for f in fields(CostBreakdown))


class NoPrice(ValueError):
    """A price the chosen cost basis needs is absent (message: 'no price: enter one')."""


def annuity(capital: float, c: CostInputs) -> float:
    """Monthly payment that repays ``capital`` over the life at the WACC, leaving the residual (Excel PMT)."""
    n, i, r = c.months, c.monthly_rate, c.residual_fraction
    if i == 0:
        return capital * (1 - r) / n
    return (capital - r * capital * (1 + i) ** -n) * i / (1 - (1 + i) ** -n)


def it_kw(f: PlanFacts, g: GpuCost) -> float:
    """IT power of the plan's servers in kW at its utilization (idle + load-proportional part)."""
    return f.servers * (g.server_idle_w + (g.server_load_w - g.server_idle_w) * f.utilization) / 1000


def month_cost(f: PlanFacts, g: GpuCost, c: CostInputs, basis: CostBasis) -> CostBreakdown:
    """The monthly bill of a fleet on ``basis``; NoPrice when a needed price is absent."""
    software = f.gpus * c.software_usd_per_gpu_year / 12
    if basis == "cloud":
        if g.cloud_usd_per_unit_hour is None:
            raise NoPrice(msg("tco.no_cloud_price", gpu=g.gpu))
        return CostBreakdown(
            software_support=software, cloud=f.cloud_units * g.cloud_usd_per_unit_hour * c.hours_per_month
        )
    if g.server_price_usd is None:
        raise NoPrice(msg("tco.no_server_price", gpu=g.gpu))
    servers_usd = f.servers * g.server_price_usd
    net_storage = f.multi_server_gpus * c.network_usd_per_gpu + f.servers * c.storage_usd_per_server
    capital = servers_usd * (1 + c.spares_fraction) + net_storage
    dep = (1 - c.residual_fraction) / c.months
    return CostBreakdown(
        capex=servers_usd * dep,
        spares=servers_usd * dep * c.spares_fraction,
        network_storage=net_storage * dep,
        cost_of_capital=annuity(capital, c) - capital * dep,
        power=it_kw(f, g) * c.pue * c.hours_per_month * c.electricity_usd_per_kwh,
        colocation=f.servers * g.server_nameplate_w / 1000 * c.colocation_usd_per_kw_month,
        software_support=software + servers_usd * c.support_fraction_per_year / 12,
        staff=f.gpus * c.staff_usd_per_gpu_month,
    )


def tokens_per_month(f: PlanFacts, c: CostInputs) -> float:
    """Tokens demanded (served) per month: the definition $/1M divides by."""
    return f.demand_tokens_per_s * 3600 * c.hours_per_month


def usd_per_1m_tokens(total_usd_per_month: float, f: PlanFacts, c: CostInputs) -> float:
    """Cost per month divided by the tokens demanded per month, per million."""
    return total_usd_per_month / tokens_per_month(f, c) * 1e6


def energy_kwh_per_1m_tokens(f: PlanFacts, g: GpuCost, c: CostInputs) -> float:
    """Facility energy (IT x PUE) per million tokens served."""
    return it_kw(f, g) * c.pue / (f.demand_tokens_per_s * 3600) * 1e6


__all__ = [
    "BASES",
    "CostBasis",
    "CostBreakdown",
    "CostInputs",
    "GpuCost",
    "INPUT_META",
    "GPU_META",
    "GPU_INPUTS",
    "LINES",
    "NOT_PUBLISHED",
    "NoPrice",
    "PlanFacts",
    "annuity",
    "check",
    "energy_kwh_per_1m_tokens",
    "it_kw",
    "month_cost",
    "tokens_per_month",
    "usd_per_1m_tokens",
]
