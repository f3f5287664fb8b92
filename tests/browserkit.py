"""Shared by the real-browser tests (and bench/bench_pages.py): start the app (``python app.py``, as the README
says) on 127.0.0.1 and Debian's chromium.

Never downloads a browser. Tests that import this module are skipped (with a message) when /usr/bin/chromium is
missing and CI is not set; under CI a missing chromium fails. Waits are on conditions with generous limits (a CI
machine may be loaded), never fixed sleeps.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 45_000  # per browser action; generous: CI machines may be loaded
SERVER_START_S = 120.0


def require_chromium() -> None:
    """Skip (or, under CI, fail) the calling test module when chromium or Playwright is missing."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing and CI is set: install Debian's chromium (see .ci/run)", pytrace=False)
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); set CI=1 to make this a failure",
                    allow_module_level=True)
    if not os.environ.get("CI"):
        pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(log: Path, root: Path = ROOT, launch: str = "app",
                     poll_s: float = 0.2) -> Iterator[tuple[str, subprocess.Popen]]:
    """A fresh server for ``root/app.py`` (the repository's .streamlit/config.toml applies), started as the README
    says (``launch="app"``: ``python app.py``, which imports what the pages need before it answers) or as
    ``streamlit run app.py`` (``launch="streamlit"``); yields (base URL, process) once /_stcore/health answers,
    polled every ``poll_s`` seconds (bench/bench_pages.py times from that moment)."""
    port = free_port()
    start = [sys.executable, str(root / "app.py")] if launch == "app" else \
        [sys.executable, "-m", "streamlit", "run", str(root / "app.py")]
    cmd = [*start, "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false"]  # the rest as the repository's config.toml says (no file watcher)
    out = open(log, "w")  # a file, not a pipe: a full pipe would block the server
    proc = subprocess.Popen(cmd, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not become healthy: {log.read_text()[-2000:]}")
            time.sleep(poll_s)  # polling interval of a condition wait, not a fixed delay
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        out.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One app server per test module that asks for it; yields its base URL."""
    with streamlit_server(tmp_path_factory.mktemp("streamlit") / "server.log") as (base, _proc):
        yield base


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module that asks for it."""
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


CHAINED = ("During handling of the above exception", "The above exception was the direct cause")
# Streamlit 1.67's own server race when a browser goes away while the server sends: receive_bytes raises RuntimeError
# on the dropped socket, _websocket_endpoint takes it for a text frame and calls close(), which raises again
# (streamlit/web/server/starlette/starlette_websocket.py, the receive loop). Logged once per dropped socket, seen
# only on a loaded machine as contexts close; no session is affected and none of kvcost's code is on the stack.
CLOSE_RACE = 'starlette.websockets.WebSocketDisconnected: Cannot call "send" once a close message has been sent.'


def without_close_race(log: str) -> str:
    """The server log with Streamlit's socket-close race above cut out (each whole chained traceback ending in
    ``CLOSE_RACE`` whose frames are all outside kvcost); any other traceback, of whatever form, stays."""
    lines, out, i = log.splitlines(keepends=True), [], 0
    while i < len(lines):
        if lines[i].startswith("Traceback (most recent call last)"):
            j = i + 1
            while j < len(lines):  # frames, blank lines and chained tracebacks up to the last exception line
                if (not lines[j].strip() or lines[j][0].isspace() or lines[j].startswith(CHAINED)
                        or lines[j].startswith("Traceback (most recent call last)")):
                    j += 1
                    continue
                k = next((k for k in range(j + 1, len(lines)) if lines[k].strip()), len(lines))
                if k == len(lines) or not lines[k].startswith(CHAINED):
                    break  # the chain's last exception line
                j = k
            chain = "".join(lines[i:j + 1])
            if (j < len(lines) and lines[j].rstrip() == CLOSE_RACE and "_websocket_endpoint" in chain
                    and "/costmodel/" not in chain and "/ui/" not in chain):
                i = j + 1
                continue
        out.append(lines[i])
        i += 1
    return "".join(out)


def inotify_watches(pid: int) -> int:
    """File-system watches a process holds (Linux: one ``inotify wd:`` line per watch in /proc/<pid>/fdinfo)."""
    count = 0
    for info in Path(f"/proc/{pid}/fdinfo").iterdir():
        try:
            count += sum(line.startswith("inotify wd:") for line in info.read_text().splitlines())
        except OSError:  # closed meanwhile
            pass
    return count


def rss_bytes(pid: int) -> int:
    """Resident set size of a process (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("VmRSS not found")
