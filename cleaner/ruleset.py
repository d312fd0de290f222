"""Rules compiled once and grouped by the pipeline step that runs them; cheap to pickle."""
from __future__ import annotations

from lxml import etree
from cssselect import GenericTranslator

from .prefilter import FirstCharIndex, first_chars
from .rules import LINE, SELECTOR, Rule


class RuleSet:
    """An immutable, compiled collection of rules.

    Compiled regexes and XPaths are rebuilt from the plain rules on unpickling, so a RuleSet can be
    shipped to worker processes or cluster nodes.
    """

    def __init__(self, rules: list[Rule]):
        self.rules = tuple(rules)
        self.patterns = {rule.id: rule.compile_pattern() for rule in rules if rule.pattern is not None}
        self.xpaths = {rule.id: etree.XPath(GenericTranslator().css_to_xpath(rule.selector))
                       for rule in rules if rule.kind == SELECTOR}
        self.by_id = {rule.id: rule for rule in rules}
        line_rules = [rule for rule in rules if rule.kind == LINE]
        self.line_index = FirstCharIndex(
            line_rules, {rule.id: first_chars(rule.pattern, "ignorecase" in rule.flags) for rule in line_rules})

    def __getstate__(self) -> dict:
        return {"rules": self.rules}

    def __setstate__(self, state: dict) -> None:
        self.__init__(list(state["rules"]))

    def __len__(self) -> int:
        return len(self.rules)

    def select(self, kind: str, mode: str, language: str | None, host: str | None) -> list[Rule]:
        """Rules of one kind that apply to a document, in pack order."""
        return [rule for rule in self.rules if rule.kind == kind and rule.applies_to(mode, language, host)]
