"""What a run did, in numbers: kept while it runs, printed at the end, saved as ``summary.json``."""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .work import CLEANED, EMPTY, SKIPPED, Outcome


@dataclass
class Summary:
    """Counts of one run. ``documents`` = cleaned + empty + skipped + failed.

    cleaned: a body was found and written; empty: no article body found (an empty output is
    written, so a re-run skips it); skipped: already complete from an earlier run with the same
    input content and rules; failed: listed in the errors file with the reason.
    """

    output: str = ""
    engine: str = "local"
    workers: int = 0
    fingerprint: str = ""
    version: str = ""
    documents: int = 0
    cleaned: int = 0
    empty: int = 0
    skipped: int = 0
    failed: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    warnings: int = 0
    removals: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    started: float = field(default_factory=time.time)

    def add(self, outcome: Outcome, bytes_out: int = 0) -> None:
        self.documents += 1
        if outcome.status == CLEANED:
            self.cleaned += 1
        elif outcome.status == EMPTY:
            self.empty += 1
        elif outcome.status == SKIPPED:
            self.skipped += 1
        else:
            self.failed += 1
        self.bytes_in += outcome.bytes_in
        self.bytes_out += bytes_out
        self.warnings += outcome.warnings
        self.removals.update(outcome.removals)

    def finish(self) -> None:
        self.seconds = time.time() - self.started

    @property
    def processed(self) -> int:
        """Documents this run actually read and cleaned (or failed on), skipped ones aside."""
        return self.cleaned + self.empty + self.failed

    @property
    def docs_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def to_dict(self) -> dict:
        return {
            "output": self.output, "engine": self.engine, "workers": self.workers,
            "fingerprint": self.fingerprint, "version": self.version,
            "documents": self.documents, "cleaned": self.cleaned, "empty": self.empty,
            "skipped": self.skipped, "failed": self.failed,
            "bytes_in": self.bytes_in, "bytes_out": self.bytes_out, "warnings": self.warnings,
            "seconds": round(self.seconds, 3), "docs_per_second": round(self.docs_per_second, 2),
            "removals": dict(sorted(self.removals.items(), key=lambda kv: (-kv[1], kv[0]))),
        }

    def render(self, top: int = 10) -> str:
        """A few lines for people, at the end of a run."""
        lines = [
            f"{self.documents:,} documents: {self.cleaned:,} cleaned, {self.empty:,} empty, "
            f"{self.skipped:,} skipped (up to date), {self.failed:,} failed",
            f"{_size(self.bytes_in)} in, {_size(self.bytes_out)} out, {self.seconds:.1f} s, "
            f"{self.docs_per_second:.1f} documents/s ({self.engine}, {self.workers} workers)",
        ]
        if self.removals:
            common = ", ".join(f"{rule} {count:,}" for rule, count in self.removals.most_common(top))
            lines.append(f"removals: {sum(self.removals.values()):,} ({common}{', ...' if len(self.removals) > top else ''})")
        return "\n".join(lines)


def _size(count: int) -> str:
    size = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size} B"


class ErrorLog:
    """``errors.jsonl``: one ``{"path": ..., "reason": ...}`` line per failed document.

    Written to a temporary file during the run and renamed at its end, so the errors file always
    belongs to one complete run.
    """

    def __init__(self, temp: Path, final: Path):
        self.temp, self.final = temp, final
        self.handle = open(temp, "w", encoding="utf-8")

    def add(self, path: str, reason: str) -> None:
        self.handle.write(json.dumps({"path": path, "reason": reason}, ensure_ascii=False) + "\n")

    def finish(self) -> None:
        self.handle.close()
        self.temp.replace(self.final)

    def abandon(self) -> None:
        self.handle.close()
        self.temp.unlink(missing_ok=True)
