"""Score site lines: a first pass cleans a set, learns the lines each site repeats across its
pages, and a second pass cleans again without them (``Cleaner.with_sites``).

    python bench/sites.py                                  # the shared sets, where they exist
    python bench/sites.py --set mine=crawl.jsonl
    python bench/sites.py --all-modes          # also on HTML (the built-in rule is for text)
    python bench/sites.py --learn-from input   # learn from the scraped texts, not a first pass

Prints, per set, F1 / precision / recall before and after, over every document and over the
documents whose site has two pages or more in the set (the only ones site lines can change), and
how many lines the second pass removed. Learning uses the set's own pages, as a batch does.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import DEFAULT_SETS, load_set  # noqa: E402
from metrics import prf, tp_fp_fn  # noqa: E402

import cleaner  # noqa: E402
from cleaner.html import host_of  # noqa: E402
from cleaner.sites import SiteLines  # noqa: E402

RULE = "structure.site-repeats"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", default=[], metavar="NAME[=PATH]",
                        help="a default set name, or NAME=PATH for your own set (repeatable)")
    parser.add_argument("--all-modes", action="store_true",
                        help="run site_repeats on HTML too, as a rule of one's own pack would")
    parser.add_argument("--learn-from", choices=("output", "input"), default="output",
                        help="learn from a first pass's clean texts, or from the input texts as they are")
    args = parser.parse_args()
    chosen = dict(spec.split("=", 1) if "=" in spec else (spec, DEFAULT_SETS[spec]) for spec in args.set) \
        or DEFAULT_SETS
    with tempfile.TemporaryDirectory() as folder:   # rule files are read once, as the Cleaner is built
        first = _all_modes(Path(folder)) if args.all_modes else cleaner.Cleaner()
    print(f"{'set':18} {'docs':>5} {'sites':>5}  {'before F1 (P, R)':>25}  {'after F1 (P, R)':>25}  removed")
    for name, path in chosen.items():
        docs = load_set(Path(path))
        if not docs:
            print(f"{name:18} (not found: {path})")
            continue
        measure(name, docs, first, args.learn_from)
    return 0


def _all_modes(folder: Path) -> cleaner.Cleaner:
    """The built-in rule switched off and the same heuristic in a pack of one's own, for all modes."""
    (folder / "mine.yaml").write_text(OWN_RULE, encoding="utf-8")
    return cleaner.Cleaner([folder], disable=[RULE])


OWN_RULE = """\
pack: mine
description: site_repeats on HTML and text.
rules:
  - id: site-repeats
    kind: heuristic
    heuristic: site_repeats
    description: Lines repeated on other pages of the same site.
"""


def measure(name: str, docs: list, first: cleaner.Cleaner, learn_from: str) -> None:
    results = [first.clean(doc.source, kind=doc.kind, url=doc.url) for doc in docs]
    if learn_from == "output":
        sites = SiteLines.learn(results, urls=[doc.url for doc in docs])
    else:
        sites = SiteLines()
        for doc in docs:
            sites.add(doc.source, url=doc.url)
    second = first.with_sites(sites)
    again = [second.clean(doc.source, kind=doc.kind, url=doc.url) for doc in docs]
    pages = Counter(host_of(doc.url) for doc in docs)
    shared = [i for i, doc in enumerate(docs) if host_of(doc.url) and pages[host_of(doc.url)] >= 2]
    removed = sum(count for result in again for rule, count in result.removed_by_rule.items()
                  if rule.endswith(".site-repeats"))
    guarded = sum(1 for a, b in zip(results, again) if b.status == "guarded" and a.status != "guarded")
    for label, chosen in ((name, range(len(docs))), (f"  sites of 2+ pages", shared)):
        before = prf([tp_fp_fn(docs[i].gold, results[i].text) for i in chosen])
        after = prf([tp_fp_fn(docs[i].gold, again[i].text) for i in chosen])
        sites_count = len({host_of(docs[i].url) for i in chosen})
        print(f"{label:18} {len(chosen):5} {sites_count:5}  {_figures(before):>25}  {_figures(after):>25}"
              + (f"  {removed} lines, {guarded} guarded, {sites.duplicates} copies" if label == name else ""))


def _figures(m: dict) -> str:
    return f"{m['f1']:.4f} ({m['precision']:.4f}, {m['recall']:.4f})"


if __name__ == "__main__":
    sys.exit(main())
