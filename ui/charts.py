"""The pages' charts as ``svgplot.Plot``s (drawn on the server as inline SVG by ``show``). Inputs are rows/series
from ``costmodel.views_*`` (and other costmodel results); no math here, only what is shown where. (The Fit page's
memory bar is HTML: ``ui/membar.py``.)

Server-drawn SVG rather than a chart library: a page's first render is timed in a real browser
(bench/bench_pages.py), and the browser spends 0.2-1.0 s a page on a first Vega-Lite chart (its bundle), more on
Plotly (bench/RESULTS.md). Hover text is each mark's tooltip; every text is escaped by ``svgplot``.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Sequence

import streamlit as st

from costmodel import numfmt
from costmodel.tierview import TierRoof
from costmodel.units import fmt_bytes, fmt_number, fmt_rate, fmt_seconds
from costmodel.views_compare import CompareRow
from costmodel.views_hardware import OperatingPoint, RooflineCurve, tier_name

from .labels import t, tr
from .svgdraw import render
from .svgplot import Axis, Bars, Key, Line, Plot, Points, Texts, si
from .tables import BAD

BAR = "#4c78a8"  # a bar of a configuration that fits (one that does not is red, BAD)
LINES = ("#e45756", "#f58518", "#72b7b2")  # reference lines
INK = "currentColor"  # operating points: the text colour of the theme
GREY = "#888888"
TABLEAU10 = ("#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d",
             "#bab0ac")  # Vega's category colours
TABLEAU20 = ("#4c78a8", "#9ecae9", "#f58518", "#ffbf79", "#54a24b", "#88d27a", "#b79a20", "#f2cf5b", "#439894",
             "#83bcb6", "#e45756", "#ff9d98", "#79706e", "#bab0ac", "#d67195", "#fcbfd2", "#b279a2", "#d6a5c9",
             "#9e765f", "#d8b5a5")  # up to 20 series (TABLEAU10 repeats after 10)


def show(plot: Plot, key: str) -> None:
    """Draw ``plot`` across the page's width (its element id: ``chart-<key>``). Through Markdown with HTML allowed:
    ``st.html``'s sanitizer drops SVG; ``svgdraw`` escapes every text for HTML and Markdown alike."""
    st.markdown(render(plot, dom_id=f"chart-{key}"), unsafe_allow_html=True)


def _colours(names: Sequence[str]) -> dict[str, str]:
    """One colour per distinct name, in order of first appearance (20 colours where there are more than 10)."""
    distinct = list(dict.fromkeys(names))
    palette = TABLEAU10 if len(distinct) <= len(TABLEAU10) else TABLEAU20
    return {n: palette[i % len(palette)] for i, n in enumerate(distinct)}


def bar_text(field: str, v: float | None, fits: bool, lang: str) -> str:
    """The label on a bar: its value in the table's units, or why there is none ('does not fit', 'no limit')."""
    if v is None:
        return t("chart.no_fit", lang) if not fits else "—"
    if field == "kv_bytes_per_token":
        return fmt_bytes(v)
    if field == "speedup":
        return f"×{v:.2f}"
    if field == "attn_flops_per_token":
        return f"{v / 1e9:,.3g} G"
    return f"{v:,.0f}" if v >= 100 else f"{v:,.3g}"


def scheme_bars(rows: Sequence[CompareRow], field: str, title: str, log: bool = False, lang: str = "en") -> Plot:
    """One bar per scheme of the Compare table for the metric ``field`` (scheme names in ``lang``), each labelled
    with its value; a scheme without a value says why in place of its bar ('does not fit', red, a stub) and an
    unbounded context reads 'no limit'."""
    values = [r.metric(field) for r in rows]
    shown = [v for v in values if v]
    stub = (min(shown, default=1.0) * 0.5) if log else max(shown, default=1.0) * 0.02
    ys = [stub if v is None else v for v in values]
    base = 10.0 ** math.floor(math.log10(min(ys, default=1.0))) if log else 0.0
    cats = [tr(r.short, lang) for r in rows]
    texts = [t("chart.unbounded", lang) if field == "max_context_tokens" and v is None
             else bar_text(field, v, r.estimate.fits, lang) for r, v in zip(rows, values)]
    bars = Bars(cats, [base] * len(rows), ys, [BAD if not r.estimate.fits else BAR for r in rows],
                [f"{tr(r.label, lang)}\n{title}: {text}" for r, text in zip(rows, texts)], texts)
    return Plot(Axis("", categories=cats, angle=-30), Axis(title, log), [bars], 400, name=title)


def kv_sweep(contexts, series: dict, lines: Sequence[tuple[str, float]], marker_x: float, lang: str) -> Plot:
    """Per-GPU cache (GB) vs context, log-log, with dashed horizontal reference lines (label, GB; their own legend
    below) and a dotted vertical marker at ``marker_x`` tokens. Points at zero bytes are left out (log axes)."""
    colour = _colours(list(series))
    marks: list = []
    ys: list[float] = []
    for name, values in series.items():
        pts = [(int(c), float(v)) for c, v in zip(contexts, values) if v > 0]
        ys += [v for _, v in pts]
        marks.append(Line([c for c, _ in pts], [v for _, v in pts], colour[name], markers=True,
                          tips=[f"{name}\n{numfmt.exact(c)}: {fmt_bytes(v * 1e9)}" for c, v in pts]))
    lo, hi = float(contexts[0]), float(contexts[-1])
    refs = [(label, gb, LINES[i % len(LINES)]) for i, (label, gb) in enumerate(lines) if gb > 0]
    marks += [Line([lo, hi], [gb, gb], c, "dash", tip=label) for label, gb, c in refs]
    ys += [gb for _, gb, _ in refs]
    if ys:
        marks.append(Line([float(marker_x)] * 2, [min(ys), max(ys)], GREY, "dot"))
    return Plot(Axis(t("chart.ctx_axis", lang), True, si), Axis(t("chart.kv_axis", lang), True), marks, 480,
                [Key(n, c) for n, c in colour.items()], [Key(label, c, "dash") for label, _, c in refs],
                t("chart.kv_axis", lang))


def roofline(curves: Sequence[tuple[str, RooflineCurve, str]], points: Sequence[OperatingPoint], ridge: float,
             lang: str, tiers: Sequence[TierRoof] = (), tier_of: dict[str, str] | None = None,
             short_of: dict[str, str] | None = None) -> Plot:
    """Log-log roofline: curves (label, roofline_curve(...), dash), one thin roof and ridge per memory tier with a
    bandwidth (``tiers``), and operating points (tooltip: the tier ``tier_of[scheme]`` its working set lands in)."""
    lo = min(float(c.flops_per_s[0]) for _, c, _ in curves)
    hi = max(float(c.peak_flops_per_s) for _, c, _ in curves)
    keys: list[Key] = []
    marks: list = []

    def line(label: str, xs, ys, dash: str = "solid", thin: bool = False) -> None:
        c = TABLEAU20[len(keys) % len(TABLEAU20)]
        drawn = Line([float(v) for v in xs], [float(v) for v in ys], c, dash, tip=label)
        marks.append(replace(drawn, width=1.0, opacity=0.6) if thin else drawn)  # a tier's roof: thin, faint
        keys.append(Key(label, c, dash if dash in ("dash", "dot") else "line"))

    for label, c, dash in curves:
        line(label, c.intensity, c.flops_per_s, dash)
    for tier in tiers:
        label = t("roof.tier_roof", lang).format(tier=tr(tier_name(tier.name), lang),
                                                 x=numfmt.plain(tier.ridge_flops_per_byte, 3))
        line(label, tier.curve.intensity, tier.curve.flops_per_s, thin=True)
        marks.append(Line([tier.ridge_flops_per_byte] * 2, [lo, hi], keys[-1].colour, "dot", 1.0, 0.6, tip=label))
    line(t("roof.ridge_label", lang).format(x=f"{ridge:.0f}"), [ridge, ridge], [lo, hi], "dot")
    shapes = {"decode": "circle", "prefill": "diamond"}
    for phase in ("decode", "prefill"):
        pts = [p for p in points if p.phase == phase]
        if not pts:
            continue
        marks.append(Points([p.intensity for p in pts], [p.flops_per_s for p in pts], [INK] * len(pts),
                            [f"{_hover(p, phase, tier_of, lang)}\n{fmt_number(p.intensity)} FLOP/B\n"
                             f"{fmt_rate(p.flops_per_s, 'FLOP/s')}" for p in pts], [110] * len(pts),
                            [shapes[phase]] * len(pts)))
        if phase == "decode":
            labels = _point_labels(pts, short_of, lang)
            sides = _positions(pts, labels)
            for side in sorted(set(sides)):
                baseline, align = side.split()
                sel = [(p, lab) for p, lab, s in zip(pts, labels, sides) if s == side and lab]
                marks.append(Texts([p.intensity for p, _ in sel], [p.flops_per_s for p, _ in sel],
                                   [lab for _, lab in sel], "start" if align == "left" else "end", baseline,
                                   9 if align == "left" else -9))
    below = [Key(t("roof." + ph, lang), INK, shapes[ph]) for ph in ("decode", "prefill")
             if any(p.phase == ph for p in points)]
    return Plot(Axis(t("roof.x_axis", lang), True), Axis(t("roof.y_axis", lang), True, lambda v: fmt_rate(v, "FLOP/s")),
                marks, 560, keys, below, t("roof.y_axis", lang))


def _positions(pts: Sequence[OperatingPoint], labels: Sequence[str]) -> list[str]:
    """Where each label sits ('<baseline> <align>' of its text): alternately right and left of the points in order
    of intensity, so neighbouring labels along the roof do not print over each other; a label of several lines hangs
    away from its neighbours (below on the right, above on the left)."""
    order = sorted((i for i in range(len(pts)) if labels[i]), key=lambda i: pts[i].intensity)
    out = ["middle left"] * len(pts)
    for rank, i in enumerate(order):
        right = rank % 2 == 0
        tall = "\n" in labels[i]
        out[i] = ("top" if tall else "middle") + " left" if right else ("bottom" if tall else "middle") + " right"
    return out


def _hover(p: OperatingPoint, phase: str, tier_of: dict[str, str] | None, lang: str) -> str:
    """A point's full scheme name, with the memory tier its decode working set lands in."""
    tier = (tier_of or {}).get(p.scheme) if phase == "decode" else None
    return f"{tr(p.scheme, lang)} [{tier}]" if tier else tr(p.scheme, lang)


NEAR_DECADES = 0.12  # points closer than this on both log axes share one label
LABEL_LINE = 40  # characters: a shared label longer than this puts one name per line


def _point_labels(pts: Sequence[OperatingPoint], short_of: dict[str, str] | None, lang: str) -> list[str]:
    """Short scheme names beside the decode points; points that (nearly) coincide share one label, names joined, so
    labels do not print over each other (prefill points sit together on the compute roof: the tooltip names them)."""
    names = [tr((short_of or {}).get(p.scheme) or p.scheme, lang) for p in pts]
    logs = [(math.log10(max(p.intensity, 1e-30)), math.log10(max(p.flops_per_s, 1e-30))) for p in pts]
    out = [""] * len(pts)
    lead: list[int] = []  # the first point of each group
    groups: dict[int, list[str]] = {}
    for i, (x, y) in enumerate(logs):
        j = next((k for k in lead if abs(logs[k][0] - x) < NEAR_DECADES and abs(logs[k][1] - y) < NEAR_DECADES), None)
        if j is None:
            lead.append(i)
            groups[i] = [names[i]]
        else:
            groups[j].append(names[i])
    for i, group in groups.items():
        out[i] = ", ".join(group) if len(", ".join(group)) <= LABEL_LINE else "\n".join(group)
    return out


def _scatter(xs: list[float], ys: list[float], names: list[str], tips: list[str], x_title: str, y_title: str,
             size: float = 40) -> Plot:
    """Log-log points coloured by name, with the dashed y = x line over their range."""
    colour = _colours(names)
    marks: list = [Points(xs, ys, [colour[n] for n in names], tips, [size] * len(xs), opacity=0.7)]
    both = [v for v in xs + ys if v > 0]
    if both:
        marks.append(Line([min(both), max(both)], [min(both), max(both)], GREY, "dash", tip="y = x"))
    return Plot(Axis(x_title, True), Axis(y_title, True), marks, 460, [Key(n, c, "circle") for n, c in colour.items()],
                name=y_title)


def scatter_pred_meas(rows: Sequence[dict], lang: str) -> Plot:
    """Predicted vs measured seconds (log-log), one colour per scheme, with the y = x line."""
    tips = [f"{r.get('label', '')}\n{t('val.pred', lang)}: {fmt_seconds(r['predicted_s'])}\n"
            f"{t('val.meas', lang)}: {fmt_seconds(r['measured_s'])}" for r in rows]
    return _scatter([r["predicted_s"] for r in rows], [r["measured_s"] for r in rows],
                    [str(r.get("scheme", "?")) for r in rows], tips, t("val.pred_axis", lang), t("val.meas_axis", lang))


def scatter_published(points: Sequence[dict], lang: str) -> Plot:
    """Published measurement vs kvcost's leave-one-source-out prediction (log-log), one colour per engine (``engine``:
    the name shown in the legend)."""
    pts = sorted(points, key=lambda p: str(p["engine"]))
    tips = [f"{p['source_group']} | {p['gpu']} | {p['model']} | {p['metric']}\n"
            f"kvcost: {fmt_number(p['loso_predicted'], 4)}\n{t('val.meas', lang)}: {fmt_number(p['measured'], 4)}"
            for p in pts]
    plot = _scatter([p["loso_predicted"] for p in pts], [p["measured"] for p in pts], [str(p["engine"]) for p in pts],
                    tips, t("val.pub_pred_axis", lang), t("val.pub_meas_axis", lang), size=25)
    plot.height = 480
    return plot


def tornado(rows: Sequence[dict], metric_label: str, lang: str) -> Plot:
    """Sensitivity: one bar per input from the base result to its low-input and high-input results."""
    base = rows[0]["base_result"] if rows else 0.0
    sides = {"low": "#4c78a8", "high": "#f58518"}
    cats = [r["label"] for r in rows]
    marks: list = [Bars([r["label"] for r in rows], [base] * len(rows), [base + r[s + "_delta"] for r in rows],
                        [c] * len(rows), [f"{r['label']}\n{t('roi.' + s, lang)}: {r[s + '_text']}" for r in rows],
                        horizontal=True, opacity=0.85) for s, c in sides.items()]
    marks.append(Line([base, base], [0, len(rows)], INK, width=1.5))
    return Plot(Axis(metric_label, zero=False), Axis("", categories=cats), marks, 80 + 36 * len(rows),
                [Key(t("roi." + s, lang), c, "box") for s, c in sides.items()], name=metric_label)


def pareto(points: Sequence, x_label: str, y_label: str, rate: float = 1.0, lang: str = "en") -> Plot:
    """Cost per month (US dollars x ``rate``: the page's currency) vs time per output token, one line per scheme;
    the recommended plan drawn as a larger star."""
    pts = sorted(points, key=lambda p: p.tpot_ms)
    names = [tr(p.scheme, lang) for p in pts]
    colour = _colours(names)
    marks: list = []
    for name, c in colour.items():
        mine = [p for p, n in zip(pts, names) if n == name]
        marks.append(Line([p.tpot_ms for p in mine], [p.cost_per_month_usd * rate for p in mine], c))
    marks.append(Points([p.tpot_ms for p in pts], [p.cost_per_month_usd * rate for p in pts],
                        [colour[n] for n in names],
                        [f"{p.label}, {numfmt.gpus(p.gpus, lang)}\n{x_label}: {fmt_number(p.tpot_ms, 4)}\n"
                         f"{y_label}: {p.cost_per_month_usd * rate:,.0f}" for p in pts],
                        [260 if p.recommended else 60 for p in pts],
                        ["star" if p.recommended else "circle" for p in pts]))
    return Plot(Axis(x_label, zero=False), Axis(y_label, fmt=lambda v: f"{v:,.0f}"), marks, 380,
                [Key(n, c) for n, c in colour.items()], name=y_label)
