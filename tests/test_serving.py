"""Serving model: hand-checked static batch, in-flight steady state (chunked-prefill interference) and TP all-reduce
by message size, on a test engine whose terms are round numbers; the memory policy; the ideal engine's step."""
from __future__ import annotations

import math

import pytest

from costmodel import DEFAULT_ASSUMPTIONS, estimate
from costmodel.dtypes import KV_FORMATS, STATE_FORMATS, WEIGHT_FORMATS
from costmodel.engines import TERMS, EngineProfile, Param
from costmodel.estimate import InputError
from costmodel.hardware import get_profile
from costmodel.memory import CacheLayout
from costmodel.presets import get_model
from costmodel.schemes import native_scheme
from costmodel.serving import evaluate, kv_limit, plan, serve
from costmodel.steptime import allreduce_time, ideal_time, step_work

H100, L40S = "h100-sxm-80gb", "l40s"
BW, PEAK = 3.35e12, 989.4e12  # H100 SXM datasheet HBM bytes/s and dense bf16 FLOP/s (hardware profile)
# Llama-2-7B: 6,738,415,616 parameters, 32 layers, d_model 4096, 32 KV heads x 128, untied 32,000-row embedding.
# A decode/prefill step over n tokens reads every weight except the embedding rows it does not look up:
#   (6,738,415,616 - (32,000 - n) x 4,096) x 2 B = (6,607,343,616 + 4,096 n) x 2 B.
# KV per token: 32 layers x 2 (K, V) x 32 heads x 128 x 2 B = 524,288 B.
KV_TOKEN = 524_288


def weights_bytes(n: int) -> int:
    return (6_607_343_616 + 4_096 * n) * 2


TEST_TERMS = dict(  # round numbers: perfect efficiencies, a hard roofline corner, 1 ms per step, no other fixed cost
    kv_memory_fraction=0.9, runtime_reserve_bytes=0, page_tokens=16, output_reservation=1.0, max_batch=1024,
    max_tokens_per_step=8192, step_overhead_s=1e-3, layer_overhead_s=0.0, bw_efficiency=1.0, kv_bw_efficiency=1.0,
    gemm_efficiency=1.0, gemm_efficiency_8bit=1.0, roofline_knee=1000.0, attn_efficiency=1.0, attn_half_tokens=0.0,
    allreduce_latency_s=1e-5, link_efficiency=1.0, moe_layer_overhead_s=0.0, moe_bw_efficiency=1.0,
    moe_gemm_scale=1.0, moe_gemm_scale_8bit=1.0, arrival_sync=0.0, request_overhead_s=0.0)


@pytest.fixture(scope="module")
def eng() -> EngineProfile:
    assert set(TEST_TERMS) == set(TERMS)
    return EngineProfile(id="test", name="test", description="round-number engine for hand checks",
                         memory_basis="total",
                         terms={k: Param(value=v, unit="", source="test value") for k, v in TEST_TERMS.items()})


def test_static_batch_hand_check(eng):
    # Batch 8, 1-token prompts, 2 output tokens: one prefill step of 8 tokens, then 1 decode step of the batch.
    # Both are memory bound (8 tokens x 2 x 6.6e9 FLOPs / 989.4 TFLOP/s = 0.107 ms << 3.94 ms of weights).
    # prefill: 1 ms + weights(8) / BW + 8 x 524,288 B (the prompt rows written) / BW
    # decode:  1 ms + weights(8) / BW + 8 x 524,288 x (ctx + 1) / BW, averaged over ctx in [1, 3] -> ctx = 2
    #          (the cache term is linear in ctx, so the 3-point Gauss-Legendre mean is exact)
    r = serve("llama-2-7b", H100, engine=eng, isl=1, osl=2, workload="static", batch=8)
    prefill = 1e-3 + weights_bytes(8) / BW + 8 * KV_TOKEN / BW
    decode = 1e-3 + weights_bytes(8) / BW + 8 * KV_TOKEN * 3 / BW
    assert r.ttft_s == pytest.approx(prefill, rel=1e-9)
    assert r.tpot_s == pytest.approx(decode, rel=1e-9)
    # 8 sequences x 2 tokens in prefill + 1 decode step: 16 / 9.894 ms = 1,617 tokens/s
    assert r.output_tokens_per_s == pytest.approx(16 / (prefill + decode), rel=1e-9)
    assert r.output_tokens_per_s == pytest.approx(1617.1, rel=1e-3)


def test_in_flight_steady_state_hand_check(eng):
    # 8 requests always in flight, 1-token prompts, 101 output tokens. Every step decodes the 8 sequences at the
    # mean context (1 + 102) / 2 = 51.5; a new prompt arrives every (101 - 1) / 8 = 12.5 steps, i.e. 8 / 100 = 0.08
    # prompt tokens per step: a share phi = 0.08 of the steps also carries a 1-token prompt (9 tokens: one more
    # embedding row read, one more cache row written).
    r = serve("llama-2-7b", H100, engine=eng, isl=1, osl=101, workload="concurrency", concurrency=8)
    t_dec = 1e-3 + weights_bytes(8) / BW + 8 * KV_TOKEN * 52.5 / BW
    t_mix = 1e-3 + weights_bytes(9) / BW + (8 * KV_TOKEN * 52.5 + KV_TOKEN) / BW
    tpot = t_dec + 0.08 * (t_mix - t_dec)
    assert r.decode_step_s == pytest.approx(t_dec, rel=1e-9)
    assert r.tpot_s == pytest.approx(tpot, rel=1e-9)
    # TTFT: half a step of waiting + the step carrying the prompt; tokens/s by Little's law: 8 / TPOT x 101 / 100
    assert r.ttft_s == pytest.approx(0.5 * tpot + t_mix, rel=1e-9)
    assert r.output_tokens_per_s == pytest.approx(8 / tpot * 101 / 100, rel=1e-9)


def test_tp_all_reduce_by_message_size(eng):
    # Two all-reduces per layer; message = tokens x d_model x 2 B. TP=2 over NVLink (H100: 900 GB/s bidirectional,
    # 450 GB/s each way): each GPU moves 2 (2-1)/2 = 1 x the bytes, plus 10 us per call.
    # batch 8: 64 calls x 10 us + 32 x 2 x 8 x 4,096 x 2 B / 450 GB/s = 640 us + 9.32 us
    prof, l40s = get_profile(H100), get_profile(L40S)
    n8 = 32 * 2 * 8 * 4096 * 2
    assert allreduce_time(2, 450e9, n8, 64, 1e-5, 1.0) == pytest.approx(64e-5 + n8 / 450e9, rel=1e-12)
    # TP=8: 2 x 7/8 of the bytes; batch 800 = 100 x the bytes: the bandwidth term grows, the latency does not
    n800 = 100 * n8
    assert allreduce_time(8, 450e9, n800, 64, 1e-5, 1.0) == pytest.approx(64e-5 + 1.75 * n800 / 450e9, rel=1e-12)
    # in a decode step: TP=2 halves the weights per GPU and adds the all-reduces
    lay = CacheLayout.build(get_model("llama-2-7b"), native_scheme(get_model("llama-2-7b")), KV_FORMATS["bf16"],
                            STATE_FORMATS["fp32"], 2)
    w = step_work(lay, WEIGHT_FORMATS["bf16"], 8.0, 100.0)
    assert w.allreduce_bytes == n8 and w.allreduce_calls == 64
    r2 = serve("llama-2-7b", H100, engine=eng, isl=1, osl=2, workload="static", batch=8, tp=2)
    decode2 = 1e-3 + weights_bytes(8) / 2 / BW + 8 * KV_TOKEN / 2 * 3 / BW + 64e-5 + n8 / 450e9
    assert r2.tpot_s == pytest.approx(decode2, rel=1e-9)
    # L40S has no NVLink: PCIe Gen4 x16, 64 GB/s bidirectional -> 32 GB/s each way, 14x slower per byte
    assert prof.link_bw_bytes_per_s.value / 2 / (l40s.pcie_bw_bytes_per_s.value / 2) == pytest.approx(14.0625)


def test_kv_pool_memory_policy(eng):
    # "total" basis: 0.9 x 85,520,809,984 B (H100 nvidia-smi) - weights 13,476,831,232 B = 63,491,897,753 B of pages.
    # A sequence of 1,000 prompt + 1,000 output tokens (reserved in full) holds 2,000 tokens = 125 pages of 16
    # -> 2,000 x 524,288 B = 1,048,576,000 B -> 60 sequences.
    pl = plan("llama-2-7b", H100, engine=eng, isl=1000, osl=1000, workload="max_load")
    assert pl.kv_limit == (0.9 * 85_520_809_984 - 6_738_415_616 * 2) // (2000 * KV_TOKEN) == 60
    # 1,001 prompt tokens round up to 2,016 held tokens (126 pages)
    spec = get_model("llama-2-7b")
    lay = CacheLayout.build(spec, native_scheme(spec), KV_FORMATS["bf16"], STATE_FORMATS["fp32"], 1)
    held = kv_limit(eng, lay, 6_738_415_616 * 2, get_profile(H100), 1001, 1000, 1, DEFAULT_ASSUMPTIONS)
    assert held == int((0.9 * 85_520_809_984 - 6_738_415_616 * 2) // (2016 * KV_TOKEN))
    # more requests than the pool holds: a max-load run queues them (TTFT grows), a fixed concurrency warns
    big = serve("llama-2-7b", H100, engine=eng, isl=1000, osl=1000, workload="max_load", requests=600)
    assert big.concurrency == 60 and big.ttft_s > serve("llama-2-7b", H100, engine=eng, isl=1000, osl=1000,
                                                         workload="max_load", requests=60).ttft_s


def test_ideal_engine_step_is_the_roofline():
    # the ideal engine's decode step is roofline.decode_step's time (L2 residency aside: a long context)
    e = estimate("llama-3.1-8b", H100, context=8192, batch=16, engine="ideal")
    spec = get_model("llama-3.1-8b")
    lay = CacheLayout.build(spec, native_scheme(spec), KV_FORMATS["bf16"], STATE_FORMATS["fp32"], 1)
    w = step_work(lay, WEIGHT_FORMATS["bf16"], 16.0, 8192.0)
    assert ideal_time(w, get_profile(H100), WEIGHT_FORMATS["bf16"], "bf16", 1) == pytest.approx(e.decode.time_s,
                                                                                                 rel=1e-12)


def test_engines_are_slower_than_ideal_and_memory_is_unchanged():
    base = dict(context=8192, batch=16, tp=4)
    ideal = estimate("llama-3-70b", H100, engine="ideal", **base)
    for name in ("vllm", "trtllm", "sglang"):
        e = estimate("llama-3-70b", H100, engine=name, **base)
        assert e.memory == ideal.memory and e.kv_bytes_per_token == ideal.kv_bytes_per_token
        assert e.tpot_s > ideal.tpot_s and e.error_band is not None
    assert ideal.error_band is None and ideal.tpot_s == ideal.decode.time_s


def test_llama_bench_single_stream():
    # tg128 from an empty cache: 128 decode steps at batch 1, tokens/s = 1 / mean step
    r = serve("llama-2-7b", "rtx-4090", engine="llamacpp", isl=0, osl=128, workload="single",
              weight_dtype="q4_0", kv_dtype="f16")
    assert r.output_tokens_per_s == pytest.approx(1 / r.tpot_s) and r.ttft_s == 0
    # pp512: one ubatch of 512 tokens
    p = serve("llama-2-7b", "rtx-4090", engine="llamacpp", isl=512, osl=0, workload="single",
              weight_dtype="q4_0", kv_dtype="f16")
    assert p.ttft_s > 0 and math.isfinite(p.ttft_s)


def test_bad_serving_input_is_one_line():
    with pytest.raises(InputError) as exc:
        serve("llama-2-7b", H100, engine="vllm", isl=100, osl=10, workload="sometimes")
    assert "\n" not in str(exc.value)
    with pytest.raises(InputError):
        serve("llama-2-7b", H100, engine="vllm", isl=-1, osl=10)
    r = evaluate(plan("llama-3.1-405b", H100, engine="vllm", isl=100, osl=10, workload="concurrency", concurrency=4))
    assert not r.feasible and r.warnings  # 810 GB of weights leave no KV pool on one GPU
