"""The Fit page's llama.cpp view (ui/llamacpp.py) under AppTest: its numbers are the cost model's, its state travels
in the URL, both languages render."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from costmodel import estimate
from costmodel.units import fmt_bytes, fmt_seconds
from ui.labels import t

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def load(query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    return at.switch_page("ui/fit.py").run()


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, (label, [m.label for m in at.metric])
    return found[0]


def test_view_shows_the_placement_of_the_cost_model():
    at = load({"lcpp": "1", "model": "llama-3-70b", "gpu": "rtx-4090", "ctx": "8K", "ngl": "40", "gguf": "q4_k_m"})
    assert not at.exception and not at.error, [e.value for e in at.error]
    e = estimate("llama-3-70b", "rtx-4090", context=8192, weight_dtype="q4_k_m", kv_dtype="fp16", engine="llamacpp",
                 gpu_layers=40, host="ryzen-9-7950x")
    o = e.offload
    assert metric(at, t("lcpp.layers")) == "40 of 80"
    assert metric(at, t("lcpp.host_bytes").format(host="AMD Ryzen 9 7950X")) == fmt_bytes(o.host_bytes)
    assert metric(at, t("lcpp.max_ngl")) == f"-ngl {o.max_ngl}"
    assert metric(at, t("lcpp.split")) == fmt_seconds(o.decode_s)
    assert metric(at, t("fit.weights")) == fmt_bytes(e.memory.weight_bytes)
    assert metric(at, t("fit.decode")) == f"{e.decode_tokens_per_s:,.1f}"
    assert at.query_params.get("ngl") == "40" and at.query_params.get("lcpp") == "1"


def test_view_off_by_default_and_in_japanese():
    at = load({})
    assert not [m for m in at.metric if m.label == t("lcpp.layers")]
    at = load({"lcpp": "1", "lang": "ja", "gpu": "rtx-4060", "model": "llama-3.1-8b", "ctx": "8K"})
    assert not at.exception and not at.error
    assert [m for m in at.metric if m.label == t("lcpp.layers", "ja")]


def test_unified_memory_says_so():
    at = load({"lcpp": "1", "gpu": "apple-m2-ultra-192gb", "model": "llama-3-70b", "ctx": "8K", "ngl": "10"})
    assert not at.exception and not at.error
    assert any(c.value == t("lcpp.unified") for c in at.caption)
