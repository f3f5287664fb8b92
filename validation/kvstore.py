"""Cache tensors in a storage format: fp32/bf16/fp16 as is, int8 and fp8 (e4m3) with one static
per-tensor scale (a calibrated constant like vLLM's k_scale, kept as a Python float, not in the cache),
int4 packed two per uint8 with one fp16 scale per 32 elements of each row.

A row is one token's vector in one cache tensor (all trailing dims flattened). The bytes this module
allocates come from its own shape arithmetic, not from costmodel.
"""
from __future__ import annotations

import math

import torch

from .torchutil import DTYPES

FP8 = getattr(torch, "float8_e4m3fn", None)
INT4_GROUP = 32
STORE_FORMATS = ("fp32", "bf16", "fp16", "int8", "fp8", "int4")


def available_formats() -> list[str]:
    return [f for f in STORE_FORMATS if f != "fp8" or FP8 is not None]


class Store:
    """``batch x length`` rows of shape ``row_shape`` in format ``fmt``; reads dequantize to ``compute_dtype``."""

    def __init__(self, batch: int, length: int, row_shape: tuple[int, ...], fmt: str, device, compute_dtype,
                 head_major: bool = False):
        """``head_major`` (float formats): lay out as (batch, row_shape[0], length, ...) so per-head attention
        reads each head's keys contiguously (no copy in the matmul); reads still return (batch, n, *row_shape)."""
        self.fmt, self.row_shape, self.compute_dtype = fmt, tuple(row_shape), compute_dtype
        self.row = math.prod(self.row_shape)
        self.scale: float | None = None  # static per-tensor scale (int8 / fp8)
        self.scales = None
        self.head_major = head_major and fmt in DTYPES and len(self.row_shape) > 1
        shape = (batch, length, *self.row_shape)
        if self.head_major:
            self.data = torch.zeros((batch, self.row_shape[0], length, *self.row_shape[1:]), dtype=DTYPES[fmt],
                                    device=device)
        elif fmt in DTYPES:
            self.data = torch.zeros(shape, dtype=DTYPES[fmt], device=device)
        elif fmt == "int8":
            self.data = torch.zeros(shape, dtype=torch.int8, device=device)
        elif fmt == "fp8":
            if FP8 is None:
                raise ValueError("this torch has no float8_e4m3fn")
            self.data = torch.zeros(shape, dtype=FP8, device=device)
        elif fmt == "int4":
            groups = -(-self.row // INT4_GROUP)
            self.data = torch.zeros((batch, length, -(-self.row // 2)), dtype=torch.uint8, device=device)
            self.scales = torch.zeros((batch, length, groups), dtype=torch.float16, device=device)
        else:
            raise ValueError(f"unknown storage format {fmt!r}")

    @property
    def length(self) -> int:
        return self.data.shape[2 if self.head_major else 1]

    def tensors(self) -> list[torch.Tensor]:
        return [self.data] + ([self.scales] if self.scales is not None else [])

    # ---- write / read ----
    def write(self, idx, x: torch.Tensor) -> None:
        """Store rows ``x`` (batch, *row_shape) at slot ``idx`` or (batch, n, *row_shape) at slice ``idx``."""
        if self.head_major:
            self.data[:, :, idx] = (x if isinstance(idx, int) else x.transpose(1, 2)).to(self.data.dtype)
            return
        if self.fmt in DTYPES:
            self.data[:, idx] = x.to(self.data.dtype)
            return
        if self.fmt in ("int8", "fp8"):
            if self.scale is None:  # one-time calibration from the first rows written
                amax = x.detach().abs().max().item()
                self.scale = max(amax, 1e-6) * 2.0 / (127.0 if self.fmt == "int8" else 448.0)
            y = x / self.scale
            y = y.round().clamp(-127, 127).to(torch.int8) if self.fmt == "int8" else y.clamp(-448, 448).to(FP8)
            self.data[:, idx] = y
            return
        packed, scales = _int4_pack(x.reshape(*x.shape[:-len(self.row_shape)], self.row))
        self.data[:, idx] = packed
        self.scales[:, idx] = scales

    def read(self, n: int | None = None) -> torch.Tensor:
        """The first ``n`` slots (all when None), dequantized: (batch, n, *row_shape)."""
        n = self.length if n is None else n
        if self.head_major:
            return self.data[:, :, :n].transpose(1, 2).to(self.compute_dtype)
        d = self.data[:, :n]
        if self.fmt in DTYPES:
            return d.to(self.compute_dtype)
        if self.fmt in ("int8", "fp8"):
            return (d.to(torch.float32) * self.scale).to(self.compute_dtype)
        x = _int4_unpack(d, self.scales[:, :n], self.row)
        return x.reshape(*x.shape[:-1], *self.row_shape).to(self.compute_dtype)

    def fill_random(self, std: float = 1.0) -> None:
        """Fill every slot with random rows (timing runs: a cache as if ``length`` tokens had been decoded)."""
        if self.fmt in DTYPES:  # in place: no temporary as large as the cache
            self.data.normal_(0.0, std)
            return
        step = max(1, 2**26 // max(1, self.data.shape[0] * self.row))
        for start in range(0, self.length, step):
            n = min(step, self.length - start)
            x = torch.randn(self.data.shape[0], n, *self.row_shape, device=self.data.device) * std
            self.write(slice(start, start + n), x)


def _int4_pack(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Rows (..., n) -> (packed uint8 (..., ceil(n/2)), fp16 scales (..., ceil(n/32)))."""
    n = x.shape[-1]
    groups = -(-n // INT4_GROUP)
    xf = torch.nn.functional.pad(x.float(), (0, groups * INT4_GROUP - n)).reshape(*x.shape[:-1], groups, INT4_GROUP)
    scale = (xf.abs().amax(-1) / 7.0).clamp_min(1e-8).to(torch.float16)
    q = (xf / scale.float().unsqueeze(-1)).round().clamp(-8, 7).to(torch.int16) + 8
    q = q.reshape(*x.shape[:-1], groups * INT4_GROUP)[..., :n]
    if n % 2:
        q = torch.nn.functional.pad(q, (0, 1), value=8)
    packed = (q[..., 0::2] | (q[..., 1::2] << 4)).to(torch.uint8)
    return packed, scale


def _int4_unpack(packed: torch.Tensor, scales: torch.Tensor, n: int) -> torch.Tensor:
    p = packed.to(torch.int16)
    q = torch.stack([p & 0xF, p >> 4], dim=-1).reshape(*p.shape[:-1], -1)[..., :n] - 8
    groups = scales.shape[-1]
    q = torch.nn.functional.pad(q, (0, groups * INT4_GROUP - n)).reshape(*q.shape[:-1], groups, INT4_GROUP)
    x = q.float() * scales.float().unsqueeze(-1)
    return x.reshape(*q.shape[:-2], groups * INT4_GROUP)[..., :n]


class StateStore:
    """A recurrent-state tensor kept in a float format (fp32/bf16/fp16) and computed in ``compute_dtype``."""

    def __init__(self, shape: tuple[int, ...], fmt: str, device, compute_dtype):
        if fmt not in DTYPES:
            raise ValueError(f"state format must be one of {', '.join(DTYPES)}, got {fmt!r}")
        self.data = torch.zeros(shape, dtype=DTYPES[fmt], device=device)
        self.compute_dtype = compute_dtype

    def tensors(self) -> list[torch.Tensor]:
        return [self.data]

    def get(self) -> torch.Tensor:
        return self.data.to(self.compute_dtype)

    def set(self, x: torch.Tensor) -> None:
        self.data.copy_(x.to(self.data.dtype))

    def fill_random(self, std: float = 0.1) -> None:
        self.data.normal_(0.0, std)
