"""Engine profiles: every term has its evidence; ``ideal`` reproduces the roofline of main (commit 6cca218)
exactly; the default engine is validated; errors are one line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from costmodel import estimate
from costmodel.engines import (DEFAULT_ENGINE, ENGINE_IDS, TERMS, EngineError, arch_family, get_engine,
                               load_engines, parse_engine)
from costmodel.hardware import get_profile

GOLDEN = Path(__file__).parent / "data" / "roofline_6cca218.json"


def test_profiles_load_with_evidence():
    engines = load_engines()
    assert set(engines) == set(ENGINE_IDS)
    assert engines["ideal"].ideal and not engines["ideal"].terms
    for eng in engines.values():
        if eng.ideal:
            continue
        assert set(eng.terms) == set(TERMS)
        for name, p in eng.terms.items():
            assert len(p.source) > 10, (eng.id, name)
            assert set(p.by_arch) <= {"hopper", "blackwell", "ampere", "ada", "apple", "cdna3"}, (eng.id, name)
        if any(p.fitted for p in eng.terms.values()):
            assert eng.fit is not None and eng.fit.rows > 0 and eng.fit.sources


def test_by_arch_override():
    # vLLM's max_num_seqs default is 1024 on >= 70 GiB GPUs except A100 (256): vllm/engine/arg_utils.py
    vllm = get_engine("vllm")
    assert vllm.value("max_batch", get_profile("h100-sxm-80gb")) == 1024
    assert vllm.value("max_batch", get_profile("a100-sxm-80gb")) == 256
    assert arch_family(get_profile("apple-m2-ultra-192gb")) == "apple"


@pytest.mark.parametrize("case", json.loads(GOLDEN.read_text())["cases"], ids=lambda c: f"{c['model']}-{c['gpu']}")
def test_ideal_reproduces_the_roofline_of_main(case):
    # every estimate() output of main at 6cca218 (before engine profiles), bit for bit
    e = estimate(case["model"], case["gpu"], case["scheme"], context=case["context"], batch=case["batch"],
                 kv_dtype=case["kv_dtype"], weight_dtype=case["weight_dtype"], tp=case["tp"], engine="ideal")
    assert e.decode_s_per_token == case["decode_s_per_token"]
    assert e.prefill_s == case["prefill_s"]
    assert e.decode_tokens_per_s == case["decode_tokens_per_s"]
    assert (e.memory.total_bytes, e.memory.kv_bytes, e.max_batch, e.max_context_tokens) == \
        (case["total_bytes"], case["kv_bytes"], case["max_batch"], case["max_context_tokens"])


def test_default_engine_is_validated():
    eng = get_engine(DEFAULT_ENGINE)
    assert not eng.ideal and eng.band() is not None and eng.validation.sources >= 2
    e = estimate("llama-3.1-8b", "h100-sxm-80gb", context=4096)
    assert e.engine == DEFAULT_ENGINE and set(e.to_dict()["error_band"]) == {"throughput_pct", "ttft_pct", "tpot_pct"}
    d = e.to_dict()
    assert d["engine"] == DEFAULT_ENGINE and d["tpot_s"] == d["decode_s_per_token"] and d["ttft_s"] >= d["prefill_s"]


def test_errors_are_one_line():
    with pytest.raises(EngineError) as exc:
        get_engine("tensorrt-nope")
    assert "\n" not in str(exc.value) and "trtllm" in str(exc.value)
    with pytest.raises(EngineError):
        parse_engine('id = "x"\nname = "x"\ndescription = "x"', "x.toml")  # no terms
    with pytest.raises(EngineError):
        parse_engine("id = ", "x.toml")


def test_fleet_and_workbook_carry_the_engine_band():
    import io

    from openpyxl import load_workbook

    from costmodel import fleet
    from costmodel.xlsx import fleet_workbook

    r = fleet.optimize("llama-3.1-8b", "h100-sxm-80gb", fleet.users(50, 4096), engine="vllm")
    d = r.to_dict()
    assert d["engine"] == "vllm" and d["error_band"] == get_engine("vllm").band()
    best = r.schemes[0].best
    assert best is not None and best.deployment.pure_tp  # engine profiles are calibrated on TP runs only
    ws = load_workbook(io.BytesIO(fleet_workbook(r))).worksheets[0]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("vLLM" in x and "throughput" in x for x in texts)
