"""Serving-engine profiles: one TOML file per engine under ``engine_profiles/`` (like ``hardware_profiles/``).

A profile holds the engine's memory policy (how much memory becomes KV pages, page size, batch and token
limits) and its time terms (efficiencies, fixed costs, all-reduce), each a table ``{value, unit, source,
fitted[, by_arch, note]}``: ``source`` is the evidence; ``fitted = true`` marks values the deterministic fit
(``validation/published/fit.py``) wrote; ``by_arch`` overrides the value on one GPU family (``hopper``,
``blackwell``, ``ampere``, ``ada``, ``apple``, ``cdna3``: the first word of the hardware profile's ``arch``).
``ideal`` has no terms: it is today's roofline with the caller's ``Assumptions`` (the upper bound).
``[validation]`` is the measured error band the report wrote (leave-one-source-out, per metric).
"""
from __future__ import annotations

import datetime as dt
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .hardware import HardwareProfile
from .i18n import msg, pydantic_detail

ENGINES_DIR = Path(__file__).resolve().parent.parent / "engine_profiles"
IDEAL = "ideal"
# The default engine of estimate/compare/fleet: the best-validated modern engine (lowest leave-one-source-out
# throughput error in engine_profiles/*.toml [validation], see bench/RESULTS.md); ``ideal`` stays the upper bound.
DEFAULT_ENGINE = "trtllm"
ENGINE_IDS = ("ideal", "vllm", "trtllm", "sglang", "llamacpp")
TERMS = ("kv_memory_fraction", "runtime_reserve_bytes", "page_tokens", "output_reservation", "max_batch",
         "max_tokens_per_step", "step_overhead_s", "layer_overhead_s", "bw_efficiency", "kv_bw_efficiency",
         "gemm_efficiency", "gemm_efficiency_8bit", "roofline_knee", "attn_efficiency", "attn_half_tokens",
         "allreduce_latency_s", "link_efficiency", "moe_layer_overhead_s", "moe_bw_efficiency", "moe_gemm_scale",
         "moe_gemm_scale_8bit", "arrival_sync", "request_overhead_s")


class EngineError(ValueError):
    """An engine profile is missing or malformed (message is user-facing, one line)."""


class Param(BaseModel):
    """One engine parameter with its evidence."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    value: float = Field(ge=0)
    unit: str
    source: str = Field(min_length=3)
    fitted: bool = False
    by_arch: dict[str, float] = Field(default_factory=dict)
    note: str = ""


class ErrorBand(BaseModel):
    """Median |error| (%) of the engine's predictions against published measurements, leave-one-source-out."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    throughput_pct: float | None = None
    ttft_pct: float | None = None
    tpot_pct: float | None = None
    points: int = 0
    sources: int = 0
    method: str = ""
    as_of: dt.date | None = None


class FitInfo(BaseModel):
    """Provenance of an engine profile's fitted parameters (data, split, date)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    script: str
    date: dt.date
    rows: int
    split: str
    sources: list[str]
    objective: str


class EngineProfile(BaseModel):
    """A serving engine as the serving model sees it. Unknown fields are rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    name: str
    description: str
    versions: str = ""
    ideal: bool = False
    memory_basis: Literal["total", "free", "kvcost"] = "total"
    terms: dict[str, Param] = Field(default_factory=dict)
    fit: FitInfo | None = None
    validation: ErrorBand = ErrorBand()

    @model_validator(mode="after")
    def _complete(self) -> "EngineProfile":
        if self.ideal:
            if self.terms:
                raise ValueError(msg("eng.ideal_terms"))
            return self
        missing = [t for t in TERMS if t not in self.terms]
        unknown = [t for t in self.terms if t not in TERMS]
        if missing or unknown:
            raise ValueError(msg("eng.terms", missing=", ".join(missing) or "-", unknown=", ".join(unknown) or "-"))
        return self

    def value(self, name: str, gpu: HardwareProfile | None = None) -> float:
        """The parameter ``name`` on ``gpu`` (its family's override when the profile has one)."""
        p = self.terms[name]
        if gpu is not None:
            fam = arch_family(gpu)
            if fam in p.by_arch:
                return float(p.by_arch[fam])
        return float(p.value)

    def terms_on(self, gpu: HardwareProfile) -> dict[str, float]:
        """Every term resolved for ``gpu`` (empty for ``ideal``)."""
        return {t: self.value(t, gpu) for t in self.terms}

    def band(self) -> dict[str, float | None] | None:
        """The measured error band {throughput_pct, ttft_pct, tpot_pct}, or None (ideal / never validated)."""
        v = self.validation
        if self.ideal or v.points == 0:
            return None
        return {"throughput_pct": v.throughput_pct, "ttft_pct": v.ttft_pct, "tpot_pct": v.tpot_pct}


def band_message(engine: str, band: dict | None):
    """The engine's measured error band as a message (or the note that ``ideal`` is an upper bound)."""
    name = msg("srv.engine.ideal") if engine == "ideal" else get_engine(engine).name

    def pct(v: float | None) -> str:
        return "?" if v is None else f"{v:.0f}%"

    if band is None:
        return msg("srv.no_band", engine=name)
    return msg("srv.band", engine=name, tput=pct(band["throughput_pct"]), ttft=pct(band["ttft_pct"]),
               tpot=pct(band["tpot_pct"]))


def arch_family(gpu: HardwareProfile) -> str:
    """'hopper', 'ampere', 'apple', ...: the first word of the profile's ``arch``, lower case."""
    return gpu.arch.split()[0].lower() if gpu.arch.strip() else ""


def parse_engine(text: str, origin: str = "<engine>") -> EngineProfile:
    """Parse one TOML profile; raise EngineError with a one-line reason."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EngineError(msg("eng.bad_toml", origin=origin, detail=str(exc))) from None
    try:
        return EngineProfile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise EngineError(msg("eng.invalid", origin=origin, where=where, detail=pydantic_detail(dict(first)))) from None


@lru_cache(maxsize=4)
def load_engines(directory: str | None = None) -> dict[str, EngineProfile]:
    """All profiles in ``directory`` (default: the bundled ones), keyed by id."""
    root = Path(directory) if directory else ENGINES_DIR
    out: dict[str, EngineProfile] = {}
    for path in sorted(root.glob("*.toml")):
        prof = parse_engine(path.read_text(encoding="utf-8"), path.name)
        if prof.id != path.stem:
            raise EngineError(msg("eng.id_mismatch", file=path.name, id=prof.id))
        out[prof.id] = prof
    return out


def get_engine(key: "str | EngineProfile") -> EngineProfile:
    """A profile by id (case-insensitive) or name, or the profile itself."""
    if isinstance(key, EngineProfile):
        return key
    engines = load_engines()
    k = str(key).strip().lower()
    if k in engines:
        return engines[k]
    for prof in engines.values():
        if prof.name.lower() == k:
            return prof
    raise EngineError(msg("eng.unknown", key=str(key)[:80], known=", ".join(engines)))


def engine_ids() -> list[str]:
    """Ids of the bundled engine profiles, in file order."""
    return list(load_engines())


__all__ = ["DEFAULT_ENGINE", "ENGINES_DIR", "ENGINE_IDS", "IDEAL", "TERMS", "EngineError", "EngineProfile", "ErrorBand",
           "FitInfo",
           "Param", "arch_family", "band_message", "engine_ids", "get_engine", "load_engines", "parse_engine"]
