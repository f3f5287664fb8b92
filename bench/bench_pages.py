"""First complete render of every page in a real browser, timed from the moment the server is up.

For each page and round: a fresh server (``python app.py``, as the README says; ``--launch streamlit``:
``streamlit run app.py``); the clock starts when ``/_stcore/health`` answers; a fresh Chromium context (empty
cache, as a first visit) opens the page's URL. Two times are taken:

* ``server``: the script run has finished and the page shows its content (``stApp`` reports
  ``data-test-script-state = notRunning`` and the main block holds elements);
* ``complete``: additionally nothing is stale or a skeleton, every chart has drawn (this tree's are inline SVG that
  arrive drawn; an earlier checkout's Vega-Lite or Plotly charts are waited for), and every table in the first
  screen has drawn its grid (Streamlit draws a table further down when it is scrolled to).

``complete - server`` is what the browser spends after the server is done (the chart and table bundles are
fetched, parsed and run on their first use). ``start`` is how long the server took to answer its health check
after it was launched (``python app.py`` imports the pages' modules first). ``CPU`` is the processor time the
server and the browser spent until complete (all their processes, from /proc): on a busy machine wall times
stretch, CPU seconds much less. Medians over ``--rounds``. Debian's chromium and Playwright (the test extra) are
needed; nothing is downloaded.

    python bench/bench_pages.py [--rounds 3] [--pages fit,compare,...] [--launch app,streamlit,app-watcher]
                                [--before DIR] [--before-launch app]

The server runs as the README starts it: the repository's ``.streamlit/config.toml`` applies (no file watcher);
``--launch app-watcher`` turns Streamlit's file watcher back on (its default) to measure what it costs.

``--before DIR``: the same for an earlier checkout, interleaved (its ``app.py`` started with ``streamlit run``, or
as ``python app.py`` with ``--before-launch app`` where that checkout has the launcher).
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browserkit import ARGS, CHROMIUM, streamlit_server  # noqa: E402  (the tests' server launcher)

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
  for (const c of document.querySelectorAll('[data-testid="stVegaLiteChart"]'))
    if (!c.querySelector('canvas, svg.marks')) return false;
  for (const c of document.querySelectorAll('[data-testid="stDataFrame"]'))  // tables in the first screen (the grid
    if (c.offsetParent !== null && c.getBoundingClientRect().top < innerHeight && !c.querySelector('canvas'))
      return false;  // draws a table further down when it is scrolled to; one in a closed expander is not shown)
  return true;
}"""
TIMEOUT_MS = 120_000


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


# how a server is started: (browserkit's launch, environment added); ``app-watcher``: the README's command with
# Streamlit's file watcher on, as it was before .streamlit/config.toml turned it off
LAUNCHES = {"app": ("app", {}), "streamlit": ("streamlit", {}),
            "app-watcher": ("app", {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "auto"})}


def measure(browser, root: Path, path: str, launch: str) -> tuple[float, float, float, float]:
    """(server, complete) seconds after the server is up, the CPU seconds spent until complete, and the server's
    start-up seconds, for one fresh server and one fresh browser context."""
    how, env = LAUNCHES[launch]
    launched = time.perf_counter()
    with mock.patch.dict(os.environ, env), tempfile.TemporaryDirectory() as tmp, \
            streamlit_server(Path(tmp) / "server.log", root, how, 0.02) as (base, _proc):  # the server inherits env
        c0, t0 = _cpu_of_descendants(), time.perf_counter()
        start = t0 - launched
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = ctx.new_page()
            page.goto(f"{base}/{path}", wait_until="commit", timeout=TIMEOUT_MS)
            page.wait_for_function(SERVER_DONE, polling=20, timeout=TIMEOUT_MS)
            t_server = time.perf_counter() - t0
            page.wait_for_function(COMPLETE, polling=20, timeout=TIMEOUT_MS)
            return t_server, time.perf_counter() - t0, _cpu_of_descendants() - c0, start
        finally:
            ctx.close()


def main() -> None:
    from playwright.sync_api import sync_playwright  # pyright: ignore[reportMissingImports]

    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--launch", default="app",
                    help="comma-separated: app (python app.py), streamlit (streamlit run app.py), app-watcher "
                         "(python app.py with Streamlit's file watcher on)")
    ap.add_argument("--before", type=Path)
    ap.add_argument("--before-launch", default="streamlit", choices=tuple(LAUNCHES),
                    help="how --before's server starts (app: its python app.py, where that checkout has the launcher)")
    args = ap.parse_args()
    launches = [x.strip() for x in args.launch.split(",") if x.strip()]
    trees = {f"{launch}": (ROOT, launch) for launch in launches}
    if args.before:
        trees["before"] = (args.before.resolve(), args.before_launch)
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    times: dict[tuple[str, str], list[tuple[float, float, float, float]]] = {}
    loads = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        measure(browser, ROOT, "", launches[0])  # warm the OS file cache and byte-code once
        for _ in range(args.rounds):
            for page in pages:
                for label, (root, launch) in trees.items():
                    loads.append(os.getloadavg()[0])
                    times.setdefault((label, page), []).append(measure(browser, root, PAGES[page], launch))
        browser.close()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; {args.rounds} rounds; load average during the run "
          f"{min(loads):.1f}-{max(loads):.1f}")
    print(f"{'page':<12} {'launch':<12} {'start':>7} {'server':>8} {'complete':>9} {'browser':>8} {'worst':>8} "
          f"{'CPU':>8}  (s; all but start after the server is up)")
    for (label, page), runs in times.items():
        srv = statistics.median(r[0] for r in runs)
        done = statistics.median(r[1] for r in runs)
        cpu = statistics.median(r[2] for r in runs)
        start = statistics.median(r[3] for r in runs)
        print(f"{page:<12} {label:<12} {start:7.2f} {srv:8.2f} {done:9.2f} {done - srv:8.2f} "
              f"{max(r[1] for r in runs):8.2f} {cpu:8.2f}")
    print("target: complete <= 3 s on an idle 2-core machine")


if __name__ == "__main__":
    main()
