"""Money display in ONE place: currencies (symbol per language, Python and Excel formats), the dated JPY/USD
exchange rate, and ``Money``, the display currency of a result.

The cost model computes in US dollars (prices are sourced in USD); a yen figure is usd x jpy_per_usd. A cost
input the user (or a regional default set) gives in yen keeps its yen value when the rate changes: it is listed
in ``Money.jpy_inputs`` and converted to USD only for the computation. One notation per language: English
"$1,234" / "¥1,234"; Japanese "$1,234" / "1,234円"; amounts per month without decimals.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace

from .i18n import Message, msg, tr



@dataclass(frozen=True)
class Currency:
    """How money is written in one currency: symbol, decimals and the exchange rate from USD."""

    code: str  # ISO 4217: "USD", "JPY"
    symbol: str  # prefix in every language but where ``suffix`` says otherwise
    decimals: int  # of a monthly amount
    per_unit_decimals: int  # of a price per 1M tokens, per kWh or per hour
    suffix: dict[str, str] = field(default_factory=dict)  # lang -> suffix written instead of the symbol
    whole_from: float = math.inf  # per-unit prices at or above this are written without decimals (yen: 100)

    def _parts(self, lang: str) -> tuple[str, str]:
        s = self.suffix.get(lang)
        return ("", s) if s else (self.symbol, "")

    def unit(self, lang: str = "en") -> str:
        """The currency in a unit: '$' ('$/kWh'), '¥' or, in Japanese, '円' ('円/kWh')."""
        pre, suf = self._parts(lang)
        return pre or suf

    def excel(self, per_unit: bool = False, lang: str = "en") -> str:
        d = self.per_unit_decimals if per_unit else self.decimals
        pre, suf = self._parts(lang)
        num = "#,##0" + ("." + "0" * d if d else "")
        return (f'"{pre}"' if pre else "") + num + (f'"{suf}"' if suf else "")

    def fmt(self, value: float, per_unit: bool = False, lang: str = "en") -> str:
        if value is None or not math.isfinite(value):
            return "—"
        d = self.per_unit_decimals if per_unit and abs(value) < self.whole_from else self.decimals
        pre, suf = self._parts(lang)
        return f"{'-' if round(value, d) < 0 else ''}{pre}{abs(value):,.{d}f}{suf}"


USD = Currency("USD", "$", 0, 3)
JPY = Currency("JPY", "¥", 0, 2, {"ja": "円"}, whole_from=100.0)  # 592円 per 1M tokens, 27.55円/kWh
CURRENCIES = {"usd": USD, "jpy": JPY}


@dataclass(frozen=True)
class FxRate:
    """Yen per US dollar, with the date it applies to and where it comes from (a Message)."""

    jpy_per_usd: float
    as_of: dt.date
    source: Message

    def __post_init__(self) -> None:
        v = self.jpy_per_usd
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or not 1 <= v <= 10_000:
            raise ValueError(msg("fx.bad_rate", value=v))
        object.__setattr__(self, "jpy_per_usd", float(v))


# The newest official rate found (research/prices, 2026): the Bank of Japan's reporting rate (報告省令レート) for
# March 2026, a Minister of Finance notice published 2026-02-20 from the January 2026 market average: 157 yen per
# dollar. Older: Federal Reserve G.5, June 2024 monthly average 157.86.
REFERENCE_FX = FxRate(157.0, dt.date(2026, 2, 20), msg("fx.src.boj"))


def user_fx(jpy_per_usd: float, as_of: dt.date | None = None) -> FxRate:
    """A rate the user entered, dated the day it was entered (or ``as_of``)."""
    day = as_of or dt.date.today()
    return FxRate(jpy_per_usd, day, msg("fx.src.user", as_of=day.isoformat()))


@dataclass(frozen=True)
class Money:
    """The currency results are shown in, the rate, and the cost inputs given in yen ({field: yen value})."""

    currency: Currency = USD
    fx: FxRate = REFERENCE_FX
    jpy_inputs: tuple[tuple[str, float], ...] = ()

    @property
    def is_jpy(self) -> bool:
        return self.currency.code == "JPY"

    @property
    def rate(self) -> float:
        """Display units per US dollar (1 for USD)."""
        return self.fx.jpy_per_usd if self.is_jpy else 1.0

    def amount(self, usd: float | None) -> float | None:
        return None if usd is None else usd * self.rate

    def fmt(self, usd: float | None, per_unit: bool = False, lang: str = "en") -> str:
        return "—" if usd is None else self.currency.fmt(usd * self.rate, per_unit, lang)

    def unit(self, u: str, lang: str = "en") -> str:
        """A cost unit ('USD/kWh', 'USD/GPU-year', 'USD') in this currency and ``lang``: '円/kWh', '$/GPU・年'."""
        from .i18n import unit as unit_msg  # noqa: PLC0415

        text = str(tr(unit_msg(u), lang))
        return text.replace("USD", self.currency.unit(lang), 1)

    def with_fx(self, fx: FxRate) -> "Money":
        return replace(self, fx=fx)

    def to_dict(self) -> dict:
        return {
            "code": self.currency.code,
            "jpy_per_usd": self.fx.jpy_per_usd,
            "rate_as_of": self.fx.as_of.isoformat(),
            "rate_source": str(self.fx.source),
            "jpy_inputs": dict(self.jpy_inputs),
        }


def money(currency: str = "usd", fx: FxRate = REFERENCE_FX, jpy_inputs: dict[str, float] | None = None) -> Money:
    """``Money`` for 'usd' or 'jpy' (ValueError, one line, otherwise)."""
    cur = CURRENCIES.get(str(currency).lower())
    if cur is None:
        raise ValueError(msg("fx.bad_currency", value=currency, known=", ".join(CURRENCIES)))
    return Money(cur, fx, tuple(sorted((jpy_inputs or {}).items())))


# Messages whose text states an amount: {text param: (the USD param it formats, per-unit precision)}
MONEY_PARAMS = {"cost": ("usd", False), "cost_1m": ("per_1m", True)}


def localize(text, m: Money, lang: str = "en") -> str:
    """A cost-model message in ``lang`` with its amounts written in ``m``'s currency (``tr`` for the rest)."""
    if isinstance(text, Message) and any(k in text.params and src in text.params
                                         for k, (src, _) in MONEY_PARAMS.items()):
        params = dict(text.params)
        for k, (src, per_unit) in MONEY_PARAMS.items():
            if k in params and src in params:
                params[k] = m.fmt(params[src], per_unit, lang)
        text = msg(text.key, **params)
    return tr(text, lang)


__all__ = ["CURRENCIES", "Currency", "FxRate", "JPY", "MONEY_PARAMS", "Money", "REFERENCE_FX", "USD", "localize",
           "money", "user_fx"]
