"""UI labels: ``t(key, lang)`` over ``costmodel.i18n.LABELS`` (``{key: {"en": ..., "ja": ...}}``).

The table lives in ``costmodel/i18n.py`` (export/ROI labels first, then ``UI_LABELS`` for the pages). Texts
with ``{name}`` fields are ``str.format`` templates. Messages produced by the cost model itself (errors,
warnings, citations, scheme names, claim statements) stay in English.
"""
from __future__ import annotations

from costmodel import i18n
from costmodel.i18n import LABELS, LANGS

LANG_NAMES = {"en": "English", "ja": "日本語"}


def t(key: str, lang: str = "en") -> str:
    """Label for ``key`` in ``lang`` (an unknown language reads as English; a missing key shows itself)."""
    return i18n.t(key, lang if lang in LANGS else "en")


def has(key: str) -> bool:
    return key in LABELS


__all__ = ["LABELS", "LANGS", "LANG_NAMES", "t", "has"]
