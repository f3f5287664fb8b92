"""Unit constants and display helpers. Inside the model everything is SI (bytes, s, FLOP)."""
from __future__ import annotations

import math

from .i18n import msg

KB, MB, GB, TB = 10**3, 10**6, 10**9, 10**12
KiB, MiB, GiB, TiB = 2**10, 2**20, 2**30, 2**40


def fmt_bytes(n: float, binary: bool = False, digits: int = 2) -> str:
    """'85.90 GB' (decimal) or '80.00 GiB' (binary); units always explicit."""
    if n is None or (isinstance(n, float) and not math.isfinite(n)):
        return "—"
    base, units = (1024.0, ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]) if binary else (
        1000.0, ["B", "KB", "MB", "GB", "TB", "PB", "EB"])
    x, i = float(n), 0
    while abs(x) >= base and i < len(units) - 1:
        x /= base
        i += 1
    return f"{int(x)} B" if i == 0 else f"{x:.{digits}f} {units[i]}"


def fmt_both(n: float) -> str:
    """'85.90 GB (80.00 GiB)'."""
    return f"{fmt_bytes(n)} ({fmt_bytes(n, binary=True)})"


def fmt_seconds(s: float) -> str:
    if s is None or not math.isfinite(s):
        return "—"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if s >= scale:
            return f"{s / scale:.3g} {unit}"
    return f"{s:.3g} s"


def fmt_rate(x: float, unit: str) -> str:
    """Engineering prefix: fmt_rate(3.35e12, 'B/s') -> '3.35 TB/s'."""
    if x is None or not math.isfinite(x):
        return "—"
    for prefix, scale in (("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(x) >= scale:
            return f"{x / scale:.3g} {prefix}{unit}"
    return f"{x:.3g} {unit}"


def parse_tokens(text) -> int:
    """Token count from '524288', '512K' (K = 1024 tokens, as in "128K context"), '1M' (1024^2), '1e6',
    '131_072' or '131,072'. Raises ValueError with a one-line message."""
    t = str(text).strip().replace("_", "").replace(",", "")
    mult = {"k": 1024, "m": 1024**2, "g": 1024**3}.get(t[-1:].lower(), 1)
    if mult > 1:
        t = t[:-1]
    try:
        val = float(t) * mult
    except ValueError:
        raise ValueError(msg("tok.not_count", text=text)) from None
    if not math.isfinite(val) or val != int(val):
        raise ValueError(msg("tok.not_whole", text=text))
    return int(val)
