"""estimate(): memory breakdown, fit, limits and roofline times, hand-checked."""
import pytest

from costmodel import SchemeError, estimate, get_profile, speedup
from costmodel.assumptions import DEFAULT
from costmodel.units import GB, GiB

H100 = "h100-sxm-80gb"


def test_86gb_claim_shape_and_real_llama65b():
    # TransMLA (v1 intro): "LLaMA-65B with 8-bit quantization requires over 86GB to cache 512K tokens".
    # A GQA-8 (Llama-2/3-70B-shaped) model: 80 layers x 8 KV heads x 128 x 2 (K,V) x 1 B x 524,288
    # = 85,899,345,920 B = 85.90 GB = 80.00 GiB -- more than an H100's 79.65 GiB visible memory.
    e = estimate("llama-3-70b", H100, "gqa", context=524_288, kv_dtype="int8")
    assert e.memory.kv_bytes == 85_899_345_920 == 80 * GiB
    assert not e.fits and e.memory.kv_bytes > get_profile(H100).capacity_bytes
    same = estimate("llama-65b", H100, "gqa:groups=8", context=524_288, kv_dtype="int8")
    assert same.memory.kv_bytes == 85_899_345_920
    # The real LLaMA-65B is MHA (64 KV heads): 2 x 80 x 8192 x 524,288 B = 687.19 GB, 8x larger.
    real = estimate("llama-65b", H100, context=524_288, kv_dtype="int8")
    assert real.memory.kv_bytes == 687_194_767_360 and round(real.memory.kv_bytes / GB, 1) == 687.2


def test_breakdown_is_the_sum_and_fit_is_total_le_capacity():
    e = estimate("llama-3.1-8b", H100, context=8192, batch=4)
    m = e.memory
    assert m.total_bytes == m.weight_bytes + m.kv_bytes + m.activation_bytes + m.reserve_bytes
    assert m.weight_bytes == 8_030_261_248 * 2  # bf16
    assert m.kv_bytes == 4 * 8192 * 131_072
    assert m.reserve_bytes == DEFAULT.reserve_bytes
    assert e.fits == (m.total_bytes <= m.capacity_bytes) and e.fits
    assert m.capacity_bytes == 81_559 * 2**20  # nvidia-smi reports 81559MiB on an H100 80GB


def test_max_context_and_batch_are_tight():
    e = estimate("llama-3.1-8b", H100, context=131_072, batch=1)
    t, b = e.max_context_tokens, e.max_batch
    assert estimate("llama-3.1-8b", H100, context=t, batch=1).fits
    assert not estimate("llama-3.1-8b", H100, context=t + 1, batch=1).fits
    assert estimate("llama-3.1-8b", H100, context=131_072, batch=b).fits
    assert not estimate("llama-3.1-8b", H100, context=131_072, batch=b + 1).fits


def test_weights_too_big_means_no_context():
    e = estimate("qwen2.5-72b", "rtx-4070", "mla", context=8192)
    assert not e.fits and e.max_context_tokens == 0 and e.max_batch == 0
    assert e.memory.weight_bytes > get_profile("rtx-4070").capacity_bytes


def test_sliding_window_caps_cache():
    # Mistral-7B-v0.1: every layer has a 4096-token window: cache stops growing at 4096 tokens.
    a = estimate("mistral-7b-v0.1", H100, context=4096)
    b = estimate("mistral-7b-v0.1", H100, context=32_768)
    assert a.memory.kv_bytes == b.memory.kv_bytes == 4096 * 131_072
    # Gemma-2-9B: 21 of 42 layers local (4096), 21 global.
    g = estimate("gemma-2-9b", H100, context=8192)
    per_layer = 2 * 8 * 256 * 2
    assert g.memory.kv_bytes == 21 * per_layer * 8192 + 21 * per_layer * 4096


def test_decode_roofline_hand_check():
    # Llama-3.1-8B bf16, batch 1, 4096 tokens of context, H100 SXM: memory bound. Bytes = every weight
    # except the untied input embedding (a one-row lookup: 4096 values), + the cache read (4096 tokens
    # x 131,072 B) + the new token's row written.
    e = estimate("llama-3.1-8b", H100, context=4096, engine="ideal")  # the roofline itself
    prof = get_profile(H100)
    weights = (8_030_261_248 - 128_256 * 4096 + 4096) * 2
    bytes_ = weights + 4097 * 131_072
    assert e.decode.hbm_bytes == pytest.approx(bytes_) and not e.sram_resident
    assert e.decode.mem_s == pytest.approx(bytes_ / (prof.bw_bytes_per_s * DEFAULT.bw_efficiency))
    assert e.decode.bound == "memory"
    # at 1 token the 131 KB cache fits the 50 MiB L2: its reads leave HBM traffic
    tiny = estimate("llama-3.1-8b", H100, context=1)
    assert tiny.sram_resident and tiny.decode.hbm_bytes == pytest.approx(weights)
    assert e.decode_tokens_per_s == pytest.approx(1 / e.decode.time_s)


def test_large_batch_turns_compute_bound():
    # GQA-4 attention does only ~8 FLOP per cache byte, so the weight GEMMs must dominate: short context
    small = estimate("llama-3.1-8b", H100, context=128, batch=1)
    big = estimate("llama-3.1-8b", H100, context=128, batch=4096)
    assert small.decode.bound == "memory" and big.decode.bound == "compute"
    assert big.decode_tokens_per_s > 50 * small.decode_tokens_per_s


def test_mla_speedup_over_naive_at_long_context():
    a = estimate("deepseek-v2-lite", "h200-sxm-141gb", "mla:absorbed", context=32_768, batch=8)
    n = estimate("deepseek-v2-lite", "h200-sxm-141gb", "mla:naive", context=32_768, batch=8)
    assert a.memory.kv_bytes * 8 < n.memory.kv_bytes  # 576 vs 16 x (192 + 128) = 5,120 per layer
    assert speedup(a, n) > 1.5


def test_tp_splits_weights_and_gqa_kv_but_replicates_mla():
    one = estimate("llama-3-70b", H100, context=8192, tp=1)
    two = estimate("llama-3-70b", H100, context=8192, tp=2)
    assert two.memory.kv_bytes * 2 == one.memory.kv_bytes
    assert two.memory.weight_bytes == pytest.approx(one.memory.weight_bytes / 2, abs=1)
    assert two.decode.comm_s > 0 and one.decode.comm_s == 0
    v3 = [estimate("deepseek-v3", "h200-sxm-141gb", context=8192, tp=t, weight_dtype="fp8") for t in (1, 8)]
    assert v3[0].memory.kv_bytes == v3[1].memory.kv_bytes  # latent replicated
    assert v3[1].fits and not v3[0].fits


def test_moe_reads_only_routed_experts_at_batch_1():
    e1 = estimate("deepseek-v3", "h200-sxm-141gb", context=1024, tp=8, weight_dtype="fp8")
    e64 = estimate("deepseek-v3", "h200-sxm-141gb", context=1024, batch=64, tp=8, weight_dtype="fp8")
    full = e1.memory.weight_bytes
    assert e1.decode.hbm_bytes < 0.1 * full  # ~37B active of 671B
    assert e1.decode.hbm_bytes < e64.decode.hbm_bytes < 1.05 * full + 64 * e64.memory.kv_bytes


def test_encoder_decoder_counts_cross_cache():
    e = estimate("whisper-large-v3", "rtx-4090", context=448, kv_dtype="bf16")
    # self: 2 x 32 x 1280 x 448 x 2 B; cross: 2 x 32 x 1280 x 1500 x 2 B
    assert e.memory.kv_bytes == 2 * 32 * 1280 * 2 * (448 + 1500)
    s2 = estimate("whisper-large-v3", "rtx-4090", "slim:2", context=448)
    assert s2.memory.kv_bytes == 32 * 1280 * 2 * 448 + 1500 * 1280 * 2


def test_linear_state_is_constant_and_unbounded_context():
    e = estimate("llama-3.1-8b", H100, "linear", context=10**9)
    assert e.kv_bytes_per_token == 0 and e.max_context_tokens is None
    lo = estimate("llama-3.1-8b", H100, "loglinear", context=1024)
    hi = estimate("llama-3.1-8b", H100, "loglinear", context=1024 * 1024)
    assert hi.memory.kv_bytes / lo.memory.kv_bytes == pytest.approx(21 / 11, rel=0.01)  # levels 11 -> 21


def test_sram_resident_small_cache():
    e = estimate("whisper-large-v3", H100, "mqa", context=16)
    assert e.sram_resident and e.decode.onchip_bytes > 0
    assert not estimate("llama-3.1-8b", H100, context=131_072).sram_resident


@pytest.mark.parametrize("kw,frag", [
    (dict(context=0), "context"), (dict(context=-5), "context"), (dict(context=10**10), "context"),
    (dict(context=10, batch=0), "batch"), (dict(context=10, tp=0), "tp"), (dict(context=10, kv_dtype="fp7"), "dtype"),
    (dict(context=10, prompt_tokens=11), "prompt"), (dict(context=1.5), "integer"),
])
def test_bad_inputs_raise_clear_errors(kw, frag):
    with pytest.raises(ValueError, match=frag):
        estimate("llama-3.1-8b", H100, **kw)


def test_inapplicable_scheme_raises():
    with pytest.raises(SchemeError, match="MHA"):
        estimate("llama-3-70b", H100, "slim", context=10)


def test_warnings():
    e = estimate("llama-3-70b", H100, context=524_288, tp=16)
    assert any("max_position" in w for w in e.warnings) and any("fast-link" in w for w in e.warnings)
    assert any("trained" in w for w in estimate("llama-3.1-8b", H100, "tpa", context=10).warnings)


def test_tensor_parallel_allreduce_time_hand_check():
    # Llama-3-70B, tp=2 on H100 SXM (NVLink4 900 GB/s bidirectional -> 450 GB/s each way), batch 1:
    # 2 all-reduces per layer of d_model bf16 values; ring moves 2(tp-1)/tp of the buffer; plus a fixed
    # latency per all-reduce (assumptions.allreduce_latency_s).
    e = estimate("llama-3-70b", H100, context=1024, tp=2)
    buf = 80 * 2 * 1 * 8192 * 2
    expected = 2 * (2 - 1) / 2 * buf / (450e9 * DEFAULT.link_efficiency) + 160 * DEFAULT.allreduce_latency_s
    assert e.decode.comm_s == pytest.approx(expected)
    assert e.decode.time_s == pytest.approx(max(e.decode.mem_s, e.decode.compute_s) + expected)


def test_loglinear_beyond_built_levels_warns():
    e = estimate("llama-3-70b", H100, "loglinear", context=32_768)  # max_position 8,192 -> 14 levels
    assert any("16 levels" in w and "has 14" in w for w in e.warnings)
    assert not any("levels" in w for w in estimate("llama-3-70b", H100, "loglinear", context=8192).warnings)
