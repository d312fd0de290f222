#!/usr/bin/env python3
"""Score the cleaner (and trafilatura alone) on benchmark sets and write an error report.

    python bench/score.py                       # every default set that exists in ../shared/bench
    python bench/score.py --set text-page --limit 50
    python bench/score.py --set my-html=path/to/folder --set mine=path/to/set.jsonl
    python bench/score.py --baseline            # also score trafilatura alone on HTML sets
    python bench/score.py --set scrapinghub-html --extraction precision --no-tables
    python bench/score.py --report bench/reports
    python bench/score.py --set text-article --wrap 72   # the texts hard-wrapped at 72 columns
    python bench/score.py --set mine=gold.jsonl --rules my_rules/   # with your rules added
    python bench/score.py --set mine=gold.jsonl --disable teasers   # without a built-in pack
    python bench/score.py --set text-page --enable structure.glued-cards   # with an opt-in rule

The report (one file per set, ``<set>.md`` and ``<set>.jsonl``) lists for each document, worst
first, the clutter lines left in the output (each attributed to the rule family that should have
caught it) and the body lines lost (with the rule that removed them, when a rule did).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import DEFAULT_SETS, Doc, hard_wrapped, load_set  # noqa: E402
from families import family_of  # noqa: E402
from metrics import TOKEN, line_in, prf, shingles, tp_fp_fn  # noqa: E402

import cleaner  # noqa: E402
from cleaner.config import EXTRACTION_MODES  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", default=[], metavar="NAME[=PATH]",
                        help="a default set name, or NAME=PATH for your own set (repeatable)")
    parser.add_argument("--limit", type=int, help="only the first N documents of each set")
    parser.add_argument("--baseline", action="store_true", help="also score trafilatura alone on HTML sets")
    parser.add_argument("--report", type=Path, help="folder to write the error reports to")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--extraction", choices=EXTRACTION_MODES, default="fast",
                        help="trafilatura mode for HTML sets (Config.extraction)")
    parser.add_argument("--no-tables", action="store_true", help="drop <table> text (Config.include_tables=False)")
    parser.add_argument("--wrap", type=int, metavar="WIDTH",
                        help="hard-wrap text sets at WIDTH columns first, as text saved at a fixed width is")
    parser.add_argument("--no-unwrap", action="store_true", help="leave hard-wrapped lines apart (Config.unwrap=False)")
    parser.add_argument("--no-markdown", action="store_true", help="read Markdown as plain text (Config.markdown=False)")
    parser.add_argument("--rules", action="append", default=[], type=Path, metavar="PATH",
                        help="a rule file or folder added to the built-in packs (repeatable)")
    parser.add_argument("--disable", action="append", default=[], metavar="ID",
                        help="a rule id or pack to switch off (repeatable)")
    parser.add_argument("--enable", action="append", default=[], metavar="ID",
                        help="an opt-in rule to switch on, such as structure.glued-cards (repeatable)")
    args = parser.parse_args()

    sets = _chosen_sets(args.set)
    try:
        engine = cleaner.Cleaner(args.rules, disable=args.disable, enable=args.enable, extraction=args.extraction,
                                 include_tables=not args.no_tables, unwrap=not args.no_unwrap,
                                 markdown=not args.no_markdown)
    except cleaner.RuleError as err:
        raise SystemExit(f"invalid rules:\n{err}") from None
    figures = {}
    for name, path in sets.items():
        docs = load_set(path, args.limit)
        if not docs:
            print(f"{name}: skipped ({path} not found)")
            continue
        if args.wrap:
            docs = [hard_wrapped(doc, args.wrap) if doc.kind == "text" else doc for doc in docs]
        row, records = score_set(engine, docs)
        figures[name] = row
        print(f"{name:18} cleaner     F1 {row['f1']:.4f}  P {row['precision']:.4f}  R {row['recall']:.4f}  "
              f"{row['ms_per_doc']:.2f} ms/doc  errors {row['errors']}/{row['docs']}")
        if args.baseline and docs[0].kind == "html":
            base = score_trafilatura(docs)
            figures[f"{name} (trafilatura)"] = base
            print(f"{name:18} trafilatura F1 {base['f1']:.4f}  P {base['precision']:.4f}  R {base['recall']:.4f}  "
                  f"{base['ms_per_doc']:.2f} ms/doc")
        if args.report:
            write_report(args.report, name, records)
    if args.report:
        print(f"reports in {args.report}/")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


def _chosen_sets(specs: list[str]) -> dict[str, Path]:
    if not specs:
        return dict(DEFAULT_SETS)
    chosen = {}
    for spec in specs:
        name, _, path = spec.partition("=")
        if path:
            chosen[name] = Path(path)
        elif name in DEFAULT_SETS:
            chosen[name] = DEFAULT_SETS[name]
        else:
            raise SystemExit(f"unknown set {name!r}; default sets: {', '.join(DEFAULT_SETS)}; or use NAME=PATH")
    return chosen


def score_set(engine: cleaner.Cleaner, docs: list[Doc]) -> tuple[dict, list[dict]]:
    counts, records, errors, seconds = [], [], 0, 0.0
    for doc in docs:
        start = time.perf_counter()
        try:
            result = engine.clean(doc.source, kind=doc.kind, url=doc.url)
        except Exception as exc:  # noqa: BLE001 - a benchmark counts failures, it does not stop on them
            errors += 1
            result = None
            print(f"  error on {doc.id}: {exc!r}", file=sys.stderr)
        seconds += time.perf_counter() - start
        pred = result.text if result else ""
        counts.append(tp_fp_fn(doc.gold, pred))
        records.append(diagnose(doc, result, counts[-1]))
    row = prf(counts)
    row.update(errors=errors, ms_per_doc=1000 * seconds / len(docs))
    return row, records


def score_trafilatura(docs: list[Doc]) -> dict:
    import trafilatura

    counts, seconds = [], 0.0
    for doc in docs:
        start = time.perf_counter()
        pred = trafilatura.extract(doc.source, include_comments=False) or ""
        seconds += time.perf_counter() - start
        counts.append(tp_fp_fn(doc.gold, pred))
    row = prf(counts)
    row.update(ms_per_doc=1000 * seconds / len(docs))
    return row


def diagnose(doc: Doc, result, count: tuple[float, float, float]) -> dict:
    """Leftover clutter and lost body lines of one document, with families and culprit rules."""
    pred = result.text if result else ""
    title = result.title if result else None
    gold_sh, gold_tokens = shingles(doc.gold), set(TOKEN.findall(doc.gold))
    pred_sh, pred_tokens = shingles(pred), set(TOKEN.findall(pred))
    leftovers = [{"line": line, "family": family_of(line, title)}
                 for line in pred.splitlines() if line.strip() and not line_in(line, gold_sh, gold_tokens)]
    culprits = {}
    for removal in (result.removed if result else []):
        for line in removal.text.splitlines():
            culprits.setdefault(line.strip(), removal.rule)
    lost = []
    for line in doc.gold.splitlines():
        if line.strip() and not line_in(line, pred_sh, pred_tokens):
            rule = culprits.get(line.strip()) or _culprit_by_overlap(line, culprits) or "not extracted"
            lost.append({"line": line.strip(), "rule": rule})
    tp, fp, fn = count
    return {"id": doc.id, "url": doc.url, "fp": fp, "fn": fn, "title": title,
            "leftovers": leftovers, "lost": lost}


def _culprit_by_overlap(line: str, culprits: dict[str, str]) -> str | None:
    own = shingles(line)
    if not own:
        return None
    for text, rule in culprits.items():
        if sum((own & shingles(text)).values()) / sum(own.values()) > 0.5:
            return rule
    return None


def write_report(folder: Path, name: str, records: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    records = sorted(records, key=lambda r: -(r["fp"] + r["fn"]))
    with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    families = Counter(item["family"] for r in records for item in r["leftovers"])
    culprits = Counter(item["rule"] for r in records for item in r["lost"])
    lines = [f"# Error report: {name}", "",
             "Leftover clutter lines by family: " + ", ".join(f"{k} {v}" for k, v in families.most_common()),
             "", "Lost body lines by cause: " + ", ".join(f"{k} {v}" for k, v in culprits.most_common()), ""]
    for record in records:
        if not record["leftovers"] and not record["lost"]:
            continue
        lines.append(f"## {record['id'][:16]} fp {record['fp']:.3f} fn {record['fn']:.3f} {record['url'] or ''}")
        lines += [f"- LEFT [{item['family']}] {item['line'][:160]}" for item in record["leftovers"]]
        lines += [f"- LOST [{item['rule']}] {item['line'][:160]}" for item in record["lost"]]
        lines.append("")
    (folder / f"{name}.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
