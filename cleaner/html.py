"""HTML side of the pipeline: parse a page once, drop elements that selector rules name, and free
embedded posts from their widget boxes."""
from __future__ import annotations

from urllib.parse import urlsplit

import regex
from lxml import etree
from lxml.html import HtmlElement
from trafilatura import load_html

from .result import Removal
from .rules import SELECTOR
from .ruleset import RuleSet

_HTML_START = regex.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", regex.I | regex.S)
_TAG = regex.compile(r"</?(?:p|div|br|span|a|li|h[1-6]|table|article|section)\b[^>]*>", regex.I)
# a fragment is markup from its first character to its last: "<p>...</p>", "<div class=...>...</div>"
_OPENING_TAG = regex.compile(r"\s*<[a-z][a-z0-9]*[\s/>]", regex.I)
_CLOSING_TAG = regex.compile(r"</[a-z][a-z0-9]*\s*>\s*$", regex.I)
_ANY_TAG = regex.compile(r"</?[a-z][a-z0-9]*[\s/>]", regex.I)


def looks_like_html(text: str) -> bool:
    """True for a page or fragment of markup, False for plain text that may mention a tag or two."""
    if _HTML_START.match(text[:2000]):
        return True
    if _OPENING_TAG.match(text[:200]) and _CLOSING_TAG.search(text[-200:]):
        return True
    sample = text[:20000]
    return len(_TAG.findall(sample)) >= 5


def parse_html(text: str) -> HtmlElement | None:
    """Parse with trafilatura's loader (same parser settings as its extractor); None if not HTML.

    The loader takes a lone block without an ``<html>`` tag for something other than HTML, so
    a fragment (an article body from a CMS export or a feed's content field) is parsed again
    inside a page of its own."""
    tree = load_html(text)
    if (tree is None or len(tree) == 0) and _ANY_TAG.search(text):
        tree = load_html(f"<html><body>{text}</body></html>")
    if tree is None or len(tree) == 0:
        return None
    return tree


# An embedded tweet (its text and its "— Name (@handle) November 18, 2019" line) is part of the
# story that quotes it, but sites wrap it in boxes whose class names trafilatura discards as
# widgets or share bars ("social-media-embed", "sdc-article-widget"), and the tweet goes with
# them. A box that holds nothing but the tweet is replaced by the tweet itself, which trafilatura
# keeps as a quote. (On the shared scrapinghub pages, 2 of the 9 pages whose gold body quotes
# tweets lost every one of them that way.) Boxes that hold more (a sidebar with a tweet in it)
# stay as they are.
_EMBEDDED_POSTS = etree.XPath(".//blockquote[contains(concat(' ', normalize-space(@class), ' '), ' twitter-tweet ')"
                              " or contains(concat(' ', normalize-space(@class), ' '), ' twitter-video ')]")
_WRAPPERS = frozenset({"div", "section", "aside", "figure", "span", "p", "center"})


def lift_embedded_posts(tree: HtmlElement) -> None:
    """Replace each box that holds only an embedded tweet by the tweet (see ``_EMBEDDED_POSTS``)."""
    for post in _EMBEDDED_POSTS(tree):
        box = _outermost_box(post)
        if box is not None:
            post.tail = box.tail
            box.getparent().replace(box, post)


def _outermost_box(post: HtmlElement) -> HtmlElement | None:
    """The outermost ancestor of ``post`` whose text is the post's text alone; None if none."""
    size = _text_size(post)
    box, parent = None, post.getparent()
    while (parent is not None and parent.tag in _WRAPPERS and parent.getparent() is not None
           and _text_size(parent) == size):
        box, parent = parent, parent.getparent()
    return box


def _text_size(element: HtmlElement) -> int:
    return len("".join(element.text_content().split()))


# A line break in a page's source is a space on screen, but trafilatura keeps some (in text straight
# inside a <div> or <span>, and after a link or code word of a <p>), so a paragraph wrapped in the
# source came out as several lines, each then judged by the line rules alone ("Photos" taken for
# a caption label); on one page it even misled trafilatura's choice of the article.
# Text that keeps its breaks on screen (<pre>, <textarea>) and what is never shown (scripts,
# styles) are left as they are; a <br> is an element, not a break in the text, and stays one.
# (After extraction it is too late: trafilatura joins the items of a menu it flattens with
# line breaks of its own.) The search costs about 0.7 ms a page, 4% of trafilatura's time.
_WRAPPED_TEXT = etree.XPath("//body//text()[contains(., '\n') and normalize-space(.) != '']"
                            "[not(ancestor::pre or ancestor::textarea or ancestor::script or ancestor::style)]")
_SOURCE_BREAK = regex.compile(r"[ \t]*\n\s*")


def unwrap_source_lines(tree: HtmlElement) -> None:
    """Make the line breaks of the page's source inside its text spaces, as a browser shows them."""
    for text in _WRAPPED_TEXT(tree):
        owner = text.getparent()
        if text.is_tail:
            owner.tail = _SOURCE_BREAK.sub(" ", text)
        else:
            owner.text = _SOURCE_BREAK.sub(" ", text)


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:   # "http://[abc": a malformed address names no site; the page still cleans
        return None
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
