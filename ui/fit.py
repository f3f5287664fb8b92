"""Fit page: does this model, context and batch fit this GPU? Memory breakdown, limits, speed, advice."""
from __future__ import annotations

import streamlit as st

from costmodel import estimate
from costmodel.advice import fit_options
from costmodel.schemes import parse_scheme
from costmodel.units import fmt_both, fmt_bytes, fmt_seconds
from costmodel.views import capacity_marker, fit_option_rows, fmt_count, fmt_tokens, memory_segments, onchip_sizes

from ui import charts, state, widgets
from ui.labels import t, tr
from ui.widgets import ERRORS

PAGE = "fit"


def params() -> list[state.Param]:
    return widgets.model_params() + widgets.workload_params() + widgets.assumption_params()


def _limit(n: int | None, L: str) -> str:
    return t("fit.unbounded", L) if n is None else fmt_tokens(n)


def results(spec, kw: dict, a, L: str) -> None:
    prof, scheme = kw.pop("gpu"), kw.pop("scheme")
    try:
        e = estimate(spec, prof, scheme, assumptions=a, **kw)
    except ERRORS as exc:
        widgets.error(exc)
        return
    cap = capacity_marker(e)
    if cap["fits"]:
        st.success(t("fit.fits", L).format(total=fmt_both(cap["total_bytes"]), cap=fmt_both(cap["bytes"]),
                                           headroom=fmt_both(cap["headroom_bytes"])))
    else:
        st.warning(t("fit.no_fit", L).format(total=fmt_both(cap["total_bytes"]), cap=fmt_both(cap["bytes"]),
                                           short=fmt_both(cap["shortfall_bytes"])), icon="🚫")
    st.plotly_chart(charts.memory_bar(memory_segments(e), cap, L), key="fit.chart")
    st.caption(t("fit.per_gpu_note", L).format(tp=e.tp, gpu=e.gpu, scheme=e.scheme))

    c = st.columns(4)
    widgets.bytes_metric(c[0], t("fit.kv_per_token", L), e.kv_bytes_per_token)
    widgets.bytes_metric(c[1], t("fit.kv_total", L), e.memory.kv_bytes)
    widgets.bytes_metric(c[2], t("fit.weights", L), e.memory.weight_bytes,
                         help=t("fit.params", L).format(n=fmt_count(e.params)))
    widgets.bytes_metric(c[3], t("fit.total", L), e.memory.total_bytes)
    c = st.columns(4)
    c[0].metric(t("fit.max_context", L).format(batch=e.batch), _limit(e.max_context_tokens, L))
    c[1].metric(t("fit.max_batch", L), t("fit.unbounded", L) if e.max_batch is None else f"{e.max_batch:,}")
    c[2].metric(t("fit.decode", L), f"{e.decode_tokens_per_s:,.1f}",
                help=t("fit.decode_help", L).format(step=fmt_seconds(e.decode.time_s)))
    c[3].metric(t("fit.prefill", L).format(n=f"{e.prompt_tokens:,}"), fmt_seconds(e.prefill_s))
    sizes = onchip_sizes(prof)
    st.caption(t("fit.bound", L).format(
        decode=t("bound." + e.decode.bound, L), prefill=t("bound." + e.prefill_cost.bound, L),
        step=fmt_seconds(e.decode.time_s),
        sram=t("fit.sram_yes" if e.sram_resident else "fit.sram_no", L).format(
            l2=fmt_bytes(sizes["l2_bytes"], binary=True) if sizes["l2_bytes"] else "—")))
    for w in e.warnings:
        st.warning(tr(w, L))

    st.subheader(t("fit.options_title", L))
    if cap["fits"]:
        st.caption(t("fit.options_fits", L))
    else:
        try:
            opts = fit_option_rows(fit_options(spec, prof, scheme, assumptions=a, **kw))
        except ERRORS as exc:
            widgets.error(exc)
            opts = []
        if opts:
            st.dataframe([{t("opt." + k, L): (f"{v:,.1f}" if k == "decode_tokens_per_s" else tr(v, L))
                           for k, v in r.items() if k != "kind"} for r in opts], hide_index=True)
        else:
            st.info(t("fit.options_none", L))

    sch = parse_scheme(e.scheme_token)
    st.caption(t("fit.citation", L).format(scheme=e.scheme, citation=sch.citation, training=tr(sch.training, L)))
    widgets.hardware_sources(prof)


def render() -> None:
    P = params()
    L = state.open_page(PAGE, P, "fit")
    left, right = st.columns([2, 3])
    with left:
        spec = widgets.model_picker(PAGE)
    with right:
        kw = widgets.workload_inputs(PAGE, spec)
    a = widgets.assumptions_editor(PAGE)
    query = state.publish(PAGE, P, skip=widgets.model_url_skip(PAGE))
    if spec is not None and kw is not None and a is not None:
        results(spec, kw, a, L)
    state.link_hint(query)


if __name__ == "__main__":
    render()
