"""Base class of the decode layers: cache allocation (ring buffer for sliding windows), byte counting,
a decode loop, and softmax attention over cached rows."""
from __future__ import annotations

import torch
from torch import nn


class DecodeLayer(nn.Module):
    """One attention (or recurrent) layer with its own cache.

    Subclasses implement ``_alloc(batch, length, kv_fmt, state_fmt)`` (create ``self.stores``) and
    ``step(x, pos)``: x (batch, d) is token ``pos``; its rows are written at ``slot(pos)`` and it attends
    over the ``n_valid(pos)`` cached tokens. Sliding-window layers keep a ring buffer of ``window`` slots.
    """

    window: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.stores: list = []
        self.length = 0

    @property
    def dtype(self) -> torch.dtype:
        return next(self.parameters()).dtype

    @property
    def device(self) -> torch.device:
        return next(self.parameters()).device

    def alloc(self, batch: int, max_len: int, kv_fmt: str = "fp32", state_fmt: str = "fp32") -> "DecodeLayer":
        """Allocate the cache for ``batch`` sequences of up to ``max_len`` tokens (window-capped)."""
        self.length = min(max_len, self.window) if self.window else max_len
        self.stores = []
        self._alloc(batch, self.length, kv_fmt, state_fmt)
        return self

    def _alloc(self, batch: int, length: int, kv_fmt: str, state_fmt: str) -> None:
        raise NotImplementedError

    def cache_tensors(self) -> list[torch.Tensor]:
        return [t for s in self.stores for t in s.tensors()]

    def fill_random(self) -> None:
        for s in self.stores:
            s.fill_random()

    # ---- positions ----
    def slot(self, pos: int) -> int:
        return pos % self.length

    def n_valid(self, pos: int) -> int:
        return min(pos + 1, self.length)

    def cached_positions(self, pos: int) -> torch.Tensor:
        """Absolute token position held in each of the first n_valid(pos) slots."""
        j = torch.arange(self.n_valid(pos), device=self.device)
        return pos - torch.remainder(pos % self.length - j, self.length)

    def step(self, x: torch.Tensor, pos: int) -> torch.Tensor:
        raise NotImplementedError

    def decode(self, x: torch.Tensor) -> torch.Tensor:
        """Run the decode loop over x (batch, T, d) token by token; returns (batch, T, d)."""
        return torch.stack([self.step(x[:, t], t) for t in range(x.shape[1])], dim=1)


def softmax_attend(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, scale: float) -> torch.Tensor:
    """Grouped decode attention. q (B, g, r, dk), k (B, n, g, dk), v (B, n, g, dv) -> (B, g, r, dv)."""
    s = torch.einsum("bgrd,bngd->bgrn", q, k) * scale
    p = torch.softmax(s.float(), dim=-1).to(v.dtype)
    return torch.einsum("bgrn,bngd->bgrd", p, v)


def causal_mask(t: int, window: int | None, device) -> torch.Tensor:
    """(T, T) bool, True where query i may attend key j (j <= i, and i - j < window)."""
    i = torch.arange(t, device=device)
    m = i[None, :] <= i[:, None]
    if window:
        m &= (i[:, None] - i[None, :]) < window
    return m
