"""Hard-wrapped text: the width its lines were broken at, and the text with those breaks undone.

Text saved at a fixed width (html2text and ``lynx -dump`` at 78 or 80 columns, e-mail at 72,
page sources an editor wrapped) cuts every paragraph into lines that stop mid-sentence. Line
rules and heuristics then judge fragments that read like neither body nor clutter: on the shared
article-level texts wrapped at 72 columns, recall fell from 0.97 to 0.56.

A greedy wrapper (nearly all are) breaks a line only where the next word would not fit. So each
line it broke is at most the width long, and would be longer with the next line's first word:
the width lies between the two lengths. A text is taken for wrapped at a width when

- at least ``MIN_BROKEN`` lines that run on agree on it, and no more lines are longer than it
  than agree on it;
- the lines broken there mostly end mid-sentence, without a comma or a stop (a poem's lines
  end on one);
- in a cased script, the lines broken off mostly begin in lowercase (a list of headlines
  begins each capitalised).

Then every line broken at that width is joined to the next.

A script written without spaces (Chinese, Japanese) lets a wrapper break after any character, so
the lines it broke are full: as long as the width, or one less where a wide character (or a stop
a wrapper may not begin a line with) did not fit. Counted in characters (Python's ``textwrap``)
or in display columns, a wide character two (terminals, ``lynx -dump``), such a text is taken
for wrapped when at least ``MIN_BROKEN`` lines that run on are that full, and half of those that
run on within ``NEAR`` of it, no more lines are longer, and most full lines end without
punctuation (verse ends each line on a stop); those lines are joined to the next, by nothing.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence

import regex

from .matchers import LIST_MARKS
from .textdoc import WIDE_LINE, Line, Page

MIN_WIDTH, MAX_WIDTH = 40, WIDE_LINE   # the widths looked for (80 columns, give or take, in practice)
MAX_WIDE_SHARE = 0.1     # of the text may be in lines wider than that (tables, URLs a wrapper leaves whole)
MIN_BROKEN = 5           # lines broken at the width, at the least
NEAR = 12                # a line this close to the width (a long word) may have been broken there...
MIN_BROKEN_SHARE = 0.5   # ... and at least this share of such lines that run on must have been
MIN_LOWERCASE = 0.3      # of the broken-off lines that begin with a cased letter, the share in lowercase
MAX_PUNCTUATED = 0.5     # of the lines broken, the share that may end in punctuation
MAX_WORD = 20            # a longer first word (a URL, a script written without spaces) tells no width

MIN_UNSPACED_WIDTH = 20  # characters (40 columns): classical verse, lists of names run shorter
MIN_UNSPACED_SHARE = 1 / 3   # of a text's characters, for it to be read as one without spaces

_PUNCTUATION = regex.compile(r"\p{Po}")   # commas, stops, colons: not brackets, dashes or quotes
_WIDE = regex.compile(r"[\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]+")   # two columns on a terminal
_UNSPACED_RUN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]+")   # scripts written without spaces
# what a line of such a script may begin or end with where a wrapper broke it: its letters, the
# long-vowel mark, its punctuation and full-width forms ("，", "。", "（", "％")
_UNSPACED_EDGE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\u30fc\u3000-\u303f\uff01-\uff60]")


def rejoined(page: Page, *, markdown: bool = False) -> tuple[str, int | None]:
    """The text of ``page`` with a wrapper's line breaks undone, and the width it wrapped at
    (in characters, or display columns for a script without spaces wrapped so); when it was not
    wrapped, ``page.source`` itself and None."""
    if not markdown and _mostly_unspaced(page):
        # (the words a wrapper breaks at are far apart here: read by them, widths come out wrong)
        found = unspaced_wrap(page)
        if found is None:
            return page.source, None
        width, measure = found
        return unwrapped_unspaced(page, width, measure), width
    spaced = wrap_width(page, markdown=markdown)
    if spaced is None:
        return page.source, None
    return unwrapped(page, spaced, markdown=markdown), spaced


def wrap_width(page: Page, *, markdown: bool = False) -> int | None:
    """The width the text of ``page`` was hard-wrapped at, or None when it was not. In
    ``markdown``, lines that hold a link's address may run longer (a wrapper cannot break it),
    and so may list items."""
    if markdown:
        lengths = sorted(len(text) for text in page.texts if not _left_whole(text))
        wide = sum(lengths[bisect_right(lengths, MAX_WIDTH):])
    else:
        wide = page.wide_characters
    if wide > MAX_WIDE_SHARE * len(page.source):   # most texts: long paragraphs
        return None
    spans = _break_spans(page.lines, markdown)
    if len(spans) < MIN_BROKEN:
        return None
    if not markdown:
        lengths = sorted(map(len, page.texts))
    width = _likeliest_width(spans, lengths)
    if width is None:
        return None
    broken = [(last, first) for low, high, last, first in spans if low <= width <= high]
    near = sum(1 for low, *_ in spans if width - NEAR <= low <= width)
    longer = len(lengths) - bisect_right(lengths, width)
    if len(broken) < MIN_BROKEN or longer > len(broken) or len(broken) < MIN_BROKEN_SHARE * near:
        return None
    punctuated = sum(1 for last, _ in broken if _PUNCTUATION.match(last))
    if punctuated > MAX_PUNCTUATED * len(broken):
        return None
    return width if _goes_on_in_lowercase([first for _, first in broken]) else None


def _break_spans(lines: Sequence[Line], markdown: bool) -> list[tuple[int, int, str, str]]:
    """For each line that runs on to the next (no blank line between), the widths at which a
    greedy wrapper would have broken it there: from its length to its length with the next line's
    first word and a space (less one); its last character, and the next line's first. (Not for
    a Markdown line with a link's address, whose length the address decides.)"""
    spans = []
    for line, after in zip(lines, lines[1:]):
        length = len(line.text)
        if after.gap_before or length < MIN_WIDTH // 2 or _tabular(line.text) or markdown and _holds_address(line.text):
            continue
        word = _first_word(after.text)
        if word <= MAX_WORD:
            spans.append((length, length + word, line.text[-1], after.text[0]))
    return spans


def _holds_address(text: str) -> bool:
    """Whether a Markdown line holds a link's address, inline ("[text](https://...)") or in a
    reference definition ("[3]: https://...")."""
    return "](" in text or text[:1] == "[" and "]:" in text


def _left_whole(text: str) -> bool:
    """Whether a Markdown line may run past the width: one with an address, a word alone (an
    address a wrapper moved to a line of its own) or a list item (html2text leaves those whole)."""
    return (_holds_address(text) or " " not in text or text[:1] in LIST_MARKS and text[1:2] == " "
            or _ORDERED_ITEM.match(text) is not None)


_ORDERED_ITEM = regex.compile(r"\d{1,3}[.)] ")


# (str methods, not regexes: these run on every line of a text that may be wrapped)
def _first_word(text: str) -> int:
    """The length of the first word of a stripped line."""
    return len(text.split(None, 1)[0])


def _tabular(text: str) -> bool:
    """A table row: cells kept apart by a tab or a run of spaces (``text`` is stripped)."""
    return "\t" in text or "   " in text


def _likeliest_width(spans: list[tuple[int, int, str, str]], lengths: list[int]) -> int | None:
    """The width inside the most spans, less the lines longer than it (below the true width, the
    lines broken at it are longer; on a tie, the wider), as the longest line no longer."""
    events = sorted([(low, 1) for low, *_ in spans] + [(high + 1, -1) for _, high, *_ in spans])
    best, width, depth = None, None, 0
    for at, step in events:   # at one position, spans end before others begin
        depth += step
        if step == 1 and MIN_WIDTH <= at <= MAX_WIDTH:
            score = depth - (len(lengths) - bisect_right(lengths, at))
            if best is None or score >= best:
                best, width = score, at
    return None if width is None else lengths[bisect_right(lengths, width) - 1]


def _goes_on_in_lowercase(firsts: list[str]) -> bool:
    """Whether the lines broken off begin in lowercase often enough, where most begin with a
    cased letter: a wrapper breaks sentences anywhere, a list's items begin capitalised."""
    cased = [char for char in firsts if char.lower() != char.upper()]
    if len(cased) < len(firsts) / 2:   # scripts without case, digits, quotes
        return True
    return sum(char.islower() for char in cased) >= MIN_LOWERCASE * len(cased)


def unwrapped(page: Page, width: int, *, markdown: bool = False) -> str:
    """The text of ``page`` with the line breaks a wrapper made at ``width`` joined: by a space,
    or by nothing after a hyphen broken off a word ("well-" / "known") and between two characters
    of a script written without spaces. In ``markdown``, a line that stops inside a link's
    address goes on with the rest of it, however long the line (a wrapper cannot break a long
    address but at a hyphen)."""
    source, lines = page.source, page.lines
    pieces, cursor = [], 0
    for line, after in zip(lines, lines[1:]):
        if after.gap_before:
            continue
        joint = ("" if markdown and _inside_address(line.text)
                 else _joint(line.text, after.text) if _broken_at(line.text, after.text, width) else None)
        if joint is not None:
            pieces += [source[cursor:line.end], joint]
            cursor = after.start
    pieces.append(source[cursor:])
    return "".join(pieces)


def _inside_address(text: str) -> bool:
    """Whether a Markdown line stops inside a link's address: "[text](https://example.com/a-"."""
    start = text.rfind("](")
    return start >= 0 and ")" not in text[start:] and " " not in text[start:]


def _broken_at(text: str, after: str, width: int) -> bool:
    if not len(text) <= width < len(text) + 1 + _first_word(after):
        return False
    if after[0] in LIST_MARKS and after[1:2].isspace():   # a new list item
        return False
    return not (_tabular(text) or _tabular(after))


def _joint(text: str, after: str) -> str:
    if text.endswith("-") and text[-2:-1].isalnum() and after[0].isalnum():   # "COVID-" / "19", a URL
        return ""
    if _unspaced_joint(text, after):   # "仪式" / "，不少": a script without spaces on either side
        return ""
    return " "


def unspaced_wrap(page: Page) -> tuple[int, Callable[[str], int]] | None:
    """The width a text in a script without spaces was wrapped at, and how it was measured
    (``len``, or ``columns``), or None when it was not (for a text ``_mostly_unspaced`` admits:
    not mostly long lines)."""
    rows = _rows(page)
    runs_on = [not after.gap_before for after in page.lines[1:]]
    # a width is found only where MIN_BROKEN lines that run on fill it (or it less one), and it is
    # MIN_UNSPACED_WIDTH characters or 2 * MIN_UNSPACED_WIDTH columns at the least: no row shorter
    # than MIN_UNSPACED_WIDTH - 1 characters fills either (a character takes two columns at most)
    if sum(1 for row, running in zip(rows, runs_on) if running and len(row) >= MIN_UNSPACED_WIDTH - 1) < MIN_BROKEN:
        return None
    found = None
    for measure, least in ((len, MIN_UNSPACED_WIDTH), (columns, 2 * MIN_UNSPACED_WIDTH)):
        widths = list(map(measure, rows))
        sizes = Counter(width for width, running in zip(widths, runs_on) if running)
        if not (wide_enough := [size for size in sizes if size >= least]):
            continue
        width = max(wide_enough, key=lambda size: (sizes[size] + sizes[size - 1], size))
        full = sizes[width] + sizes[width - 1]
        near = sum(count for size, count in sizes.items() if width - NEAR <= size <= width)
        longer = sum(1 for size in widths if size > width)
        punctuated = sum(1 for row, size, running in zip(rows, widths, runs_on)
                         if running and width - 1 <= size <= width and _PUNCTUATION.match(row[-1]))
        # Counted the other way, some lines come out longer than the width (a wide character is
        # one column too few or too many), and fewer fill it exactly: that tells how it was counted.
        score = (full - longer, sizes[width])
        if (full >= MIN_BROKEN and full >= MIN_BROKEN_SHARE * near and longer <= full
                and punctuated <= MAX_PUNCTUATED * full and (found is None or score > found[0])):
            found = (score, width, measure)
    return None if found is None else (found[1], found[2])


def unwrapped_unspaced(page: Page, width: int, measure: Callable[[str], int]) -> str:
    """The text of ``page`` with every full line (``measure`` of it at least ``width`` less one)
    joined to the line it runs on to, by nothing (a wrapper broke it mid-word, or mid-number)."""
    source, lines = page.source, page.lines
    pieces, cursor = [], 0
    for line, row, after in zip(lines, _rows(page), lines[1:]):
        if after.gap_before or after.text[0] in LIST_MARKS and after.text[1:2].isspace():
            continue
        if measure(row) >= width - 1:
            pieces.append(source[cursor:line.end])
            cursor = after.start
    pieces.append(source[cursor:])
    return "".join(pieces)


def _rows(page: Page) -> list[str]:
    """Each line as the wrapper wrote it, with its indent (a paragraph's "\u3000" counts)."""
    source = page.source
    return [source[source.rfind("\n", 0, line.start) + 1:line.end] for line in page.lines]


def columns(text: str) -> int:
    """The display width of ``text``: two columns for a wide or full-width character, else one."""
    return 2 * len(text) - len(_WIDE.sub("", text))   # (one pass in C: findall made a string a character)


def _mostly_unspaced(page: Page) -> bool:
    """Whether a third or more of the text's characters are of a script written without spaces.
    Looked for only in a text that fits no single-byte code page and is not mostly long lines
    (most texts are: no wrapper made them, and counting would cost 1% of their time)."""
    if page.encoding[0] is not None or page.wide_characters > MAX_WIDE_SHARE * len(page.source):
        return False
    source = page.source
    return len(source) - len(_UNSPACED_RUN.sub("", source)) >= MIN_UNSPACED_SHARE * len(source)


def _unspaced_joint(text: str, after: str) -> bool:
    """Whether two lines a wrapper broke apart join without a space: a script written without
    spaces, or its punctuation, on either side of the break."""
    return _UNSPACED_EDGE.match(text[-1]) is not None or _UNSPACED_EDGE.match(after[0]) is not None
