"""Check rules against their own examples - used by the test suite and by ``cleaner rules test``.

A pattern or selector rule runs alone (on a Cleaner holding only that rule), on examples taken as
text in its language. A heuristic runs after the built-in pattern rules, as it does in a real
run, since several heuristics read what those removed (a caption is the line above a removed
credit). ``remove`` examples must lose something to the rule, ``keep`` examples must lose nothing
to it, and each ``fix`` pair must turn ``before`` into exactly ``after``. Line-level examples are
single lines; header, trailer, block and heuristic examples are whole documents, lines separated
by newlines. Selector examples are HTML snippets, run through the HTML path.
"""
from __future__ import annotations

from dataclasses import dataclass

from dataclasses import replace
from functools import lru_cache

from .config import Config
from .rulefile import builtin_rules_dir, load_rules
from .prefilter import Screen
from .rules import HEURISTIC, LINE, PATTERN_KINDS, SELECTOR, SPAN, Rule
from .sites import SiteLines

EXAMPLE_SITE = "https://news.example"   # where examples with other pages of their site come from


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

    context = _builtin_pattern_rules() if case.rule.kind == HEURISTIC else ()
    rule = replace(case.rule, enabled=True)  # an opt-in rule is tested as if switched on
    # an example is text in the rule's language, however little of it there is to tell by
    language = case.rule.languages[0] if case.rule.languages else None
    cleaner = Cleaner.from_rules([*context, rule], Config(language=language))
    kind = "html" if case.rule.kind == SELECTOR else "text"
    source = f"<html><body>{case.text}</body></html>" if kind == "html" else case.text
    url = None
    if case.rule.examples.site:   # the example and its site's other pages, learned as a batch would
        url = f"{EXAMPLE_SITE}/example"
        cleaner = cleaner.with_sites(_learned_site(cleaner, [*case.rule.examples.site, source], kind))
    result = cleaner.clean(source, kind=kind, url=url)
    touched = [r for r in result.removed if r.rule == case.rule.id]
    if case.expect == "remove" and not touched:
        return Failure(case, f"should remove something from {case.text!r} but removed nothing")
    if case.expect == "keep" and touched:
        return Failure(case, f"should keep {case.text!r} but removed {[r.text for r in touched]!r}")
    if case.expect == "fix" and _lines(result.text) != _lines(case.after or ""):
        return Failure(case, f"turned {case.text!r} into {result.text!r}, expected {case.after!r}")
    return None


def check_rules(rules: list[Rule]) -> tuple[int, list[Failure], list[Rule]]:
    """(examples run, failures, rules lacking remove or keep examples)."""
    cases = example_cases(rules)
    failures = [failure for case in cases if (failure := run_case(case)) is not None]
    untested = [rule for rule in rules if not (rule.examples.remove or rule.examples.fix) or not rule.examples.keep]
    return len(cases), failures, untested


def unscreened(rules: list[Rule]) -> list[Rule]:
    """Line and span rules whose regex runs on every line: anchored nowhere, unbounded in length,
    needing no literal word (each costs every document a search per line; see prefilter.py)."""
    return [rule for rule in rules if rule.kind in (LINE, SPAN) and rule.pattern is not None
            and Screen.of(rule.pattern, rule.compile_pattern()).lets_every_line_through]


@lru_cache(maxsize=1)
def _builtin_pattern_rules() -> tuple[Rule, ...]:
    """The environment heuristics run in (loaded once; rules are immutable)."""
    return tuple(rule for rule in load_rules([builtin_rules_dir()], builtin=True) if rule.kind in PATTERN_KINDS)


def _learned_site(cleaner, pages: list[str], kind: str) -> SiteLines:
    urls = [f"{EXAMPLE_SITE}/page-{n}" for n in range(len(pages) - 1)] + [f"{EXAMPLE_SITE}/example"]
    return SiteLines.learn((cleaner.clean(page, kind=kind, url=url) for page, url in zip(pages, urls)), urls=urls)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]

