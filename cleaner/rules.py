"""Rules as data: the Rule type, the closed set of rule kinds, and what each kind needs.

A rule pack is a YAML file (see ``rulefile.py`` for loading and validation). Kinds:

``line``       drop a whole line that the pattern matches
``span``       strip the matched span and keep the rest of the line
``header``     cut from the top of the document through the line where the match ends
``trailer``    cut from a marker line to the end, when the marker sits in the document's tail
``block``      drop a widget heading line and the short, non-sentence lines under it
``selector``   drop HTML elements matching a CSS selector before extraction
``heuristic``  a named function from ``heuristics.py``, tuned by ``params``
"""
from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any

import regex

from .compile_cache import compiled

LINE, SPAN, HEADER, TRAILER, BLOCK = "line", "span", "header", "trailer", "block"
SELECTOR, HEURISTIC = "selector", "heuristic"
KINDS = (LINE, SPAN, HEADER, TRAILER, BLOCK, SELECTOR, HEURISTIC)
PATTERN_KINDS = (LINE, SPAN, HEADER, TRAILER, BLOCK)
MODES = ("html", "text")

# Which optional fields each kind accepts, beyond the ones every rule has.
KIND_FIELDS: dict[str, frozenset[str]] = {
    LINE: frozenset({"pattern", "flags", "max_words", "lines"}),
    SPAN: frozenset({"pattern", "flags", "max_words"}),
    HEADER: frozenset({"pattern", "flags", "within", "max_prose"}),
    TRAILER: frozenset({"pattern", "flags", "tail", "max_words", "min_prose_before", "max_prose_after",
                         "max_prose_to_end"}),
    BLOCK: frozenset({"pattern", "flags", "max_words", "max_lines", "cards_to_end"}),
    SELECTOR: frozenset({"selector"}),
    HEURISTIC: frozenset({"heuristic", "params"}),
}
REQUIRED_FIELD = {LINE: "pattern", SPAN: "pattern", HEADER: "pattern", TRAILER: "pattern", BLOCK: "pattern",
                  SELECTOR: "selector", HEURISTIC: "heuristic"}
COMMON_FIELDS = frozenset({"id", "kind", "description", "languages", "sites", "modes", "examples", "enabled",
                           "max_share"})

REGEX_FLAGS = {"ignorecase": regex.IGNORECASE, "verbose": regex.VERBOSE, "multiline": regex.MULTILINE}
# The ``concurrent`` argument of the searches that run for every line (passed by position: pos,
# endpos, concurrent; keywords cost more to parse). By default regex releases the GIL around each
# search of a str, and allocates a lock for it: a fifth of a short line's search, 3% of a text
# document's instructions. These searches take microseconds and the rest of the pipeline holds
# the GIL anyway. (User rules keep the default: they run with a time limit.)
HOLD_GIL = False

# Named capture groups that lift removed text into CleanResult.metadata.
METADATA_GROUPS = frozenset({"author", "date", "updated", "location", "tags", "categories", "source"})
LIST_GROUPS = frozenset({"tags", "categories"})

# Defaults of the kind-specific guards.
HEADER_WITHIN_DEFAULT = 12     # a header marker must end within the first 12 lines: bylines sit at the top
HEADER_MAX_PROSE_DEFAULT = 1   # above a byline there may be a standfirst, never two body paragraphs
TRAILER_TAIL_DEFAULT = 0.4     # a trailer marker must start in the last 40% of the characters
# A marker followed at once by three body paragraphs heads the article ("Filed Under: ..." above
# a story), it does not end it: of 133 trailer cuts on the shared sets, one had such a run after
# its marker, and that run was the story
TRAILER_MAX_PROSE_AFTER_DEFAULT = 2
BLOCK_MAX_LINES_DEFAULT = 8    # widgets list a handful of headlines; more lines is likely body
# A rule that would remove more than this share of a document's words is taken for a rule gone
# wrong: its removals are undone and the result is flagged. Clutter rarely outweighs the article;
# the heuristic that trims a whole page down to its article sets its own, higher limit.
MAX_SHARE_DEFAULT = 0.5


@dataclass(frozen=True)
class Examples:
    """Text a rule must remove, text it must keep, and optional exact before/after pairs.
    ``site``: other pages of the examples' site, learned with them first (for ``site_repeats``)."""

    remove: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    fix: tuple[tuple[str, str], ...] = ()
    site: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One validated rule. ``id`` is ``<pack>.<name>``; ``source`` is ``file:line`` of its definition."""

    id: str
    kind: str
    description: str
    source: str = "<memory>"
    pattern: str | None = None
    flags: tuple[str, ...] = ()
    max_words: int | None = None
    within: int = HEADER_WITHIN_DEFAULT
    max_prose: int = HEADER_MAX_PROSE_DEFAULT
    min_prose_before: int = 0   # trailers: body paragraphs that must come before the marker
    max_prose_after: int = TRAILER_MAX_PROSE_AFTER_DEFAULT   # trailers: body paragraphs that may follow it at once
    max_prose_to_end: int | None = None   # trailers: prose lines that may follow it in all (None: any number)
    tail: float = TRAILER_TAIL_DEFAULT
    max_lines: int = BLOCK_MAX_LINES_DEFAULT
    cards_to_end: bool = False   # blocks: after the body, a heading over story cards cuts to the end
    lines: int = 1          # line rules: how many consecutive lines the pattern sees, joined by "\n"
    selector: str | None = None
    heuristic: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    except_sites: tuple[str, ...] = ()   # filter lists' "~domain": everywhere but these
    modes: tuple[str, ...] = MODES
    enabled: bool = True
    max_share: float = MAX_SHARE_DEFAULT
    examples: Examples = Examples()
    builtin: bool = False   # shipped with cleaner (its patterns are vetted, so run without a time limit)

    @property
    def pack(self) -> str:
        return self.id.split(".", 1)[0]

    def settings(self) -> dict[str, Any]:
        """What the rule does, as it runs: the fields that differ from the defaults, beside its
        id, kind, description, source and examples (a pattern with its fragments filled in)."""
        shown = {}
        for spec in fields(self):
            if spec.name in ("id", "kind", "description", "source", "examples", "builtin"):
                continue
            value = getattr(self, spec.name)
            default = spec.default_factory() if spec.default_factory is not MISSING else spec.default
            if value != default:
                shown[spec.name] = value
        return shown

    def compile_pattern(self) -> regex.Pattern:
        flags = 0
        for name in self.flags:
            flags |= REGEX_FLAGS[name]
        if self.kind == HEADER or self.lines > 1:
            flags |= regex.MULTILINE  # these patterns see several lines at once
        if self.pattern is None:
            raise ValueError(f"rule {self.id!r} of kind {self.kind!r} has no pattern to compile")
        return compiled(self.pattern, flags)

    def applies_to(self, mode: str, languages: frozenset[str] | None, host: str | None) -> bool:
        """Whether the rule runs on a document of this mode, in these possible languages, from this host.

        Unknown languages (None) exclude no language-scoped rule, but a site rule needs a known
        host: site rules are written for one site's markup.
        """
        if not self.enabled or mode not in self.modes:
            return False
        if self.languages and languages is not None and languages.isdisjoint(self.languages):
            return False
        if self.except_sites and host and _on_site(host, self.except_sites):
            return False
        if self.sites:
            return _on_site(host, self.sites) if host else False
        return True


def _on_site(host: str, sites: tuple[str, ...]) -> bool:
    return any(host == site or host.endswith("." + site) for site in sites)
