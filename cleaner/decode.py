"""Bytes to text: a declared charset first, then UTF-8, then statistical detection.

Bytes that are UTF-8 with stray invalid bytes in them are not handed to statistical detection,
which would find some single-byte encoding that "fits" and turn every accented letter and curly
quote of the document into mojibake. A few bad bytes (a page's one broken character) become
U+FFFD; many (a corrupted or truncated file) are an error naming the first. Text given as a
``str`` may hold what no bytes decode to, lone surrogates: they become U+FFFD too
(``valid_unicode``). ``composed`` brings text to NFC.
"""
from __future__ import annotations

import codecs
import unicodedata

import regex
from charset_normalizer import from_bytes

from .errors import InputError

_DECLARED = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", regex.I)
# A well-formed multi-byte UTF-8 sequence; legacy single-byte text almost never contains one.
_UTF8_MULTIBYTE = regex.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
MAX_BAD_BYTES_PER_KB = 1   # more invalid bytes than this per KiB of UTF-8: a corrupted file
_CONTROL = regex.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def valid_unicode(text: str) -> str:
    """``text`` with its lone surrogates (from JSON escapes, or bytes decoded with
    "surrogateescape") as U+FFFD and split surrogate pairs joined: no encoder, nor the word
    finder's Rust library, takes them."""
    try:
        text.encode("utf-8")   # (4 us for a 5 KB article)
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def composed(text: str) -> str:
    """``text`` in Unicode's composed form (NFC). Rules spell "ả" or "한" as one character; text
    copied on macOS, and some Vietnamese sites, spell them as a letter and combining marks, which
    no rule would match."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def decode(data: bytes, *, name: str = "input") -> str:
    """Decode document bytes; raise InputError naming ``name`` when no encoding fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="strict")
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration is common; fall through to detection
    if _looks_binary(data):
        raise InputError(f"{name}: binary data, not text (NUL or control bytes); pass a page or its text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if _UTF8_MULTIBYTE.search(data):
            text = data.decode("utf-8", errors="replace")
            if text.count("\ufffd") <= MAX_BAD_BYTES_PER_KB * len(data) / 1024:
                return text
            raise InputError(f"{name}: invalid UTF-8 at byte {err.start} in text that is otherwise "
                             "UTF-8 (corrupted or truncated file?)") from None
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: cannot detect the character encoding (binary data?); "
                         "pass text, or bytes in a known encoding")
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: bytes do not decode as {best.encoding} (detected): {err}") from None


def _looks_binary(data: bytes, sample: int = 8192) -> bool:
    """NUL bytes, or more than 5% control bytes other than whitespace, in the first bytes."""
    head = data[:sample]
    if b"\x00" in head:
        return True
    controls = len(_CONTROL.findall(head))
    return controls > 0.05 * max(1, len(head))


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
