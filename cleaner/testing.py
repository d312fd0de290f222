"""Check rules against their own examples - used by the test suite and by ``cleaner rules test``.

For each rule, the rule runs alone (on a Cleaner holding only that rule) over each example:
``remove`` examples must lose something, ``keep`` examples must come back unchanged, and each
``fix`` pair must turn ``before`` into exactly ``after``. Line-level examples are single lines;
header, trailer, block and heuristic examples are whole documents, lines separated by newlines.
Selector examples are HTML snippets, run through the HTML path.
"""
from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .rules import SELECTOR, Rule


@dataclass(frozen=True)
class ExampleCase:
    rule: Rule
    expect: str       # "remove", "keep" or "fix"
    number: int
    text: str
    after: str | None = None

    @property
    def name(self) -> str:
        return f"{self.rule.id}/{self.expect}-{self.number}"


@dataclass(frozen=True)
class Failure:
    case: ExampleCase
    message: str

    def __str__(self) -> str:
        return f"{self.case.rule.source}: {self.case.name}: {self.message}"


def example_cases(rules: list[Rule]) -> list[ExampleCase]:
    cases = []
    for rule in rules:
        cases += [ExampleCase(rule, "remove", n, text) for n, text in enumerate(rule.examples.remove)]
        cases += [ExampleCase(rule, "keep", n, text) for n, text in enumerate(rule.examples.keep)]
        cases += [ExampleCase(rule, "fix", n, before, after) for n, (before, after) in enumerate(rule.examples.fix)]
    return cases


def run_case(case: ExampleCase) -> Failure | None:
    """Run one example; None when it passes."""
    from .pipeline import Cleaner  # local: pipeline imports this package's rule machinery

    cleaner = Cleaner.from_rules([case.rule], Config())
    kind = "html" if case.rule.kind == SELECTOR else "text"
    source = f"<html><body>{case.text}</body></html>" if kind == "html" else case.text
    result = cleaner.clean(source, kind=kind)
    touched = [r for r in result.removed if r.rule == case.rule.id]
    if case.expect == "remove" and not touched:
        return Failure(case, f"should remove something from {case.text!r} but removed nothing")
    if case.expect == "keep" and touched:
        return Failure(case, f"should keep {case.text!r} but removed {[r.text for r in touched]!r}")
    if case.expect == "fix" and _lines(result.text) != _lines(case.after):
        return Failure(case, f"turned {case.text!r} into {result.text!r}, expected {case.after!r}")
    return None


def check_rules(rules: list[Rule]) -> tuple[int, list[Failure], list[Rule]]:
    """(examples run, failures, rules lacking remove or keep examples)."""
    cases = example_cases(rules)
    failures = [failure for case in cases if (failure := run_case(case)) is not None]
    untested = [rule for rule in rules if not (rule.examples.remove or rule.examples.fix) or not rule.examples.keep]
    return len(cases), failures, untested


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]

