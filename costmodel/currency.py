"""Money display in ONE place: the currency's symbol, Python format and Excel number formats.

Only USD today; a yen currency (JPY, no decimals, an exchange rate with its source) is added here and picked up
by the workbook, CSV and UI without touching their code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Currency:
    """How money is written in one currency: symbol, decimals and the exchange rate from USD."""

    code: str
    symbol: str
    decimals: int  # of a monthly amount
    per_unit_decimals: int  # of a price per 1M tokens or per hour

    def excel(self, per_unit: bool = False) -> str:
        d = self.per_unit_decimals if per_unit else self.decimals
        return f'"{self.symbol}"#,##0' + ("." + "0" * d if d else "")

    def fmt(self, value: float, per_unit: bool = False) -> str:
        d = self.per_unit_decimals if per_unit else self.decimals
        return f"{'-' if value < 0 else ''}{self.symbol}{abs(value):,.{d}f}"


USD = Currency("USD", "$", 0, 3)

__all__ = ["Currency", "USD"]
