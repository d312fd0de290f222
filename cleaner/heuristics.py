"""Heuristics: what a regex cannot say, as small named functions that YAML rules switch on and tune.

Each heuristic takes the Page and its keyword-only parameters (the defaults below are what a rule
gets when it sets no ``params``) and returns the indices of the lines to drop. The rule that runs
it supplies the id recorded with each removal.

Heuristics rest on signals that hold across languages: position, length, punctuation,
capitalisation, repetition and similarity to the title. They run after the pattern rules, in
the order their rules appear in the packs, and see only the lines still kept.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

import regex

from .rules import HOLD_GIL
from .textdoc import (PROSE_MIN_WORDS, Page, ends_like_sentence, ends_unpunctuated, is_prose, line_key,
                      lowercase_words_of, without_site_name, words_of)

_SEPARATORS = regex.compile(r"\s[|·•]\s")  # menu and stamp lines join their items with these
_HAS_UPPER = regex.compile(r"\p{Lu}")
_HAS_LOWER_OR_UNCASED = regex.compile(r"[\p{Ll}\p{Lo}]")
_OTHER_DIGITS = regex.compile(r"[\p{N}--[0-9]]", regex.V1)   # every digit (str.isdigit) but ASCII's, and more


HEURISTICS: dict[str, Callable[..., Iterable[int]]] = {}


def heuristic(function):
    """Register a heuristic under its function name, for rules to refer to."""
    HEURISTICS[function.__name__] = function
    return function


# ----------------------------------------------------------------------------------- signals

def is_menu(text: str, *, min_items: int = 4, max_item_words: int = 2) -> bool:
    """Short items joined by separators ("Home | News | Sport | Weather"); a page title joins a
    long headline to one or two short names."""
    if "|" not in text and "·" not in text and "•" not in text:   # most lines: no regex call
        return False
    items = _SEPARATORS.split(text)
    return len(items) >= min_items and all(len(words_of(item)) <= max_item_words for item in items)


def is_caps_label(text: str, max_words: int) -> bool:
    """Capital letters only: scripts without case (Han, kana, Arabic...) have no capitals at all."""
    if text.isascii():   # the same test: a capital and no small letter (no regex, for most lines)
        capitals_only = text.isupper()
    else:
        capitals_only = (bool(_HAS_UPPER.search(text, 0, None, HOLD_GIL))   # (pos, endpos, concurrent)
                         and not _HAS_LOWER_OR_UNCASED.search(text, 0, None, HOLD_GIL))
    return capitals_only and len(words_of(text)) <= max_words


# ------------------------------------------------------------------------------ heuristics

@heuristic
def main_region(page: Page, *, min_words: int = 10, line_cost: float = 6.0,
                unpunctuated_weight: float = 0.5, short_sentence_words: int = 3,
                short_sentence_score: float = 1.0, neutral_words: int = 7,
                unpunctuated_min_words: int = 20, list_item_words: int = 3,
                max_numbers_share: float = 0.5) -> list[int]:
    """Keep the stretch of lines richest in prose; drop navigation, sidebars and footers around it.

    Each prose line scores its word count; a line of ``unpunctuated_min_words`` or more without
    final punctuation (a paragraph cut short, or a standfirst; any line in Thai or Lao, which
    end sentences without a sign) scores ``unpunctuated_weight`` of it, or 0 when more than
    ``max_numbers_share`` of its words hold digits (an archive list, a row of figures); a short sentence of
    ``short_sentence_words`` or more (a sign-off such as "The trial resumes on Monday." or "The
    bridge stays open.") scores ``short_sentence_score``, so the region reaches it; a line of
    ``neutral_words`` or more (a list item, a table row) scores 0; every other line (menu items,
    labels, lines other rules removed) costs ``line_cost``. The kept region is the maximum-sum
    run of lines: a short menu inside the article costs less than the paragraphs on both sides
    bring, so the article stays whole. A region that ends on a line ending in ":" also keeps the
    list that line announces (lines of ``list_item_words`` or more).
    """
    # Each line's score, and the best run so far, in one loop (a function called for each line
    # cost 0.5% more of a text's instructions). Lines already dropped by pattern rules still
    # count as clutter: removing a menu's "Share" and "Privacy" items must not make the menu
    # look cheaper to include.
    best, best_span = 0.0, None
    running, start = 0.0, 0
    texts, kept = page.texts, page.kept
    for i, line in enumerate(page.lines):
        words = line.words
        if not kept[i]:
            value = -line_cost
        # a long line's sentence ending is known from earlier steps' is_prose; a Thai or Lao
        # line, which marks none (its headlines end as its paragraphs do), is judged by its
        # length, as an unpunctuated line is
        elif ((is_prose(page, i) and not ends_unpunctuated(texts[i])) if words >= PROSE_MIN_WORDS
              else ends_like_sentence(texts[i])):
            value = (words if words >= min_words
                     else short_sentence_score if words >= short_sentence_words else -line_cost)
        elif words >= unpunctuated_min_words:
            # a long line that is mostly numbers (an archive's "April 2015 (1) Mai 2012 (3) ...",
            # a row of figures) is a list, not a paragraph cut short
            value = 0.0 if _mostly_numbers(texts[i], max_numbers_share) else unpunctuated_weight * words
        else:
            value = 0.0 if words >= neutral_words else -line_cost
        if running <= 0:
            running, start = 0.0, i
        running += value
        if running > best:
            best, best_span = running, (start, i)
    if best_span is None:
        return []
    first, last = best_span
    last = _announced_list_end(page, last, list_item_words)
    last = _parallel_list_end(page, last, list_item_words)
    return [i for i in page.kept_indices() if i < first or i > last]


MAIN_REGION = main_region.__name__   # the name rules call it by (``heuristic: main_region``)


def _mostly_numbers(text: str, share: float) -> bool:
    """Whether more than ``share`` of the words of ``text`` hold a digit."""
    words = text.split()
    limit = share * len(words)
    # a word with a digit holds one at least: most lines are ruled out by their count of digits
    # (ASCII ones, where they hold no others)
    if sum(map(text.count, "0123456789")) <= limit and (text.isascii() or not _OTHER_DIGITS.search(text)):
        return False
    return sum(any(map(str.isdigit, word)) for word in words) > limit


def _announced_list_end(page: Page, last: int, min_words: int) -> int:
    """Extend a region ending in "...dates:" over the list items that follow it."""
    if not page.kept[last] or not page.texts[last].endswith(":"):
        return last
    while (last + 1 < len(page.lines) and page.kept[last + 1] and page.lines[last + 1].words >= min_words
           and not ends_like_sentence(page.texts[last + 1])):
        last += 1
    return last


_ITEM_MARKS = regex.compile(r"\s[–—-]\s|@|:\s|\(|\d")


def _parallel_list_end(page: Page, last: int, min_words: int, min_items: int = 3) -> int:
    """Extend a region over a list that follows it, under at most one heading: at least
    ``min_items`` kept lines of ``min_words`` words or more that share their marks (digits,
    " – ", "@", ": ", brackets), as tour dates, results or schedules do. Menus share none."""
    start = last + 1
    if (start < len(page.lines) and page.kept[start] and not ends_like_sentence(page.texts[start])
            and page.lines[start].words <= 8 and not _ITEM_MARKS.search(page.texts[start])):
        start += 1  # the list's heading ("Tour dates")
    end = start
    while end < len(page.lines) and page.kept[end] and page.lines[end].words >= min_words:
        end += 1
    items = [page.texts[i] for i in range(start, end)]
    if len(items) < min_items:
        return last
    shared = set.intersection(*({mark.strip() or mark for mark in _ITEM_MARKS.findall(item)
                                 if not mark.isdigit()} | ({"digit"} if any(c.isdigit() for c in item) else set())
                                for item in items))
    return end - 1 if shared else last


@heuristic
def title_lines(page: Page, *, head_lines: int = 8, min_similarity: float = 0.8, max_extra_words: int = 6) -> list[int]:
    """Drop copies of the headline among the first lines (the title is kept in ``.title``).

    A copy is a line whose words are nearly all in the title (a shortened headline, above the
    first paragraph: below it, such a line is a subheading), or a line holding the title plus at
    most ``max_extra_words`` more (a site name, a section label) and not ending in a full stop: a
    lead paragraph that repeats the headline's words is longer.
    """
    if not page.title:
        return []
    title = page.word_set(page.title)
    most = max(len(title) / min_similarity, len(title) + max_extra_words)   # distinct words of a copy
    out = []
    in_body = False
    for i in page.kept_indices()[:head_lines]:
        below_paragraph, in_body = in_body, in_body or is_prose(page, i)
        text = page.texts[i]
        ends_in_stop = text.endswith(".")
        if below_paragraph and ends_in_stop:
            continue   # neither a shortened copy (a subheading, here) nor an extended one: unread
        if _surely_more_words_than(text, most):
            continue   # a paragraph: skipped without reading all of it
        words = page.word_set(text)
        if not words or not title:
            continue
        shared = len(words & title)
        # below a paragraph, a line made of a few of the headline's words is a subheading
        shortened = shared / len(words) >= min_similarity and not below_paragraph
        extended = shared / len(title) >= min_similarity and len(words - title) <= max_extra_words and not ends_in_stop
        if shortened or extended:
            out.append(i)
    return out


def _surely_more_words_than(text: str, most: float, sample: int = 200) -> bool:
    """Whether the first ``sample`` characters of ``text`` already hold more than ``most``
    distinct words (its last, maybe cut, word left out)."""
    return len(text) > sample and len(set(lowercase_words_of(text[:sample])[:-1])) > most


@heuristic
def standfirst_lines(page: Page, *, packs: Sequence[str] = ("bylines", "stamps"), max_lines: int = 2,
                     max_words: int = 60, reach: int = 4) -> list[int]:
    """Drop the standfirst between a removed headline and the byline or dateline under it.

    News pages stack headline, standfirst, then byline and date; the standfirst is its own
    paragraph, so blocks (furniture_blocks) do not catch it. Up to ``max_lines`` kept lines of at
    most ``max_words`` words are taken when a line removed by a byline or stamp rule follows
    within ``reach`` lines of the headline.
    """
    if not page.title:
        return []
    prefixes = tuple(pack + "." for pack in packs)
    head = range(min(len(page.lines), 40))
    title = next((i for i in head if not page.kept[i] and page.title_similarity(page.texts[i]) >= 0.8), None)
    if title is None:
        return []
    taken: list[int] = []
    for i in range(title + 1, min(len(page.lines), title + 1 + reach + max_lines)):
        if page.kept[i]:
            if page.lines[i].words > max_words or len(taken) == max_lines:
                return []
            taken.append(i)
        elif page.dropped_by.get(i, "").startswith(prefixes):
            return taken
    return []


@heuristic
def caps_labels(page: Page, *, max_words: int = 3) -> list[int]:
    """Drop short ALL-CAPS label lines ("EXCLUSIVE", "LIVE", "WATCH") that sit among removed lines.

    An ALL-CAPS line between kept paragraphs, or right above one, is an in-body subheading and
    stays; one next to lines other rules removed, or at either end of the text, belongs to the
    clutter around it.
    """
    kept = page.kept_indices()
    out, n = [], 0
    while n < len(kept):
        if not is_caps_label(page.texts[kept[n]], max_words):
            n += 1
            continue
        end = n  # a run of consecutive labels is judged as one
        while end + 1 < len(kept) and kept[end + 1] == kept[end] + 1 and is_caps_label(page.texts[kept[end + 1]], max_words):
            end += 1
        touches_removed = (n == 0 or kept[n - 1] != kept[n] - 1 or end == len(kept) - 1
                           or kept[end + 1] != kept[end] + 1)
        heads_a_paragraph = end + 1 < len(kept) and kept[end + 1] == kept[end] + 1 and is_prose(page, kept[end + 1])
        if touches_removed and not heads_a_paragraph:
            out.extend(kept[n:end + 1])
        n = end + 1
    return out


@heuristic
def furniture_blocks(page: Page, *, packs: Sequence[str] = ("credits", "bylines", "stamps"), max_lines: int = 2,
                     max_words: int = 45, below_packs: Sequence[str] = ("bylines", "stamps")) -> list[int]:
    """Drop the lines that share a block with removed page furniture: the caption above an image
    credit, the headline and standfirst above a byline or dateline, the caption below them.

    A block is a run of lines with no blank line between them. Up to ``max_lines`` kept lines of
    at most ``max_words`` words are taken, walking up from a credit, byline or stamp (and down
    from a byline or stamp, but only lines that do not end as sentences). Runs only on text whose
    paragraphs are separated by blank lines; without them a block cannot be seen.
    """
    if not page.has_paragraph_gaps:
        return []
    prefixes = tuple(pack + "." for pack in packs)
    below = tuple(pack + "." for pack in below_packs)
    out: set[int] = set()
    for index, rule_id in page.dropped_by.items():
        if rule_id.startswith(prefixes):
            out.update(_block_neighbours(page, index, -1, max_lines, max_words))
        if rule_id.startswith(below):
            out.update(_block_neighbours(page, index, +1, max_lines, max_words))
    return sorted(out)


def _block_neighbours(page: Page, index: int, step: int, max_lines: int, max_words: int) -> list[int]:
    """Kept lines next to ``index`` in its block, walking up (-1) or down (+1)."""
    out: list[int] = []
    current = index
    while len(out) < max_lines:
        if step < 0:
            inside = current > 0 and not page.lines[current].gap_before
        else:
            inside = current + 1 < len(page.lines) and not page.lines[current + 1].gap_before
        if not inside:
            break
        current += step
        if page.kept[current]:
            # below a byline, a sentence is more likely the start of the article than a caption
            if page.lines[current].words > max_words or (step > 0 and ends_like_sentence(page.texts[current])):
                break
            out.append(current)
    return out


@heuristic
def glued_cards(page: Page, *, min_run: int = 3, max_gap: int = 1, min_head_words: int = 3,
                max_head_words: int = 25, min_summary_words: int = 5) -> list[int]:
    """Drop runs of story cards whose headline a scraper ran into the summary: text taken from
    a card's inline elements has no break between them ("...Death Of Student-AthleteA 24-year-old
    woman was...", "...may soon be stateless WASHINGTON: Expressing concern..."). A line is such
    a card when it ends as a sentence and splits into a headline of ``min_head_words`` to
    ``max_head_words`` words, without a sentence end, and a summary of ``min_summary_words`` or
    more: at a capital that follows a small letter or a digit with no space, the headline in
    title case; or at a dateline in capitals and a colon. Only runs of ``min_run`` cards or more,
    with at most ``max_gap`` other lines between two, are dropped: a brand such as "MacBook" in
    a paragraph makes one such line, not a run."""
    kept = page.kept_indices()
    cards = [n for n, i in enumerate(kept)
             if is_prose(page, i) and _glued_card(page.texts[i], min_head_words, max_head_words, min_summary_words)]
    out: list[int] = []
    run: list[int] = []
    for n in cards + [None]:
        if n is not None and (not run or n - run[-1] <= max_gap + 1):
            run.append(n)
            continue
        if len(run) >= min_run:
            out.extend(kept[m] for m in run)
        run = [n] if n is not None else []
    return out


# a headline run into its summary: "...Student-AthleteA 24-year-old" (a capital after a small
# letter, a digit or a closing mark, with no space)
_GLUED = regex.compile(r"(?<=[\p{Ll}\d’'?!)])(?=\p{Lu}\p{Ll})")


def _glued_card(text: str, min_head: int, max_head: int, min_summary: int) -> bool:
    def fits(head: str, summary: str) -> bool:
        return (min_head <= len(head.split()) <= max_head and not ends_like_sentence(head)
                and len(summary.split()) >= min_summary)

    colon = text.find(": ")
    while colon > 0:
        head, _, dateline = text[:colon].rpartition(" ")
        if (dateline.isupper() and len(dateline) > 1 and text[colon + 2:colon + 3].isupper()
                and fits(head, text[colon + 2:])):
            return True
        colon = text.find(": ", colon + 2)
    # the headline and the word run into the summary are in title case: the joint is looked
    # for in the line's title-case beginning only (most paragraphs have none)
    if not all(map(_title_word, text.split(None, min_head)[:min_head])):
        return False
    end = count = 0
    for count, word in enumerate(text.split(None, max_head + 1)):
        if not _title_word(word):
            break
        end = text.find(word, end) + len(word)
    else:
        count += 1
    return count >= min_head and any(fits(text[:m.start()], text[m.start():])
                                     for m in _GLUED.finditer(text, 0, end))


def _title_word(word: str) -> bool:
    """A word as a title-case headline writes it: capitalised, short ("of", "in") or no word."""
    return word[:1].isupper() or not word[:1].isalpha() or len(word) <= 3


@heuristic
def teaser_runs(page: Page, *, min_run: int = 3, max_words: int = 16) -> list[int]:
    """Drop runs of short headline-like lines: lists of related stories.

    A headline starts with a capital or a digit and has no sentence or list punctuation at its
    end; a run introduced by a line ending in ":" is a list in the body, not teasers.
    """
    kept = page.kept_indices()
    out: list[int] = []
    run: list[int] = []
    introduced = False
    for n, i in enumerate(kept + [None]):
        if i is not None and _headline_like(page.texts[i], page.lines[i].words, max_words):
            if not run:
                introduced = n > 0 and page.texts[kept[n - 1]].endswith(":")
            run.append(i)
            continue
        if len(run) >= min_run and not introduced:
            out.extend(run)
        run = []
    return out


def _headline_like(text: str, words: int, max_words: int) -> bool:
    return (words <= max_words and not ends_like_sentence(text) and text[-1] not in ",;"
            and (text[0].isupper() or text[0].isdigit()))


@heuristic
def site_repeats(page: Page, *, min_pages: int = 2, min_share: float = 0.05, max_share_left: float = 0.5) -> list[int]:
    """Drop lines that stand on ``min_pages`` or more (never fewer than 2) of the pages learned
    from the document's site, and on ``min_share`` of them or more: the site's own boilerplate,
    which no rule knew (see sites.py). Without a learned site (``Cleaner.with_sites``), nothing.
    When those lines are over ``max_share_left`` of the words the other steps left, the page may
    be a copy of another under a new title: nothing is dropped and the result is flagged."""
    if not page.site_pages:
        return []
    need = max(2, min_pages, math.ceil(min_share * page.site_pages))
    counts = page.site_lines
    kept = page.kept_indices()
    repeated = [i for i in kept if counts.get(line_key(page.texts[i]), 0) >= need]
    if repeated:
        share = sum(page.lines[i].words for i in repeated) / max(1, sum(page.lines[i].words for i in kept))
        if share > max_share_left:
            page.hold_back(f"site_repeats: {share:.0%} of the text stands on other pages of its site (limit "
                           f"{max_share_left:.0%}), as in a copy of another page; nothing was removed as repeated")
            return []
    return repeated


def guess_title(page: Page, *, head_lines: int = 12) -> str | None:
    """The headline of a text document: the first line above the body that reads like one.

    When the first line is a page title ("Headline - Site") and a later head line repeats part of
    it, that later line is the clean headline. A document that starts with its body has none.
    """
    head = []
    for i in page.kept_indices()[:head_lines]:
        if is_prose(page, i):
            break
        head.append(i)
    # a menu line is no headline, but the first line, the page's title, may list its sections
    plausible = [page.texts[i] for i in head if 3 <= page.lines[i].words <= 30 and not page.texts[i].endswith(":")
                 and not ends_like_sentence(page.texts[i].rstrip("?!")) and not (i and is_menu(page.texts[i]))]
    if not plausible:
        return None
    first = plausible[0]
    headline = without_site_name(first)
    for later in plausible[1:]:
        # the page's own headline line, repeating the title without its site name
        if later != first and later in first and len(later) >= 0.6 * len(headline):
            return later
    return headline


def find_standfirst(page: Page, *, head_lines: int = 15, min_words: int = 8,
                    rejected: Callable[[int], bool] | None = None) -> str | None:
    """The standfirst: a removed sentence of ``min_words`` or more right after a removed copy of
    the headline, near the top. Reported in metadata, since it is not part of the body.
    When the caller rules that line out (``rejected(index)``: a date, a byline or a credit that a
    rule cutting the whole header removed with the headline), the headline has none: the lines
    further down are not read."""
    if not page.title:
        return None
    for i in range(min(head_lines, len(page.lines)) - 1):
        if page.kept[i] or page.title_similarity(page.texts[i]) < 0.8:
            continue
        following = i + 1
        text = page.texts[following]
        if (not page.kept[following] and page.lines[following].words >= min_words
                and page.title_similarity(text) < 0.8 and not _SEPARATORS.search(text)):
            return None if "://" in text or rejected and rejected(following) else text
    return None
