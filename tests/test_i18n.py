"""Messages the cost model generates (costmodel.i18n.Message): English value unchanged, Japanese via tr().

Every message site is triggered for real and rendered in Japanese: it must contain Japanese text and no
unreplaced ``{...}``; its str() stays the English text the rest of the code (and the other tests) compare.
"""
from __future__ import annotations

import copy
import io
import json
import re
import string
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from costmodel import (ConfigError, FormatError, HardwareError, InputError, SchemeError, compare, default_schemes,
                       estimate, fleet, get_model, kv_format, parse_config_text, parse_scheme, roi, spec_from_config,
                       tco, weight_format)
from costmodel.advice import fit_options
from costmodel.assumptions import KNOBS, Assumptions, from_display
from costmodel.claims import evaluate_claims
from costmodel.fitcheck import EXAMPLE_CLAIMS, check_claim
from costmodel.dtypes import KV_FORMATS, WEIGHT_FORMATS, custom_bits
from costmodel.export import fleet_workbook
from costmodel.prices import gpu_cost, sourced_figures
from costmodel.hardware import get_profile, parse_profile
from costmodel.i18n import MESSAGES, Message, msg, pydantic_detail, tr, tr_exc, unit
from costmodel.schemes import SCHEMES, TPA, GQA, LinearAttention, LogLinearAttention, MLA, SlimAttention, TransMLA
from costmodel.sweep import sweep
from costmodel.units import parse_tokens
from ui.labels import t

ROOT = Path(__file__).resolve().parent.parent
JA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
H100 = "h100-sxm-80gb"
# templates only ever used inside other messages (their Japanese comes from the enclosing template)
FRAGMENTS = {"pyd.value_error", "fl.GPU_one", "fl.GPU_many", "fl.at_tp",
             # scheme display names: separators and abbreviations that read the same in Japanese
             "sch.with", "sch.semicolon", "sch.comma", "sch.param", "sch.label.mha", "sch.label.gqa", "sch.label.mqa",
             "sch.label.mla", "sch.label.transmla", "sch.label.tpa", "sch.label.gated_deltanet",
             # memory technologies: the same names in Japanese
             "tiername.hbm", "tiername.gddr", "tiername.lpddr", "tiername.ddr"}
# keys built at run time (f-strings) rather than written out in the source; headline.*: a scheme class's ``headline``
DYNAMIC = ("asm.why.", "tco.src.", "claim.", "ex.", "pyd.", "unit.", "headline.", "claims.verdict.", "sch.", "region.",
           "hwf.", "conf.", "prec.", "bill.", "tiername.", "argp.")  # argp.: argparse's messages (cli_args.USAGE)


def japanese(x) -> str:
    """tr(x, 'ja'), checked: a Message, Japanese text, every placeholder filled."""
    assert isinstance(x, Message), (type(x), x)
    ja = tr(x, "ja")
    assert x.key in FRAGMENTS or JA.search(ja), (x.key, ja)
    assert not re.search(r"\{[A-Za-z_][^{}]*\}", ja), (x.key, ja)
    assert tr(x, "en") == str(x)
    return ja


def raised(exc_type, fn, *args, **kw) -> Message:
    with pytest.raises(exc_type) as info:
        fn(*args, **kw)
    m = info.value.args[0]
    japanese(m)
    assert tr_exc(info.value, "en") == str(info.value) and tr_exc(info.value, "ja") == tr(m, "ja")
    return m


# ---------------------------------------------------------------- the table and the mechanism
def _fields(template: str) -> list[tuple]:
    return sorted((name, spec, conv) for _, name, spec, conv in string.Formatter().parse(template) if name is not None)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_en_and_ja_with_the_same_placeholders(key):
    en, ja = MESSAGES[key]["en"], MESSAGES[key]["ja"]
    assert en.strip() and ja.strip()
    assert _fields(en) == _fields(ja)
    assert key in FRAGMENTS or JA.search(ja), ja
    assert not JA.search(en), en


def test_every_key_in_the_source_exists_and_every_template_is_used():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "costmodel").rglob("*.py")
                       if "messages" not in p.parts)
    used = set(re.findall(r'msg\(\s*"([^"]+)"', source))
    used |= {k for pair in re.findall(r'msg\(\s*"([^"]+)"\s+if [^"]+ else\s+"([^"]+)"', source) for k in pair}
    used |= set(re.findall(r'"((?:fl|num|verdict|claim)\.[A-Za-z0-9_.\-]+)"', source)) & set(MESSAGES)
    used |= set(re.findall(r'\bt\(\s*["\']([^"\']+)["\']', source)) & set(MESSAGES)  # CLI labels
    assert used - set(MESSAGES) == set()
    unused = {k for k in MESSAGES if k not in used and not k.startswith(DYNAMIC)}
    assert unused == set(), unused


def test_message_is_its_english_text():
    m = msg("cfg.not_int", key="num_hidden_layers", value=1.5)
    assert isinstance(m, str) and m == "num_hidden_layers must be an integer, got 1.5"
    assert m.key == "cfg.not_int" and m.params == {"key": "num_hidden_layers", "value": 1.5}
    assert tr(m, "ja") == "num_hidden_layers には整数を指定してください（指定値: 1.5）"
    assert type(tr(m, "en")) is str and tr(m, "en") == m
    assert json.dumps({"w": m}) == json.dumps({"w": str(m)})
    for clone in (copy.deepcopy(m), copy.copy(m), copy.deepcopy({"w": [m]})["w"][0]):
        assert clone == m and tr(clone, "ja") == tr(m, "ja")
    assert "got 1.5" in f"{m}" and m.startswith("num_hidden")


def test_tr_passes_plain_text_through_and_renders_nested_messages():
    assert tr("plain", "ja") == "plain" and tr(None, "ja") is None
    inner = msg("train.tpa")
    outer = msg("warn.trained", scheme="TPA", training=inner)
    assert str(outer) == f"TPA requires a model trained with it: {inner}"
    assert tr(outer, "ja") == f"TPA を使うには、この方式で学習したモデルが必要です: {tr(inner, 'ja')}"
    assert tr(outer, "fr") == str(outer)  # an unknown language reads as English
    assert msg("in.range", name="batch", lo=1, hi=10**6, value=2 * 10**6) == \
        "batch must be between 1 and 1,000,000, got 2,000,000"
    assert "1,000,000" in tr(msg("in.range", name="batch", lo=1, hi=10**6, value=2 * 10**6), "ja")


def test_units_with_words_are_translated_and_symbols_kept():
    assert unit("GiB") == "GiB" and type(unit("GiB")) is str and tr(unit("%"), "ja") == "%"
    units = {u for _, _, u in (*tco.INPUT_META.values(), *tco.GPU_META.values())}
    for u in {*units, *(r.unit for r in evaluate_claims()), "fraction", "tokens"}:
        assert tr(unit(u), "en") == u
        if isinstance(unit(u), Message):
            japanese(unit(u))
    assert tr(unit("USD/kW-month"), "ja") == "USD/kW・月"


def test_exceptions_carry_their_message():
    m = raised(ConfigError, parse_config_text, '{"num_hidden_layers": 1.5}')
    assert m.key == "cfg.not_int"
    with pytest.raises(ConfigError) as info:
        parse_config_text("[]")
    assert str(info.value) == "config.json must be a JSON object"
    assert tr_exc(ValueError("plain"), "ja") == "plain"


# ---------------------------------------------------------------- schemes
INAPPLICABLE = [
    (GQA(groups=3), "llama-2-7b", "why.gqa_divide"),
    (MLA(), "whisper-large-v3", "why.mla_encdec"),
    (TransMLA(), "deepseek-v3", "why.tmla_is_mla"),
    (TransMLA(), "whisper-large-v3", "why.tmla_encdec"),
    (TransMLA(qk_mqa_dim=256), "llama-2-7b", "why.tmla_mqa_dim"),
    (TransMLA(kv_lora_rank=4096), "llama-3.1-8b", "why.tmla_not_smaller"),
    (TPA(), "whisper-large-v3", "why.tpa_encdec"),
    (SlimAttention(), "deepseek-v3", "why.slim_mla"),
    (SlimAttention(), "llama-3-70b", "why.slim_gqa"),
    (SlimAttention(option="2"), "gemma-7b", "why.slim_rope"),
    (LinearAttention(), "whisper-large-v3", "why.recurrent_encdec"),
    (LogLinearAttention(), "whisper-large-v3", "why.recurrent_encdec"),
]


@pytest.mark.parametrize("scheme,model,key", INAPPLICABLE, ids=[f"{k}-{m}" for _, m, k in INAPPLICABLE])
def test_inapplicability_reasons_are_translated(scheme, model, key):
    reason = scheme.reason_not_applicable(get_model(model))
    assert reason.key == key
    japanese(reason)
    err = raised(SchemeError, scheme.check, get_model(model))
    assert err == f"{scheme.describe(get_model(model))} does not apply to {get_model(model).name}: {reason}"


def test_slim_on_gqa_reason_english_and_japanese():
    reason = SlimAttention().reason_not_applicable(get_model("llama-3-70b"))
    assert reason == ("slim attention needs MHA; with 8 KV heads the K+V cache (2048/token/layer) is 0.25x d_model "
                      "(8192), so K alone cannot replace it")
    assert tr(reason, "ja").startswith("スリムアテンションには MHA が必要です")
    tiny = spec_from_config({"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 1024,
                             "num_attention_heads": 8, "head_dim": 64, "vocab_size": 100})
    assert SlimAttention().reason_not_applicable(tiny).key == "why.slim_wk"


def test_compare_skipped_reasons_and_training_are_messages():
    _, skipped = compare("llama-3-70b", H100, default_schemes(), context=8192)
    assert skipped
    for reason in skipped.values():
        japanese(reason)
    for cls in SCHEMES.values():
        japanese(cls.training)


@pytest.mark.parametrize("token", ["x", "gqa:groups=0", "mha:groups=2", "gqa:foo=1", "mha:foo=1", "gqa:groups=x",
                                   "mla:kv_lora_rank=-1", "transmla:kv_lora_rank=0", "tpa:r_q=0", "slim:order=x",
                                   "linear:head_dim=0", "mla:bogus"])
def test_scheme_parse_errors_are_translated(token):
    raised(SchemeError, parse_scheme, token)


# ---------------------------------------------------------------- estimate
WARNING_CASES = [
    dict(model="llama-3.1-8b", gpu=H100, scheme="tpa", context=10**6, tp=16, kv_dtype="fp32", weight_dtype="fp8"),
    dict(model="deepseek-v3", gpu="a100-sxm-80gb", scheme="mla", context=8192, tp=16),
    dict(model="llama-3-70b", gpu=H100, scheme="loglinear", context=10**6),
    dict(model="llama-3-70b", gpu="a100-sxm-80gb", scheme="mha", context=8192, tp=16, weight_dtype="fp8"),
    dict(model="llama-3.1-8b", gpu="rtx-4090", scheme="transmla", context=8192, tp=2),  # two consumer cards as one
    # issue 15: SRAM bandwidth unpublished; SRAM-only multi-chip with a GPU engine; no 16-bit rate; tiers + engine
    dict(model="llama-3.1-8b", gpu="tpu-v6e", context=4096),
    dict(model="llama-3.1-8b", gpu="groq-lpu", context=4096, engine="vllm"),
    dict(model="llama-3.1-8b", gpu="dmatrix-corsair", context=4096),
    dict(model="llama-3.1-8b", gpu=H100, context=4096, engine="vllm", placement_rule="greedy"),
    dict(model=str(ROOT / "tests/data/configs/gemma-3-4b-it.json"), gpu=H100, context=4096),  # heads from the class
]


def test_every_estimate_warning_is_translated():
    keys = set()
    for case in WARNING_CASES:
        for w in estimate(**case).warnings:
            japanese(w)
            keys.add(w.key)
    assert keys == {k for k in MESSAGES if k.startswith("warn.")}
    w = estimate("llama-3-70b", H100, context=10**6).warnings[0]
    assert w == "context 1,000,000 exceeds the model's max_position_embeddings 8,192"
    assert tr(w, "ja") == "コンテキスト長 1,000,000 がモデルの max_position_embeddings 8,192 を超えています"


@pytest.mark.parametrize("kw", [dict(context=0), dict(context=1.5), dict(context=10, batch=0),
                                dict(context=10, state_dtype="int4"), dict(context=10, tp=10**5)])
def test_input_errors_are_translated(kw):
    raised(InputError, estimate, "llama-3-70b", H100, **kw)


BAD_CONFIGS = {
    "cfg.bad_json": "{", "cfg.not_object": "[]", "cfg.too_deep": '{"a":' * 40 + "1" + "}" * 40,
    "cfg.too_big": "x" * 1_000_001, "cfg.not_int": '{"num_hidden_layers": 1.5}',
    "cfg.not_positive": '{"num_hidden_layers": 0}', "cfg.missing": '{"num_hidden_layers": 2}',
    "cfg.head_dim": '{"num_hidden_layers": 2, "hidden_size": 100, "num_attention_heads": 3, "vocab_size": 10}',
    "cfg.invalid": ('{"num_hidden_layers": 2, "hidden_size": 96, "num_attention_heads": 3, "num_key_value_heads": 2,'
                    ' "vocab_size": 10}'),
    # ranges are checked at the boundary (costmodel/bounds.py), naming the config field (issue #10)
    "cfg.too_large": '{"num_hidden_layers": 200000, "hidden_size": 96, "num_attention_heads": 3, "vocab_size": 10}',
    "cfg.below": '{"num_hidden_layers": 2, "hidden_size": 96, "num_attention_heads": 3, "vocab_size": 10,'
                 ' "first_k_dense_replace": -1}',
    "cfg.long_number": '{"num_hidden_layers": 1' + "0" * 1200 + "}",
    "cfg.unknown_type": '{"model_type": "no-such-architecture", "num_hidden_layers": 2}',
    "cfg.hybrid": '{"model_type": "jamba", "num_hidden_layers": 2}',
    "cfg.recurrent": '{"model_type": "mamba2", "num_hidden_layers": 2}',  # no attention: not "mixes attention"
    "cfg.library": '{"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 65, "num_attention_heads": 4}',
    "cfg.not_str": '{"model_type": 7, "num_hidden_layers": 2}',
    "cfg.layer_types": ('{"num_hidden_layers": 2, "hidden_size": 96, "num_attention_heads": 3, "vocab_size": 10,'
                        ' "layer_types": ["a"]}'),
    "cfg.not_divisible": '{"n_embd": 100, "n_head": 3, "n_layer": 2, "vocab_size": 10}',
}


@pytest.mark.parametrize("key", sorted(BAD_CONFIGS))
def test_config_errors_are_translated(key):
    m = raised(ConfigError, parse_config_text, BAD_CONFIGS[key])
    assert m.key == key


def test_config_errors_keep_their_english_and_translate_the_detail():
    m = raised(ConfigError, parse_config_text, BAD_CONFIGS["cfg.invalid"])
    assert m == "num_attention_heads (3) must be a multiple of num_key_value_heads (2)"  # no pydantic "Value error, "
    assert tr(m, "ja") == ("設定が不正です: num_attention_heads（3）は num_key_value_heads（2）の"
                           "倍数である必要があります")
    m = raised(ConfigError, parse_config_text, BAD_CONFIGS["cfg.too_large"])
    assert m == "num_hidden_layers must be at most 100,000, got 200,000"
    assert tr(m, "ja") == "num_hidden_layers は 100,000 以下にしてください（指定値: 200,000）"
    m = msg("cfg.invalid_at", where="n_layers", detail=pydantic_detail(
        {"type": "less_than_equal", "msg": "Input should be less than or equal to 100000", "ctx": {"le": 100000}}))
    assert tr(m, "ja") == "n_layers の値が不正です: 100000 以下である必要があります"
    assert pydantic_detail({"type": "missing", "msg": "Field required"}) == "Field required"
    raised(ConfigError, get_model, "no-such-model")
    raised(ConfigError, get_model, "missing.json")


def test_format_hardware_and_token_errors_are_translated():
    raised(FormatError, kv_format, "x")
    raised(FormatError, weight_format, "x")
    raised(FormatError, custom_bits, 99)
    raised(HardwareError, get_profile, "zz")
    raised(HardwareError, parse_profile, "x=", "p.toml")
    raised(HardwareError, parse_profile, 'id = "a"', "p.toml")
    raised(ValueError, parse_tokens, "x")
    raised(ValueError, parse_tokens, "1.5")
    raised(InputError, sweep, ["llama-2-7b"], ["mha"], [H100], [], [1])
    for fmt in (*KV_FORMATS.values(), *WEIGHT_FORMATS.values()):
        if fmt.note:
            japanese(fmt.note)


# ---------------------------------------------------------------- fleet, ROI, advice, assumptions
DEMANDS = [fleet.users(100, 8192), fleet.tokens_per_s(1e4, 8192), fleet.requests_per_day(1e6, 2048, 512)]


@pytest.mark.parametrize("demand", DEMANDS, ids=lambda d: d.kind)
@pytest.mark.parametrize("basis", ["onprem", "cloud"])
def test_fleet_reasoning_is_translated(demand, basis):
    r = fleet.optimize("llama-3-70b", H100, demand, ["gqa"], slo=fleet.SLO.make(tokens_per_s_per_user=20),
                       cost_basis=basis)
    s = r.schemes[0]
    assert s.best is not None
    japanese(demand.describe())
    for line in s.why:
        japanese(line)
    assert sum(line.startswith("cheapest:") for line in s.why) == 1


def test_infeasible_fleet_is_translated():
    s = fleet.optimize("llama-3.1-405b", "rtx-4090", fleet.users(1, 8192)).schemes[0]
    assert s.best is None and any("per GPU >" in w for w in s.why)
    assert any("必要です" in japanese(w) for w in s.why)
    slo = fleet.SLO.make(tokens_per_s_per_user=1e5)
    s = fleet.optimize("llama-3-70b", H100, fleet.users(1, 8192), slo=slo).schemes[0]
    assert s.best is None and any("latency limits" in w for w in s.why)
    assert any("満たしません" in japanese(w) for w in s.why)
    s = fleet.optimize("llama-3.1-8b", "l40s", fleet.users(1, 8192)).schemes[0]  # no server price
    assert any("値を入力してください" in japanese(w) for w in s.why)


@pytest.mark.parametrize("call", [lambda: fleet.users(-1, 10), lambda: fleet.users(1, 1.5),
                                  lambda: fleet.users("x", 10),
                                  lambda: fleet.optimize("llama-3-70b", H100, "x"),
                                  lambda: fleet.optimize("llama-3-70b", H100, fleet.users(1, 10), headroom=0.5),
                                  lambda: fleet.optimize("llama-3-70b", H100, fleet.users(1, 10), cost_basis="x"),
                                  lambda: fleet.optimize("llama-3-70b", H100, fleet.users(1, 10), engine="trt"),
                                  lambda: fleet.SLO.make(tokens_per_s_per_user=-1)])
def test_fleet_input_errors_are_translated(call):
    raised(InputError, call)


def test_roi_notes_sources_and_errors_are_translated():
    r = fleet.optimize("llama-3.1-8b", H100, fleet.users(50, 8192), ["gqa", "mla", "mha"], pp=1)
    plans = [s.best for s in r.schemes]
    costs = {g.gpu: g for g in r.gpu_costs}
    rois = roi.compare(plans, costs, tco.CostInputs(), 1)
    notes = [n for c in rois for n in c.notes]
    assert notes and all("no payback" in n for n in notes)
    assert all("投資は回収できません" in japanese(n) for n in notes)
    for name in tco.CostInputs().as_dict():
        japanese(msg(f"tco.src.{name}"))
    for s in sourced_figures(get_profile(H100)) + sourced_figures(get_profile("l40s")):
        japanese(s.source)
    for bad in (dict(pue=0.5), dict(wacc=-1), dict(pue="x"), dict(pue=float("nan"))):
        raised(ValueError, tco.CostInputs, **bad)
    raised(ValueError, roi.compare, [], costs, tco.CostInputs())
    raised(ValueError, roi.compare, plans, costs, tco.CostInputs(), 3)
    raised(ValueError, roi.sensitivity, plans[0], costs[H100], tco.CostInputs(), metric="x")
    raised(tco.NoPrice, tco.month_cost, plans[0].facts, gpu_cost(get_profile("l40s")), tco.CostInputs(), "onprem")


def test_fleet_workbook_in_japanese_has_the_translated_reasoning_and_sources():
    d = fleet.users(50, 8192)
    r = fleet.optimize("llama-3.1-8b", H100, d, ["gqa", "mla"], pp=1)
    data = fleet_workbook(r, lang="ja")
    cells = {str(c.value) for ws in load_workbook(io.BytesIO(data)).worksheets for row in ws.iter_rows() for c in row
             if c.value is not None}
    assert tr(r.schemes[0].why[-1], "ja") in cells and any(tr(d.describe(), "ja") in c for c in cells)
    pue = msg("tco.src.pue")
    assert tr(pue, "ja") in cells and str(pue) not in cells
    assert tr(unit("years"), "ja") == "年" and "年" in cells  # the Inputs sheet's unit column


def test_advice_assumptions_and_dtype_notes_are_translated():
    opts = (fit_options("llama-3.1-8b", H100, context=131072, batch=8)
            + fit_options("llama-3-70b", H100, context=8192, batch=1)
            # llama.cpp on a 24 GB card: fewer layers on the GPU (-ngl) is an option
            + fit_options("llama-3-70b", "rtx-4090", context=8192, batch=1, weight_dtype="q4_k_m", engine="llamacpp"))
    for o in opts:
        if isinstance(o.change, Message):  # else a scheme or GPU name
            japanese(o.change)
        if o.note:
            japanese(o.note)
    # (notes and the 'would need' summary are checked in tests/test_issue16.py)
    notes = {"adv.beyond_link", "adv.tp_pcie", "adv.tp_refused", "adv.would_need", "adv.would_need_none", "adv.or",
             "adv.gpus_to_fit", "adv.gpus_to_fit_none"}  # gpus_to_fit: a sentence, not a change
    changes = {o.change.key for o in opts if isinstance(o.change, Message) and not o.change.key.startswith("sch.")}
    assert changes == {k for k in MESSAGES if k.startswith("adv.") and k not in notes}  # sch.*: a scheme's name
    assert "adv.beyond_link" in {o.note.key for o in opts if o.note}
    japanese(msg("cfg.wrong_type", detail="unhashable type: 'list'"))  # a TypeError inside the config reader
    for why in (k.why for k in KNOBS):
        japanese(why)
    for bad in (dict(bw_efficiency=2), dict(reserve_fraction=2), dict(sram_fraction=2), dict(allreduce_latency_s=1),
                dict(prefill_chunk_tokens=0)):
        raised(ValueError, Assumptions, **bad)
    raised(ValueError, from_display, {"bw_efficiency": 5})


# ---------------------------------------------------------------- claims
def test_claim_statements_and_explanations_are_translated():
    rows = evaluate_claims()
    for r in rows:
        japanese(r.statement)
        japanese(r.explanation)
    assert rows[0].statement == "DeepSeek-V3 caches 70,272 bytes per token (BF16, all 61 layers)"
    for ex in EXAMPLE_CLAIMS:
        japanese(ex.statement)


def test_check_claim_verdicts_are_translated():
    seen = set()
    for ex in EXAMPLE_CLAIMS:
        r = ex.check()
        assert r.verdict.startswith("Yes" if r.fits else "No")
        assert japanese(r.verdict).startswith("はい" if r.fits else "いいえ")
        seen.add(r.verdict.key)
        for w in r.estimate.warnings:
            japanese(w)
    r = check_claim("llama-3.1-8b", H100, "slim:1", 8192)
    assert r.applicable is False and japanese(r.reason).startswith("スリムアテンション（オプション 1")
    seen.add(r.verdict.key)
    assert japanese(r.verdict).startswith("いいえ")
    r = check_claim("llama-3.1-8b", H100, None, 10**12)
    assert r.fits is None and "context must be between" in r.error
    assert japanese(r.verdict).startswith("判定できません")
    seen.add(r.verdict.key)
    assert seen == {k for k in MESSAGES if k.startswith("verdict.")}


# ---------------------------------------------------------------- the app in Japanese
def load(page: str, query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    return at.switch_page(page).run()


def test_fit_in_japanese_shows_translated_errors_and_warnings():
    at = load("ui/fit.py", {"lang": "ja", "src": "paste"})
    assert not at.exception
    at.text_area(key="fit.paste").set_value('{"num_hidden_layers": 1.5}').run()
    assert not at.exception
    assert [e.value for e in at.error] == ["num_hidden_layers には整数を指定してください（指定値: 1.5）"]

    at = load("ui/fit.py", {"lang": "ja", "scheme": "tpa:factor", "ctx": "1M"})
    assert not at.exception and not at.error
    e = estimate("llama-3.1-8b", H100, "tpa", context=2**20)
    shown = [w.value for w in at.warning]
    for w in e.warnings:
        assert tr(w, "ja") in shown
    assert any("TPA を使うには" in s for s in shown)
    at.session_state["fit.as_open"] = True  # the assumptions' evidence is drawn once their editor is opened
    at.run()
    captions = re.sub(r"\\(.)", r"\1", "\n".join(c.value for c in at.caption))  # Markdown escapes removed
    why_bw = next(k.why for k in KNOBS if k.name == "bw_efficiency")
    assert tr(why_bw, "ja") in captions and tr(TPA.training, "ja") in captions


def test_compare_in_japanese_lists_the_translated_reasons():
    at = load("ui/compare.py", {"lang": "ja", "model": "llama-3-70b"})
    assert not at.exception and not at.error
    _, skipped = compare("llama-3-70b", H100, default_schemes(), context=131_072)
    text = "\n".join(m.value for m in at.markdown)
    for name, reason in skipped.items():
        assert f"{tr(name, 'ja')}: {tr(reason, 'ja')}" in text  # the scheme's name in Japanese too
    assert "スリムアテンションには MHA が必要です" in text
    full = [d.value for d in at.dataframe if t("cmp.training", "ja") in d.value.columns]  # the "all columns" table
    assert tr(GQA.training, "ja") in list(full[0][t("cmp.training", "ja")])


def test_claims_and_fleet_in_japanese():
    at = load("ui/claims.py", {"lang": "ja", "scheme": "slim:1"})
    assert not at.exception and not at.error
    assert "スリムアテンションには MHA が必要です" in at.warning[0].value
    assert tr(EXAMPLE_CLAIMS[0].statement, "ja") in [b.label for b in at.button]
    table = at.dataframe[-1].value
    assert tr(evaluate_claims()[0].statement, "ja") in list(table[t("claims.statement", "ja")])

    at = load("ui/fleet.py", {"lang": "ja", "users": "50", "ctx": "8K", "schemes": "gqa,mla:absorbed"})
    assert not at.exception and not at.error
    d = fleet.users(50, 8192)
    plain = lambda x: re.sub(r"\\(.)", r"\1", x)  # noqa: E731  (Markdown escapes removed)
    assert any(tr(d.describe(), "ja") in plain(c.value) for c in at.caption)
    r = fleet.optimize("llama-3.1-8b", H100, d, ["gqa", "mla:absorbed"])
    why = plain("\n".join(m.value for m in at.markdown))
    assert tr(r.schemes[0].why[-1], "ja") in why

    at = load("ui/fleet.py", {"lang": "ja", "c_pue": "0.5"})
    assert not at.exception
    assert any("pue は 1 以上 5 以下にしてください" in e.value for e in at.error)
