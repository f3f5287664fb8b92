"""Hostile input in the pages (issue 11): user strings are shown as text, never as Markdown; notices stay short.

Each case was reproduced before the fix: ``?ctx=[Session expired - click to log in](http://...)`` put a live link in
the red error box, ``?ctx=![x](http://...)`` an image every visitor's browser fetched, and a config's
``_name_or_path`` / ``_kvcost.source`` were rendered as Markdown in the model summary.
"""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\(")  # [text]( not escaped: a Markdown link or image
AUTOLINK = re.compile(r"(?i)(?<!\\)(https?://|www\.)")  # GFM autolinks a bare URL


def load(page: str, query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    return at.switch_page(page).run()


def markdown_texts(at: AppTest) -> list[str]:
    """Every string the page renders as Markdown."""
    out = []
    for kind in ("error", "warning", "info", "success", "caption", "markdown", "title", "subheader"):
        out += [str(el.value) for el in getattr(at, kind)]
    return out


def assert_no_live_markup(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    for text in markdown_texts(at):
        assert not LINK.search(text), text[:200]
        assert not AUTOLINK.search(text), text[:200]
        assert not re.search(r"(?<!\\)\$", text), text[:200]  # LaTeX


def test_url_parameter_cannot_inject_a_link_or_an_image():
    for value in ("[Session expired - click to log in](http://attacker.example/login)",
                  "![x](http://attacker.example/track.png)", "www.attacker.example", "$\\frac{1}{0}$",
                  ":red[alert] :material/warning:"):
        at = load("ui/fit.py", {"ctx": value})
        assert at.error  # the notice is shown ...
        assert_no_live_markup(at)  # ... as text


def test_config_name_and_source_are_text():
    cfg = json.loads((ROOT / "costmodel" / "model_configs" / "llama-3.1-8b.json").read_text())
    cfg["_name_or_path"] = "[Download the update](http:attacker.example)"  # no '/': the name is the whole value
    cfg["_kvcost"] = {"source": "![t](http://attacker.example/p.png) www.attacker.example"}
    at = load("ui/fit.py", {"src": "paste"})
    at.text_area(key="fit.paste").set_value(json.dumps(cfg)).run()
    assert_no_live_markup(at)
    assert any("Download the update" in c for c in markdown_texts(at))  # shown, escaped


def test_config_value_quoted_in_an_error_is_text():
    at = load("ui/fit.py", {"src": "paste"})
    at.text_area(key="fit.paste").set_value(json.dumps({"num_hidden_layers": "[x](http://attacker.example)"})).run()
    assert at.error
    assert_no_live_markup(at)


def test_a_huge_url_parameter_gives_a_one_line_notice():
    at = load("ui/fit.py", {"ctx": "9" * 100_000})
    assert at.error
    assert all(len(e.value) < 600 for e in at.error), [len(e.value) for e in at.error]


def test_server_refuses_uploads_over_one_megabyte():
    """The file widget says 1 MB; .streamlit/config.toml makes the server enforce it (Streamlit's default is 200)."""
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["maxUploadSize"] == 1
    assert cfg["client"]["toolbarMode"] == "viewer"  # no Deploy button
