"""Host CPU profiles: one TOML file per CPU under ``host_profiles/`` (the machine a GPU sits in).

Partial offload (``offload``) runs the layers llama.cpp keeps in system RAM on the CPU, which streams their weights
from host memory: what matters is the memory bandwidth (theoretical, and measured where published), the CPU's
matrix throughput where a source gives it, and the PCIe link to the GPU. Every figure is a ``hwfigures.Figure``
``{value, source, as_of[, note, confidence]}`` (SI units), as in the GPU profiles; unknown fields are rejected.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .hardware import HardwareProfile, closest
from .hwfigures import Figure
from .i18n import msg, pydantic_detail

HOSTS_DIR = Path(__file__).resolve().parent.parent / "host_profiles"
# llama.cpp CPU decode streams weights at about the STREAM-triad rate; where a host has no measurement, its theoretical
# bandwidth is derated by the measured/theoretical ratio of the parts that have one: EPYC 9654 248.3/460.8 = 0.54,
# Xeon Platinum 8480+ 186.1/307.2 = 0.61 (simon-r/My_Stream_Benchmark, 2-socket triad halved), Ryzen 7 7700 with
# DDR5-6000 60.8/96.0 = 0.63 (BlinkDL/benchmark.c); research/consumer/cpus.csv
HOST_BW_EFFICIENCY = 0.6
DEFAULT_DESKTOP_HOST = "ryzen-9-7950x"  # the host of a consumer or laptop GPU unless one is chosen
DEFAULT_SERVER_HOST = "epyc-9654"  # the host of a data-center GPU unless one is chosen


class HostError(ValueError):
    """A host profile is missing or malformed (message is user-facing, one line)."""


class HostProfile(BaseModel):
    """A host CPU and its memory system. Unknown fields are rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    name: str
    vendor: str
    kind: Literal["desktop", "workstation", "server"]
    notes: str = ""
    cores: Figure
    memory_channels: Figure  # 64-bit DDR5 channels (one DIMM channel = two 32-bit subchannels)
    memory_mt_s: Figure  # rated transfer rate, MT/s
    mem_bw_bytes_per_s: Figure  # theoretical: channels x MT/s x 8 bytes
    measured_bw_bytes_per_s: Figure | None = None  # STREAM-like measurement, where published
    matmul_flops_per_s: Figure | None = None  # CPU matrix throughput, where a source allows it
    pcie_bw_bytes_per_s: Figure | None = None  # the CPU's PCIe generation, x16, bidirectional
    tdp_w: Figure | None = None
    price_usd: Figure | None = None
    compiled: dt.date | None = None

    @property
    def bw_bytes_per_s(self) -> float:
        """Bandwidth llama.cpp's CPU layers stream weights at: measured, else theoretical x HOST_BW_EFFICIENCY."""
        if self.measured_bw_bytes_per_s is not None:
            return float(self.measured_bw_bytes_per_s.value)
        return float(self.mem_bw_bytes_per_s.value) * HOST_BW_EFFICIENCY

    @property
    def flops_per_s(self) -> float | None:
        """The CPU matrix throughput, or None where no source gives one."""
        return float(self.matmul_flops_per_s.value) if self.matmul_flops_per_s else None


def parse_host(text: str, origin: str = "<host>") -> HostProfile:
    """Parse one TOML host profile; raise HostError with a one-line reason."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise HostError(msg("host.bad_toml", origin=origin, detail=str(exc))) from None
    try:
        return HostProfile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise HostError(msg("host.invalid", origin=origin, where=where, detail=pydantic_detail(dict(first)))) from None


@lru_cache(maxsize=4)
def load_hosts(directory: str | None = None) -> dict[str, HostProfile]:
    """All host profiles in ``directory`` (default: the bundled ones), keyed by id."""
    root = Path(directory) if directory else HOSTS_DIR
    out: dict[str, HostProfile] = {}
    for path in sorted(root.glob("*.toml")):
        prof = parse_host(path.read_text(encoding="utf-8"), path.name)
        if prof.id != path.stem:
            raise HostError(msg("host.id_mismatch", file=path.name, id=prof.id))
        out[prof.id] = prof
    return out


def get_host(key: "str | HostProfile") -> HostProfile:
    """A host profile by id (case-insensitive) or name, or the profile itself."""
    if isinstance(key, HostProfile):
        return key
    hosts = load_hosts()
    k = str(key).strip().lower()
    if k in hosts:
        return hosts[k]
    for prof in hosts.values():
        if prof.name.lower() == k:
            return prof
    raise HostError(msg("host.unknown", key=str(key)[:80], known=", ".join(closest(k, hosts))))


def default_host(gpu: HardwareProfile) -> HostProfile:
    """The host assumed for ``gpu``: a desktop CPU for consumer and laptop parts, a server CPU otherwise."""
    return get_host(DEFAULT_DESKTOP_HOST if gpu.form_factor in ("consumer", "laptop") else DEFAULT_SERVER_HOST)


__all__ = ["DEFAULT_DESKTOP_HOST", "DEFAULT_SERVER_HOST", "HOSTS_DIR", "HOST_BW_EFFICIENCY", "HostError",
           "HostProfile", "default_host", "get_host", "load_hosts", "parse_host"]
