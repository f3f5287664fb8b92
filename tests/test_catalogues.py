"""One message format, one file per language and catalogue, one registry line per language (issue 13)."""
from __future__ import annotations

import string
from pathlib import Path

import pytest

from costmodel import messages
from costmodel.messages import CATALOGUES, LABEL_CATALOGUES, LANGS, load
from ui import labels

ROOT = Path(__file__).resolve().parent.parent


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_language_has_one_file_per_catalogue():
    for lang in LANGS:
        files = {p.stem for p in (ROOT / "costmodel" / "messages" / lang).glob("*.py")} - {"__init__"}
        assert files == set(CATALOGUES) | set(LABEL_CATALOGUES), lang
        assert (ROOT / "ui" / "locales" / f"{lang}.py").is_file()


@pytest.mark.parametrize("table", ["messages", "labels", "pages"])
def test_same_keys_and_placeholders_in_every_language(table):
    entries = {"messages": messages.MESSAGES, "labels": messages.LABELS, "pages": labels.LABELS}[table]
    assert entries
    for key, by_lang in entries.items():
        assert set(by_lang) == set(LANGS), key
        want = _fields(by_lang["en"])
        for lang, text in by_lang.items():
            assert text, (key, lang)
            assert _fields(text) == want, (key, lang)


def test_a_key_lives_in_one_catalogue(tmp_path, monkeypatch):
    """The loader refuses a key defined twice and a language that lacks a key (so a catalogue can't drift)."""
    pkg = tmp_path / "cats"
    for lang in LANGS:
        (pkg / lang).mkdir(parents=True)
        (pkg / lang / "a.py").write_text("MESSAGES = {'x': 'x', 'y': 'y'}\n")
        (pkg / lang / "b.py").write_text("MESSAGES = {'x': 'again'}\n")
        (pkg / lang / "c.py").write_text("MESSAGES = {'z': 'z'}\n" if lang == "en" else "MESSAGES = {}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert load("cats", ("a",))["y"] == {lang: "y" for lang in LANGS}
    with pytest.raises(RuntimeError, match="defined twice"):
        load("cats", ("a", "b"))
    with pytest.raises(RuntimeError, match="differ in keys"):
        load("cats", ("c",))


def test_the_model_never_reads_page_labels():
    """costmodel/ keeps only the texts the model generates; the pages' labels live in ui/locales."""
    page_only = set(labels.LABELS) - set(messages.LABELS)
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "costmodel").rglob("*.py")
                       if "messages" not in p.parts)
    used = {k for k in page_only if f'"{k}"' in source}
    assert not used, sorted(used)
