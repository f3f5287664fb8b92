"""The Comparison sheet: one column per scheme, every TCO and ROI line a live formula over the Inputs and Plans
sheets, mirroring ``tco.month_cost`` and ``roi.compare`` operation for operation, cached with Python's value
(``python_value``: what LibreOffice must recalculate each cell to; amounts x the rate in yen, the formulas
reading the yen inputs). The baseline's own savings column reads "—（基準）", not "no payback"."""

from __future__ import annotations

from ..fleet import Plan
from ..i18n import t, tr
from ..roi import SchemeROI
from ..tco import CostInputs, GpuCost, it_kw, tokens_per_month
from .layout import Sheet, col, ref
from .sheets import CMP_ROW0, GPU_COLS, LINE_STYLE, LINES, PLAN_COLS, PLANS_ROW0, Layout


def comparison_sheet(
    sh: Sheet,
    plans: list[Plan],
    rois: list[SchemeROI],
    costs: dict[str, GpuCost],
    c: CostInputs,
    lay: Layout,
    lang: str,
) -> None:
    """Write the Comparison sheet: one column per scheme, every cost line a live formula."""
    sh.text(0, 0, t("sheet.comparison", lang), "title", measure=False)
    for k, key in enumerate(("col.key", "col.item", "col.unit")):
        sh.text(CMP_ROW0 - 1, k, t(key, lang), "head")
    never, base_dash = t("res.never", lang), t("res.baseline_dash", lang)
    n = sh.book.name  # the defined name of a money input in this workbook's currency
    units = {
        "tokens_per_month": "unit.tokens",
        "usd_per_1m_tokens": "unit.usd_1m",
        "it_kw": "unit.kw",
        "energy_kwh_per_1m_tokens": "unit.kwh_1m",
        "payback_months": "unit.months",
        "discounted_payback_months": "unit.months",
        "migration_usd": "unit.usd",
        "npv_usd": "unit.usd",
        "capital_usd": "unit.usd",
    }
    for j, line in enumerate(LINES):
        sh.text(CMP_ROW0 + j, 0, line)
        sh.text(CMP_ROW0 + j, 1, t(f"ln.{line}", lang))
        sh.text(CMP_ROW0 + j, 2, sh.book.cur_text(t(units.get(line, "unit.usd_month"), lang)))
    bcol = col(3 + next(i for i, x in enumerate(rois) if x.is_baseline))
    for k, (p, roi) in enumerate(zip(plans, rois)):
        x = col(3 + k)
        sh.text(
            CMP_ROW0 - 1,
            3 + k,
            tr(p.scheme, lang) + (t("res.baseline_tag", lang) if roi.is_baseline else ""),
            "head",
            measure=False,
        )
        P = lambda key, k=k: ref(lay.plans, PLANS_ROW0 + k, PLAN_COLS.index(key))  # noqa: E731
        G = lambda key, p=p: ref(lay.inputs, lay.gpu_row[p.gpu], GPU_COLS.index(key), True)  # noqa: E731
        at = {line: f"{x}{CMP_ROW0 + j + 1}" for j, line in enumerate(LINES)}
        S, U, K, H = P("servers"), P("utilization"), P("multi_server_gpus"), P("gpus")
        price = G("server_price_usd")
        net, sto = n("network_usd_per_gpu"), n("storage_usd_per_server")
        cap = f"({S}*{price}*(1+spares_fraction)+{K}*{net}+{S}*{sto})"
        dep = "(1-residual_fraction)/months"
        itkw = f"{S}*({G('server_idle_w')}+({G('server_load_w')}-{G('server_idle_w')})*{U})/1000"
        onprem = {  # each line from the inputs alone, so the other-basis total can reuse them
            "capital_usd": cap,
            "capex": f"{S}*{price}*{dep}",
            "spares": f"{S}*{price}*{dep}*spares_fraction",
            "network_storage": f"({K}*{net}+{S}*{sto})*{dep}",
            "cost_of_capital": (
                f"(IF(monthly_rate=0,{cap}*{dep},PMT(monthly_rate,months,-{cap},residual_fraction*{cap}))-{cap}*{dep})"
            ),
            "power": f"{itkw}*pue*hours_per_month*{n('electricity_usd_per_kwh')}",
            "colocation": f"{S}*{G('server_nameplate_w')}/1000*{n('colocation_usd_per_kw_month')}",
            "software_support": f"({H}*{n('software_usd_per_gpu_year')}/12+{S}*{price}*support_fraction_per_year/12)",
            "staff": f"{H}*{n('staff_usd_per_gpu_month')}",
            "cloud": "0",
        }
        cloud_bill = f"{P('cloud_units')}*{G('cloud_usd_per_unit_hour')}*hours_per_month"
        cloud = {k2: "0" for k2 in onprem}
        cloud.update(software_support=f"{H}*{n('software_usd_per_gpu_year')}/12", cloud=cloud_bill)
        chosen, other_lines = (onprem, cloud) if p.cost_basis == "onprem" else (cloud, onprem)
        other_total = "+".join(v for key, v in other_lines.items() if key != "capital_usd")
        f = {key: "=" + v for key, v in chosen.items()}
        other = f'=IFERROR({other_total},"{t("no_price", lang)}")'
        lines = (
            "capex",
            "spares",
            "network_storage",
            "cost_of_capital",
            "power",
            "colocation",
            "software_support",
            "staff",
            "cloud",
        )
        pay_never = f'"{base_dash if roi.is_baseline else never}"'
        f.update(
            {
                "tokens_per_month": f"={P('demand_tokens_per_s')}*3600*hours_per_month",
                "it_kw": f"={itkw}",
                "total": "=" + "+".join(at[line] for line in lines),
                "usd_per_1m_tokens": f"={at['total']}/{at['tokens_per_month']}*1000000",
                "energy_kwh_per_1m_tokens": f"={at['it_kw']}*pue/({P('demand_tokens_per_s')}*3600)*1000000",
                "other_basis": other,
                "savings": f"=${bcol}${CMP_ROW0 + LINES.index('total') + 1}-{at['total']}",
                "migration_usd": (
                    f"={P('migration_gpu_hours')}*IF({n('migration_gpu_hour_usd')}>0,{n('migration_gpu_hour_usd')},"
                    f"IFERROR({G('cloud_usd_per_unit_hour')}/{G('cloud_gpus_per_unit')},0))"
                    f"+{P('migration_engineering_usd')}"
                ),
                "payback_months": f"=IF({at['savings']}>0,{at['migration_usd']}/{at['savings']},{pay_never})",
                "discounted_payback_months": (
                    f"=IF({at['savings']}<=0,{pay_never},IF(monthly_rate=0,"
                    f"{at['migration_usd']}/{at['savings']},IF({at['migration_usd']}*monthly_rate"
                    f">={at['savings']},{pay_never},NPER(monthly_rate,{at['savings']},"
                    f"-{at['migration_usd']}))))"
                ),
                "npv_usd": (
                    f"=-{at['migration_usd']}+IF(monthly_rate=0,{at['savings']}*months,"
                    f"PV(monthly_rate,months,-{at['savings']}))"
                ),
            }
        )
        for j, line in enumerate(LINES):
            v = python_value(line, p, roi, costs[p.gpu], c, sh.book.money.rate)
            none = t("no_price", lang) if line == "other_basis" else base_dash if roi.is_baseline else never
            sh.formula(CMP_ROW0 + j, 3 + k, f[line], none if v is None else v, LINE_STYLE.get(line, "money"))
    sh.caps.update({1: 44})
    sh.finish(landscape=True, header_rows=(CMP_ROW0 - 1, CMP_ROW0 - 1), freeze=(CMP_ROW0, 3))
    if lang != "en":  # the line keys are for formulas and scripts; a Japanese reader reads the item column
        sh.ws.set_column(0, 0, None, None, {"hidden": True})


NOT_MONEY = ("tokens_per_month", "it_kw", "energy_kwh_per_1m_tokens", "payback_months", "discounted_payback_months")


def python_value(line: str, p: Plan, roi: SchemeROI, g: GpuCost, c: CostInputs, rate: float = 1.0) -> float | None:
    """What the Comparison cell ``line`` of plan ``p`` must recalculate to (None: 'no payback' / 'no price');
    amounts in the workbook's currency (``rate`` units per US dollar)."""
    v = _usd_value(line, p, roi, g, c)
    return v if v is None or line in NOT_MONEY else v * rate


def _usd_value(line: str, p: Plan, roi: SchemeROI, g: GpuCost, c: CostInputs) -> float | None:
    f = p.facts
    onprem = p.cost_basis == "onprem"
    capital = (
        (
            f.servers * (g.server_price_usd or 0) * (1 + c.spares_fraction)
            + f.multi_server_gpus * c.network_usd_per_gpu
            + f.servers * c.storage_usd_per_server
        )
        if onprem
        else 0.0
    )
    direct = {
        "tokens_per_month": tokens_per_month(f, c),
        "capital_usd": capital,
        "it_kw": it_kw(f, g),
        "total": p.cost_per_month_usd,
        "usd_per_1m_tokens": p.usd_per_1m_tokens,
        "energy_kwh_per_1m_tokens": p.energy_kwh_per_1m_tokens,
        "other_basis": p.other_basis_usd_per_month,
        "savings": roi.savings_usd_per_month,
        "migration_usd": roi.migration_usd,
        "payback_months": roi.payback_months,
        "discounted_payback_months": roi.discounted_payback_months,
        "npv_usd": roi.npv_usd,
    }
    if line in direct:
        return direct[line]
    return getattr(p.cost, line)


__all__ = ["NOT_MONEY", "comparison_sheet", "python_value"]
