#!/usr/bin/env python3
"""Batch throughput: documents/s of `cleaner clean` with 1 and 2 workers, and of
`trafilatura --input-dir ... --parallel 2` on the same files.

    python bench/batch_throughput.py                # 5,000 pages (the shared pages, replicated)
    python bench/batch_throughput.py --docs 20000

Times are wall clock of the whole command (start-up included), over .html files in folders of
1,000. The cleaner applies its rules on top of trafilatura's extraction.
"""
from __future__ import annotations

import argparse
import multiprocessing
import shutil
import tempfile
import time
from pathlib import Path

from batch_common import BIN, CLEANER, make_html_tree, require_shared, timed_run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command; the best is kept")
    args = parser.parse_args()
    require_shared()
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as work:
        work = Path(work)
        make_html_tree(work / "in", args.docs)
        runs = {f"cleaner --jobs {jobs}": [*CLEANER, "clean", str(work / "in"), "-o", str(work / f"out-{jobs}"),
                                           "--jobs", str(jobs), "--no-progress"] for jobs in (1, 2)}
        trafilatura = BIN / "trafilatura"
        if trafilatura.exists():
            runs["trafilatura --parallel 2"] = [str(trafilatura), "--input-dir", str(work / "in"),
                                                "-o", str(work / "out-trafilatura"), "--parallel", "2"]
        rates = {}
        for repeat in range(args.repeat):
            print(f"machine check: a CPU-bound loop runs {cpu_scaling():.2f}x faster in 2 processes than in 1 "
                  "(2.00x on two real cores; less when the host shares them)", flush=True)
            for name, command in runs.items():
                for folder in work.glob("out-*"):
                    shutil.rmtree(folder)
                result = timed_run(command)
                assert result["returncode"] in (0, None) or "trafilatura" in name, result["stderr"]
                rate = args.docs / result["seconds"]
                rates[name] = max(rates.get(name, 0), rate)
                print(f"{name}: {result['seconds']:.1f} s, {rate:.1f} documents/s, "
                      f"{1000 * result['cpu'] / args.docs:.1f} CPU ms/document; "
                      f"other processes kept {result['others']:.2f} cores busy meanwhile", flush=True)
        print(f"best of {args.repeat}: " + ", ".join(f"{name} {rate:.1f}/s" for name, rate in rates.items()))
        print(f"scaling 1 -> 2 workers: {rates['cleaner --jobs 2'] / rates['cleaner --jobs 1']:.2f}x")
        if "trafilatura --parallel 2" in rates:
            print(f"cleaner --jobs 2 vs trafilatura --parallel 2: "
                  f"{rates['cleaner --jobs 2'] / rates['trafilatura --parallel 2']:.2f}x the documents/s")


def _spin(count: int) -> float:
    started = time.monotonic()
    total = 0
    for number in range(count):
        total += number * number % 7
    return time.monotonic() - started


def cpu_scaling(count: int = 20_000_000) -> float:
    """How much faster two processes get a fixed CPU-bound job done than one, right now."""
    one = _spin(count)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        started = time.monotonic()
        pool.map(_spin, [count, count])
        two = time.monotonic() - started
    return 2 * one / two


if __name__ == "__main__":
    main()
