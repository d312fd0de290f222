"""Line rules whose pattern lists alternatives ("a|b|c") search a line one alternative at a time.

The regex engine finds a single alternative's literal text (``\\bnewsletters?\\b``) in a line far
faster than it tries every alternative at every position: a ten-way newsletter prompt took
11.8 us a line as one pattern and 3.3 us as ten searches. Each alternative also gets a word
screen of its own (``prefilter.Screen``), tighter than the rule's, so most of them never run.

A line rule only asks whether a line matches, and a line matches ``a|b`` exactly when it matches
``a`` or ``b``; a shared prefix or suffix around one group of alternatives distributes over them
(``(?:a|b)\\s*$`` is ``a\\s*$|b\\s*$``). Only patterns that may match anywhere in a line are split
(measured: an anchored one is tried at the line start alone, and split cost more than it saved).
Rules whose named groups or reach over several lines depend on which match is leftmost are left
whole, as are user rules (their time limit is per search).
"""
from __future__ import annotations

import regex

from .compile_cache import compiled
from .prefilter import Screen, all_held, holds_one
from .textdoc import fold

_QUANTIFIER = frozenset("?*+{")
_GLOBAL_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")


def alternatives(pattern: str) -> list[str] | None:
    """The pattern as a list of alternatives that match what it matches, or None when it is not
    a choice between alternatives (or is written in a way this reading does not follow)."""
    if _GLOBAL_FLAGS.search(pattern):
        return None   # "(?i)a|b": the flags would stay with one alternative only
    bars, groups = _top_level(pattern)
    if bars:
        cuts = [-1, *bars, len(pattern)]
        return [pattern[start + 1:end] for start, end in zip(cuts, cuts[1:])]
    choices = [(start, end) for start, end in groups if pattern.startswith("(?:", start)]
    if len(choices) != 1:
        return None
    start, end = choices[0]
    if pattern[end + 1:end + 2] in _QUANTIFIER:
        return None   # "(?:a|b)?c" is not "a?c|b?c"
    inner = alternatives(pattern[start + 3:end])
    if inner is None:
        return None
    return [pattern[:start] + part + pattern[end + 1:] for part in inner]


def _top_level(pattern: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Positions of the ``|`` outside any group, and the (open, close) positions of the groups
    outside any other group."""
    bars, groups, depth, opened, i = [], [], 0, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(pattern, i)
        elif char == "(":
            opened = i if depth == 0 else opened
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                groups.append((opened, i))
        elif char == "|" and depth == 0:
            bars.append(i)
        i += 1
    return bars, groups


def _class_end(pattern: str, start: int) -> int:
    """The position of the "]" closing the character class opened at ``start``."""
    i = start + 1
    if pattern[i:i + 1] == "^":
        i += 1
    if pattern[i:i + 1] == "]":
        i += 1   # a "]" first in the class is a literal
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i


class AnyOf:
    """A pattern searched one alternative at a time, each behind its own screen; answers
    ``search`` like the compiled pattern (which alternative's match it returns may differ)."""

    def __init__(self, compiled: regex.Pattern, parts: list[str]):
        self.pattern, self.flags, self.groupindex = compiled.pattern, compiled.flags, compiled.groupindex
        self.branches = [_branch(part, compiled.flags) for part in parts]
        # each branch with its screen's tests (length and words: a branch's screen tests no
        # start), read in the loop below: calling ``Screen.admits`` for each branch took 0.8% of
        # the instructions of a first pass over the article-level texts
        self._tests = [(branch, screen.max_length, None if screen.words is None else tuple(screen.words),
                        screen.also) for branch, screen in self.branches]

    def search(self, text: str, pos: int = 0, endpos: int | None = None, concurrent: bool | None = None):
        folded = None
        length = len(text)
        for branch, max_length, words, also in self._tests:
            if length > max_length:
                continue
            if words is not None:
                if folded is None:
                    folded = fold(text)
                if not holds_one(words, folded) or also and not all_held(also, folded):
                    continue
            if match := branch.search(text, pos, endpos, concurrent):
                return match
        return None


def _branch(part: str, flags: int) -> tuple[regex.Pattern, Screen]:
    """One alternative, compiled, and its screen (both kept by compile_cache, as the rules' own)."""
    branch = compiled(part, flags)
    return branch, Screen.of(part, branch, start_test=False)   # the rule's own screen tested the start


def split_searches(compiled: regex.Pattern) -> AnyOf | None:
    """An ``AnyOf`` for a pattern that lists alternatives, else None."""
    if compiled.groupindex or compiled.flags & regex.VERBOSE:
        return None
    parts = alternatives(compiled.pattern)
    return AnyOf(compiled, parts) if parts and len(parts) > 1 else None
