"""Writes a ``svgplot.Plot`` as an HTML fragment: an inline SVG (grid, ticks, axis titles, marks, each mark's hover
text as its ``<title>``) between HTML legends, on one line. Text and colour inherit the page's theme
(``currentColor``) except where a mark names its colour.

Every text is escaped here (scheme names come from uploaded configs), for HTML and for Markdown: the page passes the
fragment to ``st.markdown(..., unsafe_allow_html=True)`` because ``st.html`` keeps HTML only (its sanitizer drops
SVG). The fragment is one raw-HTML block (no line break, no blank line) whose texts carry no Markdown syntax at all
(brackets, ``$``, ``:``, ``*``, ``_``, backticks, ``www.`` as character references).
"""
from __future__ import annotations

import html
import math
import re
from typing import Sequence

from .svgplot import FONT_PX, TICK_PX, Bars, Key, Line, Plot, Points, Scale, Texts, quant_values, text_px

MARKDOWN = tuple((c, f"&#{ord(c)};") for c in "[]()$:*_`~\\!\n")  # after HTML's own: no '&' or '#' here
WWW = re.compile(r"(?i)www\.")


def esc(text: str) -> str:
    """``text`` as inert character data for an HTML attribute or element inside Markdown."""
    out = html.escape(str(text))
    for c, ref in MARKDOWN:
        if c in out:
            out = out.replace(c, ref)
    return WWW.sub(lambda m: m.group(0)[:3] + "&#46;", out) if "." in out else out


GRID = 'stroke="currentColor" stroke-opacity="0.12"'
INK = 'fill="currentColor"'
DASHES = {"solid": None, "dash": "6 4", "dot": "2 3"}
MERGE_PX = 2.0  # view-box pixels: points of one look this close to one another are one symbol (``_merged``)
STAR = ((0, -1), (0.24, -0.33), (0.95, -0.31), (0.38, 0.12), (0.59, 0.81), (0, 0.4), (-0.59, 0.81), (-0.38, 0.12),
        (-0.95, -0.31), (-0.24, -0.33))  # a five-pointed star of radius 1


def _f(v: float) -> str:
    return f"{v:.1f}"


def _title(tip: str) -> str:
    return f"<title>{esc(tip)}</title>" if tip else ""


def _symbol(shape: str, x: float, y: float, area: float, attrs: str, tip: str) -> str:
    """One point symbol of about ``area`` px²."""
    if shape == "circle":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{math.sqrt(area / math.pi):.2f}" {attrs}>{_title(tip)}</circle>'
    r = math.sqrt(area) * (0.75 if shape == "diamond" else 0.9)
    corners = ((0, -1), (1, 0), (0, 1), (-1, 0)) if shape == "diamond" else STAR
    d = "M" + "L".join(f"{_f(x + r * u)},{_f(y + r * v)}" for u, v in corners) + "Z"
    return f'<path d="{d}" {attrs}>{_title(tip)}</path>'


def _text(x: float, y: float, text: str, anchor: str = "middle", baseline: str = "middle", size: int = TICK_PX,
          extra: str = "") -> str:
    lines = text.split("\n")
    lh = size * 1.2
    first = {"top": 0.0, "middle": -(len(lines) - 1) * lh / 2, "bottom": -(len(lines) - 1) * lh}[baseline]
    dom = {"top": "hanging", "middle": "central", "bottom": "auto"}[baseline]
    spans = "".join(f'<tspan x="{_f(x)}" dy="{_f(first if i == 0 else lh)}">{esc(s)}</tspan>'
                    for i, s in enumerate(lines))
    return (f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size}" text-anchor="{anchor}" dominant-baseline="{dom}" '
            f'{INK} {extra}>{spans}</text>')


def _swatch(k: Key) -> str:
    c = esc(k.colour)
    if k.kind in ("line", "dash", "dot"):
        dash = f' stroke-dasharray="{DASHES[k.kind]}"' if k.kind != "line" else ""
        inner = f'<line x1="1" y1="6" x2="21" y2="6" stroke="{c}" stroke-width="2"{dash}/>'
    elif k.kind == "box":
        inner = f'<rect x="5" y="1" width="11" height="11" fill="{c}"/>'
    else:
        inner = _symbol(k.kind, 11, 6, 60, f'fill="{c}"', "")
    return f'<svg width="22" height="12" style="vertical-align:-1px;margin-right:5px">{inner}</svg>'


def legend_html(keys: Sequence[Key]) -> str:
    """The legend entries as one wrapping row."""
    if not keys:
        return ""
    items = "".join(f'<span style="margin-right:16px;white-space:nowrap;display:inline-block">{_swatch(k)}'
                    f'{esc(k.label)}</span>' for k in keys)
    return f'<div style="font-size:{FONT_PX}px;line-height:1.8;margin:2px 0">{items}</div>'


def render(plot: Plot, width: int = 860, dom_id: str = "") -> str:
    """The plot as an HTML fragment: legend, an SVG of ``width`` x ``plot.height`` view-box pixels that scales to
    its column's width, legend below."""
    xa, ya = plot.x, plot.y
    sy = Scale(ya, quant_values(plot.marks, False), 0, 1)  # its ticks first: their labels set the left margin
    y_labels = list(ya.categories) if ya.categories else [ya.fmt(v) for v in sy.ticks]
    left = 14 + max((min(text_px(s, TICK_PX), 300) for s in y_labels), default=0) + (0 if ya.categories else 22)
    if xa.categories and xa.angle:
        longest = max((min(text_px(s, TICK_PX), 160) for s in xa.categories), default=0)
        bottom = 16 + longest * abs(math.sin(math.radians(xa.angle)))
    else:
        bottom = 22
    bottom += 24 if xa.title else 0
    top, right = 12, 24
    x0, x1, y0, y1 = left, width - right, plot.height - bottom, top
    sx = Scale(xa, quant_values(plot.marks, True), x0, x1)
    sy.a, sy.b = (y1, y0) if ya.categories else (y0, y1)  # the first category on top
    out = [f'<rect x="{_f(x0)}" y="{_f(y1)}" width="{_f(x1 - x0)}" height="{_f(y0 - y1)}" fill="none" {GRID}/>']
    for v in sx.ticks:
        px = sx(v)
        out.append(f'<line x1="{_f(px)}" x2="{_f(px)}" y1="{_f(y1)}" y2="{_f(y0)}" {GRID}/>')
        out.append(_text(px, y0 + 6, xa.fmt(v), baseline="top"))
    for v in sy.ticks:
        py = sy(v)
        out.append(f'<line x1="{_f(x0)}" x2="{_f(x1)}" y1="{_f(py)}" y2="{_f(py)}" {GRID}/>')
        out.append(_text(x0 - 6, py, ya.fmt(v), anchor="end"))
    for cat in xa.categories:
        a, b = sx.band(cat)
        cx = (a + b) / 2
        if xa.angle:
            out.append(_text(cx, y0 + 8, _clip(cat, 160), anchor="end", baseline="middle",
                             extra=f'transform="rotate({xa.angle} {_f(cx)} {_f(y0 + 8)})"'))
        else:
            out.append(_text(cx, y0 + 6, cat, baseline="top"))
    for cat in ya.categories:
        a, b = sy.band(cat)
        out.append(_text(x0 - 6, (a + b) / 2, _clip(cat, 300), anchor="end"))
    if xa.title:
        out.append(_text((x0 + x1) / 2, plot.height - 4, xa.title, baseline="bottom", size=FONT_PX))
    if ya.title and not ya.categories:
        cy = (y0 + y1) / 2
        out.append(_text(12, cy, ya.title, baseline="middle", size=FONT_PX,
                         extra=f'transform="rotate(-90 12 {_f(cy)})"'))
    for m in plot.marks:
        out.append(_mark(m, sx, sy))
    svg = (f'<svg viewBox="0 0 {width} {plot.height}" width="100%" role="img" '
           f'aria-label="{esc(plot.name)}" style="max-width:{width}px;height:auto;display:block;'
           f'overflow:visible">{"".join(out)}</svg>')
    ident = f' id="{esc(dom_id)}"' if dom_id else ""
    return (f'<div class="kvcost-chart"{ident} style="font-size:{FONT_PX}px">{legend_html(plot.legend)}{svg}'
            f'{legend_html(plot.legend_below)}</div>')


def _clip(text: str, px: float) -> str:
    """``text`` cut with '…' to about ``px`` pixels (the whole text stays in the hover title of its mark)."""
    if text_px(text, TICK_PX) <= px:
        return text
    while text and text_px(text + "…", TICK_PX) > px:
        text = text[:-1]
    return text + "…"


def _merged(m: Points, sx: Scale, sy: Scale) -> list[tuple[float, float, str, str, float, str, int]]:
    """(x px, y px, colour, hover text, area, shape, points) of each symbol to draw. A point within ``MERGE_PX``
    (both ways) of the first point of an earlier symbol of the same colour, area and shape joins that symbol, which is
    drawn at its points' mean position with a hover text listing each of them: drawn one on top of another they look
    the same, but the browser would show only the top one's hover text and spend one element on each (the Validation
    page's published scatter: 3,324 points, 829 symbols)."""
    n = len(m.xs)
    sizes, shapes = list(m.sizes) or [40.0] * n, list(m.shapes) or ["circle"] * n
    groups: list[tuple[tuple, list[tuple[float, float, str]]]] = []  # (look, points); the first point anchors
    cells: dict[tuple, list[int]] = {}  # (look, cell x, cell y) -> groups anchored there
    for x, y, c, tip, size, shape in zip(m.xs, m.ys, m.colours, m.tips, sizes, shapes):
        px, py, look = sx(x), sy(y), (c, size, shape)
        if not (math.isfinite(px) and math.isfinite(py)):
            groups.append((look, [(px, py, tip)]))
            continue
        cx, cy = math.floor(px / MERGE_PX), math.floor(py / MERGE_PX)
        near = (g for dx in (-1, 0, 1) for dy in (-1, 0, 1) for g in cells.get((look, cx + dx, cy + dy), ()))
        at = next((g for g in near if abs(groups[g][1][0][0] - px) <= MERGE_PX
                   and abs(groups[g][1][0][1] - py) <= MERGE_PX), None)
        if at is None:
            cells.setdefault((look, cx, cy), []).append(len(groups))
            groups.append((look, [(px, py, tip)]))
        else:
            groups[at][1].append((px, py, tip))
    return [(sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts), c,
             "\n\n".join(tip for _, _, tip in pts if tip), size, shape, len(pts)) for (c, size, shape), pts in groups]


def _mark(m, sx: Scale, sy: Scale) -> str:
    """One mark's SVG."""
    if isinstance(m, Line):
        pts = [(sx(x), sy(y)) for x, y in zip(m.xs, m.ys)]
        dash = f' stroke-dasharray="{DASHES[m.dash]}"' if DASHES.get(m.dash) else ""
        c = esc(m.colour)
        path = (f'<polyline points="{" ".join(f"{_f(x)},{_f(y)}" for x, y in pts)}" fill="none" stroke="{c}" '
                f'stroke-width="{m.width}" stroke-opacity="{m.opacity}"{dash}>{_title(m.tip)}</polyline>')
        if not m.markers:
            return path
        tips = list(m.tips) or [m.tip] * len(pts)
        dots = "".join(_symbol("circle", x, y, 30, "", tip) for (x, y), tip in zip(pts, tips))
        return f'{path}<g fill="{c}">{dots}</g>'
    if isinstance(m, Points):  # k stacked symbols of opacity a show 1 - (1 - a)^k: a merged one keeps that look
        return f'<g fill-opacity="{m.opacity}">' + "".join(
            _symbol(shape, x, y, size, f'fill="{esc(c)}"' + (f' fill-opacity="{1 - (1 - m.opacity) ** k:.3g}"'
                                                            if k > 1 and m.opacity < 1 else ""), tip)
            for x, y, c, tip, size, shape, k in _merged(m, sx, sy)) + "</g>"
    if isinstance(m, Bars):
        out = []
        labels = list(m.labels) or [""] * len(m.cats)
        for cat, lo, hi, c, tip, label in zip(m.cats, m.lo, m.hi, m.colours, m.tips, labels):
            band, val = (sy, sx) if m.horizontal else (sx, sy)
            a, b = band.band(cat)
            p, q = sorted((val(lo), val(hi)))
            x, y, w, h = (p, a, q - p, b - a) if m.horizontal else (a, p, b - a, q - p)
            out.append(f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(max(h, 0.5))}" '
                       f'fill="{esc(c)}" fill-opacity="{m.opacity}">{_title(tip)}</rect>')
            if label and m.horizontal:
                out.append(_text(val(hi) + 4, (a + b) / 2, label, anchor="start"))
            elif label:
                out.append(_text((a + b) / 2, val(hi) - 3, label, baseline="bottom"))
        return "".join(out)
    if isinstance(m, Texts):
        return "".join(_text(sx(x) + m.dx, sy(y), s, anchor=m.anchor, baseline=m.baseline, size=m.size)
                       for x, y, s in zip(m.xs, m.ys, m.texts) if s)
    raise TypeError(f"not a mark: {type(m).__name__}")
