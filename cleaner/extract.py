"""The trafilatura pass: body text from a parsed page, with options pinned in one place."""
from __future__ import annotations

import logging

import regex
import trafilatura.utils
from lxml.html import HtmlElement
from trafilatura import bare_extraction

from .config import Config
from .textdoc import word_count

# trafilatura logs every page it rejects at WARNING; we report those through CleanResult.status.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

# trafilatura drops every character Python does not print, the zero-width non-joiner and joiner
# among them; but inside a word they are spelling: Persian writes "می‌گوید" and "کتاب‌ها" with a
# non-joiner (without it they read "میگوید", "کتابها"), Bengali and Devanagari conjuncts take
# either. Between two letters they stay; elsewhere (the joiner of an emoji sequence, a stray one
# before a word) they go as before.
_JOINER_IN_WORD = regex.compile(r"(?<=[\p{L}\p{M}])([\u200c\u200d])(?=[\p{L}\p{M}])")
_remove_control_characters = trafilatura.utils.remove_control_characters


def _control_characters_removed(string: str) -> str:
    if string.isprintable() or ("\u200c" not in string and "\u200d" not in string):
        return _remove_control_characters(string)
    pieces = _JOINER_IN_WORD.split(string)   # text, joiner, text, joiner, ... text
    pieces[::2] = map(_remove_control_characters, pieces[::2])
    return "".join(pieces)


trafilatura.utils.remove_control_characters = _control_characters_removed   # as line_processing calls it

# A fast extraction whose lines are nearly all menu-sized has picked up navigation instead of the
# article (it happens on portal-like pages); precision mode gets those right.
MENU_LINE_WORDS = 4
MENU_SHARE = 0.8
MENU_MIN_LINES = 30


def extract_body(tree: HtmlElement, config: Config, url: str | None) -> str:
    """The article body trafilatura finds in ``tree``, one paragraph a line ('' when none)."""
    text = _extract(tree, config.extraction, config, url)
    if config.extraction == "fast" and looks_like_menu(text):
        text = _extract(tree, "precision", config, url) or text
    return text


def looks_like_menu(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < MENU_MIN_LINES:
        return False
    short = sum(word_count(line) <= MENU_LINE_WORDS for line in lines)
    return short >= MENU_SHARE * len(lines)


def _extract(tree: HtmlElement, mode: str, config: Config, url: str | None) -> str:
    document = bare_extraction(
        tree,  # trafilatura works on its own copy, so the tree can be extracted again
        url=url,
        fast=mode == "fast",
        favor_precision=mode == "precision",
        favor_recall=mode == "recall",
        include_comments=False,
        include_tables=config.include_tables,
        deduplicate=config.deduplicate,
        with_metadata=False,
    )
    if document is None:
        return ""
    # (a Document: a dict only when asked for with as_dict, which this call does not)
    return (document["text"] if isinstance(document, dict) else document.text) or ""
