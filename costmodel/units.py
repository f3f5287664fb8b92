"""Unit constants and display helpers. Inside the model everything is SI (bytes, s, FLOP)."""
from __future__ import annotations

import decimal
import math

from .i18n import msg

KB, MB, GB, TB = 10**3, 10**6, 10**9, 10**12
KiB, MiB, GiB, TiB = 2**10, 2**20, 2**30, 2**40


def to_gb(n: float) -> float:
    """Bytes in GB (10^9)."""
    return n / GB


def to_gib(n: float) -> float:
    """Bytes in GiB (2^30)."""
    return n / GiB


def fmt_bytes(n: float, binary: bool = False, digits: int = 2, sig: int | None = None) -> str:
    """'85.90 GB' (decimal) or '80.00 GiB' (binary); units always explicit. ``sig``: that many significant
    digits instead of ``digits`` decimals ('85.9 GB', '144 GB', '4.29 GB')."""
    if n is None or (isinstance(n, float) and not math.isfinite(n)):
        return "—"
    base, units = (1024.0, ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]) if binary else (
        1000.0, ["B", "KB", "MB", "GB", "TB", "PB", "EB"])
    x, i = float(n), 0
    while abs(x) >= base and i < len(units) - 1:
        x /= base
        i += 1
    if i == 0:
        return f"{int(x)} B"
    if sig is None:
        return f"{x:.{digits}f} {units[i]}"
    dec = _decimals(x, sig)
    if abs(round(x, dec)) >= base and i < len(units) - 1:  # 999.96 GB -> 1.00 TB, not 1000 GB
        x, i = x / base, i + 1
        dec = _decimals(x, sig)
    return f"{x:.{dec}f} {units[i]}"


def _decimals(x: float, sig: int) -> int:
    """Decimals that show ``x`` with ``sig`` significant digits (0 once the integer part has that many)."""
    if x == 0:
        return sig - 1
    digits = math.floor(math.log10(abs(x))) + 1
    if round(abs(x), max(sig - digits, 0)) >= 10**digits:  # 9.996 rounds up to 10.0: one more integer digit
        digits += 1
    return max(sig - digits, 0)


def fmt_both(n: float, sig: int | None = None) -> str:
    """'85.90 GB (80.00 GiB)'; with ``sig=3``: '85.9 GB (80.0 GiB)'."""
    return f"{fmt_bytes(n, sig=sig)} ({fmt_bytes(n, binary=True, sig=sig)})"


def fmt_number(x: float, sig: int = 3) -> str:
    """A measured quantity to ``sig`` significant digits, thousands separated, no trailing zeros:
    93.2, 5.5, 62, 1,234, 12,346."""
    if x is None or not math.isfinite(x):
        return "—"
    text = f"{x:,.{_decimals(x, sig)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt_seconds(s: float) -> str:
    """A duration in the largest unit that keeps it >= 1: '3.71 s', '850 ms', '6 µs'; from a minute on as
    ``fmt_duration`` ('61.8 min', never '3.71e+03 s')."""
    if s is None or not math.isfinite(s):
        return "—"
    s = float(f"{s:.3g}")  # rounded first, so 0.9997 s is '1 s' and 59.97 s '1 min', never '1e+03 ms'
    if s >= 60.0:
        return fmt_duration(s)
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if s >= scale:
            return f"{s / scale:.3g} {unit}"
    return f"{s:.3g} s"


def fmt_duration(s: float) -> str:
    """Human duration: '850 ms', '3.7 s', '62 min', '5.5 h', '3.2 d' (fmt_seconds below a minute)."""
    if s is None or not math.isfinite(s):
        return "—"
    for unit, scale, below in (("min", 60.0, 100 * 60.0), ("h", 3600.0, 48 * 3600.0)):
        if 60.0 <= s < below:
            return f"{fmt_number(s / scale)} {unit}"
    if s >= 48 * 3600.0:
        return f"{fmt_number(s / 86400.0)} d"
    return fmt_seconds(s)


def fmt_rate(x: float, unit: str) -> str:
    """Engineering prefix: fmt_rate(3.35e12, 'B/s') -> '3.35 TB/s'; rounded before the prefix is chosen
    (999.7 GB/s is '1 TB/s', never '1e+03 GB/s')."""
    if x is None or not math.isfinite(x):
        return "—"
    x = float(f"{x:.3g}")
    for prefix, scale in (("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(x) >= scale:
            return f"{fmt_number(x / scale)} {prefix}{unit}"
    return f"{x:.3g} {unit}"


def fmt_tokens(n: int | None) -> str:
    """'131,072 (128K)'; None -> '∞'. K/M are binary (x1024), as ``parse_tokens`` reads them."""
    if n is None:
        return "∞"
    n, short = int(n), compact_tokens(int(n))
    return f"{n:,}" if short == str(n) else f"{n:,} ({short})"


def compact_tokens(n: int) -> str:
    """Shortest text ``units.parse_tokens`` reads back to ``n``: 524288 -> '512K', 1048576 -> '1M', 1000 -> '1000'."""
    for suffix, scale in (("M", 1024**2), ("K", 1024)):
        if n >= scale and n % scale == 0:
            return f"{n // scale}{suffix}"
    return str(int(n))


MAX_TOKEN_TEXT = 40  # characters: the longest count anyone types is far shorter ("1,073,741,824")
# exact arithmetic: 40 digits x 1024^3 fits in 60; rounding, overflow and invalid input all raise
_EXACT = decimal.Context(prec=60, Emin=-999, Emax=999, traps=[decimal.InvalidOperation, decimal.Overflow,
                                                               decimal.Inexact, decimal.DivisionByZero])


def parse_tokens(text) -> int:
    """Token count from '524288', '512K' (K = 1024 tokens, as in "128K context"), '1M' (1024^2), '1e6',
    '1.5K', '131_072' or '131,072'. Exact: the decimal text is read as a decimal, never through a float, so
    '0.9999999999999999999' is refused, not rounded to 1. Raises ValueError with a one-line message."""
    t = str(text).strip().replace("_", "").replace(",", "")
    mult = {"k": 1024, "m": 1024**2, "g": 1024**3}.get(t[-1:].lower(), 1)
    if mult > 1:
        t = t[:-1].rstrip()
    if not t or len(t) > MAX_TOKEN_TEXT:
        raise ValueError(msg("tok.too_large" if t.isdigit() else "tok.not_count", text=text))
    try:
        val = _EXACT.multiply(decimal.Decimal(t), mult)
    except decimal.Overflow:
        raise ValueError(msg("tok.too_large", text=text)) from None
    except decimal.Inexact:  # so small that it underflows: certainly not whole
        raise ValueError(msg("tok.not_whole", text=text)) from None
    except (decimal.InvalidOperation, ArithmeticError):
        raise ValueError(msg("tok.not_count", text=text)) from None
    if not val.is_finite():
        raise ValueError(msg("tok.not_count", text=text))
    if val != val.to_integral_value():
        raise ValueError(msg("tok.not_whole", text=text))
    if val.adjusted() > 18:  # beyond every limit the model checks; keeps int() cheap
        raise ValueError(msg("tok.too_large", text=text))
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
