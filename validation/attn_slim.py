"""Slim attention (Graef & Wasielewski, arXiv 2503.05840): V = K W_KV with W_KV = W_K^-1 W_V.

Self-attention, option 1: cache K only (un-RoPE'd; RoPE applied after reading), ``order`` = ``optimized``
((softmax K) W_KV) or ``unoptimized`` (softmax (K W_KV)). A wide W_K (e = h*d_k > d) uses the right inverse
W_K^T (W_K W_K^T)^-1. Option 2 with a wide W_K and no RoPE caches the layer input X instead (d per token).
Cross-attention: option 1 caches the encoder K only; option 2 keeps no cross cache and attends over the
encoder output E, stored once per sequence and shared by all layers.
"""
from __future__ import annotations

import torch

from .attn_std import StdAttention, StdCross
from .kvstore import Store
from .layers import DecodeLayer
from .torchutil import linear, rope


def _wkv(wk: torch.Tensor, wv: torch.Tensor) -> torch.Tensor:
    """nn.Linear weights wk (e, d), wv (e_v, d) -> W_KV as a Linear weight (e_v, e), with K W_KV^T = V."""
    k, v = wk.double().T, wv.double().T  # (d, e), (d, e_v): K = x k, V = x v
    right_inv = k.T @ torch.linalg.inv(k @ k.T)  # (e, d): k @ right_inv = I_d (k.T^-1 when square)
    return (right_inv @ v).T.to(wk.dtype)


class SlimAttention(DecodeLayer):
    def __init__(self, d: int, n_heads: int, head_dim: int, v_head_dim: int | None = None, option: str = "1",
                 order: str = "optimized", use_rope: bool = True, window: int | None = None, qkv_bias: bool = False,
                 out_bias: bool = False, device=None, dtype=None):
        super().__init__()
        self.d, self.h, self.dk, self.dv = d, n_heads, head_dim, v_head_dim or head_dim
        self.e, self.option, self.order = n_heads * head_dim, option, order
        self.use_rope, self.window = use_rope, window
        self.x_cache = option == "2" and self.e > d  # X (d) is smaller than K (e)
        if self.x_cache and use_rope:
            raise ValueError("the X-cache (option 2) does not support RoPE")
        _projections(self, d, self.e, n_heads * self.dv, not self.x_cache, qkv_bias, out_bias, device, dtype)
        self.scale = head_dim ** -0.5

    @classmethod
    @torch.no_grad()
    def from_mha(cls, mha: StdAttention, option: str = "1", order: str = "optimized") -> "SlimAttention":
        if mha.g != mha.h:
            raise ValueError("slim attention needs MHA")
        s = cls(mha.d, mha.h, mha.dk, mha.dv, option, order, mha.use_rope, mha.window, mha.wq.bias is not None,
                mha.wo.bias is not None, mha.device, mha.dtype)
        return _copy_weights(s, mha, not s.x_cache)

    def _alloc(self, batch, length, kv_fmt, state_fmt):
        self.c = Store(batch, length, (self.d if self.x_cache else self.e,), kv_fmt, self.device, self.dtype)
        self.stores = [self.c]

    def step(self, x, pos):
        q = self.wq(x).unflatten(-1, (self.h, self.dk))
        n = self.n_valid(pos)
        if self.x_cache:
            self.c.write(self.slot(pos), x)
            return self.wo(attend_x(self, q, self.c.read(n)))
        self.c.write(self.slot(pos), self.wk(x))  # raw K; RoPE is applied after reading
        k_raw = self.c.read(n)
        if self.use_rope:
            k = rope(k_raw.unflatten(-1, (self.h, self.dk)), self.cached_positions(pos)[:, None])
            scores = torch.einsum("bhd,bthd->bht", rope(q, pos), k)
        else:
            scores = head_scores(q, k_raw)
        p = torch.softmax((scores * self.scale).float(), -1).to(x.dtype)
        return self.wo(value_from_k(self, p, k_raw))


def _projections(m, d, e, ev, kv, qkv_bias, out_bias, device, dtype):
    """W_Q, W_K, and W_KV (e -> e_v, with a separate V bias) when ``kv``, else W_V; W_O."""
    m.wq, m.wk = linear(d, e, device, dtype, qkv_bias), linear(d, e, device, dtype, qkv_bias)
    if kv:
        m.wkv = linear(e, ev, device, dtype)
        m.v_bias = torch.nn.Parameter(torch.zeros(ev, device=device, dtype=dtype)) if qkv_bias else None
    else:
        m.wv = linear(d, ev, device, dtype, qkv_bias)
    m.wo = linear(ev, d, device, dtype, out_bias)


@torch.no_grad()
def _copy_weights(slim, std, kv: bool):
    for name in ("wq", "wk", "wo") + (() if kv else ("wv",)):
        getattr(slim, name).load_state_dict(getattr(std, name).state_dict())
    if kv:
        slim.wkv.weight.copy_(_wkv(std.wk.weight, std.wv.weight))
        if slim.v_bias is not None:
            slim.v_bias.copy_(std.wv.bias)
    return slim


def head_scores(q: torch.Tensor, k_rows: torch.Tensor) -> torch.Tensor:
    """q (B, h, dk) against cached rows k_rows (B, T, h*dk) -> (B, h, T), one strided matmul per head
    (reads K in place; an einsum would first copy K into head-major order)."""
    dk = q.shape[-1]
    return torch.stack([torch.bmm(k_rows[..., i * dk:(i + 1) * dk], q[:, i, :, None]).squeeze(-1)
                        for i in range(q.shape[1])], dim=1)


def value_from_k(m, p: torch.Tensor, k_raw: torch.Tensor) -> torch.Tensor:
    """p (B, h, T) softmax weights, k_raw (B, T, e) -> (B, h*dv) head outputs with V = (K - b_K) W_KV + b_V."""
    w = m.wkv.weight.view(m.h, -1, m.wkv.weight.shape[1])  # (h, dv, e)
    kb = m.wk.bias
    if m.order == "optimized":  # (p K) W_KV,i : 2Te + 2e*dv per head (sum p = 1, so biases move outside)
        pk = torch.einsum("bht,bte->bhe", p, k_raw)
        o = torch.einsum("bhe,hve->bhv", pk - kb if kb is not None else pk, w)
    else:  # p (K W_KV,i) : 2T e dv per head
        v = torch.einsum("bte,hve->bthv", k_raw - kb if kb is not None else k_raw, w)
        o = torch.einsum("bht,bthv->bhv", p, v)
    o = o.flatten(1)
    return o + m.v_bias if m.v_bias is not None else o


def attend_x(m, q: torch.Tensor, xs: torch.Tensor):
    """Attention over cached layer inputs xs (B, T, d): scores (q_i W_K,i^T) X^T, output (p X) W_V,i."""
    h = m.h
    wk_h, wv_h = m.wk.weight.view(h, -1, m.d), m.wv.weight.view(h, -1, m.d)  # (h, dk, d), (h, dv, d)
    s = torch.einsum("bhd,btd->bht", torch.einsum("bhk,hkd->bhd", q, wk_h), xs)
    if m.wk.bias is not None:
        s = s + torch.einsum("bhk,hk->bh", q, m.wk.bias.view(h, -1))[..., None]
    p = torch.softmax((s * m.scale).float(), -1).to(q.dtype)
    o = torch.einsum("bhd,hvd->bhv", torch.einsum("bht,btd->bhd", p, xs), wv_h).flatten(1)
    return o + m.wv.bias if m.wv.bias is not None else o


class SharedEncoderOutput:
    """Slim option 2: the encoder output E (batch, enc_len, d), stored once per sequence for all layers."""

    def __init__(self, batch: int, enc_len: int, d: int, kv_fmt: str, device, dtype):
        self.store = Store(batch, enc_len, (d,), kv_fmt, device, dtype)

    def tensors(self):
        return self.store.tensors()


class SlimCross(DecodeLayer):
    """Cross-attention. option 1: cache K = E W_K, V = K W_KV; option 2: no cache, attend over the shared E."""

    def __init__(self, d: int, n_heads: int, head_dim: int, v_head_dim: int | None = None, option: str = "1",
                 order: str = "optimized", qkv_bias: bool = False, out_bias: bool = False, device=None, dtype=None):
        super().__init__()
        self.d, self.h, self.dk, self.dv = d, n_heads, head_dim, v_head_dim or head_dim
        self.option, self.order = option, order
        self.e = n_heads * head_dim
        _projections(self, d, self.e, n_heads * self.dv, option != "2", qkv_bias, out_bias, device, dtype)
        self.scale = head_dim ** -0.5
        self.shared: SharedEncoderOutput | None = None

    @classmethod
    def from_std(cls, std: StdCross, option: str = "1", order: str = "optimized") -> "SlimCross":
        s = cls(std.d, std.h, std.dk, std.dv, option, order, std.wq.bias is not None, std.wo.bias is not None,
                std.device, std.dtype)
        return _copy_weights(s, std, option != "2")

    def alloc_cross(self, batch: int, enc_len: int, kv_fmt: str, shared: SharedEncoderOutput | None = None) -> None:
        self.enc_len = enc_len
        if self.option == "2":
            self.shared, self.stores = shared, []  # E is counted once, by the stack
        else:
            self.k = Store(batch, enc_len, (self.e,), kv_fmt, self.device, self.dtype)
            self.stores = [self.k]

    def set_encoder(self, e: torch.Tensor) -> None:
        if self.option != "2":
            self.k.write(slice(None), self.wk(e))
        # option 2: the stack writes E into the shared store once

    def step(self, x, pos=None):
        q = self.wq(x).unflatten(-1, (self.h, self.dk))
        if self.option == "2":
            return self.wo(attend_x(self, q, self.shared.store.read()))
        k_raw = self.k.read()
        p = torch.softmax((head_scores(q, k_raw) * self.scale).float(), -1).to(x.dtype)
        return self.wo(value_from_k(self, p, k_raw))
