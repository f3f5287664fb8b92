"""Attention-scheme formulas against hand derivations and published numbers.

Sources (quoted in /work/shared/reference/papers.md): DeepSeek-V2 Table 1 / §3.2.3 / Table 9,
DeepSeek-V3 inference/model.py, TPA (arXiv 2501.06425) Table 1 and App. A.4, slim attention
(arXiv 2503.05840) Tables 1, 2, 5-7, TransMLA (arXiv 2502.07864), log-linear attention code.
"""
import pytest

from costmodel import get_model, parse_scheme, spec_from_config
from costmodel.dtypes import KV_FORMATS, custom_bits, kv_format
from costmodel.memory import CacheLayout
from costmodel.schemes import (GQA, MHA, MLA, MQA, TPA, LinearAttention, LogLinearAttention, SchemeError,
                               SlimAttention, TransMLA, default_schemes, native_scheme, num_levels)

FP32 = KV_FORMATS["fp32"]
ONE_BYTE = custom_bits(8)  # bytes == elements, to compare with papers that count elements


def kv_per_token(model, scheme=None, dtype="bf16", tp=1):
    spec = get_model(model) if isinstance(model, str) else model
    return CacheLayout.build(spec, parse_scheme(scheme) if scheme else native_scheme(spec), kv_format(dtype),
                             FP32, tp).token_bytes


def tiny(h=32, d_h=64, d=2048, kv=None, **kw):
    return spec_from_config(dict(hidden_size=d, num_attention_heads=h, num_key_value_heads=kv or h, head_dim=d_h,
                                 num_hidden_layers=1, intermediate_size=4 * d, vocab_size=1000, **kw))


# --- per-token KV bytes, BF16, all layers: DeepSeek ISCA-2025 Table 1 values = 61*576*2, 80*8*128*2*2, 126*8*128*2*2
@pytest.mark.parametrize("model,expected", [("deepseek-v3", 70_272), ("qwen2.5-72b", 327_680),
                                            ("llama-3.1-405b", 516_096), ("llama-3-70b", 327_680),
                                            ("deepseek-v2", 69_120), ("deepseek-llm-67b", 389_120),
                                            ("llama-65b", 2_621_440), ("gemma-2-9b", 344_064)])
def test_kv_bytes_per_token_bf16(model, expected):
    assert kv_per_token(model) == expected


def test_mla_is_gqa_with_2_25_groups():
    # DeepSeek-V2 §2.1.4: d_c = 4 d_h, d_R = d_h/2 -> (512+64)/(2*128) = 2.25 groups
    v2 = get_model("deepseek-v2")
    assert sum(MLA().cache_rows(v2)) / (2 * 128) == 2.25


def test_deepseek_v2_93_percent_needs_6_bit_kv():
    # "reduces the KV cache by 93.3%" vs DeepSeek 67B. §3.2.3: V2 KV quantized to "6 bits on average";
    # 67B baseline is BF16 GQA-8. 25,920 / 389,120 -> 93.34%. At BF16 MLA alone gives only 82.2%.
    base = kv_per_token("deepseek-llm-67b", dtype="bf16")
    six = kv_per_token("deepseek-v2", dtype=custom_bits(6))
    assert six == 25_920
    assert 1 - six / base == pytest.approx(0.9334, abs=5e-4)
    assert 1 - kv_per_token("deepseek-v2", dtype="bf16") / base == pytest.approx(0.822, abs=5e-4)
    assert 1 - kv_per_token("deepseek-v2", dtype="int8") / base == pytest.approx(0.911, abs=5e-4)


def test_deepseek_v2_table9_elements():
    # Table 9: small MoE w/ MLA 15.6K, large w/ MLA 34.6K, small w/ MHA 110.6K elements per token
    assert kv_per_token("deepseek-v2-lite", dtype=ONE_BYTE) == 15_552
    assert kv_per_token("deepseek-v2", dtype=ONE_BYTE) == 34_560
    small_mha = spec_from_config(dict(hidden_size=2048, num_attention_heads=16, head_dim=128, num_hidden_layers=27,
                                      intermediate_size=10944, vocab_size=102400))
    assert kv_per_token(small_mha, "mha", ONE_BYTE) == 110_592


def test_mla_absorbed_vs_naive_v3():
    # DeepSeek-V3 per layer per new token, BF16: absorbed 1,152*T B and 278,528*T FLOPs; naive 81,920*T each;
    # latent-without-absorption 33,636,352*T FLOPs (= 2*512*128*256 + 81,920).
    v3 = get_model("deepseek-v3")
    a, n, lat = MLA(option="absorbed"), MLA(option="naive"), MLA(option="latent")
    assert sum(a.cache_rows(v3)) * 2 == 1_152 and a.ctx_flops_coef(v3) == 278_528
    assert sum(n.cache_rows(v3)) * 2 == 81_920 and n.ctx_flops_coef(v3) == 81_920
    assert sum(lat.cache_rows(v3)) * 2 == 1_152 and lat.ctx_flops_coef(v3) == 33_636_352
    # prefill uses the compute-cheap decompressed path for every option
    assert a.prefill_coef(v3) == n.prefill_coef(v3) == 81_920


def test_mla_latent_replicated_under_tp_gqa_heads_split():
    v3, l3 = get_model("deepseek-v3"), get_model("llama-3-70b")
    assert kv_per_token(v3, "mla", tp=8) == kv_per_token(v3, "mla", tp=1) == 70_272
    assert kv_per_token(l3, "gqa", tp=8) * 8 == kv_per_token(l3, "gqa", tp=1)
    assert kv_per_token(l3, "gqa", tp=16) == kv_per_token(l3, "gqa", tp=8)  # 8 KV heads: replicated beyond tp=8
    assert kv_per_token(v3, "mla:naive", tp=8) * 8 == kv_per_token(v3, "mla:naive", tp=1)


def test_tpa_cache_and_flashtpa_macs():
    # TPA §3.3: cache (R_K + R_V)(h + d_h); h=32, d_h=64, R=1/1 -> 192 vs MHA 4,096 (21.3x)
    s = tiny()
    assert sum(TPA(r_q=16, r_k=1, r_v=1).cache_rows(s)) == 192
    assert sum(MHA().cache_rows(s)) == 4096
    assert sum(TPA(r_k=2, r_v=2).cache_rows(tiny(h=47, d_h=64, d=1024))) == 444  # T6 medium config
    # App. A.4 "Attention" MACs per cached token (d_model 2048, H 32, d_h 64): TPA(16,1,1) 3584, (16,2,2) 7168,
    # (8,1,1) 2816, (8,2,2) 5632; MHA 4096; MLA (d_c 256, d_R 32) 17408.
    for (rq, rk, rv), macs in {(16, 1, 1): 3584, (16, 2, 2): 7168, (8, 1, 1): 2816, (8, 2, 2): 5632}.items():
        assert TPA(r_q=rq, r_k=rk, r_v=rv).ctx_flops_coef(s) == 2 * macs
    assert MHA().ctx_flops_coef(s) == 2 * 4096
    assert MLA(kv_lora_rank=256, rope_dim=32).ctx_flops_coef(s) == 2 * 17408
    big = tiny(h=64, d_h=128, d=7168)
    assert MLA(kv_lora_rank=512, rope_dim=64).ctx_flops_coef(big) == 2 * 69632
    assert TPA(r_q=16, r_k=1, r_v=1).ctx_flops_coef(big) == 2 * 11264


def test_attention_params_table1():
    # TPA Table 1 / App. A.4 (d_model 2048, H 32, d_h 64): MHA 16.8M, GQA(4) 9.4M, TPA(16,1,1) 7.7M, MLA 9.8M.
    s = tiny()
    assert MHA().attn_params(s) == 4 * 2048 * 32 * 64
    assert GQA(groups=4).attn_params(s) == 2 * 2048 * 64 * (32 + 4)
    assert TPA(r_q=16, r_k=1, r_v=1).attn_params(s) == 2048 * 18 * 96 + 2048 * 32 * 64
    # MLA with d'_c 768: the paper's Table 1 formula is 9,764,864; kvcost also counts the two RMSNorm
    # vectors (q_norm 768 + kv_norm 256) that DeepSeek's model.py holds.
    mla_spec = spec_from_config(dict(hidden_size=2048, num_attention_heads=32, num_hidden_layers=1,
                                     intermediate_size=8, vocab_size=10, kv_lora_rank=256, q_lora_rank=768,
                                     qk_nope_head_dim=64, qk_rope_head_dim=32, v_head_dim=64))
    assert MLA().attn_params(mla_spec) == 9_764_864 + 768 + 256


def test_transmla_llama2_7b_93_percent():
    # TransMLA abstract: "compressing 93% of the KV cache in LLaMA-2-7B": 8,192 -> 512+64 = 576 per layer
    s = get_model("llama-2-7b")
    assert sum(TransMLA().cache_rows(s)) == 576 and sum(MHA().cache_rows(s)) == 8192
    assert 1 - 576 / 8192 == pytest.approx(0.9297, abs=1e-4)
    # the HF-transformers path of converted checkpoints stores decompressed K (128+64) and V per head: larger
    assert sum(TransMLA(option="hf-naive").cache_rows(s)) == 32 * (128 + 64) + 32 * 128
    assert "already uses MLA" in TransMLA().reason_not_applicable(get_model("deepseek-v3"))


def test_slim_applicability_reasons():
    assert SlimAttention().reason_not_applicable(get_model("llama-2-7b")) is None
    assert "MHA" in SlimAttention().reason_not_applicable(get_model("llama-3-70b"))
    assert "MLA" in SlimAttention().reason_not_applicable(get_model("deepseek-v3"))
    assert "RoPE" in SlimAttention(option="2").reason_not_applicable(get_model("gemma-7b"))  # wide W_K + RoPE
    assert SlimAttention(option="1").reason_not_applicable(get_model("gemma-7b")) is None
    assert "not invertible" in SlimAttention().reason_not_applicable(tiny(h=8, d_h=64, d=1024))
    with pytest.raises(SchemeError):
        SlimAttention().check(get_model("qwen2.5-72b"))


@pytest.mark.parametrize("name,d,layers,h,dk,ctx,billions", [
    # slim attention Table 1: context memory = 2 h d_k layers ctx (activations)
    ("CodeLlama-7B", 4096, 32, 32, 128, 16 * 1024, 4.3), ("Evo-1-131k", 4096, 32, 32, 128, 128 * 1024, 34.4),
    ("Phi-3-mini-128k", 3072, 32, 32, 96, 128 * 1024, 25.8), ("CodeGemma-7B", 3072, 28, 16, 256, 8 * 1024, 1.9),
    ("Aya-23-35B", 8192, 40, 64, 128, 8 * 1024, 5.4), ("SmolLM2-1.7B", 2048, 24, 32, 64, 8 * 1024, 0.8),
])
def test_slim_table1_context_memory(name, d, layers, h, dk, ctx, billions):
    spec = spec_from_config(dict(hidden_size=d, num_attention_heads=h, head_dim=dk, num_hidden_layers=layers,
                                 intermediate_size=8, vocab_size=10))
    lay = CacheLayout.build(spec, MHA(), ONE_BYTE, FP32)
    assert round(lay.seq_bytes(ctx) / 1e9, 1) == billions
    slim = CacheLayout.build(spec, SlimAttention(), ONE_BYTE, FP32)
    assert 2 * slim.seq_bytes(ctx) == lay.seq_bytes(ctx)  # option 1 halves it


WHISPER = {"tiny": (384, 4), "base": (512, 6), "small": (768, 12), "medium": (1024, 24), "large": (1280, 32)}
# slim Table 7 (millions of activations per sequence; params in millions; speedups = ratio of reads)
TABLE7 = {  # cross KV, self KV, baseline, option 1, option 2 cache; bs64 option-2 speedup
    "tiny": (4.6, 1.4, 6.0, 3.0, 0.7, 5.6), "base": (9.2, 2.8, 12.0, 6.0, 1.4, 5.8),
    "small": (27.6, 8.3, 35.9, 18.0, 4.1, 5.8), "medium": (73.7, 22.0, 95.7, 47.9, 11.0, 5.6),
    "large": (122.9, 36.7, 159.6, 79.8, 18.4, 5.3),
}


def whisper(size):
    d, layers = WHISPER[size]
    return spec_from_config(dict(model_type="whisper", d_model=d, encoder_layers=layers, decoder_layers=layers,
                                 encoder_attention_heads=d // 64, decoder_attention_heads=d // 64,
                                 encoder_ffn_dim=4 * d, decoder_ffn_dim=4 * d, vocab_size=51865,
                                 max_source_positions=1500, max_target_positions=448))


@pytest.mark.parametrize("size", list(WHISPER))
def test_slim_whisper_table7(size):
    spec, (cross, self_, base, opt1, opt2, speed64) = whisper(size), TABLE7[size]
    d, l = WHISPER[size]  # noqa: E741 (l = layers, the paper's notation)

    def cache(scheme):  # per sequence at 448 decoder tokens, elements; E-cache excluded as in the paper
        lay = CacheLayout.build(spec, scheme, ONE_BYTE, FP32)
        return lay.seq_bytes(448) - lay.shared_bytes

    mha, s1, s2 = MHA(), SlimAttention(option="1"), SlimAttention(option="2")
    assert round(CacheLayout.build(spec, mha, ONE_BYTE, FP32).cross_bytes / 1e6, 1) == cross
    assert round((cache(mha) - CacheLayout.build(spec, mha, ONE_BYTE, FP32).cross_bytes) / 1e6, 1) == self_
    assert [round(cache(s) / 1e6, 1) for s in (mha, s1, s2)] == [base, opt1, opt2]
    assert CacheLayout.build(spec, s2, ONE_BYTE, FP32).shared_bytes == 1500 * d  # the E-cache, kept once
    # Params read per generated token. The paper counts d*vocab + l(6d^2 + 2 d d_ffn) for the baseline and
    # adds l*d^2 (option 1: cross W_KV) or 2 l d^2 (option 2: cross W_K, W_V); kvcost's decode_skipped_params
    # gives exactly these deltas (its absolute count also has biases, norms and positions: under 1% more).
    def read(s):
        from costmodel.memory import weight_params
        return weight_params(spec, s) - s.decode_skipped_params(spec)
    assert read(s1) - read(mha) == l * d * d and read(s2) - read(mha) == 2 * l * d * d
    paper_params = d * 51865 + l * (6 * d * d + 2 * d * 4 * d)
    assert 0 < read(mha) / paper_params - 1 < 0.01
    reads64 = [cache(s) + (paper_params + k * l * d * d) / 64 for k, s in ((0, mha), (2, s2))]
    assert round(reads64[0] / reads64[1], 1) == speed64


def test_slim_t5_11b_32x_and_compute_orders():
    t5 = get_model("t5-11b")  # e = 128*128 = 16384 = 16 d: option 2 caches X (d) -> 2r = 32x
    assert sum(MHA().cache_rows(t5)) / sum(SlimAttention(option="2").cache_rows(t5)) == 32
    assert sum(MHA().cache_rows(t5)) / sum(SlimAttention(option="1").cache_rows(t5)) == 2
    # Table 2 (square W_K, d = h d_k): optimized MHA OPs 2nd(h+1) per token; unoptimized 4nd + 2nd^2
    s = tiny(h=32, d_h=128, d=4096)
    d, h = 4096, 32
    assert SlimAttention().ctx_flops_coef(s) == 2 * d * (h + 1)
    assert SlimAttention(order="unoptimized").ctx_flops_coef(s) == 4 * d + 2 * d * d


def test_loglinear_levels_and_state():
    # get_num_levels(length, 2) = ceil(log2 length) + 1; 16,384 -> 15 (MAX_NUM_LEVELS)
    assert [num_levels(t) for t in (1, 2, 3, 4, 5, 16384, 16385)] == [1, 2, 3, 3, 4, 15, 16]
    import numpy as np
    assert list(num_levels(np.array([1, 2, 3, 4, 5, 16384, 16385]))) == [1, 2, 3, 3, 4, 15, 16]
    mid = tiny(h=16, d_h=96, d=1536, max_position_embeddings=16384)  # hattention_mid: 48 heads x 128 x 64
    assert LinearAttention().state_elems(mid, 10) - LinearAttention().conv_elems(mid, 1) == 393_216
    ll = LogLinearAttention(option="allocated")
    assert ll.state_elems(mid, 10) - ll.conv_elems(mid, 1) == 5_898_240  # 15 levels
    assert LogLinearAttention().state_elems(mid, 16384) == ll.state_elems(mid, 10)
    assert LinearAttention().ctx_flops_coef(mid) == 0


def test_mqa_gqa_mha_order_and_defaults():
    s = get_model("llama-65b")  # MHA model; GQA default = 8 groups -> the TransMLA "86 GB" shape
    assert GQA().n_kv(s) == 8 and MQA().n_kv(s) == 1 and MHA().n_kv(s) == 64
    assert sum(MQA().cache_rows(s)) < sum(GQA().cache_rows(s)) < sum(MHA().cache_rows(s))
    with pytest.raises(SchemeError, match="groups"):
        GQA(groups=0)
    with pytest.raises(SchemeError):
        MHA(groups=4)


def test_parse_scheme_round_trip_and_errors():
    for sch in default_schemes():
        assert parse_scheme(sch.token()) == sch
    assert parse_scheme("tpa:r_q=16,r_k=1,r_v=1") == TPA(r_q=16, r_k=1, r_v=1)
    for bad, frag in [("foo", "unknown scheme"), ("mla:fast", "option"), ("tpa:r_q=x", "integer"),
                      ("gqa:size=3", "unknown parameter"), ("tpa:r_q=0", "1..4096")]:
        with pytest.raises(SchemeError, match=frag):
            parse_scheme(bad)


def test_every_scheme_has_citation_and_params_delta():
    s = get_model("llama-3.1-8b")
    for sch in default_schemes():
        assert sch.citation and sch.training
        if sch.reason_not_applicable(s) is None:
            assert isinstance(sch.param_delta(s), int)
    assert native_scheme(s).param_delta(s) == 0
    assert MHA().param_delta(s) == 32 * 2 * 4096 * (32 - 8) * 128


def test_gqa_on_encoder_decoder_shrinks_cross_projections_too():
    # Whisper-large-v3 with 4 K/V heads: cross-attention K/V projections shrink like self-attention's.
    # 125,927,424 cross parameters is what validation's torch layers hold (32 layers x (Q,O 1280x1280 +
    # K,V 1280x256, biases on q, v, o)).
    w = get_model("whisper-large-v3")
    g = GQA(groups=4)
    assert w.cross_attn_params(4) == 125_927_424 and w.cross_attn_params() == 209_879_040
    self_delta = 32 * (g.attn_params(w) - w.native_attn_params())
    assert g.param_delta(w) == self_delta + (125_927_424 - 209_879_040)
    # decode does not re-read the cross K/V projections (their outputs are cached): 32 x 1280 x 4 x 128
    assert g.decode_skipped_params(w) - w.encoder_params() == 32 * 1280 * 4 * 128
