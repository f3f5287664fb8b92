"""The real app in a real browser: ``streamlit run app.py`` driven by Debian's chromium through Playwright.

Never downloads a browser. Skipped (with a message) only when /usr/bin/chromium is missing and CI is not set;
under CI a missing chromium fails.
"""
from __future__ import annotations

import re

import pytest

from costmodel import estimate
from costmodel.units import fmt_both
from ui.labels import t

from browserkit import TIMEOUT_MS, require_chromium

require_chromium()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1800})
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    yield pg
    ctx.close()


def verdict(pg) -> str:
    return pg.locator('[data-testid="stAlert"]').first.inner_text()


def pick(pg, label: str, option: str) -> None:
    pg.get_by_role("combobox", name=label).click()
    pg.get_by_role("option", name=option, exact=True).click()


def test_fit_change_model_and_context_changes_the_verdict(server, page):
    page.goto(server + "/")
    page.get_by_text("Does it fit?").wait_for()
    e = estimate("llama-3.1-8b", "h100-sxm-80gb", context=131_072)
    page.get_by_text(f"Fits: {fmt_both(e.memory.total_bytes)}").wait_for()

    pick(page, "Preset model", "Llama-2-7B")
    page.get_by_text(re.compile(r"Llama-2-7B: 32 layers")).wait_for()
    ctx = page.get_by_role("textbox", name="Context (tokens per sequence)")
    ctx.fill("512K")
    ctx.press("Enter")
    big = estimate("llama-2-7b", "h100-sxm-80gb", context=512 * 1024)
    page.get_by_text(f"Does not fit: needs {fmt_both(big.memory.total_bytes)}").wait_for()
    assert "Does not fit" in verdict(page)
    page.wait_for_function("() => location.search.includes('ctx=512K') && location.search.includes('model=llama-2-7b')")

    page.locator('[data-testid="stSidebar"]').get_by_text("日本語").click()
    page.get_by_text("GPU メモリに収まるか").wait_for()
    page.get_by_text("収まらない:").wait_for()
    page.get_by_text(t("fit.max_context", "ja").format(batch=1)).wait_for()
    page.wait_for_function("() => location.search.includes('lang=ja')")


def test_shared_url_reproduces_the_state(server, page):
    page.goto(server + "/?model=llama-2-7b&ctx=512K&kvdt=int8&lang=ja")
    page.get_by_text("GPU メモリに収まるか").wait_for()
    assert page.get_by_role("combobox", name="プリセットモデル").input_value() == "Llama-2-7B"
    assert page.get_by_role("textbox", name=t("in.context", "ja")).input_value() == "512K"
    e = estimate("llama-2-7b", "h100-sxm-80gb", context=512 * 1024, kv_dtype="int8")
    page.get_by_text("収まらない" if not e.fits else "収まる").first.wait_for()
    page.get_by_text(fmt_both(e.memory.total_bytes)).first.wait_for()


def test_bad_url_shows_a_notice_and_other_pages_load(server, page):
    page.goto(server + "/compare?gpu=nope&ctx=10000000000000&lang=en")
    page.get_by_text("Compare attention schemes").wait_for()
    page.get_by_text(re.compile(r"URL parameter gpu='nope' ignored")).wait_for()
    page.get_by_text(re.compile(r"URL parameter ctx='10000000000000' ignored")).wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    for path, title in (("/roofline", "Roofline"), ("/claims", "Check a claim"), ("/fleet", "Fleet & ROI"),
                        ("/validation", "Validation against real runs")):
        page.goto(server + path)
        page.get_by_role("heading", name=title).first.wait_for()
        assert page.locator('[data-testid="stException"]').count() == 0


def test_fleet_downloads_are_real_files(server, page, tmp_path):
    from openpyxl import load_workbook

    page.goto(server + "/fleet?schemes=gqa,mla:absorbed&lang=ja")
    page.get_by_role("heading", name=t("fl.title", "ja")).first.wait_for()
    with page.expect_download() as dl:
        page.get_by_role("button", name="会議用ワークブック（.xlsx、数式入り）").click()
    path = tmp_path / "roi.xlsx"
    dl.value.save_as(path)
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "概要"  # the workbook is in the page's language, its Summary first
    with page.expect_download() as dl:
        page.get_by_role("button", name="構成（.csv）").click()
    dl.value.save_as(tmp_path / "roi.csv")
    text = (tmp_path / "roi.csv").read_text(encoding="utf-8-sig")
    assert "GQA（KV ヘッド 8 個）" in text and "MLA（吸収版" in text  # scheme names in the page's language
