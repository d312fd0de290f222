#!/usr/bin/env python3
"""Start-up time: what a command-line call or a new worker process pays before its first document.

    python bench/startup.py              # best of 3 fresh processes per figure
    python bench/startup.py --runs 5

Each figure is timed in fresh Python processes, against a cache folder of its own
(``CLEANER_CACHE_DIR``): ``import cleaner``; building the built-in ``Cleaner()`` with the compile
cache off, with an empty cache (the first run after an install or upgrade, which writes it), and
from the cache; and, from the cache, the whole command ``cleaner clean -`` on one short text
(interpreter start and trafilatura's import included) and ``cleaner rules test`` on the built-in
rules (every example runs on a Cleaner of its own, so this is the cache across Cleaners too).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "rules"
TIMED_IMPORT = "import time; t = time.perf_counter(); import cleaner; print(time.perf_counter() - t)"
TIMED_BUILD = "import time, cleaner; t = time.perf_counter(); cleaner.Cleaner(); print(time.perf_counter() - t)"
ONE_TEXT = "The council met on Tuesday to vote on the budget for the coming year.\nShare on Facebook\n"


def in_process(code: str, cache: str) -> float:
    """Seconds the snippet reports, run in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "CLEANER_CACHE_DIR": cache},
                         capture_output=True, text=True, check=True).stdout
    return float(out.split()[-1])


def wall(command: list[str], cache: str, stdin: str = "") -> float:
    start = time.perf_counter()
    subprocess.run(command, input=stdin, env={**os.environ, "CLEANER_CACHE_DIR": cache},
                   capture_output=True, text=True, check=True)
    return time.perf_counter() - start


def figure(name: str, times: list[float]) -> None:
    print(f"{name:44s} best {min(times):6.2f} s   median {statistics.median(times):6.2f} s   ({len(times)} runs)",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="cleaner-startup-")
    try:
        warm = os.path.join(folder, "warm")
        runs = range(args.runs)
        figure("import cleaner", [in_process(TIMED_IMPORT, "") for _ in runs])
        figure("Cleaner(), compile cache off", [in_process(TIMED_BUILD, "") for _ in runs])
        figure("Cleaner(), empty cache (writes it)",
               [in_process(TIMED_BUILD, os.path.join(folder, f"cold{n}")) for n in runs])
        in_process(TIMED_BUILD, warm)
        figure("Cleaner(), from the cache", [in_process(TIMED_BUILD, warm) for _ in runs])
        cli = [sys.executable, "-m", "cleaner"]
        figure("cleaner clean - (one text), from the cache", [wall(cli + ["clean", "-"], warm, ONE_TEXT) for _ in runs])
        figure("cleaner rules test rules/, cache off", [wall(cli + ["rules", "test", str(RULES)], "") for _ in runs])
        figure("cleaner rules test rules/, from the cache", [wall(cli + ["rules", "test", str(RULES)], warm) for _ in runs])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
