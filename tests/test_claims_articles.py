"""The source articles' claims (costmodel.claims_articles): every computed figure pinned by a hand derivation.

Shapes are the preset configs (papers.md §6). Memory needed on one GPU = weights + KV cache + activations + the
1 GiB runtime reserve (assumptions.reserve_bytes; reserve_fraction 0), with
  int4 weights: n/2 bytes + one 4-byte scale per 128 weights (GPTQ/AWQ-style, 4.25 bits),
  activations: one 8,192-token prefill chunk x (4 d + 2 ffn) x 2 B + the batch's fp32 logits (vocab x 4 B),
  BF16 KV cache, 8,192 tokens, batch 1 unless stated.
"""
import math

import pytest

from costmodel.claims import CLAIMS
from costmodel.hardware import get_profile

GB = 1e9
RESERVE = 1 << 30
CTX = 8192


def int4(n: int) -> int:
    """Bytes of n int4 weights: n/2 + ceil(n/128) x 4 B of scale and zero."""
    return -(-n // 2) + -(-n // 128) * 4


def act(d: int, ffn: int, vocab: int, batch: int = 1) -> int:
    """Peak activations: 8,192 prefill tokens x (4 d + 2 ffn) x 2 B + batch x vocab x 4 B of fp32 logits."""
    return 8192 * (4 * d + 2 * ffn) * 2 + batch * vocab * 4


def cap(gpu: str) -> float:
    return get_profile(gpu).capacity_bytes / GB


# ---- Llama-3-70B: 80 layers, d 8192, 64 heads x 128, 8 KV heads, ffn 28,672, vocab 128,256, untied embeddings
L70 = 2 * 128_256 * 8192 + 80 * (8192 * (64 + 8 + 8) * 128 + 64 * 128 * 8192 + 3 * 8192 * 28_672 + 2 * 8192) + 8192
assert L70 == 70_553_706_496  # papers.md §6: 70.55B
# MLA on this shape (d_c = 4 d_h = 512, d_R = 64, no query compression), per layer:
#   W_Q 8192 x 64 x (128 + 64) + W_DKV 8192 x (512 + 64) + kv_norm 512 + W_UKV 512 x 64 x (128 + 128)
#   + W_O 64 x 128 x 8192
MLA70_ATTN = 8192 * 64 * 192 + 8192 * 576 + 512 + 512 * 64 * 256 + 64 * 128 * 8192  # 180,879,872
GQA70_ATTN = 8192 * (64 + 8 + 8) * 128 + 64 * 128 * 8192  # 150,994,944
L70_MLA = L70 + 80 * (MLA70_ATTN - GQA70_ATTN)  # +2,390,794,240 parameters
L70_MHA = L70 + 80 * 8192 * (64 - 8) * 128 * 2  # 56 more K and V heads per layer
L70_MQA = L70 - 80 * 8192 * (8 - 1) * 128 * 2
ACT70 = act(8192, 28_672, 128_256)  # 1,476,908,032
KV70 = {"gqa": 80 * 2 * 8 * 128 * 2 * CTX,  # 2,684,354,560: 327,680 B/token
        "mha": 80 * 2 * 64 * 128 * 2 * CTX,  # 21,474,836,480
        "mqa": 80 * 2 * 1 * 128 * 2 * CTX,  # 335,544,320
        "mla": 80 * (512 + 64) * 2 * CTX}  # 754,974,720: 92,160 B/token
NEED70 = {"gqa": int4(L70) + KV70["gqa"] + ACT70 + RESERVE,  # 42,716,660,992
          "mha": int4(L70_MHA) + KV70["mha"] + ACT70 + RESERVE,
          "mqa": int4(L70_MQA) + KV70["mqa"] + ACT70 + RESERVE,
          "mla": int4(L70_MLA) + KV70["mla"] + ACT70 + RESERVE}  # 42,057,390,592

# ---- Qwen2.5-72B: 80 layers, d 8192, 64 heads, 8 KV heads, ffn 29,568, vocab 152,064, q/k/v biases
Q72 = 2 * 152_064 * 8192 + 80 * (GQA70_ATTN + 10_240 + 3 * 8192 * 29_568 + 2 * 8192) + 8192
assert Q72 == 72_706_203_648  # papers.md §6: 72.71B
Q72_MLA = Q72 + 80 * (MLA70_ATTN - GQA70_ATTN - 10_240)  # MLA's latent path has no q/k/v biases
ACT72 = act(8192, 29_568, 152_064)
NEED72 = {"gqa": int4(Q72) + KV70["gqa"] + ACT72 + RESERVE, "mla": int4(Q72_MLA) + KV70["mla"] + ACT72 + RESERVE}

# ---- Llama-3.1-8B (the Llama-3-8B shape): 32 layers, d 4096, 32 heads x 128, 8 KV heads, ffn 14,336, vocab 128,256
L8 = 2 * 128_256 * 4096 + 32 * (4096 * (32 + 8 + 8) * 128 + 32 * 128 * 4096 + 3 * 4096 * 14_336 + 2 * 4096) + 4096
assert L8 == 8_030_261_248
L8_MLA = L8 + 32 * ((4096 * 32 * 192 + 4096 * 576 + 512 + 512 * 32 * 256 + 32 * 128 * 4096)
                    - (4096 * 48 * 128 + 32 * 128 * 4096))  # +209,731,584
ACT8 = act(4096, 14_336, 128_256)  # 738,710,528
KV8 = 32 * 2 * 8 * 128 * 2 * CTX  # 1,073,741,824


def step_bytes_8b(params: int, kv_token_bytes: int) -> float:
    """Bytes one batch-1 decode step reads: the weights except the untied input embedding's unused rows
    (127,255... all but one of 128,256 rows of 4,096) at 4.25 bits, plus the cache of 8,192 + 1 tokens."""
    return (params - (128_256 - 1) * 4096) * 4.25 / 8 + kv_token_bytes * (CTX + 1)


# ---- Qwen2.5-7B: 28 layers, d 3584, 28 heads x 128, 4 KV heads, ffn 18,944, vocab 152,064, q/k/v biases
Q7 = (2 * 152_064 * 3584
      + 28 * (3584 * (28 + 4 + 4) * 128 + 28 * 128 * 3584 + 4608 + 3 * 3584 * 18_944 + 2 * 3584) + 3584)
assert Q7 == 7_615_616_512  # papers.md §6: 7.62B


def _transmla_speedup() -> float:
    """LLaMA-2-7B on one H100 SXM (85,520,809,984 B visible) at 8K, BF16, each scheme at its largest batch.
    MHA: 13,476,831,232 B of weights + 4,294,967,296 per sequence (524,288 B/token) -> 16 sequences fit
    (16 x 4.29e9 + weights + 629,145,600 activations + 16 x 128,000 logits + 1 GiB = 83.90e9 <= 85.52e9; 17 do not).
    TransMLA (512 + 64): 6,142,840,832 parameters (K, V 4096 x 4096 become the 4096 x 576 latent path) ->
    12,285,681,664 B; 301,989,888 per sequence (36,864 B/token) -> floor(71,532,240,896 / 302,117,888) = 236.
    Both decode steps are memory bound, so tokens/s = batch x bandwidth / bytes read."""
    mha = (6_738_415_616 - (32_000 - 16) * 4096) * 2 + 16 * 524_288 * (CTX + 1)
    tmla = (6_142_840_832 - (32_000 - 236) * 4096) * 2 + 236 * 36_864 * (CTX + 1)
    return (236 / tmla) / (16 / mha)


# ---- GGUF Q4_K_M (llama.cpp src/llama-quant.cpp @007dbbf): Q4_K 144 B / 256 weights, Q5_K 176, Q6_K 210, Q8_0 34 / 32,
# Q5_0 22 / 32 (gguf 0.19.0 GGML_QUANT_SIZES). use_more_bits(i, 80): i < 10, i >= 70 or (i - 10) % 3 == 2 -> attn_v Q6_K
# and ffn_down Q6_K there; elsewhere attn_v Q5_K (80-layer GQA models are LLM_TYPE_70B: Q4_K -> Q5_K) and ffn_down Q4_K.
# Qwen2.5-72B's ffn_down rows are 29,568 long, not a multiple of 256: Q6_K -> Q8_0 and Q4_K -> Q5_0 (block 32).
Q4K, Q5K, Q6K, Q8_0, Q5_0 = (144, 256), (176, 256), (210, 256), (34, 32), (22, 32)


def qbytes(n: int, t: tuple[int, int]) -> int:
    return n * t[0] // t[1]


def more_bits(i: int, n: int = 80) -> bool:
    return i < n // 8 or i >= 7 * n // 8 or (i - n // 8) % 3 == 2


def layer_q4km(i: int, ffn: int, bias: bool) -> int:
    """One layer of a 80-layer d 8192 GQA-8 model in Q4_K_M: q, o 8192 x 8192 and k 8192 x 1024 Q4_K; v 8192 x 1024;
    gate, up Q4_K; down; F32 norms (2 x 8192) and q/k/v biases (10,240)."""
    down_hi, down_lo = (Q6K, Q4K) if ffn % 256 == 0 else (Q8_0, Q5_0)
    return (qbytes(2 * 8192 * 8192 + 8192 * 1024, Q4K) + qbytes(8192 * 1024, Q6K if more_bits(i) else Q5K)
            + qbytes(2 * 8192 * ffn, Q4K) + qbytes(ffn * 8192, down_hi if more_bits(i) else down_lo)
            + 4 * (2 * 8192 + (10_240 if bias else 0)))


EMB72 = qbytes(152_064 * 8192, Q4K)  # token_embd Q4_K: 700,710,912 B, kept in system RAM by llama.cpp
GGUF72 = EMB72 + qbytes(152_064 * 8192, Q6K) + 8192 * 4 + sum(layer_q4km(i, 29_568, True) for i in range(80))
assert GGUF72 == 47_409_725_440  # 44.15 GiB: bartowski's Qwen2.5-72B-Instruct-Q4_K_M.gguf is listed at 47.0 GB / 44 GB
ACT72_UB = 512 * (4 * 8192 + 2 * 29_568) * 2 + 152_064 * 4  # llama.cpp's compute buffer: one 512-token micro-batch
ACT70_UB = 512 * (4 * 8192 + 2 * 28_672) * 2 + 128_256 * 4
KV_LAYER_8K = 2 * 8 * 128 * 2 * CTX  # f16 K and V of one layer at 8,192 tokens: 33,554,432 B


def layers_fit(gpu: str, ffn: int, bias: bool, act_bytes: int) -> int:
    """llama.cpp -ngl k puts layers 80-k .. 79 on the GPU: the largest k with those layers + their KV + the compute
    buffer + 1 GiB reserve within the card's driver-visible memory."""
    free = get_profile(gpu).capacity_bytes - RESERVE - act_bytes
    k = used = 0
    while k < 80 and used + layer_q4km(79 - k, ffn, bias) + KV_LAYER_8K <= free:
        used += layer_q4km(79 - k, ffn, bias) + KV_LAYER_8K
        k += 1
    return k


# log-linear Mamba-2 on Llama-3.1-8B at 16K: 15 levels x 128 heads x 128 x 64 + conv (8192 + 2 x 128) x 4,
# fp32, 32 layers
LOGLIN_16K = 32 * 4 * (15 * 128 * 128 * 64 + (8192 + 256) * 4)  # 2,017,591,296 B

# id -> (ok, computed), each computed figure derived by hand above or in its comment
ARTICLE_PINNED = {
    # MLA article: 12 GB saved? (GQA need - MLA need): KV 2.68 -> 0.75 GB but +1.27 GB of MLA weights
    "mla-art-70b-saving": (False, (NEED70["gqa"] - NEED70["mla"]) / GB),  # 0.659 GB
    "mla-art-70b-rtx4080": (False, NEED70["mla"] / GB),  # 42.06 GB vs 17.17 GB
    "mla-art-qwen72b-saving": (False, (NEED72["gqa"] - NEED72["mla"]) / GB),  # 0.660 GB
    "mla-art-qwen72b-rtx4070": (False, NEED72["mla"] / GB),  # 43.23 GB vs 12.88 GB
    "mla-art-3090ti-speedup": (False, step_bytes_8b(L8, 32 * 2048 * 2) / step_bytes_8b(L8_MLA, 32 * 576 * 2)),  # 1.150
    "mla-art-3090ti-mha-40gb": (False, NEED70["mha"] / GB),  # 66.50
    "mla-art-3090ti-gqa-36gb": (False, NEED70["gqa"] / GB),  # 42.72
    "mla-art-3090ti-mqa-32gb": (False, NEED70["mqa"] / GB),  # 39.74
    "mla-art-3090ti-mla-28gb": (False, NEED70["mla"] / GB),  # 42.06
    "mla-art-mla-below-mqa": (False, (512 + 64) / (2 * 128)),  # 2.25: MLA caches more than MQA
    "mla-art-attn-flops-vs-mqa": (False, (2 * 64 * (2 * 512 + 64)) / (2 * 64 * (128 + 128))),  # 4.25, not 1.25
    "mla-art-4070-beats-3090ti": (False, 504e9 / 1008e9),  # memory bound: the bandwidth ratio, 0.5
    "mla-art-llama3-8b-rtx4060": (False, (int4(L8) + KV8 + ACT8 + RESERVE) / GB),  # 7.15 GB < 8.59: fits without MLA
    "mla-art-72b-rtx4060": (False, NEED72["mla"] / GB),
    "mla-art-100b-rtx4080": (False, (100e9 / 2 + 100e9 / 128 * 4) / GB),  # 53.125 GB of int4 weights alone
    # GGUF Q4_K_M, every layer on the GPU but the token embedding: 46.71 GB of weights + 2.68 GB of KV + 0.09 + 1.07
    "mla-art-72b-gguf-rtx4050": (False, (GGUF72 - EMB72 + KV70["gqa"] + ACT72_UB + RESERVE) / GB),  # 50.56 vs 6.44
    # bf16 -> GGUF Q8_0: every 2-D tensor 34 B per 32 weights, the 266,240 norm weights F32: 8,532,934,656 B
    "mla-art-gguf8-40pct": (True, 100 * (1 - ((L8 - 266_240) * 34 // 32 + 266_240 * 4 + KV8 + ACT8 + RESERVE)
                                          / (2 * L8 + KV8 + ACT8 + RESERVE))),  # 39.73
    # llama.cpp partial offload: layers that fit (of 80)
    "mla-art-72b-gguf-rtx4050-offload": (False, layers_fit("rtx-4050-laptop", 29_568, True, ACT72_UB)),  # 8
    "mla-art-70b-rtx4080-offload": (False, layers_fit("rtx-4080", 28_672, False, ACT70_UB)),  # 28
    "mla-art-3090ti-70b-gguf-offload": (False, layers_fit("rtx-3090-ti", 28_672, False, ACT70_UB)),  # 45
    # TransMLA: equal-cache adds W_UK, W_UV (512 -> 3,584 each) in 28 layers
    "transmla-equal-params": (True, 100 * 28 * 2 * 512 * 3584 / Q7),  # 1.349%
    "transmla-equal-cache": (True, 0.0),  # 512 + 512 elements before and after
    # compressed: per layer 3,584 x 28 x 192 + 3,584 x 576 + 512 + 512 x 28 x 256 + 28 x 128 x 3,584 (MLA)
    #             - (3,584 x 36 x 128 + 4,608 bias + 28 x 128 x 3,584) (GQA) = 8,482,816
    "transmla-compressed-params": (False, 100 * 28 * ((3584 * 28 * 192 + 3584 * 576 + 512 + 512 * 28 * 256)
                                                      - (3584 * 36 * 128 + 4608)) / Q7),  # 3.119%
    "transmla-10.6x-speedup": (False, _transmla_speedup()),  # 14.51
    "transmla-math-accuracy": (None, None),
    "transmla-conversion-perplexity": (None, None),
    "transmla-6b-tokens": (None, None),
    # TPA (R_K = R_V = 2): (2 + 2) x (32 + 128) = 640 elements per token per layer
    "tpa-10x-vs-mha": (True, 2 * 32 * 128 / 640),  # 12.8 (LLaMA-2-7B, MHA)
    "tpa-10x-vs-gqa8": (False, 2 * 8 * 128 / 640),  # 3.2 (Llama-3.1-8B, GQA-8)
    "tpa-quality-medium": (None, None),
    "loglinear-below-mha-16k": (True, LOGLIN_16K / (32 * 2 * 32 * 128 * 2 * 16_384)),  # 2.02 / 8.59 GB
    "loglinear-below-gqa8-16k": (True, LOGLIN_16K / (32 * 2 * 8 * 128 * 2 * 16_384)),  # 2.02 / 2.15 GB = 0.94
    "loglinear-15x-mamba2-16k": (True, 15.0),  # ceil(log2 16,384) + 1 levels of the same state
    "gdn-mid-state": (True, 6 * 192 * 384),  # 6 heads x d_k 192 x d_v (expand_v 2) 384 = 442,368
}


@pytest.fixture(scope="module")
def rows():
    return {c.id: c.evaluate() for c in CLAIMS if c.id in ARTICLE_PINNED}


@pytest.mark.parametrize("cid", sorted(ARTICLE_PINNED))
def test_article_claim_value_and_verdict(rows, cid):
    ok, computed = ARTICLE_PINNED[cid]
    r = rows[cid]
    assert r.ok is ok
    assert r.source and r.statement and r.explanation and r.unit
    if computed is None:  # an accuracy figure: cited, not checkable by a cost model
        assert r.kind == "cited" and r.computed is None and r.rel_diff is None and r.to_dict()["ok"] is None
        assert r.quoted is not None
    else:
        assert r.kind == "checked"
        assert r.computed == pytest.approx(computed, rel=1e-12)
    if ok is False:
        assert len(r.explanation) > 40


def test_consumer_claims_state_their_assumptions(rows):
    """Consumer claims are computed with int4 weights, a BF16 cache, a context and a batch, all stated."""
    for cid in ("mla-art-70b-saving", "mla-art-70b-rtx4080", "mla-art-qwen72b-rtx4070", "mla-art-3090ti-mla-28gb",
                "mla-art-llama3-8b-rtx4060"):
        a = rows[cid].assumptions
        assert "int4" in a and "BF16" in a and "8,192 tokens" in a and "batch 1" in a, cid
    # where the article says GGUF, the rows use llama.cpp's formats, placement and (offload rows) the host CPU
    for cid in ("mla-art-72b-gguf-rtx4050", "mla-art-72b-gguf-rtx4050-offload", "mla-art-70b-rtx4080-offload",
                "mla-art-3090ti-70b-gguf-offload"):
        a = rows[cid].assumptions
        assert "GGUF Q4_K_M" in a and "llama.cpp" in a and "8,192 tokens" in a, cid
    assert "Ryzen 9 7950X" in rows["mla-art-70b-rtx4080-offload"].assumptions
    assert "GGUF Q8_0" in rows["mla-art-gguf8-40pct"].assumptions


def test_offload_rows_ask_for_every_layer_on_the_card(rows):
    for cid in ("mla-art-72b-gguf-rtx4050-offload", "mla-art-70b-rtx4080-offload", "mla-art-3090ti-70b-gguf-offload"):
        r = rows[cid]
        assert (r.check, r.quoted, r.unit) == ("at_least", 80.0, "layers") and r.computed < 80


def test_runs_on_gpu_claims_compare_with_the_cards_capacity(rows):
    # "runs on X": the need must be at most X's driver-visible memory (RTX 4080: 16,376 MiB)
    for cid, gpu in (("mla-art-70b-rtx4080", "rtx-4080"), ("mla-art-qwen72b-rtx4070", "rtx-4070"),
                     ("mla-art-72b-rtx4060", "rtx-4060"), ("mla-art-100b-rtx4080", "rtx-4080"),
                     ("mla-art-72b-gguf-rtx4050", "rtx-4050-laptop")):
        assert rows[cid].check == "at_most" and rows[cid].quoted == pytest.approx(cap(gpu))
    # "runs on a 4060 only after MLA" holds only if the model without MLA needs more than the card has
    r = rows["mla-art-llama3-8b-rtx4060"]
    assert r.check == "at_least" and r.computed < r.quoted


def test_mqa_caches_less_than_mla_so_the_article_ordering_is_impossible(rows):
    # MHA > GQA > MLA > MQA in need (66.5 / 42.7 / 42.1 / 39.7 GB): the claimed 40/36/32/28 puts MLA last
    need = {s: rows[f"mla-art-3090ti-{s}-{q}gb"].computed for s, q in (("mha", 40), ("gqa", 36), ("mqa", 32),
                                                                         ("mla", 28))}
    assert need["mha"] > need["gqa"] > need["mla"] > need["mqa"]
    assert all(v > cap("rtx-3090-ti") for v in need.values())  # none fits the 3090 Ti's 25.76 GB


def test_transmla_equal_cache_params_within_a_tenth_of_a_point_of_1_3_percent(rows):
    # Issue #16: within 0.1 percentage point of the article's +1.3%. The figure is Qwen2.5-7B's (GQA-4):
    # 28 x 2 x 512 x 3,584 = 102,760,448 added parameters / 7,615,616,512 = 1.349%. On LLaMA-2-7B (MHA) an
    # equal-cache conversion adds nothing and kvcost does not offer it (tests/test_issue16.py).
    assert abs(rows["transmla-equal-params"].computed - 1.3) < 0.1
    assert 28 * 2 * 512 * 3584 == 102_760_448


def test_speeds_are_only_compared_for_configurations_that_fit():
    from costmodel.claims_articles import tokens_per_s

    with pytest.raises(ValueError, match="does not fit"):
        tokens_per_s("llama-3-70b", "mla", "rtx-4080")
    assert math.isfinite(tokens_per_s("llama-3.1-8b", "mla", "rtx-3090-ti"))
