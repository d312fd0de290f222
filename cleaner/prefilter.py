"""Which rules could match a line at all - so that most regexes never run.

Three cheap, exact tests stand in front of a rule's regex (``Screen``):

- its start: a pattern anchored at the line start (``^read\\s*\\|``) can only match a line
  whose first characters could begin a match. Where the syntax lists the possible starts
  (``LineHeads``: "re", "ta", "to" for ``^(?:related\\s+)?(?:tags?|topics?)``), a start is
  judged by a lookup in one table for the whole rule set (``StartTable``): of ASCII characters
  by theirs, of others by what stands for them in the heads (a quote, a dash or Han listed as
  itself, a letter with case listed with its other cases; "Ж" matched by \\p{Lu} or \\w, asked
  once per character). Other starts, and those the syntax leaves open (a script, \\p{Lu} under
  ignorecase), are judged by the regex
  engine, by a partial match of the pattern (without its word boundaries, at which the engine
  misjudges a start's end) against those ``START`` characters, so lookaheads are judged too;
  answers are cached per line start.
- its length: a pattern anchored at both ends with a bounded width (``^[^|]{10,160}\\|\\s\\w+$``)
  cannot match a longer line.
- a required word: unanchored patterns usually need some word somewhere ("click" for
  ``\\bclick(?:ing)?\\s+here``), or an uncommon symbol ("(" for "(Photo: AP)"), or failing
  those a comma or other punctuation; one Aho-Corasick pass finds which of them a line contains.
  The rarest requirement is looked for so; a few others the pattern has ("here", and "(" with
  "photo") are tested on the lines that meet it (``Screen.also``).

Anchoring, width and required words are read off the pattern's syntax tree (Python's own regex
parser, on a copy with ``regex``-only syntax widened to ``\\w``). A pattern the parser cannot
read, or would read differently from ``regex``, gets no screen: a screen only ever skips rules
that provably cannot match.

``LineIndex`` applies the screens of all line, span, trailer and block rules in force at once,
once per line (trailer and block rules take the lines it offers them): sets of rules are bit
masks, one per line start and one per size bucket, so a line's rules are two ANDs away; the word
test runs only when some rule still needs it: one Aho-Corasick pass over the line (ahocorasick_rs
searches in half the time of pyahocorasick), or, when the rules still in question need at most
``FEW_WORDS`` words (``LONG_FEW_WORDS`` on a line of ``LONG_LINE`` characters or more), a
substring test for each.
(A union regex of all rules, and a regex scan for the words, were measured and cost more per
line than they saved. One word search over all lines of a document joined did not pay either:
the search costs as much per character, and mapping its matches back to lines as much as the
per-line calls it saves. Nor did finding the lines
that hold a trailer or widget rule's words by ``str.find`` over the whole text: widget rules
require dozens of words, and a search per word cost 1 million instructions per article-level
document more than testing the lines one by one; nor a ``LineIndex`` of its own over a
document's trailer and widget rules (0.05 million more: trailer rules look at the last lines
only). Screened with the line rules, in the one word search a line gets anyway, they cost 2.8%
fewer instructions in a first pass and 6% fewer in steady state than screening each line
again, rule by rule. Searching end-anchored alternatives backwards (``(?r)``) saved nothing.
Nor did a digit test for the 19 rules whose every match holds a digit (dates, counters): it ran
on nearly every line, to spare 3 regexes per document, and cost 3.7% more instructions. Reading
``\\s`` as a space in required words ("read more") spares 7 regexes per document, but folding
each line's whitespace to single spaces, as that needs, cost 4.5% more; and testing the
punctuation some rules need apart from the word search (which then finds fewer matches) saved
nothing in the first pass: measured again, testing all 39 symbols with ``in`` cost 4.6% more
(a line still in question needs 6.6 of them), testing "." and "," alone was within noise.
Casefolding a line outside ASCII through its code page's bytes (encode, translate, decode: one
character each) took as long as ``str.casefold``, 5-6 us for 366 Cyrillic or German characters.
Running a pattern on the standard library's engine where it compiles there and the line is in
Latin script would take 29% off the line rules' regex time, but only by choosing the engine rule
by rule: ``re`` is three times as slow on an alternation of words under ignorecase. A lookahead
that scans a line for the characters a pattern can consume (``[a-z\\s,|/]*+$``) made regex slower,
not faster: its character-class scans cost 10-30 ns a character. And a cache of the rules
offered to each short line across documents, kept per index, would look better on the
scorecard than it is: three of its hits in four there came from the same pages' HTML, cleaned
first; within one document a line is screened once (``matchers.screened_lines``). Hyperscan,
whose prefiltering mode matches a superset of many regexes in one pass, could not stand in for
the screens: compiling the rules' Unicode patterns ran for over ten minutes without finishing.)
"""
from __future__ import annotations

import re
import string
import unicodedata
import warnings
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import takewhile
from typing import Any, NamedTuple

import ahocorasick_rs
import regex

from .compile_cache import compiled as compiled_pattern, remembered
from .rules import BLOCK, HOLD_GIL, TRAILER
from .textdoc import fold, fold_plain

try:  # Python 3.11+
    from re import _parser as sre_parse  # type: ignore[attr-defined]  # (private: typeshed omits it)
    from re import _constants as sre  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_UNICODE_CLASS = regex.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")
# regex-only syntax that Python's parser would take for literals: fuzzy matching ("(?:foo){e<=1}")
# and POSIX classes ("[[:alpha:]]"). Such patterns get no screen.
_READ_DIFFERENTLY = regex.compile(r"\{\s*(?:\d+\s*<|[eisd]\s*[<=])|\[:\^?[a-z]+:\]")
_SHARED_FLAGS = re.IGNORECASE | re.VERBOSE   # the same bits in both modules
_NAMED_GROUP = regex.compile(r"\(\?P<\w+>")
UNBOUNDED = 1 << 30   # the width of a pattern with an open-ended repeat, and "no word limit"
MIN_LITERAL = 3       # shorter required words occur in too many lines to be worth testing...
# ...unless they are symbols that prose seldom uses: "[" or "(" for a caption's "(Photo: AP)",
# "/" for "Name/Outlet", "©", and dashes for "Headline - Site" (most short lines have none);
# or two characters that each stand for a syllable or a word ("广告", "기자", "写真").
_SYLLABIC = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]{2,}")
# Sentence punctuation and quotes are in nearly every paragraph: a rule is screened by them only
# when it needs nothing rarer. Short lines often lack them: "Jane Doe, AP" needs ",", "/" or "|",
# which 87% of the lines that rule was tried on lacked.
_COMMON_MARKS = ".,;:!?'\"’‘“”«»…"
# Likewise the commonest short words of the big languages: "the" is no rarer than a comma, though
# three letters make it look rare next to a dash ("Headline - Site" needs a dash, or "the" or a
# newspaper's name after it).
_COMMON_WORDS = frozenset("the and for you are was not but der die das und den les des une que los "
                          "las del con per che non это как что".split())
# Two characters tell more than one ("By" from "Bu", "Fa" from "Fo") and still fall into few
# enough combinations to cache: measured, 5-8% less time on text once the caches are warm (the
# first documents cost more while they fill, so a start is judged on both characters only from
# its second line on). Three made too many combinations to pay off.
START = 2
# Cache sizes: answers are kept per line start, and a Chinese or Japanese corpus brings tens of
# thousands of them. A full cache is emptied and refills with what is current.
STARTS_CACHE_SIZE = 4096     # line starts per Screen
PASSING_CACHE_SIZE = 8192    # sets of rules per LineIndex (what to test for each, and its rule list)
# Line starts of prose in several scripts, upper and lower case, digits and punctuation: a
# pattern that could begin every one of them has a start that screens out nothing.
TYPICAL_STARTS = ("Th", "th", "A ", "12", "(A", '"A', "Вс", "中国", "في", "यह", "- ")
# a run of literals and classes of literals is read as every string it can spell, up to this many
MAX_SPELLINGS = 16
SHOWN_WORDS = 8   # required words listed by Screen.describe
# A pattern's other requirements, tested once a line holds one of its rarest's words ("may" and
# "earn" besides "commission"): up to MAX_ALSO, of up to ALSO_MAX_WORDS words each (longer lists
# cost more to test than they spared: with every requirement tested, 1.3% more instructions; so,
# 0.9% fewer, and 4.7 regex calls fewer an article-level document). Common marks count too: a
# caption's credit needs a full stop or a bracket before its "/" or "|", a comment header a ":"
# after "said"; testing a mark or two is next to free (4.2 regex calls fewer a document, 72.9 ->
# 68.7; 0.6% fewer instructions)
MAX_ALSO, ALSO_MAX_WORDS = 3, 6
FEW_WORDS = 8   # up to this many required words, testing each with `in` beats an Aho-Corasick pass
# ...and up to this many on a line that long: the pass costs about 10 ns a character, a test
# about 0.5 ns a character a word. Lines of 400 characters or more hold a third of an article's
# text, and the rules still in question there need 17 words on average (measured: 1.8% fewer
# instructions in the scorecard's first text pass; 16 to 32 words from 100 to 400 characters
# all came within 0.3% of that)
LONG_FEW_WORDS, LONG_LINE = 20, 200
# word searches by an index with the rule set's finder, after which it builds one of its own
# words, once the shared finder has cost it about as much as the build would. Between documents
# (a batch reads and writes files, the scorecard scores) the shared finder's large automaton
# falls out of the processor's caches: so measured, a search took 4.4-5.0 us with it and 3.2-3.5
# with an English index's own (in a loop over the same documents, they were 0.4 us apart). The
# two own finders (600 and 331 words) take 1.6 ms to build: they pay off after some 1,100
# searches, about 35 article-level documents (a rarer group of documents keeps the shared one).
# (Set at 5,000 on the loop's figures; at 1,000 before, when 840 rules built in 0.3-0.65 ms.)
OWN_FINDER_AFTER = 1000
# Lines of this many words or more are searched for the words of only those rules that admit that
# many (``max_words``): most rules take short lines only, and their words (",", "." in dates,
# "all") are most of what an automaton of every word finds in a paragraph (4,700 matches in the
# scorecard's 60 article-level texts, 200 of use; 1,200 with this). 1.4% fewer instructions once
# the caches are full, 0.25% in the first pass, which builds an index's own finders (each of
# 20 and 45 words, and a finder for each of several sizes, saved less)
LONG_WORDS = 30
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))
_ENDS = (sre.AT_END, sre.AT_END_STRING)


def _parse(pattern: str, flags: int = 0, unicode_class=r"\\w"):
    """The pattern's syntax tree under Python's parser (with the flags both engines share), or
    None when it cannot read the pattern or would read it differently from ``regex``. Unicode
    classes (``\\p{Lu}``) are read as ``unicode_class`` (a replacement for ``regex.sub``)."""
    if _READ_DIFFERENTLY.search(pattern):
        return None
    simplified = _NAMED_GROUP.sub("(?:", _UNICODE_CLASS.sub(unicode_class, pattern))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # "possible nested set": we only read
            return sre_parse.parse(simplified, flags & _SHARED_FLAGS)
    except (re.error, RecursionError, OverflowError):
        return None


def is_anchored(pattern: str) -> bool:
    """Whether every match must start at the beginning of the text."""
    tree = _parse(pattern)
    return tree is not None and _starts_anchored(list(tree))


def _starts_anchored(items: list) -> bool:
    for op, arg in items:
        if op is sre.AT:
            return arg is sre.AT_BEGINNING or arg is sre.AT_BEGINNING_STRING
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width: the next node decides
        if op is sre.SUBPATTERN:
            return _starts_anchored(list(arg[-1]))
        if op is sre.BRANCH:
            return all(_starts_anchored(list(alternative)) for alternative in arg[1])
        if op is getattr(sre, "ATOMIC_GROUP", None):
            return _starts_anchored(list(arg))
        return False
    return False


def _ends_anchored(items: list) -> bool:
    if not items:
        return False
    op, arg = items[-1]
    if op is sre.AT:
        return arg in _ENDS
    if op is sre.SUBPATTERN:
        return _ends_anchored(list(arg[-1]))
    if op is sre.BRANCH:
        return all(_ends_anchored(list(alternative)) for alternative in arg[1])
    return False


def max_length(pattern: str, flags: int = 0) -> int:
    """The longest text a match can span when the pattern is anchored at both ends (so a match
    is the whole text); ``UNBOUNDED`` otherwise. ``$`` may also match before a final newline,
    which stripped lines never have."""
    return _max_length(_parse(pattern, flags), flags)


def _max_length(tree, flags: int) -> int:
    if tree is None or flags & regex.MULTILINE or not (_starts_anchored(list(tree)) and _ends_anchored(list(tree))):
        return UNBOUNDED
    return min(tree.getwidth()[1], UNBOUNDED)


def required_words(pattern: str) -> frozenset[str] | None:
    """Casefolded literal strings one of which every match contains (a casefolded test is weaker,
    so it never skips a match); None when no such strings exist of ``MIN_LITERAL`` characters
    (two Han, kana or Hangul), or of symbols."""
    return _required_words(_parse(pattern))


def _required_words(tree) -> frozenset[str] | None:
    requirements = _requirements(tree)
    return requirements[0] if requirements else None


def _requirements(tree) -> list[frozenset[str]]:
    """Every requirement the syntax shows a match must meet (casefolded: one of its strings in
    the text), rarest first: longer strings are rarer in text (measured: preferring them over
    fewer alternatives runs 22% fewer regexes on the text benchmark), then fewer alternatives;
    after them, the next rarest of each alternative of a choice, joined (of "a b|c d", "a or c"
    first, "b or d" after), which are tested only once the first is met."""
    found: list[frozenset[str]] = []
    further: list[set[str]] = []
    options = sorted(_options(list(tree), further) if tree is not None else [], key=_rarity)   # (stable)
    for option in options + sorted(further, key=_rarity) if options else []:
        # folded both ways: English documents' lines are folded with their typographic punctuation
        # read as ASCII (``LineIndex``)
        folded = _fewest(frozenset(form for word in option for form in (fold(word), fold_plain(word))))
        if folded not in found:
            found.append(folded)
    return found


def _fewest(words: frozenset[str]) -> frozenset[str]:
    """``words`` less those that hold another of them: a text holding "photograph" holds
    "photo", so testing for "photo" alone says as much, with one scan of the text fewer."""
    return frozenset(word for word in words if not any(other in word for other in words if other != word))


def _options(items: list, further: list[set[str]] | None = None) -> list[set[str]]:
    """The requirements of the mandatory parts of a sequence of nodes: each holds in every match.
    ``further`` gets more that hold, but rank after all of these (see ``_requirements``)."""
    further = [] if further is None else further
    options: list[set[str]] = []
    spelled: list[str] = []   # what the run of literals so far can spell
    for op, arg in items + [(None, None)]:
        letters = _letters(op, arg)
        if letters is not None and max(len(spelled), 1) * len(letters) <= MAX_SPELLINGS:
            spelled = [head + letter for head in spelled or [""] for letter in letters]
            continue
        if spelled:
            options += filter(None, [_spelled_requirement(spelled),
                                     _spelled_requirement(_spelled_into_choice(spelled, op, arg))])
        spelled = []
        if op is sre.IN:
            options += filter(None, [_listed_symbols(arg)])
        elif op is sre.SUBPATTERN:
            options += _options(list(arg[-1]), further)
        elif op is sre.BRANCH:
            # one alternative's requirements or another's: the rarest of each, joined; and, as
            # ``further`` ones, the next rarest of each (an alternative out of them gives its last)
            alternatives = [sorted(_options(list(alternative)), key=_rarity) for alternative in arg[1]]
            if all(alternatives):
                options.append(set[str]().union(*(each[0] for each in alternatives)))
                further += [set[str]().union(*(each[min(n, len(each) - 1)] for each in alternatives))
                            for n in range(1, min(max(map(len, alternatives)), 1 + MAX_ALSO))]
        elif op in _REPEATS and arg[0] >= 1:
            options += _options(list(arg[2]), further)
        elif op is sre.ASSERT:   # a lookahead or lookbehind that must hold reads the line too
            options += _options(list(arg[1]), further)
    return options


def _letters(op, arg) -> list[str] | None:
    """The characters a node matches when it is a literal or a class that lists only literals
    ("[یي]", as rules write the Arabic and Persian forms of a letter); else None."""
    if op is sre.LITERAL:
        return [chr(arg)]
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in arg):
        return [chr(value) for _, value in arg]
    return None


def _spelled_requirement(spelled: list[str]) -> set[str] | None:
    """What a run of literals requires, given every string it can spell."""
    found = [_run_requirement(run) for run in spelled]
    return set[str]().union(*found) if spelled and all(found) else None   # type: ignore[arg-type]  # (none is None)


def _spelled_into_choice(spelled: list[str], op, arg) -> list[str]:
    """A run of literals read on into the leading literals of each alternative that follows it:
    the parser factors a shared prefix out of alternatives ("CC(?:-BY| BY)" for "(?:CC-BY|CC BY)"),
    which leaves the run and each alternative too short to screen by alone."""
    if op is not sre.BRANCH or len(spelled) * len(arg[1]) > MAX_SPELLINGS:
        return []
    leads = ["".join(chr(value) for _, value in takewhile(lambda item: item[0] is sre.LITERAL, alternative))
             for alternative in arg[1]]
    spellings = [run.lstrip() + lead for run in spelled for lead in leads]   # (a space in front: no rarer)
    return spellings if all(spellings) else []


def _rarity(option: Collection[str]) -> tuple[bool, int, int]:
    """How a requirement ranks, rarest first: one met by common marks alone comes last."""
    common = any(not word.strip(_COMMON_MARKS) or word.casefold() in _COMMON_WORDS for word in option)
    return common, -min(map(len, option)), len(option)


def first_line_words(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """For a pattern anchored at the line start that sees several lines joined, and whose match
    must start in the first (as line rules take it): the words (as ``required_words``) that the
    first line must hold, read off the nodes in front of the first one that could match a
    newline; None when there are none."""
    return remembered(("first-line words", pattern, flags), lambda: _first_line_words(pattern, flags))


def _first_line_words(pattern: str, flags: int) -> frozenset[str] | None:
    tree = _parse(pattern, flags, _newline_stand_in)
    if tree is None or not _starts_anchored(list(tree)):
        return None
    in_first_line = list(takewhile(lambda item: not _may_match_newline(*item), tree))
    return _required_words(in_first_line)


def _newline_stand_in(match) -> str:
    """What a Unicode class is read as when looking for newlines: ``\\w`` for those that cannot
    match one (letters, marks, numbers, punctuation, symbols, separators, scripts), else a newline."""
    text = match.group()
    name = text[3:-1] if text[2:3] == "{" else text[2:]
    cannot = text[1] == "p" and (regex.fullmatch(r"[LMNPSZ][a-z]?", name) is not None
                                 or name in _SCRIPTS_WITHOUT_ASCII | {"Latin", "Greek"})
    return r"\w" if cannot else r"\n"


def _may_match_newline(op, arg) -> bool:
    """Whether a node may match a newline (yes, when the reading does not know the node)."""
    if op is sre.LITERAL:
        return arg == ord("\n")
    if op is sre.NOT_LITERAL:
        return arg != ord("\n")
    if op is sre.AT or op is sre.ASSERT_NOT:
        return False   # zero-width, and requires no word
    if op is sre.ASSERT:
        return any(_may_match_newline(*item) for item in arg[1])
    if op is sre.IN:
        return _class_may_match_newline(arg)
    if op is sre.SUBPATTERN:
        return any(_may_match_newline(*item) for item in arg[-1])
    if op is sre.BRANCH:
        return any(_may_match_newline(*item) for alternative in arg[1] for item in alternative)
    if op in _REPEATS:
        return any(_may_match_newline(*item) for item in arg[2])
    return True   # ".", a back-reference


def _class_may_match_newline(items) -> bool:
    negated = listed = False
    for kind, value in items:
        if kind is sre.NEGATE:
            negated = True
        elif kind is sre.LITERAL:
            listed |= value == ord("\n")
        elif kind is sre.RANGE:
            listed |= value[0] <= ord("\n") <= value[1]
        elif kind is sre.CATEGORY:   # \s, \W and \D match a newline; \S, \w and \d do not
            listed |= value in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD, sre.CATEGORY_NOT_DIGIT)
        else:
            return True
    return listed != negated


def _is_symbol(char: str) -> bool:
    """Punctuation or a symbol (not a letter, digit, space, or a vowel sign: "े" is in most Hindi words)."""
    return unicodedata.category(char)[0] in "PS"


def _run_requirement(run: str) -> set[str] | None:
    """What a run of literal characters requires that is rare enough to screen lines by: the
    run, or one of its symbols (a rare one if it has one: "(" in "(by")."""
    if len(run) >= MIN_LITERAL or _SYLLABIC.fullmatch(run) or all(map(_is_symbol, run)):
        return {run}
    symbols = [char for char in run if _is_symbol(char)]
    return {min(symbols, key=_COMMON_MARKS.__contains__)} if symbols else None


def _listed_symbols(items) -> set[str] | None:
    """The characters of a class like ``[\\[(]``, when it lists only symbols."""
    chars = {chr(arg) for op, arg in items if op is sre.LITERAL}
    if len(chars) != len(items) or not all(map(_is_symbol, chars)):
        return None
    return chars


class LineHeads:
    """The first ``START`` characters a match of an anchored pattern can begin with, read off its
    syntax when it lists them ("^(?:related\\s+)?(?:tags?|topics?)" begins "re", "ta" or "to";
    "^\\p{Lu}[\\p{L}.-]" an ASCII capital, then a letter, "." or "-"): a line start is judged by
    two lookups instead of a partial match (1.7 us) of the regex. Lookarounds and word boundaries
    are ignored, which only admits more. ``admit`` judges ASCII starts; ``StartTable`` also
    others, through the marks that stand in the heads for what a class matches outside ASCII,
    and leaves to the engine those the reading cannot tell (a script, a class of letters with
    case under ignorecase) and letters that match an ASCII one under ignorecase ("İ" matches "i").
    """

    def __init__(self, seconds: dict[str, frozenset[str] | None]):
        # first character -> the second characters that may follow it (None: any, since the match
        # may end after the first); a second character _LINE_END needs the line to end there
        self.seconds = seconds

    @classmethod
    def of(cls, pattern: str, flags: int) -> LineHeads | None:
        """The heads of a pattern; None when its syntax does not list them (any character, a
        Unicode class other than letters, digits, marks or a script) or may match an empty line
        start and go on with anything. (A match of nothing that needs the line to end there, as
        in "^[^\\p{L}\\p{N}]*$", is left out: the lines judged are never empty.)"""
        tree = _parse(pattern, flags, _stand_in)
        heads = None if tree is None else _read(list(tree), bool(tree.state.flags & re.IGNORECASE))
        if heads is None or heads.empty:
            return None
        return cls({**heads.twos, **dict.fromkeys(heads.ones)})

    def admit(self, start: str) -> bool:
        """Whether a line beginning with ``start`` (ASCII, at most START characters) could match."""
        if not start:
            return True
        if start[0] not in self.seconds:
            return False
        seconds = self.seconds[start[0]]
        return len(start) == 1 or seconds is None or start[1] in seconds


# Marks that no line start judged by heads contains: after a head, that the line must end there
# ("^no$"); in a head, a class of characters outside ASCII that have case (\p{Lu} under
# ignorecase: no ASCII start and no caseless one can match it, but the heads before it stay
# prefixes: a line that is just "N" may go on "ội dung"), or some other characters outside ASCII
# the reading cannot tell (\p{Han}, [^—]: a start there is left to the regex engine). A literal
# letter with case is listed with its cases ("ộ", "Ộ"), as the engine's case table gives them.
_LINE_END, _CASED, _NOT_ASCII = "\ue00e", "\ue00d", "\ue00f"
# Marks for the characters outside ASCII that a class names exactly (\p{Lu}, \w, \s, their
# negations, and a negated class of ASCII characters, which matches all of them): a start with
# such a character is judged by asking each class about it, once per character.
_MARKED_CLASSES = (r"\p{Lu}", r"\P{Lu}", r"\p{Ll}", r"\P{Ll}", r"\p{L}", r"\P{L}", r"\p{N}", r"\P{N}", r"\p{M}",
                   r"\P{M}", r"\w", r"\W", r"\s", r"\S", r"\d", r"\D", r"[\s\S]")
_CLASS_MARKS = {chr(0xE020 + n): regex.compile(pattern) for n, pattern in enumerate(_MARKED_CLASSES)}
(_UPPER_OUT, _NOT_UPPER_OUT, _LOWER_OUT, _NOT_LOWER_OUT, _LETTER_OUT, _NOT_LETTER_OUT, _NUMBER_OUT,
 _NOT_NUMBER_OUT, _MARK_OUT, _NOT_MARK_OUT, _WORD_OUT, _NOT_WORD_OUT, _SPACE_OUT, _NOT_SPACE_OUT, _DIGIT_OUT,
 _NOT_DIGIT_OUT, _ALL_OUT) = _CLASS_MARKS
_PAIRED = list(_CLASS_MARKS)[:-1]   # a class, then its negation: each is the other's
_NEGATED_MARKS = {**dict(zip(_PAIRED[::2], _PAIRED[1::2])), **dict(zip(_PAIRED[1::2], _PAIRED[::2]))}
_UPPER, _LOWER, _DIGITS = string.ascii_uppercase, string.ascii_lowercase, string.digits
_ASCII = "".join(map(chr, range(128)))


def _not(chars: str) -> str:
    """What a negated class matches among ASCII characters, and its mark for the others: every
    one when ``chars`` holds only ASCII, the negation of one class mark, else unknown."""
    outside = [char for char in chars if not char.isascii()]
    if not outside:
        mark = _ALL_OUT
    elif len(outside) == 1 and outside[0] in _NEGATED_MARKS:
        mark = _NEGATED_MARKS[outside[0]]
    else:
        mark = _NOT_ASCII
    return "".join(char for char in _ASCII if char not in chars) + mark


# what the categories match among ASCII characters, and their marks for the others
_SPACE, _WORD = "\t\n\v\f\r ", _UPPER + _LOWER + _DIGITS + "_"
_ASCII_CATEGORIES = {sre.CATEGORY_DIGIT: _DIGITS + _DIGIT_OUT, sre.CATEGORY_SPACE: _SPACE + _SPACE_OUT,
                     sre.CATEGORY_WORD: _WORD + _WORD_OUT, sre.CATEGORY_NOT_DIGIT: _not(_DIGITS + _DIGIT_OUT),
                     sre.CATEGORY_NOT_SPACE: _not(_SPACE + _SPACE_OUT),
                     sre.CATEGORY_NOT_WORD: _not(_WORD + _WORD_OUT)}
# Unicode classes are read as private-use characters standing for what they match among ASCII
# characters, case-sensitively and under ignorecase (where \p{Lu} matches "a" too, and \P{Lu}
# matches neither "a" nor "A"), and beyond (\p{Lu} only letters with case); a script other than
# Latin matches no ASCII character, nor does a combining mark (\p{M}: "[\p{L}\p{M}]+" reads a
# word in any script). Others (\p{Punct}, \P{Han}) stop the reading.
_STAND_INS = {"Lu": ("\ue000", _UPPER + _UPPER_OUT, _UPPER + _LOWER + _CASED),
              "Ll": ("\ue001", _LOWER + _LOWER_OUT, _UPPER + _LOWER + _CASED),
              "L": ("\ue002", _UPPER + _LOWER + _LETTER_OUT, _UPPER + _LOWER + _LETTER_OUT),
              "N": ("\ue003", _DIGITS + _NUMBER_OUT, _DIGITS + _NUMBER_OUT),
              "M": ("\ue006", _MARK_OUT, _MARK_OUT)}   # (no ASCII character is a combining mark)
_NEGATED_STAND_INS = {name: (chr(ord(char) + 0x10), _not(exact), _not(folded))
                      for name, (char, exact, folded) in _STAND_INS.items()}
_SCRIPTS_WITHOUT_ASCII = frozenset("Han Hiragana Katakana Hangul Arabic Devanagari Cyrillic Thai".split())
# and the classes of symbols that match no ASCII character either, with or without ignorecase: the
# emoji that may lead a prompt ("📲 Get our app"): a line that begins in ASCII is judged by the
# words after them (and one that begins with an emoji, by the engine)
_CLASSES_WITHOUT_ASCII = _SCRIPTS_WITHOUT_ASCII | {"So", "Extended_Pictographic"}
_NO_ASCII, _UNREADABLE = "\ue004", "\ue005"
_STOOD_FOR = ({ord(char): (exact, folded) for char, exact, folded in _STAND_INS.values()}
              | {ord(char): (exact, folded) for char, exact, folded in _NEGATED_STAND_INS.values()}
              | {ord(_NO_ASCII): (_NOT_ASCII, _NOT_ASCII)})


def _stand_in(match) -> str:
    """The private-use character that stands for a Unicode class in the reading of heads."""
    text = match.group()
    name = text[3:-1] if text[2:3] == "{" else text[2:]
    if text[1] == "P":
        return _NEGATED_STAND_INS[name][0] if name in _NEGATED_STAND_INS else _UNREADABLE
    if name in _STAND_INS:
        return _STAND_INS[name][0]
    return _NO_ASCII if name in _CLASSES_WITHOUT_ASCII else _UNREADABLE


class _Heads(NamedTuple):
    """How the matches of part of a pattern begin, up to START (two) characters."""

    empty: bool                          # it may match nothing
    ones: frozenset[str]                 # characters it may match alone
    twos: dict[str, frozenset[str]]      # first character -> the second characters after it
    ended: bool = False                  # it may match nothing and then require the line end

    def then(self, other: _Heads) -> _Heads:
        """The heads of this part followed by ``other``."""
        if not (self.empty or self.ones):
            return self   # every match has its two characters already
        firsts = other.ones | frozenset(other.twos) | ({_LINE_END} if other.ended else frozenset())
        twos = dict(self.twos)
        for char in self.ones:
            twos[char] = twos[char] | firsts if char in twos else frozenset(firsts)
        if self.empty:
            twos = _merged(twos, other.twos)
        ones = (other.ones if self.empty else frozenset()) | (self.ones if other.empty else frozenset())
        return _Heads(self.empty and other.empty, ones, twos, self.ended or (self.empty and other.ended))

    def either(self, other: _Heads) -> _Heads:
        """The heads of a match of this part or of ``other``."""
        return _Heads(self.empty or other.empty, self.ones | other.ones, _merged(self.twos, other.twos),
                      self.ended or other.ended)


def _merged(twos: dict, more: dict) -> dict:
    merged = dict(twos)
    for char, seconds in more.items():
        merged[char] = merged[char] | seconds if char in merged else seconds
    return merged


assert START == 2, "line heads are read two characters deep"
_NOTHING = _Heads(True, frozenset(), {})           # "^", "\b", a lookaround: they only narrow
_END = _Heads(False, frozenset(), {}, ended=True)   # "$"


def _read(items: list, ignorecase: bool) -> _Heads | None:
    """The heads of a sequence of nodes, or None when the reading cannot follow one."""
    heads = _NOTHING
    for op, arg in items:
        if not (heads.empty or heads.ones):
            break   # complete: what follows cannot change the first two characters
        item = _read_item(op, arg, ignorecase)
        if item is None:
            return None
        heads = heads.then(item)
    return heads


def _literal_chars(code: int, ignorecase: bool) -> str | None:
    """The characters a literal (or a stand-in for a Unicode class) matches, as ASCII characters,
    caseless ones and marks; None when the reading cannot tell."""
    if code in _STOOD_FOR:
        return _STOOD_FOR[code][ignorecase]
    char = chr(code)
    if 0xE000 <= code <= 0xF8FF:
        return None   # a stand-in for a class the reading does not know
    if char.isascii():
        return char.lower() + char.upper() if ignorecase else char
    if is_caseless(char):
        return char   # under ignorecase too: it matches only itself
    if not ignorecase:
        return char   # a letter with case matches only itself
    cases = _cases(code)
    if cases is None:
        return _CASED
    if any(variant.isascii() for variant in cases):
        return None   # the Kelvin sign matches "k" under ignorecase: leave it to the engine
    return cases


def _cases(code: int) -> str | None:
    """The characters that match a letter under ignorecase, as the engine's own case table gives
    them ("Ч", "ч"; "Σ", "σ", "ς"): a Russian rule's heads list them, where the engine had to be
    asked about every start of a Cyrillic line, the first time (None if this regex has no such table)."""
    try:
        return "".join(map(chr, regex._regex.get_all_cases(regex.IGNORECASE | regex.V0, code)))
    except AttributeError:
        return None


def is_caseless(char: str) -> bool:
    """A character outside ASCII that case relates to no other and that is no cased letter (Han,
    Arabic, quotes, dashes): under ignorecase it matches itself alone, and \\p{Lu} and \\p{Ll}
    never match it ("ĸ" and "ℂ" have no other case, but are Ll and Lu). Private-use and
    unassigned characters are left out: the marks above are private-use characters."""
    return (char == char.lower() == char.upper() == char.casefold() == char.title()
            and unicodedata.category(char) not in _CASED_OR_UNKNOWN)


_CASED_OR_UNKNOWN = frozenset({"Lu", "Ll", "Lt", "Cn", "Co", "Cs"})


def _read_item(op, arg, ignorecase: bool) -> _Heads | None:
    """The heads of one node."""
    if op is sre.AT:
        return _END if arg in _ENDS else _NOTHING
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return _NOTHING
    chars = _node_chars(op, arg, ignorecase)
    if chars is not None:
        return _Heads(False, frozenset(chars), {})
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, inner = arg
        if (add_flags | del_flags) & ~re.IGNORECASE:
            return None
        scoped = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _read(list(inner), scoped)
    if op is sre.BRANCH:
        found = None
        for alternative in arg[1]:
            heads = _read(list(alternative), ignorecase)
            if heads is None:
                return None
            found = heads if found is None else found.either(heads)
        return found
    if op in _REPEATS:
        low, high, inner = arg
        once = _read(list(inner), ignorecase)
        if once is None:
            return None
        found, repeated = None, _NOTHING
        for copies in range(min(high, START) + 1):   # past START copies, more add nothing seen
            if copies >= min(low, START):
                found = repeated if found is None else found.either(repeated)
            repeated = repeated.then(once)
        return found
    return None


def _node_chars(op, arg, ignorecase: bool) -> str | None:
    """The characters a one-character node matches (as ``_literal_chars``); None for other
    nodes and for what the reading cannot tell."""
    if op is sre.LITERAL or op is sre.NOT_LITERAL:
        chars = _literal_chars(arg, ignorecase)
        return chars if chars is None or op is sre.LITERAL else _not(chars)
    if op is not sre.IN:
        return None
    found, negated = "", False
    for kind, value in arg:
        if kind is sre.NEGATE:
            negated = True
            continue
        if kind is sre.LITERAL:
            chars = _literal_chars(value, ignorecase)
        elif kind is sre.RANGE and value[1] < 128:
            chars = "".join(_literal_chars(code, ignorecase) or "" for code in range(value[0], value[1] + 1))
        elif kind is sre.CATEGORY and value in _ASCII_CATEGORIES:
            chars = _ASCII_CATEGORIES[value]
        else:
            chars = None   # another category, a range beyond ASCII
        if chars is None:
            return None
        found += chars
    return _not(found) if negated else found


@dataclass(frozen=True)
class Screen:
    """What a line must look like for one rule's regex to have a chance on it."""

    compiled: regex.Pattern | None   # set when the pattern is anchored at the line start
    max_length: int
    words: frozenset[str] | None
    selective: bool = False          # whether its start rules out lines at all (see ``of``)
    _starts: dict = field(default_factory=dict, compare=False, repr=False)
    heads: LineHeads | None = None   # its possible line starts, when the syntax lists them
    judge: regex.Pattern | None = None   # what judges other starts: ``compiled`` without word boundaries
    also: tuple[frozenset[str], ...] = ()   # further required words: one of each set, after ``words``

    @classmethod
    def of(cls, pattern: str, compiled: regex.Pattern, *, start_test: bool = True) -> Screen:
        """The screen of a pattern (``start_test=False``: without a test of the line start,
        for a part of a pattern whose own screen tests it)."""
        flags = compiled.flags
        anchored, max_length, words, selective, seconds, judged, also = remembered(
            ("screen", pattern, flags, start_test), lambda: _screen_reading(pattern, compiled, start_test))
        judge = None
        if anchored:
            judge = compiled if judged is None else compiled_pattern(judged, flags)
        return cls(compiled if anchored else None, max_length, words, selective,
                   heads=None if seconds is None else LineHeads(seconds), judge=judge, also=also)

    def first_line(self) -> Screen:
        """This screen's test of the line start and of the words the pattern needs before its
        first newline: for a pattern that sees several lines joined, screened on the first line,
        where other words it needs may be on a later one (``also`` is not tested)."""
        words = None if self.compiled is None else first_line_words(self.compiled.pattern, self.compiled.flags)
        return Screen(self.compiled, UNBOUNDED, words, self.selective, self._starts, self.heads, self.judge)

    @property
    def lets_every_line_through(self) -> bool:
        """Whether the screen tests nothing: its rule's regex runs on every line (within ``max_words``)."""
        return not self.selective and self.max_length >= UNBOUNDED and self.words is None

    def describe(self) -> str:
        """What a line must be like for the regex to run on it, in words (``cleaner rules show``)."""
        tests = []
        if self.selective:
            tests.append("begin as the pattern can")
        if self.max_length < UNBOUNDED:
            tests.append(f"be at most {self.max_length} characters long")
        for required in [self.words, *self.also] if self.words is not None else []:
            words = sorted(required)
            more = f" and {len(words) - SHOWN_WORDS} more" if len(words) > SHOWN_WORDS else ""
            tests.append(f"hold one of {', '.join(map(repr, words[:SHOWN_WORDS]))}{more}")
        return "; ".join(tests) if tests else "nothing: the regex runs on every line"

    def starts(self, start: str) -> bool:
        """Whether a line beginning with ``start``, or that is ``start``, could match (always, for
        unanchored patterns)."""
        if self.compiled is None:
            return True
        known = self._starts.get(start)
        if known is None:  # a race between threads at worst asks twice
            if len(self._starts) >= STARTS_CACHE_SIZE:
                self._starts.clear()
            if self.heads is not None and start.isascii():   # most line starts: no regex call
                known = self._starts[start] = self.heads.admit(start)
            else:
                judge: Any = self.judge   # (set whenever ``compiled`` is)
                # (pos, endpos, concurrent: HOLD_GIL, partial)
                known = self._starts[start] = judge.match(start, None, None, HOLD_GIL, True) is not None
        return known

    def admits(self, text: str, folded: str | None = None) -> bool:
        """Whether the rule could match ``text`` (``folded``: its casefolded form, if known)."""
        if len(text) > self.max_length:
            return False
        if self.selective:   # starts(), with its cache read here: admits runs for most lines
            start = text[:START]
            known = self._starts.get(start)
            if not (self.starts(start) if known is None else known):
                return False
        if self.words is None:
            return True
        if folded is None:
            folded = fold(text)
        return holds_one(self.words, folded) and all_held(self.also, folded)


def holds_one(words, folded: str) -> bool:
    """Whether ``folded`` holds one of ``words``."""
    for word in words:   # a plain loop: any() over a generator costs a third more
        if word in folded:
            return True
    return False


def all_held(requirements, folded: str) -> bool:
    """Whether ``folded`` holds one of the words of each of ``requirements``."""
    for words in requirements:
        if not holds_one(words, folded):
            return False
    return True


# The engine's partial match refuses some line starts at whose end a word boundary must hold:
# "(" for "^[^!?]{0,120}?\\berid:", though "(erid: 1" matches. Starts are asked of the pattern
# without its word boundaries, which matches more lines, never fewer. (Compiled with the rules:
# 87 patterns, 0.17 s; compiled on first use, they cost the first documents as much.)
_WORD_BOUNDARY = regex.compile(r"(?<!\\)(?:\\\\)*\\[bB]")
# a pattern's tokens: an escape, a character class (which may begin with "]" or hold "[:alpha:]"),
# or one character
_TOKEN = regex.compile(r"\\.|\[\^?\]?(?:\\.|\[:\^?\w+:\]|[^\]\\])*\]|.", regex.DOTALL)


def _screen_reading(pattern: str, compiled: regex.Pattern, start_test: bool) -> tuple:
    """What ``Screen.of`` reads off a pattern's syntax, as plain data (kept by compile_cache):
    (anchored, max length, required words, selective, line heads' ``seconds`` or None, the
    pattern that judges line starts when it is not the pattern itself, or None, the further
    requirements)."""
    tree = _parse(pattern, compiled.flags)  # once: parsing costs more than the rest
    anchored = start_test and tree is not None and _starts_anchored(list(tree))
    # a pattern that may begin like any of these lines ("^(?=.*\bposted\b)", "^[^!?]{0,100}")
    # gets no start test: asking it about every new line start would rule out next to nothing
    selective = anchored and not all(compiled.match(start, partial=True) for start in TYPICAL_STARTS)
    heads = LineHeads.of(pattern, compiled.flags) if selective else None
    judged = _without_word_boundaries(pattern) if anchored and _WORD_BOUNDARY.search(pattern) else None
    requirements = _requirements(tree)
    words = requirements[0] if requirements else None
    # the others, as further tests, but those any line holding one of ``words`` meets anyway
    also = tuple(each for each in requirements[1:] if not each >= requirements[0]
                 and len(each) <= ALSO_MAX_WORDS)[:MAX_ALSO]
    return (anchored, _max_length(tree, compiled.flags), words, selective,
            None if heads is None else heads.seconds, judged, also)


def _without_word_boundaries(pattern: str) -> str:
    """``pattern`` with its ``\\b`` and ``\\B`` removed (those inside a class are a backspace: kept)."""
    return "".join(token for token in _TOKEN.findall(pattern) if token not in ("\\b", "\\B"))


def line_screen(rule, screen: Screen) -> Screen:
    """The screen that offers a rule a line: its own, or for a rule that sees
    several lines joined, its test of the first (``Screen.first_line``)."""
    return screen if rule.lines == 1 else screen.first_line()


def word_limit(rule) -> int:
    """A rule's ``max_words``, with no limit as ``UNBOUNDED`` (so sizes compare without a test)."""
    return UNBOUNDED if rule.max_words is None else rule.max_words


class WordFinder:
    """Finds which of a fixed set of words a line contains, in one Aho-Corasick pass.

    One finder over the required words of every rule the indexes screen serves them all (and
    one over those of the rules that admit long lines, ``LONG_WORDS``), and an index ignores the
    words of rules not in force for its documents; an index in steady use builds finders of its
    own words (``OWN_FINDER_AFTER``). Automata are contiguous NFAs: a DFA is
    faster on a line searched again and again, but between two lines the rules' regexes push
    its large table out of the processor's caches. Measured in the pipeline, a line took 2.9 us
    with a DFA of every rule's words, 2.3 us with a contiguous NFA of them, and 1.9 us with one
    of an English index's words only.
    """

    def __init__(self, words):
        # a frozenset is kept as it is (indexes tell the rule set's finder by its set of words)
        self.words = words if isinstance(words, frozenset) else frozenset(words)
        words = sorted(self.words)   # (``words`` may be an iterator, read once above)
        self._automaton = (ahocorasick_rs.AhoCorasick(words, store_patterns=True,
                                                      implementation=ahocorasick_rs.Implementation.ContiguousNFA)
                           if words else None)

    def find(self, text: str) -> list[str]:
        """The words that occur in ``text``, once per occurrence."""
        return self._automaton.find_matches_as_strings(text, overlapping=True) if self._automaton else []


class StartTable:
    """Which of a rule set's anchored line, span, trailer and block rules a line start lets
    through, read off their ``LineHeads`` once for the whole rule set: every document group's
    index asks it, so a start is judged by a lookup even the first time a group meets it.

    Rules are bits by their position in ``rules`` (the rule set's line rules, then its span,
    trailer and block rules, in pack order); indexes number their rules the same way. A row per
    first character holds the rules it admits, those that admit any second character after it,
    those that admit each second character listed, and those whose second character the reading
    could not tell. Starts of ASCII characters are judged on their rows. A character outside ASCII
    is judged on the rows of the keys that could stand for it: itself, listed (a caseless literal:
    a quote, a dash, Han, a letter with case and its other cases), and the marks of the classes
    that match it (``_CLASS_MARKS``: "Ж" is \\p{Lu}, \\w, \\S...); rules whose heads hold a mark
    the reading cannot tell (``_NOT_ASCII``, or ``_CASED`` for a class of letters with case under
    ignorecase) are left to the engine. A letter that matches an ASCII
    one under ignorecase (the Kelvin sign "K" matches "k") is left to the engine for every rule.

    The table also holds the words the rules' line screens require (``word_bits``), which every
    index reads instead of working them out while a document waits.
    """

    def __init__(self, rules: list, screens: dict[str, Screen]):
        self.rules = list(rules)
        self.position = {rule.id: n for n, rule in enumerate(self.rules)}
        self.screens = [screens[rule.id] for rule in self.rules]
        # and the words that line screens require, with their rules: every index reads them
        self.word_bits = _word_bits({n: line_screen(rule, screens[rule.id]) for n, rule in enumerate(self.rules)})
        self.words = frozenset(self.word_bits)   # (the rule set's finder is built on this very set)
        long_rules = _mask(n for n, rule in enumerate(self.rules) if word_limit(rule) >= LONG_WORDS)
        self.long_words = frozenset(word for word, bits in self.word_bits.items() if bits & long_rules)
        self._heads = [(n, screen.heads) for n, screen in enumerate(self.screens)
                       if screen.selective and screen.heads is not None]
        self.headed = _mask(n for n, _heads in self._heads)
        # rules that may begin with characters outside ASCII the reading could not tell, or with
        # a letter with case outside ASCII
        self._unknown_first = _mask(n for n, heads in self._heads if _NOT_ASCII in heads.seconds)
        self._cased_first = self._unknown_first | _mask(n for n, heads in self._heads if _CASED in heads.seconds)
        # the characters and marks some rule's heads list first -> those rules (by position, in
        # order) and the second characters each lists after it: a row reads only the rules that
        # list its key (reading every rule's heads took 0.12 ms a row at 1,274 rules, this 0.02 ms
        # at 1,759; a corpus in other scripts asks for dozens of rows of letters while documents wait)
        self._heads_of: dict[str, list[tuple[int, Any]]] = {}
        for n, heads in self._heads:
            for char, seconds in heads.seconds.items():
                self._heads_of.setdefault(char, []).append((n, seconds))
        self._listed = frozenset(self._heads_of)
        # rows are built on first use, but these now, so that the first documents do not pay for
        # them: those of printable ASCII characters, of the class marks that stand for the others
        # (\\w, \\p{Lu}...), and of the punctuation and symbols outside ASCII that heads list:
        # quotes, dashes and bullets begin lines in every language, a letter outside ASCII in a few
        self._rows: dict[str, tuple[int, int, dict[str, int], int]] = {
            char: self._row(char) for char in [*map(chr, range(0x21, 0x7F)), *_CLASS_MARKS]}
        # a character outside ASCII -> its row, joined from the rows of its keys, and those keys
        # -> the row (most letters of a script share their keys: "\\p{Lu}", "\\w"...); bounded
        self._outside_rows: dict[str, tuple[int, int, dict[str, int], int]] = {}
        self._joined_rows: dict[tuple[str, ...], tuple[int, int, dict[str, int], int]] = {}
        for char in sorted(self._listed):
            if not char.isascii() and not char.isalnum() and unicodedata.category(char) != "Co" \
                    and (outside := _outside_ascii(char)) is not None:   # (Co: our own marks)
                self._outside_row(char, outside[0])

    def judged(self, start: str) -> tuple[int, int] | None:
        """(the headed rules a line beginning with ``start`` could match, those of the others the
        reading cannot rule out), or None when ``start`` holds a letter that matches an ASCII
        one under ignorecase."""
        if not start:
            return self.headed, 0
        first = start[0]
        if first.isascii():
            row, unsure = self._keyed_row(first), 0
        else:
            outside = _outside_ascii(first)
            if outside is None:
                return None
            row = self._outside_rows.get(first) or self._outside_row(first, outside[0])
            unsure = self._cased_first if outside[1] else self._unknown_first
        firsts, any_second, by_second, unknown_second = row
        if len(start) == 1:
            return firsts, unsure & ~firsts
        second = start[1]
        sure = any_second | by_second.get(second, 0)
        if not second.isascii():
            outside = _outside_ascii(second)
            if outside is None:
                return None
            marks, cased = outside
            for mark in marks:
                sure |= by_second.get(mark, 0)
            unsure |= unknown_second | (by_second.get(_CASED, 0) if cased else 0)
        return sure, unsure & ~sure

    def _keyed_row(self, key: str) -> tuple[int, int, dict[str, int], int]:
        """The row of a character or mark, built on first use (a race at worst builds it twice)."""
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = self._row(key)
        return row

    def _outside_row(self, char: str, marks: tuple[str, ...]) -> tuple[int, int, dict[str, int], int]:
        """The row of a character outside ASCII: those of itself, if listed, and of its marks, joined."""
        if len(self._outside_rows) >= STARTS_CACHE_SIZE:
            self._outside_rows.clear()
            self._joined_rows.clear()
        keys = tuple(key for key in (char, *marks) if key in self._listed)
        row = self._joined_rows.get(keys)
        if row is None:
            row = self._joined_rows[keys] = _joined_rows([self._keyed_row(key) for key in keys])
        self._outside_rows[char] = row
        return row

    def _row(self, first: str) -> tuple[int, int, dict[str, int], int]:
        firsts = any_second = unknown_second = 0
        by_second: dict[str, int] = {}
        for n, seconds in self._heads_of.get(first, ()):
            bit = 1 << n
            firsts |= bit
            if seconds is None:
                any_second |= bit
                continue
            if _NOT_ASCII in seconds:
                unknown_second |= bit
            for second in seconds:
                by_second[second] = by_second.get(second, 0) | bit
        return firsts, any_second, by_second, unknown_second


def _joined_rows(rows: list) -> tuple[int, int, dict[str, int], int]:
    """The row of a start character that several keys stand for: what any of them admits."""
    firsts = any_second = unknown_second = 0
    by_second: dict[str, int] = {}
    for row_firsts, row_any, row_by_second, row_unknown in rows:
        firsts, any_second, unknown_second = firsts | row_firsts, any_second | row_any, unknown_second | row_unknown
        for second, bits in row_by_second.items():
            by_second[second] = by_second.get(second, 0) | bits
    return firsts, any_second, by_second, unknown_second


_ASCII_UNDER_IGNORECASE = regex.compile(r"[\x00-\x7f]", regex.IGNORECASE)


@lru_cache(maxsize=STARTS_CACHE_SIZE)
def _outside_ascii(char: str) -> tuple[tuple[str, ...], bool] | None:
    """For a character outside ASCII: the marks of the classes that match it, and whether it is
    a letter with case; None when an ASCII character matches it under ignorecase (the Kelvin
    sign, "İ", "ı", "ſ"), which only the engine can judge."""
    if _ASCII_UNDER_IGNORECASE.match(char):
        return None
    return tuple(mark for mark, pattern in _CLASS_MARKS.items() if pattern.match(char)), not is_caseless(char)


class Offer(NamedTuple):
    """The rules a line is offered, in the table's order, and those of them that run before the
    line rules: its trailer and block rules (a list each, shared by the lines offered the same
    rules: do not modify them)."""

    rules: list
    run_first: list


class _Passing(NamedTuple):
    """What a LineIndex knows of the lines whose screens let the same rules through."""

    wordless: Offer              # the rules that need no word test
    worded: int                  # bits of the rules that pass but for the word test
    few_words: list | None       # their (word, bits) pairs, when few enough to test one by one...
    few_from: int                # ...on lines of this many characters or more


class LineIndex:
    """The rules in force for a document that judge it line by line (line, span, trailer and
    block rules), narrowed line by line to those that could match.

    Rules stay in pack order within each kind (the first line rule to match takes the line). A
    rule's ``max_words`` is part of the narrowing: a line longer than that is spared by the rule
    without trying it. A rule that sees two or three lines joined is offered by its start and the
    words it needs before its first newline (``first_line_words``); ``admits_joined`` applies the
    rest of its screen to the joined text.

    Sets of rules are bit masks, numbered as in the rule set's ``StartTable`` (an index built on
    its own numbers its rules in the order given): a line's rules are the mask of its start,
    ANDed with the masks of its word count's and its length's size buckets. Each mask is worked
    out once per start and per bucket, and each resulting set once, so a new combination of
    start and sizes costs two ANDs: the caches fill within a few documents.
    """

    def __init__(self, rules: list, screens: dict[str, Screen], finder: WordFinder | None = None,
                 table: StartTable | None = None, long_finder: WordFinder | None = None,
                 plain_punctuation: bool = False):
        self.rules = rules
        # lines have their typographic punctuation read as ASCII where that brings most of them
        # into ASCII, in which casefolding costs a tenth: in English text (the screens' words are
        # folded both ways). In most languages a line holds other letters outside ASCII as well,
        # and would only pay for the replacing: done for every Latin-script language, it cost the
        # corpus's German and English articles 1.4% more instructions.
        self._fold = fold_plain if plain_punctuation else fold
        self.table = table or StartTable(rules, screens)
        self._rule_at = self.table.rules
        positions = [self.table.position[rule.id] for rule in rules]
        # by position; a rule that sees several lines is screened here on the first one alone
        self.screen_at = {n: line_screen(rule, screens[rule.id]) for n, rule in zip(positions, rules)}
        self._joined_screens = {rule.id: screens[rule.id] for rule in rules if rule.lines > 1}
        max_words = {n: word_limit(rule) for n, rule in zip(positions, rules)}
        lengths = {n: screen.max_length for n, screen in self.screen_at.items()}
        # line sizes between two consecutive limits pass the same rules: one mask covers them
        self.word_limits = sorted(set(max_words.values()))
        self.length_limits = sorted(set(lengths.values()))
        self.word_masks = _size_masks(self.word_limits, max_words)
        self.length_masks = _size_masks(self.length_limits, lengths)
        # required word -> the rules that require it: of all the table's rules when it is given
        # (worked out once for every index; the rules not in force here are masked out)
        self.word_bits = table.word_bits if table is not None else _word_bits(self.screen_at)
        self._in_force = _mask(positions)
        self._long = _mask(n for n, limit in max_words.items() if limit >= LONG_WORDS)
        # a finder without some of their words would hide their rules (the rule set's finders, built
        # on the table's words, hold them all: told at once, not by testing 5,000 words again)
        if finder is None or not (finder.words is self.table.words or finder.words >= self.word_bits.keys()):
            finder = WordFinder(self.words)
        if long_finder is None or not (long_finder.words is self.table.long_words
                                       or long_finder.words >= self.long_words):
            long_finder = WordFinder(self.long_words)
        self.finder, self.long_finder = finder, long_finder   # (for lines of LONG_WORDS words or more)
        self._searches = 0   # by the finders: at OWN_FINDER_AFTER, the index builds its own
        self._wordless = _mask(n for n, screen in self.screen_at.items() if screen.words is None)
        # the trailer and block rules, which screened_lines hands their lines before the line rules run
        self._run_first = _mask(n for n, rule in zip(positions, rules) if rule.kind in (TRAILER, BLOCK))
        # rules with further required words (``Screen.also``), tested once one of their own is found
        self._also = {n: screen.also for n, screen in self.screen_at.items() if screen.also}
        self._with_also = _mask(self._also)
        anchored = _mask(n for n, screen in self.screen_at.items() if screen.selective)
        self._headed = anchored & self.table.headed        # judged by the table on ASCII starts
        self._anchored = anchored
        self._unanchored = self._in_force & ~anchored
        self._start_masks: dict[str, int] = {}    # line start (one or two characters) -> its rules
        self._seen_starts: set[str] = set()       # two-character line starts met before
        self._passing: dict[int, _Passing] = {}   # the rules passing all but the word test -> what to test
        self._lists: dict[int, Offer] = {}        # a set of rules -> the lists of them, in pack order

    @property
    def words(self) -> frozenset[str]:
        """The words that the rules in force require (one of each rule's)."""
        return frozenset().union(*(screen.words for screen in self.screen_at.values() if screen.words))

    @property
    def long_words(self) -> frozenset[str]:
        """The words that the rules in force which admit a line of ``LONG_WORDS`` words require."""
        return frozenset().union(*(self.screen_at[n].words or () for n in _positions(self._long)))

    def candidates(self, text: str, words: int) -> list:
        """Rules whose screens admit a line of ``words`` words, in the table's order (line, span,
        trailer, then block rules, each in pack order)."""
        return self.offer(text, words).rules

    def offer(self, text: str, words: int) -> Offer:
        """``candidates``, with those of them that run before the line rules (trailer and block
        rules). The line is casefolded only for a word test."""
        start = text[:START]
        mask = self._start_masks.get(start)
        if mask is None:
            mask = self._start_mask(start)
        mask &= (self.word_masks[bisect_left(self.word_limits, words)]
                 & self.length_masks[bisect_left(self.length_limits, len(text))])
        passing = self._passing.get(mask)
        if passing is None:
            passing = self._passing_for(mask)
        wordless_rules, worded, few_words, few_from = passing
        if not worded:
            return wordless_rules
        folded = self._fold(text)
        found = 0
        if few_words is not None and len(text) >= few_from:
            for word, bits in few_words:
                if word in folded:
                    found |= bits
        else:
            self._searches += 1
            if self._searches == OWN_FINDER_AFTER:
                self._use_own_finders()
            bits_of = self.word_bits.get   # the finder may know words of rules not in force here
            for word in (self.long_finder if words >= LONG_WORDS else self.finder).find(folded):
                found |= bits_of(word, 0)
        found &= worded
        if found & self._with_also:
            found = self._also_held(found, folded)
        if not found:
            return wordless_rules
        return self._list(mask & self._wordless | found)

    def _use_own_finders(self) -> None:
        """Finders of the words of the rules in force here, in place of the rule set's, and a
        table of those words' rules: a dictionary a seventh the size of the rule set's, which
        stays in the processor's caches between documents (measured, 2-4% off a line's screening)."""
        if self.finder.words != (own := self.words):
            self.finder = WordFinder(own)
        if self.long_finder.words != (own_long := self.long_words):
            self.long_finder = WordFinder(own_long)
        self.word_bits = {word: self.word_bits[word] for word in own}

    def _also_held(self, found: int, folded: str) -> int:
        """``found`` less the rules whose further required words (``Screen.also``) ``folded`` lacks."""
        for n in _positions(found & self._with_also):
            if not all_held(self._also[n], folded):
                found ^= 1 << n
        return found

    def _start_mask(self, start: str) -> int:
        """The rules a line beginning with ``start`` could match. Rules whose starts the table
        knows are judged by it; the others are asked about the first character, and about both
        only from the second line with this start on (a start that leaves none to ask is kept
        from its first line; a race between threads at worst works an answer out twice)."""
        if len(self._start_masks) >= STARTS_CACHE_SIZE - 1:   # room for two answers
            self._start_masks.clear()
        first = start[:1]
        broad = self._start_masks.get(first)
        if broad is None:
            broad = self._start_masks[first] = self._starting(self._anchored, first) | self._unanchored
        if start == first:
            return broad
        if start not in self._seen_starts:
            # most two-character starts of a corpus occur on one line only: there, trying the few
            # rules the second character would rule out costs less than asking them about it
            if len(self._seen_starts) >= STARTS_CACHE_SIZE:
                self._seen_starts.clear()
            self._seen_starts.add(start)
            judged = self.table.judged(start)
            if judged is None:
                return broad
            sure, unsure = judged
            answer = sure & self._headed | broad & (unsure | ~self._headed)
            if not broad & self._anchored & (unsure | ~self._headed):
                self._start_masks[start] = answer   # the table left no rule to ask: it is final
            return answer
        narrowed = self._start_masks[start] = self._starting(broad & self._anchored, start) | self._unanchored
        return narrowed

    def _starting(self, anchored: int, start: str) -> int:
        """Those of the ``anchored`` rules a line beginning with ``start`` could match."""
        judged = self.table.judged(start)
        if judged is None:
            return self._asked(anchored, start)
        sure, unsure = judged
        headed = anchored & self._headed
        return sure & headed | self._asked(anchored & ~self._headed | unsure & headed, start)

    def _asked(self, anchored: int, start: str) -> int:
        """Those of the ``anchored`` rules whose screens admit ``start``, asked one by one."""
        return _mask(n for n in _positions(anchored) if self.screen_at[n].starts(start))

    def _passing_for(self, mask: int) -> _Passing:
        """What to test for lines that pass the start and size screens of the rules in ``mask``."""
        if len(self._passing) >= PASSING_CACHE_SIZE:
            self._passing.clear()
        worded = mask & ~self._wordless
        few_words, few_from = None, 0
        # (each rule needs a word or more: with more rules than LONG_FEW_WORDS, there are more words)
        if worded.bit_count() <= LONG_FEW_WORDS:
            positions = _positions(worded)
            words = [self.screen_at[n].words or frozenset() for n in positions]   # (none is empty here)
            count = sum(map(len, words))
            if count <= LONG_FEW_WORDS:
                few_words = list({word: self.word_bits[word] & worded
                                  for each in words for word in sorted(each)}.items())
                few_from = 0 if count <= FEW_WORDS else LONG_LINE
        passing = self._passing[mask] = _Passing(self._list(mask & self._wordless), worded, few_words, few_from)
        return passing

    def _list(self, mask: int) -> Offer:
        """The rules in ``mask``, in pack order, and those of them that run first (one ``Offer``
        per set of rules: do not modify it)."""
        offer = self._lists.get(mask)
        if offer is None:
            if len(self._lists) >= PASSING_CACHE_SIZE:
                self._lists.clear()
            offer = self._lists[mask] = Offer([self._rule_at[n] for n in _positions(mask)],
                                              [self._rule_at[n] for n in _positions(mask & self._run_first)])
        return offer

    def admits_joined(self, rule, text: str) -> bool:
        """Whether a rule that sees several lines (offered for the first) could match them joined."""
        return self._joined_screens[rule.id].admits(text)


def _word_bits(screen_at: dict[int, Screen]) -> dict[str, int]:
    """Each word the screens require -> the rules (by position) that require it."""
    word_bits: dict[str, int] = {}
    for n, screen in screen_at.items():
        for word in screen.words or ():
            word_bits[word] = word_bits.get(word, 0) | 1 << n
    return word_bits


def _mask(positions) -> int:
    """The bit mask of rule positions."""
    mask = 0
    for n in positions:
        mask |= 1 << n
    return mask


def _positions(mask: int) -> list[int]:
    """The rule positions set in ``mask``, in increasing order: for a few rules (most masks),
    by peeling off the lowest bit; for more, reading the mask a byte at a time."""
    if mask.bit_count() <= FEW_BITS:
        positions = []
        while mask:
            lowest = mask & -mask
            positions.append(lowest.bit_length() - 1)
            mask ^= lowest
        return positions
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    return [8 * n + bit for n, byte in enumerate(data) if byte for bit in _BITS_OF_BYTE[byte]]


# Peeling a bit off a mask of the rule sets' size (300-700 bits) costs about 0.14 us; reading it
# by bytes, 2-9 us whatever it holds. Peeling wins up to about 24 bits; the masks met while
# the caches fill hold 1-6 (0.5 us against 1.8 a mask, in the scorecard's first text pass)
FEW_BITS = 24
_BITS_OF_BYTE = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]


def _size_masks(limits: list[int], limit_of: dict[int, int]) -> list[int]:
    """For each size bucket (sizes up to ``limits[b]``, above the one before), the rules (by
    position) whose own limit a size there does not exceed; a size above every limit passes none.
    (``limits``: the distinct limits, sorted. Built from the largest down, each bucket adding the
    rules of its own limit: a new document group's index is built while a document waits.)"""
    of_limit: dict[int, int] = {}
    for n, own in limit_of.items():
        of_limit[own] = of_limit.get(own, 0) | 1 << n
    masks, passing = [0], 0
    for limit in reversed(limits):
        passing |= of_limit.get(limit, 0)
        masks.append(passing)
    return masks[::-1]
