"""The meeting workbook: LibreOffice recalculates every live formula to Python's numbers (1e-9), the Summary prints
on exactly one landscape page with no '###', print setup on every sheet; CSV; user text never a formula."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from dataclasses import replace

import openpyxl
import pytest

from costmodel import fleet, get_model
from costmodel.currency import REFERENCE_FX
from costmodel.export import fleet_csv, fleet_workbook
from costmodel.i18n import t
from costmodel.prices import gpu_cost
from costmodel.hardware import get_profile
from costmodel.roi import compare
from costmodel.tco import CostInputs, energy_kwh_per_1m_tokens, month_cost, usd_per_1m_tokens
from costmodel.xlsx import SUMMARY_COLS, SUMMARY_ROW0
from costmodel.xlsx.comparison import python_value
from costmodel.xlsx.sheets import CMP_ROW0, LINES

EVIL = '=HYPERLINK("http://x","y")'
INPUTS = CostInputs(
    migration_gpu_hours=2_000.0,
    migration_engineering_usd=50_000.0,
    residual_fraction=0.1,
    storage_usd_per_server=20_000.0,
    spares_fraction=0.05,
    software_usd_per_gpu_year=4_500.0,
)
XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def _tool(name: str, what: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI ({what})")
        pytest.skip(f"{name} not installed: cannot {what}")
    return exe


def _soffice(tmp_path, fmt: str, *paths):
    """Convert with LibreOffice, recalculating every formula on load; a private profile per call."""
    exe = shutil.which("soffice") or shutil.which("libreoffice") or _tool("soffice", "recalculate the workbook")
    profile = tmp_path / f"lo-{fmt}"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(XCU, encoding="utf-8")
    out = tmp_path / f"out-{fmt}"
    subprocess.run(
        [
            exe,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return [out / (p.stem + "." + fmt) for p in paths]


@pytest.fixture(scope="module")
def onprem():
    # two schemes on two GPU types, on-prem; MLA is cheaper, so with it as baseline GQA has no payback
    return fleet.optimize(
        "llama-3-70b",
        ["h100-sxm-80gb", "h200-sxm-141gb"],
        fleet.users(100, 32768),
        ["native", "mla"],
        inputs=INPUTS,
        pp=1,
    )


@pytest.fixture(scope="module")
def cloud():
    h100 = get_profile("h100-sxm-80gb")
    cud = next(i for i, c in enumerate(h100.cloud_prices) if c.tier == "committed-3y" and c.gpus_per_unit == 8)
    return fleet.optimize(
        "llama-3.1-8b",
        ["h100-sxm-80gb", "l40s"],
        fleet.requests_per_day(2e6, 2048, 512),
        ["native", "mla"],
        cost_basis="cloud",
        inputs=INPUTS,
        gpu_costs={"h100-sxm-80gb": gpu_cost(h100, INPUTS, cud)},
        slo=fleet.SLO.make(ttft_s=3, tpot_ms=60),
    )


def _close(a, b):
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) or abs(a - b) <= 1e-9


def _check(wb, r, baseline: int, lang: str, inputs: CostInputs | None = None, costs=None, rate: float = 1.0):
    plans = [s.best for s in r.schemes if s.best]
    inputs = inputs or r.inputs
    costs = costs or {g.gpu: g for g in r.gpu_costs}
    rois = compare(plans, costs, inputs, baseline)
    never, noprice, base = t("res.never", lang), t("no_price", lang), t("res.baseline_dash", lang)
    cmp_, summ = wb[t("sheet.comparison", lang)], wb[t("sheet.summary", lang)]
    n = 0
    for k, (p, roi) in enumerate(zip(plans, rois)):
        for j, line in enumerate(LINES):
            got, want = (
                cmp_.cell(row=CMP_ROW0 + j + 1, column=4 + k).value,
                python_value(line, p, roi, costs[p.gpu], inputs, rate),
            )
            if want is None:
                assert got in ((base,) if roi.is_baseline and line != "other_basis" else (never, noprice)), (
                    p.scheme, line, got)
            else:
                assert isinstance(got, (int, float)) and _close(got, want), (p.scheme, line, got, want)
            n += 1
        for c, (_, key, _) in enumerate(SUMMARY_COLS):
            if key is None:
                continue
            got = summ.cell(row=SUMMARY_ROW0 + k + 1, column=c + 1).value
            line = {
                "total": "total",
                "usd_per_1m_tokens": "usd_per_1m_tokens",
                "savings": "savings",
                "payback_months": "payback_months",
                "discounted_payback_months": "discounted_payback_months",
                "npv_usd": "npv_usd",
            }.get(key)
            want = (
                python_value(line, p, roi, costs[p.gpu], inputs, rate)
                if line
                else {"gpus": p.gpus, "servers": p.servers, "utilization": p.utilization, "tpot_ms": p.tpot_s * 1e3}[
                    key
                ]
            )
            assert (got == (base if roi.is_baseline else never)) if want is None else _close(got, want), (
                p.scheme, key, got, want)
    assert n == len(plans) * len(LINES)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_libreoffice_recalculates_to_python(tmp_path, onprem, cloud, lang):
    assert all(s.best for s in onprem.schemes)
    paths = []
    for name, r, base in (("onprem", onprem, 1), ("cloud", cloud, 0)):
        path = tmp_path / f"{name}_{lang}.xlsx"
        path.write_bytes(fleet_workbook(r, baseline=base, lang=lang))
        paths.append(path)
    out = _soffice(tmp_path, "xlsx", *paths)
    wb_on, wb_cl = (openpyxl.load_workbook(p, data_only=True) for p in out)
    assert wb_on.sheetnames == [t(f"sheet.{k}", lang) for k in ("summary", "inputs", "plans", "comparison", "sources")]
    assert wb_on.sheetnames[0] == ("Summary" if lang == "en" else "概要")
    _check(wb_on, onprem, 1, lang)
    _check(wb_cl, cloud, 0, lang)
    roi = compare([s.best for s in onprem.schemes], {g.gpu: g for g in onprem.gpu_costs}, INPUTS, 1)
    assert roi[0].payback_months is None and roi[1].is_baseline  # the 'no payback' branch is exercised


def _recost(r, inputs, costs):
    out = []
    for s in r.schemes:
        p = s.best
        g, other = costs[p.gpu], "cloud" if p.cost_basis == "onprem" else "onprem"
        cost = month_cost(p.facts, g, inputs, p.cost_basis)
        out.append(
            replace(
                s,
                best=replace(
                    p,
                    cost=cost,
                    usd_per_1m_tokens=usd_per_1m_tokens(cost.total, p.facts, inputs),
                    energy_kwh_per_1m_tokens=energy_kwh_per_1m_tokens(p.facts, g, inputs),
                    other_basis_usd_per_month=month_cost(p.facts, g, inputs, other).total,
                ),
            )
        )
    return replace(r, schemes=tuple(out))


def test_manager_edits_inputs_and_everything_follows(tmp_path, onprem):
    wb = openpyxl.load_workbook(io.BytesIO(fleet_workbook(onprem, baseline=0)))
    changed = {
        "wacc": 0.1,
        "residual_fraction": 0.25,
        "pue": 1.3,
        "colocation_usd_per_kw_month": 150.0,
        "migration_gpu_hours": 500.0,
    }
    for name, value in changed.items():  # through the defined names, as a user clicking the cell would
        ((sheet, coord),) = wb.defined_names[name].destinations
        wb[sheet][coord.replace("$", "")].value = value
    ws, gid = wb["Inputs"], onprem.schemes[0].best.gpu
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == gid)
    ws.cell(row=row, column=2).value = 317_000.0  # server price of the plan GPU's line
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    (out,) = _soffice(tmp_path, "xlsx", path)
    inputs = INPUTS.with_(**changed)
    costs = {g.gpu: g for g in onprem.gpu_costs}
    costs[gid] = costs[gid].with_(server_price_usd=317_000.0)
    _check(openpyxl.load_workbook(out, data_only=True), _recost(onprem, inputs, costs), 0, "en", inputs, costs)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_summary_prints_on_one_page_without_hashes(tmp_path, onprem, cloud, lang):
    pdftotext = _tool("pdftotext", "read the printed workbook (apt-get install poppler-utils)")
    paths = []
    for name, r in (("onprem", onprem), ("cloud", cloud)):
        p = tmp_path / f"print_{name}_{lang}.xlsx"
        p.write_bytes(fleet_workbook(r, lang=lang))
        paths.append(p)
    for pdf in _soffice(tmp_path, "pdf", *paths):
        pages = subprocess.run(
            [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
        ).stdout.split("\f")
        pages = [pg for pg in pages if pg.strip()]
        assert not any("###" in pg for pg in pages), pdf.name
        # the footer of every page names its sheet: exactly one page is the Summary's, and it is the first
        summary = t("sheet.summary", lang)
        footers = [re.sub(r"\s+", " ", pg.strip().splitlines()[-1]) for pg in pages]
        assert [f.split(" ")[0] for f in footers].count(summary) == 1 and footers[0].startswith(summary)
        assert t("wb.recommendation", lang) in pages[0] and t("wb.chart_title", lang) in pages[0]


def test_workbook_structure_and_print_setup(onprem):
    wb = openpyxl.load_workbook(io.BytesIO(fleet_workbook(onprem)))
    assert wb.sheetnames == ["Summary", "Inputs", "Plans", "Comparison", "Sources"]
    for name in INPUTS.as_dict():  # every input is a named, editable cell holding the Python value
        ((sheet, coord),) = wb.defined_names[name].destinations
        assert sheet == "Inputs" and wb[sheet][coord.replace("$", "")].value == getattr(INPUTS, name)
    cmp_ = wb["Comparison"]
    assert all(
        c.data_type == "f"
        for row in cmp_.iter_rows(min_row=CMP_ROW0 + 1, min_col=4)
        for c in row
        if c.value is not None
    )
    cap = cmp_.cell(row=CMP_ROW0 + LINES.index("cost_of_capital") + 1, column=4).value
    assert "PMT(monthly_rate,months," in cap
    assert "NPER(monthly_rate" in cmp_.cell(row=CMP_ROW0 + LINES.index("discounted_payback_months") + 1, column=4).value
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (9, "9"), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, None), ws.title
    # one page tall for the Summary (OOXML's default 1 is omitted), as many as needed elsewhere
    assert wb["Summary"].page_setup.fitToHeight in (None, 1, "1") and wb["Comparison"].page_setup.fitToHeight in (
        0,
        "0",
    )
    assert wb["Comparison"].print_title_rows and wb["Comparison"].freeze_panes
    assert wb["Plans"].cell(row=5, column=17).value.startswith("=")  # utilization = demand / capacity, visible
    money = wb["Comparison"].cell(row=CMP_ROW0 + LINES.index("total") + 1, column=4).number_format
    assert money.startswith('"$"#,##0') and wb["Plans"].cell(row=5, column=8).number_format == "#,##0"


def test_user_strings_are_text_not_formulas(tmp_path):
    spec = get_model("llama-3.1-8b").model_copy(update={"name": EVIL})
    r = fleet.optimize(spec, "h100-sxm-80gb", fleet.users(10, 4096), pp=1)
    data = fleet_workbook(r)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    hits = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str) and EVIL in c.value]
    assert hits and all(c.data_type == "s" for c in hits)
    path = tmp_path / "evil.xlsx"
    path.write_bytes(data)
    (out,) = _soffice(tmp_path, "xlsx", path)
    assert EVIL in openpyxl.load_workbook(out, data_only=True)["Summary"]["A1"].value


def test_csv(onprem):
    rows = list(csv.reader(io.StringIO(fleet_csv(onprem, baseline=1))))
    plans = [s.best for s in onprem.schemes]
    assert len(rows) == 1 + len(plans)
    head = rows[0]
    for row, p in zip(rows[1:], plans):
        v = dict(zip(head, row))
        assert float(v["cost_per_month_usd"]) == p.cost_per_month_usd and float(v["gpus"]) == p.gpus
        assert float(v["cost_capex"]) == p.cost.capex
    assert rows[1][head.index("payback_months")] == t("res.never")  # GQA vs the cheaper MLA baseline
    ja = fleet_csv(onprem, lang="ja")
    assert "方式" in ja.splitlines()[0]
    with pytest.raises(ValueError, match="language"):
        fleet_workbook(onprem, lang="de")
    with pytest.raises(ValueError, match="baseline"):
        fleet_workbook(onprem, baseline=7)


# ---------------------------------------------------------------- yen (issue 18)
@pytest.fixture(scope="module")
def yen():
    """Japan's default set (¥27.55/kWh, PUE 1.83, US$200/kW-month Tokyo colocation) at the reference rate."""
    from costmodel.regions import JP

    inputs = JP.inputs(REFERENCE_FX).with_(migration_gpu_hours=2_000.0, migration_engineering_usd=50_000.0)
    r = fleet.optimize("llama-3-70b", ["h100-sxm-80gb"], fleet.users(100, 32768), ["native", "mla"], inputs=inputs,
                       pp=1)
    return r, JP.money("jpy", REFERENCE_FX)


def _yen_book(tmp_path, r, m, name="yen.xlsx"):
    path = tmp_path / name
    path.write_bytes(fleet_workbook(r, baseline=0, lang="ja", money=m, region="jp"))
    return path


def _named(wb, name):
    ((sheet, coord),) = wb.defined_names[name].destinations
    return wb[sheet][coord.replace("$", "")]


def test_yen_workbook_recalculates_to_python_times_the_rate(tmp_path, yen):
    r, m = yen
    assert m.fx.jpy_per_usd == 157.0  # Bank of Japan reporting rate for March 2026 (published 2026-02-20)
    path = _yen_book(tmp_path, r, m)
    (out,) = _soffice(tmp_path, "xlsx", path)
    wb = openpyxl.load_workbook(out, data_only=True)
    # the yen inputs: ANRE's FY2022 industrial price stays ¥27.55; CBRE's US$200 Tokyo colocation = 200 x 157
    assert _named(wb, "electricity_jpy_per_kwh").value == pytest.approx(27.55, rel=1e-12)
    assert _named(wb, "colocation_jpy_per_kw_month").value == pytest.approx(31_400, rel=1e-12)
    assert _named(wb, "jpy_per_usd").value == 157.0
    _check(wb, r, 0, "ja", rate=157.0)
    cmp_ = openpyxl.load_workbook(path)[t("sheet.comparison", "ja")]
    assert cmp_.cell(row=CMP_ROW0 + LINES.index("total") + 1, column=4).number_format == '#,##0"円"'  # no decimals


def test_yen_follows_the_exchange_rate_input_but_yen_sourced_prices_do_not(tmp_path, yen):
    from costmodel.currency import user_fx
    from costmodel.regions import JP

    r, m = yen
    wb = openpyxl.load_workbook(_yen_book(tmp_path, r, m))
    _named(wb, "jpy_per_usd").value = 140.0  # the manager types the rate of the meeting day
    path = tmp_path / "yen140.xlsx"
    wb.save(path)
    (out,) = _soffice(tmp_path, "xlsx", path)
    got = openpyxl.load_workbook(out, data_only=True)
    assert _named(got, "colocation_jpy_per_kw_month").value == pytest.approx(28_000, rel=1e-12)  # 200 x 140
    assert _named(got, "electricity_jpy_per_kwh").value == pytest.approx(27.55, rel=1e-12)  # a yen price
    # Python at 140: the same yen electricity is 27.55 / 140 dollars; every other input is the dollar figure
    inputs = JP.inputs(user_fx(140.0)).with_(migration_gpu_hours=2_000.0, migration_engineering_usd=50_000.0)
    _check(got, _recost(r, inputs, {g.gpu: g for g in r.gpu_costs}), 0, "ja", inputs, rate=140.0)


def test_yen_csv_and_summary_text(yen):
    r, m = yen
    rows = list(csv.reader(io.StringIO(fleet_csv(r, baseline=0, lang="ja", money=m))))
    head = rows[0]
    for row, s in zip(rows[1:], r.schemes):
        v = dict(zip(head, row))
        assert v["currency"] == "JPY" and float(v["jpy_per_usd"]) == 157.0
        assert float(v["cost_per_month_usd_in_currency"]) == s.best.cost_per_month_usd * 157.0
        assert v["gpus"] == str(s.best.gpus)  # a count, not 8.0
    assert rows[1][head.index("payback_months")] == "—（基準）"  # the baseline row is not a failure
    wb = openpyxl.load_workbook(io.BytesIO(fleet_workbook(r, lang="ja", money=m, region="jp")))
    summary = "\n".join(str(c.value) for row in wb["概要"].iter_rows() for c in row if c.value is not None)
    assert "コストの既定値: 日本" in summary and "TEXT(jpy_per_usd" in summary  # the rate line is a live formula


def test_yen_summary_prints_on_one_page_without_hashes(tmp_path, yen):
    pdftotext = _tool("pdftotext", "read the printed workbook (apt-get install poppler-utils)")
    (pdf,) = _soffice(tmp_path, "pdf", _yen_book(tmp_path, *yen, name="yen_print.xlsx"))
    pages = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True,
                           timeout=60).stdout.split("\f")
    pages = [pg for pg in pages if pg.strip()]
    assert not any("###" in pg for pg in pages)
    footers = [re.sub(r"\s+", " ", pg.strip().splitlines()[-1]) for pg in pages]
    assert [f.split(" ")[0] for f in footers].count("概要") == 1 and footers[0].startswith("概要")
    assert "円" in pages[0] and "$" not in pages[0]
