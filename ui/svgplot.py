"""Light charts drawn on the server, described: a ``Plot`` (two axes and a list of marks), and the scales that place
data on an axis with ticks a reader can check. ``ui/svgdraw.py`` writes a plot as one inline SVG with an HTML legend;
hover text is each mark's SVG ``<title>`` (the browser's own tooltip). No script, no chart library.

Why: a page's first render is timed in a real browser (bench/bench_pages.py). A chart library's bundle is fetched,
parsed and run on the first chart of a visit (Vega-Lite: 0.2-1.0 s a page on 2 cores, Plotly more;
bench/RESULTS.md); an SVG draws with the page. Texts and numbers come from ``ui/charts.py``; these modules only place
them.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Sequence

from costmodel.units import fmt_number, fmt_rate

FONT_PX = 12
TICK_PX = 11


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


class Scale:
    """Data -> pixels along one axis (``a`` to ``b``, which may be set after the ticks are known); the ticks."""

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


def quant_values(marks: list, horizontal_axis: bool) -> list[float]:
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
