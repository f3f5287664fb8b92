"""Cloud and on-prem cost of a fleet, $/1M tokens, savings over a baseline scheme, payback, sensitivity.

Every formula here is mirrored, operation for operation, by a live Excel formula in ``export.py``:

    tokens_per_month   = tokens_per_s * utilization * hours_per_month * 3600
    cloud_month        = gpus * hours_per_month * gpu_hour_usd
    capex_month        = servers * server_price_usd / (depreciation_years * 12)
    energy_month       = servers * server_power_w / 1000 * pue * hours_per_month * electricity_usd_per_kwh
    hosting_month      = servers * server_power_w / 1000 * hosting_usd_per_kw_month
                         + servers * hosting_usd_per_server_month
    onprem_month       = capex_month + energy_month + hosting_month
    usd_per_1m_tokens  = month / tokens_per_month * 1000000
    migration_usd      = migration_gpu_hours * migration_gpu_hour_usd + migration_engineering_usd
    savings_month      = baseline_month - scheme_month;   payback_months = migration_usd / savings_month

``tokens_per_s`` is the fleet's peak generation capacity (``FleetPlan.capacity_tokens_per_s``);
``utilization`` is the average share of it used over the month. Power is drawn at ``server_power_w`` all
month whatever the load (conservative). Hosting defaults to 0: colocation quotes ($150-250/kW-month) often
include power, so set electricity to 0 when entering an all-in colo price.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Callable, Sequence

from .hardware import HardwareProfile
from .i18n import msg

PROFILE_FIELDS = ("gpu_hour_usd", "server_price_usd", "server_power_w")  # what for_gpu() takes from a profile
HOST_PRICE_FRACTION = 0.125  # server = GPUs x price x 1.125 (DGX H100 $270k vs 8 x $30k)
HOST_POWER_W = {True: 500.0, False: 150.0}  # per server: >= 4 GPUs (HGX node) / workstation

# Where each default comes from (English and Japanese texts in costmodel/messages/reasoning.py).
COST_SOURCES: dict[str, str] = {name: msg(f"src.{name}") for name in (
    "gpu_hour_usd", "server_price_usd", "server_power_w", "depreciation_years", "pue", "electricity_usd_per_kwh",
    "hosting_usd_per_kw_month", "hosting_usd_per_server_month", "utilization", "hours_per_month",
    "migration_gpu_hours", "migration_gpu_hour_usd", "migration_engineering_usd")}

_BOUNDS: dict[str, tuple[float, float]] = {  # inclusive (lo, hi); hi = inf for open
    "gpu_hour_usd": (0, math.inf), "server_price_usd": (0, math.inf), "server_power_w": (0, math.inf),
    "depreciation_years": (0.1, 50), "pue": (1.0, 5.0), "electricity_usd_per_kwh": (0, 10),
    "hosting_usd_per_kw_month": (0, math.inf), "hosting_usd_per_server_month": (0, math.inf),
    "utilization": (0.001, 1.0), "hours_per_month": (1, 744), "migration_gpu_hours": (0, math.inf),
    "migration_gpu_hour_usd": (0, math.inf), "migration_engineering_usd": (0, math.inf),
}
UNITS: dict[str, str] = {
    "gpu_hour_usd": "USD/GPU-h", "server_price_usd": "USD", "server_power_w": "W", "depreciation_years": "years",
    "pue": "ratio", "electricity_usd_per_kwh": "USD/kWh", "hosting_usd_per_kw_month": "USD/kW-month",
    "hosting_usd_per_server_month": "USD/server-month", "utilization": "fraction", "hours_per_month": "h",
    "migration_gpu_hours": "GPU-h", "migration_gpu_hour_usd": "USD/GPU-h", "migration_engineering_usd": "USD",
}


def _check(name: str, v, lo: float, hi: float) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(msg("num.not_number", name=name, value=v))
    if not math.isfinite(v):
        raise ValueError(msg("num.not_finite", name=name, value=v))
    if not lo <= v <= hi:
        if hi == math.inf:
            raise ValueError(msg("num.at_least", name=name, lo=lo, value=v))
        raise ValueError(msg("num.between", name=name, lo=lo, hi=hi, value=v))
    return float(v)


@dataclass(frozen=True)
class CostInputs:
    """Every money/power assumption of the ROI. Defaults: H100 SXM (8-GPU HGX) and hardware.md section 5."""

    gpu_hour_usd: float = 3.99
    server_price_usd: float = 270_000.0
    server_power_w: float = 6_100.0
    depreciation_years: float = 4.0
    pue: float = 1.3
    electricity_usd_per_kwh: float = 0.08
    hosting_usd_per_kw_month: float = 0.0
    hosting_usd_per_server_month: float = 0.0
    utilization: float = 0.7
    hours_per_month: float = 730.0
    migration_gpu_hours: float = 0.0
    migration_gpu_hour_usd: float | None = None  # None: same as gpu_hour_usd
    migration_engineering_usd: float = 0.0

    def __post_init__(self) -> None:
        if self.migration_gpu_hour_usd is None:
            object.__setattr__(self, "migration_gpu_hour_usd", self.gpu_hour_usd)
        for f in fields(self):
            object.__setattr__(self, f.name, _check(f.name, getattr(self, f.name), *_BOUNDS[f.name]))

    @classmethod
    def for_gpu(cls, gpu: HardwareProfile, **overrides) -> "CostInputs":
        """Defaults from a GPU profile; ValueError names what the profile lacks and ``overrides`` must give."""
        base = profile_defaults(gpu)
        missing = [k for k in PROFILE_FIELDS if k not in base and k not in overrides]
        if missing:
            raise ValueError(msg("roi.missing", gpu=gpu.name, missing=", ".join(missing)))
        return cls(**{**base, **overrides})

    def with_(self, **changes) -> "CostInputs":
        return replace(self, **changes)

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def profile_defaults(gpu: HardwareProfile) -> dict[str, float]:
    """Cost defaults a profile provides (keys absent when it has no figure)."""
    out: dict[str, float] = {}
    n = gpu.n_per_server
    if gpu.cloud_usd_per_gpu_hour:
        out["gpu_hour_usd"] = gpu.cloud_usd_per_gpu_hour.value
    if gpu.server_price_usd:
        out["server_price_usd"] = gpu.server_price_usd.value
    elif gpu.gpu_price_usd:
        out["server_price_usd"] = n * gpu.gpu_price_usd.value * (1 + HOST_PRICE_FRACTION)
    out["server_power_w"] = (gpu.server_power_w.value if gpu.server_power_w
                             else n * gpu.tdp_w.value + HOST_POWER_W[n >= 4])
    return out


def cost_sources(gpu: HardwareProfile | None = None) -> dict[str, str]:
    """COST_SOURCES with the profile's own citations for the figures it provides."""
    out = dict(COST_SOURCES)
    if gpu is not None:
        for key, fig in (("gpu_hour_usd", gpu.cloud_usd_per_gpu_hour), ("server_price_usd", gpu.server_price_usd),
                         ("server_power_w", gpu.server_power_w)):
            if fig is not None:
                out[key] = msg("roi.profile_source", gpu=gpu.name, source=fig.source, as_of=fig.as_of)
    return out


@dataclass(frozen=True)
class SchemeFacts:
    """What the ROI needs from a fleet plan. Migration None: the CostInputs value (0 for the baseline)."""

    scheme: str
    gpus: int
    servers: int
    tokens_per_s: float  # fleet peak generation capacity
    migration_gpu_hours: float | None = None
    migration_engineering_usd: float | None = None

    def __post_init__(self) -> None:
        for name in ("gpus", "servers", "tokens_per_s"):
            _check(f"{self.scheme}: {name}", getattr(self, name), 1e-300 if name == "tokens_per_s" else 1, math.inf)

    def migration(self, inputs: CostInputs, is_baseline: bool) -> tuple[float, float]:
        """(GPU-hours, engineering USD) actually charged."""
        h = self.migration_gpu_hours if self.migration_gpu_hours is not None else (
            0.0 if is_baseline else inputs.migration_gpu_hours)
        e = self.migration_engineering_usd if self.migration_engineering_usd is not None else (
            0.0 if is_baseline else inputs.migration_engineering_usd)
        return _check("migration_gpu_hours", h, 0, math.inf), _check("migration_engineering_usd", e, 0, math.inf)


@dataclass(frozen=True)
class SchemeCost:
    scheme: str
    is_baseline: bool
    gpus: int
    servers: int
    tokens_per_s: float
    tokens_per_month: float
    cloud_usd_per_month: float
    cloud_usd_per_1m_tokens: float
    capex_usd_per_month: float
    energy_usd_per_month: float
    hosting_usd_per_month: float
    onprem_usd_per_month: float
    onprem_usd_per_1m_tokens: float
    onprem_usd_per_gpu_hour: float
    migration_usd: float
    cloud_savings_usd_per_month: float
    onprem_savings_usd_per_month: float
    cloud_payback_months: float | None  # None: no monthly saving to pay it back
    onprem_payback_months: float | None
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return asdict(self)


def _month_costs(f: SchemeFacts, c: CostInputs) -> tuple[float, ...]:
    tokens = f.tokens_per_s * c.utilization * c.hours_per_month * 3600
    cloud = f.gpus * c.hours_per_month * c.gpu_hour_usd
    capex = f.servers * c.server_price_usd / (c.depreciation_years * 12)
    energy = f.servers * c.server_power_w / 1000 * c.pue * c.hours_per_month * c.electricity_usd_per_kwh
    hosting = f.servers * c.server_power_w / 1000 * c.hosting_usd_per_kw_month + f.servers * c.hosting_usd_per_server_month
    return tokens, cloud, capex, energy, hosting, capex + energy + hosting


def _payback(cost: float, saving: float) -> float | None:
    return cost / saving if saving > 0 else None


def scheme_cost(f: SchemeFacts, c: CostInputs, baseline: SchemeFacts | None = None) -> SchemeCost:
    """Costs of one scheme; savings and payback against ``baseline`` (None or itself: the baseline)."""
    is_base = baseline is None or baseline is f
    tokens, cloud, capex, energy, hosting, onprem = _month_costs(f, c)
    b_cloud, b_onprem = (cloud, onprem) if is_base else (_month_costs(baseline, c)[1], _month_costs(baseline, c)[5])
    hours, eng = f.migration(c, is_base)
    migration = hours * c.migration_gpu_hour_usd + eng
    s_cloud, s_onprem = b_cloud - cloud, b_onprem - onprem
    notes = []
    if not is_base and s_onprem <= 0 and s_cloud <= 0:
        notes.append(msg("roi.no_payback", scheme=f.scheme, base=baseline.scheme))
    return SchemeCost(
        f.scheme, is_base, f.gpus, f.servers, f.tokens_per_s, tokens, cloud, cloud / tokens * 1000000, capex, energy,
        hosting, onprem, onprem / tokens * 1000000, onprem / (f.gpus * c.hours_per_month),
        migration, s_cloud, s_onprem, _payback(migration, s_cloud), _payback(migration, s_onprem), tuple(notes))


def compare_costs(facts: Sequence[SchemeFacts], inputs: CostInputs, baseline: int = 0) -> list[SchemeCost]:
    """One SchemeCost per scheme; ``baseline`` indexes ``facts``."""
    if not facts:
        raise ValueError(msg("roi.no_schemes"))
    if not 0 <= baseline < len(facts):
        raise ValueError(msg("roi.baseline_range", index=baseline, last=len(facts) - 1))
    return [scheme_cost(f, inputs, facts[baseline]) for f in facts]


@dataclass(frozen=True)
class TornadoRow:
    name: str  # CostInputs field, or "bw_efficiency"
    base_value: float
    low_value: float
    high_value: float
    low_result: float  # metric with the input at low_value
    high_result: float
    base_result: float

    @property
    def swing(self) -> float:
        return abs(self.high_result - self.low_result)

    def to_dict(self) -> dict:
        return {**asdict(self), "swing": self.swing}


SENSITIVE = ("gpu_hour_usd", "server_price_usd", "server_power_w", "electricity_usd_per_kwh", "pue", "utilization",
             "depreciation_years", "hosting_usd_per_kw_month", "hosting_usd_per_server_month")


def sensitivity(facts: SchemeFacts, inputs: CostInputs, pct: float = 0.2,
                metric: str = "onprem_usd_per_1m_tokens",
                tokens_per_s_at_bw: Callable[[float], float] | None = None,
                bw_efficiency: float | None = None) -> list[TornadoRow]:
    """Tornado data: each input moved by -pct/+pct (clipped to its valid range), largest swing first.

    ``tokens_per_s_at_bw(bw_eff)`` (e.g. ``fleet.capacity_at``) adds bandwidth efficiency, varied
    around ``bw_efficiency``, with the fleet held fixed. Inputs at 0 have no swing and are left out."""
    _check("pct", pct, 0.0, 0.99)
    if metric not in {f.name for f in fields(SchemeCost)}:
        raise ValueError(msg("roi.unknown_metric", metric=metric))
    base = getattr(scheme_cost(facts, inputs), metric)
    rows = []
    for name in SENSITIVE:
        v = getattr(inputs, name)
        if v == 0:
            continue
        lo_b, hi_b = _BOUNDS[name]
        lo, hi = max(v * (1 - pct), lo_b), min(v * (1 + pct), hi_b)
        res = [getattr(scheme_cost(facts, inputs.with_(**{name: x})), metric) for x in (lo, hi)]
        rows.append(TornadoRow(name, v, lo, hi, res[0], res[1], base))
    if tokens_per_s_at_bw is not None and bw_efficiency is not None:
        lo, hi = max(bw_efficiency * (1 - pct), 0.01), min(bw_efficiency * (1 + pct), 1.0)
        res = [getattr(scheme_cost(replace(facts, tokens_per_s=tokens_per_s_at_bw(x)), inputs), metric) for x in (lo, hi)]
        rows.append(TornadoRow("bw_efficiency", bw_efficiency, lo, hi, res[0], res[1], base))
    return sorted(rows, key=lambda r: -r.swing)


__all__ = ["COST_SOURCES", "UNITS", "CostInputs", "SchemeFacts", "SchemeCost", "TornadoRow", "compare_costs",
           "cost_sources", "profile_defaults", "scheme_cost", "sensitivity"]
