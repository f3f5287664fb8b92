"""Numbers as a reader of each language expects them, in ONE place (pages, CLI ``--lang ja`` and the workbook).

Japanese: large counts in 万 (10^4), 億 (10^8) and 兆 (10^12) with the exact figure available separately
("約 70.7 億" / "7,067,420,415"); parameters "80.3 億"; GPUs counted in 枚 and servers in 台; integer counts
without decimals; fractions as percentages. English: the same numbers with thousands separators, parameters
"8.03B" (no space between the number and B, so it does not read as bytes).
"""

from __future__ import annotations

import math

from .units import _decimals

JA_UNITS = ((10**12, "兆"), (10**8, "億"), (10**4, "万"))
EN_UNITS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def _sig(x: float, sig: int = 3) -> str:
    """``x`` to ``sig`` significant digits, thousands separated, no trailing zeros."""
    text = f"{x:,.{_decimals(x, sig)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def exact(n: float | None) -> str:
    """The whole figure: '7,067,420,415' (rounded to an integer)."""
    return "—" if n is None or not math.isfinite(n) else f"{round(n):,}"


def large(n: float | None, lang: str = "en", approx: bool = True) -> str:
    """A large count for reading. Japanese: 万/億/兆 to 3 significant digits, '約' when rounded ('約 70.7 億',
    '128 万'); below 10^4 the exact figure. English: the exact figure with separators ('7,067,420,415')."""
    if n is None or not math.isfinite(n):
        return "—"
    if lang != "ja":
        return exact(n)
    for scale, word in JA_UNITS:
        if abs(n) >= scale:
            short = _sig(n / scale)
            rounded = abs(float(short.replace(",", "")) * scale - n) >= 0.5
            return ("約 " if approx and rounded else "") + f"{short} {word}"
    return exact(n)


def params_msg(n: float | None):
    """``params(n)`` as a message parameter: each language gets its own notation ('20.5B' / '205 億') when the
    message is rendered."""
    from .i18n import LANGS, ByLanguage

    return ByLanguage({lang: params(n, lang) for lang in LANGS})


def params(n: float | None, lang: str = "en") -> str:
    """A parameter count: en '8.03B', '124M' (no space: not bytes); ja '80.3 億', '1.24 億', '9,500 万'."""
    if n is None or not math.isfinite(n):
        return "—"
    if lang == "ja":
        for scale, word in JA_UNITS:
            if abs(n) >= scale:
                return f"{_sig(n / scale)} {word}"
        return exact(n)
    sign = "-" if n < 0 else ""
    for scale, suffix in EN_UNITS:
        if abs(n) >= scale:
            return f"{sign}{_sig(abs(n) / scale)}{suffix}"
    return exact(n)


def plain(x: float | None, sig: int = 4) -> str:
    """A measured value without an exponent: 2.688e10 -> '26,875,857,099'; 0.01998 -> '0.01998'; 295.1 -> '295.1'."""
    if x is None or not math.isfinite(x):
        return "—"
    if abs(x) >= 10**sig:
        return f"{x:,.0f}"
    return f"{x:,.{sig}g}"


def count(n: float) -> str:
    """An integer count: '1,234' (never '1,234.00')."""
    return exact(n)


def gpus(n: int, lang: str = "en") -> str:
    """'8 GPUs' / 'GPU 8 枚'."""
    return f"GPU {n:,} 枚" if lang == "ja" else f"{n:,} GPU{'s' if n != 1 else ''}"


def servers(n: int, lang: str = "en") -> str:
    """'2 servers' / 'サーバー 2 台'."""
    return f"サーバー {n:,} 台" if lang == "ja" else f"{n:,} server{'s' if n != 1 else ''}"


def pct(x: float | None, digits: int = 0) -> str:
    """A fraction as a percentage: 0.7 -> '70%'."""
    return "—" if x is None or not math.isfinite(x) else f"{x * 100:,.{digits}f}%"


def months(x: float | None, lang: str = "en", never: str = "—") -> str:
    """A payback period: '12.3' (the column says months); None -> ``never``."""
    return never if x is None or not math.isfinite(x) else f"{x:,.1f}"


__all__ = ["count", "exact", "gpus", "large", "months", "params", "pct", "plain", "servers"]
