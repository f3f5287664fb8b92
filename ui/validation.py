"""Validation page: a saved ``python -m validation`` run (validation/results/*.json) and the published claims.

Note: ``validation`` in imports below is the top-level package (this file runs as a page script, and
``ui/`` is never on sys.path), not this module."""
from __future__ import annotations

import functools
import json

import streamlit as st

from costmodel import numfmt
from costmodel.units import fmt_seconds
from costmodel.views_hardware import fmt_figure

from ui import charts, state, widgets, workload_input
from ui.labels import LABELS, t, tr, unit
from ui.tables import labelled_table

PAGE = "validation"
SECTIONS = ("equivalence", "cache_bytes", "params", "claims")


def _probe_rows(probes: dict, L: str) -> list[dict]:
    """The machine probes of a run as labelled rows, each value in its unit (a table: ``st.json`` would load a
    1.5 MB viewer into the browser for seven numbers)."""
    return [{t("val.probe.item", L): _col(k, L, "val.probe."),
             t("val.probe.value", L): fmt_figure(k, v) if isinstance(v, (int, float)) and not isinstance(v, bool)
             else str(v)} for k, v in probes.items()]


def _runs() -> list[dict]:
    from validation.results import list_results

    return list_results()


def params(runs: list[dict]) -> list[state.Param]:
    """The run picker: the newest run by default."""
    return [state.Param("run", runs[0]["name"] if runs else "", state.choice([r["name"] for r in runs]))]


def _flat(rows) -> list[dict]:
    """Result rows as flat dicts of scalars (nested values shown as JSON text)."""
    out = []
    for r in rows or []:
        if isinstance(r, dict):
            out.append({k: v if isinstance(v, (str, int, float, bool)) or v is None else json.dumps(v)
                        for k, v in r.items()})
    return out


def _col(key: str, L: str, prefix: str = "vcol.") -> str:
    """A result field's name in ``L``: the label ``prefix + key`` (the raw key where none is catalogued)."""
    return t(prefix + key, L) if prefix + key in LABELS else key


def _word(v, L: str):
    """A value word of a result row (abs/rel, True/False, cpu) in ``L``; anything else unchanged."""
    return t(f"vw.{v}", L) if isinstance(v, (str, bool)) and f"vw.{v}" in LABELS else v


def _check_text(row: dict, field: str, L: str):
    """A check's description in ``L`` when the saved English is the catalogued one for its id."""
    text, rid = row.get(field), str(row.get("id", ""))
    cands = [f"vchk.{rid}"] if field == "check" else ["vchk.note.cond_wk", "vchk.what.attn"]
    for key in cands:
        if key in LABELS and LABELS[key]["en"] == text:
            return t(key, L)
    fmt = rid.removeprefix("mha-").removesuffix("-cache-vs-fp32")
    if field == "check" and t("vchk.cache_vs_fp32", "en").format(fmt=fmt) == text:
        return t("vchk.cache_vs_fp32", L).format(fmt=fmt)
    return text


def _localize(rows: list[dict], L: str) -> list[dict]:
    """Result rows with column names, check descriptions and value words in ``L`` ('ok' kept for ok_first)."""
    out, col = [], functools.cache(functools.partial(_col, L=L))  # a few names over hundreds of rows
    for r in rows:
        row = {}
        for k, v in r.items():
            if k in ("check", "note", "what"):
                v = _word(_check_text(r, k, L), L)  # a claim's check is a word (approx, at_least, at_most)
            elif isinstance(v, str) and v.startswith("{"):  # a nested record (JSON text): its names in ``L``
                try:
                    v = _meta_value(json.loads(v), L)
                except (ValueError, TypeError, AttributeError):
                    pass
            elif k in ("tol_kind", "device", "ran_decode", "approximate", "kind"):
                v = _word(v, L)
            row["ok" if k == "ok" else col(k)] = v
        out.append(row)
    return out


def _meta_value(v, L: str) -> str:
    """A run's metadata value; a dict (seconds per section, machine probes) as 'name: value' pairs in ``L``."""
    if isinstance(v, dict):
        name = lambda k: t("val.sec." + k, L) if "val.sec." + k in LABELS else _col(k, L)  # noqa: E731
        shown = lambda x: numfmt.plain(x) if isinstance(x, float) else x  # noqa: E731
        return ("、" if L == "ja" else ", ").join(f"{name(k)}: {shown(x)}" for k, x in v.items())
    return str(_word(v, L))


def _scheme_name(token, L: str) -> str:
    from costmodel.schemes import parse_scheme

    try:
        return tr(parse_scheme(str(token)).describe(), L)
    except ValueError:
        return str(token)


def _claim_texts(rows: list[dict], L: str) -> list[dict]:
    """Saved claim rows with statement and explanation in ``L`` where the claim still exists unchanged
    (same id, same English text); other rows stay as saved. Units are shown in ``L``."""
    from costmodel.claims import CLAIMS

    current = {c.id: c for c in CLAIMS}
    for r in rows:
        c = current.get(str(r.get("id")))
        for field in ("statement", "explanation", "assumptions"):
            if c is not None and r.get(field) == getattr(c, field):
                r[field] = tr(getattr(c, field), L)
        if isinstance(r.get("unit"), str):
            r["unit"] = unit(r["unit"], L)
    return rows


def show_run(result: dict, L: str) -> None:
    from validation.results import summary

    meta = result.get("meta", {})
    st.dataframe([{t("val.field", L): _col(k, L), t("col.value", L): _meta_value(v, L)} for k, v in meta.items()],
                 hide_index=True)
    s = summary(result)
    c = st.columns(len(SECTIONS) + 1)
    for i, sec in enumerate(SECTIONS):
        c[i].metric(t("val.sec." + sec, L), f"{s[sec]['passed']}/{s[sec]['total']}")
    err = s.get("timing_median_abs_rel_error")
    c[-1].metric(t("val.timing_err", L), "—" if err is None else f"{err:.0%}")

    st.subheader(t("val.timing", L))
    timing = result.get("timing") or {}
    points = _flat(timing.get("points"))
    measured = [p for p in points if isinstance(p.get("measured_s"), (int, float))
                and isinstance(p.get("predicted_s"), (int, float))]
    if measured:
        scheme = functools.cache(functools.partial(_scheme_name, L=L))  # a few schemes over ~90 points
        for p in measured:
            p["label"] = t("val.point", L).format(scheme=scheme(p.get("scheme", "?")), ctx=p.get("ctx", "?"),
                                                  batch=p.get("batch", "?"))
        charts.show(charts.scatter_pred_meas(measured, L), "val.scatter")
        st.dataframe([{t("col.scheme", L): scheme(p.get("scheme")), t("val.ctx", L): p.get("ctx"),
                       t("val.batch", L): p.get("batch"),
                       t("val.pred", L): fmt_seconds(p["predicted_s"]), t("val.meas", L): fmt_seconds(p["measured_s"]),
                       t("val.ratio", L): f"{p['ratio']:.2f}" if isinstance(p.get("ratio"), (int, float)) else "—",
                       t("roof.bound", L): t("bound." + p["bound"], L) if p.get("bound") in ("memory", "compute")
                       else p.get("bound", "")} for p in measured], hide_index=True)
    else:
        st.caption(t("val.no_timing", L))
    skipped = [p for p in points if "skipped" in p]
    if skipped:
        st.caption(t("val.skipped", L).format(n=len(skipped)))
    if timing.get("probes"):
        with st.expander(t("val.probes", L)):
            labelled_table(_probe_rows(timing["probes"], L))
    st.caption(t("val.timing_note", L))

    # each section's rows behind its pass count, opened where an exact check failed (claims that differ from a
    # paper are explained, and the live claims table below shows them all): the summary stays on the first screen,
    # and the browser draws a table (the 630 cache-byte rows) only when it is opened (measured: bench/RESULTS.md)
    st.subheader(t("val.evidence", L))
    for sec in ("cache_bytes", "params", "equivalence", "claims"):
        rows = _flat(result.get(sec))
        if sec == "claims":
            rows = _claim_texts(rows, L)
        rows = _localize(rows, L)
        n = s[sec]
        with st.expander(t("val.sec_label", L).format(section=t("val.sec." + sec, L), passed=n["passed"],
                                                      total=n["total"], rows=len(rows)),
                         expanded=sec != "claims" and n["passed"] < n["total"]):
            if rows:
                labelled_table(widgets.ok_first(rows, L))
            else:
                st.caption(t("val.empty", L))


CLASSES = ("throughput", "ttft", "tpot")


def published_section(L: str) -> None:
    """Engine profiles vs published measurements: log-log scatter (leave-one-source-out) and the error table."""
    import math

    from validation.published import load_report

    st.subheader(t("val.pub_title", L))
    st.caption(t("val.pub_intro", L))
    rep = load_report()
    if not rep:
        st.info(t("val.pub_none", L))
        return
    cls = st.radio(t("val.pub_class", L), CLASSES, horizontal=True, key=state.key(PAGE, "pubcls"),
                   format_func=lambda c: str(_word(c, L)))
    pts = [dict(p, loso_predicted=p["measured"] * math.exp(p["loso_error"]),
                engine=workload_input.engine_name(p["engine"], L)) for p in rep["points"] if p["class"] == cls]
    charts.show(charts.scatter_published(pts, L), "val.published")
    rows = []
    for eng, e in rep["engines"].items():
        for c in CLASSES:
            for split in ("train", "test", "loso"):
                s = e["by_class"][c][split]
                if s["n"]:
                    rows.append({t("val.pub_engine", L): workload_input.engine_name(eng, L),
                                 t("val.pub_class", L): _word(c, L),
                                 t("val.pub_split", L): _word(split, L),
                                 t("val.pub_median", L): f"{s['median_abs_pct']:.1f}%",
                                 t("val.pub_bias", L): f"{s['bias_pct']:+.1f}%",
                                 t("val.pub_worst", L): f"{s['worst_factor']:.2f}x", t("val.pub_n", L): s["n"]})
    st.dataframe(rows, hide_index=True)


def render() -> None:
    failed: Exception | None = None
    try:
        runs = _runs()
    except (ImportError, OSError, ValueError) as exc:
        failed, runs = exc, []
    P = params(runs)
    L = state.open_page(PAGE, P, "val")
    if failed is not None:
        widgets.error(failed)
    if not runs:
        st.info(t("val.none", L))
        st.code("python -m validation --quick", language="bash")
        query = state.publish(PAGE, [])
    else:
        by_name = {r["name"]: r for r in runs}
        name = st.selectbox(t("val.run", L), list(by_name), key=state.key(PAGE, "run"),
                            format_func=lambda n: f"{n} — {by_name[n]['device']}, {by_name[n]['date']}"
                                                  + (f" ({t('val.quick', L)})" if by_name[n]["quick"] else ""))
        query = state.publish(PAGE, P)
        try:
            from validation.results import load_result

            show_run(load_result(by_name[name]["path"]), L)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            widgets.error(exc)
    published_section(L)
    widgets.claims_section(L)
    state.link_hint(query)


if __name__ == "__main__":
    render()
