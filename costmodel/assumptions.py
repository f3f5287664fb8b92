"""Default efficiency factors and memory reserves, each with the evidence behind it.

The UI shows these next to every result; users can change them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from .i18n import msg
from .units import GiB


@dataclass(frozen=True)
class Assumptions:
    bw_efficiency: float = 0.80
    flops_efficiency: float = 0.70
    link_efficiency: float = 0.80
    allreduce_latency_s: float = 8e-6
    reserve_bytes: int = 1 * GiB
    reserve_fraction: float = 0.0
    prefill_chunk_tokens: int = 8192
    activation_bytes_per_elem: int = 2
    sram_fraction: float = 1.0

    def __post_init__(self) -> None:
        for name in ("bw_efficiency", "flops_efficiency", "link_efficiency"):
            v = getattr(self, name)
            if not 0.01 <= v <= 1.0:
                raise ValueError(msg("asm.range", name=name, range="0.01..1", value=v))
        if not 0.0 <= self.reserve_fraction < 1.0:
            raise ValueError(msg("asm.range", name="reserve_fraction", range="0..1", value=self.reserve_fraction))
        if not 0.0 <= self.sram_fraction <= 1.0:
            raise ValueError(msg("asm.range", name="sram_fraction", range="0..1", value=self.sram_fraction))
        if not 0.0 <= self.allreduce_latency_s <= 1e-3:
            raise ValueError(msg("asm.range", name="allreduce_latency_s", range="0..1e-3 s",
                                 value=self.allreduce_latency_s))
        if self.reserve_bytes < 0 or self.prefill_chunk_tokens < 1 or self.activation_bytes_per_elem < 1:
            raise ValueError(msg("asm.counts"))

    def with_(self, **changes) -> "Assumptions":
        return replace(self, **changes)

    def as_dict(self) -> dict:
        return asdict(self)


# The evidence behind each default (English and Japanese texts in costmodel/messages/reasoning.py).
WHY: dict[str, str] = {name: msg(f"asm.why.{name}") for name in (
    "bw_efficiency", "flops_efficiency", "link_efficiency", "allreduce_latency_s", "reserve_bytes",
    "reserve_fraction", "prefill_chunk_tokens", "activation_bytes_per_elem", "sram_fraction")}

DEFAULT = Assumptions()
