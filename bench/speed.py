#!/usr/bin/env python3
"""Cleaning speed on one core: milliseconds per document, per benchmark set.

    python bench/speed.py                    # every default set that exists in ../shared/bench
    python bench/speed.py --set text-article --passes 10
    python bench/speed.py --by-language      # the corpus's text articles, language by language

For each set it prints the first pass with a fresh Cleaner (cold: the per-process caches of
rule selection and line screening are still empty), the best of ``--passes`` further passes
(steady state), and the best of as many passes that score each document against its gold
right after cleaning it, timing the cleaning only ("scored", as the shared scorecard times):
the scoring's work pushes the cleaner's tables out of the processor's caches between
documents, as a batch's reading, parsing and writing does, so this is nearer what a long
batch sees than a loop over the documents alone. HTML sets also time ``trafilatura.extract``
alone on the same pages (without comments, as the shared scorecard calls it), interleaved
with the cleaner's passes so both see the same machine load.

``--by-language`` times the sample articles of ``corpus/input/<language>/`` instead (steady
state, with the time per 1,000 characters): scripts that fit no single-byte code page (Han,
kana, Hangul, Arabic, Devanagari...) are counted by regex, not by a byte table, and cost more
per character.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import trafilatura
from datasets import DEFAULT_SETS, load_set
from metrics import tp_fp_fn

import cleaner


def extract(source: str) -> str | None:
    """trafilatura alone, as the shared scorecard calls it."""
    return trafilatura.extract(source, include_comments=False)


def seconds(function, sources) -> float:
    start = time.perf_counter()
    for source in sources:
        function(source)
    return time.perf_counter() - start


def seconds_scored(clean, docs) -> float:
    """The cleaning time of a pass that scores each document right after cleaning it."""
    total = 0.0
    for doc in docs:
        start = time.perf_counter()
        result = clean(doc.source)
        total += time.perf_counter() - start
        tp_fp_fn(doc.gold, result.text)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", choices=sorted(DEFAULT_SETS), help="a default set (repeatable)")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--by-language", action="store_true", help="time the corpus's text articles per language")
    args = parser.parse_args()
    print(f"cleaner {cleaner.__version__}, {'compiled' if cleaner.COMPILED else 'pure Python'} build "
          f"(imported from {cleaner.__file__})")
    if args.by_language:
        by_language(args.passes)
        return
    for name in args.set or DEFAULT_SETS:
        docs = load_set(DEFAULT_SETS[name])
        if not docs:
            print(f"{name}: skipped, {DEFAULT_SETS[name]} is missing")
            continue
        kind = docs[0].kind
        sources = [doc.source for doc in docs]
        engine = cleaner.Cleaner()
        clean = lambda source: engine.clean(source, kind=kind)  # noqa: E731
        cold = seconds(clean, sources)
        best = scored = baseline = float("inf")
        for _ in range(args.passes):
            best = min(best, seconds(clean, sources))
            scored = min(scored, seconds_scored(clean, docs))
            if kind == "html":
                baseline = min(baseline, seconds(extract, sources))
        per_doc = 1000 / len(docs)
        line = (f"{name:18s} cold {cold * per_doc:6.2f} ms/doc   steady {best * per_doc:6.2f} ms/doc"
                f"   scored {scored * per_doc:6.2f} ms/doc")
        if kind == "html":
            line += f"   trafilatura.extract {baseline * per_doc:6.2f} ms/doc   ratio {best / baseline:.2f}x"
        print(f"{line}   ({len(docs)} documents, best of {args.passes} passes)", flush=True)


def by_language(passes: int) -> None:
    """Steady-state time of the corpus's text articles, one line per language, slowest first."""
    engine = cleaner.Cleaner()
    rows = []
    for folder in sorted((Path(__file__).resolve().parents[1] / "corpus" / "input").iterdir()):
        texts = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]
        if not texts:
            continue
        clean = lambda source: engine.clean(source, kind="text")  # noqa: E731
        seconds(clean, texts)   # warm the language's caches
        best = min(seconds(clean, texts) for _ in range(passes))
        characters = sum(map(len, texts))
        rows.append((best / characters, folder.name, len(texts), best / len(texts), characters / len(texts)))
    for per_character, name, count, per_doc, size in sorted(rows, reverse=True):
        print(f"{name:6s} {per_doc * 1000:6.2f} ms/doc   {per_character * 1e6 * 1000:5.0f} us per 1,000 characters"
              f"   ({count} article{'s' if count > 1 else ''}, {size:,.0f} characters on average)")


if __name__ == "__main__":
    main()
