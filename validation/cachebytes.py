"""Cache bytes (and attention parameter counts) of real torch stacks vs costmodel, to the byte.

measured  = sum(t.numel() * t.element_size()) over the stack's cache tensors (allocated by the torch layers
            from their own shapes; small configs are filled by a real decode loop first);
predicted = CacheLayout.build(spec, scheme, kv_fmt, state_fmt, tp=1).seq_bytes(ctx) * batch.
Big preset shapes are built on the meta device (no memory), tiny ones run for real.
"""
from __future__ import annotations

import torch

from costmodel.dtypes import STATE_FORMATS, kv_format
from costmodel.hfconfig import spec_from_config
from costmodel.memory import CacheLayout
from costmodel.presets import get_model
from costmodel.schemes import parse_scheme

from .build import Stack
from .kvstore import available_formats
from .torchutil import param_count

_LLAMA = {"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4,
          "num_key_value_heads": 2, "intermediate_size": 128, "vocab_size": 100, "max_position_embeddings": 64}
TINY = {
    "tiny-llama-gqa": (_LLAMA, [
        "gqa", "mha", "mqa", "mla:kv_lora_rank=32,rope_dim=8", "mla:naive,kv_lora_rank=32,rope_dim=8",
        "mla:latent,kv_lora_rank=64,rope_dim=8", "transmla:kv_lora_rank=32,qk_mqa_dim=8",
        "transmla:hf-naive,kv_lora_rank=32,qk_mqa_dim=8", "tpa:r_q=4,r_k=2,r_v=3",
        "tpa:materialized,r_q=4,r_k=1,r_v=1", "linear:head_dim=16,state_size=16",
        "loglinear:head_dim=16,state_size=16", "loglinear:allocated,head_dim=16,state_size=16"]),
    "tiny-llama-mha": ({**_LLAMA, "num_key_value_heads": 4, "attention_bias": True},
                       ["mha", "slim:1", "slim:1,order=unoptimized"]),
    "tiny-gemma2-sliding": ({**_LLAMA, "model_type": "gemma2", "num_hidden_layers": 4, "head_dim": 16,
                             "sliding_window": 8}, ["gqa", "mla:kv_lora_rank=32,rope_dim=8", "tpa:r_q=2,r_k=1,r_v=2",
                                                    "linear:head_dim=16,state_size=8"]),
    "tiny-deepseek-mla": ({"model_type": "deepseek_v3", "num_hidden_layers": 2, "hidden_size": 64,
                           "num_attention_heads": 4, "kv_lora_rank": 32, "q_lora_rank": 24, "qk_rope_head_dim": 8,
                           "qk_nope_head_dim": 16, "v_head_dim": 16, "intermediate_size": 128, "vocab_size": 100},
                          ["mla", "mla:naive"]),
    "tiny-whisper": ({"model_type": "whisper", "d_model": 64, "decoder_attention_heads": 4, "decoder_layers": 2,
                      "encoder_layers": 1, "decoder_ffn_dim": 128, "encoder_ffn_dim": 128, "vocab_size": 100,
                      "max_source_positions": 12, "max_target_positions": 32},
                     ["mha", "gqa:groups=2", "slim:1", "slim:2"]),
    "tiny-t5": ({"model_type": "t5", "d_model": 32, "d_kv": 16, "num_heads": 8, "num_layers": 2, "d_ff": 64,
                 "vocab_size": 100, "n_positions": 10}, ["mha", "slim:1", "slim:2"]),
}
PRESETS = {
    "deepseek-v3": ["mla", "mla:naive", "mla:latent"],
    "deepseek-v2-lite": ["mla", "gqa:groups=2"],
    "llama-3-70b": ["gqa", "mha", "mqa", "mla:kv_lora_rank=512,rope_dim=64", "transmla", "transmla:hf-naive", "tpa",
                    "tpa:materialized", "linear", "loglinear:max_context=131072",
                    "loglinear:allocated", "loglinear:allocated,max_context=131072"],
    "llama-2-7b": ["mha", "slim:1", "transmla", "tpa:r_q=16,r_k=1,r_v=1"],
    "qwen2.5-72b": ["gqa"],
    "llama-3.1-405b": ["gqa"],
    "whisper-large-v3": ["mha", "slim:1", "slim:2", "gqa:groups=4"],
    "t5-11b": ["mha", "slim:1", "slim:2"],
    "gemma-2-9b": ["gqa", "tpa", "mla", "linear"],
    "gemma-3-12b": ["gqa"],
    "mistral-7b-v0.1": ["gqa"],
    "phi-3-mini-128k": ["mha", "slim:1"],
}
STATE_CYCLE = ("fp32", "bf16", "fp16")


def predicted_bytes(spec, scheme, kv: str, state: str, ctx: int, batch: int) -> int:
    return int(CacheLayout.build(spec, scheme, kv_format(kv), STATE_FORMATS[state], tp=1).seq_bytes(ctx)) * batch


def _check(model, spec, token, stack, kv, state, ctx, batch, device, ran):
    measured = stack.cache_bytes()
    pred = predicted_bytes(spec, stack.scheme, kv, state, ctx, batch)
    return {"id": f"{model}|{token}|{kv}|{state}", "model": model, "scheme": token, "kv_dtype": kv,
            "state_dtype": state, "batch": batch, "ctx": ctx, "layers": spec.n_layers, "device": device,
            "ran_decode": ran, "tensors": len({id(t) for t in stack.cache_tensors()}),
            "measured_bytes": measured, "predicted_bytes": pred, "diff_bytes": measured - pred, "ok": measured == pred}


def _param_row(model, spec, token, stack):
    layer = stack.layers[0]
    return {"id": f"{model}|{token}|attn_params", "model": model, "scheme": token,
            "what": "one decoder self-attention layer",
            "measured": param_count(layer), "predicted": stack.scheme.attn_params(spec),
            "ok": param_count(layer) == stack.scheme.attn_params(spec)}


@torch.inference_mode()
def run(device: torch.device, quick: bool = False) -> tuple[list[dict], list[dict]]:
    """(cache_bytes rows, params rows)."""
    rows, params = [], []
    fmts = available_formats()
    batch, ctx = 2, (20 if quick else 40)
    for i, (model, (cfg, tokens)) in enumerate(TINY.items()):
        spec = spec_from_config(cfg, name=model)
        for j, token in enumerate(tokens):
            scheme = parse_scheme(token)
            torch.manual_seed(0)
            stack = Stack(spec, scheme, device, torch.float32)
            params.append(_param_row(model, spec, token, stack))
            use = fmts if not quick else [fmts[(i + j + k) % len(fmts)] for k in range(0, len(fmts), 2)]
            for k, kv in enumerate(use):
                state = STATE_CYCLE[(j + k) % 3]
                stack.alloc(batch, ctx, kv, state)
                x = torch.randn(batch, ctx, spec.d_model, device=device)
                e = torch.randn(batch, spec.encoder_seq_len, spec.d_model, device=device) if stack.cross else None
                stack.decode(x, e)
                rows.append(_check(model, spec, token, stack, kv, state, ctx, batch, device.type, True))
    meta_ctx = [32_768] if quick else [4_096, 131_072]
    for i, (model, tokens) in enumerate(PRESETS.items()):
        spec = get_model(model)
        for j, token in enumerate(tokens):
            stack = Stack(spec, parse_scheme(token), "meta", torch.bfloat16)
            params.append(_param_row(model, spec, token, stack))
            for c in meta_ctx:
                for k, kv in enumerate(fmts if not quick else fmts[(i + j) % 2::2]):
                    state = STATE_CYCLE[(i + j + k) % 3]
                    stack.alloc(4, c, kv, state)
                    rows.append(_check(model, spec, token, stack, kv, state, c, 4, "meta", False))
    return rows, params
