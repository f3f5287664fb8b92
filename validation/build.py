"""Build a torch decoder stack for (ModelSpec, Scheme): the layers and their caches.

Only the model's shape (ModelSpec fields) and the scheme's own options (groups, ranks, latent dims, the
state hyper-parameters) are read here; cache shapes come from the torch layers themselves, never from
``cache_rows``/``state_elems``/``CacheLayout``, so comparing bytes against costmodel is not circular.
"""
from __future__ import annotations

import torch

from costmodel.schemes import GQA, MLA, MQA, TPA, LinearAttention, LogLinearAttention, SlimAttention, TransMLA
from costmodel.spec import ModelSpec

from .attn_linear import Mamba2Attention, fenwick_levels
from .attn_mla import MLAAttention
from .attn_slim import SharedEncoderOutput, SlimAttention as SlimLayer, SlimCross
from .attn_std import StdAttention, StdCross
from .attn_tpa import TPAAttention
from .torchutil import tensor_bytes


def _loglinear_max_levels(scheme: LogLinearAttention, spec: ModelSpec) -> int:
    """Lambda levels the model is built for: ceil(log2 max_len) + 1 (hattention get_num_levels)."""
    max_len = scheme.max_context or spec.max_position or 16_384
    return (max_len - 1).bit_length() + 1


def self_layer(spec: ModelSpec, scheme, window: int | None, device, dtype):
    """One decoder self-attention layer of ``scheme`` on ``spec``'s shape."""
    d, h, dk, dv, rope = spec.d_model, spec.n_heads, spec.head_dim, spec.v_head_dim, spec.rope
    kw = dict(device=device, dtype=dtype)
    if isinstance(scheme, LinearAttention):  # LogLinearAttention is a subclass
        levels = _loglinear_max_levels(scheme, spec) if isinstance(scheme, LogLinearAttention) else None
        return Mamba2Attention(d, scheme.head_dim, scheme.state_size, scheme.expand, scheme.conv_kernel,
                               scheme.n_groups, levels, **kw)
    if isinstance(scheme, (GQA, MQA)):  # MHA and MQA subclass GQA
        return StdAttention(d, h, scheme.n_kv(spec), dk, dv, rope, window, spec.qkv_bias, spec.out_bias, **kw)
    if isinstance(scheme, MLA):
        m = scheme.dims(spec)
        return MLAAttention(d, h, m.d_c, m.d_r, m.d_n, m.d_v, m.d_cq, scheme.option, window, **kw)
    if isinstance(scheme, TransMLA):
        mode = "naive" if scheme.option == "hf-naive" else "absorbed"
        return MLAAttention(d, h, scheme.kv_lora_rank, scheme.qk_mqa_dim, dk, dv, 0, mode, window, **kw)
    if isinstance(scheme, TPA):
        mode = "factor" if scheme.option == "factor" else "materialized"
        return TPAAttention(d, h, dk, dv, scheme.r_q, scheme.r_k, scheme.r_v, mode, window, **kw)
    if isinstance(scheme, SlimAttention):
        return SlimLayer(d, h, dk, dv, scheme.option, scheme.order, rope, window, spec.qkv_bias, spec.out_bias, **kw)
    raise ValueError(f"no torch layer for {scheme!r}")


def cross_layer(spec: ModelSpec, scheme, device, dtype):
    kw = dict(device=device, dtype=dtype)
    if isinstance(scheme, SlimAttention):
        return SlimCross(spec.d_model, spec.n_heads, spec.head_dim, spec.v_head_dim, scheme.option, scheme.order,
                         spec.qkv_bias, spec.out_bias, **kw)
    if isinstance(scheme, (GQA, MQA)):
        return StdCross(spec.d_model, spec.n_heads, scheme.n_kv(spec), spec.head_dim, spec.v_head_dim, spec.qkv_bias,
                        spec.out_bias, **kw)
    raise ValueError(f"{scheme.key} has no cross-attention layer")


class Stack:
    """All decoder layers of a model (self-attention, plus cross-attention for encoder-decoder models)."""

    def __init__(self, spec: ModelSpec, scheme, device="cpu", dtype=torch.float32):
        self.spec, self.scheme, self.device, self.dtype = spec, scheme, torch.device(device), dtype
        windowed = not isinstance(scheme, LinearAttention)  # a recurrent state has no window
        n_win = spec.n_sliding_layers if windowed else 0
        # Gemma-2 style: sliding-window layers interleaved with global ones (placement does not change bytes)
        win_idx = set(range(0, 2 * n_win, 2)) if 2 * n_win <= spec.n_layers else set(range(n_win))
        self.layers = [self_layer(spec, scheme, spec.sliding_window if i in win_idx else None, device, dtype)
                       for i in range(spec.n_layers)]
        self.cross = ([cross_layer(spec, scheme, device, dtype) for _ in range(spec.n_layers)]
                      if spec.arch == "encoder-decoder" else [])
        self.shared: SharedEncoderOutput | None = None

    def alloc(self, batch: int, ctx: int, kv_fmt: str, state_fmt: str = "fp32") -> "Stack":
        allocated = isinstance(self.scheme, LogLinearAttention) and self.scheme.option == "allocated"
        for layer in self.layers:
            if allocated:  # the reference code allocates MAX_NUM_LEVELS whatever the context
                layer.alloc_levels(batch, max(layer.log_levels, fenwick_levels(ctx)), state_fmt)
            else:
                layer.alloc(batch, ctx, kv_fmt, state_fmt)
        if self.cross:
            enc = self.spec.encoder_seq_len
            needs_e = any(getattr(c, "option", "1") == "2" for c in self.cross)
            self.shared = (SharedEncoderOutput(batch, enc, self.spec.d_model, kv_fmt, self.device, self.dtype)
                           if needs_e else None)
            for c in self.cross:
                if isinstance(c, SlimCross):
                    c.alloc_cross(batch, enc, kv_fmt, self.shared)
                else:
                    c.alloc_cross(batch, enc, kv_fmt)
        return self

    def cache_tensors(self) -> list[torch.Tensor]:
        ts = [t for layer in self.layers + self.cross for t in layer.cache_tensors()]
        return ts + (self.shared.tensors() if self.shared else [])

    def cache_bytes(self) -> int:
        return tensor_bytes(self.cache_tensors())

    def set_encoder(self, e: torch.Tensor) -> None:
        if self.shared is not None:
            self.shared.store.write(slice(None), e)
        for c in self.cross:
            c.set_encoder(e)

    @torch.inference_mode()
    def decode(self, x: torch.Tensor, encoder_out: torch.Tensor | None = None) -> torch.Tensor:
        """Decode loop: x (batch, T, d) token embeddings through every layer (pre-residual blocks)."""
        if self.cross:
            self.set_encoder(encoder_out)
        outs = []
        for t in range(x.shape[1]):
            h = x[:, t]
            for i, layer in enumerate(self.layers):
                h = h + layer.step(h, t)
                if self.cross:
                    h = h + self.cross[i].step(h, t)
            outs.append(h)
        return torch.stack(outs, dim=1)
