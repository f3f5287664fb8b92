"""UI labels: ``t(key, lang)`` over ``costmodel.i18n.LABELS`` (``{key: {"en": ..., "ja": ...}}``).

The table lives in ``costmodel/i18n.py`` (export/ROI labels first, then ``UI_LABELS`` for the pages). Texts
with ``{name}`` fields are ``str.format`` templates. Messages produced by the cost model itself (errors,
warnings, inapplicability reasons, fleet reasoning, claim statements...) are ``i18n.Message`` strings: show
them through ``tr(text, lang)`` (``tr_exc(exc, lang)`` for an exception). Citations, scheme and model names
stay as they are.
"""
from __future__ import annotations

from costmodel import i18n
from costmodel.i18n import LABELS, LANGS
from costmodel.i18n import tr as _tr
from costmodel.i18n import tr_exc as _tr_exc
from costmodel.i18n import unit as _unit

LANG_NAMES = {"en": "English", "ja": "日本語"}


def t(key: str, lang: str = "en") -> str:
    """Label for ``key`` in ``lang`` (an unknown language reads as English; a missing key shows itself)."""
    return i18n.t(key, lang if lang in LANGS else "en")


def tr(text, lang: str = "en"):
    """A cost-model message (``i18n.Message``) in ``lang``; a plain str (or None) is returned unchanged."""
    return _tr(text, lang if lang in LANGS else "en")


def tr_exc(exc: BaseException, lang: str = "en") -> str:
    """An exception's message in ``lang`` (str(exc) when it carries no Message)."""
    return _tr_exc(exc, lang if lang in LANGS else "en")


def unit(u: str, lang: str = "en") -> str:
    """A unit from the cost model ('fraction', 'USD/kW-month', 'B/token') in ``lang``; symbols stay as they are."""
    return tr(_unit(u), lang)


def has(key: str) -> bool:
    return key in LABELS


__all__ = ["LABELS", "LANGS", "LANG_NAMES", "t", "tr", "tr_exc", "unit", "has"]
