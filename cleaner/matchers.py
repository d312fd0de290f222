"""Apply pattern rules (header, trailer, block, then line and span) to a Page; one function per kind.

User rules run with a time limit per match: a pattern that takes too long on some line is reported
in the result's warnings by rule id and skipped for the rest of the document, so it cannot hang a
run. Built-in patterns run without one (the limit costs more than the match itself); the test suite
checks them against inputs built to trigger runaway backtracking.
"""
from __future__ import annotations

from bisect import bisect_left

import regex

from .prefilter import START, LineIndex, Screen
from .rules import BLOCK, HEADER, HOLD_GIL, LINE, SPAN, TRAILER, Rule
from .textdoc import Page, is_prose


# A list item's marker, as extractors write <li> items ("- Share on Facebook") and pages print
# bullets: line rules judge the item without it. LIST_MARKS: the first characters worth a look.
LIST_MARKS = "-*•·▪◦‣∙●○■□►▸✓✔"
_LIST_MARKER = regex.compile(f"[{regex.escape(LIST_MARKS)}]" + r"\s+(?=\S)")


class _Skip(Exception):
    """Raised inside a matcher when its rule timed out; the rule is skipped for this document."""


def _search(pattern: regex.Pattern, text: str, rule: Rule, page: Page, timeout: float | None,
            pos: int = 0, anchored: bool = False):
    """``pattern.search(text)``, or ``pattern.match(text, pos)`` when ``anchored``."""
    find = pattern.match if anchored else pattern.search
    if timeout is None:
        return find(text, pos, None, HOLD_GIL)
    try:
        return find(text, pos, timeout=timeout)
    except TimeoutError:
        page.warnings.append(f"rule {rule.id!r} ({rule.source}): regex took over {timeout}s on "
                             f"{text[:60]!r}; rule skipped for this document")
        raise _Skip from None


def _finditer(pattern: regex.Pattern, text: str, rule: Rule, page: Page, timeout: float | None) -> list:
    if timeout is None:
        return list(pattern.finditer(text, 0, None, False, HOLD_GIL))   # (pos, endpos, overlapped)
    try:
        return list(pattern.finditer(text, timeout=timeout))
    except TimeoutError:
        page.warnings.append(f"rule {rule.id!r} ({rule.source}): regex took over {timeout}s on "
                             f"{text[:60]!r}; rule skipped for this document")
        raise _Skip from None


def _groups(match) -> dict[str, str | None]:
    return match.groupdict() if match.re.groupindex else {}


def screened_lines(page: Page, index: LineIndex) -> tuple[list, dict[str, list[int]]]:
    """The rules that could match each kept line (``index.candidates``, by line index; None for
    the others) and, for each trailer and block rule, the lines it could match, in order.

    One screening of a line serves the rules of every kind the index holds: the trailer and
    block rules run first, and since they only drop lines, the line and span rules read the
    same candidates after them.
    """
    offered: list = [None] * len(page.lines)
    lines_of: dict[str, list[int]] = {}
    texts, lines = page.texts, page.lines
    # a page repeats its own labels and prompts ("Advertisement" between paragraphs, a share bar
    # above and below): each text is screened once (one line in twelve, in the scorecard's texts)
    seen: dict[str, tuple] = {}
    for i in page.kept_indices():
        text = texts[i]
        offer = seen.get(text)
        if offer is None:
            offer = seen[text] = index.offer(text, lines[i].words)
        offered[i], run_first = offer
        for rule in run_first:
            lines_of.setdefault(rule.id, []).append(i)
    return offered, lines_of


def apply_line_rules(page: Page, index: LineIndex, offered: list, patterns: dict[str, regex.Pattern],
                     timeouts: dict) -> None:
    """Drop every kept line that a line rule matches, then strip what span rules match from the
    lines left: one pass over the lines, with ``index`` holding the line rules in force followed
    by the span rules (then the trailer and block rules, which ran before).

    The index has narrowed the rules, line by line, to those that could match it (``offered``,
    from ``screened_lines``; lines longer than a rule's ``max_words`` are spared by that rule).
    The first line rule in pack order to match takes the line. A rule with ``lines: 2`` sees a
    line joined to the next kept one ("Written By\nJane Doe") and drops every line its match
    reaches into. Span rules strip all their matches from a line in one edit, so offsets stay
    exact; what they capture is noted after what line rules do.
    A list item ("- Teilen auf", as trafilatura writes an <li>) is judged by the line rules
    without its marker, and by the span rules with it.
    """
    skipped: set[str] = set()
    span_groups: list[dict] = []
    kept = page.kept_indices()
    for n, i in enumerate(kept):
        if not page.kept[i]:
            continue  # taken with the line above by a multi-line rule
        text = page.texts[i]
        item = _list_item(text) if text[:1] in LIST_MARKS else ""
        if item and _drop_list_item(page, kept, n, item, index, patterns, timeouts, skipped):
            continue
        spans: list[tuple[int, int, str]] = []
        for rule in offered[i]:
            kind = rule.kind
            if kind == TRAILER or kind == BLOCK:
                break   # (numbered after the line and span rules)
            if skipped and rule.id in skipped:
                continue
            pattern, timeout = patterns[rule.id], timeouts[rule.id]
            try:
                if kind == SPAN:
                    _find_spans(page, i, rule, pattern, timeout, spans, span_groups)
                elif item:
                    continue   # (judged without its marker above)
                elif rule.lines == 1 and timeout is None:
                    # most tries: a built-in rule on one line, searched here (a call each cost 0.8%)
                    if match := pattern.search(text, 0, None, HOLD_GIL):
                        _take(page, (i,), match, rule.id)
                        break
                elif _drop_matched_lines(page, kept, n, rule, pattern, timeout, index):
                    break
            except _Skip:
                skipped.add(rule.id)
        if spans:
            page.strip_spans(i, spans)
    for groups in span_groups:
        page.note(groups)


def line_rule_matches(page: Page, i: int, index: LineIndex, patterns: dict[str, regex.Pattern],
                      timeouts: dict) -> bool:
    """Whether one of the one-line ``line`` rules ``index`` offers the ``i``-th line matches it on
    its own (a user rule that runs out of time does not, and is reported as in ``apply_line_rules``)."""
    text = page.texts[i]
    for rule in index.candidates(text, page.lines[i].words):
        if rule.kind == LINE and rule.lines == 1:
            try:
                if _search(patterns[rule.id], text, rule, page, timeouts[rule.id]):
                    return True
            except _Skip:
                continue
    return False


def _list_item(text: str) -> str:
    """The text of a list item without its marker; "" if ``text`` is not one."""
    marker = _LIST_MARKER.match(text)
    return text[marker.end():] if marker else ""


def _drop_list_item(page: Page, kept: list[int], n: int, item: str, index: LineIndex,
                    patterns: dict[str, regex.Pattern], timeouts: dict, skipped: set[str]) -> bool:
    """Try the line rules on ``item``, the ``n``-th kept line without its list marker (a share
    button or a tag is clutter in a list too); drop the line if one matches."""
    for rule in index.candidates(item, page.lines[kept[n]].words):
        if rule.kind != LINE or skipped and rule.id in skipped:
            continue
        try:
            if _drop_matched_lines(page, kept, n, rule, patterns[rule.id], timeouts[rule.id], index, item):
                return True
        except _Skip:
            skipped.add(rule.id)
    return False


def _drop_matched_lines(page: Page, kept: list[int], n: int, rule: Rule, pattern: regex.Pattern,
                        timeout: float | None, index: LineIndex, first: str | None = None) -> bool:
    """Try a line rule on the ``n``-th kept line (and the next ones it sees, for a match that
    starts in the first); drop what it matches. ``first``: the text of the first line to judge,
    when not all of it."""
    many = rule.lines > 1
    first = page.texts[kept[n]] if first is None else first
    text = "\n".join([first, *(page.texts[j] for j in kept[n + 1:n + rule.lines])]) if many else first
    if many and not index.admits_joined(rule, text):
        return False
    # built-in rules (no time limit) call the regex directly (here: list items and rules that see
    # several lines; one-line tries are searched in apply_line_rules)
    match = (pattern.search(text, 0, None, HOLD_GIL) if timeout is None
             else _search(pattern, text, rule, page, timeout))
    if not match or many and match.start() > len(first):
        return False   # (a match that starts on a later line is that line's: its own turn finds it)
    reach = text.count("\n", 0, max(match.end() - 1, 0)) + 1 if many else 1
    _take(page, kept[n:n + reach], match, rule.id)
    return True


def _take(page: Page, lines, match, rule_id: str) -> None:
    """Drop the ``lines`` a rule's ``match`` takes, noting what it captured."""
    page.note(_groups(match))
    for i in lines:
        page.drop(i, rule_id)


def _find_spans(page: Page, i: int, rule: Rule, pattern: regex.Pattern, timeout: float | None,
                spans: list, span_groups: list) -> None:
    """Add a span rule's matches in line ``i`` (offsets in its original text) to ``spans``."""
    for match in _finditer(pattern, page.lines[i].text, rule, page, timeout):
        if match.end() > match.start():
            span_groups.append(_groups(match))
            spans.append((match.start(), match.end(), rule.id))


def apply_header_rule(page: Page, rule: Rule, pattern: regex.Pattern, timeout: float | None,
                      screen: Screen | None = None) -> None:
    """Cut from the first kept line through the line where a match ends, within the first lines."""
    kept = page.kept_indices()[: rule.within]
    if not kept:
        return
    lines = [page.texts[i] for i in kept]
    head = "\n".join(lines)
    if screen is not None and screen.compiled is not None:
        match = _match_at_line_starts(pattern, head, lines, rule, page, timeout, screen)
    else:
        match = _search(pattern, head, rule, page, timeout)
    if not match:
        return
    last = head.count("\n", 0, max(match.start(), match.end() - 1))
    if sum(is_prose(page, i) for i in kept[:last]) > rule.max_prose:
        return  # body paragraphs above the marker: it is not a header
    _take(page, kept[: last + 1], match, rule.id)


def _match_at_line_starts(pattern: regex.Pattern, text: str, lines: list[str], rule: Rule, page: Page,
                          timeout: float | None, screen: Screen):
    """The first match of a pattern anchored at line starts in ``text``, ``lines`` joined: tried
    only at the lines whose first two characters could begin it ("By", not "But"). Same answer as a
    search, which would test every position."""
    start = 0
    for line in lines:
        if screen.starts(line[:START]):
            match = _search(pattern, text, rule, page, timeout, start, True)
            if match:
                return match
        start += len(line) + 1
    return None


def apply_trailer_rule(page: Page, rule: Rule, pattern: regex.Pattern, timeout: float | None,
                       offered: list[int]) -> None:
    """Cut from a marker line to the end, if the marker starts in the last ``tail`` share of the
    text, at least ``min_prose_before`` prose paragraphs come before it (so a comment count
    under the headline cannot take the article with it) and at most ``max_prose_after`` follow
    it at once (so a tag line above the story cannot take the story); with ``max_prose_to_end``,
    at most that many follow it in all (so an appeal box between two paragraphs cannot take the
    paragraphs after it); and not all that follows is paragraphs (a comment counter or a support
    call left between two paragraphs: the article goes on). ``offered``: the lines its screen
    lets through, in order."""
    if not offered:
        return
    kept, starts = page.kept_indices(), page.kept_offsets()
    first = max(bisect_left(starts, (1 - rule.tail) * starts[-1]), _after_prose(page, kept, rule.min_prose_before))
    if first >= len(kept):
        return
    for i in offered:
        if i < kept[first] or not page.kept[i]:
            continue
        match = _search(pattern, page.texts[i], rule, page, timeout)
        if not match:
            continue
        n = bisect_left(kept, i)
        if not (_prose_run_over(page, kept[n + 1:], rule.max_prose_after)
                or _prose_over(page, kept[n + 1:], rule.max_prose_to_end)
                or _all_paragraphs(page, kept[n + 1:])):
            _take(page, kept[n:], match, rule.id)
            return


def _prose_run_over(page: Page, kept: list[int], most: int) -> bool:
    """Whether the first ``most + 1`` of the ``kept`` lines are all prose."""
    run = kept[:most + 1]
    return len(run) > most and all(is_prose(page, i) for i in run)


# A line this long is a paragraph even when it ends in no sentence mark (a sentence cut by the
# scraper, a last paragraph without its full stop)
PARAGRAPH_WORDS = 25


def _all_paragraphs(page: Page, kept: list[int]) -> bool:
    """Whether the ``kept`` lines are two or more, and all paragraphs (prose, or lines too long
    for anything else, whatever their last character): the article going on after a line, not a
    thread, a box or a list, which bring lines of other shapes (names, dates, buttons)."""
    return len(kept) >= 2 and all(is_prose(page, i) or page.lines[i].words >= PARAGRAPH_WORDS for i in kept)


def _prose_over(page: Page, kept: list[int], most: int | None) -> bool:
    """Whether more than ``most`` of the ``kept`` lines are prose (never, when ``most`` is None)."""
    if most is None:
        return False
    for i in kept:
        most -= is_prose(page, i)
        if most < 0:
            return True
    return False


def _after_prose(page: Page, kept: list[int], count: int) -> int:
    """The position in ``kept`` just after its ``count``-th prose line (past the end if fewer)."""
    if count <= 0:
        return 0
    for n, i in enumerate(kept):
        count -= is_prose(page, i)
        if count == 0:
            return n + 1
    return len(kept)


# In a text that sets its paragraphs apart with blank lines, the lines set right under a widget
# heading, with no blank line between, are its items even when they read as sentences (a
# headline may end in "!" or a quote), up to this length
WIDGET_ITEM_MAX_WORDS = 20


def apply_block_rule(page: Page, rule: Rule, pattern: regex.Pattern, timeout: float | None,
                     offered: list[int]) -> None:
    """Drop a widget heading and up to ``max_lines`` following lines that do not read as prose.

    A line after a blank line that heads a prose paragraph is an in-body subheading, not one of
    the widget's headlines: the widget ends there. Where blank lines set paragraphs apart, the
    lines set right under the heading are its items even when they read as sentences (see
    ``WIDGET_ITEM_MAX_WORDS``). With ``cards_to_end``, a heading under the
    body that heads story cards (headlines with a one-paragraph summary each) to the end of the
    text cuts it all (see ``_heads_cards_to_end``). ``offered``: the lines its screen lets
    through, in order.
    """
    kept = page.kept_indices()   # as the rule began: the lines it drops stay in it
    for i in offered:
        if not page.kept[i]:
            continue   # dropped by an earlier rule, or as an item of a widget this one found
        match = _search(pattern, page.texts[i], rule, page, timeout)
        if not match:
            continue
        n = bisect_left(kept, i) + 1
        if rule.cards_to_end and _heads_cards_to_end(page, kept, n - 1, rule):
            for j in kept[n - 1:]:
                page.drop(j, rule.id)
            return
        page.drop(i, rule.id)
        tight = page.has_paragraph_gaps   # then a line set under the heading without a gap is the widget's
        for m, j in enumerate(kept[n: n + rule.max_lines], start=n):
            tight = tight and not page.lines[j].gap_before
            heads_paragraph = page.lines[j].gap_before and m + 1 < len(kept) and is_prose(page, kept[m + 1])
            set_as_item = tight and page.lines[j].words <= WIDGET_ITEM_MAX_WORDS
            if (is_prose(page, j) and not set_as_item) or heads_paragraph:
                break
            page.drop(j, rule.id)


# A heading over story cards: below the body, over two summaries or more (prose lines that
# stand alone), and over no three prose lines in a row (there the body goes on after a box of
# links). On the shared text sets no such cut takes a body line; a box of links above an
# article's last paragraph, or its last two, is spared by the count of summaries
CARDS_MIN_PROSE_BEFORE = 3
CARDS_MIN_SUMMARIES = 2
CARDS_MAX_PROSE_RUN = 2


def _heads_cards_to_end(page: Page, kept: list[int], n: int, rule: Rule) -> bool:
    """Whether the heading at ``kept[n]`` heads story cards that run to the end of the text:
    ``CARDS_MIN_PROSE_BEFORE`` body paragraphs above it; below it, ``CARDS_MIN_SUMMARIES`` prose
    lines or more that stand alone, and never more than ``CARDS_MAX_PROSE_RUN`` in a row; and no
    more words to cut than the rule's ``max_share`` allows (past it, the cut would be undone as
    too greedy, and the widget's own lines with it)."""
    if _after_prose(page, kept, CARDS_MIN_PROSE_BEFORE) > n:
        return False
    runs = _prose_runs(page, kept[n + 1:])
    if any(run > CARDS_MAX_PROSE_RUN for run in runs) or runs.count(1) < CARDS_MIN_SUMMARIES:
        return False
    cut = sum(page.lines[i].words for i in kept[n:]) + page.removed_words.get(rule.id, 0)
    return cut <= rule.max_share * page.total_words


def _prose_runs(page: Page, indices: list[int]) -> list[int]:
    """The lengths of the runs of consecutive prose lines among ``indices``, in order."""
    runs, run = [], 0
    for i in indices:
        if is_prose(page, i):
            run += 1
        elif run:
            runs.append(run)
            run = 0
    return runs + [run] if run else runs


def apply_pattern_rule(page: Page, rule: Rule, pattern: regex.Pattern, timeout: float | None, *,
                       screen: Screen | None = None, offered: list[int] | None = None) -> None:
    """Apply a header rule (``screen``: its screen, if any), or a trailer or block rule to the
    lines its screen lets through (``offered``, from ``screened_lines``)."""
    try:
        if rule.kind == HEADER:
            apply_header_rule(page, rule, pattern, timeout, screen)
        elif rule.kind in (TRAILER, BLOCK):
            matcher = apply_trailer_rule if rule.kind == TRAILER else apply_block_rule
            matcher(page, rule, pattern, timeout, offered or [])
        else:
            raise ValueError(f"{rule.kind} rules are applied by apply_line_rules, not one at a time")
    except _Skip:
        pass
