"""Mamba-2-like linear attention (scalar decay per head, constant state) and its log-linear variant.

Layer (Mamba-2 layout): in_proj -> [z, xBC, dt]; causal depthwise conv over xBC (conv state of
``conv_kernel`` columns); heads H = expand*d / head_dim share ``n_groups`` B/C of size ``state_size``;
a_t = exp(-exp(A_log) dt_t); S_t = a_t S_{t-1} + dt_t B_t x_t^T; y_t = C_t S_t + D x_t; gated RMSNorm; out_proj.

Log-linear (Guo et al., arXiv 2506.04761): L Fenwick-level states. Before token t the levels of token t-1
carry like a binary counter (levels 0..c merge into level c+1, c = trailing ones of t-1); all levels decay
by a_t; level 0 takes the new token; y_t = sum_l lambda_t[l] C_t S_l. Parallel form: the masked matrix
(C B^T) * decay * dt * lambda_t[level(t, s)] with level(t, s) = bit_length(t xor s) (0 when s = t).
"""
from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

from .kvstore import StateStore
from .layers import DecodeLayer
from .torchutil import RMSNorm, linear


def fenwick_levels(t: int) -> int:
    """Level states a decode of t tokens needs: the largest level bit_length(t-1), plus level 0."""
    return 1 + (math.ceil(math.log2(t)) if t > 1 else 0)


class Mamba2Attention(DecodeLayer):
    def __init__(self, d: int, head_dim: int = 64, state_size: int = 128, expand: int = 2, conv_kernel: int = 4,
                 n_groups: int = 1, log_levels: int | None = None, device=None, dtype=None):
        """``log_levels``: None for linear attention, else the lambda levels the model is trained for."""
        super().__init__()
        self.d, self.p, self.n, self.kernel, self.groups = d, head_dim, state_size, conv_kernel, n_groups
        self.inner = expand * d
        self.nh = max(1, self.inner // head_dim)
        self.conv_dim = self.inner + 2 * n_groups * state_size
        self.log_levels = log_levels
        self.in_proj = linear(d, self.inner + self.conv_dim + self.nh, device, dtype)
        self.conv = nn.Conv1d(self.conv_dim, self.conv_dim, conv_kernel, groups=self.conv_dim, device=device,
                              dtype=dtype)
        self.A_log = nn.Parameter(torch.zeros(self.nh, device=device, dtype=dtype))
        self.D = nn.Parameter(torch.ones(self.nh, device=device, dtype=dtype))
        self.dt_bias = nn.Parameter(torch.zeros(self.nh, device=device, dtype=dtype))
        self.norm = RMSNorm(self.inner, device=device, dtype=dtype)
        self.out_proj = linear(self.inner, d, device, dtype)
        self.l_proj = linear(d, self.nh * log_levels, device, dtype) if log_levels else None
        if self.A_log.device.type != "meta":
            with torch.no_grad():
                self.A_log.uniform_(-2.0, 0.5)
                self.dt_bias.uniform_(-2.0, 0.0)
        self.levels = 1

    def _alloc(self, batch, length, kv_fmt, state_fmt):
        self.levels = fenwick_levels(length) if self.log_levels else 1
        if self.log_levels and self.levels > self.log_levels:
            raise ValueError(f"{length} tokens need {self.levels} levels; the layer has {self.log_levels}")
        # level-major (batch, L, H, N, P): per-level carries touch only their levels (the reference code puts
        # the level last; the bytes are the same)
        shape = ((batch, self.levels) if self.log_levels else (batch,)) + (self.nh, self.n, self.p)
        self.ssm = StateStore(shape, state_fmt, self.device, self.dtype)
        self.conv_state = StateStore((batch, self.conv_dim, self.kernel), state_fmt, self.device, self.dtype)
        self.stores = [self.ssm, self.conv_state]

    def alloc_levels(self, batch: int, levels: int, state_fmt: str = "fp32") -> "DecodeLayer":
        """Allocate a fixed number of levels (the reference code's MAX_NUM_LEVELS), not the live count."""
        self.alloc(batch, 1, "fp32", state_fmt)
        shape = (batch, levels, self.nh, self.n, self.p)
        self.levels, self.ssm = levels, StateStore(shape, state_fmt, self.device, self.dtype)
        self.stores = [self.ssm, self.conv_state]
        return self

    def _split(self, zxbcdt):
        z, xbc, dt = torch.split(zxbcdt, [self.inner, self.conv_dim, self.nh], dim=-1)
        return z, xbc, dt

    def _heads(self, xbc, dt):
        x, b, c = torch.split(xbc, [self.inner, self.groups * self.n, self.groups * self.n], dim=-1)
        rep = self.nh // self.groups
        b = b.unflatten(-1, (self.groups, self.n)).repeat_interleave(rep, dim=-2)
        c = c.unflatten(-1, (self.groups, self.n)).repeat_interleave(rep, dim=-2)
        dt = F.softplus(dt + self.dt_bias)
        a = torch.exp(-torch.exp(self.A_log) * dt)
        return x.unflatten(-1, (self.nh, self.p)), b, c, dt, a

    def _lam(self, x):
        return F.softplus(self.l_proj(x)).unflatten(-1, (self.nh, self.log_levels))

    def _out(self, y, x_heads, z):
        y = y + self.D[:, None] * x_heads
        return self.out_proj(self.norm(y.flatten(-2) * F.silu(z)))

    def step(self, x, pos):
        z, xbc, dt = self._split(self.in_proj(x))
        cs = torch.cat([self.conv_state.get()[..., 1:], xbc.unsqueeze(-1)], dim=-1)
        self.conv_state.set(cs)
        xbc = F.silu((cs * self.conv.weight.squeeze(1)).sum(-1) + self.conv.bias)
        xh, b, c, dt, a = self._heads(xbc, dt)
        new = torch.einsum("bhn,bhp->bhnp", b, xh * dt[..., None])
        s = self.ssm.get()  # the stored tensor itself when it is in the compute dtype: updated in place
        if not self.log_levels:
            s.mul_(a[..., None, None]).add_(new)
            y = torch.einsum("bhn,bhnp->bhp", c, s)
        else:
            if pos > 0:  # binary-counter carry: levels 0..c of token pos-1 merge into level c+1
                carry = ((pos - 1) ^ pos).bit_length() - 1
                s[:, carry + 1] = s[:, :carry + 2].sum(1)
                s[:, :carry + 1] = 0
            s.mul_(a[:, None, :, None, None])
            s[:, 0] = new
            lam = self._lam(x)[..., :self.levels]  # (B, H, L)
            mixed = torch.zeros_like(s[:, 0])
            for lvl in range(self.levels):  # sum_l lambda_l S_l, one level at a time (no permuted copy)
                mixed.addcmul_(s[:, lvl], lam[:, :, lvl, None, None])
            y = torch.einsum("bhn,bhnp->bhp", c, mixed)
        if s is not self.ssm.data:
            self.ssm.set(s)
        return self._out(y, xh, z)

    def forward_full(self, x: torch.Tensor) -> torch.Tensor:
        """Parallel (masked, quadratic) form over x (B, T, d): no recurrence, no state."""
        t = x.shape[1]
        z, xbc, dt = self._split(self.in_proj(x))
        xbc = F.silu(self.conv(F.pad(xbc.transpose(1, 2), (self.kernel - 1, 0))).transpose(1, 2))
        xh, b, c, dt, a = self._heads(xbc, dt)  # xh (B,T,H,P), b/c (B,T,H,N), dt/a (B,T,H)
        seg = torch.cumsum(torch.log(a), dim=1)  # (B,T,H)
        i = torch.arange(t, device=x.device)
        causal = i[None, :] <= i[:, None]
        decay = torch.exp((seg[:, :, None] - seg[:, None, :]).masked_fill(~causal[None, :, :, None], -torch.inf))
        m = torch.einsum("bthn,bshn->btsh", c, b) * decay * dt[:, None]  # (B, T, S, H)
        if self.log_levels:
            lvl = torch.tensor([[(a_ ^ b_).bit_length() for b_ in range(t)] for a_ in range(t)], device=x.device)
            lam = self._lam(x)  # (B, T, H, L)
            m = m * torch.gather(lam, 3, lvl.clamp(max=self.log_levels - 1)[None, :, None, :]
                                 .expand(x.shape[0], t, self.nh, t)).permute(0, 1, 3, 2)
        y = torch.einsum("btsh,bshp->bthp", m, xh)
        return self._out(y, xh, z)
