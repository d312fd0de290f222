"""What ``clean()`` returns: the clean text and an account of everything removed."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

# Status values of CleanResult.status.
OK = "ok"                  # clean body found
EMPTY = "empty"            # nothing looked like an article body
GUARDED = "guarded"        # a rule wanted to remove most of the text; its removals were undone or held back


@dataclass(frozen=True, init=False)
class Removal:
    """One piece of text removed, and the rule that removed it.

    ``stage`` is ``"html"`` for elements dropped from the page before extraction (``path`` is
    their XPath) and ``"text"`` for lines or spans dropped from the text (``start``/``end`` are
    offsets into ``CleanResult.source_text``).
    """

    rule: str
    text: str
    stage: str
    start: int | None = None
    end: int | None = None
    path: str | None = None

    def __init__(self, rule: str, text: str, stage: str, start: int | None = None, end: int | None = None,
                 path: str | None = None):
        # the fields set at once: the __init__ a frozen dataclass gets sets each through
        # object.__setattr__, and that took 1.7% of a text's instructions (18 removals a text)
        self.__dict__.update(rule=rule, text=text, stage=stage, start=start, end=end, path=path)


@dataclass
class CleanResult:
    """The outcome of cleaning one document.

    ``text`` is the clean body, one paragraph a line. ``source_text`` is the text the text rules
    ran on: the input itself (in composed Unicode, NFC; its lines rejoined if it was hard-wrapped,
    see ``metadata["wrap_width"]``) for text, trafilatura's extraction for HTML; removal offsets
    point into it.
    """

    text: str
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    removed: list[Removal] = field(default_factory=list)
    kind: str = "text"
    status: str = OK
    warnings: list[str] = field(default_factory=list)
    source_text: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def removed_by_rule(self) -> Counter:
        """How many removals each rule id made."""
        return Counter(removal.rule for removal in self.removed)

    def to_dict(self, *, with_removed: bool = True) -> dict[str, Any]:
        """A JSON-ready dict (the source text is left out; it can be large)."""
        out: dict[str, Any] = {
            "title": self.title,
            "text": self.text,
            "metadata": self.metadata,
            "kind": self.kind,
            "status": self.status,
            "warnings": self.warnings,
        }
        if with_removed:
            out["removed"] = [asdict(removal) for removal in self.removed]
        return out
