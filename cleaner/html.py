"""HTML side of the pipeline: parse a page once and drop elements that selector rules name."""
from __future__ import annotations

from urllib.parse import urlsplit

import regex
from lxml.html import HtmlElement
from trafilatura import load_html

from .result import Removal
from .rules import SELECTOR
from .ruleset import RuleSet

_HTML_START = regex.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", regex.I | regex.S)
_TAG = regex.compile(r"</?(?:p|div|br|span|a|li|h[1-6]|table|article|section)\b[^>]*>", regex.I)


def looks_like_html(text: str) -> bool:
    """True for a page or fragment of markup, False for plain text that may mention a tag or two."""
    if _HTML_START.match(text[:2000]):
        return True
    sample = text[:20000]
    return len(_TAG.findall(sample)) >= 5


def parse_html(text: str) -> HtmlElement | None:
    """Parse with trafilatura's loader (same parser settings as its extractor); None if not HTML."""
    tree = load_html(text)
    if tree is None or len(tree) == 0:
        return None
    return tree


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname
    return host.removeprefix("www.") if host else None


def drop_selected(tree: HtmlElement, ruleset: RuleSet, languages: frozenset[str] | None,
                  host: str | None) -> list[Removal]:
    """Remove elements matched by selector rules (their tail text stays) and record each removal.

    Only the alternatives of a rule's selector whose class, id or attribute text occurs on the
    page are evaluated (see selectors.py).
    """
    if not ruleset.by_kind[SELECTOR]:
        return []
    removals: list[Removal] = []
    roottree = tree.getroottree()
    index = ruleset.selector_index
    for rule, selector in index.candidates(index.page(tree)):
        if not rule.applies_to("html", languages, host):
            continue
        for element in ruleset.xpath(selector)(tree):
            if element.getparent() is None:  # the root itself, or already removed with an ancestor
                continue
            text = " ".join(element.text_content().split())
            removals.append(Removal(rule.id, text, "html", path=roottree.getpath(element)))
            element.drop_tree()
    return removals
