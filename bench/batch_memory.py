#!/usr/bin/env python3
"""Peak memory of `cleaner clean` as the corpus grows: 5,000 vs 50,000 text files.

    python bench/batch_memory.py                    # 5,000 and 50,000 files, 2 workers
    python bench/batch_memory.py --sizes 1000 10000

Memory is sampled every 50 ms over the whole process tree (the driver and every worker): the sum
of RSS (shared pages counted in every process, as `ps` shows them) and the sum of PSS (shared
pages split between processes). Inputs are streamed, so the peak should not grow with the corpus.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from batch_common import CLEANER, make_text_tree, require_shared, timed_run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    require_shared()
    peaks = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as work:
            work = Path(work)
            make_text_tree(work / "in", size)
            out = work / "out"
            result = timed_run([*CLEANER, "clean", str(work / "in"), "-o", str(out), "--jobs", str(args.jobs),
                                "--no-progress"], sample_memory=True)
            summary = json.loads((out / "summary.json").read_text())
            assert summary["documents"] == size and summary["failed"] == 0, result["stderr"]
            peaks[size] = result
            print(f"{size:>7,} files: peak RSS {result['peak_rss'] / 2**20:6.1f} MiB, peak PSS "
                  f"{result['peak_pss'] / 2**20:6.1f} MiB, {result['seconds']:.0f} s, "
                  f"{size / result['seconds']:.0f} documents/s", flush=True)
    small, large = min(peaks), max(peaks)
    for measure in ("peak_rss", "peak_pss"):
        growth = peaks[large][measure] / peaks[small][measure] - 1
        print(f"{measure}: {large:,} files vs {small:,}: {growth:+.1%}")


if __name__ == "__main__":
    main()
