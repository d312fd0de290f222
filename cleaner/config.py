"""Settings of a Cleaner: one frozen dataclass, every field documented with its default and why."""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

EXTRACTION_MODES = ("fast", "balanced", "precision", "recall")


@dataclass(frozen=True)
class Config:
    """How a Cleaner treats documents. Override fields by keyword: ``Config(extraction="precision")``.

    extraction
        trafilatura's mode for HTML: ``"fast"`` (default) skips its fallback extractors; on the
        scrapinghub pages it is both faster and more accurate than ``"balanced"`` once our rules run
        after it, and when its result is nearly all menu-sized lines (navigation picked up instead
        of the article) the page is extracted again in precision mode. ``"precision"`` and
        ``"recall"`` map to trafilatura's favor_precision/favor_recall.
    include_tables
        Keep text of ``<table>`` elements (default True: news tables are usually content).
    deduplicate
        trafilatura's in-document deduplication of repeated segments (default False: repeated
        lines in news bodies - recurring list labels, table cells - are usually content).
    language
        ISO 639-1 code forcing the document language for language-scoped rules. Default None: the
        languages the text may be in (languages.py) plus the HTML ``lang`` attribute decide; a
        text too short to judge gets every rule.
    disabled
        Rule ids (``teasers.read-pipe``) or whole packs (``teasers``) to switch off.
    enabled
        Opt-in rules (``enabled: false`` in their pack, such as ``structure.glued-cards``) to
        switch on, by id or pack. A name that matches no rule is an error.
    match_timeout
        Seconds one match of a user rule's regex may take before the rule is reported and skipped
        for the document (default 0.5: generous for any sane pattern, short enough that a
        catastrophic one cannot stall a batch). Built-in rules are vetted and run without a limit.
    unwrap
        Rejoin the lines of text that was hard-wrapped at a fixed width (html2text, ``lynx -dump``,
        e-mail), so that rules judge paragraphs, not fragments (default True; see unwrap.py). Only
        text that shows a wrapper's marks is touched; ``metadata["wrap_width"]`` then says the
        width, and removal offsets point into the rejoined ``source_text``.
    markdown
        Read text that writes links or images the Markdown way (html2text, markdownify, crawlers
        for language models) as the plain text it marks up: link words without addresses, no
        images, no heading, quote or emphasis marks (default True; see markdown.py).
        ``metadata["format"]`` is then ``"markdown"``, and removal offsets point into the plain
        ``source_text``.
    json_ld_body
        When the page states its article in JSON-LD (``articleBody``) with at least 50 words and
        trafilatura finds less than half of them on the page (the text is filled in by a script,
        or a paywall shows only the opening), or finds that body but run into one line, that
        body is cleaned instead, one paragraph a line, and ``metadata["body_source"]`` is
        ``"json-ld"`` (default True; see jsonld.py).
    find_date
        Look for the publication date (htmldate; about 0.5 ms a page, 3% of cleaning one) and put it
        in ``metadata["date"]``. Default True; batch runs writing plain text, which carries no
        metadata, switch it off. It never changes ``.text``.
    """

    extraction: str = "fast"
    include_tables: bool = True
    deduplicate: bool = False
    language: str | None = None
    disabled: frozenset[str] = field(default_factory=frozenset)
    enabled: frozenset[str] = field(default_factory=frozenset)
    match_timeout: float = 0.5
    unwrap: bool = True
    markdown: bool = True
    json_ld_body: bool = True
    find_date: bool = True

    def __post_init__(self) -> None:
        if self.extraction not in EXTRACTION_MODES:
            raise ValueError(f"extraction must be one of {', '.join(EXTRACTION_MODES)}, not {self.extraction!r}")
        if self.match_timeout <= 0:
            raise ValueError(f"match_timeout must be positive, not {self.match_timeout!r}")
        # accept any iterable of ids, store an immutable set so the config stays hashable
        object.__setattr__(self, "disabled", frozenset(self.disabled))
        object.__setattr__(self, "enabled", frozenset(self.enabled))

    def with_overrides(self, **overrides) -> "Config":
        """A copy with some fields changed; unknown names are an error, not silently ignored."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise TypeError(f"unknown Config option(s): {', '.join(unknown)}; valid: {', '.join(sorted(known))}")
        return replace(self, **overrides) if overrides else self

    def is_disabled(self, rule_id: str) -> bool:
        return _named(rule_id, self.disabled)

    def is_enabled(self, rule_id: str) -> bool:
        """Whether an opt-in rule is switched on by name."""
        return _named(rule_id, self.enabled)


def _named(rule_id: str, names: frozenset[str]) -> bool:
    """Whether ``names`` holds the rule's id or its pack."""
    return rule_id in names or rule_id.split(".", 1)[0] in names
