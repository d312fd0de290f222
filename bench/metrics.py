"""The article-extraction benchmark's metric: 4-token shingles of \\w+ tokens, P/R averaged over
documents, F1 from the averages (ScrapingHub's definition, also used by ../shared/tools/scorecard.py)."""
from __future__ import annotations

import re
import statistics
from collections import Counter

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def tp_fp_fn(gold: str, pred: str) -> tuple[float, float, float]:
    g, p = shingles(gold), shingles(pred)
    tp, fp, fn = sum((g & p).values()), sum((p - g).values()), sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def prf(counts: list[tuple[float, float, float]]) -> dict:
    def ratio(a: float, b: float) -> float:
        return a / (a + b) if a + b else 0.0

    precisions = [1.0 if fp == fn == 0 else ratio(tp, fp) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [1.0 if fp == fn == 0 else ratio(tp, fn) for tp, fp, fn in counts if tp + fn > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "docs": len(counts)}


def line_in(line: str, reference: Counter, ref_tokens: set[str]) -> bool:
    """Whether most of a line is found in a reference text (its shingles, or tokens for short lines)."""
    tokens = TOKEN.findall(line)
    if not tokens:
        return True
    if len(tokens) < 4:
        return sum(t in ref_tokens for t in tokens) / len(tokens) > 0.5
    own = shingles(line)
    return sum((own & reference).values()) / sum(own.values()) > 0.5
