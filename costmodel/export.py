"""The ROI sheet for a meeting: an .xlsx whose results are live Excel formulas over named input cells, and CSV.

Sheets: Inputs (editable, one defined name per CostInputs field, e.g. ``gpu_hour_usd``), Model (fleet facts
per scheme, editable), Results (one column per scheme, formulas mirroring ``roi.scheme_cost`` operation for
operation), Comparison (one row per scheme, formulas), Sources, Assumptions. User-provided strings (model,
scheme, notes, sources) are always stored as text, never as formulas (OWASP CSV/formula injection).
"""
from __future__ import annotations

import csv
import io
from dataclasses import fields
from typing import Iterable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

from .engines import band_message, get_engine
from .i18n import t, tr, unit
from .roi import COST_SOURCES, UNITS, CostInputs, SchemeFacts, compare_costs

INPUT_FIELDS = tuple(f.name for f in fields(CostInputs))
RESULT_FIELDS = ("tokens_per_month", "cloud_usd_per_month", "cloud_usd_per_1m_tokens", "capex_usd_per_month",
                 "energy_usd_per_month", "hosting_usd_per_month", "onprem_usd_per_month", "onprem_usd_per_1m_tokens",
                 "onprem_usd_per_gpu_hour", "migration_usd", "cloud_savings_usd_per_month",
                 "onprem_savings_usd_per_month", "cloud_payback_months", "onprem_payback_months")
COMPARISON_FIELDS = ("gpus", "servers", "tokens_per_s", "cloud_usd_per_month", "cloud_usd_per_1m_tokens",
                     "onprem_usd_per_month", "onprem_usd_per_1m_tokens", "cloud_savings_usd_per_month",
                     "onprem_savings_usd_per_month", "migration_usd", "cloud_payback_months", "onprem_payback_months")
MODEL_COLS = ("scheme", "gpus_per_replica", "replicas", "gpus", "servers", "tokens_per_s", "batch_per_replica",
              "utilization", "migration_gpu_hours", "migration_engineering_usd")  # columns A..J of the Model table
MODEL_FIRST_ROW, RESULTS_FIRST_ROW, INPUTS_FIRST_ROW = 8, 4, 4
_UNIT_KEY = {"tokens_per_month": "unit.tokens", "cloud_payback_months": "unit.months",
             "onprem_payback_months": "unit.months", "cloud_usd_per_1m_tokens": "unit.usd_1m",
             "onprem_usd_per_1m_tokens": "unit.usd_1m", "onprem_usd_per_gpu_hour": "unit.usd_gpu_h",
             "migration_usd": "unit.usd", "gpus": "unit.count", "servers": "unit.count", "tokens_per_s": "unit.tokens_s"}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_BOLD, _EDIT = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
_MONEY, _INT = "#,##0.00", "#,##0"


def csv_safe(s: str) -> str:
    """Quote-prefix a string that a spreadsheet would run as a formula (OWASP CSV injection)."""
    return "'" + s if s.startswith(DANGEROUS) else s


def _text(ws, row: int, col: int, value, bold: bool = False):
    """Write a string as text, never a formula: data_type 's' (+ quotePrefix when it looks like one)."""
    s = "" if value is None else str(value)
    cell = ws.cell(row=row, column=col)
    cell.value = s
    cell.data_type = "s"
    if s.startswith(DANGEROUS):
        cell.quotePrefix = True
    if bold:
        cell.font = _BOLD
    return cell


def _num(ws, row: int, col: int, value, fmt: str | None = None):
    cell = ws.cell(row=row, column=col, value=value)
    if fmt:
        cell.number_format = fmt
    return cell


def _unit(key: str, lang: str) -> str:
    return t(_UNIT_KEY.get(key, "unit.usd_month"), lang)


def _fmt(key: str) -> str:
    return {"tokens_per_month": _INT, "gpus": _INT, "servers": _INT, "tokens_per_s": "#,##0.0",
            "cloud_payback_months": "0.0", "onprem_payback_months": "0.0"}.get(key, _MONEY)


def _ref(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _rows(items: Sequence) -> list[tuple[SchemeFacts, dict]]:
    """(facts, extra Model columns) for FleetPlans or SchemeFacts."""
    out = []
    for it in items:
        if isinstance(it, SchemeFacts):
            out.append((it, {}))
        else:  # a FleetPlan
            out.append((it.facts(), {"gpus_per_replica": it.gpus_per_replica, "replicas": it.replicas,
                                     "batch_per_replica": it.batch_per_replica, "utilization": it.utilization}))
    if not out:
        raise ValueError("no schemes to export")
    return out


def _inputs_sheet(wb, ws, inputs: CostInputs, lang: str) -> None:
    _text(ws, 1, 1, t("note.inputs", lang), bold=True)
    for c, key in enumerate(("col.key", "col.item", "col.value", "col.unit", "col.source"), 1):
        _text(ws, INPUTS_FIRST_ROW - 1, c, t(key, lang), bold=True)
    for i, name in enumerate(INPUT_FIELDS):
        r = INPUTS_FIRST_ROW + i
        _text(ws, r, 1, name)
        _text(ws, r, 2, t(name, lang))
        _num(ws, r, 3, getattr(inputs, name), "General").fill = _EDIT
        _text(ws, r, 4, tr(unit(UNITS[name]), lang))
        wb.defined_names[name] = DefinedName(name, attr_text=f"{_ref(ws.title)}!$C${r}")
    ws.column_dimensions["B"].width, ws.column_dimensions["E"].width = 44, 60


def _model_sheet(ws, rows, base: int, head: Mapping[str, str], lang: str) -> None:
    _text(ws, 1, 1, t("note.model", lang), bold=True)
    for r, (key, val) in enumerate(head.items(), 2):
        _text(ws, r, 1, t(key, lang), bold=True)
        _text(ws, r, 2, val)
    labels = ["col.scheme"] + [f"fact.{k}" for k in MODEL_COLS[1:]]
    for c, key in enumerate(labels, 1):
        _text(ws, MODEL_FIRST_ROW - 1, c, t(key, lang), bold=True)
    for i, (f, extra) in enumerate(rows):
        r = MODEL_FIRST_ROW + i
        _text(ws, r, 1, f.scheme)
        vals = {**extra, "gpus": f.gpus, "servers": f.servers, "tokens_per_s": f.tokens_per_s}
        for c, key in enumerate(MODEL_COLS[1:8], 2):
            if key in vals:
                _num(ws, r, c, vals[key], "0.0%" if key == "utilization" else _fmt(key))
        for c, key in ((9, "migration_gpu_hours"), (10, "migration_engineering_usd")):
            own = getattr(f, key)
            val = own if own is not None else (0 if i == base else f"={key}")  # live link to the Inputs default
            _num(ws, r, c, val, _MONEY).fill = _EDIT
    ws.column_dimensions["A"].width = 34


def _results_sheet(ws, n: int, base: int, model_sheet: str, lang: str) -> None:
    m, never = _ref(model_sheet), t("res.never", lang).replace('"', "'")
    row = {k: RESULTS_FIRST_ROW + i for i, k in enumerate(RESULT_FIELDS)}
    for c, key in enumerate(("col.key", "col.item", "col.unit"), 1):
        _text(ws, RESULTS_FIRST_ROW - 1, c, t(key, lang), bold=True)
    for k, r in row.items():
        _text(ws, r, 1, k)
        _text(ws, r, 2, t(f"res.{k}", lang))
        _text(ws, r, 3, _unit(k, lang))
    bc = get_column_letter(4 + base)
    for i in range(n):
        x, mr = get_column_letter(4 + i), MODEL_FIRST_ROW + i
        c = {k: f"{x}{r}" for k, r in row.items()}
        g, s = f"{m}!D{mr}", f"{m}!E{mr}"
        f = {
            "tokens_per_month": f"={m}!F{mr}*utilization*hours_per_month*3600",
            "cloud_usd_per_month": f"={g}*hours_per_month*gpu_hour_usd",
            "cloud_usd_per_1m_tokens": f"={c['cloud_usd_per_month']}/{c['tokens_per_month']}*1000000",
            "capex_usd_per_month": f"={s}*server_price_usd/(depreciation_years*12)",
            "energy_usd_per_month": f"={s}*server_power_w/1000*pue*hours_per_month*electricity_usd_per_kwh",
            "hosting_usd_per_month": f"={s}*server_power_w/1000*hosting_usd_per_kw_month+{s}*hosting_usd_per_server_month",
            "onprem_usd_per_month": f"={c['capex_usd_per_month']}+{c['energy_usd_per_month']}+{c['hosting_usd_per_month']}",
            "onprem_usd_per_1m_tokens": f"={c['onprem_usd_per_month']}/{c['tokens_per_month']}*1000000",
            "onprem_usd_per_gpu_hour": f"={c['onprem_usd_per_month']}/({g}*hours_per_month)",
            "migration_usd": f"={m}!I{mr}*migration_gpu_hour_usd+{m}!J{mr}",
        }
        for kind in ("cloud", "onprem"):
            sv, mo = f"{kind}_savings_usd_per_month", f"{kind}_usd_per_month"
            f[sv] = f"=${bc}${row[mo]}-{c[mo]}"
            f[f"{kind}_payback_months"] = f'=IF({c[sv]}>0,{c["migration_usd"]}/{c[sv]},"{never}")'
        for k, r in row.items():
            _num(ws, r, 4 + i, f[k], _fmt(k))
    ws.column_dimensions["B"].width = 40


def _comparison_sheet(ws, rows, model_sheet: str, results_sheet: str, base: int, lang: str) -> None:
    m, res = _ref(model_sheet), _ref(results_sheet)
    _text(ws, 1, 1, t("col.scheme", lang), bold=True)
    for c, k in enumerate(COMPARISON_FIELDS, 2):
        label = t(f"fact.{k}" if k in MODEL_COLS else f"res.{k}", lang)
        _text(ws, 1, c, f"{label} ({_unit(k, lang)})", bold=True)
    model_col = {"gpus": "D", "servers": "E", "tokens_per_s": "F"}
    for i, (f, _) in enumerate(rows):
        r, x = 2 + i, get_column_letter(4 + i)
        _text(ws, r, 1, f.scheme + (f" ({t('res.baseline', lang)})" if i == base else ""))
        for c, k in enumerate(COMPARISON_FIELDS, 2):
            ref = (f"={m}!{model_col[k]}{MODEL_FIRST_ROW + i}" if k in model_col
                   else f"={res}!{x}{RESULTS_FIRST_ROW + RESULT_FIELDS.index(k)}")
            _num(ws, r, c, ref, _fmt(k))
    ws.column_dimensions["A"].width = 40


def _lines_sheet(ws, blocks: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> None:
    r = 1
    for title, pairs in blocks:
        _text(ws, r, 1, title, bold=True)
        r += 1
        for a, b in pairs:
            _text(ws, r, 1, a)
            _text(ws, r, 2, b)
            r += 1
        r += 1
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 34, 120


def roi_workbook(plans: Sequence, inputs: CostInputs, *, baseline: int = 0, model: str = "", gpu: str = "",
                 target: str = "", lang: str = "en", sources: Mapping[str, str] | None = None,
                 notes: Sequence[str] = ()) -> bytes:
    """The ROI sheet as .xlsx bytes. ``plans``: FleetPlans (feasible) or roi.SchemeFacts; ``baseline`` indexes them.
    ``sources``: input name -> citation (default roi.COST_SOURCES; use roi.cost_sources(profile))."""
    t("sheet.inputs", lang)  # validates lang
    rows = _rows(plans)
    compare_costs([f for f, _ in rows], inputs, baseline)  # validates the baseline index
    wb = Workbook()
    ws_in = wb.active
    ws_in.title = t("sheet.inputs", lang)
    names = {k: t(f"sheet.{k}", lang) for k in ("model", "results", "comparison", "sources", "assumptions")}
    ws = {k: wb.create_sheet(v) for k, v in names.items()}
    _inputs_sheet(wb, ws_in, inputs, lang)
    head = {"fact.model": model, "fact.gpu": gpu, "fact.target": tr(target, lang),
            "fact.baseline": rows[baseline][0].scheme}
    engines = {p.engine for p in plans if not isinstance(p, SchemeFacts)}
    if len(engines) == 1:  # speeds, token costs and server counts carry the engine's measured error band
        eng = engines.pop()
        head["fact.engine"] = tr(band_message(eng, get_engine(eng).band()), lang)
    _model_sheet(ws["model"], rows, baseline, head, lang)
    _results_sheet(ws["results"], len(rows), baseline, names["model"], lang)
    for i, (f, _) in enumerate(rows):
        _text(ws["results"], RESULTS_FIRST_ROW - 1, 4 + i, f.scheme, bold=True)
    _comparison_sheet(ws["comparison"], rows, names["model"], names["results"], baseline, lang)
    src = {**COST_SOURCES, **(sources or {})}
    _lines_sheet(ws["sources"], [(t("col.source", lang), [(k, tr(v, lang)) for k, v in src.items()])])
    why = [(p.scheme, tr(line, lang)) for p in plans if not isinstance(p, SchemeFacts) for line in p.why]
    _lines_sheet(ws["assumptions"], [(t("note.method", lang), [("", t("note.roi_method", lang))]),
                                     (t("note.fleet_why", lang), why),
                                     (t("note.user_notes", lang), [("", tr(n, lang)) for n in notes])])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def roi_csv(plans: Sequence, inputs: CostInputs, *, baseline: int = 0, model: str = "", gpu: str = "",
            lang: str = "en") -> str:
    """One row per scheme: model, GPU, scheme and every cost figure, computed in Python. Strings are
    quote-prefixed when a spreadsheet would take them for a formula. Encode as utf-8-sig for Excel."""
    rows = _rows(plans)
    costs = compare_costs([f for f, _ in rows], inputs, baseline)
    keys = ("gpus", "servers", "tokens_per_s") + RESULT_FIELDS
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([t("fact.model", lang), t("fact.gpu", lang), t("col.scheme", lang)]
               + [f"{t(f'fact.{k}' if k in MODEL_COLS else f'res.{k}', lang)} ({_unit(k, lang)})" for k in keys])
    never = t("res.never", lang)
    for c in costs:
        vals = [getattr(c, k) for k in keys]
        w.writerow([csv_safe(model), csv_safe(gpu), csv_safe(c.scheme + (f" ({t('res.baseline', lang)})" if c.is_baseline else ""))]
                   + [never if v is None else repr(float(v)) for v in vals])
    return out.getvalue()


__all__ = ["roi_workbook", "roi_csv", "csv_safe", "INPUT_FIELDS", "RESULT_FIELDS", "COMPARISON_FIELDS",
           "MODEL_COLS", "MODEL_FIRST_ROW", "RESULTS_FIRST_ROW", "INPUTS_FIRST_ROW"]
