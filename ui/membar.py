"""The Fit page's memory bar as HTML/CSS: weights, KV cache, activations and reserve stacked against the capacity
line, each part labelled in GB and GiB, on a GB axis.

HTML rather than a chart: the page's first render is timed in a real browser (bench/bench_pages.py), and a chart
library's bundle costs the browser ~0.5-1.5 s on the first chart of a visit (bench/RESULTS.md); this bar draws with
the page. Every text is escaped; the numbers come from ``costmodel.views_sizing``.
"""
from __future__ import annotations

import html
from typing import Sequence

from costmodel.units import fmt_both
from costmodel.views_sizing import CapacityMarker, MemorySegment

from .labels import t
from .svgplot import nice_step

COLORS = {"weights": "#4c78a8", "kv": "#f58518", "activations": "#54a24b", "reserve": "#b279a2"}
CAPACITY = "#e45756"
TICKS = 5


def _gb_text(x: float) -> str:
    return f"{x:,.0f}" if x >= 10 or x == 0 else f"{x:,.3g}"


def memory_bar_html(segments: Sequence[MemorySegment], cap: CapacityMarker, lang: str) -> str:
    """The bar, its capacity line and legend, and a GB axis, as one HTML fragment."""
    e = html.escape
    span = max(sum(s.gb for s in segments), cap.gb) * 1.06 or 1.0
    step = nice_step(span, TICKS)
    span = step * -(-span // step)  # the axis ends on a tick

    def pct(gb: float) -> str:
        return f"{100 * gb / span:.3f}%"

    parts = []
    for s in segments:
        if s.bytes <= 0:
            continue
        label, size = t("mem." + s.part, lang), fmt_both(s.bytes)
        parts.append(f'<div title="{e(label)}: {e(size)}" style="width:{pct(s.gb)};background:{COLORS[s.part]};'
                     'height:100%;overflow:hidden;white-space:nowrap;color:#fff;font-size:12px;line-height:44px;'
                     f'text-align:center;box-sizing:border-box;border-right:1px solid #fff">{e(size)}</div>')
    cap_text = t("chart.capacity", lang).format(cap=fmt_both(cap.capacity_bytes))
    ticks = "".join(
        f'<span style="position:absolute;left:{pct(i * step)};transform:translateX(-50%);font-size:11px;'
        f'color:#666">{e(_gb_text(i * step))}</span>' for i in range(int(round(span / step)) + 1))
    legend = "".join(
        f'<span style="margin-right:16px;white-space:nowrap"><span style="display:inline-block;width:11px;'
        f'height:11px;background:{COLORS[s.part]};margin-right:5px;vertical-align:-1px"></span>'
        f'{e(t("mem." + s.part, lang))} {e(fmt_both(s.bytes))}</span>' for s in segments)
    return (
        '<div class="kvcost-membar" style="font-family:sans-serif;font-size:13px;margin:4px 0 8px 0">'
        f'<div style="margin-bottom:6px;line-height:1.7">{legend}</div>'
        f'<div style="position:relative;margin:22px 0 0 0">'
        f'<div style="position:absolute;left:{pct(cap.gb)};top:-20px;transform:translateX(-50%);color:{CAPACITY};'
        f'font-size:12px;white-space:nowrap">{e(cap_text)}</div>'
        f'<div role="img" aria-label="{e(t("chart.per_gpu", lang))}" style="display:flex;height:44px;'
        f'background:#f0f2f6;width:100%">{"".join(parts)}</div>'
        f'<div style="position:absolute;left:{pct(cap.gb)};top:-4px;height:52px;border-left:3px dashed {CAPACITY}">'
        '</div></div>'
        f'<div style="position:relative;height:16px;margin-top:3px">{ticks}</div>'
        f'<div style="text-align:center;color:#666;font-size:12px;margin-top:2px">{e(t("chart.gb_axis", lang))}</div>'
        '</div>')
