#!/usr/bin/env python3
"""Cost of a large ad-filter list on HTML cleaning.

Writes a synthetic EasyList-sized list (20,000 generic class/id filters, 2,000 attribute filters,
2,000 domain-scoped ones) to a temporary file and cleans the shared scrapinghub pages with and
without it. Prints load time and ms/page for both; skips when ../shared/bench is absent.

    python bench/filter_list_speed.py [--pages 60]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import DEFAULT_SETS, load_set  # noqa: E402

import cleaner  # noqa: E402


def synthetic_list(path: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    words = ["ad", "ads", "banner", "sponsor", "promo", "teaser", "widget", "box", "slot", "unit", "top",
             "side", "rail", "native", "outbrain", "taboola", "partner", "block", "wrap", "inner"]
    lines = ["[Adblock Plus 2.0]", "! synthetic list for benchmarking"]
    for n in range(20_000):
        name = "-".join(rng.sample(words, 2)) + f"-{n}"
        lines.append(f"##.{name}" if n % 3 else f"###{name}")
    for n in range(2_000):
        lines.append(f'##a[href^="https://ads{n}.example/"]')
    for n in range(2_000):
        lines.append(f"site{n}.example##.{rng.choice(words)}-{n}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=60)
    args = parser.parse_args()
    docs = load_set(DEFAULT_SETS["scrapinghub-html"], args.pages)
    if not docs:
        print("skipped: ../shared/bench/scrapinghub not found")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic-easylist.txt"
        synthetic_list(path)
        start = time.perf_counter()
        with_list = cleaner.Cleaner(rules=[path])
        load = time.perf_counter() - start
        plain = cleaner.Cleaner()
        timings = {"built-in rules": 0.0, "with 24,000 filters": 0.0}
        for doc in docs:  # interleaved, so machine load affects both alike
            for name, engine in (("built-in rules", plain), ("with 24,000 filters", with_list)):
                start = time.perf_counter()
                engine.clean(doc.source, kind="html", url=doc.url)
                timings[name] += time.perf_counter() - start
    print(f"loading 24,000 filters: {load:.2f} s ({len(with_list.ruleset)} rules in force)")
    for name, seconds in timings.items():
        print(f"{name:22} {1000 * seconds / len(docs):6.2f} ms/page over {len(docs)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
