"""Markdown from scrapers (html2text, markdownify, crawlers that hand pages to language models):
the plain text it marks up.

Scraped as Markdown, a page keeps its links' addresses, its images and its emphasis marks in the
text: "[Council approves budget](https://example.com/news/123)", "![](/img/photo.jpg)", "## Most
read". Line rules anchored at a line's first word miss such lines, and every address is text
that no article has: the scrapinghub pages as html2text renders them scored 0.508 (precision
0.46). So a text that writes links, images or headings the Markdown way is read as the text they
mark up: links become their words, images go, and heading, quote and emphasis marks are dropped.
Reference-style links ("[Council approves budget][3]", with "[3]: https://..." on a line of its
own, as html2text writes them with ``inline_links=False``) become their words too, and their
definitions go; brackets whose label no line defines ("[1][2]" footnote marks) stay. Inline code
loses its backticks. List markers stay (rules read list items; ``layout.bullet`` strips them),
and so do tables, whose separator rows hold no words and go with the other wordless lines.
"""
from __future__ import annotations

import regex

MIN_LINKS = 2      # Markdown links (or one image) a text needs to be read as Markdown...
MIN_HEADINGS = 2   # ... or "#" headings

# "![alt](src "title")" and "[text](href "title")"; an address may hold one level of brackets
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
_IMAGE = regex.compile(r"!\[[^\]]*\]" + _TARGET)
_LINK = regex.compile(r"\[([^\]]*)\]" + _TARGET)
# "[3]: https://example.com/x (title)"; a reference is "[text][label]", "[text][]" or "![alt][label]"
_DEFINITION = regex.compile(r"^[ \t]{0,3}\[([^\]\n]+)\]:[ \t]*\S.*$\n?", regex.MULTILINE)
_REFERENCE = regex.compile(r"(!?)\[([^\]\n]*)\]\[([^\]\n]*)\]")
_CODE = regex.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_HEADING = regex.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", regex.MULTILINE)
_QUOTE = regex.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", regex.MULTILINE)
# **strong**, __strong__, *emphasis*, _emphasis_: paired marks around words, not a snake_case
# name's underscores, an arithmetic asterisk or a list's bullet
_STRONG = regex.compile(r"(?<![\w*_\\])(__)(?=\S)(.+?)(?<=\S)\1(?![\w*_])")
# html2text closes "**" against the next word ("**Filed Under:**Flooding", CommonMark would print
# the marks) and runs bold links together ("**News****Sport**"): "**" pairs may touch letters
# after them and other "**", and two runs that touch are two words
_STRONG_STARS = regex.compile(r"(?<![\p{L}\p{N}*\\])(\*\*)(?=\S)(.+?)(?<=\S)\*\*(?!\*)")
_TOUCHING_STRONG = regex.compile(r"(?<=[^\s*])\*\*\*\*(?=[^\s*])")
# what is left of "__" once pairs are read: html2text's empty <i></i>, an icon ("__Share",
# "Advertisement __"), not the inside of a snake__case name
_STRAY_UNDERSCORES = regex.compile(r"(?<![\w\\])__+|(?<![\\_])__+(?!\w)")
_EMPHASIS = regex.compile(r"(?<![\w*_\\])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_\\])\1(?![\w*_])")
_ESCAPE = regex.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def looks_like_markdown(text: str, encoded: bytes | None = None) -> bool:
    """Whether ``text`` writes links, images or headings the Markdown way (a plain text has none
    of them). ``encoded``: the text in a single-byte code page, if known, where most texts are
    told by a ``memchr`` for "]" and one for "#" (four in five news texts have neither), far
    faster than a search for "](" ."""
    if encoded is not None:
        bracket = b"]" in encoded
        links, definitions = bracket and b"](" in encoded, bracket and b"]:" in encoded
        headings = b"#" in encoded and (encoded.startswith(b"#") or b"\n#" in encoded)
    else:
        links, definitions = "](" in text, "]:" in text
        headings = text.startswith("#") or "\n#" in text
    if links and (sum(1 for _ in _LINK.finditer(text)) >= MIN_LINKS or _IMAGE.search(text)):
        return True
    if definitions and len(_resolved_references(text, _defined_labels(text))) >= MIN_LINKS:
        return True
    return headings and sum(1 for _ in _HEADING.finditer(text)) >= MIN_HEADINGS


def plain_text(markdown: str) -> str:
    """The text ``markdown`` marks up: link words without their addresses, no images, no
    heading, quote, emphasis or escape marks; lines and list markers where they were."""
    text = _LINK.sub(r"\1", _IMAGE.sub("", markdown))
    if "]:" in text and (labels := _defined_labels(text)):
        text = _DEFINITION.sub("", _REFERENCE.sub(lambda match: _referenced(match, labels), text))
    text = _CODE.sub(r"\1", text)
    text = _QUOTE.sub("", _HEADING.sub(r"\1", text))
    if "**" in text:
        text = _STRONG_STARS.sub(r"\2", _TOUCHING_STRONG.sub("** **", text))
    text = _EMPHASIS.sub(r"\2", _STRONG.sub(r"\2", text))
    if "__" in text:
        text = _STRAY_UNDERSCORES.sub("", text)
    return _ESCAPE.sub(r"\1", text)


def _defined_labels(text: str) -> frozenset[str]:
    """The labels that reference definitions define (case-insensitive, as in CommonMark)."""
    return frozenset(label.casefold() for label in _DEFINITION.findall(text))


def _resolved_references(text: str, labels: frozenset[str]) -> list[str]:
    """The references in ``text`` whose labels are defined."""
    return [match[0] for match in _REFERENCE.finditer(text) if _label(match) in labels]


def _label(match) -> str:
    """A reference's label: its own, or for "[text][]" its text."""
    return (match[3] or match[2]).casefold()


def _referenced(match, labels: frozenset[str]) -> str:
    """A reference as plain text: a link's words, nothing for an image, itself if undefined."""
    if _label(match) not in labels:
        return match[0]
    return "" if match[1] else match[2]
