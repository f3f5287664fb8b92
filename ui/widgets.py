"""Shared output panels of the pages: one-line errors, byte metrics, the engine's error band, the hardware and scheme
sources, and the published-claims table (``claim_results``: computed once per server process). The inputs are in
``ui.model_input`` and ``ui.workload_input``."""
from __future__ import annotations

import functools

import streamlit as st

from costmodel import USER_ERRORS
from costmodel.engines import band_message
from costmodel.hardware import HardwareProfile
from costmodel.units import fmt_bytes
from costmodel.views_hardware import hardware_rows

from . import state
from .labels import md, t, tr, tr_exc, unit
from .state import BAD_INPUT
from .tables import Status, labelled_table

ERRORS = (*USER_ERRORS, *BAD_INPUT)


def error(exc: BaseException | str) -> None:
    """One-line, user-facing error (never a traceback), in the page's language when it is a cost-model message."""
    L = state.lang()
    text = (tr_exc(exc, L) if isinstance(exc, BaseException) else tr(exc, L)).strip()
    st.error(md(text.splitlines()[0] if text else type(exc).__name__), icon=":material/error:")


def lazy_expander(label: str, k: str, open_now: bool = False):
    """(an expander, whether it is open) for an editor the page draws only while it is open: Streamlit's stateful
    expander, whose opening or closing reruns the page. A closed editor costs the browser nothing on the page's
    first render (the Fit page's assumptions are ~20 elements, Fleet's cost inputs ~40). The caller hands the inputs
    it does not draw to ``state.hold``, which keeps their values (``state.value``) and the URL (``state.publish``).
    ``open_now`` opens it on the run where that becomes true (a price went missing); the user may close it again."""
    ss, was = st.session_state, "_open_now." + k
    if open_now and not ss.get(was):
        ss[k] = True
    ss[was] = open_now
    box = st.expander(label, key=k, on_change="rerun")
    return box, bool(box.open)


def bytes_metric(where, label: str, n: int, help: str | None = None) -> None:
    """A memory figure: GB (10^9) as the value, GiB (2^30) underneath, the exact bytes in the tooltip."""
    where.metric(label, fmt_bytes(n), delta=fmt_bytes(n, binary=True), delta_color="off", delta_arrow="off",
                 help=(help + " — " if help else "") + f"{int(n):,} B")


def engine_band(engine: str, band: dict | None) -> None:
    """The engine's measured error band next to its speeds."""
    st.caption("± " + md(tr(band_message(engine, band), state.lang())))


# ------------------------------------------------------------------ sources
def hardware_sources(prof: HardwareProfile) -> None:
    L = state.lang()
    with st.expander(t("hw.title", L).format(gpu=md(prof.name))):
        if prof.notes:
            st.caption(f"{t('hw.notes', L)}: {md(prof.notes)}")
        rows = [{t("col.figure", L): tr(r.label, L), t("col.value", L): r.value, t("hw.source", L): r.source,
                 t("col.as_of", L): r.as_of, t("col.confidence", L): tr(r.level, L), t("hw.note", L): r.note}
                for r in hardware_rows(prof)]
        st.dataframe(rows, hide_index=True)


def scheme_sources(schemes) -> None:
    """Citations of the schemes shown."""
    L = state.lang()
    with st.expander(t("cite.title", L)):
        for label, citation in schemes:
            st.markdown(f"**{md(tr(label, L))}** — {t('cite.original', L)}: {md(citation)}")


# ------------------------------------------------------------------ claims
def ok_first(rows: list[dict], L: str) -> list[dict]:
    """Rows with a leading pass/fail column taken from their 'ok' field, as coloured words (no emoji: many machines
    lack an emoji font); ok None (a cited figure no cost model can check) reads as such, in grey."""
    yes, no, cited = t("val.pass", L), t("val.fail", L), t("claims.verdict.cited", L)
    return [{t("val.ok", L): Status(cited, None) if r.get("ok") is None else Status(yes, True) if r.get("ok")
             else Status(no, False), **{k: v for k, v in r.items() if k != "ok"}} for r in rows]


def claims_section(L: str) -> None:
    """Heading, intro and the published-claims table (Claims check and Validation pages)."""
    st.subheader(t("val.claims_title", L))
    st.caption(t("val.claims_intro", L))
    claims_table(L)


@functools.cache
def claim_results() -> tuple:
    """Every published claim recomputed by costmodel.claims, once per server process (they read only the committed
    presets, profiles and the default assumptions; ui/serve.py computes them before the server answers)."""
    from costmodel.claims import evaluate_claims

    return tuple(evaluate_claims())


def claims_table(L: str) -> None:
    """The published-claims table, recomputed by costmodel.claims (statements and explanations in ``L``)."""
    try:
        with st.spinner(t("app.computing", L)):
            rows = claim_results()
    except ERRORS as exc:
        error(exc)
        return
    checked = [r for r in rows if r.ok is not None]
    st.caption(t("claims.summary", L).format(ok=sum(1 for r in checked if r.ok), n=len(checked)) + " "
               + t("claims.cited_summary", L).format(cited=len(rows) - len(checked)))
    sym = {"approx": "", "at_most": "≤ ", "at_least": "≥ "}

    def num(v: float | None) -> str:  # no exponent: 100,663,296, not 1.00663e+08
        return "—" if v is None else f"{v:,.0f}" if abs(v) >= 1e6 else f"{v:,.6g}"

    labelled_table(ok_first([{
        t("claims.id", L): r.id, t("claims.statement", L): tr(r.statement, L),
        t("claims.quoted", L): sym[r.check] + num(r.quoted),
        t("claims.computed", L): num(r.computed), t("col.unit", L): unit(r.unit, L),
        t("claims.rel_diff", L): "—" if r.rel_diff is None else f"{r.rel_diff:.2%}",
        t("claims.tol", L): f"{r.rel_tol:.1%}", t("claims.assumptions", L): tr(r.assumptions, L),
        t("claims.explanation", L): tr(r.explanation, L), t("col.source", L): r.source, "ok": r.ok,
    } for r in rows], L))
