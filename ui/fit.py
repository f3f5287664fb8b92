"""Fit page: does this model, context and batch fit this GPU? Memory breakdown, limits, speed, advice."""
from __future__ import annotations

import streamlit as st

from costmodel import Estimate, estimate, numfmt
from costmodel.advice import fit_options, gpus_to_fit, tp_refusal, would_need_text
from costmodel.schemes import parse_scheme
from costmodel.units import fmt_both, fmt_bytes, fmt_seconds, fmt_tokens
from costmodel.views_hardware import onchip_sizes
from costmodel.views_sizing import capacity_marker, memory_segments

from ui import llamacpp, membar, model_input, state, widgets, workload_input
from ui.labels import md, t, tr, trm
from ui.page import PageInputs, model_page
from ui.widgets import ERRORS

PAGE = "fit"


def params() -> list[state.Param]:
    return (model_input.model_params() + workload_input.workload_params() + workload_input.assumption_params()
            + llamacpp.params())


def _kwargs(inp: PageInputs, view: llamacpp.LlamaView | None) -> dict:
    """``estimate`` keyword arguments: the workload's, with the llama.cpp view's on top when it is on."""
    return {**inp.workload.estimate_kwargs(), **(view.estimate_kwargs() if view else {})}


def _limit(n: int | None, L: str) -> str:
    return t("fit.unbounded", L) if n is None else fmt_tokens(n)


def _advice(inp: PageInputs, e: Estimate, L: str, view: llamacpp.LlamaView | None = None) -> None:
    """'What would make it fit': single changes that fit (computed from the estimate the page already holds)."""
    st.subheader(t("fit.options_title", L))
    if e.fits:
        st.caption(t("fit.options_fits", L))
        return
    wl = inp.workload
    try:
        opts = fit_options(inp.spec, wl.gpu, wl.scheme, assumptions=inp.assumptions, current=e,
                           **_kwargs(inp, view))
    except ERRORS as exc:
        widgets.error(exc)
        return
    refusal = tp_refusal(wl.gpu, wl.tp)
    if refusal:
        st.caption(trm(refusal, L))
    if not opts:
        st.info(t("fit.options_none", L) + " " + _gpus_to_fit(inp, view, L))
        return
    st.markdown(md(would_need_text(opts, lang=L)))
    st.dataframe([{t("opt.change", L): tr(o.change, L), t("opt.value", L): o.value,
                   t("opt.total", L): fmt_both(o.total_bytes), t("opt.headroom", L): fmt_both(o.headroom_bytes),
                   t("opt.decode_tokens_per_s", L): f"{o.decode_tokens_per_s:,.1f}", t("opt.note", L): tr(o.note, L)}
                  for o in opts], hide_index=True)


def _gpus_to_fit(inp: PageInputs, view: llamacpp.LlamaView | None, L: str) -> str:
    """How many GPUs of this type would hold it (the fleet optimizer's smallest replica), in one sentence. A question
    of memory: counted with the roofline engine, whose replicas may span servers (the engine profiles are calibrated
    on tensor-parallel runs only)."""
    wl = inp.workload
    kw = {k: v for k, v in _kwargs(inp, view).items() if k not in ("tp", "context", "batch", "engine")}
    try:
        with st.spinner(t("fit.gpus_searching", L)):
            g = gpus_to_fit(inp.spec, wl.gpu, wl.scheme, context=wl.context, batch=wl.batch,
                            assumptions=inp.assumptions, **kw)
    except ERRORS:
        return ""
    return md(tr(g.message, L))


def _speed(where, label: str, value: str, valid: bool, help_text: str, L: str) -> None:
    """A speed metric; a configuration that does not fit has none: "—" with the reason underneath (the whole phrase
    as the value would be cut off in a quarter of a 1280-px page)."""
    if valid:
        where.metric(label, value, help=help_text)
    else:
        where.metric(label, "—", delta=t("chart.no_fit", L), delta_color="off", delta_arrow="off",
                     help=t("claims.no_speed", L))


def results(inp: PageInputs, view: llamacpp.LlamaView | None) -> None:
    L, wl = inp.lang, inp.workload
    try:
        e = estimate(inp.spec, wl.gpu, wl.scheme, assumptions=inp.assumptions, **_kwargs(inp, view))
    except ERRORS as exc:
        widgets.error(exc)
        return
    cap = capacity_marker(e)
    if cap.fits:
        st.success(t("fit.fits", L).format(total=fmt_both(cap.total_bytes), cap=fmt_both(cap.capacity_bytes),
                                           headroom=fmt_both(cap.headroom_bytes)))
    else:
        st.warning(t("fit.no_fit", L).format(total=fmt_both(cap.total_bytes), cap=fmt_both(cap.capacity_bytes),
                                             short=fmt_both(cap.shortfall_bytes)), icon=":material/block:")
    st.html(membar.memory_bar_html(memory_segments(e), cap, L))
    st.caption(t("fit.per_gpu_note", L).format(tp=e.tp, gpu=md(e.gpu), scheme=trm(e.scheme, L)))

    c = st.columns(4)
    widgets.bytes_metric(c[0], t("fit.kv_per_token", L), e.kv_bytes_per_token)
    widgets.bytes_metric(c[1], t("fit.kv_total", L), e.memory.kv_bytes, help=t("fit.kv_total_help", L))
    widgets.bytes_metric(c[2], t("fit.weights", L), e.memory.weight_bytes,
                         help=t("fit.params", L).format(n=numfmt.params(e.params, L)))
    widgets.bytes_metric(c[3], t("fit.total", L), e.memory.total_bytes)
    c = st.columns(4)
    c[0].metric(t("fit.max_context", L).format(batch=e.batch), _limit(e.max_context_tokens, L))
    c[1].metric(t("fit.max_batch", L), t("fit.unbounded", L) if e.max_batch is None else f"{e.max_batch:,}")
    _speed(c[2], t("fit.decode", L), f"{e.decode_tokens_per_s:,.1f}", e.speed_valid,
           t("fit.decode_help", L).format(step=fmt_seconds(e.decode_s_per_token)), L)
    _speed(c[3], t("fit.prefill", L).format(n=f"{e.prompt_tokens:,}"), fmt_seconds(e.prefill_s), e.speed_valid,
           f"{t('fit.ttft', L)}: {fmt_seconds(e.ttft_s)}", L)
    if e.speed_valid:
        widgets.engine_band(e.engine, e.error_band)
    if view is not None:
        llamacpp.placement(e, L)
    l2 = onchip_sizes(wl.gpu).l2_bytes
    st.caption(t("fit.bound", L).format(
        decode=t("bound." + e.decode.bound, L), prefill=t("bound." + e.prefill_cost.bound, L),
        step=fmt_seconds(e.decode_s_per_token),
        sram=t("fit.sram_yes" if e.sram_resident else "fit.sram_no", L).format(
            l2=fmt_bytes(l2, binary=True) if l2 else "—")))
    st.caption(t("fit.attn_flops", L).format(token=e.attn_flops_per_token / 1e9, step=e.attn_flops_per_step / 1e9))
    for w in e.warnings:
        st.warning(trm(w, L))
    _advice(inp, e, L, view)
    sch = parse_scheme(e.scheme_token)
    st.caption(t("fit.citation", L).format(scheme=trm(e.scheme, L), citation=md(sch.citation),
                                          training=trm(sch.requirement, L)))
    widgets.hardware_sources(wl.gpu)


def render() -> None:
    model_page(PAGE, "fit", params(), results, extra=lambda L, spec: llamacpp.inputs(PAGE, spec))


if __name__ == "__main__":
    render()
