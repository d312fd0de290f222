"""Page metadata (headline, author, date, site, tags) from HTML meta tags, JSON-LD and the <h1>.

Uses trafilatura's fast metadata readers and htmldate's quick date search; the slower
XPath-based author/category scans of trafilatura.extract_metadata are skipped because our byline
and tag rules lift the same facts from the text.
"""
from __future__ import annotations

import logging
from typing import Any

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title

from .textdoc import similarity, without_site_name

logging.getLogger("htmldate").setLevel(logging.ERROR)


def page_metadata(tree: HtmlElement, url: str | None, *, find_date: bool = True) -> dict[str, Any]:
    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - malformed JSON-LD must not cost the article
        pass
    out: dict[str, Any] = {
        "title": headline(tree, meta.title),
        "author": meta.author,
        "date": _date(tree, url or meta.url) if find_date else None,
        "sitename": meta.sitename,
        "description": meta.description,
        "url": url or meta.url,
        "tags": [tag for tag in meta.tags or [] if tag] or None,
        "categories": [c for c in meta.categories or [] if c] or None,
        "language": page_language(tree),
    }
    return {key: value for key, value in out.items() if value}


def headline(tree: HtmlElement, meta_title: str | None) -> str | None:
    """The on-page headline: the <h1> that agrees with the meta title, else the meta title without
    its " - Site Name" suffix, else trafilatura's title search."""
    for h1 in tree.iterfind(".//h1"):
        text = " ".join(h1.text_content().split())
        if text and (not meta_title or similarity(text, meta_title) >= 0.6):
            return text
    if meta_title:
        return without_site_name(meta_title.strip())
    return extract_title(tree)


def page_language(tree: HtmlElement) -> str | None:
    lang = tree.get("lang") or tree.get("xml:lang")
    if not lang:
        for meta in tree.iterfind(".//head/meta[@http-equiv]"):
            if meta.get("http-equiv", "").lower() == "content-language":
                lang = meta.get("content")
                break
    return lang.split("-")[0].split("_")[0].strip().lower() or None if lang else None


def _date(tree: HtmlElement, url: str | None) -> str | None:
    try:
        return find_date(tree, extensive_search=False, url=url)
    except Exception:  # noqa: BLE001 - htmldate on odd markup; a missing date is not an error
        return None
