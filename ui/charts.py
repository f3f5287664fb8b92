"""Chart specifications (Vega-Lite, drawn by ``st.vega_lite_chart`` through ``show``). Inputs are rows/series from
``costmodel.views`` (and other costmodel results); no math here. (The Fit page's memory bar is HTML:
``ui/membar.py``.)

Vega-Lite rather than Plotly: the first render of a page is timed in a real browser (bench/bench_pages.py), and the
browser spends ~1.2 s more on a first Plotly chart (a 4.7 MB bundle) than on a Vega-Lite one (bench/RESULTS.md).
Every data set is inline in its layer (the spec is the whole chart); fields whose name starts with ``_`` carry
styling (colours, shapes), the others are shown (labels, tooltips).
"""
from __future__ import annotations

import math
from typing import Any, Sequence

import streamlit as st

from costmodel import numfmt
from costmodel.tierview import TierRoof
from costmodel.units import fmt_bytes, fmt_number, fmt_rate, fmt_seconds
from costmodel.views import CompareRow, OperatingPoint, RooflineCurve, tier_name

from .labels import t, tr
from .tables import BAD

Spec = dict[str, Any]
BAR = "#4c78a8"  # a bar of a configuration that fits (one that does not is red, BAD)
LINES = ("#e45756", "#f58518", "#72b7b2")  # reference lines
DASH = {"solid": None, "dash": [6, 4], "dot": [2, 3]}
STAR = "M0,-1L0.24,-0.33L0.95,-0.31L0.38,0.12L0.59,0.81L0,0.4L-0.59,0.81L-0.38,0.12L-0.95,-0.31L-0.24,-0.33Z"
LEGEND = {"orient": "top", "direction": "horizontal", "columns": 4, "title": None, "labelLimit": 300}
MANY = {"scheme": "tableau20"}  # a colour scale for up to 20 series (the theme's repeats after 10)
INDEPENDENT = {"scale": {"color": "independent", "shape": "independent"}}  # one legend per layer group


def show(spec: Spec, key: str) -> None:
    """Draw ``spec`` across the page's width."""
    st.vega_lite_chart(spec, key=key, width="stretch")


def _chart(layers: list[Spec], height: int) -> Spec:
    return {"height": height, "layer": layers}


def _axis(title: str, log: bool = False, fmt: str | None = None, **axis: Any) -> Spec:
    """A quantitative position channel (linear or log) with its title."""
    enc: Spec = {"type": "quantitative", "title": title, "axis": {"format": fmt, **axis} if fmt else axis}
    if log:
        enc["scale"] = {"type": "log"}
    return enc


def _decades(lo: float, hi: float) -> list[float]:
    """Tick values of a log axis: the powers of ten from below ``lo`` to above ``hi``."""
    return [10.0 ** k for k in range(math.floor(math.log10(max(lo, 1e-300))), math.ceil(math.log10(max(hi, lo))) + 1)]


def _line(rows: list[Spec], x: Spec, y: Spec, colour: Spec | str, dash=None, points: bool = False, **mark) -> Spec:
    """A line layer over ``rows`` (fields x, y, and the colour field or a fixed colour)."""
    m: Spec = {"type": "line", "point": points, **mark}
    if dash:
        m["strokeDash"] = dash
    enc: Spec = {"x": {"field": "x", **x}, "y": {"field": "y", **y}}
    if isinstance(colour, str):
        m["color"] = colour
    else:
        enc["color"] = colour
    return {"data": {"values": rows}, "mark": m, "encoding": enc}


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


def scheme_bars(rows: Sequence[CompareRow], field: str, title: str, log: bool = False, lang: str = "en") -> Spec:
    """One bar per scheme of the Compare table for the metric ``field`` (scheme names in ``lang``), each labelled
    with its value; a scheme without a value says why in place of its bar ('does not fit', red) and an unbounded
    context reads 'no limit'."""
    values = [r.metric(field) for r in rows]
    shown = [v for v in values if v]
    stub = (min(shown, default=1.0) * 0.5) if log else max(shown, default=1.0) * 0.02
    data = []
    for r, v in zip(rows, values):
        unbounded = field == "max_context_tokens" and v is None
        data.append({"scheme": tr(r.short, lang), "label": tr(r.label, lang), "y": stub if v is None else v,
                     "text": t("chart.unbounded", lang) if unbounded else bar_text(field, v, r.estimate.fits, lang),
                     "_colour": BAD if not r.estimate.fits else BAR})
    x = {"field": "scheme", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelAngle": -30, "labelLimit": 160, "labelOverlap": False}}
    y = {"field": "y", **_axis(title, log)}
    tip = [{"field": "label", "title": None}, {"field": "text", "title": title}]
    enc = {"x": x, "y": y, "tooltip": tip}
    return _chart([{"data": {"values": data}, "mark": "bar",
                    "encoding": {**enc, "color": {"field": "_colour", "type": "nominal", "scale": None}}},
                   {"data": {"values": data}, "mark": {"type": "text", "baseline": "bottom", "dy": -3, "fontSize": 11},
                    "encoding": {**enc, "text": {"field": "text"}}}], 400)


def kv_sweep(contexts, series: dict, lines: Sequence[tuple[str, float]], marker_x: float, lang: str) -> Spec:
    """Per-GPU cache (GB) vs context, log-log, with dashed horizontal reference lines (label, GB; their own legend
    below) and a dotted vertical marker at ``marker_x`` tokens. Points at zero bytes are left out (log axes)."""
    rows = [{"name": name, "x": int(c), "y": float(v)} for name, ys in series.items()
            for c, v in zip(contexts, ys) if v > 0]
    ys = [r["y"] for r in rows] + [gb for _, gb in lines if gb > 0]
    x = _axis(t("chart.ctx_axis", lang), True, "~s", values=_decades(float(contexts[0]), float(contexts[-1])))
    y = _axis(t("chart.kv_axis", lang), True, ",~g", values=_decades(min(ys, default=1), max(ys, default=1)))
    layers = [_line(rows, x, y, {"field": "name", "type": "nominal", "sort": None, "legend": LEGEND, "scale": MANY},
                    points=True)]
    lo, hi = float(contexts[0]), float(contexts[-1])
    ends = [{"x": v, "y": gb, "line": label} for label, gb in lines for v in (lo, hi)]
    ref = {"field": "line", "type": "nominal", "sort": None, "scale": {"range": list(LINES)},
           "legend": {**LEGEND, "columns": 1, "orient": "bottom", "labelLimit": 700}}
    layers.append(_line(ends, x, y, ref, DASH["dash"], tooltip=True))
    if ys:
        marker = [{"x": float(marker_x), "y": min(ys)}, {"x": float(marker_x), "y": max(ys)}]
        layers.append(_line(marker, x, y, "gray", DASH["dot"]))
    return {**_chart(layers, 480), "resolve": INDEPENDENT}


def roofline(curves: Sequence[tuple[str, RooflineCurve, str]], points: Sequence[OperatingPoint], ridge: float,
             lang: str, tiers: Sequence[TierRoof] = (), tier_of: dict[str, str] | None = None,
             short_of: dict[str, str] | None = None) -> Spec:
    """Log-log roofline: curves (label, roofline_curve(...), dash), one thin roof and ridge per memory tier with a
    bandwidth (``tiers``), and operating points (tooltip: the tier ``tier_of[scheme]`` its working set lands in)."""
    lo = min(float(c.flops_per_s[0]) for _, c, _ in curves)
    hi = max(float(c.peak_flops_per_s) for _, c, _ in curves)
    x_lo = min([float(c.intensity[0]) for _, c, _ in curves] + [p.intensity for p in points])
    x_hi = max([float(c.intensity[-1]) for _, c, _ in curves] + [p.intensity for p in points])
    x = _axis(t("roof.x_axis", lang), True, ",~g", values=_decades(x_lo, x_hi))
    y = _axis(t("roof.y_axis", lang), True, "~s", values=_decades(lo, hi),  # "100G FLOP/s", never "100B" (bytes)
              labelExpr="format(datum.value, '~s') + ' FLOP/s'")
    colour = {"field": "name", "type": "nominal", "sort": None, "legend": {**LEGEND, "columns": 2}, "scale": MANY}

    def rows(name: str, xs, ys) -> list[Spec]:
        return [{"name": name, "x": float(a), "y": float(b)} for a, b in zip(xs, ys)]

    lines = [_line(rows(label, c.intensity, c.flops_per_s), x, y, colour, DASH.get(dash)) for label, c, dash in curves]
    for tier in tiers:
        label = t("roof.tier_roof", lang).format(tier=tr(tier_name(tier.name), lang),
                                                 x=numfmt.plain(tier.ridge_flops_per_byte, 3))
        lines.append(_line(rows(label, tier.curve.intensity, tier.curve.flops_per_s), x, y, colour, strokeWidth=1,
                           opacity=0.6))
        lines.append(_line(rows(label, [tier.ridge_flops_per_byte] * 2, [lo, hi]), x, y, colour, DASH["dot"],
                           strokeWidth=1, opacity=0.6))
    ridge_label = t("roof.ridge_label", lang).format(x=f"{ridge:.0f}")
    lines.append(_line(rows(ridge_label, [ridge, ridge], [lo, hi]), x, y, colour, DASH["dot"]))
    layers: list[Spec] = [{"layer": lines}]  # one colour scale (and legend) for every line
    data, phases = [], [t("roof." + phase, lang) for phase in ("decode", "prefill")]
    for phase in ("decode", "prefill"):
        pts = [p for p in points if p.phase == phase]
        labels = _point_labels(pts, short_of, lang) if phase == "decode" else [""] * len(pts)
        data += [{"x": p.intensity, "y": p.flops_per_s, "phase": t("roof." + phase, lang), "label": lab,
                  "scheme": _hover(p, phase, tier_of, lang), "rate": fmt_rate(p.flops_per_s, "FLOP/s"),
                  "intensity": f"{fmt_number(p.intensity)} FLOP/B", "_side": side}
                 for p, lab, side in zip(pts, labels, _positions(pts, labels))]
    enc = {"x": {"field": "x", **x}, "y": {"field": "y", **y}}
    if data:
        layers.append({"data": {"values": data}, "mark": {"type": "point", "filled": True, "size": 110,
                                                          "color": "#333333"},
                       "encoding": {**enc, "shape": {"field": "phase", "type": "nominal",
                                                     "legend": {**LEGEND, "orient": "bottom"},
                                                     "scale": {"domain": phases, "range": ["circle", "diamond"]}},
                                    "tooltip": [{"field": f, "title": None} for f in ("scheme", "intensity", "rate")]}})
    for side in sorted({d["_side"] for d in data if d["label"]}):
        baseline, align = side.split()
        layers.append({"data": {"values": [d for d in data if d["label"] and d["_side"] == side]},
                       "mark": {"type": "text", "align": align, "baseline": baseline, "lineBreak": "\n",
                                "dx": 9 if align == "left" else -9, "fontSize": 10},
                       "encoding": {**enc, "text": {"field": "label"}}})
    return {**_chart(layers, 560), "resolve": INDEPENDENT}


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


def _scatter(data: list[Spec], x_title: str, y_title: str, tip: list[Spec], size: int = 40) -> Spec:
    """Log-log points coloured by ``name``, with the dashed y = x line over their range."""
    x, y = _axis(x_title, True, ",~g"), _axis(y_title, True, ",~g")
    layers = [{"data": {"values": data}, "mark": {"type": "point", "filled": True, "size": size, "opacity": 0.7},
               "encoding": {"x": {"field": "x", **x}, "y": {"field": "y", **y},
                            "color": {"field": "name", "type": "nominal", "legend": {"title": None}},
                            "tooltip": tip}}]
    xs = [d["x"] for d in data] + [d["y"] for d in data]
    if xs:
        diagonal = [{"x": min(xs), "y": min(xs), "name": "y = x"}, {"x": max(xs), "y": max(xs), "name": "y = x"}]
        layers.append(_line(diagonal, x, y, "gray", DASH["dash"]))
    return _chart(layers, 460)


def scatter_pred_meas(rows: Sequence[dict], lang: str) -> Spec:
    """Predicted vs measured seconds (log-log), one colour per scheme, with the y = x line."""
    data = [{"x": r["predicted_s"], "y": r["measured_s"], "name": str(r.get("scheme", "?")),
             "label": str(r.get("label", "")), "pred": fmt_seconds(r["predicted_s"]),
             "meas": fmt_seconds(r["measured_s"])}
            for r in rows]
    tip = [{"field": "label", "title": None}, {"field": "pred", "title": t("val.pred", lang)},
           {"field": "meas", "title": t("val.meas", lang)}]
    return _scatter(data, t("val.pred_axis", lang), t("val.meas_axis", lang), tip)


def scatter_published(points: Sequence[dict], lang: str) -> Spec:
    """Published measurement vs kvcost's leave-one-source-out prediction (log-log), one colour per engine."""
    data = [{"x": p["loso_predicted"], "y": p["measured"], "name": str(p["engine"]),
             "label": f"{p['source_group']} | {p['gpu']} | {p['model']} | {p['metric']}",
             "pred": fmt_number(p["loso_predicted"], 4), "meas": fmt_number(p["measured"], 4)}
            for p in sorted(points, key=lambda p: str(p["engine"]))]
    tip = [{"field": "label", "title": None}, {"field": "pred", "title": "kvcost"},
           {"field": "meas", "title": t("val.meas", lang)}]
    spec = _scatter(data, t("val.pub_pred_axis", lang), t("val.pub_meas_axis", lang), tip, size=25)
    spec["height"] = 480
    return spec


def tornado(rows: Sequence[dict], metric_label: str, lang: str) -> Spec:
    """Sensitivity: one bar per input from the base result to its low-input and high-input results."""
    base = rows[0]["base_result"] if rows else 0.0
    data = [{"input": r["label"], "which": t("roi." + side, lang), "x": base, "x2": base + r[side + "_delta"],
             "text": r[side + "_text"]} for r in rows for side in ("low", "high")]
    colour = {"field": "which", "type": "nominal", "sort": None, "legend": LEGEND,
              "scale": {"range": ["#4c78a8", "#f58518"]}}
    bars = {"data": {"values": data}, "mark": {"type": "bar", "opacity": 0.85},
            "encoding": {"y": {"field": "input", "type": "nominal", "sort": None, "title": None,
                               "axis": {"labelLimit": 300}},
                         "x": {"field": "x", "type": "quantitative", "title": metric_label, "scale": {"zero": False}},
                         "x2": {"field": "x2"}, "color": colour, "tooltip": [{"field": "text", "title": None}]}}
    rule = {"data": {"values": [{"x": base}]}, "mark": {"type": "rule", "color": "black"},
            "encoding": {"x": {"field": "x", "type": "quantitative"}}}
    return _chart([bars, rule], 80 + 36 * len(rows))


def pareto(points: Sequence, x_label: str, y_label: str, rate: float = 1.0, lang: str = "en") -> Spec:
    """Cost per month (US dollars x ``rate``: the page's currency) vs time per output token, one line per scheme;
    the recommended plan drawn as a larger star."""
    data = [{"x": p.tpot_ms, "y": p.cost_per_month_usd * rate, "name": tr(p.scheme, lang),
             "plan": f"{p.label}, {numfmt.gpus(p.gpus, lang)}", "_size": 260 if p.recommended else 60,
             "_shape": STAR if p.recommended else "circle"} for p in sorted(points, key=lambda p: p.tpot_ms)]
    x, y = {**_axis(x_label), "scale": {"zero": False}}, _axis(y_label, False, ",.0f")
    colour = {"field": "name", "type": "nominal", "sort": None, "legend": LEGEND}
    tip = [{"field": "plan", "title": None}, {"field": "x", "title": x_label, "format": ",.3~f"},
           {"field": "y", "title": y_label, "format": ",.0f"}]
    pts = {"data": {"values": data}, "mark": {"type": "point", "filled": True},
           "encoding": {"x": {"field": "x", **x}, "y": {"field": "y", **y}, "color": colour, "tooltip": tip,
                        "size": {"field": "_size", "type": "quantitative", "scale": None},
                        "shape": {"field": "_shape", "type": "nominal", "scale": None}}}
    return _chart([_line(data, x, y, colour), pts], 380)
