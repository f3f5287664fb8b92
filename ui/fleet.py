"""Fleet & ROI: the lowest-cost fleet per scheme for a demand target and its latency limits (cloud or on-prem TCO),
why it won, the runners-up, the cost-vs-latency front, savings and payback, sensitivity, and the meeting workbook."""

from __future__ import annotations

import logging

import streamlit as st

from costmodel.engines import get_engine

from costmodel import fleet, roi
from costmodel.currency import Money, localize
from costmodel.export import fleet_csv, fleet_workbook
from costmodel.hardware import load_profiles
from costmodel.schemes import resolve
from costmodel.views import pareto_points, plan_row, tornado_rows

from ui import charts, state, widgets
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
from ui.widgets import ERRORS


def _plan_table(plans, L: str, m: Money) -> list[dict]:
    out = []
    for p in plans:
        r = plan_row(p)
        out.append(
            {
                t("col.scheme", L): tr(r.scheme, L),
                t("col.gpu_type", L): r.gpu,
                t("col.deployment_ui", L): r.deployment,
                t("pl.replicas", L): r.replicas,
                t("pl.gpus", L): r.gpus,
                t("pl.servers", L): r.servers,
                t("pl.batch_per_replica", L): r.batch_per_replica,
                t("col.ttft", L): f"{r.ttft_s:,.2f}",
                t("col.tpot", L): f"{r.tpot_ms:,.1f}",
                t("col.utilization", L): f"{r.utilization:.0%}",
                t("col.cost_month", L): m.fmt(r.cost_per_month_usd, lang=L),
                t("col.per_1m", L): m.fmt(r.usd_per_1m_tokens, per_unit=True, lang=L),
                t("col.energy", L): f"{r.energy_kwh_per_1m_tokens:,.3f}",
            }
        )
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
        r = fleet.optimize(
            spec,
            gpus,
            demand,
            v("schemes"),
            slo=slo,
            cost_basis=v("basis"),
            inputs=inputs,
            gpu_costs=costs,
            headroom=v("headroom"),
            disaggregate=bool(v("disagg")),
            assumptions=a,
            **kw,
        )
    except ERRORS as exc:
        widgets.error(exc)
        return
    st.subheader(t("fl.recommended", L))
    st.caption(trm(demand.describe(), L) + " — " + md(t("fl.delivered", L).format(headroom=r.headroom)))
    widgets.engine_band(r.engine, get_engine(r.engine).band())
    ok = [s.best for s in r.schemes if s.best]
    if ok:
        st.dataframe(_plan_table(ok, L, m), hide_index=True)
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
                st.dataframe(_plan_table(s.runners_up, L, m), hide_index=True)
    if not ok:
        st.warning(t("fl.none_feasible", L))
        return
    st.subheader(t("fl.pareto", L))
    cur = m.currency.unit(L)
    st.plotly_chart(charts.pareto(pareto_points(r), t("fl.pareto_x", L), t("fl.pareto_y", L).format(cur=cur),
                                  m.rate, L), key="fl.pareto")
    st.subheader(t("fl.breakdown", L).format(cur=cur))
    st.dataframe(
        [
            {
                t("col.scheme", L): tr(p.scheme, L),
                **{t(f"ln.{k}", L): m.fmt(x, lang=L) for k, x in p.cost.as_dict().items()},
                t("ln.total", L): m.fmt(p.cost_per_month_usd, lang=L),
            }
            for p in ok
        ],
        hide_index=True,
    )
    base_label = resolve(spec, v("base")).describe(spec)
    bi = next((i for i, p in enumerate(ok) if p.scheme == base_label), 0)
    if ok[bi].scheme != base_label:
        st.warning(t("cmp.base_missing", L).format(base=trm(base_label, L), used=trm(ok[bi].scheme, L)))
    rois = roi.compare(ok, costs, inputs, bi)
    st.subheader(t("fl.roi", L).format(base=trm(ok[bi].scheme, L)))
    never, base_dash = t("res.never", L), t("res.baseline_dash", L)
    months = lambda x, is_base: (base_dash if is_base else never) if x is None else f"{x:,.1f}"  # noqa: E731
    st.dataframe(
        [
            {
                t("col.scheme", L): tr(x.scheme, L) + (t("res.baseline_tag", L) if x.is_baseline else ""),
                t("ln.savings", L): m.fmt(x.savings_usd_per_month, lang=L),
                t("ln.migration_usd", L): m.fmt(x.migration_usd, lang=L),
                t("ln.payback_months", L): months(x.payback_months, x.is_baseline),
                t("ln.discounted_payback_months", L): months(x.discounted_payback_months, x.is_baseline),
                t("ln.npv_usd", L): m.fmt(x.npv_usd, lang=L),
            }
            for x in rois
        ],
        hide_index=True,
    )
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
            low_text=f"{row['low_value'] * vs:,.4g} → {row['low_result']:,.4g}",
            high_text=f"{row['high_value'] * vs:,.4g} → {row['high_result']:,.4g}",
        )
    if rows:
        label = t("ln.total" if metric == "cost_per_month_usd" else "ln." + metric, L)
        st.plotly_chart(charts.tornado(rows, f"{label} [{m.currency.unit(L)}]", L), key="fl.tornado")
        st.caption(t("fl.tornado_note", L).format(pct=f"{pct:.0%}", scheme=trm(plan.scheme, L)))


def render() -> None:
    P = params()
    L = state.open_page(PAGE, P, "fl")
    profiles = load_profiles()
    left, right = st.columns([2, 3])
    with left:
        spec = widgets.model_picker(PAGE)
        st.multiselect(
            t("fl.gpus", L), list(profiles), key=state.key(PAGE, "gpus"), format_func=lambda k: profiles[k].name
        )
        d1, d2 = st.columns(2)
        wdt = d1.selectbox(t("in.wdt", L), list(widgets.WEIGHT_CHOICES), key=state.key(PAGE, "wdt"),
                           format_func=widgets.dtype_label)
        kvdt = d2.selectbox(t("in.kvdt", L), list(widgets.KV_FORMATS), key=state.key(PAGE, "kvdt"))
        eng = widgets.engine_select(PAGE)
    with right:
        target_inputs(L)
        st.multiselect(
            t("fl.schemes", L),
            widgets.scheme_tokens()[1:],
            key=state.key(PAGE, "schemes"),
            format_func=lambda s: widgets.scheme_label(spec, s, L),
        )
        widgets.scheme_select(PAGE, spec, name="base", label_key="cmp.baseline")
    gpus = [profiles[g] for g in state.value(PAGE, "gpus") or [] if g in profiles]
    tco_editor(gpus, L)
    a = widgets.assumptions_editor(PAGE)
    query = state.publish(PAGE, P, skip=widgets.model_url_skip(PAGE))
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
