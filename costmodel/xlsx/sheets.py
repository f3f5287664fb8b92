"""The Inputs and Plans sheets: named input cells and plan facts (the Comparison sheet's formulas read them).

In yen (``Money.is_jpy``) the money inputs are yen cells named ``*_jpy_*`` (electricity_jpy_per_kwh): a value
its source gives in yen is a plain yen number; a dollar-sourced one is the live formula ``=usd*jpy_per_usd``
over the named exchange-rate input, so editing the rate moves exactly the dollar-priced items."""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..fleet import FleetResult, Plan
from ..i18n import Message, t, tr
from ..tco import INPUT_META, CostInputs, GpuCost
from .layout import Sheet, ref

INPUTS_ROW0, PLANS_ROW0, CMP_ROW0 = 4, 4, 4
INPUT_FIELDS = tuple(f.name for f in fields(CostInputs))
GPU_UNITS = {"server_price_usd": "USD", "server_load_w": "W", "server_idle_w": "W", "server_nameplate_w": "W",
             "cloud_usd_per_unit_hour": "USD/unit-h"}
GPU_COLS = (
    "gpu",
    "server_price_usd",
    "server_load_w",
    "server_idle_w",
    "server_nameplate_w",
    "cloud_usd_per_unit_hour",
    "cloud_gpus_per_unit",
    "cloud_label",
)
PLAN_COLS = (
    "scheme",
    "gpu",
    "deployment",
    "tp",
    "pp",
    "ep",
    "replicas",
    "gpus",
    "servers",
    "cloud_units",
    "multi_server_gpus",
    "batch_per_replica",
    "ttft_s",
    "tpot_ms",
    "demand_tokens_per_s",
    "capacity_tokens_per_s",
    "utilization",
    "migration_gpu_hours",
    "migration_engineering_usd",
)
LINES = (
    "tokens_per_month",
    "capital_usd",
    "capex",
    "spares",
    "network_storage",
    "cost_of_capital",
    "it_kw",
    "power",
    "colocation",
    "software_support",
    "staff",
    "cloud",
    "total",
    "usd_per_1m_tokens",
    "energy_kwh_per_1m_tokens",
    "other_basis",
    "savings",
    "migration_usd",
    "payback_months",
    "discounted_payback_months",
    "npv_usd",
)
LINE_STYLE = {
    "tokens_per_month": "int",
    "it_kw": "num2",
    "usd_per_1m_tokens": "money_unit",
    "total": "money_bold",
    "energy_kwh_per_1m_tokens": "num3",
    "payback_months": "num1",
    "discounted_payback_months": "num1",
}
INPUT_STYLE = {
    "residual_fraction": "pct_edit",
    "wacc": "pct_edit",
    "support_fraction_per_year": "pct_edit",
    "spares_fraction": "pct_edit",
    "idle_power_fraction": "pct_edit",
    "pue": "num_edit",
    "hours_per_month": "num_edit",
    "life_years": "num_edit",
    "migration_gpu_hours": "num_edit",
}
PER_UNIT = ("electricity_usd_per_kwh", "migration_gpu_hour_usd", "cloud_usd_per_unit_hour")  # prices with decimals


@dataclass(frozen=True)
class Layout:
    """Where the Inputs and Plans sheets put each named cell (for the formulas that refer to them)."""

    inputs: str
    plans: str
    comparison: str
    gpu_row: dict[str, int]  # profile id -> 0-based row of its GPU-table line


def _money_cell(sh: Sheet, row: int, col: int, name: str, usd: float, style: str) -> None:
    """A money input: USD as it is; in yen a yen number when its source is in yen, else =usd*jpy_per_usd."""
    m = sh.book.money
    if not m.is_jpy:
        sh.number(row, col, usd, style)
    elif name in dict(m.jpy_inputs):
        sh.number(row, col, dict(m.jpy_inputs)[name], style)
    else:
        sh.formula(row, col, f"={usd!r}*jpy_per_usd", usd * m.rate, style)


def inputs_sheet(
    sh: Sheet, c: CostInputs, costs: tuple[GpuCost, ...], lang: str, define, sources: dict[str, Message]
) -> dict[str, int]:
    """Write the Inputs sheet: every editable input as a named, sourced cell (money in the book's currency)."""
    book, m = sh.book, sh.book.money
    sh.text(0, 0, t("sheet.inputs", lang), "title", measure=False)
    sh.text(1, 0, t("wb.inputs_note", lang), measure=False)
    for k, key in enumerate(("col.key", "col.item", "col.value", "col.unit", "col.source")):
        sh.text(INPUTS_ROW0 - 1, k, t(key, lang), "head")
    r = INPUTS_ROW0
    if m.is_jpy:  # the exchange rate: a dated, named input every dollar-priced yen figure follows
        sh.text(r, 0, "jpy_per_usd")
        sh.text(r, 1, t("fx.rate_label", lang))
        sh.number(r, 2, m.fx.jpy_per_usd, "num_edit")
        sh.text(r, 3, t("unit.jpy_per_usd", lang))
        sh.text(r, 4, f"{m.fx.as_of.isoformat()}: {tr(m.fx.source, lang)}", measure=False)
        define("jpy_per_usd", ref(sh.name, r, 2, True))
        r += 1
    for name in INPUT_FIELDS:
        sh.text(r, 0, book.name(name))
        sh.text(r, 1, t(name, lang))
        money = "USD" in INPUT_META[name][2]
        style = INPUT_STYLE.get(name, "money_unit_edit" if name in PER_UNIT else "money_edit")
        if money:
            _money_cell(sh, r, 2, name, getattr(c, name), style)
        else:
            sh.number(r, 2, getattr(c, name), style)
        sh.text(r, 3, m.unit(INPUT_META[name][2], lang))
        sh.text(r, 4, tr(sources[name], lang), measure=False)
        define(book.name(name), ref(sh.name, r, 2, True))
        r += 1
    for name, f, v, style in (
        ("months", "=life_years*12", c.months, "num1"),
        ("monthly_rate", "=(1+wacc)^(1/12)-1", c.monthly_rate, "num4"),
    ):
        sh.text(r, 0, name)
        sh.text(r, 1, t(name, lang))
        sh.formula(r, 2, f, v, style)
        sh.text(r, 3, t("wb.derived", lang))
        define(name, ref(sh.name, r, 2, True))
        r += 1
    r += 1
    sh.text(r, 0, t("wb.gpu_table", lang), "bold", measure=False)
    r += 1
    for k, key in enumerate(GPU_COLS):
        label = t("col.gpu_type" if key == "gpu" else "col.cloud_price" if key == "cloud_label" else key, lang)
        if key in GPU_UNITS:
            label += f" [{m.unit(GPU_UNITS[key], lang)}]"
        sh.text(r, k, label, "head")
    rows = {}
    for g in costs:
        r += 1
        rows[g.gpu] = r
        sh.text(r, 0, g.gpu)
        for k, key in enumerate(GPU_COLS[1:-1], 1):
            v = getattr(g, key)
            if v is None:
                sh.text(r, k, t("no_price", lang), "text_edit")
            elif "usd" in key:
                _money_cell(sh, r, k, key, v, "money_unit_edit" if key in PER_UNIT else "money_edit")
            else:
                sh.number(r, k, v, "int_edit")
        sh.text(r, len(GPU_COLS) - 1, g.cloud_label)
    sh.caps.update({1: 46, 4: 90})
    sh.finish(header_rows=(INPUTS_ROW0 - 1, INPUTS_ROW0 - 1), freeze=(INPUTS_ROW0, 0))
    if lang != "en":  # the defined names are for formulas; a Japanese reader reads the item column
        sh.ws.set_column(0, 0, None, None, {"hidden": True})
    return rows


def plans_sheet(sh: Sheet, plans: list[Plan], c: CostInputs, baseline: int, lang: str) -> None:
    """Write the Plans sheet: the recommended plan per scheme with its facts."""
    sh.text(0, 0, t("sheet.plans", lang), "title", measure=False)
    sh.text(1, 0, t("wb.plans_note", lang), measure=False)
    for k, key in enumerate(PLAN_COLS):
        label = {"scheme": "col.scheme", "gpu": "col.gpu_type", "deployment": "col.deployment"}.get(key, f"pl.{key}")
        sh.text(PLANS_ROW0 - 1, k, t(label, lang), "head", measure=False)
        sh._seen(k, min(14, len(t(label, lang))))
    for i, p in enumerate(plans):
        r = PLANS_ROW0 + i
        vals = {
            "scheme": tr(p.scheme, lang),
            "gpu": p.gpu_name,
            "deployment": p.label,
            "tp": p.tp,
            "pp": p.pp,
            "ep": p.deployment.ep,
            "replicas": p.replicas,
            "gpus": p.gpus,
            "servers": p.servers,
            "cloud_units": p.cloud_units,
            "multi_server_gpus": p.multi_server_gpus,
            "batch_per_replica": p.batch_per_replica,
            "ttft_s": p.ttft_s,
            "tpot_ms": p.tpot_s * 1e3,
            "demand_tokens_per_s": p.demand_tokens_per_s,
            "capacity_tokens_per_s": p.capacity_tokens_per_s,
        }
        for k, key in enumerate(PLAN_COLS):
            if key in ("scheme", "gpu", "deployment"):
                sh.text(r, k, vals[key])
            elif key in vals:
                style = {
                    "ttft_s": "num2",
                    "tpot_ms": "num1",
                    "demand_tokens_per_s": "num1",
                    "capacity_tokens_per_s": "num1",
                }.get(key, "int")
                sh.number(r, k, vals[key], style)
        u = PLAN_COLS.index("utilization")
        sh.formula(r, u, f"={ref(sh.name, r, u - 2)}/{ref(sh.name, r, u - 1)}", p.utilization, "pct")
        mh, me = PLAN_COLS.index("migration_gpu_hours"), PLAN_COLS.index("migration_engineering_usd")
        if i == baseline:
            sh.number(r, mh, 0, "num_edit")
            sh.number(r, me, 0, "money_edit")
        else:  # the Inputs default, live
            sh.formula(r, mh, "=migration_gpu_hours", c.migration_gpu_hours, "num_edit")
            sh.formula(r, me, "=" + sh.book.name("migration_engineering_usd"),
                       sh.book.money.rate * c.migration_engineering_usd, "money_edit")
    sh.caps.update({0: 40, 2: 40})
    sh.finish(header_rows=(PLANS_ROW0 - 1, PLANS_ROW0 - 1), freeze=(PLANS_ROW0, 1))


def feasible(r: FleetResult) -> list[Plan]:
    """The schemes' recommended plans that exist (schemes with no feasible plan left out)."""
    return [s.best for s in r.schemes if s.best is not None]


__all__ = [
    "GPU_COLS",
    "GPU_UNITS",
    "INPUT_FIELDS",
    "PER_UNIT",
    "LINES",
    "PLAN_COLS",
    "INPUTS_ROW0",
    "PLANS_ROW0",
    "CMP_ROW0",
    "Layout",
    "feasible",
    "inputs_sheet",
    "plans_sheet",
    "LINE_STYLE",
]
