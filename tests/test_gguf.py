"""GGUF block types and llama-quantize preset mixes (costmodel.gguf, costmodel.dtypes).

Bits per weight are pinned to the ``gguf`` package's table (gguf 0.19.0, ``GGML_QUANT_SIZES``); preset mixes to the file
sizes llama-bench printed (research/llamacpp/gguf_sizes.md: size in GiB, 2 decimals; the llama-bench README @5a32f10
JSON gives one size to the byte) and to hand derivations of llama.cpp's rules (src/llama-quant.cpp @007dbbf).
"""
from __future__ import annotations

import math

import pytest
from gguf.constants import GGML_QUANT_SIZES, LlamaFileType

from costmodel import estimate
from costmodel.dtypes import ENGINE_KV_FORMATS, GGML_BLOCKS, GGUF_PRESETS, block_format, kv_format, weight_format
from costmodel.gguf import NAMES, bits_per_weight, quantize
from costmodel.presets import get_model
from costmodel.quant import weight_storage


def test_block_table_equals_the_gguf_package():
    assert GGML_BLOCKS == {t.name: v for t, v in GGML_QUANT_SIZES.items()}


@pytest.mark.parametrize("qtype", sorted(GGML_BLOCKS))
def test_bits_per_weight_of_every_type_equal_the_package(qtype):
    block, size = next(v for t, v in GGML_QUANT_SIZES.items() if t.name == qtype)
    assert bits_per_weight(qtype) == 8 * size / block
    fmt = block_format(qtype.lower(), qtype, "int8")
    assert fmt.bits_per_element == 8 * size / block
    assert fmt.row_bytes(block * 7) == 7 * size  # a row of whole blocks is exactly its blocks


def test_familiar_bits_per_weight():
    # gguf 0.19.0: Q4_K 144 B / 256, Q6_K 210 / 256, Q8_0 34 / 32, IQ4_XS 136 / 256, Q2_K 84 / 256
    assert [float(bits_per_weight(t)) for t in ("Q4_K", "Q6_K", "Q8_0", "IQ4_XS", "Q2_K", "Q4_0")] == \
        [4.5, 6.5625, 8.5, 4.25, 2.625, 4.5]


def test_every_preset_is_a_llama_file_type():
    file_types = {f.name.removeprefix("MOSTLY_") for f in LlamaFileType}
    assert set(GGUF_PRESETS) <= file_types
    assert {"q4_k_m", "q8_0", "iq4_xs", "q5_k_s", "q2_k", "iq2_xxs", "q4_k"} <= set(NAMES)


# llama-bench printed sizes (GiB, 2 decimals) of the files it ran: research/llamacpp/gguf_sizes.md
PRINTED = [
    ("llama-2-7b", "q8_0", 6.67), ("llama-2-7b", "q6_k", 5.15), ("llama-2-7b", "q5_k_m", 4.45),
    ("llama-2-7b", "q5_k_s", 4.33), ("llama-2-7b", "q4_k_m", 3.80), ("llama-2-7b", "q4_k_s", 3.59),
    ("llama-2-7b", "q4_1", 3.95), ("llama-2-7b", "q4_0", 3.56), ("llama-2-7b", "q3_k_m", 3.07),
    ("llama-3.1-8b", "q8_0", 7.95), ("llama-3.1-8b", "q4_k_m", 4.58), ("llama-3.1-8b", "q4_1", 4.77),
    ("llama-3.1-8b", "q4_0", 4.33), ("llama-3-70b", "q4_k_m", 39.59), ("mistral-7b-v0.1", "q4_0", 3.83),
]


@pytest.mark.parametrize("model,preset,gib", PRINTED)
def test_mix_reproduces_llama_bench_printed_sizes(model, preset, gib):
    assert round(quantize(get_model(model), preset).nbytes / 2**30, 2) == gib


def test_qwen25_7b_q4_k_m_to_the_byte():
    # llama-bench README @5a32f10 JSON: "model_size": 4677120000, "model_n_params": 7615616512
    g = quantize(get_model("qwen2.5-7b"), "q4_k_m")
    assert (g.nbytes, g.params) == (4_677_120_000, 7_615_616_512)
    assert weight_storage("q4_k_m", spec=get_model("qwen2.5-7b")).bytes(dict(get_model("qwen2.5-7b").param_groups()
                                                                               .items())) == 4_677_120_000
    e = estimate("qwen2.5-7b", "rtx-4090", context=4096, weight_dtype="q4_k_m", engine="ideal")
    assert e.memory.weight_bytes == 4_677_120_000 and e.weight_dtype == "q4_k_m"


def test_q4_k_m_rules_on_a_32_layer_model_by_hand():
    # use_more_bits(i, 32): i < 4, i >= 28 or (i - 4) % 3 == 2 -> 0-3, 6, 9, ..., 27, 28-31 = 16 layers; attn_v and
    # ffn_down go to Q6_K there, Q4_K elsewhere; output.weight Q6_K; norms F32
    g = quantize(get_model("llama-2-7b"), "q4_k_m")
    six = sorted(t.layer for t in g.tensors if t.name.endswith("attn_v") and t.qtype == "Q6_K")
    assert six == [0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31]
    assert [t.qtype for t in g.tensors if t.name == "output"] == ["Q6_K"]
    assert g.types() == {"Q4_K": 32 * 7 - 32 + 1, "Q6_K": 33, "F32": 2 * 32 + 1}


def test_70b_rule_and_row_fallback_on_qwen25_72b():
    # 80 layers with GQA: LLM_TYPE_70B (llama-model.cpp, qwen2 case 80) -> attn_v off the Q6_K layers is Q5_K, not
    # Q4_K. ffn_down rows are 29568 long, not a multiple of 256: Q6_K -> Q8_0 and Q4_K -> Q5_0 (tensor_type_fallback).
    # use_more_bits(i, 80): i < 10, i >= 70, or i in 12, 15, ..., 69 (20 layers) = 40 layers
    g = quantize(get_model("qwen2.5-72b"), "q4_k_m")
    down = [t.qtype for t in g.tensors if t.name.endswith("ffn_down")]
    v = [t.qtype for t in g.tensors if t.name.endswith("attn_v")]
    assert (down.count("Q8_0"), down.count("Q5_0"), v.count("Q6_K"), v.count("Q5_K")) == (40, 40, 40, 40)
    # Llama-3-70B: without the 70B bump it would print 39.55 GiB, with it 39.59 (as llama-bench printed)
    g70 = quantize(get_model("llama-3-70b"), "q4_k_m")
    assert [t.qtype for t in g70.tensors if t.name.endswith("attn_v")].count("Q4_K") == 0


def test_mixtral_eight_expert_rules():
    # n_expert == 8: attn_k and attn_v Q8_0 ("bumping this to Q8_0 trades just ~128MB"), attn_output Q5_K for Q4_K_M
    g = quantize(get_model("mixtral-8x7b"), "q4_k_m")
    kinds = {t.name.split(".")[-1]: t.qtype for t in g.tensors if t.layer == 5}
    assert (kinds["attn_k"], kinds["attn_v"], kinds["attn_output"], kinds["ffn_gate_inp"]) == \
        ("Q8_0", "Q8_0", "Q5_K", "F32")


def test_plan_bytes_equal_the_tensors_for_every_preset():
    spec = get_model("llama-3.1-8b")
    groups = dict(spec.param_groups().items())
    for name in NAMES:
        g = quantize(spec, name)
        assert g.params == spec.total_params()
        assert weight_storage(name, spec=spec).bytes(groups) == g.nbytes, name


def test_without_a_model_a_preset_is_its_bulk_type():
    assert weight_format("q4_k_m").bits_per_element == 4.5 and weight_format("q6_k").bits_per_element == 6.5625


def test_llamacpp_and_vllm_kv_types():
    # kv_types.md: q8_0 8.5 bits, q4_0 4.5 (blocks of 32 with an fp16 scale); one 128-element head row: 4 blocks
    assert kv_format("q8_0").row_bytes(128) == 4 * 34 and kv_format("q4_0").row_bytes(128) == 4 * 18
    assert kv_format("f16").bits_per_element == 16
    assert kv_format("fp8_e4m3").bits_per_element == kv_format("fp8_e5m2").bits_per_element == 8
    assert set(ENGINE_KV_FORMATS) >= {"q8_0", "q4_0", "fp8_e4m3", "fp8_e5m2"}
    # Llama-3.1-8B: 32 layers x 8 KV heads x 128 dims x 2 (K, V) = 65536 elements per token
    e = estimate("llama-3.1-8b", "rtx-4090", context=8192, kv_dtype="q8_0", weight_dtype="q4_k_m", engine="ideal")
    assert e.kv_bytes_per_token == 65536 // 32 * 34


def test_awq4_and_gptq4_quantize_only_linear_layers():
    # 4 bits + (16-bit scale + 4-bit zero) per 128 = 4.15625 bits on attention/FFN; embeddings and lm_head 16-bit
    spec = get_model("llama-3.1-8b")
    g = spec.param_groups()
    linear = g.attention + g.dense_ffn
    expect = math.ceil(linear * 4 / 8) + math.ceil(math.ceil(linear / 128) * 20 / 8) \
        + 2 * (g.embeddings + g.lm_head + g.norms)
    assert weight_storage("awq4").bytes(dict(g.items())) == expect
    assert weight_storage("gptq4").bytes(dict(g.items())) == expect
