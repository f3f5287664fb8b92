"""Fleet & ROI inputs: URL parameters, the target and latency limits, cost basis, the regional default set, the
currency and exchange rate, the TCO inputs and each GPU's prices ("no price: enter one" where a profile has none),
parsed into the optimizer's arguments. Money is typed and shown in the chosen currency; the model gets USD."""

from __future__ import annotations

import streamlit as st

from costmodel import fleet, numfmt
from costmodel.fleet.demand import HEADROOM_RANGE, REQUESTS_PER_DAY_RANGE, TOKENS_PER_S_RANGE, USERS_RANGE
from costmodel.currency import CURRENCIES, REFERENCE_FX, Money, user_fx
from costmodel.prices import priced, sourced_figures
from costmodel.regions import REGIONS, get_region
from costmodel.schemes import NATIVE
from costmodel.tco import BASES, GPU_INPUTS, GPU_META, INPUT_META, NOT_PUBLISHED, CostInputs

from ui import model_input, state, workload_input
from ui.labels import md, t, tr, unit
from ui.widgets import lazy_expander

PAGE = "fleet"
KINDS = ("users", "tokens_per_s", "requests_per_day")
TIERS = ("on-demand", "committed-1y", "committed-3y", "spot", "capacity-block")
METRICS = ("usd_per_1m_tokens", "cost_per_month_usd")
COST_FIELDS = tuple(INPUT_META)
GPU_FIELDS = GPU_INPUTS


def _cost_parse(name: str):
    def parse(raw: str) -> float:
        v = state.float_range(0, 1e15)(raw)
        if "USD" not in INPUT_META[name][2]:  # amounts are in the page's currency; the rest has the model's bounds
            CostInputs(**{name: v})  # ValueError names them
        return v

    return parse


def _list_parse(allowed):
    def parse(raw: str) -> list[str]:
        toks = [s for s in raw.split(",") if s]
        if not toks or any(s not in allowed() for s in toks):
            raise ValueError(t("err.not_allowed", state.lang()))
        return toks

    return parse


def params() -> list[state.Param]:
    P = state.Param
    fmt = lambda v: f"{v:g}"  # noqa: E731
    return (
        model_input.model_params()
        + [p for p in workload_input.workload_params(scheme=False) if p.name in ("wdt", "kvdt", "eng")]
        + [
            P("gpus", [workload_input.DEFAULT_GPU], _list_parse(workload_input.gpu_ids), dump=",".join),
            P("kind", "users", state.choice(KINDS)),
            P("users", 100.0, state.float_range(*USERS_RANGE)),
            P("ctx", "32K", state.token_text()),
            P("tps", 10000.0, state.float_range(*TOKENS_PER_S_RANGE)),
            P("rpd", 1e6, state.float_range(*REQUESTS_PER_DAY_RANGE)),
            P("prompt", "2K", state.token_text()),
            P("output", "512", state.token_text()),
            P("headroom", 1.2, state.float_range(*HEADROOM_RANGE)),
            P("ttft", 0.0, state.float_range(0.0, 1e6)),
            P("tpot", 0.0, state.float_range(0.0, 1e6)),
            P("slo", 0.0, state.float_range(0.0, 1e6)),
            P("basis", BASES[1], state.choice(BASES)),
            P("tier", TIERS[0], state.choice(TIERS)),
            P("disagg", False, state.boolean(), dump=state.dump_bool),
            P("region", "us", state.choice(tuple(REGIONS))),
            P("cur", "usd", state.choice(tuple(CURRENCIES))),
            P("fx", REFERENCE_FX.jpy_per_usd, state.float_range(1.0, 10_000.0)),
            P("schemes", ["gqa", "mla:absorbed"], _list_parse(workload_input.scheme_tokens), dump=",".join),
            P("base", NATIVE, state.choice(workload_input.scheme_tokens)),
            P("tscheme", "", state.choice(workload_input.scheme_tokens)),
            P("tmetric", METRICS[0], state.choice(METRICS)),
            P("pct", 0.2, state.float_range(0.01, 0.99)),
        ]
        + [P("c_" + f, None, _cost_parse(f), dump=fmt) for f in COST_FIELDS]
        + [P(f"g_{g}_{f}", None, state.float_range(*GPU_META[f][:2]), dump=fmt)
           for g in workload_input.gpu_ids() for f in GPU_FIELDS]
        + workload_input.assumption_params()
    )


def target_inputs(L: str) -> None:
    k = lambda n: state.key(PAGE, n)  # noqa: E731
    kind = st.radio(t("fl.kind", L), KINDS, key=k("kind"), horizontal=True, format_func=lambda s: t("fl.kind." + s, L))
    c = st.columns(3)
    if kind == "users":
        lo, hi = USERS_RANGE
        c[0].number_input(t("fl.users", L), min_value=lo, max_value=hi, step=10.0, key=k("users"), format="%g")
        c[1].text_input(t("in.context", L), key=k("ctx"), help=t("in.context_help", L))
    elif kind == "tokens_per_s":
        lo, hi = TOKENS_PER_S_RANGE
        c[0].number_input(t("fl.tps", L), min_value=lo, max_value=hi, step=100.0, key=k("tps"), format="%g")
        c[1].text_input(t("in.context", L), key=k("ctx"), help=t("in.context_help", L))
    else:
        lo, hi = REQUESTS_PER_DAY_RANGE
        c[0].number_input(t("fl.rpd", L), min_value=lo, max_value=hi, step=1000.0, key=k("rpd"), format="%g")
        c[1].text_input(t("fl.prompt", L), key=k("prompt"), help=t("in.context_help", L))
        c[2].text_input(t("fl.output", L), key=k("output"), help=t("in.context_help", L))
    c = st.columns(4)
    c[0].number_input(
        t("fl.headroom", L),
        min_value=HEADROOM_RANGE[0],
        max_value=HEADROOM_RANGE[1],
        step=0.1,
        key=k("headroom"),
        format="%g",
        help=t("fl.headroom_help", L),
    )
    c[1].number_input(t("fl.ttft", L), min_value=0.0, step=0.5, key=k("ttft"), format="%g", help=t("fl.ttft_help", L))
    c[2].number_input(t("fl.tpot", L), min_value=0.0, step=5.0, key=k("tpot"), format="%g", help=t("fl.tpot_help", L))
    c[3].number_input(t("fl.slo", L), min_value=0.0, step=1.0, key=k("slo"), format="%g", help=t("fl.slo_help", L))
    c = st.columns(3)
    c[0].radio(t("fl.basis", L), BASES, key=k("basis"), horizontal=True, format_func=lambda b: t("fl.basis." + b, L))
    c[1].selectbox(t("fl.tier", L), TIERS, key=k("tier"), format_func=lambda s: t("fl.tier." + s, L))
    c[2].checkbox(t("fl.disagg", L), key=k("disagg"), help=t("fl.disagg_help", L))
    money_inputs(L)


def money_inputs(L: str) -> None:
    """The regional default set (chosen explicitly, its values named), the currency and the dated rate."""
    k = lambda n: state.key(PAGE, n)  # noqa: E731
    c = st.columns(3)
    c[0].selectbox(t("fl.region", L), tuple(REGIONS), key=k("region"), help=t("fl.region_help", L),
                   format_func=lambda r: tr(get_region(r).name, L))
    c[1].radio(t("fl.currency", L), tuple(CURRENCIES), key=k("cur"), horizontal=True,
               format_func=lambda cur: t("fl.currency." + cur, L))
    m = money_given()
    c[2].number_input(t("fl.fx", L), min_value=1.0, max_value=10_000.0, step=1.0, key=k("fx"), format="%g",
                      disabled=not m.is_jpy, help=md(f"{m.fx.as_of.isoformat()}: {tr(m.fx.source, L)}"))
    region = get_region(state.value(PAGE, "region"))
    parts = [f"{t(f, L)} {_shown(f, getattr(region.inputs(m.fx), f), m, L)}" for f in region.overrides]
    st.caption(md(t("fl.region_values", L).format(region=tr(region.name, L), values="、".join(parts) if L == "ja"
                                                  else "; ".join(parts))) if parts else
               md(t("fl.region_us", L).format(region=tr(region.name, L))))


def _shown(field: str, usd: float, m: Money, L: str) -> str:
    """A cost input's default as the editor shows it (money in the display currency, with its unit)."""
    u = INPUT_META[field][2]
    if "USD" in u:
        v = dict(m.jpy_inputs).get(field) if m.is_jpy and field in dict(m.jpy_inputs) else usd * m.rate
        return f"{numfmt.plain(v)} {m.unit(u, L)}"
    return f"{usd:g}" if u == "ratio" else f"{usd:g} {unit(u, L)}"


def money_given() -> Money:
    """The display currency and rate the page chose (a rate other than the reference is dated today)."""
    v = float(state.value(PAGE, "fx") or REFERENCE_FX.jpy_per_usd)
    fx = REFERENCE_FX if v == REFERENCE_FX.jpy_per_usd else user_fx(v)
    typed = tuple(f for f in COST_FIELDS if state.value(PAGE, "c_" + f) is not None)
    m = get_region(state.value(PAGE, "region")).money(state.value(PAGE, "cur"), fx, typed)
    if m.is_jpy:  # a money input typed in yen stays a yen input
        yen = {f: float(state.value(PAGE, "c_" + f)) for f in typed if "USD" in INPUT_META[f][2]}
        m = Money(m.currency, m.fx, tuple(sorted({**dict(m.jpy_inputs), **yen}.items())))
    return m


def demand_given() -> fleet.Demand:
    v = lambda n: state.value(PAGE, n)  # noqa: E731
    tok = lambda n: state.token_count(v(n))  # noqa: E731
    if v("kind") == "users":
        return fleet.users(v("users"), tok("ctx"))
    if v("kind") == "tokens_per_s":
        return fleet.tokens_per_s(v("tps"), tok("ctx"))
    return fleet.requests_per_day(v("rpd"), tok("prompt"), tok("output"))


def _to_usd(field: str, typed: float, m: Money, unit_text: str) -> float:
    return typed / m.rate if "USD" in unit_text else typed


def inputs_given() -> CostInputs:
    """The region's defaults, the typed fields winning (money typed in the display currency, converted to USD)."""
    m = money_given()
    given = {f: _to_usd(f, float(state.value(PAGE, "c_" + f)), m, INPUT_META[f][2])
             for f in COST_FIELDS if state.value(PAGE, "c_" + f) is not None}
    return get_region(state.value(PAGE, "region")).inputs(m.fx, **given)


def _tier_index(prof) -> int:
    return next((i for i, c in enumerate(prof.cloud_prices) if c.tier == state.value(PAGE, "tier")), 0)


def tco_editor(gpus, L: str) -> None:
    """TCO inputs and each GPU's prices in the page's currency; empty = the region's sourced default (the
    placeholder); 'no price: enter one' where a price is absent. Drawn only while open (``lazy_expander``); it
    opens when a chosen GPU lacks a price."""
    missing = any(s.value is None for p in gpus for s in sourced_figures(p) if s.name in GPU_FIELDS)
    m = money_given()
    region = get_region(state.value(PAGE, "region"))
    box, is_open = lazy_expander(t("fl.tco", L), state.key(PAGE, "tco_open"), open_now=missing)
    shown = {p.id for p in gpus} if is_open else set()
    state.hold(PAGE, ([] if is_open else ["c_" + f for f in COST_FIELDS])
               + [f"g_{g}_{f}" for g in workload_input.gpu_ids() if g not in shown for f in GPU_FIELDS])
    if not is_open:
        return
    with box:
        cols = st.columns(2)
        defaults = region.inputs(m.fx)
        for i, f in enumerate(COST_FIELDS):
            u = INPUT_META[f][2]
            v = getattr(defaults, f)
            if "USD" in u and m.is_jpy:
                v = dict(m.jpy_inputs).get(f, v * m.rate) if f in region.jpy_values() else v * m.rate
            ph = t("fl.no_price", L) if f in NOT_PUBLISHED and v == 0 else numfmt.plain(v, 6)
            cols[i % 2].number_input(
                t(f, L) if u == "ratio" else f"{t(f, L)} [{m.unit(u, L) if 'USD' in u else unit(u, L)}]",
                min_value=0.0,
                value=None,
                format="%g",
                key=state.key(PAGE, "c_" + f),
                placeholder=ph,
                help=md(tr(region.source(f), L)),
            )
        for p in gpus:
            st.markdown(f"**{md(t('fl.gpu_prices', L).format(gpu=p.name))}**")
            figs = {s.name: s for s in sourced_figures(p, cloud=_tier_index(p))}
            cols = st.columns(len(GPU_FIELDS))
            for c, f in zip(cols, GPU_FIELDS):
                s = figs[f]
                u = GPU_META[f][2]
                scale = m.rate if "USD" in u else 1.0
                ph = t("fl.no_price", L) if s.value is None else numfmt.plain(s.value * scale, 6)
                c.number_input(
                    f"{t(f, L)} [{m.unit(u, L) if 'USD' in u else unit(u, L)}]",
                    min_value=0.0,
                    value=None,
                    format="%g",
                    key=state.key(PAGE, f"g_{p.id}_{f}"),
                    placeholder=ph,
                    help=md(tr(s.source, L)),
                )


def costs_given(gpus, inputs: CostInputs) -> dict:
    m = money_given()
    out = {}
    for p in gpus:
        over = {f: state.value(PAGE, f"g_{p.id}_{f}") for f in GPU_FIELDS}
        typed = {k: _to_usd(k, float(v), m, GPU_META[k][2]) for k, v in over.items() if v is not None}
        out[p.id] = priced(p, inputs, _tier_index(p), **typed)  # or why it has none: the optimizer says it
    return out
