"""The trafilatura pass: body text from a parsed page, with options pinned in one place."""
from __future__ import annotations

import logging

from lxml.html import HtmlElement
from trafilatura import bare_extraction

from .config import Config

# trafilatura logs every page it rejects at WARNING; we report those through CleanResult.status.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def extract_body(tree: HtmlElement, config: Config, url: str | None) -> str:
    """The article body trafilatura finds in ``tree``, one paragraph a line ('' when none)."""
    document = bare_extraction(
        tree,
        url=url,
        fast=config.extraction == "fast",
        favor_precision=config.extraction == "precision",
        favor_recall=config.extraction == "recall",
        include_comments=False,
        include_tables=config.include_tables,
        deduplicate=config.deduplicate,
        with_metadata=False,
    )
    return (document.text or "") if document is not None else ""
