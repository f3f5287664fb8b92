"""Code quality gates that CI runs (issue 13): pyright in basic mode on costmodel/ and ui/ (pyrightconfig.json),
ruff with the committed rule set (ruff.toml), and a docstring on every public costmodel class and function."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    exe = Path(sys.executable).parent / name
    if exe.exists():
        return str(exe)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (it is in the [test] extra)")
    return found


def test_every_public_costmodel_name_has_a_docstring():
    missing = []
    for path in sorted((ROOT / "costmodel").rglob("*.py")):
        if "messages" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not ast.get_docstring(tree):
            missing.append(f"{path.relative_to(ROOT)} (module)")
        missing += [f"{path.relative_to(ROOT)}:{n.lineno} {n.name}" for n in tree.body
                    if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_")
                    and not ast.get_docstring(n)]
    assert not missing, missing


def test_pyright_basic_mode_is_clean():
    r = subprocess.run([_tool("pyright"), "--outputjson"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    import json

    try:
        report = json.loads(r.stdout)
    except ValueError:
        pytest.fail(f"pyright did not run: {(r.stdout + r.stderr)[-2000:]}")
    errors = [f"{d['file']}:{d['range']['start']['line'] + 1} {d['message'].splitlines()[0]}"
              for d in report.get("generalDiagnostics", []) if d.get("severity") == "error"]
    assert not errors, errors[:30]


def test_ruff_is_clean():
    r = subprocess.run([_tool("ruff"), "check", "--output-format", "concise", "."], cwd=ROOT, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-4000:]
