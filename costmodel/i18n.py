"""The languages (registry in ``costmodel/messages``): labels of the workbook and CSV (``t(key, lang)``) and the
messages the cost model generates (``msg``/``tr``).

Labels: ``LABELS[key] = {lang: text}`` (``messages/<lang>/export.py``); ``t`` also finds a message key (units).
A missing key shows itself, so a typo shows up on screen instead of crashing a page. The pages' own labels live
next to the pages (``ui/locales``, read by ``ui/labels.py``).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .messages import LABELS, LANGS as LANG_NAMES, MESSAGES

LANGS: tuple[str, ...] = tuple(LANG_NAMES)


def t(key: str, lang: str = "en") -> str:
    """Label (or message template) for ``key`` in ``lang``; falls back to English, then to the key."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, got {lang!r}")
    entry = LABELS.get(key) or MESSAGES.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("en") or key


# --- Messages the cost model generates (errors, reasons, warnings, reasoning, claims) ----------------------
# ``msg(key, **params)`` returns a ``Message``: a str whose value is the English text (so comparisons, JSON and
# logs see English), carrying the key and the raw params; ``tr(text, lang)`` renders it in ``lang``. The
# templates (``str.format``; numbers keep their format spec, e.g. ``{n:,}``) live in ``costmodel/messages/``.


class Message(str):
    """English text of a user-facing message, plus ``key`` and ``params`` for ``tr``. Params that are Messages
    are rendered in the same language. Copies (``copy``, ``dataclasses.asdict``) keep the key and params."""

    key: str
    params: dict

    def __new__(cls, text: str, key: str = "", params: dict | None = None) -> "Message":
        obj = super().__new__(cls, text)
        obj.key, obj.params = key, dict(params or {})
        return obj


USER_PARAMS = {"value", "key", "text", "path", "name", "metric", "id", "model_type", "kind", "method", "detail"}


class _Quoted(str):
    """A shortened parameter: formats as itself under any format spec; ``!r`` gives its quoted form."""

    quoted: str

    def __new__(cls, text: str, quoted: str) -> "_Quoted":
        obj = super().__new__(cls, text)
        obj.quoted = quoted
        return obj

    def __format__(self, spec: str) -> str:
        return str(self)

    def __repr__(self) -> str:
        return self.quoted


def _guarded(key: str, v):
    """User input as a message parameter: ints too long to print (Python refuses str() above 4,300 digits)
    and strings over ~100 characters are shortened (units.quote), so an error stays one short line."""
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10**30:
        from .units import quote  # noqa: PLC0415 (units imports this module)

        return _Quoted(quote(v), quote(v))
    if type(v) is str and key in USER_PARAMS and (len(v) > 100 or "\n" in v):
        from .units import clip, quote  # noqa: PLC0415

        return _Quoted(clip(v, 100), quote(v))
    return v


class ByLanguage(dict):
    """A message parameter written differently per language, e.g. a parameter count {'en': '20.5B', 'ja':
    '205 億'} (numfmt.params_msg); a language without its own form takes the English one."""

    def __str__(self) -> str:
        return str(self["en"])


def _param(k: str, v, lang: str):
    if isinstance(v, Message):
        return tr(v, lang)
    if isinstance(v, ByLanguage):
        return v.get(lang, v["en"])
    return _guarded(k, v)


def _render(template: str, params: dict, lang: str) -> str:
    return template.format(**{k: _param(k, v, lang) for k, v in params.items()})


def msg(key: str, /, **params) -> Message:
    """The message ``key`` (a ``MESSAGES`` entry) with ``params``; its value is the English text."""
    entry = MESSAGES.get(key)
    return Message(_render(entry["en"], params, "en") if entry else key, key, params)


def tr(text, lang: str = "en"):
    """``text`` in ``lang``: a Message is rendered from its template (English: its own value); anything else,
    e.g. a plain str, is returned unchanged. A missing template or a formatting problem falls back to English."""
    if not isinstance(text, Message):
        return text
    template = MESSAGES.get(text.key, {}).get(lang) if lang != "en" else None
    if not template:
        return str(text)
    try:
        return _render(template, text.params, lang)
    except (KeyError, IndexError, ValueError, TypeError):
        return str(text)


def exc_text(exc: BaseException):
    """An exception's message: the Message it was raised with (so it can still be translated), else str(exc)."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Message):
        return exc.args[0]
    return str(exc)


def tr_exc(exc: BaseException, lang: str = "en") -> str:
    """An exception's message in ``lang`` (plain str(exc) when it was not raised with a Message)."""
    return tr(exc_text(exc), lang)


def unit(u: str):
    """A unit as a Message when it contains words ('fraction', 'USD/kW-month', 'elements/token'), else the unit
    itself ('GiB', 'W', '%')."""
    return msg(f"unit.{u}") if f"unit.{u}" in MESSAGES else u


_PYDANTIC = {"greater_than_equal": "ge", "less_than_equal": "le", "greater_than": "gt", "less_than": "lt",
             "string_too_short": "min_length", "string_too_long": "max_length"}


def pydantic_detail(err: Mapping[str, Any]) -> Message:
    """One pydantic error (``ValidationError.errors()[0]``) as a Message whose English is pydantic's own text."""
    ctx = err.get("ctx") or {}
    inner = ctx.get("error")
    if isinstance(inner, BaseException) and isinstance(exc_text(inner), Message):
        return Message(str(exc_text(inner)), "pyd.value_error", {"error": exc_text(inner)})  # without "Value error, "
    name = _PYDANTIC.get(err.get("type", ""))
    if name and name in ctx:
        return Message(err["msg"], f"pyd.{name}", {"limit": ctx[name]})
    return Message(err["msg"], "pyd.other", {"detail": err["msg"]})


__all__ = ["LABELS", "LANGS", "LANG_NAMES", "MESSAGES", "Message", "msg", "tr", "tr_exc", "exc_text",
           "pydantic_detail", "t", "unit"]
