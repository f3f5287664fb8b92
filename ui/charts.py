"""Plotly figures. Inputs are rows/series from ``costmodel.views`` (and other costmodel results); no math here.
(The Fit page's memory bar is HTML: ``ui/membar.py``.)"""
from __future__ import annotations

import math
from typing import Any, Sequence

import plotly.graph_objects as go

from costmodel import numfmt
from costmodel.tierview import TierRoof
from costmodel.units import fmt_bytes, fmt_rate
from costmodel.views import CompareRow, OperatingPoint, RooflineCurve, tier_name

from .labels import t, tr
from .tables import BAD

BAR = "#4c78a8"  # a bar of a configuration that fits (one that does not is red, BAD)

LAYOUT: dict[str, Any] = dict(margin=dict(l=10, r=10, t=40, b=10),
                              legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0))


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


def scheme_bars(rows: Sequence[CompareRow], field: str, title: str, log: bool = False,
                lang: str = "en") -> go.Figure:
    """One bar per scheme of the Compare table for the metric ``field`` (scheme names in ``lang``), each labelled
    with its value; a scheme without a value says why in place of its bar ('does not fit', red) and an unbounded
    context reads 'no limit'."""
    ys, texts, colours = [], [], []
    for r in rows:
        v = r.metric(field)
        if field == "max_context_tokens" and v is None:
            texts.append(t("chart.unbounded", lang))
        else:
            texts.append(bar_text(field, v, r.estimate.fits, lang))
        ys.append(v)
        colours.append(BAD if not r.estimate.fits else BAR)
    shown = [y for y in ys if y]
    stub = (min(shown, default=1.0) * 0.5) if log else max(shown, default=1.0) * 0.02
    missing = [stub if y is None else y for y in ys]  # a stub bar that carries the label
    fig = go.Figure(go.Bar(x=[tr(r.short, lang) for r in rows], y=missing, text=texts, textposition="outside",
                           cliponaxis=False, marker_color=colours, hovertext=[tr(r.label, lang) for r in rows]))
    fig.update_layout(height=400, yaxis_title=title, yaxis_type="log" if log else "linear", **LAYOUT)
    return fig


def kv_sweep(contexts, series: dict, lines: Sequence[tuple[str, float]], marker_x: float, lang: str) -> go.Figure:
    """Per-GPU cache (GB) vs context, log-log, with horizontal reference lines (label, GB) and a dotted
    vertical marker at ``marker_x`` tokens. Lines are traces (shapes on log axes take log coordinates)."""
    fig = go.Figure()
    lo, hi = contexts[0], contexts[-1]
    for label, ys in series.items():
        fig.add_scatter(x=contexts, y=ys, mode="lines+markers", name=label)
    for (label, gb), color in zip(lines, ("#e45756", "#f58518", "#72b7b2")):
        fig.add_scatter(x=[lo, hi], y=[gb, gb], mode="lines", name=label, line=dict(dash="dash", color=color))
    ys = [y for v in series.values() for y in v if y > 0] + [gb for _, gb in lines]
    if ys:
        fig.add_scatter(x=[marker_x, marker_x], y=[min(ys), max(ys)], mode="lines", showlegend=False,
                        line=dict(dash="dot", color="gray"), hoverinfo="skip")
    fig.update_layout(height=480, xaxis_type="log", yaxis_type="log", xaxis_title=t("chart.ctx_axis", lang),
                      yaxis_title=t("chart.kv_axis", lang), **LAYOUT)
    return fig


def roofline(curves: Sequence[tuple[str, RooflineCurve, str]], points: Sequence[OperatingPoint], ridge: float,
             lang: str, tiers: Sequence[TierRoof] = (), tier_of: dict[str, str] | None = None,
             short_of: dict[str, str] | None = None) -> go.Figure:
    """Log-log roofline: curves (label, roofline_curve(...), dash), one thin roof and ridge per memory tier with a
    bandwidth (``tiers``), and operating points (hover: the tier ``tier_of[scheme]`` its working set lands in)."""
    fig = go.Figure()
    for label, c, dash in curves:
        fig.add_scatter(x=c.intensity, y=c.flops_per_s, mode="lines", name=label, line=dict(dash=dash))
    lo = min(float(c.flops_per_s[0]) for _, c, _ in curves)
    hi = max(float(c.peak_flops_per_s) for _, c, _ in curves)
    for tier in tiers:
        label = t("roof.tier_roof", lang).format(tier=tr(tier_name(tier.name), lang),
                                                 x=numfmt.plain(tier.ridge_flops_per_byte, 3))
        fig.add_scatter(x=tier.curve.intensity, y=tier.curve.flops_per_s, mode="lines", name=label,
                        line=dict(width=1), opacity=0.6, legendgroup=tier.name)
        fig.add_scatter(x=[tier.ridge_flops_per_byte] * 2, y=[lo, hi], mode="lines", showlegend=False,
                        line=dict(dash="dot", width=1), opacity=0.6, legendgroup=tier.name, hoverinfo="skip")
    fig.add_scatter(x=[ridge, ridge], y=[lo, hi], mode="lines", line=dict(dash="dot", color="gray"),
                    name=t("roof.ridge_label", lang).format(x=f"{ridge:.0f}"))
    for phase, symbol in (("decode", "circle"), ("prefill", "diamond")):
        pts = [p for p in points if p.phase == phase]
        labels = _point_labels(pts, short_of, lang)
        if pts:
            fig.add_scatter(x=[p.intensity for p in pts], y=[p.flops_per_s for p in pts], mode="markers+text",
                            name=t("roof." + phase, lang), marker=dict(symbol=symbol, size=11),
                            text=labels if phase == "decode" else None, textposition=_positions(pts, labels),
                            textfont=dict(size=10), cliponaxis=False,
                            hovertext=[_hover(p, phase, tier_of, lang) for p in pts],
                            hovertemplate="%{hovertext}<br>%{x:.3g} FLOP/B<br>%{customdata}<extra></extra>",
                            customdata=[fmt_rate(p.flops_per_s, "FLOP/s") for p in pts])
    fig.update_layout(height=560, xaxis_type="log", yaxis_type="log", xaxis_title=t("roof.x_axis", lang),
                      yaxis_title=t("roof.y_axis", lang), **LAYOUT)
    fig.update_yaxes(exponentformat="SI", ticksuffix=" FLOP/s")  # "100 GFLOP/s", never "100B" (read as bytes)
    fig.update_xaxes(exponentformat="SI")
    return fig


def _positions(pts: Sequence[OperatingPoint], labels: Sequence[str]) -> list[str]:
    """Labels alternate left and right of their points in order of intensity, so neighbouring labels along the roof
    do not print over each other."""
    order = sorted((i for i in range(len(pts)) if labels[i]), key=lambda i: pts[i].intensity)
    out = ["middle right"] * len(pts)
    for rank, i in enumerate(order):
        right = rank % 2 == 0
        tall = "<br>" in labels[i]  # several lines hang away from the neighbours: below on the right, above on the left
        out[i] = ("bottom" if tall else "middle") + " right" if right else ("top" if tall else "middle") + " left"
    return out


def _hover(p: OperatingPoint, phase: str, tier_of: dict[str, str] | None, lang: str) -> str:
    """A point's full scheme name, with the memory tier its decode working set lands in."""
    tier = (tier_of or {}).get(p.scheme) if phase == "decode" else None
    return f"{tr(p.scheme, lang)} [{tier}]" if tier else tr(p.scheme, lang)


NEAR_DECADES = 0.12  # points closer than this on both log axes share one label
LABEL_LINE = 40  # characters: a shared label longer than this puts one name per line


def _point_labels(pts: Sequence[OperatingPoint], short_of: dict[str, str] | None, lang: str) -> list[str]:
    """Short scheme names beside the decode points; points that (nearly) coincide share one label, names joined, so
    labels do not print over each other (prefill points sit together on the compute roof: hover names them)."""
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
        out[i] = ", ".join(group) if len(", ".join(group)) <= LABEL_LINE else "<br>".join(group)
    return out


def scatter_pred_meas(rows: Sequence[dict], lang: str) -> go.Figure:
    """Predicted vs measured seconds (log-log), one colour per scheme, with the y = x line."""
    fig = go.Figure()
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(str(r.get("scheme", "?")), []).append(r)
    for scheme, pts in groups.items():
        fig.add_scatter(x=[r["predicted_s"] for r in pts], y=[r["measured_s"] for r in pts], mode="markers",
                        name=scheme, text=[r.get("label", "") for r in pts],
                        hovertemplate=f"%{{text}}<br>{t('val.pred', lang)} %{{x:.3g}} s<br>"
                                      f"{t('val.meas', lang)} %{{y:.3g}} s<extra></extra>")
    xs = [r["predicted_s"] for r in rows] + [r["measured_s"] for r in rows]
    if xs:
        fig.add_scatter(x=[min(xs), max(xs)], y=[min(xs), max(xs)], mode="lines", name="y = x",
                        line=dict(dash="dash", color="gray"))
    fig.update_layout(height=460, xaxis_type="log", yaxis_type="log", xaxis_title=t("val.pred_axis", lang),
                      yaxis_title=t("val.meas_axis", lang), **LAYOUT)
    fig.update_layout(legend=dict(orientation="v", x=1.02, y=1))
    return fig


def scatter_published(points: Sequence[dict], lang: str) -> go.Figure:
    """Published measurement vs kvcost's leave-one-source-out prediction (log-log), one colour per engine."""
    fig = go.Figure()
    groups: dict[str, list[dict]] = {}
    for p in points:
        groups.setdefault(str(p["engine"]), []).append(p)
    for engine, pts in sorted(groups.items()):
        fig.add_scatter(x=[p["loso_predicted"] for p in pts], y=[p["measured"] for p in pts], mode="markers",
                        name=engine, marker=dict(size=5, opacity=0.6),
                        text=[f"{p['source_group']} | {p['gpu']} | {p['model']} | {p['metric']}" for p in pts],
                        hovertemplate="%{text}<br>kvcost %{x:.4g}<br>" + t("val.meas", lang)
                        + " %{y:.4g}<extra></extra>")
    xs = [p["loso_predicted"] for p in points] + [p["measured"] for p in points]
    if xs:
        fig.add_scatter(x=[min(xs), max(xs)], y=[min(xs), max(xs)], mode="lines", name="y = x",
                        line=dict(dash="dash", color="gray"))
    fig.update_layout(height=480, xaxis_type="log", yaxis_type="log", xaxis_title=t("val.pub_pred_axis", lang),
                      yaxis_title=t("val.pub_meas_axis", lang), **LAYOUT)
    return fig


def tornado(rows: Sequence[dict], metric_label: str, lang: str) -> go.Figure:
    """Sensitivity: one bar per input from low-result to high-result around the base."""
    fig = go.Figure()
    names = [r["label"] for r in rows][::-1]
    rows = list(rows)[::-1]
    base = rows[0]["base_result"] if rows else 0.0
    fig.add_bar(y=names, x=[r["low_delta"] for r in rows], base=base, orientation="h",
                name=t("roi.low", lang), marker_color="#4c78a8",
                hovertext=[r["low_text"] for r in rows], hoverinfo="text")
    fig.add_bar(y=names, x=[r["high_delta"] for r in rows], base=base, orientation="h",
                name=t("roi.high", lang), marker_color="#f58518",
                hovertext=[r["high_text"] for r in rows], hoverinfo="text")
    fig.add_vline(x=base, line_color="black")
    fig.update_layout(barmode="overlay", height=80 + 36 * len(rows), xaxis_title=metric_label, **LAYOUT)
    return fig


def pareto(points: Sequence, x_label: str, y_label: str, rate: float = 1.0, lang: str = "en") -> go.Figure:
    """Cost per month (US dollars x ``rate``: the page's currency) vs time per output token, one trace per scheme;
    the recommended plan drawn larger."""
    fig = go.Figure()
    for scheme in dict.fromkeys(p.scheme for p in points):
        pts = sorted((p for p in points if p.scheme == scheme), key=lambda p: p.tpot_ms)
        fig.add_scatter(x=[p.tpot_ms for p in pts], y=[p.cost_per_month_usd * rate for p in pts],
                        mode="lines+markers", name=tr(scheme, lang),
                        text=[f"{p.label}, {numfmt.gpus(p.gpus, lang)}" for p in pts], hoverinfo="text+x+y",
                        marker=dict(size=[16 if p.recommended else 8 for p in pts],
                                    symbol=["star" if p.recommended else "circle" for p in pts]))
    fig.update_layout(xaxis_title=x_label, yaxis_title=y_label, height=380, **LAYOUT)
    return fig
