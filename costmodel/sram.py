""""How much SRAM holds X for batch B?": the decode step's working set per scheme, and which on-chip tiers hold it.

``sram_needed`` gives the bytes one chip (of a tensor-parallel rank) must hold for each part of one decode step of
``batch`` sequences at ``context`` tokens: weights, KV / latent caches, recurrent state and slim attention's encoder
output (``placement.step_items``). ``onchip_fits`` compares a part with every on-chip tier of a profile that keeps
data across kernels (L2, last-level cache, SRAM): whether it fits (capacity x ``sram_fraction``) and how many chips'
worth of that tier it takes. Capacity only: no bandwidth is needed (it answers for parts whose SRAM bandwidth is
not published too).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .assumptions import DEFAULT, Assumptions
from .dtypes import STATE_FORMATS, kv_format
from .hardware import HardwareProfile
from .memory import CacheLayout
from .placement import step_items
from .presets import get_model
from .quant import weight_storage
from .schemes import Scheme
from .schemes import resolve as resolve_scheme
from .spec import ModelSpec

PARTS = ("cache", "kv", "state", "encoder_output", "weights", "all")
HOME_TIERS = ("l2", "llc", "sram")  # on-chip memory that keeps data across kernels


@dataclass(frozen=True)
class SramNeed:
    """Bytes one chip holds for one decode step of ``batch`` sequences at ``context`` tokens, by part."""

    scheme: str
    batch: int
    context: int
    weights_bytes: int  # every weight (also those a decode step never reads: an encoder)
    kv_bytes: int  # self / cross / latent caches
    state_bytes: int  # recurrent state
    encoder_output_bytes: int  # slim attention option 2's E

    @property
    def cache_bytes(self) -> int:
        """The cache working set: KV + state + encoder output."""
        return self.kv_bytes + self.state_bytes + self.encoder_output_bytes

    def bytes_of(self, part: str) -> int:
        """``part`` in PARTS: cache, kv, state, encoder_output, weights or all."""
        if part == "all":
            return self.cache_bytes + self.weights_bytes
        return int(getattr(self, f"{part}_bytes"))


@dataclass(frozen=True)
class OnchipFit:
    """One on-chip tier against one part of the working set."""

    tier: str
    label: str
    capacity_bytes: int
    usable_bytes: int  # capacity x sram_fraction
    need_bytes: int
    fits: bool
    chips: int  # chips' worth of this tier the part needs (ceil(need / usable); 0 when nothing is needed)


def sram_needed(model: str | ModelSpec, scheme: str | Scheme | None = None, *, batch: int, context: int,
                kv_dtype: str = "bf16", weight_dtype: str = "bf16", state_dtype: str = "fp32", tp: int = 1) -> SramNeed:
    """The decode step's working set of ``model`` with ``scheme`` (None: its own) per chip of ``tp``."""
    spec = model if isinstance(model, ModelSpec) else get_model(model)
    sch = resolve_scheme(spec, scheme)
    sch.check(spec)
    layout = CacheLayout.build(spec, sch, kv_format(kv_dtype), STATE_FORMATS[state_dtype], tp)
    items = step_items(layout, weight_storage(weight_dtype, spec.quantization, spec.checkpoint_bits), batch, context)
    s = items.stored
    return SramNeed(sch.describe(spec), batch, context, int(round(s["weights"] + s["weights_unread"])),
                    int(round(s["kv"])), int(round(s["state"])), int(round(s["encoder_output"])))


def onchip_fits(need: SramNeed, gpu: HardwareProfile, part: str = "cache",
                a: Assumptions = DEFAULT) -> list[OnchipFit]:
    """Every on-chip tier of ``gpu`` that keeps data across kernels, against ``part`` of ``need``."""
    n = need.bytes_of(part)
    out = []
    for t in gpu.tiers:
        if t.name not in HOME_TIERS:
            continue
        usable = int(a.sram_fraction * t.capacity)
        chips = 0 if n == 0 else (math.ceil(n / usable) if usable else 0)
        out.append(OnchipFit(t.name, t.label or t.name, t.capacity, usable, n, 0 < n <= usable, chips))
    return out


__all__ = ["HOME_TIERS", "PARTS", "OnchipFit", "SramNeed", "onchip_fits", "sram_needed"]
