"""Which rules could match a line at all, from its first character - so most regexes never run.

Most line rules are anchored (``^...``) and can only match a line that starts with one of a few
characters: ``^read\\s*\\|`` needs an "r" or "R". ``first_chars`` works that set out from the
pattern's syntax tree (Python's own regex parser, on a copy of the pattern with ``regex``-only
syntax widened to ``\\w``), and ``FirstCharIndex`` maps each first character to the rules worth
trying, in pack order. An unanchored pattern, or one the parser cannot read, is tried on every
line: the index only ever skips rules that provably cannot match.

Unanchored patterns usually need some word somewhere ("click" for ``\\bclick(?:ing)?\\s+here``):
``required_words`` finds such words, one Aho-Corasick pass finds which of them a line contains,
and a rule whose words are all absent is skipped. (A union regex of all rules, and regex or
substring scans for the words, were measured and cost more per line than they saved.)
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
import regex

try:  # Python 3.11+
    from re import _parser as sre_parse
    from re import _constants as sre
except ImportError:  # Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

ANY = None  # "could start with anything"
DIGIT = "<digit>"  # stands for every Unicode decimal digit: the index looks non-ASCII digits up here
_DIGITS = set("0123456789") | {DIGIT}
_UNICODE_CLASS = regex.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")
_NAMED_GROUP = regex.compile(r"\(\?P<\w+>")
_MAX_RANGE = 256  # wider character ranges count as "anything"


def first_chars(pattern: str, ignorecase: bool = False) -> frozenset[str] | None:
    """Characters a match of an anchored pattern can begin with (both cases when case-insensitive);
    None when the pattern is unanchored or its start cannot be worked out."""
    simplified = _NAMED_GROUP.sub("(?:", _UNICODE_CLASS.sub(r"\\w", pattern))
    try:
        tree = sre_parse.parse(simplified, re.IGNORECASE if ignorecase else 0)
    except (re.error, RecursionError, OverflowError):
        return ANY
    chars, _nullable, anchored = _sequence(list(tree), ignorecase)
    if not anchored or chars is ANY:
        return ANY
    return frozenset(chars)


def _sequence(items: list, fold: bool) -> tuple[set | None, bool, bool]:
    """(first characters, can match empty, anchored at the line start) of a sequence of nodes."""
    chars: set | None = set()
    anchored = False
    for op, arg in items:
        if op is sre.AT:
            if arg is sre.AT_BEGINNING and not chars:
                anchored = True
            continue
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width; ignoring it only widens the set
        first, nullable, inner_anchored = _node(op, arg, fold)
        if not chars and inner_anchored:
            anchored = True
        chars = ANY if first is ANY or chars is ANY else chars | first
        if not nullable:
            return chars, False, anchored
    return chars, True, anchored


def _node(op, arg, fold: bool) -> tuple[set | None, bool, bool]:
    if op is sre.LITERAL:
        return _cases(chr(arg), fold), False, False
    if op is sre.IN:
        return _charset(arg, fold), False, False
    if op is sre.BRANCH:
        results = [_sequence(list(alternative), fold) for alternative in arg[1]]
        return _union(r[0] for r in results), any(r[1] for r in results), all(r[2] for r in results)
    if op is sre.SUBPATTERN:
        add_flags = arg[1]
        return _sequence(list(arg[-1]), fold or bool(add_flags & re.IGNORECASE))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) or op is getattr(sre, "POSSESSIVE_REPEAT", None):
        low, _high, body = arg
        first, nullable, anchored = _sequence(list(body), fold)
        return first, nullable or low == 0, anchored
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(list(arg), fold)
    return ANY, False, False  # ANY, NOT_LITERAL, GROUPREF...


def _charset(items, fold: bool) -> set | None:
    out: set = set()
    for op, arg in items:
        if op is sre.LITERAL:
            out |= _cases(chr(arg), fold)
        elif op is sre.RANGE and arg[1] - arg[0] <= _MAX_RANGE:
            for code in range(arg[0], arg[1] + 1):
                out |= _cases(chr(code), fold)
        elif op is sre.CATEGORY and arg is sre.CATEGORY_SPACE:
            continue  # lines are stripped: whitespace is never their first character
        elif op is sre.CATEGORY and arg is sre.CATEGORY_DIGIT:
            out |= _DIGITS
        else:
            return ANY  # negated sets, \w, \d, wide ranges
    return out


def _cases(char: str, fold: bool) -> set:
    return {char, char.lower(), char.upper(), char.casefold()} if fold else {char}


def _union(sets: Iterable[set | None]) -> set | None:
    out: set = set()
    for item in sets:
        if item is ANY:
            return ANY
        out |= item
    return out


def required_words(pattern: str) -> frozenset[str] | None:
    """Casefolded literal strings one of which every match contains (a casefolded test is weaker,
    so it never skips a match); None when no such strings of ``MIN_LITERAL`` characters exist."""
    simplified = _NAMED_GROUP.sub("(?:", _UNICODE_CLASS.sub(r"\\w", pattern))
    try:
        tree = sre_parse.parse(simplified)
    except (re.error, RecursionError, OverflowError):
        return None
    found = _required(list(tree))
    return frozenset(word.casefold() for word in found) if found else None


MIN_LITERAL = 3  # shorter literals occur in too many lines to be worth testing


def _required(items: list) -> set[str] | None:
    """The most selective requirement among the mandatory parts of a sequence of nodes."""
    options: list[set[str]] = []
    run = ""
    for op, arg in items + [(None, None)]:
        if op is sre.LITERAL:
            run += chr(arg)
            continue
        if len(run) >= MIN_LITERAL:
            options.append({run})
        run = ""
        inner = None
        if op is sre.SUBPATTERN:
            inner = _required(list(arg[-1]))
        elif op is sre.BRANCH:
            alternatives = [_required(list(alternative)) for alternative in arg[1]]
            inner = set().union(*alternatives) if all(alternatives) else None
        elif (op in (sre.MAX_REPEAT, sre.MIN_REPEAT) or op is getattr(sre, "POSSESSIVE_REPEAT", None)) and arg[0] >= 1:
            inner = _required(list(arg[2]))
        if inner:
            options.append(inner)
    if not options:
        return None
    # the rarest requirement: fewest alternatives, then the longest shortest string
    return min(options, key=lambda option: (len(option), -min(map(len, option))))


@dataclass(frozen=True)
class Screen:
    """What a line must look like for one rule to have a chance: its first character, and one of
    its required words. Checking costs far less than the regex it spares."""

    first: frozenset[str] | None
    words: frozenset[str] | None

    @classmethod
    def of(cls, pattern: str, ignorecase: bool) -> Screen:
        return cls(first_chars(pattern, ignorecase), required_words(pattern))

    def admits(self, text: str) -> bool:
        if self.first is not None:
            first = text[:1]
            if first not in self.first and not (DIGIT in self.first and first.isdigit()):
                return False
        if self.words is not None:
            folded = text.casefold()
            return any(word in folded for word in self.words)
        return True


class FirstCharIndex:
    """For each possible first character of a line, the rules (in pack order) that could match it;
    ``candidates`` also leaves out rules whose required words the line lacks."""

    def __init__(self, rules: list, screens: dict[str, Screen]):
        first = {rule.id: screens[rule.id].first for rule in rules}
        self.always = [rule for rule in rules if first[rule.id] is ANY]
        keys = set().union(*(first[rule.id] for rule in rules if first[rule.id] is not ANY))
        self.by_char = {key: [rule for rule in rules if first[rule.id] is ANY or key in first[rule.id]]
                        for key in keys}
        self.required = {rule.id: screens[rule.id].words for rule in rules}
        self.words = ahocorasick.Automaton()
        for word in set().union(*(words for words in self.required.values() if words)):
            self.words.add_word(word, word)
        self.words.make_automaton() if len(self.words) else None

    def candidates(self, text: str) -> list:
        first = text[:1]
        if first not in self.by_char and first.isdigit():
            first = DIGIT  # a digit from another script: rules that start with \\d may match
        rules = self.by_char.get(first, self.always)
        if not len(self.words):
            return rules
        present = {word for _end, word in self.words.iter(text.casefold())}
        return [rule for rule in rules if (words := self.required[rule.id]) is None or not words.isdisjoint(present)]
