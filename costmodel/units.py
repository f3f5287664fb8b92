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


QUOTE_CHARS = 80


def quote(value, limit: int = QUOTE_CHARS) -> str:
    """User input as a short, safe, one-line quotation for an error message (at most ~``limit`` characters).

    Huge integers are written in scientific form from their digits (no float conversion, no
    ``sys.set_int_max_str_digits`` limit), long strings are cut with their length appended."""
    if isinstance(value, bool) or value is None:
        return "null" if value is None else str(value).lower()
    if isinstance(value, int):
        if abs(value) < 10**15:
            return f"{value:,}"
        lead, exp = _lead_exp(abs(value))
        return f"{'-' if value < 0 else ''}{lead[0]}.{lead[1:]}e+{exp}"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, dict, tuple)):
        return f"{type(value).__name__} of {len(value):,} items"
    if not isinstance(value, str):
        return type(value).__name__
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{repr(value[:max(1, limit - 30)] + '…')} ({len(value):,} characters)"


def _lead_exp(n: int) -> tuple[str, int]:
    """First four decimal digits and the decimal exponent of an int >= 10**15 of any size (Python refuses
    str() above 4,300 digits, so the exponent comes from the bit length)."""
    e = int((n.bit_length() - 1) * 0.30102999566398120)
    while 10 ** (e + 1) <= n:
        e += 1
    while 10**e > n:
        e -= 1
    return str(n // 10 ** (e - 3)), e


def clip(text: str, limit: int = QUOTE_CHARS) -> str:
    """Free text (a library's message) on one line, cut to about ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
