#!/usr/bin/env python3
"""Clutter lines and body lines in 22 languages, each set alone inside an article of its language.

    python bench/lines.py                         # every set in corpus/clutter-lines and corpus/body-lines
    python bench/lines.py --at end --show         # each line after the last paragraph; list the misses

Each line of ``corpus/clutter-lines/*.jsonl`` and ``corpus/body-lines/*.jsonl`` is put between
the paragraphs of an expected body of its language from ``corpus/expected/`` (after the third,
``--at middle``; after the last, ``--at end``) and the text is cleaned. The figures are the share
of clutter lines removed with the article left whole (a trailer rule that takes the line and the
paragraphs after it is counted apart, as CUT), by set, language and family, and the share of body
lines kept. A clutter line in the middle of prose is the hard case: at the end of an article the
main region takes most short lines anyway. ``held-out-3.jsonl`` was written apart from the rules
and is read by no one who writes them; the other clutter sets are the wordings the rules were
written against (the test suite checks those).
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from functools import cache
from pathlib import Path

import cleaner

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@cache   # read once a language, not once a line
def body_of(language: str) -> list[str]:
    """Paragraphs of the first expected body in ``language`` with four or more of them (the test
    suite sets the line sets into the same articles: tests/test_corpus.py)."""
    for path in sorted((CORPUS / "expected" / language).glob("*.txt")):
        paragraphs = [line for line in path.read_text(encoding="utf-8").splitlines() if len(line) >= 60]
        if len(paragraphs) >= 4:
            return paragraphs[:6]
    raise LookupError(f"no expected body in {language!r} has four paragraphs")


def placed(paragraphs: list[str], line: str, at: str = "middle") -> str:
    """``line`` set between ``paragraphs``: after the third (``at="middle"``) or after the last."""
    cut = 3 if at == "middle" else len(paragraphs)
    return "\n\n".join([*paragraphs[:cut], line, *paragraphs[cut:]])


def cleaned(line: str, language: str, at: str) -> tuple[bool, int]:
    """Whether ``line`` is still in the cleaned text of an article in ``language`` it was set into
    (a list item may lose its bullet: ``layout.bullet`` strips it), and how many of the article's
    own paragraphs were lost with it (a trailer that takes a line takes what follows it too)."""
    paragraphs = body_of(language)
    text = cleaner.clean(placed(paragraphs, line, at), kind="text").text
    left = set(map(unbulleted, text.splitlines()))
    return unbulleted(line) in left, sum(paragraph not in left for paragraph in paragraphs)


def unbulleted(line: str) -> str:
    return line.lstrip("-•*–— ")


def measure(path: Path, at: str, show: bool) -> None:
    rows = [json.loads(row) for row in path.read_text(encoding="utf-8").splitlines()]
    clutter = "family" in rows[0]
    hits, totals = Counter(), Counter()   # (language or family) -> lines handled right, lines
    misses, cuts = [], []   # lines handled wrong; clutter lines removed with paragraphs of the article
    for row in rows:
        still_there, lost = cleaned(row["text"], row["lang"], at)
        right = still_there != clutter and not lost
        for key in (row["lang"], row.get("family")):
            if key:
                hits[key] += right
                totals[key] += 1
        if not right:
            (cuts if clutter and not still_there else misses).append((row, lost))
    done = len(rows) - len(misses) - len(cuts)
    what = "removed, the article whole" if clutter else "kept, the article whole"
    print(f"{path.parent.name}/{path.name}: {done}/{len(rows)} {what} ({done / len(rows):.1%}), line set at the {at}")
    if clutter:
        print(f"  removed with paragraphs of the article after it: {len(cuts)}; left: {len(misses)}")
    languages = sorted({row["lang"] for row in rows})
    print("  by language: " + ", ".join(f"{code} {hits[code]}/{totals[code]}" for code in languages))
    if clutter:
        families = sorted({row["family"] for row in rows})
        print("  by family:   " + ", ".join(f"{name} {hits[name]}/{totals[name]}" for name in families))
    if show:
        for label, wrong in (("LEFT" if clutter else "LOST", misses), ("CUT", cuts)):
            for row, lost in wrong:
                paragraphs = f" (+{lost} paragraphs)" if lost else ""
                print(f"  {label} {row['lang']} {row.get('family', ''):10} {row['text']}{paragraphs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--at", choices=("middle", "end"), default="middle", help="where each line is set")
    parser.add_argument("--show", action="store_true", help="list the lines handled wrong")
    parser.add_argument("sets", nargs="*", type=Path, help="JSONL files (default: the corpus's line sets)")
    args = parser.parse_args()
    paths = args.sets or sorted((CORPUS / "clutter-lines").glob("*.jsonl")) + sorted((CORPUS / "body-lines").glob("*.jsonl"))
    try:
        for path in paths:
            measure(path, args.at, args.show)
    except LookupError as error:   # a line set in a language the corpus has no article in
        raise SystemExit(f"bench/lines.py: {error}") from None


if __name__ == "__main__":
    main()
