"""Robustness: fuzzed config.json and API inputs give a result or a clear error; results are finite,
non-negative, deterministic and identical across threads; no unsafe deserialization in the code."""
import json
import math
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costmodel import USER_ERRORS, ConfigError, default_schemes, estimate, parse_config_text
from costmodel.estimate import MAX_BATCH, MAX_CONTEXT

ROOT = Path(__file__).resolve().parent.parent
KEYS = ["num_hidden_layers", "hidden_size", "num_attention_heads", "num_key_value_heads", "head_dim",
        "intermediate_size", "vocab_size", "sliding_window", "layer_types", "sliding_window_pattern", "model_type",
        "kv_lora_rank", "q_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim", "n_routed_experts",
        "num_experts_per_tok", "moe_intermediate_size", "first_k_dense_replace", "moe_layer_freq", "text_config",
        "d_model", "decoder_layers", "encoder_layers", "d_kv", "num_heads", "num_layers", "d_ff",
        "max_source_positions", "tie_word_embeddings", "use_sliding_window", "n_embd", "n_head", "n_layer",
        "max_position_embeddings", "num_local_experts", "n_shared_experts"]
scalars = st.one_of(st.integers(-10, 10**12), st.sampled_from([0, 1, 2, 4, 8, 64, 128, 4096]),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8), st.none(), st.booleans())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5),
                                                                                            inner, max_size=4),
                      max_leaves=8)
configs = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), values, max_size=16)
GOOD = dict(num_hidden_layers=4, hidden_size=256, num_attention_heads=8, num_key_value_heads=2,
            intermediate_size=512, vocab_size=1000)


def _check_estimate(e):
    d = e.to_dict()
    for k, v in d.items():
        if isinstance(v, float):
            assert math.isfinite(v), k
        if k.endswith("_bytes") and k != "headroom_bytes":
            assert v >= 0, k
    assert e.decode.time_s > 0 and e.prefill_s > 0
    json.dumps(d)  # serializable


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs)
def test_fuzzed_configs_parse_or_fail_cleanly(cfg):
    try:
        text = json.dumps(cfg)
    except ValueError:
        return
    try:
        spec = parse_config_text(text)
    except ConfigError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    try:
        _check_estimate(estimate(spec, "h100-sxm-80gb", context=4096, batch=2))
    except USER_ERRORS:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({k: st.integers(-3, 10**7) for k in GOOD}), st.booleans())
def test_fuzzed_numeric_fields(cfg, mla):
    if mla:
        cfg = {**cfg, "kv_lora_rank": 64, "qk_nope_head_dim": 32, "qk_rope_head_dim": 16, "v_head_dim": 32}
    try:
        spec = parse_config_text(json.dumps(cfg))
    except ConfigError:
        return
    try:
        _check_estimate(estimate(spec, "b200", context=1024, batch=1))
    except USER_ERRORS:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["llama-3.1-8b", "deepseek-v3", "whisper-large-v3", "gemma-3-12b", "mixtral-8x7b",
                        "t5-11b", "llama-65b"]),
       st.sampled_from(default_schemes()), st.integers(-5, MAX_CONTEXT + 5), st.integers(-5, MAX_BATCH + 5),
       st.sampled_from(["fp32", "bf16", "fp8", "int8", "int4", "3bit", "fp5"]),
       st.sampled_from(["bf16", "int4", "fp8"]),
       st.integers(0, 64), st.sampled_from(["h100-sxm-80gb", "rtx-4060", "mi300x", "apple-m2-ultra-192gb", "l4"]))
def test_api_inputs_result_or_clear_error(model, scheme, ctx, batch, kv, w, tp, gpu):
    try:
        e = estimate(model, gpu, scheme, context=ctx, batch=batch, kv_dtype=kv, weight_dtype=w, tp=tp)
    except USER_ERRORS as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    _check_estimate(e)
    assert 1 <= ctx <= MAX_CONTEXT and 1 <= batch <= MAX_BATCH


def test_concurrent_calls_are_identical():
    cases = [(m, s, c, b) for m in ("llama-3-70b", "deepseek-v3") for s in ("native", "mqa", "tpa")
             for c in (1024, 10**6) for b in (1, 64)]

    def run(case):
        m, s, c, b = case
        return estimate(m, "h200-sxm-141gb", s, context=c, batch=b).to_dict()

    serial = [run(c) for c in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            assert list(pool.map(run, cases * 1)) == serial


def test_no_unsafe_deserialization_in_code():
    pattern = re.compile(r"\b(pickle|marshal|shelve|dill)\b|\beval\(|\bexec\(|torch\.load|yaml\.load\(")
    offenders = []
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts or path.name == "test_robustness.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, offenders
