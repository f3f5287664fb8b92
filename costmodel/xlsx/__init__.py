"""The meeting workbook: Summary (one landscape page: question, recommendation, cost per month and per 1M tokens
per scheme, savings, payback, NPV, a native chart), then Inputs, Plans, Comparison, Sources. Every result is a
live formula over the yellow input cells; user strings are always text, never formulas. English or Japanese; US
dollars or yen (``currency.Money``: in yen every amount follows the named, dated exchange-rate input)."""

from __future__ import annotations

import io

from ..currency import Money, localize
from ..engines import band_message, get_engine
from ..fleet import FleetResult
from ..i18n import msg, t, tr
from ..prices import sourced_figures
from ..regions import get_region, input_sources
from ..roi import compare
from ..hardware import get_profile
from .layout import Book, Sheet, col, ref
from .comparison import NOT_MONEY, comparison_sheet
from .sheets import (
    CMP_ROW0,
    LINES,
    PLAN_COLS,
    PLANS_ROW0,
    Layout,
    feasible,
    inputs_sheet,
    plans_sheet,
)

SUMMARY_ROW0 = 7  # first scheme row of the Summary table (0-based)
SUMMARY_COLS = (
    ("col.scheme", None, "text"),
    ("col.gpu_type", None, "text"),
    ("col.deployment", None, "text"),
    ("pl.gpus", "gpus", "int"),
    ("pl.servers", "servers", "int"),
    ("ln.total", "total", "money"),
    ("ln.usd_per_1m_tokens", "usd_per_1m_tokens", "money_unit"),
    ("pl.utilization", "utilization", "pct"),
    ("pl.tpot_ms", "tpot_ms", "num1"),
    ("ln.savings", "savings", "money"),
    ("ln.payback_months", "payback_months", "num1"),
    ("ln.discounted_payback_months", "discounted_payback_months", "num1"),
    ("ln.npv_usd", "npv_usd", "money"),
)


def _excel_text(s: str) -> str:
    """A string literal inside a formula (our own catalogue text; quotes doubled)."""
    return '"' + s.replace('"', '""') + '"'


def _summary(sh: Sheet, r: FleetResult, plans, rois, lay: Layout, lang: str, region: str) -> None:
    m = sh.book.money
    sh.text(0, 0, t("wb.title", lang).format(model=r.model), "title", measure=False)
    parts = ([t("wb.lim_ttft", lang).format(v=f"{r.slo.ttft_s:g}")] if r.slo.ttft_s is not None else []) + (
        [t("wb.lim_tpot", lang).format(v=f"{r.slo.tpot_s * 1e3:g}")] if r.slo.tpot_s is not None else []
    )
    limits = t("wb.limits", lang).format(parts=t("wb.and", lang).join(parts)) if parts else ""
    g0 = next(g for g in r.gpu_costs if g.gpu == plans[0].gpu)
    basis = (
        t("wb.basis.onprem", lang)
        if r.cost_basis == "onprem"
        else t("wb.basis.cloud", lang).format(label=g0.cloud_label)
    )
    sh.text(2, 0, t("wb.question", lang), "bold", measure=False)
    last_col = len(SUMMARY_COLS) - 1
    question = t("wb.question_text", lang).format(demand=tr(r.demand.describe(), lang), limits=limits, basis=basis)
    sh.ws.merge_range(2, 1, 2, last_col, question, sh.book.fmt("wrap"))
    sh.ws.set_row(2, 30)
    best = min(plans, key=lambda p: p.cost_per_month_usd)
    sh.text(3, 0, t("wb.recommendation", lang), "bold", measure=False)
    rec = t("wb.rec_text", lang).format(
        scheme=tr(best.scheme, lang),
        dep=best.label,
        gpu=best.gpu_name,
        gpus=best.gpus,
        servers=best.servers,
    )
    sh.ws.merge_range(3, 1, 3, last_col, rec, sh.book.fmt("wrap_bold"))
    sh.ws.set_row(3, 30)
    bi = plans.index(best)  # its amounts: live formulas over its Summary row (in the chosen currency)
    money_cols = {c[1]: k for k, c in enumerate(SUMMARY_COLS)}
    for row, key, per_unit in ((4, "total", False), (5, "usd_per_1m_tokens", True)):
        sh.text(row, 1, t("ln." + key, lang), "bold", measure=False)
        sh.formula(row, 2, f"={ref(sh.name, SUMMARY_ROW0 + bi, money_cols[key], True)}",
                   m.amount(best.cost_per_month_usd if key == "total" else best.usd_per_1m_tokens),
                   "money_unit" if per_unit else "money")
    sh.ws.set_row(SUMMARY_ROW0 - 1, 44)  # headers wrap onto up to three lines
    for k, (label, _, _) in enumerate(SUMMARY_COLS):
        sh.text(SUMMARY_ROW0 - 1, k, t(label, lang), "head", measure=False)
        sh._seen(k, min(12, max(len(w) for w in t(label, lang).split())))
    never, base_dash = t("res.never", lang), t("res.baseline_dash", lang)
    for i, (p, roi) in enumerate(zip(plans, rois)):
        row = SUMMARY_ROW0 + i
        sh.text(row, 0, tr(p.scheme, lang) + (t("res.baseline_tag", lang) if roi.is_baseline else ""))
        sh.text(row, 1, p.gpu_name)
        sh.text(row, 2, p.label)
        vals = {
            "gpus": p.gpus,
            "servers": p.servers,
            "total": p.cost_per_month_usd,
            "usd_per_1m_tokens": p.usd_per_1m_tokens,
            "utilization": p.utilization,
            "tpot_ms": p.tpot_s * 1e3,
            "savings": roi.savings_usd_per_month,
            "payback_months": roi.payback_months,
            "discounted_payback_months": roi.discounted_payback_months,
            "npv_usd": roi.npv_usd,
        }
        for k, (_, key, style) in enumerate(SUMMARY_COLS):
            if key is None:
                continue
            if key in LINES:
                src = ref(lay.comparison, CMP_ROW0 + LINES.index(key), 3 + i)
            else:
                src = ref(lay.plans, PLANS_ROW0 + i, PLAN_COLS.index(key))
            v = vals[key]
            if v is not None and key in LINES and key not in NOT_MONEY:
                v *= m.rate
            sh.formula(row, k, f"={src}", (base_dash if roi.is_baseline else never) if v is None else v, style)
    last = SUMMARY_ROW0 + len(plans) - 1
    chart = sh.book.wb.add_chart({"type": "column"})
    assert chart is not None  # a known chart type
    money_col = [k for k, c in enumerate(SUMMARY_COLS) if c[1] == "total"][0]
    chart.add_series(
        {
            "name": t("ln.total", lang),
            "categories": f"={ref(sh.name, SUMMARY_ROW0, 0, True)}:${col(0)}${last + 1}",
            "values": f"={ref(sh.name, SUMMARY_ROW0, money_col, True)}:${col(money_col)}${last + 1}",
            "data_labels": {"value": True, "num_format": m.currency.excel(lang=lang)},
            "fill": {"color": "#4472C4"},
        }
    )
    chart.set_title({"name": t("wb.chart_title", lang), "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"num_format": m.currency.excel(lang=lang), "major_gridlines": {"visible": True}})
    chart.set_size({"width": 760, "height": 250})
    chart_row = last + 2
    sh.ws.insert_chart(chart_row, 0, chart, {"x_offset": 5, "y_offset": 5})
    notes = chart_row + 13
    sh.text(notes, 0, t("wb.notes", lang), "bold", measure=False)
    sh.text(notes + 1, 0, t("wb.note_tokens", lang).format(headroom=r.headroom), measure=False)
    sh.text(notes + 2, 0, t("wb.note_sheets", lang), measure=False)
    # every speed, token cost and server count comes from this engine: its measured error band
    sh.text(notes + 3, 0, tr(band_message(r.engine, get_engine(r.engine).band()), lang), measure=False)
    sh.text(notes + 4, 0, tr(msg("region.line", region=get_region(region).name), lang), measure=False)
    last_note = notes + 4
    if m.is_jpy:  # the rate as the Inputs sheet holds it now (a live formula), with its date and source
        head, tail = t("wb.fx_note", lang).split("{rate}")
        tail = tail.format(as_of=m.fx.as_of.isoformat())
        sh.formula(notes + 5, 0, f'={_excel_text(head)}&TEXT(jpy_per_usd,"#,##0.00")&{_excel_text(tail)}',
                   head + f"{m.fx.jpy_per_usd:,.2f}" + tail, "text")
        last_note = notes + 5
    sh.caps.update({0: 34, 1: 24, 2: 28})
    sh.finish(one_page=True)
    sh.ws.hide_gridlines(2)
    sh.ws.print_area(0, 0, last_note, len(SUMMARY_COLS) - 1)


def _sources(sh: Sheet, r: FleetResult, lang: str, region: str) -> None:
    row = 0
    m = sh.book.money
    sh.text(row, 0, t("sheet.sources", lang), "title", measure=False)
    reg = get_region(region)
    srcs = input_sources(reg, r.inputs, m.fx)
    head = f"{t('wb.input_sources', lang)} ({tr(reg.name, lang)})" if lang == "en" else \
        f"{t('wb.input_sources', lang)}（{tr(reg.name, lang)}）"
    pairs = [(t(name, lang), tr(srcs[name], lang)) for name in r.inputs.as_dict()]
    if m.is_jpy:
        pairs.insert(0, (t("fx.rate_label", lang), f"{m.fx.as_of.isoformat()}: {tr(m.fx.source, lang)}"))
    blocks = [(head, pairs)]
    for g in r.gpu_costs:
        prof = get_profile(g.gpu)
        blocks.append((f"{t('wb.gpu_sources', lang)}: {prof.name}", _gpu_sources(prof, g, r, lang)))
    for s in r.schemes:
        blocks.append((f"{t('wb.why', lang)}: {tr(s.scheme, lang)}", [("", localize(w, m, lang)) for w in s.why]))
    row = 2
    for title, pairs in blocks:
        sh.text(row, 0, title, "bold", measure=False)
        row += 1
        for a, b in pairs:
            sh.text(row, 0, a)
            sh.text(row, 1, b, "wrap")
            row += 1
        row += 1
    sh.caps.update({0: 30, 1: 110})
    sh.finish()


def _gpu_sources(prof, g, r: FleetResult, lang: str) -> list[tuple[str, str]]:
    """Each figure of a GPU's cost with its source: the profile's (at the cloud price the plan used), or the user's
    where the plan's figure is not the profile's."""
    tier = next((i for i, c in enumerate(prof.cloud_prices) if c.label() == g.cloud_label), 0)
    out = []
    for s in sourced_figures(prof, r.inputs, tier):
        used = getattr(g, s.name, s.value)
        out.append((t(s.name, lang), tr(s.source if used == s.value else msg("src.entered"), lang)))
    return out


def fleet_workbook(
    r: FleetResult, baseline: int = 0, lang: str = "en", money: Money | None = None, region: str = "us"
) -> bytes:
    """The meeting workbook of an optimizer result (its recommended plan per scheme), as .xlsx bytes; amounts in
    ``money``'s currency (default US dollars), input sources of ``region``'s default set."""
    t("sheet.summary", lang)  # validates lang
    get_region(region)
    plans = feasible(r)
    costs = {g.gpu: g for g in r.gpu_costs}
    rois = compare(plans, costs, r.inputs, baseline)
    buf = io.BytesIO()
    book = Book(buf, money, lang)
    names = {k: t(f"sheet.{k}", lang) for k in ("summary", "inputs", "plans", "comparison", "sources")}
    sheets = {k: book.sheet(v) for k, v in names.items()}
    used = tuple(g for g in r.gpu_costs if any(p.gpu == g.gpu for p in plans))
    gpu_row = inputs_sheet(
        sheets["inputs"],
        r.inputs,
        used,
        lang,
        lambda name, target: book.wb.define_name(name, f"={target}"),
        input_sources(get_region(region), r.inputs, book.money.fx),
    )
    lay = Layout(names["inputs"], names["plans"], names["comparison"], gpu_row)
    plans_sheet(sheets["plans"], plans, r.inputs, baseline, lang)
    comparison_sheet(sheets["comparison"], plans, rois, costs, r.inputs, lay, lang)
    _summary(sheets["summary"], r, plans, rois, lay, lang, region)
    _sources(sheets["sources"], r, lang, region)
    sheets["summary"].ws.activate()
    book.close()
    return buf.getvalue()


__all__ = ["fleet_workbook", "SUMMARY_COLS", "SUMMARY_ROW0"]
