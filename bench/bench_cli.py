"""Start-up time of the command line: whole ``python -m costmodel ...`` processes (interpreter start, imports,
work, output), median of N runs of each command, all measured in one run of this script. Wall time is what a user
waits; CPU time (user + system of the child) is the work itself and barely moves when other processes share the
machine, so compare CPU times across runs on a busy machine.

    python bench/bench_cli.py [N]        # N runs per command (default 9)
"""
from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [
    ["list", "gpus"],
    ["list", "models"],
    ["list", "schemes"],
    ["estimate", "--model", "llama-3.1-8b", "--gpu", "rtx-4090", "--context", "128K"],
    ["compare", "--model", "llama-2-7b", "--gpu", "a100-sxm-80gb", "--context", "4K"],
    ["compare", "--model", "llama-2-7b", "--gpu", "a100-sxm-80gb", "--context", "4K", "--json"],
]


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall s, CPU s) of one child process."""
    r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    wall, r1 = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def modules_loaded(args: list[str]) -> str:
    """Modules in sys.modules when the command exits, and whether numpy is among them (deterministic)."""
    code = ("import atexit, sys, runpy\n"
            "atexit.register(lambda: print(len(sys.modules), 'numpy' in sys.modules, file=sys.stderr))\n"
            f"sys.argv = ['costmodel', *{args!r}]\nrunpy.run_module('costmodel', run_name='__main__')")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    count, numpy = r.stderr.split()[-2:]
    return f"{count}{' +np' if numpy == 'True' else ''}"


def row(label: str, cmd: list[str], n: int, modules: str = "") -> str:
    runs = [timed(cmd) for _ in range(n)]
    wall, cpu = [w for w, _ in runs], [c for _, c in runs]
    return (f"{label:<88} {_ms(statistics.median(wall)):>8} {_ms(max(wall)):>8} {_ms(statistics.median(cpu)):>8}"
            f" {modules:>9}").rstrip()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    for args in COMMANDS:  # warm the byte-code cache and the OS file cache once
        timed([sys.executable, "-m", "costmodel", *args])
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {n} runs per command; load average {os.getloadavg()[0]:.1f}")
    print(f"{'command':<88} {'wall':>8} {'max':>8} {'CPU':>8} {'modules':>9}")
    print(row("python -c pass (interpreter start alone)", [sys.executable, "-c", "pass"], n))
    for args in COMMANDS:
        print(row("python -m costmodel " + " ".join(args), [sys.executable, "-m", "costmodel", *args], n,
                  modules_loaded(args)))
    print("wall and CPU: medians; modules: loaded at exit (+np: numpy among them); target: list <= 1 s")


def _ms(s: float) -> str:
    return f"{s * 1000:.0f} ms"


if __name__ == "__main__":
    main()
