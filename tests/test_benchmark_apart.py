"""The shared benchmark stays out of the repository: no rule example, no text a rule's
description quotes and no line of corpus/ is a line of its pages or of their gold bodies. Rules
are written from patterns that recur across sites; a benchmark line pasted in as an example
would make its score a test of itself."""
import json
from functools import lru_cache

import pytest
import regex

from cleaner.rulefile import builtin_rules_dir, load_rules
from conftest import ROOT, SHARED

BENCH = SHARED / "bench"
pytestmark = pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench not present")
# shorter lines ("Advertisement", "Share this article", a date) recur on many sites by nature:
# our own lines may well say the same
MIN_CHARACTERS = 40
_QUOTED = regex.compile(r'"([^"]+)"|“([^”]+)”')


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if len(line.strip()) >= MIN_CHARACTERS}


@lru_cache(maxsize=1)
def _benchmark_lines() -> frozenset[str]:
    lines: set[str] = set()
    for level in ("article", "page"):
        path = BENCH / "text" / f"{level}.jsonl"
        for row in map(json.loads, path.read_text(encoding="utf-8").splitlines() if path.exists() else []):
            lines |= _lines(row["input"]) | _lines(row["gold"])
    gold = BENCH / "scrapinghub" / "ground-truth.json"
    for doc in json.loads(gold.read_text(encoding="utf-8")).values() if gold.exists() else []:
        lines |= _lines(doc.get("articleBody") or "")
    return frozenset(lines)


def _example_texts():
    for rule in load_rules([builtin_rules_dir()]):
        examples = rule.examples
        for text in [*examples.remove, *examples.keep, *(part for pair in examples.fix for part in pair)]:
            yield f"{rule.source}: {rule.id}", text
        for match in _QUOTED.finditer(rule.description):
            yield f"{rule.source}: {rule.id} (description)", next(filter(None, match.groups()))


def _corpus_texts():
    for path in sorted((ROOT / "corpus").rglob("*")):
        if path.suffix == ".jsonl":
            for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
                yield str(path.relative_to(ROOT)), row["text"]
        elif path.suffix in (".txt", ".html", ".md"):
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8", errors="replace")


def test_no_rule_example_or_corpus_line_is_a_benchmark_line():
    benchmark = _benchmark_lines()
    assert benchmark   # the files were read
    copied = [f"{where}: {line[:80]!r}" for source in (_example_texts(), _corpus_texts())
              for where, text in source for line in _lines(text) & benchmark]
    assert not copied, "lines copied from ../shared/bench:\n" + "\n".join(copied)


def test_the_check_finds_a_copied_line():
    line = next(iter(_benchmark_lines()))
    assert _lines(f"ours\n{line}\nours too") & _benchmark_lines() == {line}
