"""Multi-head latent attention after DeepSeek-V3 ``inference/model.py``, and TransMLA-style GQA -> MLA conversion.

Modes: ``naive`` caches decompressed per-head K (d_n + d_r, the shared RoPE key copied into every head) and
V; ``absorbed`` caches the kv_norm'd latent (d_c) and the RoPE'd shared key (d_r) in two tensors and runs
attention in latent space with einsums over ``wkv_b``; ``latent`` caches like ``absorbed`` but re-expands
every cached token each step.
"""
from __future__ import annotations

import math

import torch

from .attn_std import StdAttention
from .kvstore import Store
from .layers import DecodeLayer
from .torchutil import RMSNorm, linear, rope


class MLAAttention(DecodeLayer):
    def __init__(self, d: int, n_heads: int, d_c: int, d_r: int, d_n: int, d_v: int, d_cq: int = 0,
                 mode: str = "absorbed", window: int | None = None, kv_norm: bool = True,
                 rope_block: int | None = None, softmax_scale: float | None = None, device=None, dtype=None):
        super().__init__()
        if mode not in ("absorbed", "naive", "latent"):
            raise ValueError(f"unknown MLA mode {mode!r}")
        self.d, self.h, self.dc, self.dr, self.dn, self.dv, self.dcq = d, n_heads, d_c, d_r, d_n, d_v, d_cq
        self.mode, self.window, self.rope_block = mode, window, rope_block
        qk = d_n + d_r
        if d_cq:
            self.wq_a, self.q_norm = linear(d, d_cq, device, dtype), RMSNorm(d_cq, device=device, dtype=dtype)
            self.wq_b = linear(d_cq, n_heads * qk, device, dtype)
        else:
            self.wq = linear(d, n_heads * qk, device, dtype)
        self.wkv_a = linear(d, d_c + d_r, device, dtype)
        self.kv_norm = RMSNorm(d_c, device=device, dtype=dtype) if kv_norm else None
        self.wkv_b = linear(d_c, n_heads * (d_n + d_v), device, dtype)
        self.wo = linear(n_heads * d_v, d, device, dtype)
        self.scale = softmax_scale if softmax_scale is not None else 1.0 / math.sqrt(qk)

    def _alloc(self, batch, length, kv_fmt, state_fmt):
        dev, dt = self.device, self.dtype
        if self.mode == "naive":
            self.k = Store(batch, length, (self.h, self.dn + self.dr), kv_fmt, dev, dt, head_major=True)
            self.v = Store(batch, length, (self.h, self.dv), kv_fmt, dev, dt, head_major=True)
            self.stores = [self.k, self.v]
        else:
            self.kv = Store(batch, length, (self.dc,), kv_fmt, dev, dt)
            self.pe = Store(batch, length, (self.dr,), kv_fmt, dev, dt)
            self.stores = [self.kv, self.pe] if self.dr else [self.kv]

    def _q(self, x, pos):
        q = self.wq_b(self.q_norm(self.wq_a(x))) if self.dcq else self.wq(x)
        q = q.unflatten(-1, (self.h, self.dn + self.dr))
        return q[..., :self.dn], rope(q[..., self.dn:], pos, self.rope_block)

    def _kv(self, x, pos):
        kv = self.wkv_a(x)
        c, k_pe = kv[..., :self.dc], kv[..., self.dc:]
        return (self.kv_norm(c) if self.kv_norm is not None else c), rope(k_pe, pos, self.rope_block)

    def step(self, x, pos):
        q_nope, q_pe = self._q(x, pos)
        c, k_pe = self._kv(x, pos)
        s, n = self.slot(pos), self.n_valid(pos)
        wkv_b = self.wkv_b.weight.view(self.h, self.dn + self.dv, self.dc)
        if self.mode == "naive":
            kv = self.wkv_b(c).unflatten(-1, (self.h, self.dn + self.dv))
            k = torch.cat([kv[..., :self.dn], k_pe.unsqueeze(1).expand(-1, self.h, -1)], dim=-1)
            self.k.write(s, k)
            self.v.write(s, kv[..., self.dn:])
            q = torch.cat([q_nope, q_pe], dim=-1)
            scores = torch.einsum("bhd,bthd->bht", q, self.k.read(n)) * self.scale
            p = torch.softmax(scores.float(), -1).to(x.dtype)
            o = torch.einsum("bht,bthd->bhd", p, self.v.read(n))
            return self.wo(o.flatten(1))
        self.kv.write(s, c)
        if self.dr:
            self.pe.write(s, k_pe)
        lat = self.kv.read(n)
        if self.mode == "latent":  # re-expand every cached token, then standard attention
            kv = torch.einsum("btc,hdc->bthd", lat, wkv_b)
            k_nope, v = kv[..., :self.dn], kv[..., self.dn:]
            scores = torch.einsum("bhd,bthd->bht", q_nope, k_nope)
        else:  # absorbed: q_nope into latent space, attend over the latent, un-absorb the output
            q_lat = torch.einsum("bhd,hdc->bhc", q_nope, wkv_b[:, :self.dn])
            scores = torch.einsum("bhc,btc->bht", q_lat, lat)
        if self.dr:
            scores = scores + torch.einsum("bhr,btr->bht", q_pe, self.pe.read(n))
        p = torch.softmax((scores * self.scale).float(), -1).to(x.dtype)
        if self.mode == "latent":
            o = torch.einsum("bht,bthd->bhd", p, v)
        else:
            o = torch.einsum("bhc,hdc->bhd", torch.einsum("bht,btc->bhc", p, lat), wkv_b[:, self.dn:])
        return self.wo(o.flatten(1))

    def copy_from(self, other: "MLAAttention") -> "MLAAttention":
        self.load_state_dict(other.state_dict())
        return self


@torch.no_grad()
def gqa_to_mla(gqa: StdAttention, rank: int | None = None, mode: str = "absorbed") -> MLAAttention:
    """TransMLA-style conversion (cf. TransMLA v1: per-query-head up-projections of the cached K/V projections).

    With RoPE, K is kept whole as the shared RoPE key (d_r = n_kv * head_dim, rotated per head block) and each
    query head's RoPE query is its own q placed in its KV group's block; V goes through a rank-``rank``
    latent (SVD of W_V) with per-query-head up-projections. Without RoPE, K and V share one latent (SVD of
    [W_K; W_V]). At full rank the cache holds exactly the GQA rows and the output equals GQA's."""
    h, g, dk, dv, d = gqa.h, gqa.g, gqa.dk, gqa.dv, gqa.d
    group = torch.arange(h, device=gqa.device) // (h // g)
    f64 = torch.float64
    wq, wk, wv, wo = (m.weight.to(f64) for m in (gqa.wq, gqa.wk, gqa.wv, gqa.wo))
    if gqa.use_rope:
        full = g * dv
        r = full if rank is None else rank
        u, sv, vt = torch.linalg.svd(wv, full_matrices=False)  # wv (g*dv, d)
        down, up = sv[:r, None] * vt[:r], u[:, :r].reshape(g, dv, r)
        mla = MLAAttention(d, h, r, g * dk, 0, dv, mode=mode, window=gqa.window, kv_norm=False, rope_block=dk,
                           softmax_scale=gqa.scale, device=wq.device, dtype=gqa.dtype)
        wq_m = torch.zeros(h, g, dk, d, dtype=f64, device=wq.device)
        wq_m[torch.arange(h, device=wq.device), group] = wq.view(h, dk, d)
        mla.wq.weight.copy_(wq_m.reshape(h * g * dk, d))
        mla.wkv_a.weight.copy_(torch.cat([down, wk], dim=0))
        mla.wkv_b.weight.copy_(up[group].reshape(h * dv, r))
    else:
        full = g * (dk + dv)
        r = full if rank is None else rank
        u, sv, vt = torch.linalg.svd(torch.cat([wk, wv], dim=0), full_matrices=False)
        down, up = sv[:r, None] * vt[:r], u[:, :r]
        up_k, up_v = up[:g * dk].reshape(g, dk, r), up[g * dk:].reshape(g, dv, r)
        mla = MLAAttention(d, h, r, 0, dk, dv, mode=mode, window=gqa.window, kv_norm=False,
                           softmax_scale=gqa.scale, device=wq.device, dtype=gqa.dtype)
        mla.wq.weight.copy_(wq)
        mla.wkv_a.weight.copy_(down)
        mla.wkv_b.weight.copy_(torch.cat([up_k[group], up_v[group]], dim=1).reshape(h * (dk + dv), r))
    mla.wo.weight.copy_(wo)
    return mla
