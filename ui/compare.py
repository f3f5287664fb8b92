"""Compare schemes: every applicable attention scheme on one model x GPU x workload, side by side."""
from __future__ import annotations

import streamlit as st

from costmodel import compare, numfmt
from costmodel.advice import tp_hint
from costmodel.schemes import NATIVE, default_schemes, resolve
from costmodel.sweep import sweep
from costmodel.units import fmt_both, fmt_bytes, fmt_tokens, to_gb
from costmodel.views_compare import (CompareRow, baseline_index, compare_rows, headline_notes, kv_budget_bytes,
                                     param_notes, sweep_contexts)

from ui import charts, model_input, state, widgets, workload_input
from ui.labels import md, t, tr, trm
from ui.page import PageInputs, model_page
from ui.tables import Col, Status, decision_table
from ui.widgets import ERRORS

PAGE = "compare"
METRICS = ("kv_bytes_per_token", "decode_tokens_per_s", "speedup", "max_context_tokens", "attn_flops_per_token")


def params() -> list[state.Param]:
    return (model_input.model_params() + workload_input.workload_params(scheme=False)
            + [state.Param("base", NATIVE, state.choice(workload_input.scheme_tokens)),
               state.Param("metric", METRICS[0], state.choice(METRICS))]
            + workload_input.assumption_params())


COLUMNS = (Col("col.scheme", width=175), Col("tc.fits", "tc.fits_help", 55), Col("tc.kv_token", "tc.kv_token_help", 85),
           Col("tc.max_ctx", "tc.max_ctx_help", 115), Col("tc.decode", "tc.decode_help", 80),
           Col("tc.speedup", "tc.speedup_help", 70), Col("tc.params", "tc.params_help", 80),
           Col("tc.effort", "tc.effort_help", 140),
           Col("tc.config", main=False), Col("tc.same", "tc.same_help", main=False), Col("cmp.fixed", main=False),
           Col("cmp.kv_gpu", main=False), Col("cmp.attn_flops", main=False), Col("cmp.attn_ratio", main=False),
           Col("cmp.training", main=False))


def _table(rows: list[CompareRow], L: str) -> list[dict]:
    """One dict per scheme, keyed by COLUMNS' keys; sizes and counts in human units, status as coloured pills
    (ui.tables.Status)."""
    yes, no = t("cmp.yes", L), t("cmp.no", L)
    out = []
    for r in rows:
        e = r.estimate
        ratio = r.attn_flops_ratio
        out.append({
            "col.scheme": tr(r.short, L), "tc.config": tr(r.label, L),
            "tc.fits": Status(yes, True) if e.fits else Status(no, False),
            "tc.kv_token": fmt_bytes(e.kv_bytes_per_token),
            "cmp.fixed": fmt_bytes(e.fixed_bytes_per_sequence),
            "cmp.kv_gpu": fmt_both(e.memory.kv_bytes),
            "tc.max_ctx": "∞" if e.max_context_tokens is None else fmt_tokens(e.max_context_tokens),  # help says ∞
            "tc.decode": f"{e.decode_tokens_per_s:,.1f}" if r.speed_valid else "—",  # why: the Fits column
            "tc.speedup": f"×{r.speedup:.2f}" if r.speedup_valid else "—",
            "cmp.attn_flops": f"{e.attn_flops_per_token / 1e9:,.4g}",
            "cmp.attn_ratio": "—" if ratio != ratio else f"×{ratio:.3g}",
            "tc.params": ("+" if r.params_delta > 0 else "") + numfmt.params(r.params_delta, L),
            "tc.same": Status(yes, True) if r.same_outputs else Status(no, None),
            "tc.effort": tr(r.effort, L),
            "cmp.training": tr(r.scheme.requirement, L),
        })
    return out


def _inputs(L: str, spec) -> tuple[str, str]:
    """Baseline scheme and chart metric, drawn under the workload inputs."""
    c1, c2 = st.columns(2)
    with c1:
        base = workload_input.scheme_select(PAGE, spec, name="base", label_key="cmp.baseline")
    metric = c2.selectbox(t("cmp.metric", L), METRICS, key=state.key(PAGE, "metric"),
                          format_func=lambda m: t("cmp.metric." + m, L))
    return base, metric


def _fit_hint(spec, wl, base_tok: str, a, L: str) -> None:
    """Nothing fits at this TP: say why at the top and offer the smallest TP that fits, in one click."""
    try:
        hint = tp_hint(spec, wl.gpu, resolve(spec, base_tok), assumptions=a, **wl.estimate_kwargs())
    except ERRORS:
        return
    if hint is None:
        return
    st.warning(trm(hint.message, L))
    if hint.fit_tp:
        st.button(t("cmp.fit_button", L).format(tp=hint.fit_tp), key="cmp.fit_tp",
                  on_click=state.set_value, args=(PAGE, "tp", hint.fit_tp))


def results(inp: PageInputs, extras: tuple[str, str]) -> None:
    L, wl, spec = inp.lang, inp.workload, inp.spec
    base_tok, metric = extras
    kw = wl.estimate_kwargs()
    try:
        with st.spinner(t("app.computing", L)):
            ests, skipped = compare(spec, wl.gpu, default_schemes(), assumptions=inp.assumptions, **kw)
    except ERRORS as exc:
        widgets.error(exc)
        return
    if not ests:
        st.warning(t("cmp.none", L))
        return
    if not any(e.fits for e in ests):
        _fit_hint(spec, wl, base_tok, inp.assumptions, L)
    base_label = resolve(spec, base_tok).describe(spec)
    bi = baseline_index(ests, base_label)
    if ests[bi].scheme != base_label:
        st.warning(t("cmp.base_missing", L).format(base=trm(base_label, L), used=trm(ests[bi].scheme, L)))
    rows = compare_rows(ests, spec, bi)
    widgets.engine_band(ests[0].engine, ests[0].error_band)
    st.caption(t("cmp.caption", L).format(base=trm(ests[bi].scheme, L), gpu=md(wl.gpu.name), tp=wl.tp,
                                          ctx=fmt_tokens(wl.context), batch=wl.batch))
    decision_table(_table(rows, L), COLUMNS, L)
    st.caption(t("cmp.speed_note", L))
    for note in param_notes(rows, spec, bi) + headline_notes(rows, bi):
        st.info(trm(note, L))
    if skipped:
        st.markdown(f"**{t('cmp.skipped', L)}**")
        for name, reason in skipped.items():
            st.markdown(f"- {trm(name, L)}: {trm(reason, L)}")

    m_label = t("cmp.metric." + metric, L)
    charts.show(charts.scheme_bars(rows, metric, m_label, log=metric == "max_context_tokens", lang=L), "cmp.bars")

    st.subheader(t("cmp.sweep_title", L))
    contexts = sweep_contexts(include=wl.context)
    try:
        with st.spinner(t("app.computing", L)):
            grid = sweep([spec], [r.scheme for r in rows], [wl.gpu], contexts, [wl.batch], kv_dtype=wl.kv_dtype,
                         weight_dtype=wl.weight_dtype, tp=wl.tp, assumptions=inp.assumptions)
    except ERRORS as exc:  # e.g. a part that publishes no 16-bit rate (the sweep times every point)
        widgets.error(exc)
        return
    kv = grid["kv_bytes"][0, :, 0, :, 0]  # schemes x contexts, per GPU, whole batch
    budget = kv_budget_bytes(ests[bi])
    lines = [(t("cmp.line_capacity", L).format(cap=fmt_both(ests[bi].memory.capacity_bytes)),
              to_gb(ests[bi].memory.capacity_bytes)),
             (t("cmp.line_budget", L).format(base=tr(ests[bi].scheme, L), cap=fmt_both(budget)), to_gb(budget))]
    fig = charts.kv_sweep(contexts, {tr(r.short, L): to_gb(kv[j]) for j, r in enumerate(rows)}, lines, wl.context, L)
    charts.show(fig, "cmp.sweep")
    st.caption(t("cmp.sweep_note", L).format(batch=wl.batch, tp=wl.tp, base=trm(ests[bi].scheme, L)))
    widgets.scheme_sources([(r.label, r.scheme.citation) for r in rows])
    widgets.hardware_sources(wl.gpu)


def render() -> None:
    model_page(PAGE, "cmp", params(), results, scheme=False, extra=_inputs)


if __name__ == "__main__":
    render()
