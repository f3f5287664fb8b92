"""Real published config.json files (tests/data/configs, sources in its SOURCES.md), read as the libraries read
them: KV bytes per token, parameter counts, quantized weight bytes and fit verdicts against the hand derivations
written out in tests/data/configs/SOURCES.md ("Hand derivations") and the model cards quoted there.

Conventions: KV bf16 (2 B/element), K and V cached, all layers, one sequence; parameters count every MoE expert;
"active" parameters exclude the input embedding (decode reads only the batch's rows)."""
import json
from pathlib import Path

import pytest

from costmodel import ConfigError, SchemeError, estimate, get_model, parse_config_text
from costmodel.dtypes import KV_FORMATS, STATE_FORMATS
from costmodel.memory import CacheLayout, weight_bytes
from costmodel.quant import weight_storage
from costmodel.schemes import native_scheme

DATA = Path(__file__).resolve().parent / "data" / "configs"


def spec(name: str):
    return get_model(str(DATA / f"{name}.json"))


def kv_token_bytes(s, tp: int = 1) -> int:
    return CacheLayout.build(s, native_scheme(s), KV_FORMATS["bf16"], STATE_FORMATS["fp32"], tp).token_bytes


# file -> (KV bytes/token bf16 all layers, total parameters): SOURCES.md "Hand derivations" (formulas P1-P29),
# KV column from SOURCES.md's table (2 x n_kv x head_dim x 2 B x layers; MLA (kv_lora_rank + rope) x 2 B x layers).
HAND = {
    "falcon-7b": (8_192, 6_921_720_704),  # multi_query: 1 KV head, not 71
    "falcon-40b": (122_880, 41_303_293_952),  # new_decoder_architecture: num_kv_heads 8
    "chatglm3-6b": (28_672, 6_243_584_000),  # multi_query_group_num 2, padded_vocab_size 65024
    "glm-4-9b-chat": (40_960, 9_399_951_360),
    "glm-4-9b-chat-hf": (40_960, 9_399_951_360),  # transformers' glm class: same model, same numbers
    "gemma-3-1b-it": (26_624, 999_872_640),
    "gemma-3-4b-it": (139_264, 3_880_245_760),  # vocab 262208 and pattern 6 from Gemma3TextConfig defaults
    "gemma-3-27b-it": (507_904, 27_009_330_432),
    "llama-4-scout-17b-16e-instruct": (196_608, 107_769_861_120),
    "llama-4-scout-17b-16e-instruct-fp8-dynamic": (196_608, 107_769_861_120),
    "llama-4-maverick-17b-128e-instruct": (196_608, 400_711_848_960),
    "c4ai-command-r-plus": (262_144, 103_809_822_720),
    "c4ai-command-r-v01-exl2-6_5": (1_310_720, 34_980_831_232),
    "qwen3-8b": (147_456, 8_190_726_144),
    "qwen3-32b-fp8": (262_144, 32_762_106_880),
    "qwen3-30b-a3b": (98_304, 30_532_110_336),
    "qwen3-30b-a3b-fp8": (98_304, 30_532_110_336),
    "qwen1.5-moe-a2.7b-chat": (196_608, 14_315_735_040),
    "mistral-nemo-instruct-2407": (163_840, 12_247_782_400),  # head_dim 128 given (5120/32 would be 160)
    "llama-2-7b-awq": (524_288, 6_738_415_616),
    "gemma-2-27b-it-gptq-int4": (376_832, 27_227_128_320),
    "gpt-oss-20b": (49_152, 20_914_754_880),
    "gpt-oss-120b": (73_728, 116_829_149_760),
    "deepseek-v2-lite": (31_104, 15_706_484_224),
    "deepseek-r1": (70_272, 671_026_404_352),
    "kimi-k2-instruct": (70_272, 1_026_408_209_408),
    "starcoder2-15b": (81_920, 15_957_889_024),
    "pythia-6.9b": (524_288, 6_857_302_016),
}
# model cards (SOURCES.md): total parameters in billions and the rounding they are printed with
CARD_B = {"falcon-7b": (7, 0.5), "falcon-40b": (40, 1.5), "chatglm3-6b": (6, 0.5), "glm-4-9b-chat": (9, 0.5),
          "gemma-3-1b-it": (1, 0.05), "c4ai-command-r-plus": (104, 0.5), "c4ai-command-r-v01-exl2-6_5": (35, 0.5),
          "qwen3-8b": (8.2, 0.05), "qwen3-32b-fp8": (32.8, 0.05), "qwen3-30b-a3b": (30.5, 0.05),
          "qwen1.5-moe-a2.7b-chat": (14.3, 0.05), "mistral-nemo-instruct-2407": (12, 0.5),
          "gpt-oss-20b": (20.9, 0.05), "gpt-oss-120b": (116.8, 0.05), "deepseek-v2-lite": (15.7, 0.05),
          "deepseek-r1": (671, 0.5), "kimi-k2-instruct": (1040, 15), "starcoder2-15b": (15.96, 0.05),
          "llama-4-maverick-17b-128e-instruct": (400, 3)}


def test_the_data_folder_holds_at_least_15_sourced_configs():
    files = sorted(p.stem for p in DATA.glob("*.json"))
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert len(files) >= 15
    for stem in files:
        assert f"{stem}.json" in sources, stem
        json.loads((DATA / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(HAND))
def test_kv_bytes_and_parameters_equal_the_hand_derivation(name):
    s = spec(name)
    kv, params = HAND[name]
    assert kv_token_bytes(s) == kv
    assert s.total_params() == params
    if name in CARD_B:
        billions, tol = CARD_B[name]
        assert abs(params / 1e9 - billions) <= tol


def test_falcon_multi_query_is_one_kv_head_and_embeddings_are_tied():
    # modeling_falcon.py: num_kv_heads only with new_decoder_architecture; multi_query -> 1; FalconConfig ties.
    f7 = spec("falcon-7b")
    assert (f7.n_heads, f7.n_kv_heads, f7.head_dim, f7.tied_embeddings, f7.ffn_gated) == (71, 1, 64, True, False)
    f40 = spec("falcon-40b")
    assert (f40.n_heads, f40.n_kv_heads, f40.tied_embeddings) == (128, 8, True)
    # Falcon-7B on an RTX 4090 at 2048 tokens x 64 sequences: KV 8,192 x 2048 x 64 = 1,073,741,824 B (fits);
    # read as MHA it would be 71 x larger (76.2 GB, no fit). Weights 6,921,720,704 x 2 B.
    e = estimate(f7, "rtx-4090", context=2048, batch=64)
    assert (e.memory.kv_bytes, e.memory.weight_bytes) == (1_073_741_824, 13_843_441_408)
    assert e.fits and 71 * e.memory.kv_bytes + e.memory.weight_bytes > e.memory.capacity_bytes


def test_chatglm_remote_code_format_is_read_by_its_hand_mapping():
    g = spec("glm-4-9b-chat")
    assert (g.n_layers, g.n_kv_heads, g.head_dim, g.vocab_size, g.max_position) == (40, 2, 128, 151552, 131072)
    assert "hand mapping" in g.source
    hf = spec("glm-4-9b-chat-hf")  # the same model in transformers' own glm format
    assert (hf.n_kv_heads, hf.total_params(), hf.native_attn_params()) == (2, g.total_params(), g.native_attn_params())
    # GLM-4-9B on an RTX 4090 at 64K: KV 40,960 x 65,536 = 2,684,354,560 B; weights 2 x 9,399,951,360 B: fits.
    # With the 32 query heads cached (16x the KV: 42.9 GB) it would not.
    e = estimate(g, "rtx-4090", context=65536)
    assert (e.memory.kv_bytes, e.memory.weight_bytes) == (2_684_354_560, 18_799_902_720)
    assert e.fits and e.memory.total_bytes + 15 * e.memory.kv_bytes > e.memory.capacity_bytes


def test_gemma3_published_text_config_gets_the_library_defaults():
    g4 = spec("gemma-3-4b-it")  # text_config omits vocab_size, sliding_window_pattern, heads, head_dim
    assert (g4.vocab_size, g4.n_heads, g4.n_kv_heads, g4.head_dim) == (262208, 8, 4, 256)
    assert (g4.n_sliding_layers, g4.sliding_window, g4.n_full_layers) == (29, 1024, 5)  # (i+1) % 6 == 0 global
    g27 = spec("gemma-3-27b-it")
    assert (g27.n_sliding_layers, g27.sliding_window, g27.n_full_layers) == (52, 1024, 10)
    # 27B on an H100 at 128K: global 10 x 8,192 B x 131,072 + local 52 x 8,192 B x 1,024 = 11,173,625,856 B; the
    # longest context is bounded: floor((capacity - weights - reserve - activations - local cache) / 81,920).
    e = estimate(g27, "h100-sxm-80gb", context=131072)
    assert e.memory.kv_bytes == 10 * 8192 * 131072 + 52 * 8192 * 1024 == 11_173_625_856
    assert e.memory.weight_bytes == 2 * 27_009_330_432 and e.fits
    m = e.memory
    assert e.max_context_tokens == (m.capacity_bytes - m.weight_bytes - m.reserve_bytes - m.activation_bytes
                                    - 52 * 8192 * 1024) // 81920 == 353_200


def test_a_shape_field_a_config_leaves_to_its_class_is_read_so_and_warned():
    """gemma-3-4b-it's published text_config omits its head count: Gemma3TextConfig's default 8 is the model's
    (Gemma 3 report: 8 query heads at 4B), so it is read, as transformers reads it, and the estimate says so. A Llama
    config without num_hidden_layers gets LlamaConfig's 32 the same way: a truncated file would otherwise be sized
    as another model with no word. Every other real config here gives all three shape fields."""
    assert spec("gemma-3-4b-it").defaulted == ("num_attention_heads = 8",)
    e = estimate(spec("gemma-3-4b-it"), "h100-sxm-80gb", context=4096)
    assert ("config.json does not give num_attention_heads = 8 (its config class's default, used as transformers "
            "uses it); check that it is this model's") in e.warnings
    others = [p.stem for p in DATA.glob("*.json") if p.stem not in ("gemma-3-4b-it", "jamba-v0.1")]
    assert len(others) >= 20 and not [n for n in others if spec(n).defaulted]
    cut = {"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 8,
           "intermediate_size": 14336, "vocab_size": 128256}
    s = parse_config_text(json.dumps(cut))
    assert s.n_layers == 32 and s.defaulted == ("num_hidden_layers = 32",)


def test_llama4_shared_expert_interleave_and_chunked_attention():
    sc = spec("llama-4-scout-17b-16e-instruct")
    assert (sc.n_moe_layers, sc.n_routed_experts, sc.moe_d_ff, sc.shared_d_ff, sc.d_ff) == (48, 16, 8192, 8192, 16384)
    assert (sc.n_chunked_layers, sc.attention_chunk, sc.n_full_layers) == (36, 8192, 12)  # NoPE every 4th layer
    assert sc.active_params() == 16_138_408_960  # SOURCES.md P9a: card "17B active" (incl. vision), HF blog ~17B
    mv = spec("llama-4-maverick-17b-128e-instruct")
    assert (mv.n_moe_layers, mv.n_routed_experts) == (24, 128)  # interleave_moe_layer_step 2
    # Scout on 4 x H100 at 1M tokens: per GPU 2 KV heads -> 1,024 B/token/layer; 12 full layers x 1,048,576 tokens
    # + 36 chunked layers x 8,192 tokens = 13,186,891,776 B: fits; without the chunk cap 51.5 GB: no fit.
    e = estimate(sc, "h100-sxm-80gb", context=1048576, tp=4)
    assert e.memory.kv_bytes == 1024 * (12 * 1048576 + 36 * 8192) == 13_186_891_776
    assert e.memory.weight_bytes == 107_769_861_120 * 2 // 4 and e.fits
    assert e.memory.total_bytes - e.memory.kv_bytes + 48 * 1024 * 1048576 > e.memory.capacity_bytes


def test_tie_word_embeddings_defaults_as_the_library_does():
    cr = spec("c4ai-command-r-plus")  # no tie_word_embeddings key: CohereConfig default True
    assert cr.tied_embeddings and "tie_word_embeddings" not in (DATA / "c4ai-command-r-plus.json").read_text()
    untied = cr.model_copy(update={"tied_embeddings": False})
    assert untied.total_params() - cr.total_params() == 256000 * 12288
    # 2 x H200, TP 2, 32K x 10 sequences: weights 103,809,822,720 x 2 B / 2, KV 10 x 32,768 x 131,072 B per GPU.
    # Tied it fits (149.2 GB of 150.75 GB); untied it would not (+3.15 GB per GPU).
    e = estimate(cr, "h200-sxm-141gb", context=32768, batch=10, tp=2)
    assert (e.memory.weight_bytes, e.memory.kv_bytes) == (103_809_822_720, 42_949_672_960)
    assert e.fits and e.memory.total_bytes + 256000 * 12288 * 2 // 2 > e.memory.capacity_bytes
    assert spec("starcoder2-15b").tied_embeddings is False  # present and false (Starcoder2Config default True)


@pytest.mark.parametrize("tp,ok", [(1, True), (2, True), (4, True), (8, True), (16, True), (6, False), (12, False),
                                   (5, False)])
def test_tensor_parallel_follows_vllms_head_rule(tp, ok):
    # Command R+: 96 query heads, 8 KV heads. vLLM llama.py: tp >= kv -> tp % kv == 0 (replicate), else kv % tp == 0;
    # query heads % tp == 0. tp 6: 8 % 6; tp 12: 12 % 8; tp 5: 96 % 5.
    cr = spec("c4ai-command-r-plus")
    if ok:
        e = estimate(cr, "h200-sxm-141gb", context=1024, tp=tp)
        assert e.kv_bytes_per_token_per_gpu == 64 * 2 * max(1, 8 // tp) * 128 * 2
    else:
        with pytest.raises(SchemeError) as err:
            estimate(cr, "h200-sxm-141gb", context=1024, tp=tp)
        assert "\n" not in str(err.value) and str(tp) in str(err.value)


def test_compare_lists_a_scheme_the_tp_cannot_split_as_not_applicable():
    from costmodel import compare, default_schemes

    ests, skipped = compare(spec("c4ai-command-r-plus"), "h200-sxm-141gb", default_schemes(), context=1024, tp=6)
    assert "GQA (8 KV heads)" in skipped and "does not divide the 8 KV heads" in skipped["GQA (8 KV heads)"]
    assert {"MHA", "MQA"} <= {e.scheme for e in ests}  # 96 and 1 KV heads split (or replicate) over 6 GPUs


def test_tensor_parallel_refuses_heads_that_do_not_divide():
    with pytest.raises(SchemeError, match="71 attention heads"):
        estimate(spec("falcon-7b"), "h100-sxm-80gb", context=1024, tp=2)
    e = estimate(spec("chatglm3-6b"), "h100-sxm-80gb", context=1024, tp=8)  # 2 KV groups replicated 4x
    assert e.kv_bytes_per_token_per_gpu == 28 * 2 * 1 * 128 * 2


def test_names_come_from_the_config_or_the_file_never_the_folder():
    assert spec("falcon-7b").name == "falcon-7b"  # no _name_or_path: the file name
    assert spec("llama-2-7b-awq").name == "Llama-2-7b-hf"  # _name_or_path meta-llama/Llama-2-7b-hf
    assert spec("starcoder2-15b").name == "starcoder2-15b"  # _name_or_path is a local /aot/.../config.json
    assert spec("glm-4-9b-chat").name == "glm4-9b-chat"  # the file's own _name_or_path "THUDM/glm4-9b-chat"
    cfg = json.loads((DATA / "qwen3-8b.json").read_text())
    assert parse_config_text(json.dumps(cfg), file_name="config.json").name == "Qwen3ForCausalLM"


def test_hybrid_models_are_refused_not_misread():
    with pytest.raises(ConfigError, match="jamba"):
        spec("jamba-v0.1")


# ------------------------------------------------------------------------------------------------ quantization
def checkpoint_bytes(name: str, tp: int = 1) -> int:
    s = spec(name)
    return weight_bytes(s, native_scheme(s), weight_storage("checkpoint", s.quantization, s.checkpoint_bits), tp)


def test_mxfp4_experts_of_gpt_oss_fit_one_h100():
    # SOURCES.md Q1: experts 114,701,598,720 params x 4 bits + one 8-bit scale per 32 = 60,935,224,320 B; the other
    # 2,127,551,040 params in bf16 = 4,255,102,080 B -> 65,190,326,400 B (the published checkpoint is ~65 GB).
    q = spec("gpt-oss-120b").quantization
    assert (q.method, q.bits, q.group_size, q.scale_bits, q.quantized) == ("mxfp4", 4, 32, 8, ("routed_experts",))
    assert checkpoint_bytes("gpt-oss-120b") == 65_190_326_400
    e = estimate(str(DATA / "gpt-oss-120b.json"), "h100-sxm-80gb", context=131072, weight_dtype="checkpoint")
    assert e.fits and e.memory.kv_bytes == 18 * 2048 * 131072 + 18 * 2048 * 128
    assert e.to_dict()["checkpoint_quantization"]["method"] == "mxfp4"
    bf16 = estimate(str(DATA / "gpt-oss-120b.json"), "h100-sxm-80gb", context=131072)
    assert not bf16.fits and any("pre-quantized" in w for w in bf16.warnings)


def test_awq_int4_groups_of_128_with_zero_points():
    # Q2: 6,476,005,376 quantized params x 4 bits = 3,238,002,688 B + 50,593,792 groups x (fp16 scale + 4-bit zero)
    # = 126,484,480 B; embeddings, lm_head and norms in fp16: 262,410,240 params = 524,820,480 B. Total
    # 3,889,307,648 B (TheBloke/Llama-2-7B-AWQ's model.safetensors: 3.89 GB).
    assert checkpoint_bytes("llama-2-7b-awq") == 3_889_307_648
    e = estimate(str(DATA / "llama-2-7b-awq.json"), "rtx-4060", context=4096, weight_dtype="checkpoint")
    assert e.fits and e.memory.kv_bytes == 524_288 * 4096
    assert not estimate(str(DATA / "llama-2-7b-awq.json"), "rtx-4060", context=4096).fits


def test_fp8_block_scales_and_modules_not_converted():
    # Q3: DeepSeek-R1 fp8 e4m3, one fp32 scale per 128x128 block: 669,065,734,144 params x 1 B + 163,346,128 B of
    # scales + 1,960,670,208 bf16 params (embeddings, lm_head, routers, norms) x 2 B = 673,150,420,688 B.
    assert checkpoint_bytes("deepseek-r1") == 673_150_420_688
    r1 = str(DATA / "deepseek-r1.json")
    assert estimate(r1, "h200-sxm-141gb", context=131072, tp=8, weight_dtype="checkpoint").fits
    assert not estimate(r1, "h200-sxm-141gb", context=131072, tp=8).fits  # as bf16: 167.8 GB per GPU
    # Qwen3-30B-A3B-FP8 lists lm_head, the norms and every mlp.gate (router) as not converted.
    q = spec("qwen3-30b-a3b-fp8").quantization
    assert "attention" in q.quantized and "routed_experts" in q.quantized and "router" not in q.quantized


def test_gptq_compressed_tensors_and_exl2_are_read():
    q = spec("gemma-2-27b-it-gptq-int4").quantization
    assert (q.method, q.bits, q.group_size, q.scale_bits) == ("gptq", 4, 128, 20)  # fp16 scale + 4-bit zero
    # Llama-4 Scout FP8-dynamic: compressed-tensors, per-channel fp8; `ignore` lists every attention projection,
    # the routers and lm_head: only the MoE and shared experts are fp8. Q4: experts + shared 102,676,561,920 params
    # x 1 B + the rest 5,093,299,200 params x 2 B = 112,863,160,320 B.
    ct = spec("llama-4-scout-17b-16e-instruct-fp8-dynamic").quantization
    assert (ct.method, ct.bits, ct.fmt, ct.quantized) == ("compressed-tensors", 8, "e4m3",
                                                           ("dense_ffn", "routed_experts", "shared_experts"))
    assert checkpoint_bytes("llama-4-scout-17b-16e-instruct-fp8-dynamic") == 112_863_160_320
    ex = spec("c4ai-command-r-v01-exl2-6_5").quantization
    assert (ex.method, ex.bits, ex.lm_head_bits) == ("exl2", 6.5, 8)


def test_quantization_shows_in_text_output():
    from costmodel.cli import render

    e = estimate(str(DATA / "qwen3-32b-fp8.json"), "h100-sxm-80gb", context=8192, weight_dtype="checkpoint")
    text = render(e)
    assert "checkpoint quantization: fp8" in text and "weights checkpoint (fp8)" in text


def test_the_app_shows_the_checkpoint_quantization_and_sizes_it_on_request():
    from streamlit.testing.v1 import AppTest

    from costmodel.units import fmt_bytes

    at = AppTest.from_file(str(DATA.parent.parent.parent / "app.py"), default_timeout=60).switch_page("ui/fit.py").run()
    at.radio(key="fit.src").set_value("paste").run()
    at.text_area(key="fit.paste").set_value((DATA / "gpt-oss-120b.json").read_text()).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Checkpoint quantization: mxfp4" in c.value for c in at.caption)
    assert any("pre-quantized" in w.value for w in at.warning)  # bf16 default: a warning says so
    at.text_input(key="fit.ctx").set_value("128K").run()
    at.selectbox(key="fit.wdt").set_value("checkpoint").run()
    assert not at.exception and not at.error
    weights = [m for m in at.metric if m.value == fmt_bytes(65_190_326_400)]  # Q1
    assert weights and at.success  # fits one H100
