"""The article body a page states in its JSON-LD (schema.org ``articleBody``), for pages whose
visible text falls short of it.

Publishers write the whole article into ``<script type="application/ld+json">`` for search
engines, also where the page itself shows less: a page whose text a script fills in after
loading, or a paywalled page that shows the opening paragraphs. trafilatura falls back to that
body when it finds too little on the page, but runs its paragraphs into one line, where line
rules cannot tell a "READ | ..." teaser from the sentence before it; and where it finds a few
paragraphs it keeps those. Here the JSON-LD body is taken, one paragraph a line, in both cases.
"""
from __future__ import annotations

import json
from html import unescape

import regex
from lxml import etree
from lxml.html import HtmlElement

from .textdoc import word_count

# the JSON-LD body replaces the extraction when it has MIN_WORDS or more and the extraction has
# less than SHORT_SHARE of its words: a body that is a teaser or a summary (some sites cut it at
# 80 words) never replaces a page trafilatura read whole
MIN_WORDS = 50
SHORT_SHARE = 0.5

_JSON_LD = etree.XPath("//script[contains(@type, 'ld+json')]/text()")
_BREAKING_TAG = regex.compile(r"<br\s*/?>|</(?:p|div|h[1-6]|li|blockquote)\s*>", regex.I)
_ANY_TAG = regex.compile(r"<[^>]*>")


def stated_body(tree: HtmlElement, extracted: str) -> str | None:
    """The page's JSON-LD article body, one paragraph a line, when the ``extracted`` text is much
    shorter or is that body run into one line; None otherwise."""
    stated = _longest_article_body(tree)
    if stated is None:
        return None
    body = _as_lines(stated)
    words = word_count(body)
    if words < MIN_WORDS:
        return None
    if word_count(extracted) < SHORT_SHARE * words or _run_together(extracted, body):
        return body
    return None


def _run_together(extracted: str, body: str) -> bool:
    """Whether ``extracted`` is ``body`` with fewer line breaks (trafilatura's own fallback)."""
    return extracted.count("\n") < body.count("\n") and extracted.split() == body.split()


def _longest_article_body(tree: HtmlElement) -> str | None:
    bodies = [body for block in _JSON_LD(tree) for body in _found_bodies(block)]
    return max(bodies, key=len) if bodies else None


def _found_bodies(block: str) -> list[str]:
    """The article bodies of one JSON-LD block; none from a broken one (the page still cleans)."""
    try:
        # strict=False: sites leave raw line breaks inside strings
        return list(_article_bodies(json.loads(block, strict=False)))
    except (ValueError, RecursionError):   # not JSON, or nested deeper than a real page nests it
        return []


def _article_bodies(data: object):
    """Every ``articleBody`` string in a JSON-LD value, however deep (``@graph`` lists, nested
    ``mainEntity``); a body given as a list of paragraphs is joined by line breaks."""
    if isinstance(data, list):
        for item in data:
            yield from _article_bodies(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key == "articleBody":
                if isinstance(value, list):
                    value = "\n".join(part for part in value if isinstance(part, str))
                if isinstance(value, str) and value.strip():
                    yield value
            else:
                yield from _article_bodies(value)


def _as_lines(body: str) -> str:
    """A body as text, one paragraph a line: some sites write it as HTML, and escape that too."""
    body = unescape(body)
    if "<" in body:
        body = _ANY_TAG.sub("", _BREAKING_TAG.sub("\n", body))
    return "\n".join(line for line in (" ".join(part.split()) for part in body.splitlines()) if line)
