"""UI labels: ``t(key, lang)`` over the pages' own catalogue (``ui/locales/<lang>.py``) and the cost model's
labels of the workbook (shared column names). ``LABELS[key] = {lang: text}``.

Texts with ``{name}`` fields are ``str.format`` templates. Messages produced by the cost model itself (errors,
warnings, inapplicability reasons, fleet reasoning, claim statements...) are ``i18n.Message`` strings: show
them through ``tr(text, lang)`` (``tr_exc(exc, lang)`` for an exception). Citations, scheme and model names
stay as they are.
"""
from __future__ import annotations

import re

from costmodel import i18n
from costmodel.i18n import LANG_NAMES, LANGS
from costmodel.i18n import tr as _tr
from costmodel.i18n import tr_exc as _tr_exc
from costmodel.i18n import unit as _unit
from costmodel.messages import load


def _labels() -> dict[str, dict[str, str]]:
    pages = load("ui.locales", ())
    shared = set(pages) & set(i18n.LABELS)
    if shared:
        raise RuntimeError(f"labels defined both in ui/locales and costmodel/messages/<lang>/export.py: "
                           f"{sorted(shared)}")
    return {**i18n.LABELS, **pages}


LABELS: dict[str, dict[str, str]] = _labels()


def t(key: str, lang: str = "en") -> str:
    """Label for ``key`` in ``lang`` (an unknown language reads as English; a missing key shows itself)."""
    entry = LABELS.get(key)
    if entry is None:
        return i18n.t(key, lang if lang in LANGS else "en")
    return entry.get(lang) or entry.get("en") or key


def tr(text, lang: str = "en"):
    """A cost-model message (``i18n.Message``) in ``lang``; a plain str (or None) is returned unchanged."""
    return _tr(text, lang if lang in LANGS else "en")


def tr_exc(exc: BaseException, lang: str = "en") -> str:
    """An exception's message in ``lang`` (str(exc) when it carries no Message)."""
    return _tr_exc(exc, lang if lang in LANGS else "en")


def unit(u: str, lang: str = "en") -> str:
    """A unit from the cost model ('fraction', 'USD/kW-month', 'B/token') in ``lang``; symbols stay as they are."""
    return tr(_unit(u), lang)


_MD_SPECIAL = re.compile(r"([\\`*\[\]<>#$@])")  # links/images, HTML/autolinks, code, emphasis, headings, LaTeX
_MD_AUTOLINK = re.compile(r"(?i)(://|www\.)|(:(?=[a-z0-9_+/-]+:))")  # URL autolinks and :emoji:/:material/...: codes


def md(text) -> str:
    """``text`` as literal text inside a Markdown element (st.markdown/caption/error/...). User input (a model name,
    a URL parameter, a config value quoted in an error) must never become a link, an image, an autolink, an emoji
    or icon code, LaTeX, code or formatting: the characters that start those are backslash-escaped (CommonMark
    allows escaping any ASCII punctuation; the escapes do not show)."""
    out = _MD_SPECIAL.sub(r"\\\1", str(text))
    return _MD_AUTOLINK.sub(lambda m: "\\" + m.group(0) if m.group(2) else m.group(0)[:-1] + "\\" + m.group(0)[-1],
                            out)


def trm(text, lang: str = "en") -> str:
    """A cost-model message rendered in ``lang`` and escaped for a Markdown element (see ``md``)."""
    return md(tr(text, lang))


def has(key: str) -> bool:
    """Whether ``t(key)`` finds a text (the pages' labels or the cost model's labels and messages)."""
    return key in LABELS or key in i18n.MESSAGES


__all__ = ["LABELS", "LANGS", "LANG_NAMES", "t", "tr", "trm", "tr_exc", "unit", "has", "md"]
