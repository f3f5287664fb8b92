"""Fleet & ROI: servers per scheme for a demand target, monthly cost, savings, payback, sensitivity, downloads."""
from __future__ import annotations

import streamlit as st

from costmodel import fleet, roi
from costmodel.export import roi_csv, roi_workbook
from costmodel.schemes import NATIVE, resolve
from costmodel.views import fleet_rows, tornado_rows

from ui import charts, state, widgets
from ui.labels import md, t, tr, trm, unit
from ui.widgets import ERRORS

PAGE = "fleet"
KINDS = ("users", "tokens_per_s", "requests_per_day")
POLICIES = ("smallest", "fewest_gpus")  # first = costmodel.fleet.plan_fleet's default
METRICS = ("onprem_usd_per_1m_tokens", "cloud_usd_per_1m_tokens", "onprem_usd_per_month")
COST_FIELDS = tuple(f for f in roi.UNITS)
MONEY = ("cloud_usd_per_month", "cloud_usd_per_1m_tokens", "onprem_usd_per_month", "onprem_usd_per_1m_tokens",
         "capex_usd_per_month", "energy_usd_per_month", "migration_usd", "cloud_savings_usd_per_month",
         "onprem_savings_usd_per_month")


def _cost_parse(name: str):
    def parse(raw: str) -> float:
        v = state.float_range(0, 1e15)(raw)
        roi.CostInputs(**{name: v})  # the model's own bounds; ValueError names them
        return v
    return parse


def _schemes_parse(raw: str) -> list[str]:
    toks = [s for s in raw.split(",") if s]
    allowed = widgets.scheme_tokens()
    if not toks or any(s not in allowed for s in toks):
        raise ValueError(t("err.not_allowed", state.lang()))
    return toks


def params() -> list[state.Param]:
    P = state.Param
    return (widgets.model_params() + [p for p in widgets.workload_params(scheme=False) if p.name in ("gpu", "wdt", "kvdt")]
            + [P("kind", "users", state.choice(KINDS)), P("users", 100.0, state.float_range(0.001, 1e12)),
               P("ctx", "32K", state.token_text()), P("tps", 10000.0, state.float_range(0.001, 1e15)),
               P("rpd", 1e6, state.float_range(0.001, 1e15)), P("prompt", "2K", state.token_text()),
               P("output", "512", state.token_text()), P("headroom", 1.2, state.float_range(1.0, 100.0)),
               P("slo", 0.0, state.float_range(0.0, 1e6)), P("policy", POLICIES[0], state.choice(POLICIES)),
               P("schemes", widgets.scheme_tokens()[1:], _schemes_parse, dump=",".join),
               P("base", NATIVE, state.choice(widgets.scheme_tokens)),
               P("tscheme", "", state.choice(widgets.scheme_tokens)), P("tmetric", METRICS[0], state.choice(METRICS)), P("pct", 0.2, state.float_range(0.01, 0.99))]
            + [P("c_" + f, None, _cost_parse(f), dump=lambda v: f"{v:g}") for f in COST_FIELDS]
            + widgets.assumption_params())


def _inputs(L: str):
    k = lambda n: state.key(PAGE, n)  # noqa: E731
    kind = st.radio(t("fl.kind", L), KINDS, key=k("kind"), horizontal=True, format_func=lambda s: t("fl.kind." + s, L))
    c = st.columns(3)
    if kind == "users":
        c[0].number_input(t("fl.users", L), min_value=0.001, step=10.0, key=k("users"), format="%g")
        c[1].text_input(t("in.context", L), key=k("ctx"), help=t("in.context_help", L))
    elif kind == "tokens_per_s":
        c[0].number_input(t("fl.tps", L), min_value=0.001, step=100.0, key=k("tps"), format="%g")
        c[1].text_input(t("in.context", L), key=k("ctx"), help=t("in.context_help", L))
    else:
        c[0].number_input(t("fl.rpd", L), min_value=0.001, step=1000.0, key=k("rpd"), format="%g")
        c[1].text_input(t("fl.prompt", L), key=k("prompt"), help=t("in.context_help", L))
        c[2].text_input(t("fl.output", L), key=k("output"), help=t("in.context_help", L))
    c = st.columns(3)
    c[0].number_input(t("fl.headroom", L), min_value=1.0, max_value=100.0, step=0.1, key=k("headroom"), format="%g",
                      help=t("fl.headroom_help", L))
    c[1].number_input(t("fl.slo", L), min_value=0.0, step=1.0, key=k("slo"), format="%g", help=t("fl.slo_help", L))
    c[2].selectbox(t("fl.policy", L), POLICIES, key=k("policy"), format_func=lambda s: t("fl.policy." + s, L))


def _demand(L: str) -> fleet.Demand:
    v = lambda n: state.value(PAGE, n)  # noqa: E731
    tok = lambda n: state.token_count(v(n))  # noqa: E731
    if v("kind") == "users":
        return fleet.users(v("users"), tok("ctx"))
    if v("kind") == "tokens_per_s":
        return fleet.tokens_per_s(v("tps"), tok("ctx"))
    return fleet.requests_per_day(v("rpd"), tok("prompt"), tok("output"))


def _cost_editor(prof, L: str) -> None:
    """Cost inputs; empty = the profile's figure (or the documented default). Opens when a figure is missing."""
    defaults = roi.profile_defaults(prof)
    sources = roi.cost_sources(prof)
    missing = [f for f in roi.PROFILE_FIELDS if f not in defaults and state.value(PAGE, "c_" + f) is None]
    with st.expander(t("fl.costs", L), expanded=bool(missing)):
        st.caption(t("fl.costs_help", L))
        cols = st.columns(2)
        for i, f in enumerate(COST_FIELDS):
            if f in defaults:
                ph = f"{defaults[f]:g}"
            elif f in roi.PROFILE_FIELDS:
                ph = t("fl.required", L)
            elif f == "migration_gpu_hour_usd":
                ph = t("fl.same_as_cloud", L)
            else:
                ph = f"{getattr(roi.CostInputs(), f):g}"
            cols[i % 2].number_input(f"{t(f, L)} [{unit(roi.UNITS[f], L)}]", min_value=0.0, value=None, format="%g",
                                     key=state.key(PAGE, "c_" + f), placeholder=ph, help=tr(sources.get(f), L))


def results(spec, prof, kw: dict, a, L: str) -> None:
    v = lambda n: state.value(PAGE, n)  # noqa: E731
    try:
        demand = _demand(L)
        slo = v("slo") or None
        plans, skipped = fleet.plan_fleets(spec, prof, v("schemes"), demand, headroom=v("headroom"),
                                           slo_tokens_per_s_per_user=slo, tp_policy=v("policy"), assumptions=a, **kw)
    except ERRORS as exc:
        widgets.error(exc)
        return
    st.subheader(t("fl.plan_title", L))
    st.caption(trm(demand.describe(), L))
    yes, no = t("cmp.yes", L), t("cmp.no", L)
    st.dataframe([{t("col.scheme", L): r["scheme"], t("fl.feasible", L): yes if r["feasible"] else no,
                   t("fact.gpus_per_replica", L): r["tp"], t("fact.replicas", L): r["replicas"],
                   t("fact.gpus", L): r["gpus"], t("fact.servers", L): r["servers"],
                   t("fact.batch_per_replica", L): r["batch_per_replica"],
                   t("fact.tokens_per_s", L): f"{r['capacity_tokens_per_s']:,.0f}",
                   t("fl.per_user", L): f"{r['tokens_per_s_per_user']:,.1f}",
                   t("fact.utilization", L): f"{r['utilization']:.0%}"} for r in fleet_rows(plans)], hide_index=True)
    for name, reason in skipped.items():
        st.caption(f"{t('cmp.skipped', L)} {md(name)}: {trm(reason, L)}")
    with st.expander(t("fl.why", L)):
        for p in plans:
            st.markdown(f"**{md(p.scheme)}**\n" + "\n".join(f"- {trm(line, L)}" for line in p.why))
    ok = [p for p in plans if p.feasible]
    if not ok:
        st.warning(t("fl.none_feasible", L))
        return
    base_tok = v("base")
    base_label = resolve(spec, base_tok).describe(spec)
    bi = next((i for i, p in enumerate(ok) if p.scheme == base_label), 0)
    if ok[bi].scheme != base_label:
        st.warning(t("cmp.base_missing", L).format(base=md(base_label), used=md(ok[bi].scheme)))
    try:
        inputs = roi.CostInputs.for_gpu(prof, **_cost_inputs_given())
        facts = [p.facts() for p in ok]
        costs = roi.compare_costs(facts, inputs, bi)
    except ERRORS as exc:
        widgets.error(exc)
        return
    st.subheader(t("fl.roi_title", L))
    st.caption(t("fl.roi_caption", L).format(base=md(ok[bi].scheme), util=f"{inputs.utilization:.0%}"))
    never = t("res.never", L)
    table = []
    for c in costs:
        row = {t("col.scheme", L): c.scheme + (f" ({t('res.baseline', L)})" if c.is_baseline else "")}
        row.update({f"{t('res.' + f, L)} [$]": f"{getattr(c, f):,.2f}" for f in MONEY})
        for f in ("cloud_payback_months", "onprem_payback_months"):
            val = getattr(c, f)
            row[f"{t('res.' + f, L)} [{t('unit.months', L)}]"] = never if val is None else f"{val:,.1f}"
        table.append(row)
    st.dataframe(table, hide_index=True)
    for c in costs:
        for note in c.notes:
            st.caption(trm(note, L))

    st.subheader(t("fl.tornado_title", L))
    c1, c2, c3 = st.columns(3)
    by_token = {p.scheme_token: i for i, p in enumerate(ok)}
    if state.value(PAGE, "tscheme") not in ("", *by_token):
        state.set_value(PAGE, "tscheme", "")
    tok = c1.selectbox(t("fl.tornado_scheme", L), ["", *by_token], key=state.key(PAGE, "tscheme"),
                       format_func=lambda k: ok[by_token[k]].scheme if k else t("fl.tornado_base", L).format(
                           base=ok[bi].scheme))
    which = by_token[tok] if tok else bi
    metric = c2.selectbox(t("fl.tornado_metric", L), METRICS, key=state.key(PAGE, "tmetric"),
                          format_func=lambda m: t("res." + m, L))
    pct = c3.number_input(t("fl.pct", L), min_value=0.01, max_value=0.99, step=0.05, key=state.key(PAGE, "pct"))
    plan = ok[which]
    try:
        rows = tornado_rows(roi.sensitivity(facts[which], inputs, pct=pct, metric=metric, bw_efficiency=a.bw_efficiency_on(prof),
                                            tokens_per_s_at_bw=lambda x: fleet.capacity_at(plan, x)))
    except ERRORS as exc:
        widgets.error(exc)
        rows = []
    for r in rows:
        r.update(label=t(r["name"], L), low_text=f"{r['low_value']:g} → {r['low_result']:,.4g}",
                 high_text=f"{r['high_value']:g} → {r['high_result']:,.4g}")
    if rows:
        st.plotly_chart(charts.tornado(rows, f"{t('res.' + metric, L)} [$]", L), key="fl.tornado")
        st.caption(t("fl.tornado_note", L).format(pct=f"{pct:.0%}", scheme=md(plan.scheme)))

    st.subheader(t("fl.download", L))
    args = dict(baseline=bi, model=spec.name, gpu=prof.name, lang=L)
    c1, c2 = st.columns(2)
    # on_click="ignore": a download needs no rerun of this (heavier) page
    c1.download_button(t("fl.xlsx", L), key="fl.xlsx", file_name="kvcost-roi.xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       data=lambda: roi_workbook(ok, inputs, target=tr(demand.describe(), L),
                                                 sources=roi.cost_sources(prof), **args))
    c2.download_button(t("fl.csv", L), key="fl.csv", file_name="kvcost-roi.csv", mime="text/csv", on_click="ignore",
                       data=lambda: roi_csv(ok, inputs, **args).encode("utf-8-sig"))
    with st.expander(t("fl.sources", L)):
        for f, src in roi.cost_sources(prof).items():
            st.markdown(f"- **{t(f, L)}**: {trm(src, L)}")


def _cost_inputs_given() -> dict:
    return {f: float(state.value(PAGE, "c_" + f)) for f in COST_FIELDS if state.value(PAGE, "c_" + f) is not None}


def render() -> None:
    P = params()
    L = state.open_page(PAGE, P, "fl")
    left, right = st.columns([2, 3])
    with left:
        spec = widgets.model_picker(PAGE)
        prof = widgets.gpu_select(PAGE)
        d1, d2 = st.columns(2)
        wdt = d1.selectbox(t("in.wdt", L), list(widgets.WEIGHT_FORMATS), key=state.key(PAGE, "wdt"))
        kvdt = d2.selectbox(t("in.kvdt", L), list(widgets.KV_FORMATS), key=state.key(PAGE, "kvdt"))
    with right:
        _inputs(L)
        st.multiselect(t("fl.schemes", L), widgets.scheme_tokens()[1:], key=state.key(PAGE, "schemes"),
                       format_func=lambda s: widgets.scheme_label(spec, s, L))
        widgets.scheme_select(PAGE, spec, name="base", label_key="cmp.baseline")
    _cost_editor(prof, L)
    a = widgets.assumptions_editor(PAGE)
    query = state.publish(PAGE, P, skip=widgets.model_url_skip(PAGE))
    if not state.value(PAGE, "schemes"):
        st.info(t("fl.pick_schemes", L))
    elif spec is not None and a is not None:
        results(spec, prof, dict(weight_dtype=wdt, kv_dtype=kvdt), a, L)
    state.link_hint(query)


if __name__ == "__main__":
    render()
