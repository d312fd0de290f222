#!/usr/bin/env python3
"""Fault isolation: 1% of the inputs corrupted; every good file must be cleaned, every bad one listed.

    python bench/batch_corrupt.py                   # 5,000 files: .html, .html.gz and .txt
    python bench/batch_corrupt.py --docs 20000

Corruptions, in equal numbers: binary junk, truncated gzip, invalid UTF-8 (a UTF-8 page with
stray bytes that no encoding decodes cleanly), empty files. Each good file's output is compared with
the output of the same file cleaned alone in a corruption-free run.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from batch_common import CLEANER, html_pages, require_shared, text_pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000)
    args = parser.parse_args()
    require_shared()
    rng = random.Random(7)
    pages, texts = html_pages(), text_pages()
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as work:
        work = Path(work)
        good, bad = {}, {}
        kinds = ["junk", "truncated-gzip", "invalid-utf8", "empty"]
        corrupt_at = set(rng.sample(range(args.docs), args.docs // 100))
        for number in range(args.docs):
            folder = work / "in" / f"{number // 1000:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            if number in corrupt_at:
                kind = kinds[len(bad) % len(kinds)]
                path, data = _corrupt(folder, number, kind, pages, texts, rng)
                bad[path] = kind
            else:
                flavour = number % 3
                if flavour == 0:
                    path, data = folder / f"f{number:06d}.html", pages[number % len(pages)]
                elif flavour == 1:
                    path, data = folder / f"f{number:06d}.html.gz", gzip.compress(pages[number % len(pages)], 1)
                else:
                    path, data = folder / f"f{number:06d}.txt", texts[number % len(texts)].encode("utf-8")
                good[path] = data
            path.write_bytes(data)
        out = work / "out"
        run = subprocess.run([*CLEANER, "clean", str(work / "in"), "-o", str(out), "--no-progress"],
                             capture_output=True, text=True)
        summary = json.loads((out / "summary.json").read_text())
        errors = {json.loads(line)["path"]: json.loads(line)["reason"]
                  for line in (out / "errors.jsonl").read_text().splitlines()}

        # reference: the good files alone
        clean_in = work / "clean-in"
        for path, data in good.items():
            target = clean_in / path.relative_to(work / "in")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        subprocess.run([*CLEANER, "clean", str(clean_in), "-o", str(work / "reference"), "--no-progress"],
                       capture_output=True, check=True)

        def output_of(root: Path, path: Path) -> Path:
            rel = path.relative_to(work / "in").as_posix().removesuffix(".gz").rsplit(".", 1)[0] + ".txt"
            return root / rel

        good_same = sum(output_of(out, p).exists() and output_of(out, p).read_bytes() ==
                        output_of(work / "reference", p).read_bytes() for p in good)
        listed = Counter(kind for path, kind in bad.items() if str(path) in errors)
        print(f"{args.docs:,} files, {len(bad)} corrupted; exit code {run.returncode}; summary: "
              f"{summary['cleaned']:,} cleaned, {summary['empty']} empty, {summary['failed']} failed")
        print(f"good files cleaned with the same output as in a clean run: {good_same:,}/{len(good):,}")
        for kind in kinds:
            total = sum(1 for k in bad.values() if k == kind)
            reasons = Counter(errors[str(p)] for p, k in bad.items() if k == kind and str(p) in errors)
            print(f"  {kind}: {listed[kind]}/{total} listed in errors.jsonl; reasons: "
                  + "; ".join(f"{reason!r} x{count}" for reason, count in reasons.most_common(3)))
        unexpected = set(errors) - {str(p) for p in bad}
        print(f"good files listed as errors: {len(unexpected)}")


def _corrupt(folder: Path, number: int, kind: str, pages, texts, rng: random.Random) -> tuple[Path, bytes]:
    page = pages[number % len(pages)]
    if kind == "junk":
        return folder / f"f{number:06d}.html", rng.randbytes(20_000)
    if kind == "truncated-gzip":
        packed = gzip.compress(page)
        return folder / f"f{number:06d}.html.gz", packed[: len(packed) // 2]
    if kind == "invalid-utf8":
        text = texts[number % len(texts)].encode("utf-8")
        soup = bytearray(text)
        for _ in range(len(soup) // 20):   # one stray byte every ~20
            soup.insert(rng.randrange(len(soup)), rng.choice([0x80, 0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xC0, 0xFF]))
        return folder / f"f{number:06d}.txt", bytes(soup)
    return folder / f"f{number:06d}.txt", b""


if __name__ == "__main__":
    main()
