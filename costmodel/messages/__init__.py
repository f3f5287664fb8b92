"""Templates of the messages the cost model generates, in English and Japanese (pure data).

Each module holds ``M = {key: (english, japanese)}``; both are ``str.format`` templates with the same
placeholders (tests check it). ``costmodel.i18n`` turns them into ``MESSAGES[key] = {"en": ..., "ja": ...}``
and provides ``msg`` / ``tr``. Keep identifiers (model, scheme and config field names, units) as they are.
"""
from __future__ import annotations

from . import claims, claims_articles, cli, errors, procurement, reasoning, serving

MESSAGES: dict[str, dict[str, str]] = {}
for _module in (errors, reasoning, claims, claims_articles, procurement, serving, cli):
    for _key, (_en, _ja) in _module.M.items():
        if _key in MESSAGES:
            raise RuntimeError(f"duplicate message key {_key!r}")
        MESSAGES[_key] = {"en": _en, "ja": _ja}

__all__ = ["MESSAGES"]
