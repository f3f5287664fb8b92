"""Light charts drawn on the server: a ``Plot`` (two axes and a list of marks) written as one inline SVG with an HTML
legend; hover text is each mark's SVG ``<title>`` (the browser's own tooltip). No script, no chart library.

Why: a page's first render is timed in a real browser (bench/bench_pages.py). A chart library's bundle is fetched,
parsed and run on the first chart of a visit (Vega-Lite: 0.2-1.0 s a page on 2 cores, Plotly more;
bench/RESULTS.md); an SVG draws with the page. Everything shown is escaped here (scheme names come from uploaded
configs). Texts and numbers come from ``ui/charts.py``; this module only places them.
"""
from __future__ import annotations

import html
import math
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Sequence

from costmodel.units import fmt_number, fmt_rate

FONT_PX = 12
TICK_PX = 11
GRID = 'stroke="currentColor" stroke-opacity="0.12"'
INK = 'fill="currentColor"'
DASHES = {"solid": None, "dash": "6 4", "dot": "2 3"}
STAR = ((0, -1), (0.24, -0.33), (0.95, -0.31), (0.38, 0.12), (0.59, 0.81), (0, 0.4), (-0.59, 0.81), (-0.38, 0.12),
        (-0.95, -0.31), (-0.24, -0.33))  # a five-pointed star of radius 1


def plain(x: float) -> str:
    """A tick label: 3 significant digits, thousands separated ('0.5', '1,000')."""
    return fmt_number(x)


def si(x: float) -> str:
    """A tick label with an SI prefix ('1k', '100G')."""
    return fmt_rate(x, "").replace(" ", "")


@dataclass(frozen=True)
class Axis:
    """A position axis: quantitative (linear or log) unless ``categories`` makes it a band axis."""
    title: str
    log: bool = False
    fmt: Callable[[float], str] = plain
    zero: bool = True  # a linear axis starts at zero
    categories: Sequence[str] = ()
    angle: int = 0  # band labels rotated by this many degrees (negative: rising to the right)


@dataclass(frozen=True)
class Line:
    """A polyline through (xs, ys); ``markers`` draws a dot at each vertex (with ``tips`` as hover text)."""
    xs: Sequence[float]
    ys: Sequence[float]
    colour: str
    dash: str = "solid"
    width: float = 2.0
    opacity: float = 1.0
    markers: bool = False
    tip: str = ""
    tips: Sequence[str] = ()


@dataclass(frozen=True)
class Points:
    """Filled symbols; ``shapes`` per point: circle, diamond or star; ``sizes`` are areas in px²."""
    xs: Sequence[float]
    ys: Sequence[float]
    colours: Sequence[str]
    tips: Sequence[str]
    sizes: Sequence[float] = ()
    shapes: Sequence[str] = ()
    opacity: float = 1.0


@dataclass(frozen=True)
class Bars:
    """Bars on a band axis: vertical (band x, values on y) or, with ``horizontal``, band y; each from ``lo`` to
    ``hi``, with hover text and an optional label past its end."""
    cats: Sequence[str]
    lo: Sequence[float]
    hi: Sequence[float]
    colours: Sequence[str]
    tips: Sequence[str]
    labels: Sequence[str] = ()
    horizontal: bool = False
    opacity: float = 1.0


@dataclass(frozen=True)
class Texts:
    """Labels at data positions; ``anchor`` start/end/middle, ``baseline`` top/middle/bottom; '\\n' breaks lines."""
    xs: Sequence[float]
    ys: Sequence[float]
    texts: Sequence[str]
    anchor: str = "start"
    baseline: str = "middle"
    dx: float = 0.0
    size: int = 10


@dataclass(frozen=True)
class Key:
    """A legend entry: a swatch (line, dash, dot, circle, diamond, star or box) in ``colour`` and its label."""
    label: str
    colour: str
    kind: str = "line"


@dataclass
class Plot:
    """Two axes, the marks in drawing order, the legends above and below, the plot's height and an accessible
    name."""
    x: Axis
    y: Axis
    marks: list = field(default_factory=list)
    height: int = 400
    legend: list[Key] = field(default_factory=list)
    legend_below: list[Key] = field(default_factory=list)
    name: str = ""


def text_px(text: str, size: float = FONT_PX) -> float:
    """Rendered width estimate of ``text`` (a CJK character is about one em, a Latin one about 0.56 em)."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else 0.56 * size for ch in text)


class _Scale:
    """Data -> pixels along one axis (``a`` to ``b``); ticks with their labels."""

    def __init__(self, axis: Axis, values: Sequence[float], a: float, b: float):
        self.axis, self.a, self.b = axis, a, b
        if axis.categories:
            self.lo, self.hi, self.ticks = 0.0, float(len(axis.categories)), []
            return
        vals = [v for v in values if math.isfinite(v) and (v > 0 or not axis.log)]
        if axis.log:  # the data's range (plus 4 %) in decades; ticks at the powers of ten inside, 2 and 5 as well
            lo, hi = (math.log10(min(vals)), math.log10(max(vals))) if vals else (0.0, 1.0)
            pad = 0.04 * (hi - lo) if hi > lo else 0.5
            self.lo, self.hi = lo - pad, hi + pad
            steps = (1.0,) if self.hi - self.lo >= 2 else (1.0, 2.0, 5.0)
            self.ticks = [m * 10.0 ** k for k in range(math.floor(self.lo), math.ceil(self.hi) + 1) for m in steps
                          if self.lo <= math.log10(m * 10.0 ** k) <= self.hi]
        else:
            lo, hi = (min(vals), max(vals)) if vals else (0.0, 1.0)
            if axis.zero:
                lo, hi = min(lo, 0.0), max(hi, 0.0)
            step = nice_step(hi - lo if hi > lo else abs(hi) or 1.0)
            self.lo, self.hi = step * math.floor(lo / step), step * math.ceil(hi / step)
            if self.hi == self.lo:
                self.hi += step
            n = int(round((self.hi - self.lo) / step))
            self.ticks = [self.lo + i * step for i in range(n + 1)]

    def __call__(self, v: float) -> float:
        u = (math.log10(v) if v > 0 else self.lo) if self.axis.log else v
        return self.a + (u - self.lo) / (self.hi - self.lo) * (self.b - self.a)

    def band(self, cat: str) -> tuple[float, float]:
        """The pixel span (low, high) of a category: its slot less padding; the first category is at ``a``."""
        i = list(self.axis.categories).index(cat)
        w = (self.b - self.a) / max(len(self.axis.categories), 1)
        return tuple(sorted((self.a + (i + 0.15) * w, self.a + (i + 0.85) * w)))  # type: ignore[return-value]


def nice_step(span: float, ticks: int = 6) -> float:
    """A 1-2-5 step giving about ``ticks`` intervals over ``span``."""
    raw = max(span, 1e-300) / ticks
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw * (1 - 1e-9))  # 0.30000000000000004 / 6 -> 0.05


def _f(v: float) -> str:
    return f"{v:.1f}"


def _title(tip: str) -> str:
    return f"<title>{html.escape(tip)}</title>" if tip else ""


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
    spans = "".join(f'<tspan x="{_f(x)}" dy="{_f(first if i == 0 else lh)}">{html.escape(s)}</tspan>'
                    for i, s in enumerate(lines))
    return (f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size}" text-anchor="{anchor}" dominant-baseline="{dom}" '
            f'{INK} {extra}>{spans}</text>')


def _quant_values(marks: list, horizontal_axis: bool) -> list[float]:
    """Every data value a quantitative axis must show (x when ``horizontal_axis``, else y)."""
    out: list[float] = []
    for m in marks:
        if isinstance(m, Bars):
            if m.horizontal == horizontal_axis:
                out += [*m.lo, *m.hi]
        elif horizontal_axis:
            out += list(m.xs)
        else:
            out += list(m.ys)
    return out


def _swatch(k: Key) -> str:
    c = html.escape(k.colour)
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
                    f'{html.escape(k.label)}</span>' for k in keys)
    return f'<div style="font-size:{FONT_PX}px;line-height:1.8;margin:2px 0">{items}</div>'


def render(plot: Plot, width: int = 1000, dom_id: str = "") -> str:
    """The plot as an HTML fragment: legend, an SVG of ``width`` x ``plot.height`` view-box pixels that scales to
    its column's width, legend below."""
    xa, ya = plot.x, plot.y
    y_pre = _Scale(ya, _quant_values(plot.marks, False), 0, 1)  # for the width of its tick labels
    y_labels = list(ya.categories) if ya.categories else [ya.fmt(v) for v in y_pre.ticks]
    left = 14 + max((min(text_px(s, TICK_PX), 300) for s in y_labels), default=0) + (0 if ya.categories else 22)
    if xa.categories and xa.angle:
        longest = max((min(text_px(s, TICK_PX), 160) for s in xa.categories), default=0)
        bottom = 16 + longest * abs(math.sin(math.radians(xa.angle)))
    else:
        bottom = 22
    bottom += 24 if xa.title else 0
    top, right = 12, 24
    x0, x1, y0, y1 = left, width - right, plot.height - bottom, top
    sx = _Scale(xa, _quant_values(plot.marks, True), x0, x1)
    sy = _Scale(ya, _quant_values(plot.marks, False), *((y1, y0) if ya.categories else (y0, y1)))  # first: top
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
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {plot.height}" width="100%" role="img" '
           f'aria-label="{html.escape(plot.name)}" style="max-width:{width}px;height:auto;display:block;'
           f'overflow:visible">{"".join(out)}</svg>')
    ident = f' id="{html.escape(dom_id)}"' if dom_id else ""
    return (f'<div class="kvcost-chart"{ident} style="font-size:{FONT_PX}px">{legend_html(plot.legend)}{svg}'
            f'{legend_html(plot.legend_below)}</div>')


def _clip(text: str, px: float) -> str:
    """``text`` cut with '…' to about ``px`` pixels (the whole text stays in the hover title of its mark)."""
    if text_px(text, TICK_PX) <= px:
        return text
    while text and text_px(text + "…", TICK_PX) > px:
        text = text[:-1]
    return text + "…"


def _mark(m, sx: _Scale, sy: _Scale) -> str:
    """One mark's SVG."""
    if isinstance(m, Line):
        pts = [(sx(x), sy(y)) for x, y in zip(m.xs, m.ys)]
        dash = f' stroke-dasharray="{DASHES[m.dash]}"' if DASHES.get(m.dash) else ""
        c = html.escape(m.colour)
        path = (f'<polyline points="{" ".join(f"{_f(x)},{_f(y)}" for x, y in pts)}" fill="none" stroke="{c}" '
                f'stroke-width="{m.width}" stroke-opacity="{m.opacity}"{dash}>{_title(m.tip)}</polyline>')
        if not m.markers:
            return path
        tips = list(m.tips) or [m.tip] * len(pts)
        dots = "".join(_symbol("circle", x, y, 30, "", tip) for (x, y), tip in zip(pts, tips))
        return f'{path}<g fill="{c}">{dots}</g>'
    if isinstance(m, Points):
        n = len(m.xs)
        sizes, shapes = list(m.sizes) or [40.0] * n, list(m.shapes) or ["circle"] * n
        return f'<g fill-opacity="{m.opacity}">' + "".join(
            _symbol(shape, sx(x), sy(y), size, f'fill="{html.escape(c)}"', tip)
            for x, y, c, tip, size, shape in zip(m.xs, m.ys, m.colours, m.tips, sizes, shapes)) + "</g>"
    if isinstance(m, Bars):
        out = []
        labels = list(m.labels) or [""] * len(m.cats)
        for cat, lo, hi, c, tip, label in zip(m.cats, m.lo, m.hi, m.colours, m.tips, labels):
            band, val = (sy, sx) if m.horizontal else (sx, sy)
            a, b = band.band(cat)
            p, q = sorted((val(lo), val(hi)))
            x, y, w, h = (p, a, q - p, b - a) if m.horizontal else (a, p, b - a, q - p)
            out.append(f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(max(h, 0.5))}" '
                       f'fill="{html.escape(c)}" fill-opacity="{m.opacity}">{_title(tip)}</rect>')
            if label and m.horizontal:
                out.append(_text(val(hi) + 4, (a + b) / 2, label, anchor="start"))
            elif label:
                out.append(_text((a + b) / 2, val(hi) - 3, label, baseline="bottom"))
        return "".join(out)
    if isinstance(m, Texts):
        return "".join(_text(sx(x) + m.dx, sy(y), s, anchor=m.anchor, baseline=m.baseline, size=m.size)
                       for x, y, s in zip(m.xs, m.ys, m.texts) if s)
    raise TypeError(f"not a mark: {type(m).__name__}")
