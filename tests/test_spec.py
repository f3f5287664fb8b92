"""ModelSpec from config.json: field handling and parameter counts against published totals.

Published totals: /work/shared/reference/papers.md §6 (computed from the configs, matching the model cards):
LLaMA-65B 65.29B, Llama-2-70B 68.98B, Llama-3-70B 70.55B, Llama-3.1-8B 8.03B, Llama-3.1-405B 405.85B,
Qwen2.5-7B 7.62B, Qwen2.5-72B 72.71B, Mistral-7B 7.24B, DeepSeek-67B 67.43B, DeepSeek-V2 235.7B,
DeepSeek-V3 671.0B (MTP module not counted), Gemma-2-9B 9.24B, Gemma-2-27B 27.23B, Whisper-large-v3 1.55B.
"""
import json

import pytest

from costmodel import ConfigError, get_model, load_presets, parse_config_text, spec_from_config

PUBLISHED_PARAMS_B = {
    "llama-65b": 65.29, "llama-2-70b": 68.98, "llama-3-70b": 70.55, "llama-3.1-8b": 8.03, "llama-3.1-405b": 405.85,
    "qwen2.5-7b": 7.62, "qwen2.5-72b": 72.71, "mistral-7b-v0.1": 7.24, "deepseek-llm-67b": 67.43,
    "deepseek-v2": 235.7, "deepseek-v3": 671.0, "gemma-2-9b": 9.24, "gemma-2-27b": 27.23, "llama-2-7b": 6.74,
    "whisper-large-v3": 1.54, "t5-11b": 11.3, "mixtral-8x7b": 46.7, "deepseek-v2-lite": 15.7,
}


@pytest.mark.parametrize("pid,billions", sorted(PUBLISHED_PARAMS_B.items()))
def test_param_counts_match_published(pid, billions):
    # MoE experts are all counted (memory needs every expert resident).
    assert get_model(pid).total_params() / 1e9 == pytest.approx(billions, abs=0.01 if billions < 100 else 0.1)


def test_required_presets_present():
    need = {"llama-65b", "llama-2-70b", "llama-3-70b", "llama-3.1-8b", "llama-3.1-405b", "qwen2.5-7b", "qwen2.5-72b",
            "mistral-7b-v0.1", "deepseek-llm-67b", "deepseek-v2", "deepseek-v3", "whisper-large-v3", "t5-11b",
            "gemma-2-9b"}
    assert need <= set(load_presets())


def test_head_dim_from_config_when_present():
    # Gemma-2-9B: 16 heads x head_dim 256 = 4096 != hidden 3584; the config's head_dim must win.
    s = get_model("gemma-2-9b")
    assert (s.d_model, s.n_heads, s.head_dim) == (3584, 16, 256)
    cfg = dict(hidden_size=3584, num_attention_heads=16, num_hidden_layers=2, intermediate_size=10, vocab_size=10)
    assert spec_from_config(cfg).head_dim == 224
    assert spec_from_config({**cfg, "head_dim": 256}).head_dim == 256


def test_sliding_window_layers():
    assert (get_model("gemma-2-9b").n_sliding_layers, get_model("gemma-2-9b").sliding_window) == (21, 4096)
    g3 = get_model("gemma-3-12b")  # pattern 6: 5 local : 1 global over 48 layers -> 40 local
    assert (g3.n_sliding_layers, g3.sliding_window, g3.n_full_layers) == (40, 1024, 8)
    assert get_model("mistral-7b-v0.1").n_sliding_layers == 32
    assert get_model("qwen2.5-7b").n_sliding_layers == 0  # use_sliding_window: false
    cfg = dict(hidden_size=64, num_attention_heads=4, num_hidden_layers=3, intermediate_size=8, vocab_size=10,
               sliding_window=16, layer_types=["sliding_attention", "full_attention", "sliding_attention"])
    assert spec_from_config(cfg).n_sliding_layers == 2


def test_mla_and_moe_fields():
    v3 = get_model("deepseek-v3")
    assert ((v3.kv_lora_rank, v3.qk_rope_head_dim, v3.head_dim, v3.v_head_dim, v3.q_lora_rank)
            == (512, 64, 192, 128, 1536))
    assert ((v3.n_routed_experts, v3.experts_per_token, v3.n_moe_layers, v3.moe_d_ff, v3.shared_d_ff)
            == (256, 8, 58, 2048, 2048))
    assert v3.native_attention == "mla"
    assert get_model("deepseek-v2-lite").q_lora_rank == 0


def test_encoder_decoder_fields():
    w = get_model("whisper-large-v3")
    assert ((w.arch, w.n_layers, w.n_encoder_layers, w.encoder_seq_len, w.rope)
            == ("encoder-decoder", 32, 32, 1500, False))
    t5 = get_model("t5-11b")
    assert (t5.d_model, t5.n_heads, t5.head_dim, t5.n_heads * t5.head_dim) == (1024, 128, 128, 16384)


def test_nested_text_config():
    inner = dict(model_type="gemma3_text", hidden_size=64, num_attention_heads=4, num_key_value_heads=2,
                 num_hidden_layers=2, intermediate_size=8, vocab_size=10, head_dim=32)
    s = spec_from_config({"model_type": "gemma3", "text_config": inner, "_kvcost": {"display_name": "X"}})
    assert (s.name, s.n_kv_heads, s.head_dim, s.tied_embeddings) == ("X", 2, 32, True)


@pytest.mark.parametrize("text,fragment", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ('{"hidden_size": 64, "num_attention_heads": 0, "num_hidden_layers": 2, "vocab_size": 5}', "num_attention_heads"),
    ('{"hidden_size": 64, "num_attention_heads": 3, "num_hidden_layers": 2, "vocab_size": 5}', "divisible"),
    ('{"hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 3, "num_hidden_layers": 2, "vocab_size": 5}',
     "multiple"),
    ('{"hidden_size": "big", "num_attention_heads": 4, "num_hidden_layers": 2, "vocab_size": 5}', "integer"),
    ('{"hidden_size": 64.5, "num_attention_heads": 4, "num_hidden_layers": 2, "vocab_size": 5}', "integer"),
    ('{"num_attention_heads": 4}', "num_hidden_layers"),
    ("[" * 40 + "]" * 40, "JSON object"),
    ('{"a":' * 40 + "1" + "}" * 40, "nested deeper"),
])
def test_malformed_configs_give_one_line_errors(text, fragment):
    with pytest.raises(ConfigError) as err:
        parse_config_text(text)
    assert fragment in str(err.value) and "\n" not in str(err.value)


def test_config_size_limit():
    with pytest.raises(ConfigError, match="limit"):
        parse_config_text("{" + " " * 2_000_000 + "}")


def test_preset_round_trip_through_text():
    from costmodel.presets import CONFIG_DIR
    text = (CONFIG_DIR / "llama-3-70b.json").read_text()
    assert parse_config_text(text) == get_model("llama-3-70b")
    assert json.loads(text)["_kvcost"]["source"]
