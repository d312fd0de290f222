"""What rules remove across a sample of documents: the report of ``cleaner rules impact``.

A rule's examples show that it removes what its author had in mind; its impact on a sample of
the user's own pages shows what else it removes. For each rule: how many removals in how many
documents, and the texts it removed, most frequent first, each with a document it came from.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .batch.sources import Item, ItemError
from .batch.work import failure_reason, one_line
from .pipeline import Cleaner


@dataclass
class RuleImpact:
    removals: int = 0
    documents: set[str] = field(default_factory=set)
    texts: Counter[str] = field(default_factory=Counter)   # removed text (one line) -> times
    first_seen: dict[str, str] = field(default_factory=dict)   # removed text -> a document


@dataclass
class Impact:
    rules: dict[str, RuleImpact]   # every rule reported on, in rule order
    documents: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)   # (document, reason)


def measure(cleaner: Cleaner, items: Iterable[Item], reported: Callable[[str], bool], *,
            max_size: int = 20 * 2**20) -> Impact:
    """Clean every item and gather the removals of the rules ``reported`` accepts (by rule id)."""
    impact = Impact({rule.id: RuleImpact() for rule in cleaner.ruleset.rules if reported(rule.id)})
    for item in items:
        impact.documents += 1
        try:
            if item.error:
                raise ItemError(item.error)
            data = item.content(item.read_raw(max_size), max_size)
            result = cleaner.clean(data, kind=item.kind, url=item.url)
        except Exception as err:  # noqa: BLE001 - one broken document must not end the report
            impact.failed.append((item.label, failure_reason(err)))
            continue
        for removal in result.removed:
            if (rule := impact.rules.get(removal.rule)) is not None:
                text = one_line(removal.text, 120)
                rule.removals += 1
                rule.documents.add(item.label)
                rule.texts[text] += 1
                rule.first_seen.setdefault(text, item.label)
    return impact


def report(impact: Impact, show: int = 10) -> list[str]:
    """The report as lines: rules by number of removals, each with its ``show`` most frequent
    texts (0: all of them), then the rules that removed nothing and the documents that failed."""
    lines = [f"{_count(impact.documents, 'document')}, {len(impact.failed):,} could not be read or cleaned"]
    ranked = sorted((item for item in impact.rules.items() if item[1].removals), key=lambda item: -item[1].removals)
    for rule_id, rule in ranked:
        lines += ["", f"{rule_id}: {_count(rule.removals, 'removal')} in {len(rule.documents):,} of "
                      f"{_count(impact.documents, 'document')}"]
        texts = rule.texts.most_common(show or None)
        lines += [f"  {times:6,}  {text!r}  ({rule.first_seen[text]})" for text, times in texts]
        if len(rule.texts) > len(texts):
            lines.append(f"  ... and {_count(len(rule.texts) - len(texts), 'other text')} (--show 0 lists them all)")
    silent = [rule_id for rule_id, rule in impact.rules.items() if not rule.removals]
    if silent:
        lines += ["", f"removed nothing: {', '.join(silent)}"]
    lines += [f"failed: {label}: {reason}" for label, reason in impact.failed]
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
