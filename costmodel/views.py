"""Tables and series the UI shows, computed from the cost model (pure; no streamlit, no plotting).

Every number a page displays comes from here or directly from an ``Estimate``: the UI formats, it
never computes. Byte values stay exact ints; ``*_gb`` / ``*_gib`` are the same bytes in 1e9 / 2^30.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from . import numfmt
from .assumptions import Assumptions
from .estimate import MAX_CONTEXT, Estimate, speedup
from .hardware import HardwareProfile
from .i18n import Message, msg
from .schemes import Scheme, native_scheme, parse_scheme
from .spec import ModelSpec
from .units import GB, GiB, fmt_both, fmt_bytes, fmt_count, fmt_rate, fmt_seconds, fmt_tokens  # noqa: F401 (re-exported)

MEMORY_PARTS = ("weights", "kv", "activations", "reserve")


# ---------------------------------------------------------------- tokens
def compact_tokens(n: int) -> str:
    """Shortest text ``units.parse_tokens`` reads back to ``n``: 524288 -> '512K', 1048576 -> '1M', 1000 -> '1000'."""
    for suffix, scale in (("M", 1024**2), ("K", 1024)):
        if n >= scale and n % scale == 0:
            return f"{n // scale}{suffix}"
    return str(int(n))


def to_gb(n: float) -> float:
    """Bytes in GB (10^9)."""
    return n / GB


def to_gib(n: float) -> float:
    """Bytes in GiB (2^30)."""
    return n / GiB


# ---------------------------------------------------------------- fit
@dataclass(frozen=True)
class MemorySegment:
    """One part of the per-GPU memory bar."""

    part: str  # one of MEMORY_PARTS
    bytes: int

    @property
    def gb(self) -> float:
        return to_gb(self.bytes)

    @property
    def gib(self) -> float:
        return to_gib(self.bytes)


def memory_segments(e: Estimate) -> list[MemorySegment]:
    """Per-GPU memory parts in stacking order (weights, KV, activations, reserve)."""
    m = e.memory
    vals = (m.weight_bytes, m.kv_bytes, m.activation_bytes, m.reserve_bytes)
    return [MemorySegment(p, int(v)) for p, v in zip(MEMORY_PARTS, vals)]


def shortfall_bytes(headroom_bytes: int) -> int:
    """Bytes missing when headroom is negative, else 0."""
    return max(-int(headroom_bytes), 0)


@dataclass(frozen=True)
class CapacityMarker:
    """The capacity line and the verdict numbers of one estimate (per GPU)."""

    capacity_bytes: int
    total_bytes: int
    fits: bool

    @property
    def gb(self) -> float:
        return to_gb(self.capacity_bytes)

    @property
    def gib(self) -> float:
        return to_gib(self.capacity_bytes)

    @property
    def headroom_bytes(self) -> int:
        """Free bytes (0 when it does not fit)."""
        return max(self.capacity_bytes - self.total_bytes, 0)

    @property
    def shortfall_bytes(self) -> int:
        """Missing bytes (0 when it fits)."""
        return shortfall_bytes(self.capacity_bytes - self.total_bytes)

    @property
    def used_fraction(self) -> float:
        return self.total_bytes / self.capacity_bytes


def capacity_marker(e: Estimate) -> CapacityMarker:
    """Capacity line and verdict numbers of ``e``."""
    m = e.memory
    return CapacityMarker(m.capacity_bytes, m.total_bytes, m.fits)


# ---------------------------------------------------------------- compare
def baseline_index(estimates: Sequence[Estimate], scheme_label: str) -> int:
    """Index of the estimate whose scheme equals ``scheme_label`` (0 when absent)."""
    for i, e in enumerate(estimates):
        if e.scheme == scheme_label:
            return i
    return 0


def short_label(scheme: Scheme | str, spec: ModelSpec) -> str:
    """Compact scheme name for chart axes and legends: 'GQA (8 KV heads)', 'MLA (absorbed)', 'Slim attention (1)'."""
    sch = parse_scheme(scheme)
    if sch.family == "kv_heads":
        return sch.describe(spec)
    return msg("sch.with", label=sch.name, extra=sch.option_name()) if sch.option != "default" else sch.name


@dataclass(frozen=True)
class CompareRow:
    """One scheme of the Compare table: the estimate plus its ratios against the baseline scheme."""

    estimate: Estimate
    scheme: Scheme
    short: str  # compact label for charts
    speedup: float  # decode tokens/s over the baseline's (a run only when both fit: ``speed_valid``)
    kv_ratio: float  # KV bytes per token over the baseline's (NaN when the baseline caches nothing per token)
    params_delta: int  # parameters minus the baseline's
    attn_flops_ratio: float = float("nan")  # attention FLOPs per token over the baseline's (NaN when it has none)
    baseline_fits: bool = True
    native: bool = False  # this is the model's own attention (as configured), not a conversion of it

    @property
    def same_outputs(self) -> bool:
        """The model gives the outputs it was trained for: its own attention, or an exact rewrite of it (slim)."""
        return self.native or self.scheme.exact

    @property
    def effort(self) -> str:
        """What adopting this scheme takes, in a word or two (a Message; the model's own attention takes nothing)."""
        return msg("effort.native") if self.native else self.scheme.effort

    @property
    def speed_valid(self) -> bool:
        """Speeds of this row describe a run: it fits (and, for the speedup, so does the baseline)."""
        return self.estimate.fits

    @property
    def speedup_valid(self) -> bool:
        return self.estimate.fits and self.baseline_fits

    @property
    def attn_flops_per_token(self) -> float:
        return self.estimate.attn_flops_per_token

    @property
    def label(self) -> str:
        return self.estimate.scheme

    @property
    def token(self) -> str:
        return self.estimate.scheme_token

    @property
    def decode_tokens_per_s(self) -> float:
        return self.estimate.decode_tokens_per_s

    @property
    def kv_bytes_per_token(self) -> int:
        return self.estimate.kv_bytes_per_token

    @property
    def max_context_tokens(self) -> int | None:
        return self.estimate.max_context_tokens

    def metric(self, name: str) -> float | None:
        """A chartable number by name: 'kv_bytes_per_token', 'decode_tokens_per_s', 'speedup', 'max_context_tokens',
        'attn_flops_per_token'. Speeds of a configuration that does not fit are None (not drawn)."""
        if name == "decode_tokens_per_s" and not self.speed_valid:
            return None
        if name == "speedup" and not self.speedup_valid:
            return None
        return getattr(self, name)


def compare_rows(estimates: Sequence[Estimate], spec: ModelSpec, baseline: int = 0) -> list[CompareRow]:
    """One row per estimate: speedup, KV ratio and parameter change against ``estimates[baseline]``."""
    if not estimates:
        return []
    base = estimates[baseline]
    own = native_scheme(spec)
    rows = []
    for e in estimates:
        sch = parse_scheme(e.scheme_token)
        ratio = e.kv_bytes_per_token / base.kv_bytes_per_token if base.kv_bytes_per_token else float("nan")
        flops = e.attn_flops_per_token / base.attn_flops_per_token if base.attn_flops_per_token else float("nan")
        rows.append(CompareRow(e, sch, short_label(sch, spec), speedup(e, base), ratio, e.params - base.params,
                               flops, base.fits, _is_native(sch, own, e.scheme, spec)))
    return rows


def _is_native(sch: Scheme, own: Scheme, label: str, spec: ModelSpec) -> bool:
    """The model's own attention, or another option of it that only reorders the computation (MLA naive)."""
    return label == own.describe(spec) or (sch.key == own.key and sch.options_exact)


PARAM_NOTE_SHARE = 0.005  # a parameter change above this share of the baseline's parameters gets a note


def param_notes(rows: Sequence[CompareRow], spec: ModelSpec, baseline: int = 0) -> list[Message]:
    """For each scheme that adds parameters against ``rows[baseline]`` (e.g. a Mamba-2 mixer, which is larger than
    the attention projections it replaces): how many, where they come from, and that they count in memory."""
    if not rows:
        return []
    base = rows[baseline]
    base_attn = base.scheme.param_groups(spec).attention
    out = []
    for r in rows:
        if r.params_delta <= PARAM_NOTE_SHARE * base.estimate.params:
            continue
        attn = r.scheme.param_groups(spec).attention
        out.append(msg("note.params_added", scheme=r.short, delta=numfmt.params_msg(r.params_delta), base=base.short,
                       share=r.params_delta / base.estimate.params, attn=numfmt.params_msg(attn),
                       base_attn=numfmt.params_msg(base_attn), layers=spec.n_layers))
    return out


def headline_notes(rows: Sequence[CompareRow], baseline: int = 0) -> list[Message]:
    """For each scheme whose paper states its reduction against another baseline than ``rows[baseline]`` (e.g. TPA's
    "10x smaller cache" against MHA while the user compares with GQA): where the headline comes from, and this
    scheme's cache (at the context, whole batch) and attention FLOPs per token against the chosen baseline."""
    if not rows:
        return []
    base = rows[baseline]
    out, seen = [], set()
    for r in rows:
        head = r.scheme.headline
        if head is None or head[0] == base.scheme.key or (r.scheme.key, head) in seen:
            continue
        seen.add((r.scheme.key, head))
        base_kv = base.estimate.memory.kv_bytes
        kv = r.estimate.memory.kv_bytes / base_kv if base_kv else float("nan")
        out.append(msg("note.headline", scheme=r.scheme.name, headline=msg(head[1]), base=base.label, ratio=kv,
                       flops=r.attn_flops_ratio))
    return out


def sweep_contexts(lo: int = 1024, hi: int = 16 * 1024**2, include: int = 0) -> np.ndarray:
    """Powers of two from ``lo`` up to ``max(hi, include)`` tokens (inclusive, the last one reaching ``include``),
    capped at MAX_CONTEXT."""
    hi = min(max(hi, 2 * include), MAX_CONTEXT)
    out = [lo]
    while out[-1] * 2 <= hi:
        out.append(out[-1] * 2)
    return np.array(out, dtype=np.int64)


def kv_budget_bytes(e: Estimate) -> int:
    """GPU capacity minus this estimate's weights (activations and reserve NOT subtracted)."""
    return e.memory.capacity_bytes - e.memory.weight_bytes


# ---------------------------------------------------------------- roofline
def achieved_flops_per_s(e: Estimate, phase: str = "decode") -> float:
    """FLOP/s one phase (decode step or prefill) of an estimate achieves."""
    step = e.decode if phase == "decode" else e.prefill_cost
    return step.flops / step.time_s


@dataclass(frozen=True)
class RooflineCurve:
    """Attainable FLOP/s vs arithmetic intensity: min(bandwidth x I, peak)."""

    intensity: np.ndarray  # FLOP/byte
    flops_per_s: np.ndarray
    bw_bytes_per_s: float
    peak_flops_per_s: float

    @property
    def ridge_flops_per_byte(self) -> float:
        return self.peak_flops_per_s / self.bw_bytes_per_s


def roofline_curve(gpu: HardwareProfile, dtype: str = "bf16", bw_efficiency: float = 1.0,
                   flops_efficiency: float = 1.0, x_min: float = 0.01, x_max: float = 1e5,
                   n: int = 200) -> RooflineCurve:
    """Attainable FLOP/s vs intensity: min(bandwidth x I, peak), optionally derated by efficiencies."""
    bw = gpu.bw_bytes_per_s * bw_efficiency
    peak = gpu.peak_flops_per_s(dtype) * flops_efficiency
    x = np.geomspace(x_min, x_max, n)
    return RooflineCurve(x, np.minimum(bw * x, peak), bw, peak)


@dataclass(frozen=True)
class OperatingPoint:
    """Where one phase (decode step or prefill) of one estimate sits on the roofline."""

    scheme: str
    phase: str  # "decode" | "prefill"
    intensity: float  # FLOP per byte of device-memory traffic
    flops_per_s: float  # achieved
    time_s: float
    bound: str  # "memory" | "compute"
    hbm_bytes: float
    flops: float


def operating_points(estimates: Iterable[Estimate],
                     phases: Sequence[str] = ("decode", "prefill")) -> list[OperatingPoint]:
    """Decode and/or prefill operating point of each estimate."""
    rows = []
    for e in estimates:
        for phase in phases:
            step = e.decode if phase == "decode" else e.prefill_cost
            rows.append(OperatingPoint(e.scheme, phase, step.intensity, achieved_flops_per_s(e, phase), step.time_s,
                                       step.bound, step.hbm_bytes, step.flops))
    return rows


@dataclass(frozen=True)
class SramRow:
    """Whether one scheme's whole-batch cache fits the on-chip budget."""

    scheme: str
    kv_bytes: int
    budget_bytes: int
    resident: bool


def sram_rows(estimates: Iterable[Estimate], gpu: HardwareProfile, a: Assumptions) -> list[SramRow]:
    """Whether each scheme's whole-batch cache fits the on-chip budget (sram_fraction x L2)."""
    budget = int(a.sram_fraction * gpu.onchip_bytes)
    return [SramRow(e.scheme, e.memory.kv_bytes, budget, e.sram_resident) for e in estimates]


@dataclass(frozen=True)
class OnchipSizes:
    """On-chip memory of a GPU (None where the profile lists no figure)."""

    l2_bytes: int | None
    sm_sram_bytes: int | None
    sm_count: int | None


def onchip_sizes(gpu: HardwareProfile) -> OnchipSizes:
    """L2, SM-local SRAM and SM count of a GPU (None where the profile has no figure)."""
    return OnchipSizes(int(gpu.l2_bytes.value) if gpu.l2_bytes else None,
                       int(gpu.sm_sram_bytes.value) if gpu.sm_sram_bytes else None,
                       int(gpu.sm_count.value) if gpu.sm_count else None)


# ---------------------------------------------------------------- fleet / ROI
def tornado_rows(rows) -> list[dict]:
    """roi.TornadoRow list -> dicts with the bar extents relative to the base result (low_delta, high_delta)."""
    return [{**r.to_dict(), "low_delta": r.low_result - r.base_result, "high_delta": r.high_result - r.base_result}
            for r in rows]


@dataclass(frozen=True)
class PlanRow:
    """One costed fleet plan as the Fleet page lists it."""

    scheme: str
    gpu: str
    deployment: str
    replicas: int
    gpus: int
    servers: int
    batch_per_replica: int
    ttft_s: float
    tpot_ms: float
    utilization: float
    cost_per_month_usd: float
    usd_per_1m_tokens: float
    energy_kwh_per_1m_tokens: float
    capacity_tokens_per_s: float = float("nan")  # peak generated tokens/s the fleet delivers
    cost_basis: str = "onprem"  # the basis of cost_per_month_usd: "onprem" or "cloud"
    other_basis_usd_per_month: float | None = None  # the same fleet on the other basis (None: no price)

    @property
    def onprem_usd_per_month(self) -> float | None:
        return self.cost_per_month_usd if self.cost_basis == "onprem" else self.other_basis_usd_per_month

    @property
    def cloud_usd_per_month(self) -> float | None:
        return self.cost_per_month_usd if self.cost_basis == "cloud" else self.other_basis_usd_per_month


def plan_row(p) -> PlanRow:
    """fleet.Plan -> PlanRow."""
    return PlanRow(p.scheme, p.gpu_name, p.label, p.replicas, p.gpus, p.servers, p.batch_per_replica, p.ttft_s,
                   p.tpot_s * 1e3, p.utilization, p.cost_per_month_usd, p.usd_per_1m_tokens, p.energy_kwh_per_1m_tokens,
                   p.capacity_tokens_per_s, p.cost_basis, p.other_basis_usd_per_month)


@dataclass(frozen=True)
class ParetoPoint:
    """A plan on a scheme's cost-vs-latency front (the recommended one flagged)."""

    scheme: str
    label: str
    gpus: int
    cost_per_month_usd: float
    tpot_ms: float
    recommended: bool


def pareto_points(result) -> list[ParetoPoint]:
    """fleet.FleetResult -> every scheme's front: its recommended plan and the other non-dominated ones."""
    out = []
    for s in result.schemes:
        for p in ([s.best] if s.best else []) + list(s.pareto):
            out.append(ParetoPoint(s.scheme, f"{p.label} ({p.gpu_name})", p.gpus, p.cost_per_month_usd, p.tpot_s * 1e3,
                                   p is s.best))
    return out


# ---------------------------------------------------------------- hardware sources
def fmt_figure(name: str, value: float) -> str:
    """A named figure in its unit, read from the name's suffix as the profiles and probes spell them
    (``flops_per_s*``, ``*bytes_per_s``, ``*_bytes``, ``*_s`` seconds, ``*_w``, ``*usd_per_gpu_hour``, ``*_usd``)."""
    if name.startswith("flops_per_s"):
        return fmt_rate(value, "FLOP/s")
    if name.endswith("bytes_per_s"):
        return fmt_rate(value, "B/s")
    if name.endswith("_bytes"):
        return fmt_both(value) if value >= GB else fmt_bytes(value, binary=True)
    if name.endswith("_w"):
        return f"{value:,.0f} W"
    if name.endswith("usd_per_gpu_hour"):
        return f"${value:,.2f}/GPU-h"
    if name.endswith("_usd"):
        return f"${value:,.0f}"
    if name.endswith("_s"):
        return fmt_seconds(value)
    return f"{value:g}"


@dataclass(frozen=True)
class FigureRow:
    """One sourced figure of a hardware profile, formatted for the sources table. ``label`` and ``level`` are
    messages (shown in the reader's language); ``source`` and ``note`` are the source's own words (English)."""

    figure: str  # field name, e.g. 'mem_bw_bytes_per_s' or 'flops_per_s.bf16'
    value: str  # formatted with units
    source: str
    as_of: str  # ISO date of the source
    confidence: str  # high / medium / low / estimate
    note: str
    label: Message | str = ""  # the figure in words ('Memory bandwidth' / 'メモリ帯域')
    level: Message | str = ""  # the confidence in words


def figure_label(name: str) -> Message:
    """'flops_per_s.bf16' -> 'Dense BF16 compute'; 'tdp_w' -> 'Board power (TDP)' (the ``hardware`` catalogue)."""
    if name.startswith("flops_per_s."):
        return msg("hwf.flops_per_s", dtype=name.split(".", 1)[1].upper())
    if name.startswith("memory_tiers."):  # 'memory_tiers.hbm.bw_bytes_per_s' -> 'HBM: bandwidth'
        _, tier, field = name.split(".", 2)
        return msg(f"hwf.tier.{field}", tier=tier_name(tier))
    return msg(f"hwf.{name}")


def tier_name(tier: str) -> Message:
    """A memory tier's name in words ('hbm' -> 'HBM', 'l1_smem' -> 'L1 / shared memory'; the ``hardware``
    catalogue)."""
    return msg(f"tiername.{tier}")


def hardware_rows(gpu: HardwareProfile) -> list[FigureRow]:
    """One row per figure of a profile: name, formatted value, source, as_of, confidence, note."""
    return [FigureRow(name, fmt_figure(name, f.value), f.source, f.as_of.isoformat(), f.confidence, f.note,
                      figure_label(name), msg(f"conf.{f.confidence}"))
            for name, f in gpu.figures().items()]


__all__ = ["fmt_figure", "fmt_tokens", "compact_tokens", "fmt_count", "to_gb", "to_gib", "MemorySegment",
           "memory_segments",
           "shortfall_bytes", "CapacityMarker", "capacity_marker", "baseline_index", "short_label", "CompareRow",
           "compare_rows", "headline_notes", "param_notes", "sweep_contexts", "kv_budget_bytes", "achieved_flops_per_s",
           "RooflineCurve", "roofline_curve", "OperatingPoint", "operating_points", "SramRow", "sram_rows",
           "OnchipSizes", "onchip_sizes", "FigureRow", "figure_label", "hardware_rows", "tornado_rows", "PlanRow",
           "plan_row",
           "ParetoPoint", "pareto_points", "MEMORY_PARTS"]
