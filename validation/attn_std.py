"""MHA / GQA / MQA self-attention with a per-head K/V cache, and standard cross-attention."""
from __future__ import annotations

import math

import torch

from .kvstore import Store
from .layers import DecodeLayer, causal_mask, softmax_attend
from .torchutil import linear, rope


class StdAttention(DecodeLayer):
    """Softmax attention with ``n_kv`` K/V heads shared by ``n_heads`` query heads (MHA: equal; MQA: 1).

    Cache: k (batch, slots, n_kv, head_dim) and v (batch, slots, n_kv, v_head_dim), RoPE'd K stored."""

    def __init__(self, d: int, n_heads: int, n_kv: int, head_dim: int, v_head_dim: int | None = None,
                 use_rope: bool = True, window: int | None = None, qkv_bias: bool = False, out_bias: bool = False,
                 device=None, dtype=None):
        super().__init__()
        if n_heads % n_kv:
            raise ValueError("n_kv must divide n_heads")
        self.d, self.h, self.g, self.dk = d, n_heads, n_kv, head_dim
        self.dv = v_head_dim or head_dim
        self.use_rope, self.window = use_rope, window
        self.wq = linear(d, n_heads * head_dim, device, dtype, qkv_bias)
        self.wk = linear(d, n_kv * head_dim, device, dtype, qkv_bias)
        self.wv = linear(d, n_kv * self.dv, device, dtype, qkv_bias)
        self.wo = linear(n_heads * self.dv, d, device, dtype, out_bias)
        self.scale = 1.0 / math.sqrt(head_dim)

    def _alloc(self, batch, length, kv_fmt, state_fmt):
        self.k = Store(batch, length, (self.g, self.dk), kv_fmt, self.device, self.dtype, head_major=True)
        self.v = Store(batch, length, (self.g, self.dv), kv_fmt, self.device, self.dtype, head_major=True)
        self.stores = [self.k, self.v]

    def project(self, x: torch.Tensor, pos):
        """x (..., d) at positions pos -> q (..., h, dk), k (..., g, dk), v (..., g, dv), RoPE applied."""
        q = self.wq(x).unflatten(-1, (self.h, self.dk))
        k = self.wk(x).unflatten(-1, (self.g, self.dk))
        v = self.wv(x).unflatten(-1, (self.g, self.dv))
        if self.use_rope:
            q, k = rope(q, pos), rope(k, pos)
        return q, k, v

    def step(self, x, pos):
        q, k, v = self.project(x, pos)
        s = self.slot(pos)
        self.k.write(s, k)
        self.v.write(s, v)
        n = self.n_valid(pos)
        o = softmax_attend(q.unflatten(1, (self.g, self.h // self.g)), self.k.read(n), self.v.read(n), self.scale)
        return self.wo(o.flatten(1))

    def forward_full(self, x: torch.Tensor) -> torch.Tensor:
        """Reference: causal (windowed) attention over the whole sequence x (B, T, d), no cache."""
        t = x.shape[1]
        pos = torch.arange(t, device=x.device)[:, None]
        q, k, v = self.project(x, pos)
        rep = self.h // self.g
        k, v = k.repeat_interleave(rep, dim=2), v.repeat_interleave(rep, dim=2)
        s = torch.einsum("bthd,bshd->bhts", q, k) * self.scale
        s = s.masked_fill(~causal_mask(t, self.window, x.device), float("-inf"))
        o = torch.einsum("bhts,bshd->bthd", torch.softmax(s.float(), -1).to(v.dtype), v)
        return self.wo(o.flatten(2))


class StdCross(DecodeLayer):
    """Cross-attention over the encoder output: K/V of the encoder tokens cached once per sequence."""

    def __init__(self, d: int, n_heads: int, n_kv: int, head_dim: int, v_head_dim: int | None = None,
                 qkv_bias: bool = False, out_bias: bool = False, device=None, dtype=None):
        super().__init__()
        self.d, self.h, self.g, self.dk = d, n_heads, n_kv, head_dim
        self.dv = v_head_dim or head_dim
        self.wq = linear(d, n_heads * head_dim, device, dtype, qkv_bias)
        self.wk = linear(d, n_kv * head_dim, device, dtype, qkv_bias)
        self.wv = linear(d, n_kv * self.dv, device, dtype, qkv_bias)
        self.wo = linear(n_heads * self.dv, d, device, dtype, out_bias)
        self.scale = 1.0 / math.sqrt(head_dim)

    def alloc_cross(self, batch: int, enc_len: int, kv_fmt: str) -> None:
        self.enc_len = enc_len
        self.k = Store(batch, enc_len, (self.g, self.dk), kv_fmt, self.device, self.dtype, head_major=True)
        self.v = Store(batch, enc_len, (self.g, self.dv), kv_fmt, self.device, self.dtype, head_major=True)
        self.stores = [self.k, self.v]

    def set_encoder(self, e: torch.Tensor) -> None:
        """e (B, enc_len, d): compute and cache the cross K/V once."""
        self.k.write(slice(None), self.wk(e).unflatten(-1, (self.g, self.dk)))
        self.v.write(slice(None), self.wv(e).unflatten(-1, (self.g, self.dv)))

    def step(self, x, pos=None):
        q = self.wq(x).unflatten(-1, (self.g, self.h // self.g, self.dk))
        return self.wo(softmax_attend(q, self.k.read(), self.v.read(), self.scale).flatten(1))
