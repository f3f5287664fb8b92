"""Issue #16: TransMLA both ways, Gated DeltaNet, attention FLOPs in estimates and Compare, speeds only when a
configuration fits, fit advice that respects the link domain, headline notes, and ``python -m costmodel claims``.
Every number is derived by hand in the test."""
import json

import pytest

from costmodel import compare, estimate
from costmodel.advice import fit_options, tp_refusal, would_need_text
from costmodel.cli import main
from costmodel.hardware import get_profile
from costmodel.i18n import Message, tr
from costmodel.presets import get_model
from costmodel.schemes import GatedDeltaNet, SchemeError, TransMLA, default_schemes, parse_scheme
from costmodel.views_compare import baseline_index, compare_rows, headline_notes


# ---------------------------------------------------------------- TransMLA both ways
def test_transmla_equal_cache_keeps_the_cache_and_adds_the_up_projections():
    q7 = get_model("qwen2.5-7b")  # 28 layers, d 3584, 28 heads, 4 KV heads of 128
    eq = TransMLA(option="equal")
    assert eq.cache_rows(q7) == (4 * 128, 4 * 128)  # the GQA K and V rows, unchanged
    # W_UK and W_UV: 4 x 128 -> 28 x 128 each, 28 layers
    assert eq.param_delta(q7) == 28 * 2 * 512 * 3584 == 102_760_448
    # absorbed decode: scores over the 512-wide K latent + values in the 512-wide V latent, per query head
    assert eq.ctx_flops_coef(q7) == 2 * 28 * (512 + 512)  # = 4x GQA's 2 x 28 x (128 + 128)
    assert eq.token() == "transmla:equal" and parse_scheme("transmla:equal") == eq
    assert eq.describe(q7) == "TransMLA (equal cache)"


def test_transmla_equal_cache_is_not_offered_on_mha():
    # LLaMA-2-7B is MHA: every query head has its own K and V, an equal-cache conversion changes nothing
    reason = TransMLA(option="equal").reason_not_applicable(get_model("llama-2-7b"))
    assert reason is not None and "MHA" in reason and "ヘッド" in tr(reason, "ja")
    with pytest.raises(SchemeError, match="takes no"):
        parse_scheme("transmla:equal,kv_lora_rank=256")


def test_transmla_quality_caveat_wherever_it_is_offered():
    compressed, equal = TransMLA(), TransMLA(option="equal")
    assert "loses accuracy until" in compressed.requirement and "41.6" in compressed.requirement
    assert "no memory saved" in equal.requirement
    # fit advice offers the compressed conversion with its caveat as the note
    opts = fit_options("llama-2-7b", "a100-sxm-80gb", None, context=4096, batch=64)
    tmla = [o for o in opts if o.kind == "scheme" and o.value.startswith("transmla")]
    assert tmla and all("loses accuracy" in o.note for o in tmla)
    # the estimate warns when the model's attention is converted
    e = estimate("qwen2.5-7b", "h100-sxm-80gb", "transmla", context=4096)
    assert any(w.key == "warn.converted" and "loses accuracy" in w for w in e.warnings)


# ---------------------------------------------------------------- Gated DeltaNet
def test_gated_deltanet_state_flops_and_params():
    # fla defaults at hidden 2048: head_dim 256, num_heads x head_dim = 0.75 x 2048 -> 6 heads, d_v = 2 x 256
    spec = get_model("llama-3.1-8b")  # d_model 4096 -> 3 x 4096 / (4 x 256) = 12 heads
    g = GatedDeltaNet()
    assert g.n_heads(spec) == 12 and g.d_v == 512
    conv = 12 * (2 * 256 + 512) * 4  # q, k (key_dim) and v (value_dim) short-conv states, 4 steps
    assert g.conv_elems(spec) == conv == 49_152
    assert g.state_elems(spec, 123) == 12 * 256 * 512 + conv == 1_622_016  # independent of the context
    # one step per head: decay 1 + k^T S 2 + rank-1 update 2 + readout 2 = 7 d_k d_v
    assert g.decode_flops(spec, 10**6) == 7 * 12 * 256 * 512
    assert g.cache_rows(spec) == () and g.ctx_flops_coef(spec) == 0
    # fla's docstring: "each layer contains around 6 * hidden_size * hidden_size parameters"
    assert g.attn_params(spec) == pytest.approx(6 * 4096**2, rel=0.005)
    # under TP the heads split: 12 heads over 4 GPUs -> 3 per GPU
    assert g.state_elems(spec, 1, tp=4) == 3 * 256 * 512 + 3 * (2 * 256 + 512) * 4
    assert parse_scheme("gated_deltanet:head_dim=192").n_heads(get_model("llama-3.1-8b")) == 16


def test_gated_deltanet_estimate_reads_and_writes_its_state():
    e = estimate("llama-3.1-8b", "h100-sxm-80gb", "gated_deltanet", context=16_384, batch=2)
    state_bytes = 32 * 4 * 1_622_016  # 32 layers, fp32
    assert e.memory.kv_bytes == 2 * state_bytes and e.fixed_bytes_per_sequence == state_bytes
    assert e.attn_flops_per_token == 32 * 7 * 12 * 256 * 512
    assert "Gated DeltaNet" in [s.label for s in default_schemes()]


# ---------------------------------------------------------------- attention FLOPs
def test_attention_flops_per_token_and_step():
    # Llama-3-70B, 8K: GQA 2 x 64 heads x (128 + 128) per cached token per layer; absorbed MLA 2 x 64 x (2 x 512 + 64)
    gqa = estimate("llama-3-70b", "h100-sxm-80gb", None, context=8192, batch=4, weight_dtype="int4")
    mla = estimate("llama-3-70b", "h100-sxm-80gb", "mla", context=8192, batch=4, weight_dtype="int4")
    assert gqa.attn_flops_per_token == 80 * 2 * 64 * 256 * 8192 == 21_474_836_480
    assert mla.attn_flops_per_token == 80 * 2 * 64 * 1088 * 8192
    assert mla.attn_flops_per_token / gqa.attn_flops_per_token == 4.25
    assert gqa.attn_flops_per_step == 4 * gqa.attn_flops_per_token
    d = gqa.to_dict()
    assert d["attn_flops_per_token"] == 21_474_836_480 and d["attn_flops_per_step"] == 4 * 21_474_836_480
    assert d["speed_valid"] is True


def test_compare_rows_state_attention_ratios_against_the_chosen_baseline():
    spec = get_model("llama-3.1-8b")
    ests, _ = compare(spec, "rtx-4090", default_schemes(), context=16_384)
    bi = baseline_index(ests, "GQA (8 KV heads)")
    rows = {r.token: r for r in compare_rows(ests, spec, bi)}
    assert rows["mla:absorbed"].attn_flops_ratio == 4.25  # (2 x 512 + 64) / (128 + 128)
    # TPA(6,2,2): (R_Q R_K d_h + H R_Q R_K + H R_V d_v) = 6 x 2 x 128 + 32 x 12 + 32 x 2 x 128 = 10,112 MACs vs
    # GQA's 32 x 256 = 8,192
    assert rows["tpa:factor"].attn_flops_ratio == 10_112 / 8192
    assert rows["mha"].attn_flops_ratio == 1.0  # sharing K/V does not change the attention math


def test_headline_notes_when_the_baseline_differs():
    spec = get_model("llama-3.1-8b")
    ests, _ = compare(spec, "rtx-4090", default_schemes(), context=16_384)
    gqa = baseline_index(ests, "GQA (8 KV heads)")
    notes = headline_notes(compare_rows(ests, spec, gqa), gqa)
    tpa = next(n for n in notes if n.params["scheme"] == "TPA")
    # TPA(6,2,2) caches (2 + 2)(32 + 128) = 640 elements per token per layer against GQA-8's 2,048
    assert tpa.params["ratio"] == pytest.approx(640 / 2048) and "against MHA" in tpa
    assert "MHA" in tr(tpa, "ja") and "倍" in tr(tpa, "ja")
    loglin = next(n for n in notes if n.params["scheme"] == "Log-linear attention")
    assert loglin.params["ratio"] == pytest.approx(2_017_591_296 / 2_147_483_648)  # 2.02 vs 2.15 GB at 16K
    mha = baseline_index(ests, "MHA")
    assert not [n for n in headline_notes(compare_rows(ests, spec, mha), mha) if n.params["scheme"] == "TPA"]


# ---------------------------------------------------------------- speeds only when it fits
def test_no_speed_for_a_configuration_that_does_not_fit():
    spec = get_model("llama-3-70b")
    ests, _ = compare(spec, "rtx-4080", default_schemes(), context=8192, weight_dtype="int4")
    rows = compare_rows(ests, spec, 0)
    assert rows and all(not r.speed_valid for r in rows)  # 36+ GB of int4 weights vs 17.17 GB
    assert all(r.metric("decode_tokens_per_s") is None and r.metric("speedup") is None for r in rows)
    assert all(r.estimate.to_dict()["speed_valid"] is False for r in rows)


def test_cli_estimate_text_shows_no_speed_but_what_would_make_it_fit(capsys):
    assert main(["estimate", "--model", "llama-3-70b", "--gpu", "rtx-4080", "--scheme", "mla", "--context", "8K",
                 "--weight-dtype", "int4"]) == 0
    text = capsys.readouterr().out
    assert "tok/s" not in text and "does not fit — would need" in text and "GFLOP/token" in text
    assert "not proposed" in text  # one RTX 4080 per desktop, no NVLink: no tensor parallelism
    assert main(["estimate", "--model", "llama-3.1-8b", "--gpu", "rtx-4090", "--context", "8K", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["speed_valid"] is True and out["attn_flops_per_token"] == 32 * 2 * 32 * 256 * 8192


def test_cli_compare_baseline_and_notes(capsys):
    assert main(["compare", "--model", "llama-3.1-8b", "--gpu", "rtx-4090", "--context", "16K", "--baseline",
                 "gqa"]) == 0
    text = capsys.readouterr().out
    assert "ratios against GQA (8 KV heads)" in text
    mla = next(ln for ln in text.splitlines() if ln.startswith("MLA (absorbed) "))
    assert mla.endswith("(4.25×)")  # attention FLOPs per token against GQA's, in the table's last column
    assert "note: TPA" in text


# ---------------------------------------------------------------- fit advice and the link domain
def test_consumer_cards_get_no_tensor_parallel_beyond_one_desktop():
    # RTX 4070: no NVLink, one card per desktop in kvcost's profiles -> TP is never proposed
    opts = fit_options("llama-3-70b", "rtx-4070", None, context=8192)
    assert not [o for o in opts if o.kind == "tp"]
    refusal = tp_refusal(get_profile("rtx-4070"))
    assert isinstance(refusal, Message) and "no NVLink" in refusal and "NVLink" in tr(refusal, "ja")
    text = would_need_text(opts, get_profile("rtx-4070"), 1, "en")
    assert text.startswith("does not fit — would need") and "not proposed" in text
    assert tp_refusal(get_profile("h100-sxm-80gb")) is None
    e = estimate("llama-3.1-8b", "rtx-4090", None, context=8192, tp=2)
    assert any(w.key == "warn.desktop_tp" for w in e.warnings)


def test_pcie_tensor_parallel_is_flagged_slow_and_nvlink_is_not():
    # L40S: PCIe server card, 8 per server, no NVLink bridge -> TP offered, flagged slow
    l40s = [o for o in fit_options("llama-3-70b", "l40s", None, context=8192) if o.kind == "tp"]
    assert l40s and all(o.note.key == "adv.tp_pcie" for o in l40s)
    assert "PCIe" in tr(l40s[0].note, "ja")
    # H100 SXM: 8-GPU NVLink domain -> TP x2 .. x8 without a note
    h100 = [o for o in fit_options("llama-3-70b", "h100-sxm-80gb", None, context=8192) if o.kind == "tp"]
    assert h100 and all(o.note == "" for o in h100 if int(o.value) <= 8)


# ---------------------------------------------------------------- python -m costmodel claims
def test_cli_claims_json_rows(capsys):
    assert main(["claims", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"id", "source", "statement", "quoted", "computed", "unit", "ok", "explanation"} <= set(rows[0])
    by_id = {r["id"]: r for r in rows}
    cited = by_id["transmla-math-accuracy"]
    assert cited["ok"] is None and cited["computed"] is None and cited["kind"] == "cited" and cited["source"]
    assert by_id["mla-art-attn-flops-vs-mqa"]["computed"] == 4.25 and by_id["mla-art-attn-flops-vs-mqa"]["ok"] is False


def test_cli_claims_text_in_japanese(capsys):
    assert main(["claims", "--lang", "ja"]) == 0
    text = capsys.readouterr().out
    assert "[引用（コストモデルでは検証不可）] transmla-math-accuracy" in text
    assert "[不一致] mla-art-70b-saving" in text and "[一致] dsv3-kv-bytes-per-token" in text
    assert main(["claims"]) == 0
    assert "[CITED (not checkable by a cost model)] tpa-quality-medium" in capsys.readouterr().out


# ---------------------------------------------------------------- pages
def _page(page: str, query: dict):
    from streamlit.testing.v1 import AppTest

    from conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    at = at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_claims_page_shows_cited_rows_in_words_and_no_speed_when_it_does_not_fit():
    from ui.labels import t

    at = _page("ui/claims.py", {"model": "llama-3-70b", "gpu": "rtx-4080", "scheme": "mla:absorbed", "ctx": "8K",
                                "wdt": "int4"})
    assert not at.error
    answer = at.dataframe[0].value
    decode = answer[answer[t("col.item")] == t("fit.decode")][t("col.value")].iloc[0]
    assert decode == t("claims.no_speed")  # 42 GB on a 17 GB card: no tokens/s
    assert any("does not fit — would need" in c.value for c in at.caption)
    table = at.dataframe[-1].value
    cited = table[table[t("claims.id")] == "transmla-math-accuracy"][t("val.ok")].iloc[0]
    assert list(cited) == [t("claims.verdict.cited")]


def test_compare_page_attention_columns_and_no_speed_when_it_does_not_fit():
    from ui.labels import t

    at = _page("ui/compare.py", {"model": "llama-3-70b", "gpu": "rtx-4080", "ctx": "8K", "wdt": "int4"})
    table = at.dataframe[0].value  # the decision table: nothing fits, so no speed ("—"), and the Fits column says why
    assert {w for cell in table[t("tc.fits")] for w in cell} == {t("cmp.no")}
    assert set(table[t("tc.decode")]) == {"—"}
    full = at.dataframe[1].value  # every column, in the "all columns" expander
    assert t("cmp.attn_flops") in full.columns and t("cmp.attn_ratio") in full.columns
