"""Shared pieces of the batch benchmarks: corpora made from the shared pages, timed runs, memory.

Corpora are generated into a temporary folder from ../shared/bench (never copied into the repo);
when that folder is missing the benchmarks say so and exit 0.
"""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

SHARED_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
PAGES = SHARED_BENCH / "scrapinghub" / "html"
TEXTS = SHARED_BENCH / "text" / "page.jsonl"
BIN = Path(sys.executable).parent
CLEANER = [str(BIN / "cleaner")] if (BIN / "cleaner").exists() else [sys.executable, "-m", "cleaner"]


def require_shared() -> None:
    if not PAGES.is_dir() or not TEXTS.is_file():
        print(f"skipped: {SHARED_BENCH} is missing (the benchmarks replicate its pages)")
        sys.exit(0)


def html_pages() -> list[bytes]:
    return [gzip.decompress(path.read_bytes()) for path in sorted(PAGES.glob("*.html.gz"))]


def text_pages() -> list[str]:
    return [json.loads(line)["input"] for line in TEXTS.read_text(encoding="utf-8").splitlines()]


def make_html_tree(folder: Path, count: int, per_folder: int = 1000) -> list[Path]:
    """``count`` .html files, the shared pages over and over, in folders of ``per_folder``."""
    pages = html_pages()
    return _write_tree(folder, count, per_folder, "page{:07d}.html",
                       lambda number: pages[number % len(pages)])


def make_text_tree(folder: Path, count: int, per_folder: int = 1000) -> list[Path]:
    """``count`` distinct .txt files (a numbered first line on the shared scraped pages)."""
    texts = text_pages()
    return _write_tree(folder, count, per_folder, "doc{:07d}.txt",
                       lambda number: f"Item {number}\n\n{texts[number % len(texts)]}".encode())


def _write_tree(folder: Path, count: int, per_folder: int, name: str, content) -> list[Path]:
    paths = []
    for number in range(count):
        path = folder / f"{number // per_folder:04d}" / name.format(number)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content(number))
        paths.append(path)
    return paths


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cleaner" not in p.relative_to(folder).parts and p.name != "summary.json"}


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes of ``pid`` and all its descendants."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except OSError:
            continue
        stack += _children(current)
    return rss, pss


def _busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, all cores."""
    ticks = os.sysconf("SC_CLK_TCK")
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / ticks, sum(values) / ticks


def timed_run(command: list[str], *, sample_memory: bool = False, env: dict | None = None) -> dict:
    """Run ``command``; wall time, exit code, (optionally) peak RSS and PSS of its process tree, and
    ``others``: cores kept busy meanwhile by processes outside it (another job on the machine
    makes a throughput figure meaningless)."""
    own_before = os.times()
    busy_before, _ = _busy()
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    peak = [0, 0]
    if sample_memory:
        def sample():
            while process.poll() is None:
                rss, pss = _memory(process.pid)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                time.sleep(0.05)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.wait()
    if sample_memory:
        sampler.join()
    seconds = time.monotonic() - started
    own_after = os.times()
    own = sum(own_after[i] - own_before[i] for i in (0, 1, 2, 3))
    busy = _busy()[0] - busy_before
    return {"seconds": seconds, "returncode": process.returncode, "peak_rss": peak[0], "peak_pss": peak[1],
            "stderr": stderr, "cpu": own, "others": max(0.0, (busy - own) / seconds)}
