"""Page state <-> URL query parameters.

Each page declares its inputs as ``Param``s (URL name, default, validating parser). Before its widgets are
drawn, ``bind`` seeds every widget key that has no value yet: from the URL when the parameter is there
(validated; a bad value falls back to the default and leaves a visible notice), else from the value last
used on any page in this session (``_v.<name>``), else the default. After the widgets, ``publish`` records
the values and rewrites the URL: ``lang`` plus every input that differs from its default, as plain
strings (never pickled). A page only reads the URL when its widgets are (re)created, so the widgets
stay in charge while the user works and a shared link reproduces the state on load.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import urlencode

import streamlit as st

from costmodel.estimate import MAX_CONTEXT, InputError
from costmodel.i18n import msg
from costmodel.units import parse_tokens

from .labels import LANGS, md, t, tr_exc

SHADOW = "_v."
NOTICES = "_notices"
LANG_KEY = "lang"
BAD_INPUT = (ValueError, TypeError)


@dataclass(frozen=True)
class Param:
    name: str  # URL name; also the session-wide name shared between pages
    default: Any
    parse: Callable[[str], Any]  # URL string -> widget value; raises on anything not allowed
    dump: Callable[[Any], str] = str
    widget: bool = True  # a widget's key (re-anchored every run, see ``bind``); False: a value the page sets itself


def choice(options: Sequence[str] | Callable[[], Sequence[str]]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        allowed = options() if callable(options) else options
        if raw not in allowed:
            raise ValueError(t("err.not_allowed", lang()).format(value=raw))
        return raw
    return parse


def _number(raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise ValueError(t("err.not_number", lang())) from None


def int_range(lo: int, hi: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        v = _number(raw)
        if not math.isfinite(v) or v != int(v) or not lo <= v <= hi:
            raise ValueError(t("err.range", lang()).format(lo=f"{lo:,}", hi=f"{hi:,}"))
        return int(v)
    return parse


def float_range(lo: float, hi: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        v = _number(raw)
        if not math.isfinite(v) or not lo <= v <= hi:
            raise ValueError(t("err.range", lang()).format(lo=f"{lo:g}", hi=f"{hi:g}"))
        return v
    return parse


def boolean() -> Callable[[str], bool]:
    def parse(raw: str) -> bool:
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError(t("err.not_allowed", lang()))
    return parse


def dump_bool(v: bool) -> str:
    return "1" if v else "0"


def token_count(raw: str, name: str = "context", lo: int = 1, hi: int = MAX_CONTEXT) -> int:
    """The one parser of token counts typed in a page or a URL ('131072', '128K', '1M', '1e6'): the cost model's
    reader and range, with its messages (ValueError; tr_exc renders it in the page's language)."""
    v = parse_tokens(raw)
    if not lo <= v <= hi:
        raise InputError(msg("in.range", name=name, lo=lo, hi=hi, value=v))
    return v


def token_text(name: str = "context", lo: int = 1, hi: int = MAX_CONTEXT) -> Callable[[str], str]:
    """URL parser of a token-count text box: checked by ``token_count``, kept as typed."""
    def parse(raw: str) -> str:
        token_count(raw, name, lo, hi)
        return raw.strip()
    return parse


def lang() -> str:
    v = st.session_state.get(LANG_KEY, "en")
    return v if v in LANGS else "en"


QUOTE_CHARS = 80  # a notice quotes at most this much of what was in the URL


def _clip(text: str, n: int = QUOTE_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _notice(name: str, raw: str, default: Any, why: str) -> None:
    """Remember a notice about an ignored URL parameter; the value and the reason are clipped (a reason may quote
    the value again), so a 100 KB parameter gives a one-line notice."""
    st.session_state.setdefault(NOTICES, []).append(t("notice.bad_param", lang()).format(
        name=_clip(name), value=_clip(raw), default=_clip(str(default)), why=_clip(why, 2 * QUOTE_CHARS)))


def init_lang() -> None:
    """Seed the language from ?lang= before the sidebar switch is drawn."""
    if LANG_KEY in st.session_state:
        return
    raw = st.query_params.get(LANG_KEY)
    if raw is not None and raw not in LANGS:
        _notice(LANG_KEY, raw, "en", ", ".join(LANGS))
    st.session_state[LANG_KEY] = raw if raw in LANGS else "en"


def key(page: str, name: str) -> str:
    return f"{page}.{name}"


def bind(page: str, params: Iterable[Param]) -> None:
    """Seed the widget keys of ``params`` that have no value yet (URL > last used > default; an empty value, None,
    is left to the widget: fewer keys make every widget Streamlit draws cheaper, 0.05 s a rerun of Fleet & ROI)."""
    ss, qp = st.session_state, st.query_params
    for p in params:
        k = key(page, p.name)
        if k in ss:
            if p.widget:
                _reanchor(k, p)
            continue
        raw = qp.get(p.name)
        if raw is not None:
            try:
                ss[k] = p.parse(raw)
            except BAD_INPUT as exc:
                text = tr_exc(exc, lang())
                why = text.splitlines()[0] if text else type(exc).__name__
                _notice(p.name, raw, t("notice.none_default", lang()) if p.default is None else p.dump(p.default), why)
                ss[k] = p.default
        elif (v := ss.get(SHADOW + p.name, p.default)) is not None:
            ss[k] = v  # an empty input (None) needs no key: its widget starts empty, ``value`` reads None


def _reanchor(k: str, p: Param) -> None:
    """Pin a widget's value before the widget is drawn. A select box whose option labels changed since the last run
    (another model renames "native: GQA (8 KV heads)", another language renames everything) would hand back the
    old label itself as its value (Streamlit returns an unmatched label verbatim), which then lands in the share
    link. Read now, the value is still decoded with the previous run's labels; written back, it stays the option.
    A value that does not parse (text being typed) is left to its widget, which reports it."""
    ss = st.session_state
    try:
        v = ss[k]
        p.parse(p.dump(v))
    except (*BAD_INPUT, KeyError):
        return
    ss[k] = v


def value(page: str, name: str) -> Any:
    """An input's value: its key, or, for an input a closed editor does not draw (``hold``), its session-wide
    value."""
    ss = st.session_state
    k = key(page, name)
    return ss[k] if k in ss else ss.get(SHADOW + name)


def hold(page: str, names: Iterable[str]) -> None:
    """Inputs not drawn on this run (a closed editor's, ``widgets.lazy_expander``): their values move to the
    session-wide copy and their keys go. A key seeded on a run without its widget would otherwise stay in
    Streamlit's session as a plain value and come back, stale, once the widget drawn later is gone (a page switch):
    the input would revert, and take the URL and the other pages with it. ``value`` and ``publish`` read the copy."""
    ss = st.session_state
    for name in names:
        k = key(page, name)
        if k in ss:
            ss[SHADOW + name] = ss[k]
            del ss[k]


def set_value(page: str, name: str, v: Any) -> None:
    """Set a widget value before its widget is drawn (e.g. from an example button's callback)."""
    st.session_state[key(page, name)] = v


def publish(page: str, params: Iterable[Param], skip: Iterable[str] = ()) -> dict[str, str]:
    """Remember the values session-wide and write lang + non-default values to the URL."""
    ss, skip = st.session_state, set(skip)
    out = {LANG_KEY: lang()}
    for p in params:
        k = key(page, p.name)
        if k in ss:
            v = ss[SHADOW + p.name] = ss[k]
        elif (v := ss.get(SHADOW + p.name)) is None:  # held inputs (``hold``) are published from their copy
            continue
        if p.name not in skip and v != p.default:
            out[p.name] = p.dump(v)
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != out:
        st.query_params.from_dict(out)
    return out


def show_notices() -> None:
    """Show (once) the notices about URL parameters that were ignored."""
    for text in st.session_state.pop(NOTICES, []):
        st.error(md(text))  # quotes URL input: never Markdown


def open_page(page: str, params: Iterable[Param], prefix: str) -> str:
    """The common opening of a page: bind its URL parameters, title ``{prefix}.title``, intro
    ``{prefix}.intro``, then the notices about ignored URL parameters. Returns the language."""
    L = lang()
    bind(page, params)
    st.title(t(f"{prefix}.title", L))
    st.caption(t(f"{prefix}.intro", L))
    show_notices()
    return L


def link_hint(query: dict[str, str]) -> None:
    """A link to this state, to open or copy ("copy link address"); a link button, not ``st.code`` (its copy button
    would load a 1.5 MB syntax highlighter into the browser on every page's first visit: bench/bench_pages.py) nor
    a Markdown link (page Markdown never carries links: tests/test_hostile_ui.py)."""
    try:
        base = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
        base = ""
    with st.expander(t("link.title", lang())):
        st.caption(t("link.help", lang()))
        st.link_button(t("link.open", lang()), f"{base}?{urlencode(query)}", icon=":material/link:")


__all__ = ["Param", "choice", "int_range", "float_range", "token_text", "token_count", "lang", "init_lang", "bind",
           "publish",
           "value", "set_value", "boolean", "dump_bool", "show_notices", "open_page", "link_hint", "key", "BAD_INPUT"]
