"""Regional default sets of the TCO inputs (United States, Japan), each value with its source, chosen explicitly.

A region overrides some ``tco.CostInputs`` defaults (electricity, PUE, colocation, depreciation life...); each
value carries the currency its source states it in. A yen-sourced value (Japan's electricity, ¥27.55/kWh) is
converted to USD at the chosen rate for the computation and stays a yen input in the workbook, so changing the
rate there moves only the dollar-priced items. Sources: messages ``tco.src.<field>`` (US) and
``tco.src.jp.<field>`` (Japan) in ``messages/<lang>/procurement.py``; research: prices/tco_defaults.md.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

from .currency import REFERENCE_FX, FxRate, Money, money
from .i18n import Message, msg
from .tco import CostInputs

RegionId = Literal["us", "jp"]


@dataclass(frozen=True)
class Default:
    """One regional default: the value in the currency its source uses (None: not money)."""

    value: float
    currency: Literal["USD", "JPY"] | None = None


@dataclass(frozen=True)
class Region:
    """A regional default set: its id and the cost inputs it overrides, each with its source."""

    id: RegionId
    overrides: dict[str, Default]  # CostInputs field -> the region's sourced value (others: the US defaults)

    @property
    def name(self) -> Message:
        return msg(f"region.{self.id}")

    def source(self, field: str) -> Message:
        """Where the region's default of ``field`` comes from."""
        return msg(f"tco.src.{self.id}.{field}" if self.id != "us" and field in self.overrides else f"tco.src.{field}")

    def jpy_values(self) -> dict[str, float]:
        """The defaults its sources give in yen ({field: yen})."""
        return {k: d.value for k, d in self.overrides.items() if d.currency == "JPY"}

    def inputs(self, fx: FxRate = REFERENCE_FX, **given: float) -> CostInputs:
        """The region's CostInputs (USD inside; yen values converted at ``fx``), ``given`` fields (USD) winning."""
        vals = {k: d.value / fx.jpy_per_usd if d.currency == "JPY" else d.value for k, d in self.overrides.items()}
        return CostInputs(**{**vals, **given})

    def money(self, currency: str = "usd", fx: FxRate = REFERENCE_FX, given: tuple[str, ...] = ()) -> Money:
        """The display currency, with the yen-sourced defaults the user did not override kept as yen inputs."""
        return money(currency, fx, {k: v for k, v in self.jpy_values().items() if k not in given})


US = Region("us", {})
JP = Region(
    "jp",
    {
        "electricity_usd_per_kwh": Default(27.55, "JPY"),  # ANRE industrial high/extra-high voltage, FY2022
        "pue": Default(1.83),  # JISA data-centre survey FY2018 average (target <= 1.4 by FY2030)
        "colocation_usd_per_kw_month": Default(200.0, "USD"),  # CBRE via press: Tokyo ~US$200/kW-month (low)
        "life_years": Default(5.0),  # statutory useful life of servers (耐用年数省令 別表第一)
    },
)
REGIONS: dict[str, Region] = {"us": US, "jp": JP}


def get_region(rid: str) -> Region:
    """The region ``rid`` (``us`` or ``jp``, any case); a one-line error naming the known ids otherwise."""
    r = REGIONS.get(str(rid).lower())
    if r is None:
        raise ValueError(msg("region.unknown", value=rid, known=", ".join(REGIONS)))
    return r


def input_sources(region: Region, used: CostInputs | None = None, fx: FxRate = REFERENCE_FX) -> dict[str, Message]:
    """Every CostInputs field -> the source of its default in ``region``; with ``used``, the inputs a plan was costed
    with (its ``fx`` converting the region's yen defaults), a field whose value is not the default is the user's."""
    default = region.inputs(fx)
    return {f.name: msg("src.entered") if used is not None and getattr(used, f.name) != getattr(default, f.name)
            else region.source(f.name) for f in fields(CostInputs)}


__all__ = ["Default", "JP", "REGIONS", "Region", "RegionId", "US", "get_region", "input_sources"]
