"""Visible text of an AppTest run and of a workbook, and the ASCII-only words in it (the Japanese-screen check).

``page_texts(at)``: every string a reader sees (titles, captions, labels, options, help, placeholders, metric
values, dataframe headers and cells, chart titles, axes, legends and hover text), as (where, text) pairs.
``ascii_words(text)``: runs of ASCII letters/digits (with inner - _ . ') that contain a letter.
"""
from __future__ import annotations

import base64
import io
import re

WORD = re.compile(r"[A-Za-z0-9µ]+(?:['\-_./][A-Za-z0-9µ]+)*")
TEXT_FIELDS = ("body", "label", "help", "placeholder", "delta", "value", "rawValue")


def ascii_words(text: str) -> list[str]:
    return [w for w in WORD.findall(str(text)) if re.search("[A-Za-z]", w)]


def _walk(node, out):
    proto = getattr(node, "proto", None)
    if proto is not None:
        out.append((getattr(node, "type", ""), proto))
    for k in sorted(getattr(node, "children", {}) or {}):
        _walk(node.children[k], out)


def _arrow_texts(data: bytes) -> list[str]:
    import pyarrow as pa

    table = pa.ipc.open_stream(io.BytesIO(data)).read_all()
    out = [str(n) for n in table.column_names if not str(n).startswith("__index")]
    for col in table.columns:
        for v in col.to_pylist():
            if isinstance(v, str):
                out.append(v)
    return out


def _html_texts(markup: str) -> list[str]:
    """What a reader sees of an ``st.html`` block: its text and the title / aria-label a hover or screen reader
    shows (tags, styles and class names left out)."""
    from html.parser import HTMLParser

    out: list[str] = []

    class Texts(HTMLParser):
        def handle_starttag(self, tag, attrs):
            out.extend(v for k, v in attrs if k in ("title", "aria-label", "alt") and v)

        def handle_data(self, data):
            if data.strip():
                out.append(data)

    parser = Texts()
    parser.feed(markup)
    parser.close()
    return out


def page_texts(at) -> list[tuple[str, str]]:
    """(element type, text) for everything visible on the page AppTest ran (code blocks left out: commands)."""
    from google.protobuf.json_format import MessageToDict

    nodes: list = []
    _walk(at._tree, nodes)
    out: list[tuple[str, str]] = []
    for kind, proto in nodes:
        if kind in ("code", "json"):  # a command, raw machine data: not prose
            continue
        d = MessageToDict(proto)
        if kind == "html" or (kind == "markdown" and d.get("allowHtml")):  # st.html; a chart (SVG in Markdown)
            out += [(kind, s) for s in _html_texts(d.get("body", ""))]
            continue
        for f in TEXT_FIELDS:
            v = d.get(f)
            if isinstance(v, str):
                out.append((kind, v))
        for o in d.get("options", []) or []:
            if isinstance(o, str):
                out.append((kind, o))
        if kind == "dataframe" and "arrowData" in d:
            out += [(kind, s) for s in _arrow_texts(base64.b64decode(d["arrowData"]["data"]))]
        if kind == "tabs":
            pass
    return out


def source_strings() -> list[str]:
    """Text quoted verbatim from a source in the source's own language (English): hardware profile notes and
    figure sources, cloud price sources, scheme citations, model-config provenance, claim sources. A Japanese
    page shows them under a label that says so; the check removes them before looking for English."""
    from costmodel import load_presets, load_profiles
    from costmodel.claims import evaluate_claims
    from costmodel.schemes import SCHEMES

    out: list[str] = []
    for p in load_profiles().values():
        out += [p.notes, *p.absent.values(), *(t.label for t in p.tiers if t.label)]
        for f in p.figures().values():
            out += [f.source, f.note]
        for c in p.cloud_prices:
            out += [c.source, c.note, c.url, c.label()]
    out += [s.citation for s in SCHEMES.values()]
    out += [s.source for s in load_presets().values()]
    out += [r.source for r in evaluate_claims()]
    return sorted({s for s in out if s}, key=len, reverse=True)
