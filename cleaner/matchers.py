"""Apply pattern rules (line, span, header, trailer) to a Page; one function per kind.

Every regex runs with a time limit: a pattern that takes too long on some line is reported in the
result's warnings by rule id and skipped for the rest of the document, so it cannot hang a run.
"""
from __future__ import annotations

from collections.abc import Callable

import regex

from .rules import Rule
from .textdoc import Page, is_prose


class _Skip(Exception):
    """Raised inside a matcher when its rule timed out; the rule is skipped for this document."""


def _search(pattern: regex.Pattern, text: str, rule: Rule, page: Page, timeout: float):
    try:
        return pattern.search(text, timeout=timeout)
    except TimeoutError:
        page.warnings.append(f"rule {rule.id!r} ({rule.source}): regex took over {timeout}s on "
                             f"{text[:60]!r}; rule skipped for this document")
        raise _Skip from None


def _finditer(pattern: regex.Pattern, text: str, rule: Rule, page: Page, timeout: float) -> list:
    try:
        return list(pattern.finditer(text, timeout=timeout))
    except TimeoutError:
        page.warnings.append(f"rule {rule.id!r} ({rule.source}): regex took over {timeout}s on "
                             f"{text[:60]!r}; rule skipped for this document")
        raise _Skip from None


def _groups(match) -> dict[str, str | None]:
    return match.groupdict() if match.re.groupindex else {}


def apply_line_rule(page: Page, rule: Rule, pattern: regex.Pattern, timeout: float) -> None:
    """Drop every kept line the pattern matches (lines longer than ``max_words`` are spared)."""
    for i in page.kept_indices():
        if rule.max_words is not None and page.lines[i].words > rule.max_words:
            continue
        match = _search(pattern, page.texts[i], rule, page, timeout)
        if match:
            page.note(_groups(match))
            page.drop(i, rule.id)


def apply_span_rules(page: Page, rules: list[Rule], patterns: dict[str, regex.Pattern], timeout: float) -> None:
    """Strip the spans all span rules match, in one pass per line so offsets stay exact.

    A line left without any word is dropped under the id of the rule that matched first in it.
    """
    skipped: set[str] = set()
    for i in page.kept_indices():
        text = page.lines[i].text
        spans = []
        for rule in rules:
            if rule.id in skipped or (rule.max_words is not None and page.lines[i].words > rule.max_words):
                continue
            try:
                matches = _finditer(patterns[rule.id], text, rule, page, timeout)
            except _Skip:
                skipped.add(rule.id)
                continue
            for match in matches:
                if match.end() > match.start():
                    page.note(_groups(match))
                    spans.append((match.start(), match.end(), rule.id))
        if spans:
            page.strip_spans(i, spans)


def apply_header_rule(page: Page, rule: Rule, pattern: regex.Pattern, timeout: float) -> None:
    """Cut from the first kept line through the line where a match ends, within the first lines."""
    kept = page.kept_indices()[: rule.within]
    if not kept:
        return
    head = "\n".join(page.texts[i] for i in kept)
    match = _search(pattern, head, rule, page, timeout)
    if not match:
        return
    last = head.count("\n", 0, max(match.start(), match.end() - 1))
    page.note(_groups(match))
    for i in kept[: last + 1]:
        page.drop(i, rule.id)


def apply_trailer_rule(page: Page, rule: Rule, pattern: regex.Pattern, timeout: float) -> None:
    """Cut from a marker line to the end, if the marker starts in the last ``tail`` share of the text."""
    kept = page.kept_indices()
    total = sum(len(page.texts[i]) + 1 for i in kept)
    position = 0
    for n, i in enumerate(kept):
        in_tail = position >= (1 - rule.tail) * total
        position += len(page.texts[i]) + 1
        if not in_tail or (rule.max_words is not None and page.lines[i].words > rule.max_words):
            continue
        match = _search(pattern, page.texts[i], rule, page, timeout)
        if match:
            page.note(_groups(match))
            for j in kept[n:]:
                page.drop(j, rule.id)
            return


def apply_block_rule(page: Page, rule: Rule, pattern: regex.Pattern, timeout: float) -> None:
    """Drop a widget heading and up to ``max_lines`` following lines that do not read as prose."""
    kept = page.kept_indices()
    n = 0
    while n < len(kept):
        i = kept[n]
        n += 1
        if rule.max_words is not None and page.lines[i].words > rule.max_words:
            continue
        match = _search(pattern, page.texts[i], rule, page, timeout)
        if not match:
            continue
        page.drop(i, rule.id)
        for j in kept[n: n + rule.max_lines]:
            if is_prose(page, j):
                break
            page.drop(j, rule.id)
            n += 1


MATCHERS: dict[str, Callable[[Page, Rule, regex.Pattern, float], None]] = {
    "line": apply_line_rule,
    "header": apply_header_rule,
    "trailer": apply_trailer_rule,
    "block": apply_block_rule,
}


def apply_pattern_rule(page: Page, rule: Rule, pattern: regex.Pattern, timeout: float) -> None:
    try:
        MATCHERS[rule.kind](page, rule, pattern, timeout)
    except _Skip:
        pass
