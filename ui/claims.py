"""Claims check: "does model X with scheme Y fit GPU Z at N tokens?" -> true/false with the numbers behind it."""
from __future__ import annotations

import streamlit as st

from costmodel.claims import EXAMPLE_CLAIMS, check_claim
from costmodel.schemes import parse_scheme
from costmodel.units import fmt_both
from costmodel.views import compact_tokens, fmt_tokens, shortfall_bytes

from ui import state, widgets
from ui.labels import t, tr

PAGE = "claims"


def params() -> list[state.Param]:
    return widgets.model_params() + widgets.workload_params()


def _scheme_token(scheme: str | None) -> str:
    return "native" if scheme in (None, "", "native") else parse_scheme(scheme).token()


def load_example(i: int) -> None:
    """Button callback: put one of EXAMPLE_CLAIMS into the form."""
    a = EXAMPLE_CLAIMS[i]["args"]
    values = {"src": "preset", "model": a["model"], "gpu": a["gpu"], "scheme": _scheme_token(a.get("scheme")),
              "ctx": compact_tokens(a["context"]), "kv_dtype": a.get("kv_dtype", "bf16"), "batch": a.get("batch", 1),
              "weight_dtype": a.get("weight_dtype", "bf16"), "tp": a.get("tp", 1)}
    names = {"kv_dtype": "kvdt", "weight_dtype": "wdt"}
    for k, v in values.items():
        state.set_value(PAGE, names.get(k, k), v)


def verdict(r: dict, L: str) -> None:
    if r.get("fits") is None:
        widgets.error(r.get("error") or r["verdict"])  # error() translates cost-model messages
        return
    if not r.get("applicable"):
        st.warning(t("claims.false", L) + " — " + t("claims.not_applicable", L).format(reason=tr(r["reason"], L)),
                   icon="❌")
        return
    total, cap = fmt_both(r["total_bytes"]), fmt_both(r["capacity_bytes"])
    if r["fits"]:
        st.success(t("claims.true", L) + " — " + t("fit.fits", L).format(
            total=total, cap=cap, headroom=fmt_both(r["headroom_bytes"])), icon="✅")
    else:
        st.warning(t("claims.false", L) + " — " + t("fit.no_fit", L).format(
            total=total, cap=cap, short=fmt_both(shortfall_bytes(r["headroom_bytes"]))), icon="❌")
    st.caption(t("claims.model_verdict", L).format(text=tr(r["verdict"], L)))
    parts = {"weights": "weight_bytes", "kv": "kv_bytes", "activations": "activation_bytes", "reserve": "reserve_bytes"}
    rows = [(t("mem." + p, L), r[field]) for p, field in parts.items()]
    rows += [(t("fit.total", L), r["total_bytes"]), (t("claims.capacity", L), r["capacity_bytes"])]
    table = [{t("col.item", L): k, t("col.value", L): fmt_both(v), t("col.bytes", L): f"{v:,}"} for k, v in rows]
    table += [
        {t("col.item", L): t("fit.decode", L), t("col.value", L): f"{r['decode_tokens_per_s']:,.1f}", t("col.bytes", L): ""},
        {t("col.item", L): t("fit.max_context", L).format(batch=r["batch"]),
         t("col.value", L): t("fit.unbounded", L) if r["max_context_tokens"] is None else fmt_tokens(
             r["max_context_tokens"]), t("col.bytes", L): ""},
        {t("col.item", L): t("fit.max_batch", L),
         t("col.value", L): t("fit.unbounded", L) if r["max_batch"] is None else f"{r['max_batch']:,}", t("col.bytes", L): ""},
        {t("col.item", L): t("roof.bound", L), t("col.value", L): t("bound." + r["bound"], L), t("col.bytes", L): ""},
    ]
    st.dataframe(table, hide_index=True)
    for w in r.get("warnings", []):
        st.warning(tr(w, L))


def render() -> None:
    P = params()
    L = state.open_page(PAGE, P, "claims")
    with st.expander(t("claims.examples", L), expanded=True):
        cols = st.columns(2)
        for i, ex in enumerate(EXAMPLE_CLAIMS):
            cols[i % 2].button(tr(ex["statement"], L), key=f"claims.ex.{ex['id']}", on_click=load_example, args=(i,),
                               width="stretch")
    left, right = st.columns([2, 3])
    with left:
        spec = widgets.model_picker(PAGE)
    with right:
        kw = widgets.workload_inputs(PAGE, spec)
    query = state.publish(PAGE, P, skip=widgets.model_url_skip(PAGE))
    if spec is not None and kw is not None:
        st.subheader(t("claims.answer", L))
        st.markdown(t("claims.question", L).format(
            model=spec.name, scheme=widgets.scheme_label(spec, kw["scheme"], L), tp=kw["tp"], gpu=kw["gpu"].name,
            ctx=fmt_tokens(kw["context"]), batch=kw["batch"], wdt=kw["weight_dtype"], kvdt=kw["kv_dtype"]))
        scheme = None if kw["scheme"] == "native" else kw["scheme"]
        verdict(check_claim(spec, kw["gpu"].id, scheme, kw["context"], kw["kv_dtype"], kw["batch"],
                            kw["weight_dtype"], kw["tp"]), L)
    widgets.claims_section(L)
    state.link_hint(query)


if __name__ == "__main__":
    render()
