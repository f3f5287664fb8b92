"""Downloads of an optimizer result: the meeting workbook (``xlsx``: live formulas, Summary first) and CSV.

CSV: one row per scheme (its recommended plan), every number computed in Python; strings a spreadsheet would run
as a formula are quote-prefixed (OWASP CSV injection). Encode as utf-8-sig for Excel. The *_usd columns are US
dollars; ``currency``, ``jpy_per_usd`` and the ``*_in_currency`` columns give the amounts in the chosen currency.
"""

from __future__ import annotations

import csv
import io

from .currency import Money
from .fleet import FleetResult
from .i18n import t, tr
from .roi import compare
from .tco import LINES as COST_LINES
from .xlsx import fleet_workbook
from .xlsx.layout import DANGEROUS, csv_safe
from .xlsx.sheets import feasible

CSV_FACTS = (
    "gpus",
    "servers",
    "tp",
    "pp",
    "replicas",
    "batch_per_replica",
    "ttft_s",
    "tpot_s",
    "demand_tokens_per_s",
    "capacity_tokens_per_s",
    "utilization",
    "cost_per_month_usd",
    "usd_per_1m_tokens",
    "energy_kwh_per_1m_tokens",
)
CSV_ROI = ("savings_usd_per_month", "migration_usd", "payback_months", "discounted_payback_months", "npv_usd")
CSV_MONEY = ("cost_per_month_usd", "usd_per_1m_tokens", "savings_usd_per_month", "migration_usd", "npv_usd")


def fleet_csv(r: FleetResult, baseline: int = 0, lang: str = "en", money: Money | None = None) -> str:
    """The optimizer's recommended plans as CSV rows (facts, cost lines, ROI); fields are injection-safe."""
    t("sheet.summary", lang)
    m = money or Money()
    plans = feasible(r)
    rois = compare(plans, {g.gpu: g for g in r.gpu_costs}, r.inputs, baseline)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")  # RFC 4180; fields holding CR or LF are quoted
    w.writerow(
        [
            t("fact.model", lang),
            t("col.scheme", lang),
            t("col.gpu_type", lang),
            t("col.deployment", lang),
            "cost_basis",
            *CSV_FACTS,
            *(f"cost_{k}" for k in COST_LINES),
            *CSV_ROI,
            "currency",
            "jpy_per_usd",
            *(f"{k}_in_currency" for k in CSV_MONEY),
        ]
    )
    never, base_dash = t("res.never", lang), t("res.baseline_dash", lang)
    for p, roi in zip(plans, rois):
        d = p.to_dict()
        vals = (
            [d[k] for k in CSV_FACTS] + [p.cost.as_dict()[k] for k in COST_LINES] + [getattr(roi, k) for k in CSV_ROI]
        )
        usd = {**d, **{k: getattr(roi, k) for k in CSV_ROI}}
        cur = [m.currency.code, repr(m.fx.jpy_per_usd)] + [repr(float(usd[k] or 0.0) * m.rate) for k in CSV_MONEY]
        w.writerow(
            [
                csv_safe(r.model),
                csv_safe(tr(p.scheme, lang) + (t("res.baseline_tag", lang) if roi.is_baseline else "")),
                csv_safe(p.gpu_name),
                csv_safe(p.label),
                p.cost_basis,
            ]
            + [(base_dash if roi.is_baseline else never) if v is None else repr(v if isinstance(v, int) else float(v))
               for v in vals]
            + cur
        )
    return out.getvalue()


__all__ = ["fleet_workbook", "fleet_csv", "csv_safe", "DANGEROUS", "CSV_FACTS", "CSV_MONEY", "CSV_ROI"]
