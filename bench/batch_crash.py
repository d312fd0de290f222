#!/usr/bin/env python3
"""Crash and resume: kill -9 a running `cleaner clean` midway, run it again, compare.

    python bench/batch_crash.py                     # 2,000 HTML pages, killed at about half
    python bench/batch_crash.py --docs 5000 --at 0.3

Two kills: SIGKILL to the driver process alone (`kill -9 PID`: its workers are orphaned) and to
the whole process group (`kill -9 -PGID`). After each, the same command runs again. Checked:
the output tree equals an uninterrupted run's byte for byte; no temporary file is left; no output
that existed after the kill was written again (same inode); the re-run cleaned exactly the
documents that had no output; no worker outlived its driver.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from batch_common import CLEANER, make_html_tree, require_shared, tree_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--at", type=float, default=0.5, help="kill when this share of outputs exists")
    args = parser.parse_args()
    require_shared()
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as work:
        work = Path(work)
        make_html_tree(work / "in", args.docs, per_folder=250)
        command = [*CLEANER, "clean", str(work / "in"), "--jobs", "2", "--no-progress"]
        subprocess.run([*command, "-o", str(work / "reference")], check=True, capture_output=True)
        reference = tree_bytes(work / "reference")
        for mode in ("driver", "group"):
            out = work / f"out-{mode}"
            job = subprocess.Popen([*command, "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
            while len(list(out.rglob("page*.txt"))) < args.docs * args.at:
                time.sleep(0.01)
            workers = _descendants(job.pid)
            os.kill(job.pid, signal.SIGKILL) if mode == "driver" else os.killpg(job.pid, signal.SIGKILL)
            job.wait()
            time.sleep(1.0)
            alive = [pid for pid in workers if Path(f"/proc/{pid}").exists() and not _zombie(pid)]
            for pid in alive:
                os.kill(pid, signal.SIGKILL)
            survivors = {path: path.stat().st_ino for path in out.rglob("page*.txt")}
            temps = list((out / ".cleaner" / "tmp").iterdir())
            complete = all(path.read_bytes() == reference[path.relative_to(out).as_posix()] for path in survivors)
            started = time.monotonic()
            rerun = subprocess.run([*command, "-o", str(out)], capture_output=True)
            summary = json.loads((out / "summary.json").read_text())
            same_tree = tree_bytes(out) == reference
            untouched = all(path.stat().st_ino == inode for path, inode in survivors.items())
            left = list((out / ".cleaner" / "tmp").iterdir())
            print(f"kill -9 ({mode}) with {len(survivors):,}/{args.docs:,} outputs written, {len(temps)} temporary "
                  f"file(s) at that moment; every existing output complete: {complete}; workers alive 1 s after "
                  f"the kill: {len(alive)}")
            print(f"  re-run: exit {rerun.returncode}, {time.monotonic() - started:.1f} s, skipped {summary['skipped']:,}, "
                  f"cleaned {summary['cleaned'] + summary['empty']:,} (expected {args.docs - len(survivors):,}); "
                  f"tree identical to uninterrupted run: {same_tree}; temporary files left: {len(left)}; "
                  f"outputs from before the kill rewritten: {0 if untouched else 'some'}")


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            stack += children
    return found


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True


if __name__ == "__main__":
    main()
