"""Tensor Product Attention (TPA / T6, arXiv 2501.06425): cache the factors A_K, B_K, A_V, B_V.

q_t = (1/R_Q) sum_r a^Q_r (x) b^Q_r (h x d_h), same for K (rank R_K) and V (rank R_V). B_Q and B_K are
RoPE'd (Theorem 3.1), so B_K is cached pre-rotated. ``factor`` contracts the cached factors directly
(FlashTPA, App. A.3-A.4); ``materialized`` rebuilds K and V from them and runs standard attention.
"""
from __future__ import annotations

import math

import torch

from .kvstore import Store
from .layers import DecodeLayer
from .torchutil import linear, rope


class TPAAttention(DecodeLayer):
    def __init__(self, d: int, n_heads: int, head_dim: int, v_head_dim: int | None = None, r_q: int = 6,
                 r_k: int = 2, r_v: int = 2, mode: str = "factor", window: int | None = None, device=None, dtype=None):
        super().__init__()
        if mode not in ("factor", "materialized"):
            raise ValueError(f"unknown TPA mode {mode!r}")
        self.d, self.h, self.dk, self.dv = d, n_heads, head_dim, v_head_dim or head_dim
        self.rq, self.rk, self.rv, self.mode, self.window = r_q, r_k, r_v, mode, window
        h, dk, dv = n_heads, head_dim, self.dv
        self.w_aq, self.w_bq = linear(d, h * r_q, device, dtype), linear(d, r_q * dk, device, dtype)
        self.w_ak, self.w_bk = linear(d, h * r_k, device, dtype), linear(d, r_k * dk, device, dtype)
        self.w_av, self.w_bv = linear(d, h * r_v, device, dtype), linear(d, r_v * dv, device, dtype)
        self.wo = linear(h * dv, d, device, dtype)
        self.scale = 1.0 / math.sqrt(dk)

    def _alloc(self, batch, length, kv_fmt, state_fmt):  # T6_infer.py: cache_kA, cache_kB, cache_vA, cache_vB
        dev, dt = self.device, self.dtype
        self.ka = Store(batch, length, (self.h, self.rk), kv_fmt, dev, dt)
        self.kb = Store(batch, length, (self.rk, self.dk), kv_fmt, dev, dt)
        self.va = Store(batch, length, (self.h, self.rv), kv_fmt, dev, dt)
        self.vb = Store(batch, length, (self.rv, self.dv), kv_fmt, dev, dt)
        self.stores = [self.ka, self.kb, self.va, self.vb]

    def factors(self, x, pos):
        f = lambda w, a, b: w(x).unflatten(-1, (a, b))  # noqa: E731
        aq, bq = f(self.w_aq, self.h, self.rq), rope(f(self.w_bq, self.rq, self.dk), pos)
        ak, bk = f(self.w_ak, self.h, self.rk), rope(f(self.w_bk, self.rk, self.dk), pos)
        av, bv = f(self.w_av, self.h, self.rv), f(self.w_bv, self.rv, self.dv)
        return aq, bq, ak, bk, av, bv

    def step(self, x, pos):
        aq, bq, ak, bk, av, bv = self.factors(x, pos)
        s, n = self.slot(pos), self.n_valid(pos)
        for store, val in zip(self.stores, (ak, bk, av, bv)):
            store.write(s, val)
        Ak, Bk, Av, Bv = (st.read(n) for st in self.stores)
        if self.mode == "factor":  # FlashTPA order, as batched matmuls over the cached factors (no copies)
            b = x.shape[0]
            pqk = torch.bmm(bq, Bk.reshape(b, n * self.rk, self.dk).transpose(1, 2))  # (b, R_Q, n*R_K), head-shared
            w = torch.bmm(aq, pqk).view(b, self.h, n, self.rk)  # sum_r A_Q[h,r] (B_Q[r].B_K[t,u])
            scores = (w * Ak.transpose(1, 2)).sum(-1) / (self.rq * self.rk)
            p = torch.softmax((scores * self.scale).float(), -1).to(x.dtype)
            z = p.unsqueeze(-1) * Av.transpose(1, 2)  # (b, h, n, R_V)
            o = torch.bmm(z.reshape(b, self.h, n * self.rv), Bv.reshape(b, n * self.rv, self.dv)) / self.rv
        else:
            q = torch.einsum("bhr,brd->bhd", aq, bq) / self.rq
            k = torch.einsum("bthu,btud->bthd", Ak, Bk) / self.rk
            v = torch.einsum("bthu,btue->bthe", Av, Bv) / self.rv
            p = torch.softmax((torch.einsum("bhd,bthd->bht", q, k) * self.scale).float(), -1).to(x.dtype)
            o = torch.einsum("bht,bthe->bhe", p, v)
        return self.wo(o.flatten(1))
