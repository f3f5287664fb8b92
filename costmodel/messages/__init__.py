"""The texts the cost model generates, one module per language and catalogue: ``messages/<lang>/<catalogue>.py``
each holds ``MESSAGES = {key: str.format template}`` (pure data; every language has the same keys and
placeholders: tests check it). Keep identifiers (model, scheme and config field names, units) as they are.

Adding a language: one file per catalogue under ``costmodel/messages/<lang>/`` and one for the pages
(``ui/locales/<lang>.py``), plus one line in ``LANGS``.
"""
from __future__ import annotations

from importlib import import_module

LANGS: dict[str, str] = {"en": "English", "ja": "日本語"}  # the registry: code -> the language's own name

# messages the model raises or reports (msg(key) / tr); labels of the workbook and CSV (t(key))
CATALOGUES = ("errors", "reasoning", "claims", "claims_articles", "procurement", "serving", "cli", "consumer",
              "schemes", "hardware")
LABEL_CATALOGUES = ("export",)


def load(package: str, names: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """{key: {lang: template}} from ``<package>.<lang>.<name>`` for every registered language (``names`` empty:
    ``<package>.<lang>`` itself). Raises RuntimeError when a key is defined twice or a language lacks a key."""
    out: dict[str, dict[str, str]] = {}
    for name in names or ("",):
        tables = {lang: import_module(f"{package}.{lang}" + (f".{name}" if name else "")).MESSAGES for lang in LANGS}
        english = tables["en"]
        for lang, table in tables.items():
            if set(table) != set(english):
                diff = sorted(set(table) ^ set(english))[:5]
                raise RuntimeError(f"catalogue {name or package!r}: {lang} and en differ in keys {diff}")
        for key in english:
            if key in out:
                raise RuntimeError(f"message key {key!r} defined twice")
            out[key] = {lang: table[key] for lang, table in tables.items()}
    return out


MESSAGES: dict[str, dict[str, str]] = load(__name__, CATALOGUES)
LABELS: dict[str, dict[str, str]] = load(__name__, LABEL_CATALOGUES)

__all__ = ["CATALOGUES", "LABEL_CATALOGUES", "LABELS", "LANGS", "MESSAGES", "load"]
