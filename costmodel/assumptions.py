"""Default efficiency factors and memory reserves: each declared once, with its unit, range, editor step and evidence.

Every field of ``Assumptions`` carries a ``Knob`` in its metadata: the display unit and scale (stored SI value =
shown value x ``scale``), the valid range (in SI, the same for the model and the editor), the editor step and
the message key of the evidence (``asm.why.<name>``, English and Japanese in ``costmodel/messages``). The UI
builds its editor from ``KNOBS``; the model validates against the same ranges.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from .i18n import msg, unit
from .units import GiB

if TYPE_CHECKING:
    from .hardware import HardwareProfile


@dataclass(frozen=True)
class Knob:
    """How one assumption is shown, edited and checked. ``lo``/``hi`` are in display units (what the editor shows)."""

    name: str
    unit: str  # display unit ('fraction', 'µs', 'GiB', 'tokens', 'B', '' for a switch)
    scale: float  # stored = shown x scale
    lo: float
    hi: float
    step: float  # editor step, in display units
    integer: bool = False
    switch: bool = False  # a yes/no assumption (checkbox)

    @property
    def why(self) -> str:
        """The evidence behind the default (a Message)."""
        return msg(f"asm.why.{self.name}")

    def shown(self, stored: Any) -> Any:
        """Stored SI value -> display value."""
        if self.switch:
            return bool(stored)
        v = stored / self.scale
        return int(round(v)) if self.integer else float(v)

    def stored(self, shown: Any) -> Any:
        """Display value -> stored SI value (int for integer knobs and byte counts)."""
        if self.switch:
            return bool(shown)
        v = shown * self.scale
        return int(round(v)) if (self.integer or self.name.endswith("_bytes")) else float(v)

    def check(self, stored: Any) -> None:
        """ValueError (one line, in display units) when ``stored`` is outside [lo, hi]."""
        if self.switch:
            if not isinstance(stored, bool):
                raise ValueError(msg("asm.not_switch", name=self.name, value=str(stored)[:80]))
            return
        number = isinstance(stored, (int, float)) and not isinstance(stored, bool)
        shown = stored / self.scale if number else stored
        slack = 1e-9 * max(1.0, abs(self.hi))  # 1e-3 s / 1e-6 is 1000.0000000000001 µs
        if not number or not self.lo - slack <= shown <= self.hi + slack:
            raise ValueError(msg("asm.range", name=self.name, lo=self.lo, hi=self.hi,
                                 unit=unit(self.unit), value=str(shown)[:80]))


def _knob(default: Any, unit_: str, lo: float, hi: float, step: float, scale: float = 1.0, integer: bool = False,
          switch: bool = False) -> Any:
    return field(default=default, metadata={"knob": (unit_, scale, lo, hi, step, integer, switch)})


@dataclass(frozen=True)
class Assumptions:
    """Efficiency factors and reserves the roofline and memory model use (see ``KNOBS`` for units and ranges)."""

    bw_efficiency: float = _knob(0.80, "fraction", 0.01, 1.0, 0.01)
    flops_efficiency: float = _knob(0.70, "fraction", 0.01, 1.0, 0.01)
    link_efficiency: float = _knob(0.80, "fraction", 0.01, 1.0, 0.01)
    allreduce_latency_s: float = _knob(8e-6, "µs", 0.0, 1000.0, 1.0, scale=1e-6)
    reserve_bytes: int = _knob(1 * GiB, "GiB", 0, 1024, 0.25, scale=float(GiB))
    reserve_fraction: float = _knob(0.0, "fraction", 0.0, 0.99, 0.01)
    prefill_chunk_tokens: int = _knob(8192, "tokens", 1, 10**7, 1024, integer=True)
    activation_bytes_per_elem: int = _knob(2, "B", 1, 8, 1, integer=True)
    sram_fraction: float = _knob(1.0, "fraction", 0.0, 1.0, 0.05)
    measured_bw: bool = _knob(False, "", 0, 1, 1, switch=True)

    def __post_init__(self) -> None:
        for k in KNOBS:
            k.check(getattr(self, k.name))

    def bw_efficiency_on(self, gpu: "HardwareProfile") -> float:
        """Bandwidth efficiency used on ``gpu``: its profile's measured streaming fraction when ``measured_bw`` is
        on and the profile has one, else ``bw_efficiency``."""
        if self.measured_bw and gpu.bw_efficiency is not None:
            return gpu.bw_efficiency.value  # a float; one per GPU along an axis for the sweep (sweep.GpuAxis)
        return self.bw_efficiency

    def with_(self, **changes) -> "Assumptions":
        return replace(self, **changes)

    def as_dict(self) -> dict:
        return asdict(self)


def _knobs() -> tuple[Knob, ...]:
    out = []
    for f in fields(Assumptions):
        unit_, scale, lo, hi, step, integer, switch = f.metadata["knob"]
        out.append(Knob(f.name, unit_, scale, lo, hi, step, integer, switch))
    return tuple(out)


KNOBS: tuple[Knob, ...] = _knobs()  # every assumption, in declaration order
DEFAULT = Assumptions()


def to_display(a: Assumptions) -> dict[str, Any]:
    """Shown values of ``a`` (display units), keyed by field name."""
    return {k.name: k.shown(getattr(a, k.name)) for k in KNOBS}


def from_display(values: dict[str, Any]) -> Assumptions:
    """Assumptions from shown values (missing = default); ValueError (one line) on out-of-range input."""
    return Assumptions(**{k.name: k.stored(values[k.name]) for k in KNOBS if k.name in values})


__all__ = ["Assumptions", "DEFAULT", "KNOBS", "Knob", "from_display", "to_display"]
