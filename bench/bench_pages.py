"""First complete render of every page in a real browser, timed from the moment the server is up.

For each page and round: a fresh ``streamlit run app.py``; the clock starts when ``/_stcore/health`` answers; a
fresh Chromium context (empty cache, as a first visit) opens the page's URL. Two times are taken:

* ``server``: the script run has finished and the page shows its content (``stApp`` reports
  ``data-test-script-state = notRunning`` and the main block holds elements);
* ``complete``: additionally nothing is stale or a skeleton and every Plotly chart has drawn its SVG.

``complete - server`` is what the browser spends on charts after the server is done (Plotly's bundle is fetched,
parsed and run on the first chart). ``CPU`` is the processor time the server and the browser spent meanwhile (all
their processes, from /proc): on a busy machine wall times stretch, CPU seconds much less. Medians over
``--rounds``. Debian's chromium and Playwright (the test extra)
are needed; nothing is downloaded.

    python bench/bench_pages.py [--rounds 3] [--pages fit,compare,...] [--before DIR]

``--before DIR``: the same for an earlier checkout (its ``app.py``), interleaved.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {"fit": "", "compare": "compare", "roofline": "roofline", "validation": "validation", "claims": "claims",
         "fleet": "fleet"}
SERVER_DONE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning' && !!main
    && main.querySelectorAll('[data-testid="stElementContainer"]').length >= 3;
}"""
COMPLETE = """() => {
  if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
  for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    if (!c.querySelector('.main-svg')) return false;
  return true;
}"""
TIMEOUT_MS = 120_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(root: Path) -> Iterator[str]:
    """A fresh server for ``root/app.py``; yields its base URL once /_stcore/health answers."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(root / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, cwd=root, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise SystemExit(f"streamlit did not start:\n{log.read().decode()[-2000:]}")
                time.sleep(0.02)  # polling a condition
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _cpu_of_descendants() -> float:
    """CPU seconds (user + system) of every live descendant of this process (server, Playwright, Chromium)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(d.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    total, todo = 0.0, [os.getpid()]
    while todo:
        parent = todo.pop()
        for pid, (ppid, cpu) in stats.items():
            if ppid == parent:
                total += cpu
                todo.append(pid)
    return total


def measure(browser, root: Path, path: str) -> tuple[float, float, float]:
    """(server, complete) seconds after the server is up and the CPU seconds spent until complete, for one fresh
    server and one fresh browser context."""
    with server(root) as base:
        c0, t0 = _cpu_of_descendants(), time.perf_counter()
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = ctx.new_page()
            page.goto(f"{base}/{path}", wait_until="commit", timeout=TIMEOUT_MS)
            page.wait_for_function(SERVER_DONE, polling=20, timeout=TIMEOUT_MS)
            t_server = time.perf_counter() - t0
            page.wait_for_function(COMPLETE, polling=20, timeout=TIMEOUT_MS)
            return t_server, time.perf_counter() - t0, _cpu_of_descendants() - c0
        finally:
            ctx.close()


def main() -> None:
    from playwright.sync_api import sync_playwright  # pyright: ignore[reportMissingImports]

    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--before", type=Path)
    args = ap.parse_args()
    trees = {"this tree": ROOT, **({"before": args.before.resolve()} if args.before else {})}
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    times: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    loads = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        measure(browser, ROOT, "")  # warm the OS file cache and byte-code once
        for _ in range(args.rounds):
            for page in pages:
                for label, root in trees.items():
                    loads.append(os.getloadavg()[0])
                    times.setdefault((label, page), []).append(measure(browser, root, PAGES[page]))
        browser.close()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; {args.rounds} rounds; load average during the run "
          f"{min(loads):.1f}-{max(loads):.1f}")
    print(f"{'page':<12} {'tree':<10} {'server':>8} {'complete':>9} {'charts':>8} {'worst':>8} {'CPU':>8}"
          "  (s after the server is up)")
    for (label, page), runs in times.items():
        srv = statistics.median(r[0] for r in runs)
        done = statistics.median(r[1] for r in runs)
        cpu = statistics.median(r[2] for r in runs)
        print(f"{page:<12} {label:<10} {srv:8.2f} {done:9.2f} {done - srv:8.2f} {max(r[1] for r in runs):8.2f} "
              f"{cpu:8.2f}")
    print("target: complete <= 3 s on an idle 2-core machine")


if __name__ == "__main__":
    main()
