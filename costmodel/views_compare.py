"""The Compare page's tables and series (pure; no streamlit, no plotting): one row per attention scheme with its ratios
against a baseline scheme, the notes under the table (parameters a scheme adds, headlines stated against another
baseline), and the contexts and budget of the cache-size sweep.

Every number a page displays comes from the ``views_*`` modules or directly from an ``Estimate``: the UI formats,
it never computes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from . import numfmt
from .estimate import MAX_CONTEXT, speedup
from .estimate_result import Estimate
from .i18n import Message, msg
from .schemes import Scheme, native_scheme, parse_scheme
from .spec import ModelSpec


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


__all__ = ["baseline_index", "short_label", "CompareRow", "compare_rows", "PARAM_NOTE_SHARE", "param_notes",
           "headline_notes", "sweep_contexts", "kv_budget_bytes"]
