"""The ROI workbook: live formulas that LibreOffice recalculates to Python's numbers; CSV; text never a formula."""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess

import openpyxl
import pytest

from costmodel import fleet, get_profile
from costmodel.export import (COMPARISON_FIELDS, INPUT_FIELDS, RESULT_FIELDS, RESULTS_FIRST_ROW, csv_safe, roi_csv,
                              roi_workbook)
from costmodel.i18n import LABELS, t
from costmodel.roi import CostInputs, SchemeFacts, compare_costs, cost_sources

EVIL = '=HYPERLINK("http://x","y")'
H100 = get_profile("h100-sxm-80gb")
INPUTS = CostInputs.for_gpu(H100, migration_gpu_hours=2_000.0, migration_engineering_usd=50_000.0,
                            hosting_usd_per_kw_month=150.0)
XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


@pytest.fixture(scope="module")
def items():
    """A real fleet plan (baseline) plus hand-made facts: one that saves, one with an injected name, one worse."""
    plan = fleet.plan_fleet("llama-3-70b", H100, None, fleet.users(100, 8192), tp_policy="fewest_gpus")
    return [plan,
            SchemeFacts("TransMLA r=512", gpus=4, servers=1, tokens_per_s=plan.capacity_tokens_per_s * 0.9),
            SchemeFacts(EVIL, gpus=8, servers=1, tokens_per_s=plan.capacity_tokens_per_s * 1.5,
                        migration_gpu_hours=10.0, migration_engineering_usd=0.0),
            SchemeFacts("+worse", gpus=16, servers=2, tokens_per_s=1234.5)]


def _facts(items):
    return [i if isinstance(i, SchemeFacts) else i.facts() for i in items]


def _soffice_recalc(tmp_path, *paths):
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI to recalculate the exported workbook")
        pytest.skip("LibreOffice (soffice) not installed: cannot recalculate the workbook (install libreoffice-calc)")
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(XCU, encoding="utf-8")
    out = tmp_path / "out"
    cmd = [exe, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "xlsx",
           "--outdir", str(out), *map(str, paths)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    return [openpyxl.load_workbook(out / p.name, data_only=True) for p in paths]


def _close(a, b):
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) or abs(a - b) <= 1e-9


def _check_against_python(wb, costs, never: str):
    res, cmp_ = wb.worksheets[2], wb.worksheets[3]
    n = 0
    for i, c in enumerate(costs):
        for j, key in enumerate(RESULT_FIELDS):
            got, want = res.cell(row=RESULTS_FIRST_ROW + j, column=4 + i).value, getattr(c, key)
            assert (got == never) if want is None else _close(got, want), (c.scheme, key, got, want)
            n += 1
        for j, key in enumerate(COMPARISON_FIELDS):
            got, want = cmp_.cell(row=2 + i, column=2 + j).value, getattr(c, key)
            assert (got == never) if want is None else _close(got, want), (c.scheme, key, got, want)
            n += 1
    assert n == len(costs) * (len(RESULT_FIELDS) + len(COMPARISON_FIELDS))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_libreoffice_recalculates_to_python(tmp_path, items, lang):
    costs = compare_costs(_facts(items), INPUTS, baseline=0)
    assert costs[1].cloud_payback_months is not None and costs[3].onprem_payback_months is None  # both branches
    path = tmp_path / f"roi_{lang}.xlsx"
    path.write_bytes(roi_workbook(items, INPUTS, model="Llama-3-70B", gpu=H100.name, lang=lang,
                                  sources=cost_sources(H100)))
    (wb,) = _soffice_recalc(tmp_path, path)
    assert wb.sheetnames[:4] == [t(f"sheet.{k}", lang) for k in ("inputs", "model", "results", "comparison")]
    _check_against_python(wb, costs, t("res.never", lang))


def test_manager_edits_a_price_and_everything_follows(tmp_path, items):
    wb = openpyxl.load_workbook(io.BytesIO(roi_workbook(items, INPUTS, baseline=1)))
    changed = {"gpu_hour_usd": 2.49, "pue": 1.54, "server_price_usd": 317_000.0, "utilization": 0.5,
               "migration_gpu_hours": 500.0}
    for name, value in changed.items():  # edit through the defined names, as a user clicking the cell would
        ((sheet, coord),) = wb.defined_names[name].destinations
        wb[sheet][coord.replace("$", "")].value = value
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    (out,) = _soffice_recalc(tmp_path, path)
    _check_against_python(out, compare_costs(_facts(items), INPUTS.with_(**changed), baseline=1), t("res.never"))


def test_workbook_structure(items):
    wb = openpyxl.load_workbook(io.BytesIO(roi_workbook(items, INPUTS, notes=["keep"])))
    assert wb.sheetnames == ["Inputs", "Model", "Results", "Comparison", "Sources", "Assumptions"]
    for name in INPUT_FIELDS:  # every input is a named, editable cell holding the Python value
        ((sheet, coord),) = wb.defined_names[name].destinations
        assert sheet == "Inputs" and wb[sheet][coord.replace("$", "")].value == getattr(INPUTS, name)
    res = wb["Results"]
    cloud = res.cell(row=RESULTS_FIRST_ROW + RESULT_FIELDS.index("cloud_usd_per_month"), column=4)
    assert cloud.data_type == "f" and cloud.value == "='Model'!D8*hours_per_month*gpu_hour_usd"
    assert all(c.data_type == "f" for row in res.iter_rows(min_row=RESULTS_FIRST_ROW, min_col=4) for c in row)
    assert wb["Model"]["I9"].value == "=migration_gpu_hours"  # default migration linked live to the input
    assert wb["Model"]["I8"].value == 0  # the baseline migrates nothing
    texts = [c.value for row in wb["Sources"].iter_rows() for c in row if c.value]
    assert any("Uptime" in str(v) for v in texts)
    why = [c.value for row in wb["Assumptions"].iter_rows() for c in row if c.value]
    assert any("chosen TP=" in str(v) for v in why) and "keep" in why


def test_user_strings_are_text_not_formulas(tmp_path, items):
    notes = ["@SUM(1+1)", "-2+3", "\t=1+1", "\r=1", "plain"]
    data = roi_workbook(items, INPUTS, model=EVIL, gpu="+GPU", target="=1+1", notes=notes)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    evil_cells = [c for ws in wb for row in ws.iter_rows() for c in row
                  if isinstance(c.value, str) and (EVIL in c.value or c.value in notes + ["+GPU", "=1+1"])]
    assert len(evil_cells) >= 1 + 2 + 1 + 1 + len(notes)  # model, scheme x2 sheets + header, gpu, target, notes
    for c in evil_cells:
        assert c.data_type == "s", (c.coordinate, c.value)
        if c.value.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert c.quotePrefix
    assert wb["Model"]["B2"].value == EVIL
    path = tmp_path / "evil.xlsx"
    path.write_bytes(data)
    (out,) = _soffice_recalc(tmp_path, path)  # still literal text after a spreadsheet application loads it
    assert out["Model"]["B2"].value in (EVIL, "'" + EVIL) and out["Model"]["B2"].data_type == "s"
    assert out["Comparison"]["A4"].value == EVIL


def test_csv(items):
    text = roi_csv(items, INPUTS, model=EVIL, gpu="@gpu", lang="en")
    rows = list(csv.reader(io.StringIO(text)))
    costs = compare_costs(_facts(items), INPUTS)
    assert len(rows) == 1 + len(costs)
    assert rows[1][0] == "'" + EVIL and rows[1][1] == "'@gpu" and rows[3][2] == "'" + EVIL
    assert rows[4][2] == "'+worse"
    keys = ("gpus", "servers", "tokens_per_s") + RESULT_FIELDS
    for r, c in zip(rows[1:], costs):
        for k, v in zip(keys, r[3:]):
            want = getattr(c, k)
            assert (v == t("res.never")) if want is None else float(v) == want
    ja = roi_csv(items, INPUTS, lang="ja")
    assert "回収不可" in ja and "方式" in ja.splitlines()[0]


def test_csv_safe_and_i18n():
    assert [csv_safe(s) for s in ("=1", "+1", "-1", "@a", "\tx", "\rx", "ok", "")] == [
        "'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "ok", ""]
    assert t("res.never", "ja") == "回収不可" and t("res.never") == "no payback"
    assert t("no.such.key", "ja") == "no.such.key"
    with pytest.raises(ValueError, match="language"):
        t("res.never", "fr")
    assert all(set(v) <= {"en", "ja"} and v.get("en") for v in LABELS.values())
    assert all(t(k, "ja") != k for k in INPUT_FIELDS)  # every ROI input has a label


def test_bad_arguments(items):
    with pytest.raises(ValueError, match="baseline"):
        roi_workbook(items, INPUTS, baseline=9)
    with pytest.raises(ValueError, match="language"):
        roi_workbook(items, INPUTS, lang="de")
    with pytest.raises(ValueError, match="no schemes"):
        roi_csv([], INPUTS)
