"""Packaging: requirements.txt is the app's pinned runtime set and pyproject.toml's base dependencies (read from it);
torch lives only in the [validation] extra and the test tools only in [test]; the wheel carries the model's data
and a `kvcost` command that works outside the checkout."""
import email.parser
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
NOT_RUNTIME = {"torch", "pytest", "hypothesis", "playwright"}


def pins() -> list[Requirement]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [Requirement(ln) for ln in (x.split("#", 1)[0].strip() for x in lines) if ln]


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_requirements_are_pinned_runtime_dependencies():
    reqs = pins()
    names = [canonicalize_name(r.name) for r in reqs]
    assert len(names) == len(set(names)) and "rich" in names
    for r in reqs:
        (spec,) = r.specifier  # exactly one specifier, and it pins
        assert spec.operator == "==" and not r.marker and not r.extras, r
    assert not set(names) & NOT_RUNTIME


def test_pyproject_takes_its_dependencies_from_requirements_and_pins_the_extras():
    py = pyproject()
    project = py["project"]
    assert project["dynamic"] == ["dependencies"] and "dependencies" not in project
    assert py["tool"]["setuptools"]["dynamic"]["dependencies"] == {"file": ["requirements.txt"]}
    extras = {k: [Requirement(r) for r in v] for k, v in project["optional-dependencies"].items()}
    assert [str(r) for r in extras["validation"]] == ["torch==2.13.0"]
    assert {r.name for r in extras["test"]} >= {"pytest", "hypothesis", "playwright"}
    for r in extras["test"]:
        (spec,) = r.specifier
        assert spec.operator == "==", r
    assert project["scripts"] == {"kvcost": "costmodel.cli:run"}


def test_the_apps_dependency_closure_has_no_torch_and_no_test_tools():
    """Every distribution the runtime pins pull in, transitively (extras not taken), as installed here."""
    seen: set[str] = set()
    todo = [canonicalize_name(r.name) for r in pins()]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            pytest.fail(f"{name} (a runtime dependency) is not installed")
        for line in requires:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(req.name))
    assert {"streamlit", "numpy", "pydantic", "rich"} <= seen
    assert not seen & NOT_RUNTIME, seen & NOT_RUNTIME


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a copy of the sources (offline: the installed setuptools, no build isolation)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "requirements.txt", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("costmodel", "hardware_profiles", "engine_profiles", "host_profiles", "validation"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                        "--disable-pip-version-check", "-q", "-w", str(dist), str(src)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    (whl,) = dist.glob("kvcost-*.whl")
    return whl


def _metadata(whl: Path):
    with zipfile.ZipFile(whl) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(z.read(name).decode("utf-8"))


def test_wheel_base_requirements_are_requirements_txt_without_torch(wheel):
    reqs = [Requirement(r) for r in _metadata(wheel).get_all("Requires-Dist") or []]
    base = sorted(str(r) for r in reqs if r.marker is None)
    assert base == sorted(str(r) for r in pins())
    assert not {canonicalize_name(r.name) for r in reqs if r.marker is None} & NOT_RUNTIME
    torch = [r for r in reqs if r.name == "torch"]
    assert len(torch) == 1 and str(torch[0].marker) == 'extra == "validation"'


def test_wheel_holds_the_data_and_the_command(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry = z.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "kvcost = costmodel.cli:run" in entry
    for must in ("hardware_profiles/h100-sxm-80gb.toml", "engine_profiles/trtllm.toml", "host_profiles/epyc-9654.toml",
                 "costmodel/model_configs/llama-2-7b.json", "costmodel/messages/ja/cli.py", "costmodel/cli_tables.py",
                 "validation/__main__.py", "costmodel/preset_specs.json"):
        assert must in names
    assert any(n.startswith("validation/results/") and n.endswith(".json") for n in names)
    assert not any(n.startswith(("tests/", "ui/", "bench/")) or n == "app.py" for n in names)


def test_installed_wheel_runs_kvcost_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                        "--disable-pip-version-check", "--target", str(target), str(wheel)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import costmodel; print(costmodel.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, timeout=60)
    assert Path(where.stdout.strip()).is_relative_to(target), where.stdout + where.stderr
    kvcost = target / "bin" / "kvcost"
    for args in (["list", "gpus"], ["estimate", "--model", "llama-2-7b", "--gpu", "l4", "--context", "4K"]):
        out = subprocess.run([sys.executable, str(kvcost), *args], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=60)
        assert out.returncode == 0 and out.stderr == "", out.stderr
        assert ("h100-sxm-80gb" if args[0] == "list" else "Verdict") in out.stdout
