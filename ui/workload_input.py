"""The workload inputs of a model page besides the model: GPU, scheme, TP, context, batch, weight and KV formats and
serving engine (-> ``Workload``), the assumptions editor, and their URL parameters."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from costmodel import Assumptions, ModelSpec, load_profiles
from costmodel.assumptions import KNOBS, from_display, to_display
from costmodel.dtypes import KV_FORMATS
from costmodel.engines import DEFAULT_ENGINE, engine_ids, get_engine
from costmodel.estimate import MAX_BATCH, MAX_TP
from costmodel.hardware import HardwareProfile
from costmodel.quant import WEIGHT_CHOICES
from costmodel.schemes import NATIVE, default_schemes, is_native, resolve

from . import state
from .labels import md, t, tr, unit
from .state import Param, key
from .widgets import ERRORS, error, lazy_expander

DEFAULT_GPU = "h100-sxm-80gb"


def gpu_ids() -> list[str]:
    return list(load_profiles())


def scheme_tokens() -> list[str]:
    return [NATIVE] + [s.token() for s in default_schemes()]


# ------------------------------------------------------------------ params
def workload_params(scheme: bool = True) -> list[Param]:
    out = [Param("gpu", DEFAULT_GPU, state.choice(gpu_ids)),
           Param("tp", 1, state.int_range(1, MAX_TP)),
           Param("ctx", "128K", state.token_text()),
           Param("batch", 1, state.int_range(1, MAX_BATCH)),
           Param("wdt", "bf16", state.choice(list(WEIGHT_CHOICES))),
           Param("kvdt", "bf16", state.choice(list(KV_FORMATS))),
           Param("eng", DEFAULT_ENGINE, state.choice(engine_ids))]
    if scheme:
        out.insert(1, Param("scheme", NATIVE, state.choice(scheme_tokens)))
    return out


def assumption_params() -> list[Param]:
    shown = to_display(Assumptions())
    out = []
    for k in KNOBS:
        if k.switch:
            out.append(Param(f"a_{k.name}", shown[k.name], state.boolean(), dump=state.dump_bool))
            continue
        parse = state.int_range(int(k.lo), int(k.hi)) if k.integer else state.float_range(k.lo,
                                                                                                      k.hi)
        out.append(Param(f"a_{k.name}", shown[k.name], parse, dump=lambda v: f"{v:g}"))
    return out


# ------------------------------------------------------------------ workload inputs
def gpu_select(page: str, label_key: str = "in.gpu") -> HardwareProfile:
    profiles = load_profiles()
    gid = st.selectbox(t(label_key, state.lang()), list(profiles), key=key(page, "gpu"),
                       format_func=lambda k: profiles[k].name)
    return profiles[gid]


def scheme_label(spec: ModelSpec | None, tok: str, L: str) -> str:
    """'native: GQA (8 KV heads)', 'MLA (absorbed; d_c=512, d_R=64)', '... — not applicable'."""
    if spec is None:
        return tok
    sch = resolve(spec, tok)
    text = tr(sch.describe(spec), L)
    if is_native(tok):
        return t("in.native", L).format(scheme=text)
    return text + ("" if sch.reason_not_applicable(spec) is None else f" — {t('in.not_applicable', L)}")


def scheme_select(page: str, spec: ModelSpec | None, name: str = "scheme", label_key: str = "in.scheme") -> str:
    L = state.lang()
    return st.selectbox(t(label_key, L), scheme_tokens(), key=key(page, name),
                        format_func=lambda tok: scheme_label(spec, tok, L))


def context_input(page: str, name: str = "ctx", label_key: str = "in.context") -> int | None:
    """A token count as typed (131072, 128K, 1M, 1e6) through ``state.token_count``; None (with the error shown)
    when unreadable or out of range."""
    L = state.lang()
    raw = st.text_input(t(label_key, L), key=key(page, name), help=t("in.context_help", L))
    try:
        return state.token_count(raw)
    except ERRORS as exc:
        error(exc)
        return None


@dataclass(frozen=True)
class Workload:
    """The workload inputs of a model page, parsed once."""

    gpu: HardwareProfile
    scheme: str  # scheme token; "native" = the model's own attention
    context: int
    batch: int
    tp: int
    weight_dtype: str
    kv_dtype: str
    engine: str = DEFAULT_ENGINE  # serving-engine profile (speeds); "ideal" = the roofline upper bound

    def estimate_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``costmodel.estimate`` besides model, GPU and scheme."""
        return dict(context=self.context, batch=self.batch, tp=self.tp, weight_dtype=self.weight_dtype,
                    kv_dtype=self.kv_dtype, engine=self.engine)


def workload_inputs(page: str, spec: ModelSpec | None, scheme: bool = True) -> Workload | None:
    """GPU, scheme, TP, context, batch and dtypes (None after an error, which is shown)."""
    L = state.lang()
    c1, c2 = st.columns(2)
    with c1:
        prof = gpu_select(page)
        sch = scheme_select(page, spec) if scheme else NATIVE
        tp = st.number_input(t("in.tp", L), min_value=1, max_value=MAX_TP, step=1, key=key(page, "tp"),
                             help=t("in.tp_help", L))
        eng = engine_select(page)
    with c2:
        ctx = context_input(page)
        batch = st.number_input(t("in.batch", L), min_value=1, max_value=MAX_BATCH, step=1, key=key(page, "batch"))
        d1, d2 = st.columns(2)
        wdt = d1.selectbox(t("in.wdt", L), list(WEIGHT_CHOICES), key=key(page, "wdt"), format_func=dtype_label)
        kvdt = d2.selectbox(t("in.kvdt", L), list(KV_FORMATS), key=key(page, "kvdt"),
                            help=tr(KV_FORMATS[st.session_state[key(page, 'kvdt')]].note, L) or None)
    if ctx is None:
        return None
    return Workload(prof, sch, ctx, int(batch), int(tp), wdt, kvdt, eng)


def dtype_label(d: str) -> str:
    """A weight format for the select box: 'checkpoint' in words, the data types as they are."""
    return t("in.wdt.checkpoint", state.lang()) if d == "checkpoint" else d


def engine_name(e: str, L: str) -> str:
    """An engine's display name (the 'ideal' roofline engine in the reader's language)."""
    return t("eng.ideal", L) if e == "ideal" else get_engine(e).name


def engine_select(page: str) -> str:
    """The serving engine whose measured profile gives the speeds (``ideal``: the roofline upper bound)."""
    L = state.lang()
    return st.selectbox(t("in.engine", L), engine_ids(), key=key(page, "eng"), help=t("in.engine_help", L),
                        format_func=lambda e: engine_name(e, L))


# ------------------------------------------------------------------ assumptions
def assumptions_editor(page: str) -> Assumptions | None:
    L = state.lang()
    box, is_open = lazy_expander(t("as.title", L), key(page, "as_open"))
    if not is_open:
        state.hold(page, [f"a_{k.name}" for k in KNOBS])
    values = {k.name: state.value(page, f"a_{k.name}") for k in KNOBS}  # closed: the values its inputs hold
    with box:
        if is_open:
            _assumption_inputs(page, L, values)
    try:
        return from_display(values)
    except ERRORS as exc:
        error(exc)
        return None


def _assumption_inputs(page: str, L: str, values: dict) -> None:
    """The assumptions' inputs, each with its unit, range and evidence (``costmodel.assumptions.KNOBS``)."""
    st.caption(t("as.help", L))
    for k in KNOBS:
        label = f"{t('as.' + k.name, L)} [{unit(k.unit, L)}]" if k.unit else t("as." + k.name, L)
        why = tr(k.why, L)
        if k.switch:
            values[k.name] = st.checkbox(label, key=key(page, f"a_{k.name}"), help=why or None)
        else:
            if k.integer:
                values[k.name] = st.number_input(label, min_value=int(k.lo), max_value=int(k.hi), step=int(k.step),
                                                 key=key(page, f"a_{k.name}"), help=why or None)
            else:
                values[k.name] = st.number_input(label, min_value=float(k.lo), max_value=float(k.hi),
                                                 step=float(k.step), format="%g", key=key(page, f"a_{k.name}"),
                                                 help=why or None)
        if why:
            st.caption(md(why))
