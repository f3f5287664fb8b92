"""Compare schemes: every applicable attention scheme on one model x GPU x workload, side by side."""
from __future__ import annotations

import streamlit as st

from costmodel import compare
from costmodel.schemes import NATIVE, default_schemes, parse_scheme, resolve
from costmodel.units import fmt_both, fmt_bytes
from costmodel.views import (baseline_index, compare_rows, fmt_count, fmt_tokens, kv_budget_bytes, kv_sweep,
                             sweep_contexts, to_gb)

from ui import charts, state, widgets
from ui.labels import t, tr
from ui.widgets import ERRORS

PAGE = "compare"
METRICS = ("kv_bytes_per_token", "decode_tokens_per_s", "speedup", "max_context_tokens")


def params() -> list[state.Param]:
    return (widgets.model_params() + widgets.workload_params(scheme=False)
            + [state.Param("base", NATIVE, state.choice(widgets.scheme_tokens)),
               state.Param("metric", METRICS[0], state.choice(METRICS))]
            + widgets.assumption_params())


def _table(rows: list[dict], L: str) -> list[dict]:
    yes, no = t("cmp.yes", L), t("cmp.no", L)
    return [{
        t("col.scheme", L): r["scheme"],
        t("cmp.kv_token", L): fmt_bytes(r["kv_bytes_per_token"]),
        t("cmp.fixed", L): fmt_bytes(r["fixed_bytes_per_sequence"]),
        t("cmp.kv_gpu", L): fmt_both(r["kv_bytes_per_gpu"]),
        t("cmp.fits", L): yes if r["fits"] else no,
        t("cmp.max_ctx", L): t("fit.unbounded", L) if r["max_context_tokens"] is None else fmt_tokens(
            r["max_context_tokens"]),
        t("cmp.decode", L): f"{r['decode_tokens_per_s']:,.1f}",
        t("cmp.speedup", L): f"×{r['speedup']:.2f}",
        t("cmp.params_delta", L): ("+" if r["params_delta"] > 0 else "") + fmt_count(r["params_delta"]),
        t("cmp.exact", L): yes if r["exact"] else no,
        t("cmp.training", L): tr(r["training"], L),
    } for r in rows]


def results(spec, kw: dict, base_tok: str, metric: str, a, L: str) -> None:
    prof = kw.pop("gpu")
    kw.pop("scheme", None)
    try:
        ests, skipped = compare(spec, prof, default_schemes(), assumptions=a, **kw)
    except ERRORS as exc:
        widgets.error(exc)
        return
    if not ests:
        st.warning(t("cmp.none", L))
        return
    base_sch = resolve(spec, base_tok)
    bi = baseline_index(ests, base_sch.describe(spec))
    if ests[bi].scheme != base_sch.describe(spec):
        st.warning(t("cmp.base_missing", L).format(base=base_sch.describe(spec), used=ests[bi].scheme))
    rows = compare_rows(ests, spec, bi)
    st.caption(t("cmp.caption", L).format(base=ests[bi].scheme, gpu=prof.name, tp=kw["tp"],
                                          ctx=fmt_tokens(kw["context"]), batch=kw["batch"]))
    st.dataframe(_table(rows, L), hide_index=True)
    if skipped:
        st.markdown(f"**{t('cmp.skipped', L)}**")
        for name, reason in skipped.items():
            st.markdown(f"- {name}: {tr(reason, L)}")

    m_label = t("cmp.metric." + metric, L)
    st.plotly_chart(charts.scheme_bars(rows, metric, m_label, log=metric == "max_context_tokens"), key="cmp.bars")

    st.subheader(t("cmp.sweep_title", L))
    contexts = sweep_contexts(include=kw["context"])
    series = kv_sweep(spec, [parse_scheme(r["token"]) for r in rows], contexts, kv_dtype=kw["kv_dtype"],
                      batch=kw["batch"], tp=kw["tp"])
    budget = kv_budget_bytes(ests[bi])
    lines = [(t("cmp.line_capacity", L).format(cap=fmt_both(ests[bi].memory.capacity_bytes)),
              to_gb(ests[bi].memory.capacity_bytes)),
             (t("cmp.line_budget", L).format(base=ests[bi].scheme, cap=fmt_both(budget)), to_gb(budget))]
    short = {r["scheme"]: r["short"] for r in rows}
    fig = charts.kv_sweep(contexts, {short[k]: to_gb(v) for k, v in series.items()}, lines, kw["context"], L)
    st.plotly_chart(fig, key="cmp.sweep")
    st.caption(t("cmp.sweep_note", L).format(batch=kw["batch"], tp=kw["tp"], base=ests[bi].scheme))
    widgets.scheme_sources([(r["scheme"], r["citation"]) for r in rows])
    widgets.hardware_sources(prof)


def render() -> None:
    P = params()
    L = state.open_page(PAGE, P, "cmp")
    left, right = st.columns([2, 3])
    with left:
        spec = widgets.model_picker(PAGE)
    with right:
        kw = widgets.workload_inputs(PAGE, spec, scheme=False)
        c1, c2 = st.columns(2)
        with c1:
            base = widgets.scheme_select(PAGE, spec, name="base", label_key="cmp.baseline")
        metric = c2.selectbox(t("cmp.metric", L), METRICS, key=state.key(PAGE, "metric"),
                              format_func=lambda m: t("cmp.metric." + m, L))
    a = widgets.assumptions_editor(PAGE)
    query = state.publish(PAGE, P, skip=widgets.model_url_skip(PAGE))
    if spec is not None and kw is not None and a is not None:
        results(spec, kw, base, metric, a, L)
    state.link_hint(query)


if __name__ == "__main__":
    render()
