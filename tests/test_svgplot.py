"""ui/svgplot.py: the server-drawn charts place what they are given where a reader expects it (ticks a reader can
check by hand, first category on top, nothing from an uploaded name executed or parsed as markup)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from ui.svgdraw import render
from ui.svgplot import Axis, Bars, Key, Line, Plot, Points, Scale, Texts, nice_step, si, text_px


def test_nice_step_is_one_two_five():
    # 7.3 over 6 intervals = 1.22 a step -> the next 1-2-5 step is 2; 0.9 / 6 = 0.15 -> 0.2; 4,500 / 6 = 750 -> 1,000
    assert nice_step(7.3) == 2
    assert nice_step(0.9) == pytest.approx(0.2)
    assert nice_step(4500) == 1000


def test_linear_axis_starts_at_zero_and_ends_on_a_tick():
    s = Scale(Axis("y"), [1.0, 7.3], 100.0, 0.0)  # pixels run upwards, as a y axis does
    assert s.ticks == [0, 2, 4, 6, 8]
    assert s(0.0) == pytest.approx(100.0) and s(8.0) == pytest.approx(0.0) and s(4.0) == pytest.approx(50.0)
    off_zero = Scale(Axis("x", zero=False), [0.94, 1.24], 0.0, 1.0)  # a tornado's axis around its base result
    assert off_zero.ticks[0] == pytest.approx(0.9) and off_zero.ticks[-1] == pytest.approx(1.25)


def test_log_axis_has_decade_ticks_inside_the_data_and_2_5_ticks_on_a_short_range():
    s = Scale(Axis("ctx", log=True), [1024.0, 16_777_216.0], 0.0, 1.0)
    assert s.ticks == [1e3, 1e4, 1e5, 1e6, 1e7]  # 1,024..16.8M: the decades inside (the axis is not stretched to 1e8)
    assert 0.0 < s(1024.0) < s(1e4) < s(16_777_216.0) < 1.0
    assert s(1e5) - s(1e4) == pytest.approx(s(1e6) - s(1e5))  # equal decades
    short = Scale(Axis("t", log=True), [3.0, 7.0], 0.0, 1.0)
    assert short.ticks == [5.0]  # log10 3..7 = 0.48..0.85 (+4 %): 5 is the only 1-2-5 value inside
    zero_free = Scale(Axis("t", log=True), [0.0, -1.0, 10.0, 100.0], 0.0, 1.0)  # non-positive values are not drawn
    assert zero_free.ticks == [10.0, 20.0, 50.0, 100.0]  # one decade (+4 %): 1-2-5 ticks


def test_si_ticks():
    assert [si(x) for x in (1e3, 1e4, 1e6, 1e11)] == ["1k", "10k", "1M", "100G"]


def test_cjk_text_is_measured_wider():
    assert text_px("キャッシュ") == pytest.approx(5 * 12)
    assert text_px("cache") == pytest.approx(5 * 0.56 * 12)


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.data: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.data.append(data)


def _parse(markup: str) -> _Collect:
    p = _Collect()
    p.feed(markup)
    p.close()
    return p


def test_uploaded_names_are_text_never_markup():
    """The fragment goes to st.markdown with HTML allowed (st.html drops SVG): a name must stay text for HTML and
    carry no Markdown (a link, an image, LaTeX, a colour directive) either; the hover text is still the name."""
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>" [x](http://a.example) www.a.example $x$ :red[y]\n'
    plot = Plot(Axis("", categories=[evil, "b"], angle=-30), Axis(evil),
                [Bars([evil, "b"], [0, 0], [1, 2], ["#000", "#111"], [evil, "b"], [evil, "2"])],
                legend=[Key(evil, "#000")], name=evil)
    out = render(plot)
    p = _parse(out)
    assert "script" not in p.tags and "img" not in p.tags
    assert any(evil in d for d in p.data)  # shown (as text) in the axis, the label, the legend and the hover title
    assert "\n" not in out  # one raw-HTML block: a line break could end it and let Markdown parse the rest
    for live in ("[x]", "](", "http://", "www.", "$", ":red["):
        assert live not in out, live


def test_first_category_is_drawn_on_top_and_bars_span_their_values():
    plot = Plot(Axis("x"), Axis("", categories=["first", "second"]),
                [Bars(["first", "second"], [1.0, 1.0], [2.0, 3.0], ["#111", "#222"], ["a", "b"], horizontal=True)])
    out = render(plot, width=600)
    rects = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="#(\d+)"', out)
    by_colour = {c: (float(x), float(y), float(w), float(h)) for x, y, w, h, c in rects}
    assert by_colour["111"][1] < by_colour["222"][1]  # 'first' above 'second'
    assert by_colour["111"][0] == pytest.approx(by_colour["222"][0])  # both start at 1.0
    assert by_colour["222"][2] == pytest.approx(2 * by_colour["111"][2])  # 1 -> 3 is twice 1 -> 2
    assert by_colour["111"][3] > 10  # a bar, not a hairline


def test_every_mark_kind_draws_with_its_hover_text():
    plot = Plot(Axis("x", log=True), Axis("y", log=True),
                [Line([1, 10], [1, 10], "#123456", "dash", markers=True, tips=["p1", "p2"]),
                 Points([2.0, 3.0, 4.0], [2.0, 3.0, 4.0], ["#000"] * 3, ["c", "d", "s"], shapes=["circle", "diamond",
                                                                                                 "star"]),
                 Texts([5.0], [5.0], ["two\nlines"], anchor="end", baseline="top", dx=-9)],
                legend=[Key("l", "#123456", "dash"), Key("p", "#000", "diamond")],
                legend_below=[Key("b", "#000", "box")])
    p = _parse(render(plot))
    assert {"polyline", "circle", "path", "text", "tspan", "title"} <= set(p.tags)
    assert {"p1", "p2", "c", "d", "s", "two", "lines", "l", "p", "b"} <= {d.strip() for d in p.data}


def test_points_drawn_on_one_another_are_one_symbol_listing_each():
    """Same colour, area and shape within MERGE_PX (2 view-box px) of each other: one circle at their mean position
    whose hover text lists both (stacked, only the top one's would show); another colour or a point 40 px away stays
    its own symbol. x runs 0..100 over ~800 px here, so 0.1 apart is < 1 px and 5 apart is ~40 px. Two stacked
    symbols of opacity 0.7 showed 1 - 0.3^2 = 0.91 where they overlap: the merged one is drawn so."""
    plot = Plot(Axis("x"), Axis("y"), [Points([50.0, 50.1, 50.0, 55.0], [50.0, 50.0, 50.0, 50.0],
                                               ["#111", "#111", "#222", "#111"], ["a", "b", "c", "d"], opacity=0.7)],
                300)
    markup = render(plot)
    circles = re.findall(r'<circle cx="([\d.]+)"[^>]*fill="#(\d+)"(?: fill-opacity="([\d.]+)")?><title>([^<]*)</title>',
                         markup)
    assert len(circles) == 3
    tips = {title: (float(cx), colour, opacity) for cx, colour, opacity, title in circles}
    merged = tips["a&#10;&#10;b"]
    assert merged[1:] == ("111", "0.91") and tips["c"][1:] == ("222", "") and tips["d"][1:] == ("111", "")
    assert tips["c"][0] <= merged[0] <= tips["c"][0] + 1  # mean of 50.0 and 50.1: <= 1 px right of 50.0
    assert tips["d"][0] - merged[0] > 30
    assert {"a", "b", "c", "d"} <= {line for d in _parse(markup).data for line in d.split("\n")}
