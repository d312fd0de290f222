"""Render an HTML set as page-level scraped text, to check the text pipeline on pages held out.

    python bench/render_text.py path/to/html-set out.jsonl      # then:
    python bench/score.py --set mine=out.jsonl

The rendering is innerText-like, as the shared page-level text set was made: each block element
on a line of its own, scripts, styles and comments left out, whitespace inside text collapsed
(a line break of the page source is a space on screen), ``<pre>`` kept as it is. The output is
a text set in the shared format (``id``, ``url``, ``input``, ``gold``) with the HTML set's gold.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lxml import html as lxml_html

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datasets import load_set  # noqa: E402  (a script beside its helpers)

BLOCKS = frozenset("""address article aside blockquote br dd div dl dt fieldset figcaption figure footer
    form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tr td th ul title""".split())
HIDDEN = "//script|//style|//noscript|//template|//svg"


def rendered(page: str) -> str:
    """``page`` as the text a browser shows of it, one block a line."""
    # as UTF-8 bytes with the encoding said: a str with an XML declaration is refused, and a
    # page's own charset declaration no longer applies to text already decoded
    tree = lxml_html.fromstring(page.encode("utf-8", "surrogatepass"), parser=_PARSER)
    for element in tree.xpath(HIDDEN):
        element.drop_tree()
    pieces: list[str] = []
    _walk(tree, pieces, in_pre=False)
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _walk(element, pieces: list[str], in_pre: bool) -> None:
    """Append the text of ``element`` (not its tail, which lies in its parent) to ``pieces``."""
    tag = element.tag if isinstance(element.tag, str) else ""   # comments have no tag name
    in_pre = in_pre or tag == "pre"
    if tag in BLOCKS:
        pieces.append("\n")
    if tag and element.text:
        pieces.append(_shown(element.text, in_pre))
    for child in element:
        _walk(child, pieces, in_pre)
        if child.tail:
            pieces.append(_shown(child.tail, in_pre))
    if tag in BLOCKS:
        pieces.append("\n")


def _shown(text: str, in_pre: bool) -> str:
    """Text as shown: in a <pre> as written, elsewhere with its line breaks as spaces."""
    return text if in_pre else text.replace("\n", " ")


_PARSER = lxml_html.HTMLParser(encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("html_set", type=Path, help="a folder with html/ and ground-truth.json")
    parser.add_argument("out", type=Path, help="the text set to write (.jsonl)")
    args = parser.parse_args()
    docs = [doc for doc in load_set(args.html_set) if doc.kind == "html"]
    if not docs:
        print(f"render_text: no HTML set at {args.html_set}", file=sys.stderr)
        return 2
    with args.out.open("w", encoding="utf-8") as out:
        for doc in docs:
            row = {"id": doc.id, "url": doc.url, "input": rendered(doc.source), "gold": doc.gold}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(docs)} pages rendered to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
