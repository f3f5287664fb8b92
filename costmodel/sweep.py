"""Vectorized evaluation of whole grids: models x schemes x GPUs x contexts x batches.

For each (model, scheme, GPU) the context x batch plane is evaluated in one numpy pass through the
same formulas ``estimate`` uses (CacheLayout.seq_bytes, activation_bytes, roofline.decode_step), so
the two agree point for point (tests check it). Bytes are float64 here: exact up to 2^53 (~9 PB);
the scalar ``estimate`` keeps exact Python ints for any size.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .assumptions import DEFAULT, Assumptions
from .dtypes import STATE_FORMATS, kv_format
from .estimate import MAX_BATCH, MAX_CONTEXT, InputError, resolve
from .i18n import exc_text, msg
from .memory import CacheLayout, activation_bytes, reserve_bytes, weight_bytes
from .roofline import decode_step
from .quant import weight_storage
from .schemes import SchemeError, parse_scheme

OUTPUTS = ("kv_bytes", "total_bytes", "fits", "decode_s", "decode_tokens_per_s", "compute_bound")


@dataclass
class SweepResult:
    """Arrays of a grid evaluation, shaped (models, schemes, GPUs, contexts, batches)."""

    models: list[str]
    schemes: list[str]
    gpus: list[str]
    contexts: np.ndarray
    batches: np.ndarray
    arrays: dict[str, np.ndarray] = field(repr=False)  # each shaped (M, S, G, C, B); NaN where inapplicable
    not_applicable: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def evaluations(self) -> int:
        return int(np.prod(self.arrays["kv_bytes"].shape))

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]


def _ints(name: str, values, hi: int) -> np.ndarray:
    arr = np.asarray(list(values), dtype=np.int64)
    if arr.ndim != 1 or arr.size == 0 or (arr < 1).any() or (arr > hi).any():
        raise InputError(msg("in.grid", name=name, hi=hi))
    return arr


def sweep(models, schemes, gpus, contexts, batches, *, kv_dtype: str = "bf16", weight_dtype: str = "bf16",
          state_dtype: str = "fp32", tp: int = 1, assumptions: Assumptions = DEFAULT) -> SweepResult:
    """Evaluate every (model, scheme, GPU, context, batch) with estimate's formulas, vectorized."""
    ctx = _ints("contexts", contexts, MAX_CONTEXT)
    bat = _ints("batches", batches, MAX_BATCH)
    kfmt, sfmt = kv_format(kv_dtype), STATE_FORMATS[state_dtype]
    specs = [resolve(m, gpus[0], None)[0] for m in models]
    profs = [resolve(specs[0], g, None)[1] for g in gpus]
    schs = [parse_scheme(s) for s in schemes]
    shape = (len(specs), len(schs), len(profs), ctx.size, bat.size)
    out = {k: np.full(shape, np.nan) for k in OUTPUTS}
    skipped: dict[tuple[str, str], str] = {}
    c, b = ctx[:, None].astype(np.float64), bat[None, :].astype(np.float64)
    for i, spec in enumerate(specs):
        wfmt = weight_storage(weight_dtype, spec.quantization, spec.checkpoint_bits, spec=spec)
        for j, sch in enumerate(schs):
            reason = sch.reason_not_applicable(spec)
            if not reason:
                try:
                    sch.check_tp(spec, tp)
                except SchemeError as exc:  # tp cannot split this attention (vLLM's rule)
                    reason = exc_text(exc)
            if reason:
                skipped[(spec.name, sch.token())] = reason
                continue
            layout = CacheLayout.build(spec, sch, kfmt, sfmt, tp)
            kv = b * layout.seq_bytes(c)
            act = activation_bytes(spec, b, c, tp, assumptions)  # prompt = the whole context, as in estimate
            w = weight_bytes(spec, sch, wfmt, tp)
            for g, prof in enumerate(profs):
                total = w + kv + act + reserve_bytes(prof.capacity_bytes, assumptions)
                step = decode_step(layout, prof, wfmt, kfmt.compute, b, c, assumptions)
                t = step.time_s
                out["kv_bytes"][i, j, g] = kv
                out["total_bytes"][i, j, g] = total
                out["fits"][i, j, g] = total <= prof.capacity_bytes
                out["decode_s"][i, j, g] = t
                out["decode_tokens_per_s"][i, j, g] = b / t
                out["compute_bound"][i, j, g] = step.compute_bound
    return SweepResult([s.name for s in specs], [s.token() for s in schs], [p.id for p in profs], ctx, bat, out,
                       skipped)

