"""Hardware profiles: one TOML file per GPU or accelerator under ``hardware_profiles/``.

Every figure is a table ``{value, source, as_of[, note, confidence]}`` so the UI can show where a number
came from and how old it is. All values are SI: bytes, bytes/s, FLOP/s, watts, US dollars.
Tensor FLOP/s are *dense* (no 2:4 sparsity).

Memory tiers: a profile may list ``[[memory_tiers]]`` (registers, L1/shared, L2, on-chip SRAM, HBM/GDDR/LPDDR,
attached DDR, host DRAM: capacity, bandwidth, what may live there). The list is then complete; a flat field that is
also given (``memory_bytes``, ``mem_bw_bytes_per_s``, ``l2_bytes``) must agree with its tier. A profile without
tiers (the current schema) gets them derived from ``sm_sram_bytes``, ``l2_bytes`` and ``memory_bytes`` /
``mem_bw_bytes_per_s`` (``HardwareProfile.tiers``). SRAM-only parts (Groq, Cerebras) have no off-chip tier: their
main memory is the SRAM.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from functools import cached_property, lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .hwfigures import (ACCELERATOR_FORMS, DEVICE_MEMORY, PRICE_FIELDS, CloudPrice, ComputeDtype, Figure, FormFactor,
                        MemoryTier)
from .i18n import msg, pydantic_detail

PROFILES_DIR = Path(__file__).resolve().parent.parent / "hardware_profiles"
class HardwareError(ValueError):
    """A hardware profile is missing or malformed (message is user-facing, one line)."""


class HardwareProfile(BaseModel):
    """A GPU, SoC or accelerator as the cost model sees it. Unknown fields are rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    name: str
    vendor: str
    arch: str
    form_factor: FormFactor
    notes: str = ""
    link_topology: str = ""  # how chips connect (free text; accelerators)

    memory_bytes: Figure | None = None  # physical capacity ("80 GB" H100 = 80 GiB); None: the main tier's
    visible_memory_bytes: Figure | None = None  # what the driver exposes (nvidia-smi total)
    mem_bw_bytes_per_s: Figure | None = None  # None: the main tier's
    flops_per_s: dict[ComputeDtype, Figure] = Field(default_factory=dict)  # dense peak per compute dtype
    l2_bytes: Figure | None = None
    sm_sram_bytes: Figure | None = None  # SM-local SRAM total: SMs x (L1/smem + register file)
    sm_count: Figure | None = None
    tdp_w: Figure | None = None  # None only when named under [absent] (not published)
    link_bw_bytes_per_s: Figure | None = None  # GPU-GPU fabric per GPU, bidirectional aggregate
    pcie_bw_bytes_per_s: Figure | None = None
    nvlink_domain_gpus: Figure  # GPUs reachable over the fast link (1 = none)
    gpus_per_server: Figure
    gpu_price_usd: Figure | None = None
    server_price_usd: Figure | None = None
    server_power_load_w: Figure | None = None  # whole server under load: measured, else nameplate (GPUs + host)
    server_power_idle_w: Figure | None = None  # whole server idle, where published
    server_power_nameplate_w: Figure | None = None  # the server's rated maximum (what a colocation contract sizes)
    cloud_prices: tuple[CloudPrice, ...] = ()  # as billed; the first on-demand entry is the default
    bw_efficiency: Figure | None = None  # measured streaming fraction of datasheet bandwidth
    absent: dict[str, str] = Field(default_factory=dict)  # price field, tdp_w, flops_per_s.bf16 -> why none is sourced
    compiled: dt.date | None = None  # when the figures were compiled into this file (not a source date)
    memory_tiers: tuple[MemoryTier, ...] = ()  # explicit hierarchy (complete when given); else derived (``tiers``)

    @model_validator(mode="after")
    def _prices_sourced_or_absent(self) -> "HardwareProfile":
        for name in PRICE_FIELDS:
            present = bool(getattr(self, name))
            if present == (name in self.absent):
                raise ValueError(msg("hw.price_absent", field=name))
        return self

    @model_validator(mode="after")
    def _unpublished_named(self) -> "HardwareProfile":
        """A 16-bit rate and the TDP are sourced, or named under [absent] as not published (never guessed)."""
        if not ({"bf16", "fp16"} & set(self.flops_per_s)) and "flops_per_s.bf16" not in self.absent:
            raise ValueError(msg("hw.needs_16bit"))
        if self.tdp_w is None and "tdp_w" not in self.absent:
            raise ValueError(msg("hw.tdp_absent"))
        return self

    @model_validator(mode="after")
    def _tiers_agree(self) -> "HardwareProfile":
        """Explicit tiers: unique names, one main memory, and the flat fields (when given) equal to their tier."""
        if (self.memory_bytes is None) != (self.mem_bw_bytes_per_s is None):
            raise ValueError(msg("hw.memory_pair"))
        if not self.memory_tiers:
            if self.memory_bytes is None:
                raise ValueError(msg("hw.no_memory"))
            return self
        names = [t.name for t in self.memory_tiers]
        if len(set(names)) != len(names):
            raise ValueError(msg("hw.tier_twice", names=", ".join(names)))
        main = self.main_tier
        if main.bw_bytes_per_s is None:
            raise ValueError(msg("hw.main_bw", tier=main.name))
        pairs = [(main.name, self.memory_bytes, main.capacity_bytes), (main.name, self.mem_bw_bytes_per_s,
                                                                         main.bw_bytes_per_s)]
        l2 = self.tier("l2")
        if l2 is not None:
            pairs.append(("l2", self.l2_bytes, l2.capacity_bytes))
        for name, flat, tier_fig in pairs:
            if flat is not None and tier_fig is not None and flat.value != tier_fig.value:
                raise ValueError(msg("hw.tier_disagrees", tier=name, flat=flat.value, tier_value=tier_fig.value))
        return self

    # ---- derived, SI ----
    @cached_property
    def tiers(self) -> tuple[MemoryTier, ...]:
        """The memory hierarchy, fastest first as listed: the explicit tiers, else derived from the flat fields
        (``sm_sram`` from sm_sram_bytes, ``l2`` from l2_bytes, ``dram`` from memory_bytes / mem_bw_bytes_per_s)."""
        if self.memory_tiers:
            return self.memory_tiers
        return _derived_tiers(self)

    def tier(self, name: str) -> MemoryTier | None:
        return next((t for t in self.tiers if t.name == name), None)

    @cached_property
    def main_tier(self) -> MemoryTier:
        """The memory the single-level model (fit, roofline) uses: the first HBM/GDDR/LPDDR tier, else (SRAM-only
        parts) the on-chip SRAM."""
        for names in (DEVICE_MEMORY, ("sram",)):
            for t in self.tiers:  # the same objects placement compares against (``t is gpu.main_tier``)
                if t.name in names:
                    return t
        raise HardwareError(msg("hw.no_main", gpu=self.id))

    @property
    def sram_only(self) -> bool:
        """No off-chip memory on the device: weights and caches must be spread over many chips."""
        return self.main_tier.on_chip

    @property
    def accelerator(self) -> bool:
        """A non-GPU accelerator (chip, card, wafer, system)."""
        return self.form_factor in ACCELERATOR_FORMS

    @property
    def default_placement(self) -> str:
        """'greedy' where a software-managed on-chip SRAM with a published bandwidth can hold weights or caches
        (SRAM-rich accelerators); else 'l2', the GPU rule (the whole batch's cache resident in L2 when it fits)."""
        for t in self.tiers:
            if t.name == "sram" and t.bw is not None and {"weights", "kv"} & set(t.holds):
                return "greedy"
        return "l2"

    @property
    def physical_memory_bytes(self) -> int:
        return int((self.memory_bytes or self.main_tier.capacity_bytes).value)

    @property
    def capacity_bytes(self) -> int:
        """Memory usable for model + cache: the driver-visible total when known, else physical."""
        fig = self.visible_memory_bytes or self.memory_bytes or self.main_tier.capacity_bytes
        return int(fig.value)

    @property
    def bw_bytes_per_s(self) -> float:
        fig = self.mem_bw_bytes_per_s or self.main_tier.bw_bytes_per_s
        assert fig is not None  # the validator requires a main-tier bandwidth
        return float(fig.value)

    def peak_flops_per_s(self, dtype: str) -> float:
        """Dense peak for ``dtype``. A part without that path falls back: fp4 -> fp8 -> 16-bit (dequantized),
        fp8/int8 -> 16-bit, fp32 -> tf32 -> 16-bit (optimistic: see ``has_rate``; estimate warns). A part whose
        vendor publishes no 16-bit rate (named under [absent]) has no fallback: the error says so."""
        order = {"fp4": ["fp4", "fp8"], "fp32": ["fp32", "tf32"]}
        for key in order.get(dtype, [dtype]) + ["bf16", "fp16"]:
            if key in self.flops_per_s:
                return float(self.flops_per_s[key].value)
        if "flops_per_s.bf16" in self.absent:
            raise HardwareError(msg("hw.rate_unpublished", gpu=self.name, dtype=dtype,
                                    have=", ".join(self.flops_per_s) or "-"))
        raise HardwareError(msg("hw.no_rate", gpu=self.id, dtype=dtype))

    def has_rate(self, dtype: str) -> bool:
        return dtype in self.flops_per_s

    @property
    def onchip_bytes(self) -> int:
        """On-chip memory that can hold data across kernels (L2); 0 when unknown."""
        if self.l2_bytes:
            return int(self.l2_bytes.value)
        l2 = self.tier("l2")
        return l2.capacity if l2 else 0

    @property
    def n_per_server(self) -> int:
        return max(1, int(self.gpus_per_server.value))

    @property
    def nvlink_domain(self) -> int:
        return max(1, int(self.nvlink_domain_gpus.value))

    @property
    def tp_limit(self) -> int | None:
        """Most GPUs one tensor-parallel replica can span: for desktop-class parts (consumer, laptop, SoC: no
        NVLink, one PCIe slot per card) the GPUs one machine holds; None (no machine bound) for data-center parts."""
        return self.n_per_server if self.form_factor in ("consumer", "laptop", "soc") else None

    def figures(self) -> dict[str, Figure]:
        """Flat name -> Figure map, for the sources table."""
        out: dict[str, Figure] = {}
        for name in type(self).model_fields:
            val = getattr(self, name)
            if isinstance(val, Figure):
                out[name] = val
            elif name == "flops_per_s":
                out.update({f"flops_per_s.{k}": f for k, f in val.items()})
        for t in self.memory_tiers:
            out[f"memory_tiers.{t.name}.capacity_bytes"] = t.capacity_bytes
            if t.bw_bytes_per_s is not None:
                out[f"memory_tiers.{t.name}.bw_bytes_per_s"] = t.bw_bytes_per_s
        return out


def _derived_tiers(p: HardwareProfile) -> tuple[MemoryTier, ...]:
    """Tiers of a profile in the current (flat) schema: what the single-level model already knew."""
    out = []
    if p.sm_sram_bytes:
        out.append(MemoryTier(name="sm_sram", label="SM registers + L1/shared (derived)", holds=("activations",),
                              capacity_bytes=p.sm_sram_bytes))
    if p.l2_bytes:
        out.append(MemoryTier(name="l2", label="L2 (derived)", holds=("kv", "activations"), capacity_bytes=p.l2_bytes))
    if p.memory_bytes is not None:
        out.append(MemoryTier(name="dram", label="device memory (derived)", holds=("weights", "kv", "activations"),
                              capacity_bytes=p.memory_bytes, bw_bytes_per_s=p.mem_bw_bytes_per_s))
    return tuple(out)


def parse_profile(text: str, origin: str = "<profile>") -> HardwareProfile:
    """Parse one TOML profile; raise HardwareError with a one-line reason."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise HardwareError(msg("hw.bad_toml", origin=origin, detail=str(exc))) from None
    try:
        return HardwareProfile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise HardwareError(msg("hw.invalid", origin=origin, where=where, detail=pydantic_detail(first))) from None


@lru_cache(maxsize=4)
def load_profiles(directory: str | None = None) -> dict[str, HardwareProfile]:
    """All profiles in ``directory`` (default: the bundled ones), keyed by id."""
    root = Path(directory) if directory else PROFILES_DIR
    profiles: dict[str, HardwareProfile] = {}
    for path in sorted(root.glob("*.toml")):
        prof = parse_profile(path.read_text(encoding="utf-8"), path.name)
        if prof.id != path.stem:
            raise HardwareError(msg("hw.id_mismatch", file=path.name, id=prof.id))
        profiles[prof.id] = prof
    return profiles


def get_profile(key: str) -> HardwareProfile:
    """Look a profile up by id (case-insensitive) or exact name."""
    profiles = load_profiles()
    k = key.strip().lower()
    if k in profiles:
        return profiles[k]
    for prof in profiles.values():
        if prof.name.lower() == k:
            return prof
    raise HardwareError(msg("hw.unknown", key=key, known=", ".join(closest(k, profiles))))


def closest(key: str, known, n: int = 6) -> list[str]:
    """Up to ``n`` ids from ``known`` most like ``key`` (difflib ratio), for a one-line "did you mean"; when nothing is
    alike, the first ``n`` in order. The whole list is ``kvcost list gpus``."""
    import difflib

    ids, k = sorted(known), key[:100].lower()
    contain = [i for i in ids if k and k in i]
    alike = [i for i in difflib.get_close_matches(k, ids, n=n, cutoff=0.3) if i not in contain]
    return (contain + alike)[:n] or ids[:n]
