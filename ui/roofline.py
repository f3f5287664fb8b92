"""Roofline: the GPU's bandwidth slope and compute ceiling, with every scheme's decode/prefill operating point."""
from __future__ import annotations

import streamlit as st

from costmodel import compare, numfmt
from costmodel.engines import get_engine
from costmodel.quant import weight_storage
from costmodel.roofline import ridge_point
from costmodel.schemes import default_schemes
from costmodel.tierview import tier_roofs, working_set_rows
from costmodel.units import fmt_both, fmt_bytes, fmt_rate, fmt_seconds
from costmodel.views_compare import short_label
from costmodel.views_hardware import onchip_sizes, operating_points, roofline_curve, sram_rows, tier_name

from ui import charts, model_input, state, widgets, workload_input
from ui.labels import md, t, tr, trm
from ui.page import PageInputs, model_page
from ui.widgets import ERRORS

PAGE = "roofline"
DTYPES = ("auto", "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "fp4")


def params() -> list[state.Param]:
    return (model_input.model_params() + workload_input.workload_params(scheme=False)
            + [state.Param("rdt", "auto", state.choice(DTYPES)),
               state.Param("prefill", True, state.boolean(), dump=state.dump_bool)]
            + workload_input.assumption_params())


def _inputs(L: str, _spec) -> tuple[str, bool]:
    """Roofline dtype and whether prefill points are drawn."""
    c1, c2 = st.columns(2)
    dtype = c1.selectbox(t("roof.dtype", L), DTYPES, key=state.key(PAGE, "rdt"),
                         format_func=lambda d: t("roof.dtype_auto", L) if d == "auto" else d)
    show_prefill = c2.checkbox(t("roof.show_prefill", L), key=state.key(PAGE, "prefill"))
    return dtype, show_prefill


def results(inp: PageInputs, extras: tuple[str, bool]) -> None:
    L, wl, a, prof = inp.lang, inp.workload, inp.assumptions, inp.workload.gpu
    dtype, show_prefill = extras
    if dtype == "auto":
        dtype = weight_storage(wl.weight_dtype, inp.spec.quantization, inp.spec.checkpoint_bits).compute
    try:
        with st.spinner(t("app.computing", L)):
            ests, skipped = compare(inp.spec, prof, default_schemes(), assumptions=a, **wl.estimate_kwargs())
    except ERRORS as exc:
        widgets.error(exc)
        return
    try:
        ridge = ridge_point(prof, dtype)
        roof = roofline_curve(prof, dtype)
        derated = roofline_curve(prof, dtype, a.bw_efficiency_on(prof), a.flops_efficiency)
    except ERRORS as exc:  # no published rate (Cerebras, d-Matrix): no roof, but the placement below
        widgets.error(exc)
        _tiers(L, prof, ests, a, None)
        return
    c = st.columns(4)
    c[0].metric(t("roof.bw", L), fmt_rate(prof.bw_bytes_per_s, "B/s"))
    c[1].metric(t("roof.peak", L).format(dtype=dtype), fmt_rate(roof.peak_flops_per_s, "FLOP/s"))
    c[2].metric(t("roof.ridge", L), f"{ridge:,.0f} FLOP/B")
    c[3].metric(t("roof.derated_ridge", L), f"{derated.ridge_flops_per_byte:,.0f} FLOP/B")
    phases = ("decode", "prefill") if show_prefill else ("decode",)
    points = operating_points(ests, phases)
    curves = [(t("roof.datasheet", L).format(dtype=dtype), roof, "solid"),
              (t("roof.derated", L).format(bw=f"{a.bw_efficiency_on(prof):g}", fl=f"{a.flops_efficiency:g}"), derated,
               "dash")]
    tiers = tier_roofs(prof, roof.peak_flops_per_s)
    landing = {r.scheme: tr(tier_name(r.landing_tier), L) if r.landing_tier else ""
               for r in working_set_rows(ests, prof, a)}
    shorts = {e.scheme: short_label(e.scheme_token, inp.spec) for e in ests}
    charts.show(charts.roofline(curves, points, ridge, L, tiers=tiers, tier_of=landing, short_of=shorts), "roof.chart")
    st.caption(t("roof.note", L))
    if ests and ests[0].engine != "ideal":
        e0 = ests[0]
        st.caption(t("roof.engine_note", L).format(engine=md(get_engine(e0.engine).name),
                                                   step=fmt_seconds(e0.decode_s_per_token),
                                                   ideal=fmt_seconds(e0.decode.time_s)))
        widgets.engine_band(e0.engine, e0.error_band)
    st.dataframe([{t("col.scheme", L): tr(p.scheme, L), t("roof.phase", L): t("roof." + p.phase, L),
                   t("roof.intensity", L): numfmt.plain(p.intensity, 3),
                   t("roof.achieved", L): fmt_rate(p.flops_per_s, "FLOP/s"),
                   t("roof.time", L): fmt_seconds(p.time_s), t("roof.bound", L): t("bound." + p.bound, L),
                   t("roof.hbm", L): fmt_both(p.hbm_bytes)} for p in points], hide_index=True)
    if skipped:
        st.caption(t("cmp.skipped", L) + " " + "; ".join(f"{trm(k, L)}: {trm(v, L)}" for k, v in skipped.items()))

    st.subheader(t("roof.sram_title", L))
    sizes = onchip_sizes(prof)
    c = st.columns(3)
    c[0].metric("L2", fmt_bytes(sizes.l2_bytes, binary=True) if sizes.l2_bytes else "—")
    c[1].metric(t("roof.sm_sram", L), fmt_bytes(sizes.sm_sram_bytes, binary=True) if sizes.sm_sram_bytes else "—")
    c[2].metric(t("roof.sm_count", L), f"{sizes.sm_count:,}" if sizes.sm_count else "—")
    yes, no = t("cmp.yes", L), t("cmp.no", L)
    st.dataframe([{t("col.scheme", L): tr(r.scheme, L), t("roof.kv_set", L): fmt_both(r.kv_bytes),
                   t("roof.budget", L): fmt_bytes(r.budget_bytes, binary=True),
                   t("roof.resident", L): yes if r.resident else no} for r in sram_rows(ests, prof, a)],
                 hide_index=True)
    st.caption(t("roof.sram_note", L).format(frac=f"{a.sram_fraction:g}"))
    _tiers(L, prof, ests, a, tiers)


def _tiers(L: str, prof, ests, a, tiers) -> None:
    """The memory hierarchy (one ridge per tier) and where each scheme's decode working set lands."""
    st.subheader(t("roof.tiers_title", L))
    dash = "—"
    def name(tier: str | None) -> str:
        return tr(tier_name(tier), L) if tier else dash

    def holds(items) -> str:
        return ", ".join(t("roof.hold." + h, L) for h in items) or dash

    ridges = {r.name: r.ridge_flops_per_byte for r in tiers or ()}
    st.dataframe([{t("roof.tier", L): name(tier.name), t("roof.tier_label", L): tier.label or tier.name,
                   t("roof.capacity", L): fmt_both(tier.capacity),
                   t("roof.bw", L): fmt_rate(tier.bw, "B/s") if tier.bw else dash,
                   t("roof.holds", L): holds(tier.holds),
                   t("roof.tier_ridge", L): numfmt.plain(ridges[tier.name], 3) if tier.name in ridges else dash}
                  for tier in prof.tiers], hide_index=True)
    yes, no = t("cmp.yes", L), t("cmp.no", L)
    st.dataframe([{t("col.scheme", L): tr(r.scheme, L), t("roof.rule", L): r.rule,
                   t("roof.lands", L): name(r.landing_tier),
                   t("roof.cache", L): fmt_both(r.cache_bytes), t("roof.enc_out", L): fmt_both(r.encoder_output_bytes),
                   t("roof.onchip", L): fmt_both(r.onchip_bytes), t("roof.resident", L): yes if r.resident else no,
                   t("roof.home", L): f"{name(r.home_tier)} ({fmt_bytes(r.home_capacity_bytes or 0, binary=True)})"
                   if r.home_tier else dash, t("roof.chips", L): f"{r.chips_per_replica:,}"}
                  for r in working_set_rows(ests, prof, a)], hide_index=True)
    st.caption(t("roof.tiers_note", L))
    widgets.hardware_sources(prof)


def render() -> None:
    model_page(PAGE, "roof", params(), results, scheme=False, extra=_inputs)


if __name__ == "__main__":
    render()
