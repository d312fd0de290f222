"""The text under cleaning: its lines with source offsets, which lines are still kept, what was removed."""
from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from codecs import charmap_decode, charmap_encode
from collections.abc import Mapping
from encodings import cp1250, cp1251, cp1252, cp1253, cp1254, cp1255, cp1256, cp1257, iso8859_16
from itertools import accumulate, compress, islice
from operator import attrgetter
from typing import Any, NamedTuple

import regex

from .decode import composed, valid_unicode
from .result import Removal
from .rules import HOLD_GIL, LIST_GROUPS

# Han and kana are written without spaces: count each such character as half a word so that a
# Chinese or Japanese line weighs about as much as its translation would. Thai, Lao, Khmer and
# Burmese leave no spaces between words either (a space ends a phrase or a sentence): there about
# four characters, vowel and tone marks included, make a word.
_IDEOGRAPHS = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]+")
_SOUTHEAST_ASIAN = regex.compile(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]+")
_UNSPACED_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_UNSPACED = regex.compile(f"[{_UNSPACED_SCRIPTS}]")
# a word (a run of \w) without any of them; and the blocks that hold the southeast Asian scripts,
# which a Chinese line need not be scanned for by script
_SPACED_WORD = regex.compile(rf"(?<!\w)[\w--[{_UNSPACED_SCRIPTS}]]++(?!\w)", regex.V1)
_SOUTHEAST_ASIAN_BLOCKS = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff"
                                     "\ua9e0-\ua9ff\uaa60-\uaa7f\U000116d0-\U000116ff]")
_ASCII_WORD = re.compile(r"\w+")  # the standard library's engine: twice as fast...
_WORD = regex.compile(r"\w+")      # ...but regex's \w keeps combining marks (Devanagari vowel signs) in words
# Characters outside ASCII on which the two engines' \w agree: Latin letters, and the quotes,
# dashes and symbols of Latin-script text. (They differ on combining marks, superscripts and
# fractions, which the standard engine counts as word characters or splits words at.)
_LATIN = "\x00-\xb1\xb4-\xb8\xba\xbb\xbf-\u024f\u2010-\u203e\u20ac"
_OUTSIDE_LATIN = re.compile(f"[^{_LATIN}]")
_LATIN_RUN = re.compile(f"[{_LATIN}]+")
# and where their words are counted, Hangul too: its syllables and letters are \w to both
_ENGINES_DISAGREE = re.compile(f"[^{_LATIN}\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]")
_SPACES = regex.compile(r"[^\S\n]{2,}")
_ANY_WORD = regex.compile(r"\w")
_LIST_SEPARATORS = regex.compile(r"[,;|•·]")   # between the items of a captured list ("tags")
# Sentence-final punctuation, optionally followed by closing quotes or brackets (German closes
# with “ and ‘, Japanese with 」; French sets a space before ») or a short parenthesised aside
# such as "(Reuters)". Beyond Latin: the Devanagari danda, Arabic and Urdu question mark and
# full stop, Armenian and Ethiopic full stops, CJK full stops, the Khmer khan and the Burmese
# full stop.
_TERMINAL = regex.compile(r"""[.!?。！？…:;।॥؟۔։።។៕။](?:[ \u00a0\u202f]?["'”’“‘»«)\]」』])*$|[.!?。！？…।؟۔។။]["'”’“‘»«)\]」』]*\s*\([^()]{1,40}\)$""")
_TERMINAL_FROM_END = regex.compile("(?r)" + _TERMINAL.pattern)
_SENTENCE_MARKS = frozenset(".!?。！？…:;।॥؟۔։።។៕။")   # a line ending in one ends as _TERMINAL says
_SENTENCE_LAST = _SENTENCE_MARKS | frozenset("\"'”’“‘»«)]」』")   # every character a _TERMINAL match can end with
# Thai and Lao mark the end of a sentence with a space, not a sign: a long line that ends in
# their script may be a paragraph
_UNPUNCTUATED_SCRIPT = regex.compile(r"[\p{Thai}\p{Lao}]")
PROSE_MIN_WORDS = 10   # shorter lines are rarely body paragraphs, whatever their punctuation
WIDE_LINE = 160        # a line no hard-wrapped text has many of
_DOT_ABOVE = "\u0307"
_DOTLESS_I = "\u0131"


# Typographic quotes, dashes, the no-break space and the ellipsis as ASCII, commonest first: in
# English text they are most of what puts a line outside ASCII, where casefolding costs ten times
# as much a character (1.1 us against 0.1 for a line of 170 characters; in the scorecard's
# article-level texts, 1,771 of the 2,814 lines outside ASCII are brought into it)
_TYPOGRAPHIC = (("’", "'"), ("“", '"'), ("”", '"'), ("—", "-"), ("\xa0", " "), ("–", "-"), ("‘", "'"),
                ("…", "..."))


def fold_plain(text: str) -> str:
    """``fold``, with typographic punctuation read as ASCII first (``_TYPOGRAPHIC``): in English
    text, most lines outside ASCII are brought into it. Each character is read on its own, so a
    line that holds a word holds it folded this way too."""
    if text.isascii():
        return text.casefold()
    for typographic, plain in _TYPOGRAPHIC:
        text = text.replace(typographic, plain)
        if text.isascii():
            return text.casefold()   # (none of the others left)
    return fold(text)


def fold(text: str) -> str:
    """``text`` casefolded for the word screens, without the dot above that casefolding adds to a
    Turkish "İ" ("İLGİLİ" -> "i̇lgi̇li̇"), and with the Turkish dotless "ı" as "i": the regex engine
    takes "İ" for "i", and "I" for "ı" ("POLİTİKASI" for "politikası"), under ignorecase, so the
    screens must find "ilgili" and "politikasi" in them too. Words and lines are folded alike."""
    folded = text.casefold()
    return folded if text.isascii() else folded.replace(_DOT_ABOVE, "").replace(_DOTLESS_I, "i")


def in_latin_script(text: str) -> bool:
    """ASCII or Latin letters with their punctuation (where the fast standard engine will do)."""
    return text.isascii() or not _OUTSIDE_LATIN.search(text)


def outside_latin(text: str) -> str:
    """The characters outside Latin script in ``text`` (the letters of other scripts, with their
    marks and punctuation), each run of Latin ones a space: two of them stand side by side here
    only where they do in ``text``. (Matching the Latin runs takes a third of the time of
    finding the others: the engine tries a class that excludes them at every position.)"""
    return _LATIN_RUN.sub(" ", text)


def words_of(text: str) -> list[str]:
    """The runs of \\w in ``text``."""
    words = _table_words(text, WINDOWS_1252.keep)
    return _regex_words(text) if words is None else words


def lowercase_words_of(text: str) -> list[str]:
    """The runs of \\w in ``text.lower()``, lowercased by the same table pass where the text fits it."""
    words = _table_words(text, WINDOWS_1252.lowercase)
    return _regex_words(text.lower()) if words is None else words   # same words: no second try


def _table_words(text: str, table: bytes) -> list[str] | None:
    """The words of a text that fits Windows-1252 (and ``table``, which keeps or lowercases them)."""
    kept = _through(text, table)
    if kept is None:
        return None
    # ASCII stays ASCII through the tables: read back as Latin-1 (a copy, no lookup a byte); other
    # text by the codec's own function (bytes.decode("cp1252") spends as long again finding it)
    if text.isascii():
        return kept.decode("latin-1").split()
    return charmap_decode(kept, "strict", cp1252.decoding_table)[0].split()


def _regex_words(text: str) -> list[str]:
    return (_ASCII_WORD if _standard_engine_will_do(text) else _WORD).findall(text)


def _standard_engine_will_do(text: str) -> bool:
    """Whether the standard engine's \\w finds the words of ``text`` as regex's does, twice as
    fast: Latin script (``in_latin_script``) or Hangul (a Korean line)."""
    return text.isascii() or not _ENGINES_DISAGREE.search(text)


def word_count(text: str, page: CodePage | None = None) -> int:
    """The number of runs of \\w, counted without building them where the line fits the table
    of Windows-1252 (or of ``page``) but for symbols (``_symbols_as_spaces``)."""
    if text.isascii() or not _NO_CODE_PAGE.search(text):
        page = page or WINDOWS_1252
        marked = _through(text, page.marks, page.encoding_table, SYMBOLS_AS_SPACES)
        if marked is not None:
            return marked.count(b" a") + marked.startswith(b"a")
    return _regex_word_count(text)


# Most news lines (any Western European text, curly quotes and dashes included) fit Windows-1252.
# There, one bytes.translate pass (a table lookup per byte) tells word characters from the rest,
# 3x to 5x faster than a regex findall (``CodePage``).


def _through(text: str, table: bytes, encoding_table: Any = cp1252.encoding_table,
             errors: str = "strict") -> bytes | None:
    """``text`` in Windows-1252 (or the code page of ``encoding_table``), translated by ``table``;
    None when it does not fit (``errors``: the codec's error handler)."""
    try:   # the codec's own function: str.encode("cp1252") spends as long again finding it
        encoded = text.encode("ascii") if text.isascii() else charmap_encode(text, errors, encoding_table)[0]
    except UnicodeEncodeError:
        return None
    translated = encoded.translate(table)
    return None if b"\0" in translated else translated


# A text that fits a code page but for a few symbols (emoji, arrows, fractions, "−", zero-width
# spaces) is still counted by its table: being no word characters, the symbols are marked as
# spaces where they stand, one byte each as the offsets need. A word character outside the page
# (a letter of another script, Han) stops the pass: such lines are counted by regex.
SYMBOLS_AS_SPACES = "cleaner.symbols-as-spaces"
# Emoji sequences hold invisible characters that regex's \w takes for word characters: variation
# selectors ("❤️" is U+2764 U+FE0F), joiners ("🏳️‍🌈") and the keycap mark ("1️⃣"). They stand
# for "a", a word character of every page, so that the count stays the regex's and a text with
# such emoji still fits its page (one "❤️" used to send a whole article to the regex path).
_EMOJI_JOINERS = regex.compile(r"[\u200c\u200d\u20e3\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def _symbols_as_spaces(error: UnicodeEncodeError) -> tuple[str, int]:
    unfit = error.object[error.start:error.end]
    word = _WORD.search(_EMOJI_JOINERS.sub(" ", unfit))
    if word:
        error.start += word.start()   # where the text stops fitting: at the letter
        raise error
    return "".join("a" if _EMOJI_JOINERS.match(char) else " " for char in unfit), error.end


codecs.register_error(SYMBOLS_AS_SPACES, _symbols_as_spaces)  # type: ignore[arg-type]  # (encoding errors only)


# Pages in other alphabets often fit another single-byte code page: Cyrillic (Russian, Ukrainian,
# Bulgarian, Serbian), Central European (Polish, Czech, Hungarian, Croatian), Greek, Turkish,
# Baltic, ISO 8859-16 for Romanian written with the comma below ("ș", "ț": Windows-1250 has only
# the cedilla forms), Hebrew and Arabic, and pages of our own for Persian and Urdu (Windows-1256
# lacks their "ی"), the Indic scripts and Vietnamese. Their words are counted by the same kind
# of table pass.
class CodePage(NamedTuple):
    encoding_table: Any   # the codec's own map, for charmap_encode
    marks: bytes          # word bytes -> b"a", others -> b" "
    keep: bytes           # word bytes -> themselves, others -> b" "
    lowercase: bytes      # word bytes -> their lowercase (0 where the page lacks it), others -> b" "
    characters: frozenset[str]
    # whether NFC leaves any text of the page as it is: not so where the page holds combining
    # marks, which NFC reorders or composes (Hebrew points, Arabic vowel signs, the nukta); a
    # test checks each page
    normal: bool = True


def _code_page(codec: Any, normal: bool = True) -> CodePage:
    """A code page, with its tables of word characters: those of regex's \\w. (On a line in
    Latin script (``in_latin_script``) the standard engine's \\w counts the words; it differs
    from regex's only on characters that make a line not Latin: superscripts, fractions.)"""
    characters = frozenset(codec.decoding_table) - {"\ufffe"}
    # each byte: 1 for a word character, 0 for another, None where the page has no character
    word = [None if char not in characters else 1 if _WORD.match(char) else 0 for char in codec.decoding_table]
    space = ord(" ")
    marks = bytes(0 if is_word is None else ord("a") if is_word else space for is_word in word)
    keep = bytes(0 if is_word is None else byte if is_word else space for byte, is_word in enumerate(word))
    lowercase = bytes(0 if is_word is None else _lowercase_byte(char, codec) if is_word else space
                      for char, is_word in zip(codec.decoding_table, word))
    return CodePage(codec.encoding_table, marks, keep, lowercase, characters, normal)


def _lowercase_byte(char: str, codec: Any) -> int:
    lower = char.lower()   # "İ" lowercases to two characters: 0, the regex path
    byte = codec.decoding_table.find(lower) if len(lower) == 1 and _WORD.match(lower) else -1
    return max(byte, 0)


class _AsciiAnd(NamedTuple):
    """A code page of our own, for a script that has no common one: ASCII and the script's
    characters, one byte each. Past 128 of them, they take the places of the ASCII control
    characters but NUL and the whitespace ones, as VISCII does for Vietnamese (a text holding
    one of those controls fits the page with it read as a space; and a table that maps byte 0
    elsewhere makes the codec fall back to a slower dictionary)."""

    decoding_table: str
    encoding_table: Any

    @classmethod
    def of(cls, characters: str) -> _AsciiAnd:
        kept = {chr(byte) for byte in range(128)
                if len(characters) <= 128 or chr(byte).isprintable() or chr(byte) in "\0\t\n\v\f\r"}
        if len(kept) + len(characters) > 256:
            raise ValueError(f"{len(characters)} characters do not fit in one byte each beside ASCII")
        others = iter(characters.ljust(256 - len(kept), "\ufffe"))   # (U+FFFE: no character)
        table = "".join(chr(byte) if chr(byte) in kept else next(others) for byte in range(256))
        encoding_table = codecs.charmap_build(table)
        if isinstance(encoding_table, dict):   # (the codec's fallback: slow, and unhashable for the caches)
            raise ValueError("the table does not make a fast encoding map")
        return cls(table, encoding_table)


def _block(start: int) -> str:
    return "".join(map(chr, range(start, start + 128)))


def _vietnamese() -> str:
    """The letters of Vietnamese beyond ASCII: its vowels with each tone mark, and "đ"."""
    vowels = "aăâeêioôơuưy"
    toned = (unicodedata.normalize("NFC", vowel + tone) for vowel in vowels + vowels.upper()
             for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"))
    return "".join(letter for letter in toned if not letter.isascii()) + "đĐ"


# Persian and Urdu: the Arabic letters, vowel signs and digits, their own letters and digits,
# their punctuation, and the joiners and direction marks that Persian web text is full of
_PERSIAN_AND_URDU = ("".join(map(chr, [*range(0x0621, 0x063B), *range(0x0640, 0x0656), *range(0x0660, 0x066E)]))
                     + "\u0670پچژکگیٹڈڑںھۀہۂۃےۓ۔،؛؟" + "".join(map(chr, range(0x06F0, 0x06FA)))
                     + "\u200c\u200d\u200e\u200f\u00a0«»“”‘’–—…©")

# the blocks of the Indic scripts (written with spaces between words): Devanagari, Bengali,
# Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala
_INDIC = range(0x0900, 0x0E00, 0x80)

_CODE_PAGES = [
    *(_code_page(codec) for codec in (cp1252, cp1251, cp1250, cp1253, cp1254, cp1257, iso8859_16)),
    # pages with combining marks that NFC reorders: their texts are still checked
    *(_code_page(codec, normal=False) for codec in (cp1255, cp1256)),
    *(_code_page(_AsciiAnd.of(characters), normal=False) for characters in (_PERSIAN_AND_URDU, *map(_block, _INDIC))),
    _code_page(_AsciiAnd.of(_vietnamese() + "\u00a0«»“”‘’–—…€")),
]
WINDOWS_1252 = _CODE_PAGES[0]


def _outside_pages(blocks: list[tuple[int, int]]) -> re.Pattern:
    """A class of the characters of ``blocks`` that no code page holds."""
    held = sorted({ord(char) for page in _CODE_PAGES for char in page.characters})
    ranges = []
    for low, high in blocks:
        start = low
        for code in held[bisect_left(held, low):bisect_right(held, high)]:
            if code > start:
                ranges.append((start, code - 1))
            start = code + 1
        if start <= high:
            ranges.append((start, high))
    return re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges) + "]")


# Letters of these blocks that no code page holds: Han, kana, Hangul, Thai, Tibetan, Georgian, the
# rarer Arabic letters... A line that holds one is counted by regex at once: trying a page first,
# which fails at that letter through the error handler, cost more than the count itself (Chinese,
# Japanese, Korean: 10-20% of a text's time).
_NO_CODE_PAGE = _outside_pages([(0x0590, 0x1CFF), (0x1E00, 0x1EFF), (0x2E80, 0xA4CF), (0xAC00, 0xD7AF),
                                (0xF900, 0xFAFF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFE)])


Encoding = tuple[bytes | None, CodePage]   # a text in a code page, as ``in_code_page`` gives it


def _marked_words(source: str, encoding: Encoding | None = None) -> tuple[bytes | None, CodePage]:
    """``source`` with its word characters as b"a" and the others as b" ", one byte per character,
    in the first code page it fits but for symbols (None when it fits none); and the code page
    that fits the longest stretch from its start, the one to try its lines in. (``encoding``:
    ``in_code_page(source)``, if known.)"""
    encoded, page = encoding or in_code_page(source)
    return None if encoded is None else encoded.translate(page.marks), page


def lowercase_spaced(text: str, encoding: Encoding | None = None) -> tuple[bytes, int, CodePage] | None:
    """``text`` in the first code page it fits but for symbols, with its words lowercased and
    every other character a space; its number of words; and the page. None when it fits none,
    or holds a letter whose lowercase the page lacks. ``encoding``: ``in_code_page`` of a text
    that ``text`` begins, if known; where that text fits a page, so does ``text``, read there."""
    encoded, page = encoding if encoding is not None and encoding[0] is not None else in_code_page(text)
    if encoded is None:
        return None
    encoded = encoded[:len(text)]   # one byte a character
    kept = encoded.translate(page.lowercase)
    if b"\0" in kept:
        return None
    marked = kept.translate(page.marks)
    return kept, marked.count(b" a") + marked.startswith(b"a"), page


SOFT_HYPHEN = "\xad"


def prepared(text: str) -> tuple[str, Encoding]:
    """``text`` made fit to clean, with ``in_code_page`` of it: without soft hyphens, lone
    surrogates as U+FFFD (``valid_unicode``), in NFC (``composed``). Most news texts fit a code
    page outright (Windows-1252, or the Cyrillic one...), which proves the last two: the pages
    hold no surrogates, and (but for the Hebrew and Arabic ones) only characters that NFC leaves
    as they are, in any order (a test checks every code page). Such a text is encoded once and
    checked no further; the checks cost as much again as the encoding (a Russian article of
    54,000 characters: 0.27 -> 0.14 ms)."""
    if not text.isascii():
        if SOFT_HYPHEN in text:
            # a hint where a word may break at a line end, invisible elsewhere; German and French
            # sites set them in long words ("Bundes\xadregierung"), which they cut in two for every
            # rule, the language guess and the reader of the text (HTML loses them in trafilatura)
            text = text.replace(SOFT_HYPHEN, "")
        encoded, page, whole = _in_code_page(text)
        if not (whole and page.normal):   # checked, and encoded again if that changes the text
            checked = composed(valid_unicode(text))
            if checked is not text:
                text = checked
                encoded, page = in_code_page(text)
        return text, (encoded, page)
    return text, in_code_page(text)


def in_code_page(source: str) -> Encoding:
    """``source`` in the first code page it fits, symbols as spaces (None when it fits none), and
    that page, else the one that fits the longest stretch from its start. Only pages that hold
    the first word character Windows-1252 lacks are tried (none, for Han or Hangul). A Page
    encodes its text once: its lines and the guess of its languages read the same bytes."""
    encoded, page, _whole = _in_code_page(source)
    return encoded, page


def _in_code_page(source: str) -> tuple[bytes | None, CodePage, bool]:
    """``in_code_page``, and whether the page holds every character of ``source`` (none read as
    a space). Each page is tried strictly first: a text that fits one outright (most) is encoded
    once, and one with a symbol the page lacks a second time, with the symbol as a space."""
    if source.isascii():
        return source.encode("ascii"), WINDOWS_1252, True
    furthest, best, lacking = -1, WINDOWS_1252, None
    for page in _CODE_PAGES:
        if lacking is not None and lacking not in page.characters:
            continue
        try:
            return charmap_encode(source, "strict", page.encoding_table)[0], page, True
        except UnicodeEncodeError:
            pass
        try:
            return charmap_encode(source, SYMBOLS_AS_SPACES, page.encoding_table)[0], page, False
        except UnicodeEncodeError as error:
            if error.start > furthest:
                furthest, best = error.start, page
            lacking = lacking or source[error.start]
    return None, best, False


def _regex_word_count(text: str) -> int:
    if _standard_engine_will_do(text):
        return len(_ASCII_WORD.findall(text))
    if not _UNSPACED.search(text):
        return len(_WORD.findall(text))
    southeast = _characters(_SOUTHEAST_ASIAN, text) if _SOUTHEAST_ASIAN_BLOCKS.search(text) else 0
    return len(_SPACED_WORD.findall(text)) + _characters(_IDEOGRAPHS, text) // 2 + southeast // 4


def _characters(runs: regex.Pattern, text: str) -> int:
    """How many characters the matches of ``runs`` hold (found a run at a time: a line of Han is
    counted two to three times faster than by one match a character)."""
    return sum(map(len, runs.findall(text)))


def ends_like_sentence(text: str) -> bool:
    # most lines end in their sentence mark or in no mark at all: the search (a reverse one, which
    # tries the end of the line first) is left for those that end in a quote or a bracket
    last = text[-2:-1] if text.endswith("\n") else text[-1:]
    if last in _SENTENCE_MARKS:
        return True
    return last in _SENTENCE_LAST and bool(_TERMINAL_FROM_END.search(text, 0, None, HOLD_GIL))


class Line(NamedTuple):   # a tuple: three times cheaper to make than a frozen dataclass
    """A non-empty source line: its stripped text, its offsets, and whether a blank line precedes it."""

    index: int  # type: ignore[assignment]  # (the field hides tuple.index, which no caller wants)
    text: str
    start: int
    end: int
    gap_before: bool
    words: int


# Line(...) runs the Python __new__ that NamedTuple writes; tuple.__new__ makes the same tuple in C,
# in half the time (1% of a text's instructions: a Line a line)
_new_line = tuple.__new__
# and a field of every line is read by map() in C, without a generator's frame
_GAP_BEFORE, _WORDS = attrgetter("gap_before"), attrgetter("words")


def split_lines(source: str, encoding: Encoding | None = None) -> tuple[list[Line], int]:
    """Non-empty lines with their offsets; a line after one or more blank lines has ``gap_before``
    (``encoding``: ``in_code_page(source)``, if known). And how many characters the lines wider
    than ``WIDE_LINE`` hold: hard-wrapped text has next to none (unwrap.py)."""
    lines: list[Line] = []
    position, blank_before, wide = 0, True, 0
    marked, page = _marked_words(source, encoding)   # the whole text at once, when it fits a table
    for raw in source.splitlines(keepends=True):
        text = raw.strip()
        if text:
            start = position + len(raw) - len(raw.lstrip())
            end = start + len(text)
            if end - start > WIDE_LINE:
                wide += end - start
            # one byte per character: the line's words are the word starts in its stretch
            words = (marked.count(b" a", start, end) + (marked[start] == 97) if marked is not None
                     else word_count(text, page))
            lines.append(_new_line(Line, (len(lines), text, start, end, blank_before, words)))
            blank_before = False
        else:
            blank_before = True
        position += len(raw)
    return lines, wide


class Page:
    """Mutable working state of one clean() call; never shared between calls."""

    def __init__(self, source: str, *, mode: str, title: str | None = None,
                 languages: frozenset[str] | None = None, host: str | None = None,
                 encoding: Encoding | None = None):
        self.source = source
        self.mode = mode
        self.title = title
        self.languages = languages
        self.host = host
        self.encoding = encoding or in_code_page(source)   # given by ``prepared``, if known
        self.lines, self.wide_characters = split_lines(source, self.encoding)
        self.texts = [line.text for line in self.lines]   # current text, after span edits
        self.kept = [True] * len(self.lines)
        self.prose: list[bool | None] = [None] * len(self.lines)   # is_prose, worked out on first use
        self.dropped_by: dict[int, str] = {}   # line index -> id of the rule that dropped it
        self.removals: list[Removal] = []
        self.removed_words: dict[str, int] = {}   # rule id -> words its removals took
        self.metadata: dict[str, Any] = {}
        self.warnings: list[str] = []
        self.guarded = False   # a step held back removals that would have taken too much (see hold_back)
        # kept indices and their offsets, worked out once until a line changes: most rules change
        # nothing, so the many steps that walk the kept lines share them
        self._kept_indices: list[int] | None = None
        self._kept_offsets: list[int] | None = None
        self._word_sets: dict[str, frozenset[str]] = {}
        # the site's pages learned (see sites.py): how many, and on how many each line stood
        self.site_pages = 0
        self.site_lines: Mapping[int, int] = {}

    def fresh(self) -> Page:
        """The same document, nothing removed yet."""
        page = Page(self.source, mode=self.mode, title=self.title, languages=self.languages, host=self.host,
                    encoding=self.encoding)
        page.site_pages, page.site_lines = self.site_pages, self.site_lines
        return page

    def kept_indices(self) -> list[int]:
        """Indices of the lines still kept (one list shared until a line changes: do not modify it)."""
        if self._kept_indices is None:
            self._kept_indices = list(compress(range(len(self.kept)), self.kept))
        return self._kept_indices

    def kept_offsets(self) -> list[int]:
        """Where each kept line starts in the kept text joined by newlines; its length last."""
        if self._kept_offsets is None:
            self._kept_offsets = list(accumulate((len(self.texts[i]) + 1 for i in self.kept_indices()), initial=0))
        return self._kept_offsets

    def _changed(self) -> None:
        self._kept_indices = self._kept_offsets = None

    def drop(self, index: int, rule_id: str) -> None:
        if not self.kept[index]:
            return
        line = self.lines[index]
        self.kept[index] = False
        self._changed()
        self.dropped_by[index] = rule_id
        text = self.texts[index]
        if text is line.text:
            self._removed(Removal(rule_id, text, "text", line.start, line.end), line.words)
            return
        # what span rules left of the line: its offsets, where it stands in one piece
        at = line.text.find(text)
        start, end = (line.start + at, line.start + at + len(text)) if at >= 0 else (line.start, line.end)
        self._removed(Removal(rule_id, text, "text", start, end), word_count(text))

    def strip_spans(self, index: int, spans: list[tuple[int, int, str]]) -> None:
        """Remove (start, end, rule_id) spans given in line-relative offsets of the original line."""
        line = self.lines[index]
        pieces, cursor = [], 0
        for start, end, rule_id in sorted(spans):
            if start < cursor:  # overlaps a span already removed
                continue
            pieces.append(line.text[cursor:start])
            removed = line.text[start:end]
            self._removed(Removal(rule_id, removed, "text", line.start + start, line.start + end), word_count(removed))
            cursor = end
        pieces.append(line.text[cursor:])
        self.texts[index] = _SPACES.sub(" ", "".join(pieces)).strip()
        self.prose[index] = None
        if not _ANY_WORD.search(self.texts[index]):
            self.kept[index] = False
        self._changed()

    def _removed(self, removal: Removal, words: int) -> None:
        self.removals.append(removal)
        self.removed_words[removal.rule] = self.removed_words.get(removal.rule, 0) + words

    def hold_back(self, warning: str) -> None:
        """A step removed nothing because it would have removed too much: say why, flag the result."""
        self.warnings.append(warning)
        self.guarded = True

    def note(self, groups: dict[str, str | None]) -> None:
        """Lift named capture groups into metadata; the first value found for a field wins."""
        for key, value in groups.items():
            if not value or key in self.metadata:
                continue
            value = " ".join(value.split())
            if key in LIST_GROUPS:
                self.metadata[key] = [item.strip() for item in _LIST_SEPARATORS.split(value) if item.strip()]
            else:
                self.metadata[key] = value

    def word_set(self, text: str) -> frozenset[str]:
        """The distinct lowercased words of ``text`` (the title or a line), worked out once: several
        steps compare the first lines with the title."""
        found = self._word_sets.get(text)
        if found is None:
            found = self._word_sets[text] = frozenset(lowercase_words_of(text))
        return found

    def title_similarity(self, text: str) -> float:
        """``similarity(text, self.title)``."""
        return set_similarity(self.word_set(text), self.word_set(self.title or ""))

    @property
    def has_paragraph_gaps(self) -> bool:
        """Whether blank lines separate paragraphs, so that lines without one between belong together."""
        return any(map(_GAP_BEFORE, islice(self.lines, 1, None)))

    @property
    def total_words(self) -> int:
        """How many words the source lines hold."""
        return sum(map(_WORDS, self.lines))

    def text(self) -> str:
        return "\n".join(compress(self.texts, self.kept))


def line_key(text: str) -> int:
    """A line's identity across pages: its words, casefolded, spacing ignored (64 bits of BLAKE2b)."""
    return words_key(" ".join(text.casefold().split()))


def words_key(words: str) -> int:
    """``line_key`` of a line already casefolded and joined by single spaces."""
    return int.from_bytes(hashlib.blake2b(words.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def is_prose(page: Page, index: int) -> bool:
    """A line that reads like body text: long enough and ending as a sentence does."""
    known = page.prose[index]
    if known is None:  # many steps ask about the same line
        text = page.texts[index]
        known = page.prose[index] = (page.lines[index].words >= PROSE_MIN_WORDS
                                     and (ends_like_sentence(text) or ends_unpunctuated(text)))
    return known


def ends_unpunctuated(text: str) -> bool:
    """Whether the line ends in a script that marks no sentence end (Thai, Lao)."""
    last = text[-1:]   # both scripts lie in U+0E00-U+0EFF: most lines are ruled out without the engine
    return "\u0e00" <= last <= "\u0eff" and bool(_UNPUNCTUATED_SCRIPT.match(last))


def similarity(a: str, b: str) -> float:
    """Share of the shorter text's distinct words that the other contains (case-insensitive)."""
    return set_similarity(frozenset(lowercase_words_of(a)), frozenset(lowercase_words_of(b)))


def set_similarity(words_a: frozenset[str], words_b: frozenset[str]) -> float:
    """``similarity`` of two texts given their distinct lowercased words."""
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / min(len(words_a), len(words_b))


# " | Site", " - Site" (a name may hold a hyphen: "Ouest-France", "Post-Gazette"); Chinese sites
# join channel and site with underscores: "标题_本地_某某网"
_SITE_SUFFIX = regex.compile(r"\s+(?:\||-|–|—|::|•)\s+(?:[^|\-–—]|(?<=\w)-(?=\w)){1,40}$"
                             r"|(?<![A-Za-z_])(?:_[^_|\s]{1,20}){1,3}$")


def without_site_name(title: str) -> str:
    """"Headline | Site Name" -> "Headline", when the suffix is short and the headline is not."""
    match = _SITE_SUFFIX.search(title)
    if match and word_count(match.group()) <= 4 and word_count(title[:match.start()]) >= 3:
        return title[:match.start()]
    return title
