"""Return on a migration between schemes: savings against a baseline plan, simple and discounted payback, NPV
over the hardware life; and the sensitivity (tornado) of a plan's cost to each input.

Every formula is mirrored by a live Excel formula in the workbook (``xlsx/sheets.py``); i = the monthly rate
(1 + wacc)^(1/12) - 1, n = life_years x 12:

    migration_usd      = migration_gpu_hours x gpu_hour_usd + migration_engineering_usd   (0 for the baseline;
                         gpu_hour_usd = migration_gpu_hour_usd, or when 0 the plan's cloud price per GPU-hour)
    savings            = baseline cost per month - cost per month
    payback            = migration / savings                               (None: no saving)
    discounted_payback = -ln(1 - migration x i / savings) / ln(1 + i)     (Excel NPER; None: never repaid)
    npv                = -migration + savings x (1 - (1 + i)^-n) / i      (Excel PV; savings x n when i = 0)
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Sequence

from .fleet.plan import Plan
from .i18n import Message, msg
from .tco import INPUT_META, CostInputs, GpuCost, check, month_cost, usd_per_1m_tokens


@dataclass(frozen=True)
class SchemeROI:
    """Savings, payback and NPV of one scheme against the baseline scheme."""

    scheme: str
    is_baseline: bool
    cost_per_month_usd: float
    usd_per_1m_tokens: float
    migration_usd: float
    savings_usd_per_month: float
    payback_months: float | None  # None: no monthly saving repays it
    discounted_payback_months: float | None
    npv_usd: float
    notes: tuple[Message, ...] = ()

    def to_dict(self) -> dict:
        return asdict(self)


def migration_price(plan: Plan, g: GpuCost, c: CostInputs) -> float:
    """$/GPU-hour the migration run is charged: the input, or the plan GPU's cloud price per GPU-hour."""
    if c.migration_gpu_hour_usd > 0:
        return c.migration_gpu_hour_usd
    return g.cloud_usd_per_gpu_hour or 0.0


def discounted_payback(migration: float, savings: float, c: CostInputs) -> float | None:
    """Months until the monthly ``savings``, discounted at the cost of capital, repay ``migration`` (None: never)."""
    if savings <= 0:
        return None
    i = c.monthly_rate
    if i == 0:
        return migration / savings
    x = migration * i / savings
    return None if x >= 1 else -math.log(1 - x) / math.log(1 + i)


def npv(migration: float, savings: float, c: CostInputs) -> float:
    """Net present value of the monthly ``savings`` over the life at the cost of capital, minus ``migration``."""
    i, n = c.monthly_rate, c.months
    return -migration + (savings * n if i == 0 else savings * (1 - (1 + i) ** -n) / i)


def compare(plans: Sequence[Plan], costs: dict[str, GpuCost], c: CostInputs, baseline: int = 0) -> list[SchemeROI]:
    """One SchemeROI per plan (the recommended plan of each scheme); ``baseline`` indexes ``plans``."""
    if not plans:
        raise ValueError(msg("roi.no_schemes"))
    if not 0 <= baseline < len(plans):
        raise ValueError(msg("roi.baseline_range", index=baseline, last=len(plans) - 1))
    base = plans[baseline].cost_per_month_usd
    out = []
    for k, p in enumerate(plans):
        is_base = k == baseline
        mig = (
            0.0
            if is_base
            else (c.migration_gpu_hours * migration_price(p, costs[p.gpu], c) + c.migration_engineering_usd)
        )
        sav = base - p.cost_per_month_usd
        notes = (
            (msg("roi.no_payback", scheme=p.scheme, base=plans[baseline].scheme),) if not is_base and sav <= 0 else ()
        )
        out.append(
            SchemeROI(
                p.scheme,
                is_base,
                p.cost_per_month_usd,
                p.usd_per_1m_tokens,
                mig,
                sav,
                mig / sav if sav > 0 else None,
                discounted_payback(mig, sav, c),
                npv(mig, sav, c),
                notes,
            )
        )
    return out


@dataclass(frozen=True)
class TornadoRow:
    """One bar of the sensitivity chart: an input moved down/up and the metric it gives."""

    name: str  # a CostInputs or GpuCost field
    base_value: float
    low_value: float
    high_value: float
    low_result: float
    high_result: float
    base_result: float

    @property
    def swing(self) -> float:
        return abs(self.high_result - self.low_result)

    def to_dict(self) -> dict:
        return {**asdict(self), "swing": self.swing}


def sensitivity(
    plan: Plan, g: GpuCost, c: CostInputs, pct: float = 0.2, metric: str = "usd_per_1m_tokens"
) -> list[TornadoRow]:
    """Each money input moved by -pct/+pct (within its valid range), the fleet held fixed; largest swing first.
    ``metric``: "usd_per_1m_tokens" or "cost_per_month_usd". Inputs at 0 have no swing and are left out."""
    check("pct", pct, 0.0, 0.99)
    if metric not in ("usd_per_1m_tokens", "cost_per_month_usd"):
        raise ValueError(msg("roi.unknown_metric", metric=metric))

    def result(cc: CostInputs, gg: GpuCost) -> float:
        total = month_cost(plan.facts, gg, cc, plan.cost_basis).total
        return usd_per_1m_tokens(total, plan.facts, cc) if metric == "usd_per_1m_tokens" else total

    base = result(c, g)
    rows = []
    skip = {
        "migration_gpu_hours",
        "migration_gpu_hour_usd",
        "migration_engineering_usd",
        "hours_per_month",
        "idle_power_fraction",
    }
    for f in fields(c):
        v = getattr(c, f.name)
        if f.name in skip or v == 0:
            continue
        lo_b, hi_b, _ = INPUT_META[f.name]
        lo, hi = max(v * (1 - pct), lo_b), min(v * (1 + pct), hi_b)
        rows.append(
            TornadoRow(f.name, v, lo, hi, result(c.with_(**{f.name: lo}), g), result(c.with_(**{f.name: hi}), g), base)
        )
    for name in ("server_price_usd", "server_load_w", "cloud_usd_per_unit_hour"):
        v = getattr(g, name)
        if not v:
            continue
        lo, hi = v * (1 - pct), v * (1 + pct)
        kw_lo, kw_hi = {name: lo}, {name: hi}
        if name == "server_load_w":  # keep idle <= load
            kw_lo["server_idle_w"] = min(g.server_idle_w, lo)
        rows.append(TornadoRow(name, v, lo, hi, result(c, g.with_(**kw_lo)), result(c, g.with_(**kw_hi)), base))
    return sorted(rows, key=lambda r: -r.swing)


__all__ = ["SchemeROI", "TornadoRow", "compare", "discounted_payback", "migration_price", "npv", "sensitivity"]
