"""What ``sweep`` derives per model before any array is touched: each scheme's plane (its cache layouts or why it does
not apply), weight bytes, and the stacks that let several schemes go through the memory and roofline formulas in one
pass. All of it is memoized on hashable immutable inputs (frozen specs, schemes, formats and assumptions hash by
value); nothing here sees the contexts or batches.

A stack (``LayoutStack``) holds the coefficients of several schemes' cache layouts -- bytes per token, cross and
shared bytes, a context-independent recurrent state, attention FLOPs per cached token, parameters by group -- as
arrays along a leading axis (shape ``(S, 1, 1, 1)``, broadcasting against the sweep's (GPU, context, batch) arrays).
``memory.CacheTerms``, ``memory.used_bytes`` and ``roofline.decode_step`` then evaluate every stacked scheme with the
numpy calls one scheme needs: the same formulas, element by element the same operations, as ``estimate``'s. Schemes
stack when their structure is the same (sliding window and chunk), their context terms are linear and their
parameter counts are the base class's (``stackable``: ``Scheme.decode_flops``'s coefficient x context, a recurrent
state that does not grow, ``param_groups`` / ``total_params`` not redefined); the sweep caps a stack's size
(``sweep.STACK_ELEMENTS``). The others (recurrent and DeltaNet FLOPs, log-linear's growing state) are evaluated one
plane at a time.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Sequence

import numpy as np

from .dtypes import StorageFormat
from .i18n import exc_text
from .memory import CacheLayout, CacheTerms, absent, activation_widths, weight_bytes
from .quant import WeightPlan, weight_storage
from .schemes import NATIVE, Scheme, SchemeError, is_native, parse_scheme
from .schemes import resolve as resolve_scheme
from .spec import PARAM_GROUPS, ModelSpec, ParamGroups

STACK = (-1, 1, 1, 1)  # the stacking axis first, then (GPU, context, batch)


def axis_index(positions: Sequence[int]) -> slice | np.ndarray:
    """Where ``positions`` sit along an output axis: a slice when they are neighbours (a view, no copy), else an
    index array."""
    contiguous = len(positions) > 0 and positions[-1] - positions[0] == len(positions) - 1
    return slice(positions[0], positions[-1] + 1) if contiguous else np.asarray(positions, dtype=int)


def _col(values, always: bool = False) -> Any:
    """One value per stacked scheme as a float64 column; the integer 0 when all are 0 (a term none of them has,
    left out of the sums as for one layout) unless ``always``."""
    vals = list(values)
    if not always and all(absent(v) for v in vals):
        return 0
    col = np.asarray(vals, dtype=np.float64).reshape(STACK)
    col.flags.writeable = False  # memoized: an in-place operation on it would change every later sweep
    return col


@dataclass(frozen=True)
class SchemeStack:
    """The scheme terms ``roofline`` reads (parameter groups, skipped parameters, decode FLOPs), one per member."""

    members: tuple[Scheme, ...]

    def param_groups(self, spec: ModelSpec) -> ParamGroups:
        return _stacked_groups(self, spec)

    def total_params(self, spec: ModelSpec):
        return self.param_groups(spec).total

    def decode_skipped_params(self, spec: ModelSpec):
        return _col(s.decode_skipped_params(spec) for s in self.members)

    def decode_flops(self, spec: ModelSpec, ctx, tp: int = 1):
        return _flops_coef(self, spec, tp) * ctx  # Scheme.decode_flops, a coefficient per member

    def cross_decode_flops(self, spec: ModelSpec, tp: int = 1):
        return _col(s.cross_decode_flops(spec, tp) for s in self.members)


@lru_cache(maxsize=256)
def _stacked_groups(stack: SchemeStack, spec: ModelSpec) -> ParamGroups:
    groups = [s.param_groups(spec) for s in stack.members]
    return ParamGroups(**{name: _col(getattr(g, name) for g in groups) for name in PARAM_GROUPS})


@lru_cache(maxsize=256)
def _flops_coef(stack: SchemeStack, spec: ModelSpec, tp: int) -> np.ndarray:
    return _col((s.ctx_flops_coef(spec, tp) for s in stack.members), always=True)


@dataclass(frozen=True, eq=False)
class LayoutStack(CacheTerms):
    """Cache layouts of one model, KV format and tp for several schemes with the same window and chunk, their
    coefficients stacked (``full_token_bytes`` always an array, so every result carries the stacking axis)."""

    spec: ModelSpec
    scheme: SchemeStack
    tp: int
    window: int | None
    chunk: int | None
    full_token_bytes: Any
    sliding_token_bytes: Any
    chunked_token_bytes: Any
    cross_bytes: Any
    shared_bytes: Any
    fixed_state_bytes: Any

    @classmethod
    def of(cls, layouts: tuple[CacheLayout, ...]) -> "LayoutStack":
        first = layouts[0]

        def col(name: str, always: bool = False):
            return _col((getattr(lay, name) for lay in layouts), always)

        return cls(first.spec, SchemeStack(tuple(lay.scheme for lay in layouts)), first.tp, first.window, first.chunk,
                   col("full_token_bytes", True), col("sliding_token_bytes"), col("chunked_token_bytes"),
                   col("cross_bytes"), col("shared_bytes"), col("fixed_state_bytes"))

    def state_bytes(self, ctx):
        return self.fixed_state_bytes


def stackable(layout: CacheLayout) -> bool:
    """Linear in the context (``Scheme.decode_flops``'s coefficient form, a state that does not grow), with the
    parameter counts ``SchemeStack`` reads member by member (a scheme that redefines them is evaluated alone)."""
    cls = type(layout.scheme)
    same = all(getattr(cls, name) is getattr(Scheme, name) for name in ("decode_flops", "total_params", "param_groups"))
    return same and layout.fixed_state_bytes is not None


@dataclass(frozen=True)
class PlaneGroup:
    """Schemes evaluated together: their positions on the scheme axis, their schemes and layouts (one per KV format)
    and, for two or more, one ``LayoutStack`` per KV format."""

    js: tuple[int, ...]
    schemes: tuple[Scheme, ...]
    layouts: tuple[tuple[CacheLayout, ...], ...]  # [member][KV format]
    stacks: tuple[LayoutStack, ...] = ()

    @cached_property
    def at(self) -> int | slice | np.ndarray:
        """Where on the scheme axis: one scheme's position, else ``axis_index`` of the stack's."""
        return axis_index(self.js) if self.stacks else self.js[0]

    def layout(self, k: int) -> CacheTerms:
        return self.stacks[k] if self.stacks else self.layouts[0][k]

    def index(self, i: int, flat, k: int, w: int) -> tuple:
        """Where a (scheme(s), GPUs, context, batch) result of this group goes in a sweep output."""
        if self.stacks and not isinstance(flat, slice):  # two index arrays: broadcast as (schemes, GPUs)
            return i, np.asarray(self.js)[:, None], flat[None, :], k, w
        return i, self.at, flat, k, w


@lru_cache(maxsize=1024)
def scheme_name(token: str | Scheme | None) -> str:
    """The name a scheme token gets along the result's scheme axis ("native", or the parsed scheme's token)."""
    return NATIVE if token is None or is_native(token) else parse_scheme(token).token()


@lru_cache(maxsize=1024)
def plane(spec: ModelSpec, token: str | Scheme | None, kfmts: tuple[StorageFormat, ...], sfmt: StorageFormat,
          tp: int) -> tuple[Scheme, str | None, tuple[CacheLayout, ...]]:
    """(scheme, reason it does not apply or None, one cache layout per KV format) of ``token`` on ``spec``."""
    sch = resolve_scheme(spec, token)  # "native": the model's own attention
    reason = sch.reason_not_applicable(spec)
    if reason:
        return sch, reason, ()
    try:
        sch.check_tp(spec, tp)
        layouts = tuple(CacheLayout.build(spec, sch, k, sfmt, tp) for k in kfmts)
        layouts[0].state_bytes(1)  # the recurrent state's heads must split over tp as well
    except SchemeError as exc:  # tp cannot split this attention (vLLM's rule)
        return sch, exc_text(exc), ()
    return sch, None, layouts


@lru_cache(maxsize=256)
def groups(spec: ModelSpec, tokens: tuple, kfmts: tuple[StorageFormat, ...], sfmt: StorageFormat, tp: int,
           most: int) -> tuple[tuple[PlaneGroup, ...], tuple[tuple[int, str], ...]]:
    """(the applicable schemes of ``tokens`` in groups of at most ``most``, (position, reason) of each that does not
    apply)."""
    skipped, by_shape = [], {}
    for j, token in enumerate(tokens):
        sch, reason, layouts = plane(spec, token, kfmts, sfmt, tp)
        if reason:
            skipped.append((j, reason))
            continue
        lay = layouts[0]
        shape = (lay.window, lay.chunk) if stackable(lay) else ("alone", j)
        by_shape.setdefault(shape, []).append((j, sch, layouts))
    out = []
    chunks = [members[n:n + most] for members in by_shape.values() for n in range(0, len(members), most)]
    for members in chunks:
        js = tuple(j for j, _, _ in members)
        schemes, layouts = tuple(s for _, s, _ in members), tuple(lay for _, _, lay in members)
        stacks = () if len(members) == 1 else tuple(LayoutStack.of(tuple(lay[k] for lay in layouts))
                                                    for k in range(len(kfmts)))
        out.append(PlaneGroup(js, schemes, layouts, stacks))
    return tuple(out), tuple(skipped)


@lru_cache(maxsize=256)
def model_terms(spec: ModelSpec, w_names: tuple[str, ...],
                tp: int) -> tuple[tuple[int, int], tuple[StorageFormat | WeightPlan, ...]]:
    """(activation widths, weight formats by name) of a model (a checkpoint or GGUF plan depends on the model)."""
    return activation_widths(spec, tp), tuple(weight_storage(w, spec.quantization, spec.checkpoint_bits, spec=spec)
                                              for w in w_names)


@lru_cache(maxsize=1024)
def member_weight_bytes(spec: ModelSpec, sch: Scheme, w_names: tuple[str, ...], tp: int) -> tuple[int, ...]:
    """Weight bytes per GPU for each weight dtype."""
    return tuple(weight_bytes(spec, sch, wfmt, tp) for wfmt in model_terms(spec, w_names, tp)[1])


@lru_cache(maxsize=256)
def group_weight_bytes(spec: ModelSpec, schemes: tuple[Scheme, ...], w_names: tuple[str, ...], tp: int) -> tuple:
    """Per weight dtype: the weight bytes of one scheme (an int), or of the stacked schemes (a column)."""
    each = [member_weight_bytes(spec, s, w_names, tp) for s in schemes]
    if len(schemes) == 1:
        return each[0]
    return tuple(_col((e[w] for e in each), always=True) for w in range(len(w_names)))
