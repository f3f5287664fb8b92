"""Published (and seed) claims about KV caches, recomputed by kvcost (the generic "does it fit?" check: fitcheck.py).

Each ``Claim`` (``claims_base``) quotes a number from a paper (or a widely repeated statement), computes the same
quantity with costmodel functions (CacheLayout, schemes, presets, estimate) and says whether they agree; where
they do not, ``explanation`` says why. Sources are the papers' own text as collected in the project's reference
notes (DeepSeek-V2/V3, TransMLA, TPA, slim attention, log-linear attention); the statements of the write-ups of
those papers (the "source articles": consumer-GPU claims, TransMLA both ways, accuracy figures cited) are in
``claims_articles``. Pure Python (no torch): the Streamlit UI imports it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .claims_articles import article_claims
from .claims_base import (DSV2, DSV3_ISCA, ELEM, FP32, GROQ_SC23, GROQ_TPU_2024, LLA, SLIM, TMLA, TPA, C, Claim,
                          ClaimResult, _adhoc, _layout,
                          _reduction_pct, _spec, attn_macs_per_token, elems_per_layer, seq_bytes, token_bytes)
from .dtypes import custom_bits, kv_format, weight_format
from .estimate import estimate
from .estimate_result import Estimate
from .i18n import msg
from .memory import CacheLayout, weight_bytes, weight_params
from .presets import get_model
from .schemes import LinearAttention, LogLinearAttention, num_levels, parse_scheme
from .sram import sram_needed
from .units import GB

if TYPE_CHECKING:
    pass

__all__ = ["Claim", "ClaimResult", "CLAIMS", "evaluate_claims", "token_bytes", "seq_bytes", "elems_per_layer",
           "attn_macs_per_token"]


# ------------------------------------------------------------------ helpers of the papers' claims
def _step_read_elems(model, scheme, batch: int, ctx: int, count_shared: bool) -> float:
    """Elements one decode step reads: parameters kvcost reads per token + batch x cache. With
    ``count_shared`` the cache term is kvcost's ``seq_read_bytes`` (slim option 2 reads E in every layer);
    without it, the paper's accounting: the cache held (seq_bytes) minus E (assumed on-chip)."""
    spec, sch = _spec(model), parse_scheme(scheme)
    lay = CacheLayout.build(spec, sch, ELEM, FP32)
    params = weight_params(spec, sch) - sch.decode_skipped_params(spec)
    cache = lay.seq_read_bytes(ctx) if count_shared else lay.seq_bytes(ctx) - lay.shared_bytes
    return params + batch * cache


def _whisper_speedup(option: str, batch: int, count_shared: bool = False) -> float:
    base = _step_read_elems("whisper-large-v3", "mha", batch, 448, count_shared)
    return base / _step_read_elems("whisper-large-v3", f"slim:{option}", batch, 448, count_shared)


def _whisper_tiered_speedup(gpu: str, rule: str, batch: int = 64) -> float:
    """Memory time of one Whisper-large decode step (448 tokens, BF16), MHA over slim option 2, with the step's
    weights and caches placed on ``gpu``'s memory tiers by ``rule`` (placement.py). Memory time only: decode at
    batch 64 is memory bound, and the SRAM-rich parts that hold E publish no 16-bit rate (d-Matrix, Cerebras)."""
    from .hardware import get_profile
    from .placement import place

    def mem_s(scheme: str) -> float:
        lay = CacheLayout.build(get_model("whisper-large-v3"), parse_scheme(scheme), kv_format("bf16"), FP32)
        return float(place(lay, get_profile(gpu), weight_format("bf16"), batch, 448, rule=rule).mem_s)
    return mem_s("mha") / mem_s("slim:2")


def _groq_llama2_70b() -> Estimate:
    """Llama-2-70B (FP16 weights, BF16 KV, 4K context, batch 1) on Groq LPUs: SRAM-only, so a pipeline of chips."""
    return estimate("llama-2-70b", "groq-lpu", context=4096, weight_dtype="fp16", engine="ideal")


def _phi3_total(scheme: str, batch: int = 1) -> int:
    spec = get_model("phi-3-mini-128k")
    sch = parse_scheme(scheme)
    return weight_bytes(spec, sch, weight_format("fp8")) + batch * seq_bytes(spec, scheme, "fp8", 131072)


def _claims() -> list[Claim]:
    out = [
        # ---- DeepSeek: bytes per token
        C("dsv3-kv-bytes-per-token", DSV3_ISCA, 70_272, "B/token", lambda: token_bytes("deepseek-v3")),
        C("qwen2.5-72b-kv-bytes-per-token", DSV3_ISCA, 327_680, "B/token", lambda: token_bytes("qwen2.5-72b")),
        C("llama-3.1-405b-kv-bytes-per-token", DSV3_ISCA, 516_096, "B/token", lambda: token_bytes("llama-3.1-405b")),
        C("dsv2-93.3-percent-6bit", f"{DSV2} abstract, §3.2.3", 93.3, "%",
          lambda: _reduction_pct(token_bytes("deepseek-v2", None, custom_bits(6)), token_bytes("deepseek-llm-67b")),
          0.001),
        C("dsv2-93.3-percent-bf16", f"{DSV2} abstract", 93.3, "%",
          lambda: _reduction_pct(token_bytes("deepseek-v2"), token_bytes("deepseek-llm-67b")), 0.01),
        C("dsv2-gqa-2.25-groups", f"{DSV2} §2.1.4 Table 1", 2.25, "groups",
          lambda: elems_per_layer("deepseek-v2") / (2 * get_model("deepseek-v2").qk_nope_head_dim)),
        C("dsv2-table9-small-mla", f"{DSV2} App. D.2 Table 9", 15_600, "elements/token",
          lambda: seq_bytes("deepseek-v2-lite", None, ELEM, 1), 0.005),
        C("dsv2-table9-large-mla", f"{DSV2} App. D.2 Table 9", 34_600, "elements/token",
          lambda: seq_bytes("deepseek-v2", None, ELEM, 1), 0.005),
        C("dsv2-table9-small-mha", f"{DSV2} App. D.2 Table 9", 110_600, "elements/token",
          lambda: seq_bytes(_adhoc("dsv2-small-mha"), "mha", ELEM, 1), 0.005),
        # ---- MLA absorbed vs naive (DeepSeek-V3, per layer, per cached token)
        C("mla-v3-absorbed-cache", "DeepSeek-V3 inference/model.py (attn_impl='absorb')", 1_152, "B/token/layer",
          lambda: 2 * elems_per_layer("deepseek-v3", "mla:absorbed")),
        C("mla-v3-naive-cache", "DeepSeek-V3 inference/model.py (attn_impl='naive')", 81_920, "B/token/layer",
          lambda: 2 * elems_per_layer("deepseek-v3", "mla:naive")),
        C("mla-v3-absorbed-flops", "DeepSeek-V3 inference/model.py einsums", 278_528, "FLOP/token/layer",
          lambda: parse_scheme("mla:absorbed").ctx_flops_coef(get_model("deepseek-v3"))),
        C("mla-v3-naive-flops", "DeepSeek-V3 inference/model.py", 81_920, "FLOP/token/layer",
          lambda: parse_scheme("mla:naive").ctx_flops_coef(get_model("deepseek-v3"))),
        C("mla-v3-latent-flops", f"{DSV2} App. C (recover k, v from c every step)", 33_636_352, "FLOP/token/layer",
          lambda: parse_scheme("mla:latent").ctx_flops_coef(get_model("deepseek-v3"))),
        # ---- TransMLA
        C("transmla-86gb-gqa8", f"{TMLA} v1 introduction (via summary)", 86.0, "GB",
          lambda: seq_bytes(get_model("llama-65b"), "gqa:groups=8", "int8", 524_288) / GB, 0.01),
        C("transmla-86gb-real-llama65b", f"{TMLA} v1 introduction (via summary)", 86.0, "GB",
          lambda: seq_bytes("llama-65b", None, "int8", 524_288) / GB, 0.01),
        C("transmla-llama2-7b-93-percent", f"{TMLA} v5 abstract", 93.0, "%",
          lambda: _reduction_pct(elems_per_layer("llama-2-7b", "transmla"), elems_per_layer("llama-2-7b")), 0.005),
        C("transmla-qwen2.5-72b-reduction", "papers.md §2(d) (derived): same 576 target on a GQA-8 model", 71.9, "%",
          lambda: _reduction_pct(elems_per_layer("qwen2.5-72b", "transmla"), elems_per_layer("qwen2.5-72b")), 0.001),
        C("transmla-hf-naive-larger", "fxmeng/TransMLA transformers/mla.py (HF modeling code)", 10_240,
          "elements/token/layer", lambda: elems_per_layer("llama-2-7b", "transmla:hf-naive")),
    ]
    # ---- slim attention Table 1: context memory (activations) = 2 h d_k layers ctx
    t1 = [("phi-3-mini-128k", "Phi-3-mini-128k", 25.8e9, 131_072, None),
          ("gemma-7b", msg("claim.label.gemma-7b"), 1.9e9, 8_192, None),
          ("codellama-7b", "CodeLlama-7B", 4.3e9, 16_384, None),
          ("evo-1-131k", "Evo-1-131k", 34.4e9, 131_072, None),
          ("gpt2-xl", "GPT-2 XL", 157e6, 1_024, None),
          ("whisper-large-v3", msg("claim.label.whisper-large-v3"), 160e6, 448, None),
          ("whisper-tiny", msg("claim.label.whisper-tiny"), 6e6, 448, None),
          ("flan-t5-xxl", "Flan-T5-XXL (0.5K)", 101e6, 512, "self")]
    for key, label, quoted, ctx, part in t1:
        model = key if key in ("phi-3-mini-128k", "gemma-7b", "whisper-large-v3") else _adhoc(key)

        def f(model=model, ctx=ctx, part=part):
            if part == "self":  # the table counts one 0.5K context per layer
                return _layout(model, "mha", ELEM).token_bytes * ctx
            return seq_bytes(model, "mha", ELEM, ctx)
        note = msg("claim.slim-table1.why.self" if part == "self" else "claim.slim-table1.why.whisper"
                   if key.startswith("whisper") else "claim.slim-table1.why")
        out.append(C(f"slim-table1-{key}", f"{SLIM} Table 1", quoted, "elements", f, 0.03,
                     statement=msg("claim.slim-table1", label=label, quoted=quoted, ctx=ctx), explanation=note))
    out += [
        C("slim-phi3-kv-25gb-fp8", f"{SLIM} §1", 25.0, "GB",
          lambda: seq_bytes("phi-3-mini-128k", "mha", "fp8", 131_072) / GB, 0.05),
        C("slim-phi3-kv-12.5gb-fp8", f"{SLIM} §1", 12.5, "GB",
          lambda: seq_bytes("phi-3-mini-128k", "slim:1", "fp8", 131_072) / GB, 0.05),
        C("slim-phi3-total-28.8gb", f"{SLIM} §1", 28.8, "GB", lambda: _phi3_total("mha") / GB, 0.05),
        C("slim-phi3-speedup-bs1", f"{SLIM} §1", 1.8, "x", lambda: _phi3_total("mha") / _phi3_total("slim:1"), 0.03),
        C("slim-phi3-speedup-bs16", f"{SLIM} §1", 2.0, "x",
          lambda: _phi3_total("mha", 16) / _phi3_total("slim:1", 16), 0.03),
        C("slim-t5-11b-32x", f"{SLIM} Table 5 / abstract", 32.0, "x",
          lambda: elems_per_layer("t5-11b", "mha") / elems_per_layer("t5-11b", "slim:2")),
    ]
    # ---- slim attention Table 7: Whisper-large (activations, millions)
    w = "whisper-large-v3"
    out += [
        C("slim-whisper-large-cross-kv", f"{SLIM} Table 7", 122.9e6, "elements",
          lambda: _layout(w, "mha", ELEM).cross_bytes, 0.001),
        C("slim-whisper-large-self-kv", f"{SLIM} Table 7", 36.7e6, "elements",
          lambda: _layout(w, "mha", ELEM).full_token_bytes * 448, 0.001),
        C("slim-whisper-large-baseline", f"{SLIM} Table 7", 159.6e6, "elements",
          lambda: seq_bytes(w, "mha", ELEM, 448), 0.001),
        C("slim-whisper-large-option1", f"{SLIM} Table 7", 79.8e6, "elements",
          lambda: seq_bytes(w, "slim:1", ELEM, 448), 0.001),
        C("slim-whisper-large-option2", f"{SLIM} Table 7", 18.4e6, "elements",
          lambda: seq_bytes(w, "slim:2", ELEM, 448) - _layout(w, "slim:2", ELEM).shared_bytes, 0.005),
        C("slim-whisper-large-e-cache", f"{SLIM} Table 7", 1.9e6, "elements",
          lambda: _layout(w, "slim:2", ELEM).shared_bytes, 0.02),
        C("slim-whisper-option2-savings", f"{SLIM} Table 7", 8.7, "x",
          lambda: seq_bytes(w, "mha", ELEM, 448) / (seq_bytes(w, "slim:2", ELEM, 448)
                                                    - _layout(w, "slim:2", ELEM).shared_bytes), 0.005),
        C("slim-whisper-large-params", f"{SLIM} Table 7", 800.4e6, "params",
          lambda: (weight_params(get_model(w), parse_scheme("mha"))
                   - parse_scheme("mha").decode_skipped_params(get_model(w))), 0.005),
        C("slim-whisper-large-bs1-option1", f"{SLIM} Table 7", 1.03, "x", lambda: _whisper_speedup("1", 1), 0.01),
        C("slim-whisper-large-bs1-option2", f"{SLIM} Table 7", 1.04, "x", lambda: _whisper_speedup("2", 1), 0.01),
        C("slim-whisper-large-bs64-option1", f"{SLIM} Table 7", 1.8, "x", lambda: _whisper_speedup("1", 64), 0.03),
        C("slim-whisper-large-bs64-option2", f"{SLIM} Table 7 (paper accounting: E on-chip)", 5.3, "x",
          lambda: _whisper_speedup("2", 64), 0.01),
        C("slim-whisper-large-bs64-option2-kvcost", f"{SLIM} Table 7 vs kvcost's decode bytes", 5.3, "x",
          lambda: _whisper_speedup("2", 64, count_shared=True), 0.05),
        # ---- where E fits on chip (issue 15: memory tiers): the SRAM it takes, the paper's figure reproduced on a
        # part whose SRAM holds E, more with the greedy placement, and none of it where everything is on chip
        C("slim-whisper-e-cache-bs64-bytes", f"{SLIM} Table 7 E-cache x 64 sequences x 2 B", 246e6, "B",
          lambda: sram_needed(w, "slim:2", batch=64, context=448).encoder_output_bytes, 0.005),
        C("slim-whisper-large-bs64-option2-sram", f"{SLIM} Table 7; d-Matrix Corsair tiers (hardware_profiles)", 5.3,
          "x", lambda: _whisper_tiered_speedup("dmatrix-corsair", "encoder-on-chip"), 0.01),
        C("slim-whisper-large-bs64-option2-sram-greedy", f"{SLIM} Table 7; d-Matrix Corsair tiers (hardware_profiles)",
          5.3, "x", lambda: _whisper_tiered_speedup("dmatrix-corsair", "greedy"), check="at_least"),
        C("slim-whisper-large-bs64-option2-wafer", f"{SLIM} Table 7; Cerebras WSE-3 tiers (hardware_profiles)", 5.3,
          "x", lambda: _whisper_tiered_speedup("cerebras-wse-3", "greedy"), 0.05),
        # ---- SRAM-only parts span many chips (Groq's published deployment)
        C("groq-llama2-70b-chips", GROQ_SC23, 500, "chips", lambda: _groq_llama2_70b().chips_per_replica,
          check="at_least"),
        C("groq-llama2-70b-tokens", GROQ_TPU_2024, 300, "tokens/s", lambda: _groq_llama2_70b().decode_tokens_per_s,
          check="at_least"),
    ]
    # ---- TPA App. A.4 (MACs per cached token) and Table 1 / §3.3
    mla_256, mla_512, tpa1, tpa2 = ("mla:kv_lora_rank=256,rope_dim=32", "mla:kv_lora_rank=512,rope_dim=64",
                                     "tpa:r_q=16,r_k=1,r_v=1", "tpa:r_q=8,r_k=2,r_v=2")
    tpa_ex = [("2048", "d_model 2048, H 32, d_h 64", [("mha", "MHA", 4096), (mla_256, msg("sch.mla.absorbed"), 17408),
                                                       (tpa1, "TPA(16,1,1)", 3584), (tpa2, "TPA(8,2,2)", 5632)]),
              ("4096", "d_model 4096, H 32, d_h 128", [("mha", "MHA", 8192), (mla_512, msg("sch.mla.absorbed"), 34816),
                                                        (tpa1, "TPA(16,1,1)", 6656)]),
              ("7168", "d_model 7168, H 64, d_h 128", [("mha", "MHA", 16384), (mla_512, msg("sch.mla.absorbed"), 69632),
                                                        (tpa1, "TPA(16,1,1)", 11264)])]
    for key, label, rows in tpa_ex:
        spec = _adhoc(f"tpa-{key}")
        for token, name, quoted in rows:
            out.append(C(f"tpa-a4-{key}-{token.split(':')[0]}-{quoted}", f"{TPA} App. A.4", quoted, "MAC/token",
                         lambda spec=spec, token=token: attn_macs_per_token(spec, token),
                         statement=msg("claim.tpa-a4", label=label, name=name, quoted=quoted),
                         explanation=msg("claim.tpa-a4.why")))
    out += [
        C("tpa-cache-192", f"{TPA} §3.3", 192, "elements/token/layer",
          lambda: elems_per_layer(_adhoc("tpa-2048"), "tpa:r_q=16,r_k=1,r_v=1")),
        C("tpa-cache-ratio-21x", f"{TPA} §3.3 ratio (R_K+R_V)(h+d_h) / (2 h d_h)", 21.33, "x",
          lambda: elems_per_layer(_adhoc("tpa-2048"), "mha")
          / elems_per_layer(_adhoc("tpa-2048"), "tpa:r_q=16,r_k=1,r_v=1"), 0.001),
        C("tpa-a4-params-mha", f"{TPA} App. A.4", 16.8e6, "params",
          lambda: parse_scheme("mha").attn_params(_adhoc("tpa-2048")), 0.005),
        C("tpa-a4-params-gqa", f"{TPA} App. A.4", 9.4e6, "params",
          lambda: parse_scheme("gqa:groups=4").attn_params(_adhoc("tpa-2048")), 0.005),
        C("tpa-a4-params-tpa", f"{TPA} App. A.4", 7.7e6, "params",
          lambda: parse_scheme("tpa:r_q=16,r_k=1,r_v=1").attn_params(_adhoc("tpa-2048")), 0.005),
        C("tpa-a4-params-mla", f"{TPA} App. A.4 / Table 1", 9.8e6, "params",
          lambda: parse_scheme("mla").attn_params(_adhoc("tpa-2048-mla")), 0.005),
        # ---- log-linear attention
        C("loglinear-15-levels-16k", f"{LLA} modeling_hattention.py MAX_NUM_LEVELS", 15, "levels",
          lambda: int(num_levels(16_384))),
        C("loglinear-mamba2-mid-state", f"{LLA} configs/flame hattention_mid (derived)", 5_898_240, "elements/layer",
          lambda: (LogLinearAttention(option="allocated").state_elems(_adhoc("hattention-mid"), 1)
                   - LogLinearAttention().conv_elems(_adhoc("hattention-mid"), 1))),
        C("mamba2-mid-state", f"{LLA} configs/flame mamba2_mid (derived)", 393_216, "elements/layer",
          lambda: (LinearAttention().state_elems(_adhoc("hattention-mid"), 1)
                   - LinearAttention().conv_elems(_adhoc("hattention-mid"), 1))),
    ]
    return out


CLAIMS: list[Claim] = _claims() + article_claims()


def evaluate_claims(claims: list[Claim] | None = None) -> list[ClaimResult]:
    """Every claim (or ``claims``) recomputed now."""
    return [c.evaluate() for c in (CLAIMS if claims is None else claims)]
