"""Hardware profiles: one TOML file per GPU under ``hardware_profiles/``.

Every figure is a table ``{value, source, as_of[, note, confidence]}`` so the UI can show where a number
came from and how old it is. All values are SI: bytes, bytes/s, FLOP/s, watts, US dollars.
Tensor FLOP/s are *dense* (no 2:4 sparsity).
"""
from __future__ import annotations

import datetime as dt
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .i18n import msg, pydantic_detail

PROFILES_DIR = Path(__file__).resolve().parent.parent / "hardware_profiles"
ComputeDtype = Literal["fp32", "tf32", "bf16", "fp16", "fp8", "int8", "fp4"]
Confidence = Literal["high", "medium", "low", "estimate"]


class HardwareError(ValueError):
    """A hardware profile is missing or malformed (message is user-facing, one line)."""


Precision = Literal["day", "month", "quarter", "year"]
PRICE_FIELDS = ("gpu_price_usd", "server_price_usd", "cloud_prices", "server_power_load_w")  # sourced or named absent


class Figure(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    value: float = Field(ge=0)
    source: str = Field(min_length=3)
    as_of: dt.date  # the SOURCE's own date (its first day when the source gives only a month/quarter/year)
    as_of_precision: Precision = "day"
    note: str = ""
    confidence: Confidence = "high"


class CloudPrice(BaseModel):
    """One published cloud price, as the provider bills it (per GPU-hour or per instance-hour)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    provider: str = Field(min_length=1)
    sku: str = Field(min_length=1)
    region: str = ""
    tier: Literal["on-demand", "committed-1y", "committed-3y", "spot", "capacity-block"]
    unit: Literal["gpu-hour", "instance-hour"]
    gpus_per_unit: int = Field(ge=1, le=1024)
    usd: float = Field(gt=0)  # per unit-hour
    source: str = Field(min_length=3)
    url: str = Field(min_length=3)
    as_of: dt.date
    as_of_precision: Precision = "day"
    confidence: Confidence = "medium"
    note: str = ""

    @property
    def usd_per_gpu_hour(self) -> float:
        return self.usd / self.gpus_per_unit

    def label(self) -> str:
        where = f", {self.region}" if self.region else ""
        return f"{self.provider} {self.sku} ({self.tier}{where}), ${self.usd:,.4g}/{self.unit}"


class HardwareProfile(BaseModel):
    """A GPU (or SoC) as the cost model sees it. Unknown fields are rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    name: str
    vendor: str
    arch: str
    form_factor: Literal["sxm", "pcie", "oam", "consumer", "laptop", "soc"]
    notes: str = ""

    memory_bytes: Figure  # physical capacity ("80 GB" H100 = 80 GiB)
    visible_memory_bytes: Figure | None = None  # what the driver exposes (nvidia-smi total)
    mem_bw_bytes_per_s: Figure
    flops_per_s: dict[ComputeDtype, Figure]  # dense peak per compute dtype
    l2_bytes: Figure | None = None
    sm_sram_bytes: Figure | None = None  # SM-local SRAM total: SMs x (L1/smem + register file)
    sm_count: Figure | None = None
    tdp_w: Figure
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
    absent: dict[str, str] = Field(default_factory=dict)  # price field -> why no sourced figure exists
    compiled: dt.date | None = None  # when the figures were compiled into this file (not a source date)

    @model_validator(mode="after")
    def _prices_sourced_or_absent(self) -> "HardwareProfile":
        for name in PRICE_FIELDS:
            present = bool(getattr(self, name))
            if present == (name in self.absent):
                raise ValueError(msg("hw.price_absent", field=name))
        return self

    @field_validator("flops_per_s")
    @classmethod
    def _needs_a_16bit_rate(cls, v: dict[str, Figure]) -> dict[str, Figure]:
        if not ({"bf16", "fp16"} & set(v)):
            raise ValueError(msg("hw.needs_16bit"))
        return v

    # ---- derived, SI ----
    @property
    def capacity_bytes(self) -> int:
        """Memory usable for model + cache: the driver-visible total when known, else physical."""
        fig = self.visible_memory_bytes or self.memory_bytes
        return int(fig.value)

    @property
    def bw_bytes_per_s(self) -> float:
        return float(self.mem_bw_bytes_per_s.value)

    def peak_flops_per_s(self, dtype: str) -> float:
        """Dense peak for ``dtype``. A part without that path falls back: fp4 -> fp8 -> 16-bit (dequantized),
        fp8/int8 -> 16-bit, fp32 -> tf32 -> 16-bit (optimistic: see ``has_rate``; estimate warns)."""
        order = {"fp4": ["fp4", "fp8"], "fp32": ["fp32", "tf32"]}
        for key in order.get(dtype, [dtype]) + ["bf16", "fp16"]:
            if key in self.flops_per_s:
                return float(self.flops_per_s[key].value)
        raise HardwareError(msg("hw.no_rate", gpu=self.id, dtype=dtype))

    def has_rate(self, dtype: str) -> bool:
        return dtype in self.flops_per_s

    @property
    def onchip_bytes(self) -> int:
        """On-chip memory that can hold data across kernels (L2); 0 when unknown."""
        return int(self.l2_bytes.value) if self.l2_bytes else 0

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
        return out


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
