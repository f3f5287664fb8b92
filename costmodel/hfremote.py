"""Hand mappings for remote-code config formats that transformers 5.24.0 has no class for, each with its source.

* ``chatglm`` (THUDM ChatGLM2/3-6B, GLM-4-9B-chat before the in-library ``glm`` port): read as vLLM reads it,
  vllm-project/vllm:vllm/model_executor/models/chatglm.py@028aedf62adee9d2a1e99d4cda7c1ce1c997c8cc (GLMAttention,
  GLMMLP, GLMBlock, ChatGLMModel) with the defaults of vllm/transformers_utils/configs/chatglm.py@0531c222:
  KV heads = ``multi_query_group_num`` when ``multi_query_attention``, head dim ``kv_channels``, SwiGLU MLP of
  ``ffn_hidden_size``, embedding and separate ``output_layer`` of ``padded_vocab_size``, q/k/v bias when
  ``add_bias_linear or add_qkv_bias``, dense/MLP bias when ``add_bias_linear``.
* ``RefinedWeb`` / ``RefinedWebModel`` (Falcon's original custom code): translated to the in-library ``falcon``
  config exactly as huggingface/transformers:src/transformers/models/falcon/convert_custom_code_checkpoint.py
  @15ea02a2add1672acbeee158a9448720d6093de1 does (n_head -> num_attention_heads, n_layer -> num_hidden_layers,
  n_head_kv -> num_kv_heads with new_decoder_architecture, else new_decoder_architecture false), then read by
  transformers' FalconConfig.
* ``kimi_k2`` (moonshotai/Kimi-K2): the file names ``DeepseekV3ForCausalLM`` and
  ``configuration_deepseek.DeepseekV3Config`` in ``architectures`` / ``auto_map``: read with transformers'
  ``deepseek_v3`` config class.
"""
from __future__ import annotations

from typing import Any

from .hfarch import Fields

CHATGLM_DEFAULTS = dict(num_layers=28, padded_vocab_size=65024, hidden_size=4096, ffn_hidden_size=13696,
                        kv_channels=128, num_attention_heads=32, seq_length=2048, rmsnorm=True, post_layer_norm=True,
                        add_bias_linear=False, add_qkv_bias=False, multi_query_attention=False,
                        multi_query_group_num=1, tie_word_embeddings=False)
# model_type -> the transformers model_type whose config class reads the (translated) file
ALIASES = {"refinedweb": "falcon", "refinedwebmodel": "falcon", "kimi_k2": "deepseek_v3"}
HAND_MAPPED = ("chatglm",)


def chatglm(cfg: dict) -> dict:
    """ModelSpec fields of a ChatGLM-format config (see the module docstring)."""
    f = Fields({**CHATGLM_DEFAULTS, **{k: v for k, v in cfg.items() if v is not None}})
    h = f.int("num_attention_heads")
    kv = f.int("multi_query_group_num") if f.flag("multi_query_attention", False) else h
    hd = f.int("kv_channels")
    add_bias = f.flag("add_bias_linear", False)
    return dict(arch="decoder", n_layers=f.int("num_layers", "num_hidden_layers"), d_model=f.int("hidden_size"),
                n_heads=h, n_kv_heads=kv, head_dim=hd, v_head_dim=hd, d_ff=f.int("ffn_hidden_size"), ffn_gated=True,
                vocab_size=f.int("padded_vocab_size", "vocab_size"),
                tied_embeddings=f.flag("tie_word_embeddings", False), max_position=f.int("seq_length"),
                qkv_bias=add_bias or f.flag("add_qkv_bias", False), out_bias=add_bias, mlp_bias=add_bias,
                rope=True, norms_per_layer=2 if f.flag("rmsnorm", True) else 4,
                final_norm_vectors=(1 if f.flag("rmsnorm", True) else 2) if f.flag("post_layer_norm", True) else 0)


def translate(model_type: str, cfg: dict) -> tuple[str, dict[str, Any]]:
    """(transformers model_type, config dict) for an aliased remote-code format."""
    target = ALIASES[model_type.lower()]
    if target != "falcon":
        return target, cfg
    out = {k: v for k, v in cfg.items() if k not in ("n_head", "n_layer", "n_head_kv", "auto_map")}
    if "n_head" in cfg:
        out["num_attention_heads"] = cfg["n_head"]
    if "n_layer" in cfg:
        out["num_hidden_layers"] = cfg["n_layer"]
    if "n_head_kv" in cfg:
        out["num_kv_heads"], out["new_decoder_architecture"] = cfg["n_head_kv"], True
    else:
        out["new_decoder_architecture"] = False
    return target, out
