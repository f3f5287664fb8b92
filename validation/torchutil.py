"""Shared torch helpers: devices, dtypes, RoPE, RMSNorm, cache byte counting, device naming."""
from __future__ import annotations

import math
import platform
import re

import torch
from torch import nn

DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}


def pick_device(name: str = "cpu") -> torch.device:
    if name == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda requested but torch.cuda.is_available() is False")
    return torch.device(name)


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "cpu"


def slug(text: str) -> str:
    s = re.sub(r"\(r\)|\(tm\)", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:60] or "device"


def tensor_bytes(tensors) -> int:
    """Bytes held by distinct tensors: sum of numel * element_size (works on the meta device)."""
    seen, total = set(), 0
    for t in tensors:
        if id(t) in seen:
            continue
        seen.add(id(t))
        total += t.numel() * t.element_size()
    return total


def linear(d_in: int, d_out: int, device=None, dtype=None, bias: bool = False) -> nn.Linear:
    """nn.Linear with a 1/sqrt(d_in) init so activations stay O(1) (and softmax is not saturated)."""
    lin = nn.Linear(d_in, d_out, bias=bias, device=device, dtype=dtype)
    if lin.weight.device.type != "meta" and d_in > 0:
        with torch.no_grad():
            lin.weight.normal_(0.0, 1.0 / math.sqrt(d_in))
            if bias:
                lin.bias.normal_(0.0, 0.1)
    return lin


def rope(x: torch.Tensor, pos, block: int | None = None, base: float = 10000.0) -> torch.Tensor:
    """Rotary embedding (half-split form) of the last dim; ``pos`` broadcasts against x.shape[:-1].

    ``block`` rotates the last dim as independent blocks of that size (e.g. several heads side by side)."""
    dim = x.shape[-1]
    if dim == 0:
        return x
    if block and block != dim:
        y = rope(x.reshape(*x.shape[:-1], dim // block, block), _unsqueeze(pos), None, base)
        return y.reshape(x.shape)
    half = dim // 2
    inv = base ** (-torch.arange(half, device=x.device, dtype=torch.float32) / half)
    p = torch.as_tensor(pos, device=x.device, dtype=torch.float32)
    ang = p.unsqueeze(-1) * inv
    cos, sin = ang.cos().to(x.dtype), ang.sin().to(x.dtype)
    x1, x2 = x[..., :half], x[..., half:2 * half]
    out = torch.cat([x1 * cos - x2 * sin, x1 * sin + x2 * cos], dim=-1)
    return torch.cat([out, x[..., 2 * half:]], dim=-1) if dim % 2 else out


def _unsqueeze(pos):
    return pos.unsqueeze(-1) if isinstance(pos, torch.Tensor) and pos.dim() > 0 else pos


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float = 1e-6, device=None, dtype=None):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim, device=device, dtype=dtype))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)).to(x.dtype) * self.weight


def param_count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def max_err(a: torch.Tensor, b: torch.Tensor) -> tuple[float, float]:
    """(max |a - b|, that divided by max |b|), computed in fp32."""
    a, b = a.float(), b.float()
    err = (a - b).abs().max().item()
    return err, err / max(b.abs().max().item(), 1e-30)
