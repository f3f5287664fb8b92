"""The sourced figures a hardware profile is made of: ``Figure`` (a value with its source, date and confidence), a
published ``CloudPrice`` and a ``MemoryTier`` of the memory hierarchy, with the vocabularies they use (compute
dtypes, form factors, tier names, what a tier may hold). hardware.py builds ``HardwareProfile`` from them.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ComputeDtype = Literal["fp32", "tf32", "bf16", "fp16", "fp8", "int8", "fp4"]
Confidence = Literal["high", "medium", "low", "estimate"]


Precision = Literal["day", "month", "quarter", "year"]
FormFactor = Literal["sxm", "pcie", "oam", "consumer", "laptop", "soc", "chip", "card", "wafer", "system"]
ACCELERATOR_FORMS = ("chip", "card", "wafer", "system")  # non-GPU accelerators (engine profiles were fitted on GPUs)
TierName = Literal["registers", "l1_smem", "sm_sram", "tmem", "l2", "llc", "sram", "psum", "hbm", "gddr", "lpddr",
                   "dram", "ddr", "host_dram"]
ON_CHIP: tuple[str, ...] = ("registers", "l1_smem", "sm_sram", "tmem", "l2", "llc", "sram", "psum")
DEVICE_MEMORY: tuple[str, ...] = ("hbm", "gddr", "lpddr", "dram")  # the main memory, when a part has one
Holds = Literal["weights", "kv", "activations"]
PRICE_FIELDS = ("gpu_price_usd", "server_price_usd", "cloud_prices", "server_power_load_w")  # sourced or named absent


class Figure(BaseModel):
    """One sourced number of a hardware profile: value, source, the source's date, note, confidence."""

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


class MemoryTier(BaseModel):
    """One level of the memory hierarchy, per chip (or card, or system for shared host memory).

    ``holds``: what may usefully live there (a modelling judgement, not a vendor statement): software-managed
    scratchpads hold all three, registers and accumulator buffers only activations, hardware caches kv/activations.
    ``bw_bytes_per_s`` is None where the vendor publishes none: the placement then cannot time reads from the tier
    and leaves it out (it never guesses a bandwidth)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: TierName
    label: str = ""
    per: Literal["chip", "card", "system"] = "chip"
    holds: tuple[Holds, ...] = ()
    note: str = ""
    capacity_bytes: Figure
    bw_bytes_per_s: Figure | None = None

    @property
    def on_chip(self) -> bool:
        return self.name in ON_CHIP

    @property
    def capacity(self) -> int:
        return int(self.capacity_bytes.value)

    @property
    def bw(self) -> float | None:
        return float(self.bw_bytes_per_s.value) if self.bw_bytes_per_s else None


__all__ = ["ACCELERATOR_FORMS", "DEVICE_MEMORY", "ON_CHIP", "PRICE_FIELDS", "CloudPrice", "ComputeDtype", "Confidence",
           "Figure", "FormFactor", "Holds", "MemoryTier", "Precision", "TierName"]
