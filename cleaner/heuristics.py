"""Heuristics: what a regex cannot say, as small named functions that YAML rules switch on and tune.

Each heuristic takes the Page and its keyword-only parameters (the defaults below are what a rule
gets when it sets no ``params``) and returns the indices of the lines to drop. The rule that runs
it supplies the id recorded with each removal.

Heuristics rest on signals that hold across languages: position, length, punctuation,
capitalisation, repetition and similarity to the title. They run after the pattern rules, in
the order their rules appear in the packs, and see only the lines still kept.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

import regex

from .textdoc import Page, ends_like_sentence, is_prose

_TOKEN = regex.compile(r"\w+")
_HAS_LOWER = regex.compile(r"\p{Ll}")
_HAS_LETTER = regex.compile(r"\p{L}")


HEURISTICS: dict[str, Callable[..., Iterable[int]]] = {}


def heuristic(function):
    """Register a heuristic under its function name, for rules to refer to."""
    HEURISTICS[function.__name__] = function
    return function


# ----------------------------------------------------------------------------------- signals

def is_caps_label(text: str, max_words: int) -> bool:
    return (bool(_HAS_LETTER.search(text)) and not _HAS_LOWER.search(text)
            and len(_TOKEN.findall(text)) <= max_words)


def similarity(a: str, b: str) -> float:
    """Share of the shorter text's distinct words that the other contains (case-insensitive)."""
    ta, tb = set(_TOKEN.findall(a.lower())), set(_TOKEN.findall(b.lower()))
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def _body_bounds(page: Page, kept: list[int], min_words: int) -> tuple[int, int] | None:
    """Positions (in ``kept``) of the first and last prose lines."""
    prose = [n for n, i in enumerate(kept) if is_prose(page, i, min_words)]
    return (prose[0], prose[-1]) if prose else None


# ------------------------------------------------------------------------------ heuristics

@heuristic
def main_region(page: Page, *, min_words: int = 10, line_cost: float = 4.0,
                unpunctuated_weight: float = 0.5) -> list[int]:
    """Keep the stretch of lines richest in prose; drop navigation, sidebars and footers around it.

    Each prose line scores its word count; a long line without final punctuation (a paragraph
    cut short, or a standfirst) scores ``unpunctuated_weight`` of it; every other line costs
    ``line_cost``. The kept region is the maximum-sum run of lines: a short menu inside the
    article costs less than the paragraphs on both sides bring, so the article stays whole.
    """
    def score(i: int) -> float:
        # Lines already dropped by pattern rules still count as clutter: removing a menu's
        # "Share" and "Privacy" items must not make the menu look cheaper to include.
        if not page.kept[i] or page.lines[i].words < min_words:
            return -line_cost
        if ends_like_sentence(page.texts[i]):
            return page.lines[i].words
        return unpunctuated_weight * page.lines[i].words if page.lines[i].words >= 2 * min_words else -line_cost

    scores = [score(i) for i in range(len(page.lines))]
    best, best_span = 0.0, None
    running, start = 0.0, 0
    for n, score in enumerate(scores):
        if running <= 0:
            running, start = 0.0, n
        running += score
        if running > best:
            best, best_span = running, (start, n)
    if best_span is None:
        return []
    first, last = best_span
    return [i for i in page.kept_indices() if i < first or i > last]


@heuristic
def title_lines(page: Page, *, head_lines: int = 8, min_similarity: float = 0.8, max_extra_words: int = 6) -> list[int]:
    """Drop copies of the headline among the first lines (the title is kept in ``.title``).

    A copy is a line whose words are nearly all in the title (a shortened headline), or a line
    holding the title plus at most ``max_extra_words`` more (a site name, a section label) and
    not ending in a full stop: a lead paragraph that repeats the headline's words is longer.
    """
    if not page.title:
        return []
    title = set(_TOKEN.findall(page.title.lower()))
    out = []
    for i in page.kept_indices()[:head_lines]:
        words = set(_TOKEN.findall(page.texts[i].lower()))
        if not words or not title:
            continue
        shared = len(words & title)
        shortened = shared / len(words) >= min_similarity
        extended = (shared / len(title) >= min_similarity and len(words - title) <= max_extra_words
                    and not page.texts[i].endswith("."))
        if shortened or extended:
            out.append(i)
    return out


@heuristic
def caps_labels(page: Page, *, max_words: int = 3) -> list[int]:
    """Drop short ALL-CAPS label lines ("COMMENT", "ADVERTISEMENT", "WE RECOMMEND")."""
    return [i for i in page.kept_indices() if is_caps_label(page.texts[i], max_words)]


@heuristic
def repeated_lines(page: Page, *, max_words: int = 12) -> list[int]:
    """Drop short lines that occur more than once: widget labels and teasers repeat, prose does not."""
    kept = page.kept_indices()
    counts = Counter(page.texts[i].casefold() for i in kept if page.lines[i].words <= max_words)
    return [i for i in kept if page.lines[i].words <= max_words and counts[page.texts[i].casefold()] > 1]


@heuristic
def head_block(page: Page, *, min_words: int = 10, max_words: int = 20) -> list[int]:
    """Drop short non-sentence lines above the first prose line: kicker, dek, byline, dateline."""
    kept = page.kept_indices()
    bounds = _body_bounds(page, kept, min_words)
    if bounds is None:
        return []
    return [i for i in kept[: bounds[0]] if page.lines[i].words <= max_words]


@heuristic
def tail_block(page: Page, *, min_words: int = 10, max_words: int = 20) -> list[int]:
    """Drop short lines below the last prose line: tags, share bars, related links, stamps."""
    kept = page.kept_indices()
    bounds = _body_bounds(page, kept, min_words)
    if bounds is None:
        return []
    return [i for i in kept[bounds[1] + 1:] if page.lines[i].words <= max_words]


@heuristic
def teaser_runs(page: Page, *, min_run: int = 3, max_words: int = 16) -> list[int]:
    """Drop runs of short lines without sentence punctuation: lists of related headlines."""
    out, run = [], []
    for i in page.kept_indices() + [None]:
        if i is not None and page.lines[i].words <= max_words and not ends_like_sentence(page.texts[i]):
            run.append(i)
            continue
        if len(run) >= min_run:
            out.extend(run)
        run = []
    return out


def guess_title(page: Page, *, head_lines: int = 12) -> str | None:
    """The headline of a text document: the first head line that reads like one.

    When the first line is a page title ("Headline - Site") and a later head line repeats part of
    it, that later line is the clean headline.
    """
    candidates = [page.texts[i] for i in page.kept_indices()[:head_lines]]
    plausible = [c for c in candidates if 3 <= len(_TOKEN.findall(c)) <= 30 and not c.endswith(":")
                 and not ends_like_sentence(c.rstrip("?!"))]
    if not plausible:
        return None
    first = plausible[0]
    for later in plausible[1:]:
        if later != first and later in first:
            return later
    return first
