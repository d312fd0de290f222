"""Bytes to text: a declared charset first, then UTF-8, then statistical detection."""
from __future__ import annotations

import codecs

import regex
from charset_normalizer import from_bytes

from .errors import InputError

_DECLARED = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", regex.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


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
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: cannot detect the character encoding (binary data?); "
                         "pass text, or bytes in a known encoding")
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: bytes do not decode as {best.encoding} (detected): {err}") from None


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
