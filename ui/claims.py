"""Claims check: "does model X with scheme Y fit GPU Z at N tokens?" -> true/false with the numbers behind it."""
from __future__ import annotations

import streamlit as st

from costmodel.advice import fit_options, would_need_text
from costmodel.fitcheck import EXAMPLE_CLAIMS, ClaimCheck, check_claim
from costmodel.schemes import NATIVE, is_native, parse_scheme
from costmodel.units import compact_tokens, fmt_both, fmt_tokens

from ui import model_input, state, widgets, workload_input
from ui.labels import md, t, tr, trm
from ui.page import PageInputs, model_page
from ui.widgets import ERRORS

PAGE = "claims"


def params() -> list[state.Param]:
    return model_input.model_params() + workload_input.workload_params()


def load_example(i: int) -> None:
    """Button callback: put one of EXAMPLE_CLAIMS into the form (the context box holds text)."""
    ex = EXAMPLE_CLAIMS[i]
    scheme = NATIVE if ex.scheme is None or is_native(ex.scheme) else parse_scheme(ex.scheme).token()  # picker form
    values = {"src": "preset", "model": ex.model, "gpu": ex.gpu, "scheme": scheme,
              "ctx": compact_tokens(ex.context), "kvdt": ex.kv_dtype, "batch": ex.batch, "wdt": ex.weight_dtype,
              "tp": ex.tp}
    for k, v in values.items():
        state.set_value(PAGE, k, v)


def verdict(r: ClaimCheck, L: str, spec=None, gpu=None) -> None:
    """The answer with its numbers; ``spec`` and ``gpu`` (the checked objects) add what would make it fit."""
    if r.applicable is None:
        widgets.error(r.error or r.verdict)  # error() translates cost-model messages
        return
    e = r.estimate
    if not r.applicable or e is None:
        st.warning(t("claims.false", L) + " — " + t("claims.not_applicable", L).format(reason=trm(r.reason, L)),
                   icon=":material/cancel:")
        return
    m = e.memory
    total, cap = fmt_both(m.total_bytes), fmt_both(m.capacity_bytes)
    if m.fits:
        st.success(t("claims.true", L) + " — " + t("fit.fits", L).format(
            total=total, cap=cap, headroom=fmt_both(m.headroom_bytes)), icon=":material/check_circle:")
    else:
        st.warning(t("claims.false", L) + " — " + t("fit.no_fit", L).format(
            total=total, cap=cap, short=fmt_both(-m.headroom_bytes)), icon=":material/cancel:")
    st.caption(t("claims.model_verdict", L).format(text=trm(r.verdict, L)))
    parts = {"weights": m.weight_bytes, "kv": m.kv_bytes, "activations": m.activation_bytes,
             "reserve": m.reserve_bytes}
    rows = [(t("mem." + p, L), v) for p, v in parts.items()]
    rows += [(t("fit.total", L), m.total_bytes), (t("claims.capacity", L), m.capacity_bytes)]
    table = [{t("col.item", L): k, t("col.value", L): fmt_both(v), t("col.bytes", L): f"{v:,}"} for k, v in rows]
    unbounded = t("fit.unbounded", L)
    speed = f"{e.decode_tokens_per_s:,.1f}" if e.speed_valid else t("claims.no_speed", L)  # no speed unless it fits
    table += [
        {t("col.item", L): t("fit.decode", L), t("col.value", L): speed, t("col.bytes", L): ""},
        {t("col.item", L): t("fit.max_context", L).format(batch=e.batch),
         t("col.value", L): unbounded if e.max_context_tokens is None else fmt_tokens(e.max_context_tokens),
         t("col.bytes", L): ""},
        {t("col.item", L): t("fit.max_batch", L),
         t("col.value", L): unbounded if e.max_batch is None else f"{e.max_batch:,}", t("col.bytes", L): ""},
        {t("col.item", L): t("roof.bound", L), t("col.value", L): t("bound." + e.decode.bound, L),
         t("col.bytes", L): ""},
    ]
    st.dataframe(table, hide_index=True)
    if not m.fits and spec is not None:
        st.caption(md(_would_need(r, spec, gpu, L)))
    for w in e.warnings:
        st.warning(trm(w, L))


def _would_need(r: ClaimCheck, spec, gpu, L: str) -> str:
    """'does not fit — would need ...' for a check that does not fit (from costmodel.advice)."""
    try:
        token = r.estimate.scheme_token if r.estimate else r.scheme  # r.scheme is the scheme's description
        opts = fit_options(spec, gpu, token, context=r.context, batch=r.batch, kv_dtype=r.kv_dtype,
                           weight_dtype=r.weight_dtype, tp=r.tp, current=r.estimate)
    except ERRORS:
        return t("claims.no_speed", L)
    return would_need_text(opts, gpu, r.tp, L)


def _examples(L: str) -> None:
    with st.expander(t("claims.examples", L), expanded=True):
        cols = st.columns(2)
        for i, ex in enumerate(EXAMPLE_CLAIMS):
            cols[i % 2].button(tr(ex.statement, L), key=f"claims.ex.{ex.id}", on_click=load_example, args=(i,),
                               width="stretch")


def results(inp: PageInputs, _extras) -> None:
    L, wl, spec = inp.lang, inp.workload, inp.spec
    st.subheader(t("claims.answer", L))
    st.markdown(t("claims.question", L).format(
        model=md(spec.name), scheme=md(workload_input.scheme_label(spec, wl.scheme, L)), tp=wl.tp, gpu=md(wl.gpu.name),
        ctx=fmt_tokens(wl.context), batch=wl.batch, wdt=wl.weight_dtype, kvdt=wl.kv_dtype))
    verdict(check_claim(spec, wl.gpu, wl.scheme, wl.context, wl.kv_dtype, wl.batch, wl.weight_dtype, wl.tp), L,
            spec, wl.gpu)


def render() -> None:
    model_page(PAGE, "claims", params(), results, assumptions=False, before=_examples, after=widgets.claims_section)


if __name__ == "__main__":
    render()
