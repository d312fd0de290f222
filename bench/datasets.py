"""Benchmark sets in the shared formats, read by path; a missing set is skipped, not an error.

- HTML set: a folder with ``html/<id>.html[.gz]`` and ``ground-truth.json`` mapping id to
  ``{"articleBody": ..., "url": ...}`` (the ScrapingHub article-extraction benchmark layout).
- Text set: a JSON Lines file with ``input`` and ``gold`` (and optional ``id``, ``url``, ``labels``).
"""
from __future__ import annotations

import gzip
import json
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path

SHARED_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
DEFAULT_SETS = {
    "scrapinghub-html": SHARED_BENCH / "scrapinghub",
    "text-article": SHARED_BENCH / "text" / "article.jsonl",
    "text-page": SHARED_BENCH / "text" / "page.jsonl",
}


@dataclass
class Doc:
    id: str
    source: str
    gold: str
    kind: str
    url: str | None = None
    labels: list | None = field(default=None, repr=False)


def hard_wrapped(doc: Doc, width: int) -> Doc:
    """``doc`` with each line of its text broken at ``width`` columns, as ``textwrap`` (and so
    html2text) breaks them: the input of text saved at a fixed width."""
    lines = [wrapped for line in doc.source.split("\n") for wrapped in textwrap.wrap(line, width) or [""]]
    return replace(doc, source="\n".join(lines), labels=None)


def load_set(path: Path, limit: int | None = None) -> list[Doc]:
    """Load an HTML set (a folder) or a text set (a .jsonl file); [] when the path does not exist."""
    if not path.exists():
        return []
    docs = _html_set(path) if path.is_dir() else _text_set(path)
    return docs[:limit] if limit else docs


def _html_set(folder: Path) -> list[Doc]:
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    docs = []
    for doc_id in sorted(gold):
        for name in (f"{doc_id}.html.gz", f"{doc_id}.html"):
            path = folder / "html" / name
            if path.exists():
                raw = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
                docs.append(Doc(doc_id, raw.decode("utf-8", errors="replace"), gold[doc_id].get("articleBody", ""),
                                "html", gold[doc_id].get("url")))
                break
    return docs


def _text_set(path: Path) -> list[Doc]:
    docs = []
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if line.strip():
                row = json.loads(line)
                docs.append(Doc(str(row.get("id", n)), row["input"], row["gold"], "text", row.get("url"),
                                row.get("labels")))
    return docs
