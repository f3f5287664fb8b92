"""Time of an AppTest rerun of each page after a widget change (target <= 200 ms). Prints one run's figures.

    python bench/bench_ui.py [repeats] 2>/dev/null   (stderr: Streamlit bare-mode warnings)
"""
from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # "missing ScriptRunContext" noise in bare mode

from streamlit.testing.v1 import AppTest  # noqa: E402

PAGES = ["ui/fit.py", "ui/compare.py", "ui/roofline.py", "ui/validation.py", "ui/claims.py", "ui/fleet.py"]


def change(at: AppTest, i: int) -> str:
    """Change one widget: bump the first number input, else flip the language radio."""
    if at.number_input:
        w = at.number_input[0]
        (w.increment() if i % 2 == 0 else w.decrement())
        return f"number_input {w.key}"
    at.radio(key="lang").set_value("ja" if i % 2 == 0 else "en")
    return "language radio"


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'page':22s} {'first run':>10s} {'rerun median':>13s} {'rerun max':>10s}  widget changed")
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        t0 = time.perf_counter()
        at.switch_page(page).run()
        first = time.perf_counter() - t0
        times, what = [], ""
        for i in range(repeats):
            what = change(at, i)
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
            assert not at.exception, [e.message for e in at.exception]
        print(f"{page:22s} {first * 1e3:8.0f} ms {statistics.median(times) * 1e3:10.0f} ms "
              f"{max(times) * 1e3:7.0f} ms  {what}")
    print("target: rerun <= 200 ms")


if __name__ == "__main__":
    main()
