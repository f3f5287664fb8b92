"""Issue 12 (pages), without a browser: decision tables that fit 1280 px, status in words, share links that carry a
pasted config, human durations, how many GPUs would hold a model, and the parameter and same-output notes.

Numbers are pinned against hand derivations (written next to them) or against the cost model's independent
functions (``estimate``), never against the page's own formatting of the same value.
"""
from __future__ import annotations

import json
import re
import zlib
import base64

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from costmodel import estimate
from costmodel.advice import gpus_to_fit
from costmodel.hfconfig import MAX_CONFIG_BYTES
from costmodel.units import fmt_seconds
from ui import shareconfig
from ui.compare import COLUMNS
from ui.fleet import PLAN_COLUMNS, ROI_COLUMNS
from ui.labels import t
from ui.tables import BAD, GOOD, MAIN_WIDTH_PX, NEUTRAL, Status, _table, main_width

APP = str(ROOT / "app.py")
H100 = "h100-sxm-80gb"
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b55\u2705\u274c]")
CONFIGS = ROOT / "costmodel" / "model_configs"


def load(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query or {})
    return at.switch_page(page).run()


def clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


# ---------------------------------------------------------------- decision tables
@pytest.mark.parametrize("cols, must", [
    (COLUMNS, {"tc.fits", "tc.decode", "tc.speedup", "tc.params", "tc.effort"}),  # the procurement columns
    (PLAN_COLUMNS, {"tc.peak_tps", "col.utilization", "col.cost_month"}),
    (ROI_COLUMNS, {"tc.onprem", "tc.cloud", "tc.payback"}),
])
def test_decision_columns_fit_the_main_area_at_1280px(cols, must):
    # 1280 px window - Streamlit's sidebar (~300 px) - padding = ~820 px for the main area; the columns ask for at most
    # MAIN_WIDTH_PX so that none scrolls out of sight (the browser test checks the same on screen)
    assert main_width(cols) <= MAIN_WIDTH_PX == 800
    main = {c.key for c in cols if c.main}
    assert must <= main
    assert cols[0].main and all(c.width for c in cols if c.main)
    for lang in ("en", "ja"):  # a header twice would break the table (a frame needs unique columns)
        heads = [c.label(lang) for c in cols]
        assert len(set(heads)) == len(heads), heads


def test_status_cells_are_coloured_words():
    # a status column's cells are one-word lists drawn as pills in the colour of their Status (green / red / grey);
    # a plain value in a status column is grey, and other columns stay plain text
    frame, colours = _table(["a", "b", "n"], [[Status("yes", True), Status("no", False), 3],
                                              [Status("cited", None), "—", None]])
    assert frame["a"].tolist() == [["yes"], ["cited"]] and frame["b"].tolist() == [["no"], ["—"]]
    assert frame["n"].tolist() == ["3", ""]
    assert colours == {"a": {"yes": GOOD, "cited": NEUTRAL}, "b": {"no": BAD, "—": NEUTRAL}}


def test_status_colours_reach_the_page():
    at = load("ui/compare.py", {"model": "llama-3-70b", "gpu": "rtx-4080", "ctx": "8K", "wdt": "int4"})
    cfg = json.loads(at.dataframe[0].proto.columns)[t("tc.fits")]  # nothing fits there: every Fits cell is "no"
    assert cfg["type_config"]["options"] == [{"value": t("cmp.no"), "color": BAD}], cfg


@pytest.mark.parametrize("page, query", [
    ("ui/claims.py", {}), ("ui/validation.py", {}), ("ui/compare.py", {"lang": "ja"}), ("ui/fleet.py", {}),
])
def test_no_result_cell_relies_on_emoji(page, query):
    at = load(page, query)
    assert not at.exception
    cells = [str(v) for d in at.dataframe for v in d.value.to_numpy().ravel()]
    assert cells
    bad = [c for c in cells if EMOJI.search(c)]
    assert not bad, bad[:5]
    if page == "ui/claims.py":  # the Result column reads pass / fail / cited in words
        result = {w for cell in at.dataframe[-1].value[t("val.ok")] for w in cell}
        assert result <= {t("val.pass"), t("val.fail"), t("claims.verdict.cited")} and t("val.pass") in result


# ---------------------------------------------------------------- share link of a pasted config
def test_share_token_round_trips_and_is_compact():
    text = (CONFIGS / "llama-3.1-8b.json").read_text()
    token = shareconfig.encode(text)
    assert token is not None and token.startswith("z1.") and len(token) < len(text)  # deflated: ~half of 1,449
    assert json.loads(shareconfig.decode(token)) == json.loads(text)
    assert re.fullmatch(r"[A-Za-z0-9_.\-]+", token)  # URL-safe: no escaping needed


def test_share_token_refuses_damage_bombs_and_bad_configs():
    token = shareconfig.encode((CONFIGS / "llama-3.1-8b.json").read_text())
    assert token is not None
    for bad, key in ((token[:-12], "share.damaged"), ("gqa", "share.not_token"),
                     ("z1." + "A" * shareconfig.MAX_TOKEN_CHARS, "share.too_long"), ("z1.%%%", "share.damaged")):
        with pytest.raises(shareconfig.ShareConfigError) as err:
            shareconfig.decode(bad)
        assert err.value.key == key
    bomb = zlib.compress(b'{"a": "' + b"x" * (MAX_CONFIG_BYTES + 10) + b'"}', 9)  # 1 MB of x deflates to ~1 KB
    with pytest.raises(shareconfig.ShareConfigError) as err:
        shareconfig.decode("z1." + base64.urlsafe_b64encode(bomb).decode().rstrip("="))
    assert err.value.key == "share.too_big"
    not_a_model = "z1." + base64.urlsafe_b64encode(zlib.compress(b'{"hello": 1}')).decode().rstrip("=")
    with pytest.raises(ValueError):  # the cost model's own refusal of a config without a model
        shareconfig.decode(not_a_model)
    big = json.dumps({"num_hidden_layers": 2, "pad": [f"{i:x}{i * 7919 % 104729:x}" for i in range(4000)]})
    assert shareconfig.encode(big) is None  # ~60 KB of varied text: too long for a link even deflated


def test_pasted_config_link_opens_the_same_model():
    text = (CONFIGS / "deepseek-v2-lite.json").read_text()
    at = load("ui/compare.py", {"src": "paste"})
    at.text_area(key="compare.paste").set_value(text).run()
    clean(at)
    query = dict(at.query_params)
    assert query["src"] == "paste" and query["cfg"].startswith("z1.")
    assert " " not in query.get("base", "")
    first = at.dataframe[0].value

    fresh = load("ui/compare.py", query)  # a new session from the link
    clean(fresh)
    assert json.loads(fresh.text_area(key="compare.paste").value) == json.loads(text)
    assert any(c.value.startswith("DeepSeek-V2-Lite: 27 layers") for c in fresh.caption)
    assert fresh.dataframe[0].value.equals(first)

    cut = load("ui/compare.py", {**query, "cfg": query["cfg"][:-30]})  # a link cut short: a notice, then the hint
    assert not cut.exception
    assert any("cfg=" in e.value and t("share.damaged") in e.value for e in cut.error)


def test_hugging_face_id_travels_in_the_link():
    at = load("ui/fit.py", {"src": "hf", "hf_id": "../etc"})  # not a Hub id: a notice, nothing fetched
    assert not at.exception
    assert any("hf_id=" in e.value for e in at.error)
    assert at.text_input(key="fit.hf_id").value == ""


# ---------------------------------------------------------------- human units, GPUs to fit, notes
def test_durations_never_use_an_exponent():
    # 3,710 s = 61.83 min (the "3.71e+03 s"); 200,000 s = 55.6 h = 2.31 d (over 48 h: days)
    assert fmt_seconds(3710) == "61.8 min"
    assert fmt_seconds(200_000) == "2.31 d"
    assert fmt_seconds(59.9) == "59.9 s" and fmt_seconds(0.0123) == "12.3 ms"
    for s in (1e3, 1e4, 1e5, 1e6, 1e7):
        assert "e+" not in fmt_seconds(s)


def test_gpus_to_fit_counts_a_replica_that_holds_the_weights():
    # DeepSeek-V3: 671e9 parameters x 2 bytes (bf16) = 1,342 GB of weights; 16 x 80 GB = 1,280 GB cannot hold them,
    # so at least 17 GPUs; a replica is TP within the 8-GPU NVLink server x pipeline stages across servers
    r = gpus_to_fit("deepseek-v3", H100, context=131_072, weight_dtype="bf16")
    assert r.gpus >= 17 and r.gpus * 80e9 > 1.342e12
    assert r.servers == -(-r.gpus // 8)
    assert f"{r.gpus} × NVIDIA H100" in r.message and "PP" in r.label
    # Llama-3.1-405B: 405.8e9 x 2 B = 811.6 GB of weights -> more than 10 GPUs of 80 GB; one 8-GPU server cannot
    r = gpus_to_fit("llama-3.1-405b", H100, context=131_072)
    assert 11 <= r.gpus <= 16 and r.servers == 2
    # Llama-3.1-8B at 128K fits one H100 (16 GB weights + 17 GB cache): one GPU
    assert gpus_to_fit("llama-3.1-8b", H100, context=131_072).gpus == 1


def test_fit_page_says_how_many_gpus_when_no_single_change_fits():
    at = load("ui/fit.py", {"model": "deepseek-v3", "wdt": "bf16"})
    assert not at.exception
    want = gpus_to_fit("deepseek-v3", H100, context=131_072, weight_dtype="bf16")
    text = "\n".join(i.value for i in at.info)
    assert t("fit.options_none") in text and f"{want.gpus} × NVIDIA H100" in text.replace("\\", "")


def test_compare_explains_added_parameters_and_marks_the_native_row():
    at = load("ui/compare.py", {})
    clean(at)
    base = estimate("llama-3.1-8b", H100, "gqa", context=131_072)
    mamba = estimate("llama-3.1-8b", H100, "linear", context=131_072)
    delta = mamba.params - base.params  # the Mamba-2 mixer is larger than the q/k/v/o projections it replaces
    assert delta > 0.005 * base.params
    notes = [i.value for i in at.info if "adds" in i.value]
    assert any(n.startswith(mamba.scheme.split(" (")[0]) or "Mamba-2" in n for n in notes), notes
    assert not any(n.startswith("MQA") for n in notes)  # MQA removes parameters: no note
    table = at.dataframe[0].value
    row = table[table[t("col.scheme")] == "GQA (8 KV heads)"].iloc[0]
    assert row[t("tc.effort")] == "none (native)"
    full = at.dataframe[1].value  # "all columns": same outputs is yes on the model's own attention
    own = full[full[t("col.scheme")] == "GQA (8 KV heads)"].iloc[0]
    assert list(own[t("tc.same")]) == [t("cmp.yes")]
    assert list(full[full[t("col.scheme")] == "MQA"].iloc[0][t("tc.same")]) == [t("cmp.no")]


def test_uploaded_config_link_opens_the_same_model():
    text = (CONFIGS / "deepseek-v2-lite.json").read_text()
    at = load("ui/fit.py", {"src": "upload"})
    at.file_uploader(key="fit.upload").set_value(("config.json", text.encode(), "application/json")).run()
    clean(at)
    query = dict(at.query_params)
    assert query["src"] == "upload" and query["cfg"].startswith("z1.")
    fresh = load("ui/fit.py", query)  # nothing uploaded in the new session: the link's config is used
    clean(fresh)
    assert any(c.value.startswith("DeepSeek-V2-Lite: 27 layers") for c in fresh.caption)
    assert [m.value for m in fresh.metric] == [m.value for m in at.metric]


# ---------------------------------------------------------------- charts
def test_bars_carry_values_and_say_does_not_fit():
    from costmodel import compare, default_schemes, get_model
    from costmodel.views_compare import compare_rows
    from ui.charts import scheme_bars

    # Llama-3.1-8B at 128K on one H100: MHA caches 2 x 32 heads x 128 x 2 B x 32 layers = 524,288 B/token, x 131,072
    # = 68.7 GB, + 16.1 GB of weights + ~2 GB activations and reserve = ~87 GB > the 85.5 GB (79.65 GiB) an H100
    # holds, so MHA has no speed; GQA (a quarter of the cache) fits and its bar reads its speed
    ests, _ = compare("llama-3.1-8b", H100, default_schemes(), context=131_072)
    rows = compare_rows(ests, get_model("llama-3.1-8b"), 1)
    fig = scheme_bars(rows, "decode_tokens_per_s", "tokens/s")
    bars = fig.marks[0]
    text = dict(zip(bars.cats, bars.labels))  # the labels written on the bars
    assert text["MHA"] == t("chart.no_fit")
    gqa = next(e for e in ests if e.scheme == "GQA (8 KV heads)")
    assert text["GQA (8 KV heads)"] == f"{gqa.decode_tokens_per_s:,.3g}"


def test_roofline_points_are_labelled_and_the_axis_says_flops():
    from costmodel import compare, default_schemes, get_model
    from costmodel.views_compare import short_label
    from costmodel.views_hardware import operating_points, roofline_curve
    from costmodel.hardware import get_profile
    from ui.charts import roofline
    from ui.svgplot import Texts

    spec, prof = get_model("llama-3.1-8b"), get_profile(H100)
    ests, _ = compare(spec, prof, default_schemes(), context=131_072)
    curve = roofline_curve(prof, "bf16")
    shorts = {e.scheme: short_label(e.scheme_token, spec) for e in ests}
    fig = roofline([("roof", curve, "solid")], operating_points(ests), curve.ridge_flops_per_byte, "en",
                   short_of=shorts)
    assert fig.y.fmt(1e11) == "100 GFLOP/s" and fig.y.fmt(1e15) == "1 PFLOP/s"  # never "100B" (reads as bytes)
    texts = [x for m in fig.marks if isinstance(m, Texts) for x in m.texts]
    labelled = ", ".join(x.replace("\n", ", ") for x in texts if x)
    for e in ests:  # every scheme is named beside its point (coinciding points share one label)
        assert shorts[e.scheme] in labelled, shorts[e.scheme]
