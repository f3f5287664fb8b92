"""Vectorized evaluation of whole grids: models x schemes x GPUs (x KV dtypes x weight dtypes) x contexts x batches.

One implementation: each (model, scheme, dtype) goes once through the functions ``estimate`` uses --
``memory.used_bytes`` (cache + activations), ``weight_bytes``, ``reserve_bytes``, ``roofline.decode_step`` and, for
SRAM-only parts, ``placement.pipeline_stages`` -- with contexts, batches and every GPU as numpy axes. The
GPU-independent terms (cache and read bytes, FLOPs, parameter counts) are therefore computed once per (model,
scheme) and only the time and fit see the GPU axis (``GpuAxis``: the profile figures the roofline reads, one per
GPU). Schemes whose terms are linear in the context go through those functions together, their layouts' coefficients
stacked along one more array axis (``sweep_planes.LayoutStack``): a sweep over many schemes makes the numpy calls of
about one, in stacks kept small enough (``STACK_ELEMENTS``) that their temporaries stay in the CPU's caches. Tests
compare the grid with ``estimate`` point for point. What does not depend on contexts and batches (scheme planes and
their stacks, cache layouts, weight bytes, the GPU axis) is memoized across calls on hashable immutable inputs
(``sweep_planes``); the arrays are computed on every call.

Speeds are those of the ``ideal`` engine: the roofline step (``Estimate.decode``), the upper bound; the calibrated
engines (``estimate(engine=...)``'s ``tpot_s``) are not swept. Memory does not depend on the engine.

Outputs (``SweepResult``; NaN / False where a scheme does not apply, see ``applicable``): ``kv_bytes`` and
``total_bytes`` (float64: exact up to 2^53 B, about 9 PB; ``kv_bytes`` is stored once per model, scheme, KV dtype,
context and batch and broadcast over the other axes), ``fits`` and ``compute_bound`` (bool), ``decode_s`` and
``decode_tokens_per_s`` (float32: 7 significant digits for figures whose model error is tens of percent). The
scalar ``estimate`` keeps exact Python ints for any size.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .assumptions import DEFAULT, Assumptions
from .dtypes import STATE_FORMATS, kv_format
from .estimate import (MAX_BATCH, MAX_CONTEXT, InputError, rates_published, by_identity, resolve_model,
                       resolve_profile)
from .hardware import HardwareProfile
from .i18n import msg
from .memory import CacheLayout, reserve_bytes, used_bytes
from .placement import pipeline_stages, resolve_rule
from .roofline import link_bytes_per_s, decode_step
from .schemes import Scheme
from .sweep_planes import axis_index, group_weight_bytes, groups, member_weight_bytes, model_terms, scheme_name

STACK_ELEMENTS = 2**16  # most elements of one stacked temporary (512 KiB of float64: within a core's L2 cache)
OUTPUTS = ("kv_bytes", "total_bytes", "fits", "decode_s", "decode_tokens_per_s", "compute_bound")
_FLOAT = {"kv_bytes": np.float64, "total_bytes": np.float64, "decode_s": np.float32,
          "decode_tokens_per_s": np.float32}


@dataclass
class SweepResult:
    """Arrays of a grid evaluation, shaped (models, schemes, GPUs, contexts, batches)."""

    models: list[str]
    schemes: list[str]
    gpus: list[str]
    contexts: np.ndarray
    batches: np.ndarray
    arrays: dict[str, np.ndarray] = field(repr=False)  # each shaped like ``axes``
    not_applicable: dict[tuple[str, str], str] = field(default_factory=dict)
    applicable: np.ndarray = field(default_factory=lambda: np.ones((0, 0), bool), repr=False)  # (models, schemes)
    kv_dtypes: list[str] = field(default_factory=lambda: ["bf16"])
    weight_dtypes: list[str] = field(default_factory=lambda: ["bf16"])
    axes: tuple[str, ...] = ("model", "scheme", "gpu", "context", "batch")

    @property
    def evaluations(self) -> int:
        return int(np.prod(self.arrays["total_bytes"].shape))

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]


class GpuAxis:
    """The figures of several GPU profiles that ``roofline.decode_step`` reads, each an array along the GPU axis
    (shape ``(G, 1, 1)``, broadcasting against (contexts, batches)): memory bandwidth and its efficiency, peak FLOP/s
    per compute dtype, on-chip bytes, and the GPU-GPU link used at ``tp`` (``roofline.link_bytes_per_s``: NVLink
    inside its domain, else PCIe), presented as a link whose domain covers ``tp``."""

    class _Figure:
        def __init__(self, value: np.ndarray):
            self.value = value

    def __init__(self, profiles: Sequence[HardwareProfile], tp: int, a: Assumptions):
        def col(values) -> np.ndarray:
            return np.asarray(values, dtype=np.float64).reshape(-1, 1, 1)

        self.profiles = list(profiles)
        self.sram_only, self.default_placement = False, "l2"  # only GPUs on the L2 rule join the axis
        self.bw_bytes_per_s = col([p.bw_bytes_per_s for p in profiles])
        self.bw_efficiency = self._Figure(col([a.bw_efficiency_on(p) for p in profiles])) if a.measured_bw else None
        self.onchip_bytes = col([p.onchip_bytes for p in profiles])
        self.link_bw_bytes_per_s = self._Figure(col([2 * link_bytes_per_s(p, tp) for p in profiles]))
        self.nvlink_domain = tp
        self.pcie_bw_bytes_per_s = None
        self.capacity_bytes = col([p.capacity_bytes for p in profiles])
        self.reserve_bytes = col([reserve_bytes(p.capacity_bytes, a) for p in profiles])
        self._peaks: dict[str, np.ndarray] = {}

    def peak_flops_per_s(self, dtype: str) -> np.ndarray:
        if dtype not in self._peaks:
            self._peaks[dtype] = np.asarray([p.peak_flops_per_s(dtype) for p in self.profiles],
                                            dtype=np.float64).reshape(-1, 1, 1)
        return self._peaks[dtype]


def _tiered(out: dict[str, np.ndarray], at: tuple, layout: CacheLayout, prof: HardwareProfile, wfmt, kv_compute: str,
            w_bytes: int, used: np.ndarray, b: np.ndarray, c: np.ndarray, a: Assumptions) -> None:
    """One part with a multi-tier placement (``placement``), as ``estimate`` does it: an SRAM-only part spans as many
    pipeline chips as its breakdown and the placement need (memory is then per replica); a part without a published
    dense rate gets no speed (NaN), as ``Estimate.speed_valid`` is False there."""
    cap = prof.capacity_bytes
    stages = pipeline_stages(prof, w_bytes, b * layout.seq_bytes(c), used, a)  # as estimate's, for every (C, B)
    total = w_bytes + used + reserve_bytes(cap * stages, a)
    out["total_bytes"][at] = total
    out["fits"][at] = total <= cap * stages
    if not rates_published(prof, wfmt.compute, kv_compute):
        return  # memory only: no speed
    step = decode_step(layout, prof, wfmt, kv_compute, b, c, a, "auto", stages if prof.sram_only else None)
    t = step.time_s * np.ones(used.shape)
    out["decode_s"][at] = t
    out["decode_tokens_per_s"][at] = b / t
    out["compute_bound"][at] = step.compute_bound


_GPUS: dict = {}


def _gpu_plan(profs: list[HardwareProfile], tp: int,
              a: Assumptions) -> tuple[slice | np.ndarray, list[int], GpuAxis | None]:
    """(where the GPUs on the GPU rule sit along the GPU axis: a slice when contiguous, the indices with a
    multi-tier placement, the ``GpuAxis`` of the former), built once per list of profile objects, tp and
    assumptions (``estimate.by_identity``)."""
    def build() -> tuple[slice | np.ndarray, list[int], GpuAxis | None]:
        flat = [g for g, p in enumerate(profs) if resolve_rule(p) == "l2"]  # the GPU rule: one array axis
        tiered = [g for g in range(len(profs)) if g not in flat]  # multi-tier placement: one profile at a time
        return axis_index(flat), tiered, GpuAxis([profs[g] for g in flat], tp, a) if flat else None

    return by_identity(_GPUS, tuple(profs), (tp, a), build, limit=64)


def _ints(name: str, values, hi: int) -> np.ndarray:
    arr = np.asarray(list(values), dtype=np.int64)
    if arr.ndim != 1 or arr.size == 0 or arr.min() < 1 or arr.max() > hi:
        raise InputError(msg("in.grid", name=name, hi=hi))
    return arr


def _names(value: str | Sequence[str]) -> tuple[list[str], bool]:
    """(dtype names, whether they form an axis of the result): a string is one dtype and no axis."""
    if isinstance(value, str):
        return [value], False
    names = [str(v) for v in value]
    if not names:
        raise InputError(msg("in.grid", name="dtypes", hi=len(names)))
    return names, True


def sweep(models, schemes, gpus, contexts, batches, *, kv_dtype: str | Sequence[str] = "bf16",
          weight_dtype: str | Sequence[str] = "bf16", state_dtype: str = "fp32", tp: int = 1,
          assumptions: Assumptions = DEFAULT) -> SweepResult:
    """Every combination at once. ``kv_dtype`` / ``weight_dtype`` given as lists add an axis each (after ``gpu``);
    given as strings they add none. The prompt is the whole context, as in ``estimate``'s default."""
    a = assumptions
    ctx = _ints("contexts", contexts, MAX_CONTEXT)
    bat = _ints("batches", batches, MAX_BATCH)
    kv_names, kv_axis = _names(kv_dtype)
    w_names, w_axis = _names(weight_dtype)
    w_key = tuple(w_names)
    kfmts, sfmt = tuple(kv_format(k) for k in kv_names), STATE_FORMATS[state_dtype]
    specs = [resolve_model(m) for m in models]
    profs = [resolve_profile(g) for g in gpus]
    tokens = [t if t is None or isinstance(t, (str, Scheme)) else str(t) for t in schemes]  # hashable, as parsed
    names, key = [scheme_name(t) for t in tokens], tuple(tokens)
    flat, tiered, gpu = _gpu_plan(profs, tp, a)
    # schemes per stack: a stack's temporaries are (schemes, GPUs, contexts, batches); past STACK_ELEMENTS they leave
    # the CPU's caches and one pass costs more than a pass per scheme (bench/RESULTS.md)
    most = max(1, STACK_ELEMENTS // (ctx.size * bat.size * max(1, len(profs) - len(tiered))))
    n_m, n_s, n_g, n_k, n_w = len(specs), len(names), len(profs), len(kfmts), len(w_names)
    shape = (n_m, n_s, n_g, n_k, n_w, ctx.size, bat.size)
    kv_out = np.full((n_m, n_s, 1, n_k, 1, ctx.size, bat.size), np.nan)
    out = {k: (np.zeros(shape, bool) if k in ("fits", "compute_bound") else np.full(shape, np.nan, _FLOAT[k]))
           for k in OUTPUTS if k != "kv_bytes"}
    applicable = np.zeros((n_m, n_s), bool)
    skipped: dict[tuple[str, str], str] = {}
    c, b = ctx[:, None].astype(np.float64), bat[None, :].astype(np.float64)
    for i, spec in enumerate(specs):
        widths, wfmts = model_terms(spec, w_key, tp)
        planes, reasons = groups(spec, key, kfmts, sfmt, tp, most)
        for j, reason in reasons:
            skipped[(spec.name, names[j])] = reason
        for grp in planes:  # one scheme, or several stacked (sweep_planes): the same formulas, one pass
            applicable[i, grp.at] = True
            w_bytes = group_weight_bytes(spec, grp.schemes, w_key, tp)
            for k, kfmt in enumerate(kfmts):
                layout = grp.layout(k)
                used = used_bytes(layout, widths, c, b, None, a)  # (C, B), or (S, 1, C, B) for a stack
                kv = b * layout.seq_bytes(c)
                kv_out[i, grp.at, 0, k, 0] = kv[:, 0] if grp.stacks else kv
                for w, wfmt in enumerate(wfmts):
                    if gpu is not None:
                        total = w_bytes[w] + used + gpu.reserve_bytes  # (G, C, B) or (S, G, C, B)
                        step = decode_step(layout, gpu, wfmt, kfmt.compute, b, c, a)  # type: ignore[arg-type]
                        t = step.time_s
                        at = grp.index(i, flat, k, w)
                        out["total_bytes"][at] = total
                        out["fits"][at] = total <= gpu.capacity_bytes
                        out["decode_s"][at] = t
                        out["decode_tokens_per_s"][at] = b / t
                        out["compute_bound"][at] = step.compute_bound
                    for m, (j, sch) in enumerate(zip(grp.js, grp.schemes)):
                        for g in tiered:
                            _tiered(out, (i, j, g, k, w), grp.layouts[m][k], profs[g], wfmt, kfmt.compute,
                                    member_weight_bytes(spec, sch, w_key, tp)[w],
                                    used[m, 0] if grp.stacks else used, b, c, a)
    arrays = {"kv_bytes": np.broadcast_to(kv_out, shape), **out}
    drop = tuple(ax for ax, keep in ((3, kv_axis), (4, w_axis)) if not keep)
    arrays = {name: arr.squeeze(axis=drop) if drop else arr for name, arr in arrays.items()}
    axes = ("model", "scheme", "gpu", *(("kv_dtype",) if kv_axis else ()), *(("weight_dtype",) if w_axis else ()),
            "context", "batch")
    return SweepResult([s.name for s in specs], names, [p.id for p in profs], ctx, bat, arrays,
                       skipped, applicable, [f.name for f in kfmts], w_names, axes)
