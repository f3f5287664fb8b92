"""Fleet & ROI: the lowest-cost fleet per scheme for a demand target and its latency limits (cloud or on-prem TCO),
why it won, the runners-up, the cost-vs-latency front, savings and payback, sensitivity, and the meeting workbook."""

from __future__ import annotations

import logging

import streamlit as st

from costmodel.engines import get_engine

from costmodel import fleet, roi
from costmodel.currency import Money, localize
from costmodel.dtypes import KV_FORMATS
from costmodel.export import fleet_csv, fleet_workbook
from costmodel.hardware import load_profiles
from costmodel.quant import WEIGHT_CHOICES
from costmodel.schemes import resolve
from costmodel.units import fmt_number, fmt_seconds
from costmodel.views_compare import short_label
from costmodel.views_sizing import pareto_points, plan_row, tornado_rows

from ui import charts, model_input, state, widgets, workload_input
from ui.fleet_inputs import (
    COST_FIELDS,
    GPU_FIELDS,
    KINDS,
    METRICS,
    PAGE,
    TIERS,
    costs_given,
    demand_given,
    inputs_given,
    money_given,
    params,
    target_inputs,
    tco_editor,
)
from ui.labels import md, t, tr, trm
from ui.tables import Col, Status, decision_table, labelled_table
from ui.widgets import ERRORS


PLAN_COLUMNS = (Col("col.scheme", width=160), Col("col.gpu_type", width=150), Col("pl.gpus", width=50),
                Col("tc.peak_tps", "tc.peak_tps_help", 95), Col("col.utilization", "tc.util_help", 75),
                Col("col.tpot", width=75), Col("col.cost_month", "tc.cost_help", 105),
                Col("tc.per_1m", "tc.per_1m_help", 90), Col("tc.config", main=False),
                Col("col.deployment_ui", main=False), Col("pl.replicas", main=False), Col("pl.servers", main=False),
                Col("pl.batch_per_replica", main=False), Col("col.ttft", main=False), Col("col.energy", main=False),
                Col("tc.onprem", "tc.onprem_help", main=False), Col("tc.cloud", "tc.cloud_help", main=False))

ROI_COLUMNS = (Col("col.scheme", width=200), Col("tc.onprem", "tc.onprem_help", 120),
               Col("tc.cloud", "tc.cloud_help", 120), Col("tc.savings", "tc.savings_help", 120),
               Col("tc.payback", "tc.payback_help", 120), Col("tc.per_1m", "tc.per_1m_help", 100),
               Col("tc.config", main=False),
               Col("ln.migration_usd", main=False), Col("ln.discounted_payback_months", main=False),
               Col("ln.npv_usd", main=False))


def _short(p, spec, L: str) -> str:
    """A plan's scheme in a few words ('MLA (absorbed)'); the full configuration is under "all columns"."""
    return tr(short_label(p.scheme_token, spec), L)


def _plan_table(plans, spec, L: str, m: Money) -> list[dict]:
    """One dict per plan, keyed by PLAN_COLUMNS' keys."""
    out = []
    for p in plans:
        r = plan_row(p)
        out.append({
            "col.scheme": _short(p, spec, L), "tc.config": tr(r.scheme, L), "col.gpu_type": r.gpu,
            "col.deployment_ui": r.deployment,
            "pl.replicas": f"{r.replicas:,}", "pl.gpus": f"{r.gpus:,}", "pl.servers": f"{r.servers:,}",
            "pl.batch_per_replica": f"{r.batch_per_replica:,}",
            "tc.peak_tps": f"{r.capacity_tokens_per_s:,.0f}",
            "col.ttft": fmt_seconds(r.ttft_s), "col.tpot": f"{r.tpot_ms:,.1f}",
            "col.utilization": f"{r.utilization:.0%}",
            "col.cost_month": m.fmt(r.cost_per_month_usd, lang=L),
            "tc.per_1m": m.fmt(r.usd_per_1m_tokens, per_unit=True, lang=L),
            "col.energy": f"{r.energy_kwh_per_1m_tokens:,.3f}",
            "tc.onprem": m.fmt(r.onprem_usd_per_month, lang=L), "tc.cloud": m.fmt(r.cloud_usd_per_month, lang=L),
        })
    return out


def _roi_table(ok, rois, spec, L: str, m: Money) -> list[dict]:
    """One dict per scheme, keyed by ROI_COLUMNS' keys: both cost bases side by side, savings and payback (a
    payback is green, 'no payback' red)."""
    never, base_dash = t("res.never", L), t("res.baseline_dash", L)

    def months(x, is_base: bool) -> str:
        return (base_dash if is_base else never) if x is None else f"{x:,.1f}"

    out = []
    for p, x in zip(ok, rois):
        r = plan_row(p)
        out.append({
            "col.scheme": _short(p, spec, L) + (t("res.baseline_tag", L) if x.is_baseline else ""),
            "tc.config": tr(x.scheme, L),
            "tc.onprem": m.fmt(r.onprem_usd_per_month, lang=L), "tc.cloud": m.fmt(r.cloud_usd_per_month, lang=L),
            "tc.savings": m.fmt(x.savings_usd_per_month, lang=L),
            "tc.payback": Status(months(x.payback_months, x.is_baseline),
                                 None if x.is_baseline else x.payback_months is not None),
            "tc.per_1m": m.fmt(r.usd_per_1m_tokens, per_unit=True, lang=L),
            "ln.migration_usd": m.fmt(x.migration_usd, lang=L),
            "ln.discounted_payback_months": months(x.discounted_payback_months, x.is_baseline),
            "ln.npv_usd": m.fmt(x.npv_usd, lang=L),
        })
    return out


def results(spec, gpus, kw: dict, a, L: str) -> None:
    v = lambda n: state.value(PAGE, n)  # noqa: E731
    try:
        demand = demand_given()
        m = money_given()
        inputs = inputs_given()
        costs = costs_given(gpus, inputs)
        slo = fleet.SLO.make(
            ttft_s=v("ttft") or None, tpot_ms=v("tpot") or None, tokens_per_s_per_user=v("slo") or None
        )
        with st.spinner(t("fl.searching", L)):
            r = _optimize(spec, gpus, demand, slo, inputs, costs, a, kw)
    except ERRORS as exc:
        widgets.error(exc)
        return
    _show(spec, r, demand, m, inputs, {g.gpu: g for g in r.gpu_costs}, L)  # the GPUs with a cost


def _optimize(spec, gpus, demand, slo, inputs, costs, a, kw: dict):
    """The fleet optimizer on the page's inputs."""
    v = lambda n: state.value(PAGE, n)  # noqa: E731
    return fleet.optimize(spec, gpus, demand, v("schemes"), slo=slo, cost_basis=v("basis"), inputs=inputs,
                          gpu_costs=costs, headroom=v("headroom"), disaggregate=bool(v("disagg")), assumptions=a, **kw)


def _show(spec, r, demand, m: Money, inputs, costs, L: str) -> None:
    """The optimizer's result: plans, reasons, Pareto front, costs, payback, sensitivity and downloads."""
    v = lambda n: state.value(PAGE, n)  # noqa: E731
    st.subheader(t("fl.recommended", L))
    st.caption(trm(demand.describe(), L) + " — " + md(t("fl.delivered", L).format(headroom=r.headroom)))
    widgets.engine_band(r.engine, get_engine(r.engine).band())
    ok = [s.best for s in r.schemes if s.best]
    if ok:
        decision_table(_plan_table(ok, spec, L, m), PLAN_COLUMNS, L)
    for s in r.schemes:
        if s.best is None:
            st.warning(trm(s.scheme, L) + ": " + "; ".join(md(localize(w, m, L)) for w in s.why))
    for name, reason in r.skipped:
        st.caption(f"{t('cmp.skipped', L)} {trm(name, L)}: {trm(reason, L)}")
    for s in r.schemes:
        if s.best is None:
            continue
        with st.expander(t("fl.why_won", L).format(scheme=trm(s.scheme, L))):
            st.markdown("\n".join(f"- {md(localize(w, m, L))}" for w in s.why))
            if s.runners_up:
                decision_table(_plan_table(s.runners_up, spec, L, m), PLAN_COLUMNS, L, more=False)
    if not ok:
        st.warning(t("fl.none_feasible", L))
        return
    st.subheader(t("fl.pareto", L))
    cur = m.currency.unit(L)
    charts.show(charts.pareto(pareto_points(r), t("fl.pareto_x", L), t("fl.pareto_y", L).format(cur=cur), m.rate, L),
                "fl.pareto")
    st.subheader(t("fl.breakdown", L).format(cur=cur))
    labelled_table([{t("col.scheme", L): _short(p, spec, L), t("ln.total", L): m.fmt(p.cost_per_month_usd, lang=L),
                     **{t(f"ln.{k}", L): m.fmt(x, lang=L) for k, x in p.cost.as_dict().items()}} for p in ok])
    base_label = resolve(spec, v("base")).describe(spec)
    bi = next((i for i, p in enumerate(ok) if p.scheme == base_label), 0)
    if ok[bi].scheme != base_label:
        st.warning(t("cmp.base_missing", L).format(base=trm(base_label, L), used=trm(ok[bi].scheme, L)))
    rois = roi.compare(ok, costs, inputs, bi)
    st.subheader(t("fl.roi", L).format(base=trm(ok[bi].scheme, L)))
    decision_table(_roi_table(ok, rois, spec, L, m), ROI_COLUMNS, L)
    for x in rois:
        for note in x.notes:
            st.caption(trm(note, L))
    _tornado(ok, costs, inputs, bi, L, m)
    st.subheader(t("fl.download", L))
    try:  # built here (tens of ms), not lazily at click time: a failure must show on the page, not vanish
        region = state.value(PAGE, "region")
        workbook = fleet_workbook(r, baseline=bi, lang=L, money=m, region=region)
        table = fleet_csv(r, baseline=bi, lang=L, money=m).encode("utf-8-sig")
    except Exception as exc:  # noqa: BLE001 - any failure is reported in one line; the details go to the log
        logging.getLogger("kvcost").exception("download failed")
        widgets.error(t("fl.download_failed", L).format(kind=type(exc).__name__))
        return
    c1, c2 = st.columns(2)
    c1.download_button(
        t("fl.workbook", L),
        key="fl.xlsx",
        file_name="kvcost-fleet.xlsx",
        on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        data=workbook,
    )
    c2.download_button(
        t("fl.plans_csv", L),
        key="fl.csv",
        file_name="kvcost-fleet.csv",
        mime="text/csv",
        on_click="ignore",
        data=table,
    )


def _tornado(ok, costs, inputs, bi: int, L: str, m: Money) -> None:
    st.subheader(t("fl.tornado_title", L))
    c1, c2, c3 = st.columns(3)
    by_token = {p.scheme_token: i for i, p in enumerate(ok)}
    if state.value(PAGE, "tscheme") not in ("", *by_token):
        state.set_value(PAGE, "tscheme", "")
    tok = c1.selectbox(
        t("fl.tornado_scheme", L),
        ["", *by_token],
        key=state.key(PAGE, "tscheme"),
        format_func=lambda k: tr(ok[by_token[k]].scheme, L) if k
        else t("fl.tornado_base", L).format(base=tr(ok[bi].scheme, L)),
    )
    metric = c2.selectbox(
        t("fl.tornado_metric", L),
        METRICS,
        key=state.key(PAGE, "tmetric"),
        format_func=lambda m: t("ln.total" if m == "cost_per_month_usd" else "ln." + m, L),
    )
    pct = c3.number_input(t("fl.pct", L), min_value=0.01, max_value=0.99, step=0.05, key=state.key(PAGE, "pct"))
    plan = ok[by_token[tok] if tok else bi]
    try:
        rows = tornado_rows(roi.sensitivity(plan, costs[plan.gpu], inputs, pct=pct, metric=metric))
    except ERRORS as exc:
        widgets.error(exc)
        return
    for row in rows:  # amounts in the page's currency (inputs named *usd* are prices; both metrics are money)
        vs = m.rate if "usd" in row["name"] else 1.0
        for k in ("base_result", "low_result", "high_result", "low_delta", "high_delta"):
            row[k] *= m.rate
        row.update(
            label=t(row["name"], L),
            low_text=f"{fmt_number(row['low_value'] * vs, 4)} → {fmt_number(row['low_result'], 4)}",
            high_text=f"{fmt_number(row['high_value'] * vs, 4)} → {fmt_number(row['high_result'], 4)}",
        )
    if rows:
        label = t("ln.total" if metric == "cost_per_month_usd" else "ln." + metric, L)
        charts.show(charts.tornado(rows, f"{label} [{m.currency.unit(L)}]", L), "fl.tornado")
        st.caption(t("fl.tornado_note", L).format(pct=f"{pct:.0%}", scheme=trm(plan.scheme, L)))


def render() -> None:
    P = params()
    L = state.open_page(PAGE, P, "fl")
    profiles = load_profiles()
    left, right = st.columns([2, 3])
    with left:
        spec = model_input.model_picker(PAGE)
        st.multiselect(
            t("fl.gpus", L), list(profiles), key=state.key(PAGE, "gpus"), format_func=lambda k: profiles[k].name
        )
        d1, d2 = st.columns(2)
        wdt = d1.selectbox(t("in.wdt", L), list(WEIGHT_CHOICES), key=state.key(PAGE, "wdt"),
                           format_func=workload_input.dtype_label)
        kvdt = d2.selectbox(t("in.kvdt", L), list(KV_FORMATS), key=state.key(PAGE, "kvdt"))
        eng = workload_input.engine_select(PAGE)
    with right:
        target_inputs(L)
        st.multiselect(
            t("fl.schemes", L),
            workload_input.scheme_tokens()[1:],
            key=state.key(PAGE, "schemes"),
            format_func=lambda s: workload_input.scheme_label(spec, s, L),
        )
        workload_input.scheme_select(PAGE, spec, name="base", label_key="cmp.baseline")
    gpus = [profiles[g] for g in state.value(PAGE, "gpus") or [] if g in profiles]
    tco_editor(gpus, L)
    a = workload_input.assumptions_editor(PAGE)
    query = state.publish(PAGE, P, skip=model_input.model_url_skip(PAGE))
    if not state.value(PAGE, "schemes"):
        st.info(t("fl.pick_schemes", L))
    elif not gpus:
        st.info(t("fl.gpus", L))
    elif spec is not None and a is not None:
        results(spec, gpus, dict(weight_dtype=wdt, kv_dtype=kvdt, engine=eng), a, L)
    state.link_hint(query)


__all__ = ["render", "params", "KINDS", "TIERS", "METRICS", "COST_FIELDS", "GPU_FIELDS"]

if __name__ == "__main__":
    render()
