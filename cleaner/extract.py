"""The trafilatura pass: body text from a parsed page, with options pinned in one place."""
from __future__ import annotations

import logging

from lxml.html import HtmlElement
from trafilatura import bare_extraction

from .config import Config
from .textdoc import word_count

# trafilatura logs every page it rejects at WARNING; we report those through CleanResult.status.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

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
    return (document.text or "") if document is not None else ""
