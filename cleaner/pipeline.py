"""The whole cleaning pipeline, top to bottom.

HTML:  decode -> parse -> metadata -> selector rules on the tree -> embedded posts out of their boxes
       -> source line breaks in text made spaces -> trafilatura (or the JSON-LD body, when the
       page shows much less than it states) -> text stage
Text:  decode -> rejoin hard-wrapped lines -> Markdown to plain text -> guess the headline -> text stage
Text stage: header and trailer cuts -> block rules -> line rules -> span rules -> heuristics (pack order)
"""
from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterable, Set as AbstractSet
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .config import Config
from .decode import composed, decode, valid_unicode
from .errors import InputError, RuleError
from .extract import extract_body
from .heuristics import HEURISTICS, MAIN_REGION, find_standfirst, guess_title
from .html import (drop_selected, host_of, lift_embedded_posts, looks_like_html, parse_html,
                   unwrap_source_lines)
from .jsonld import stated_body
from .languages import RULE_LANGUAGE, languages_ruled_out, likely_languages
from .markdown import looks_like_markdown, plain_text
from .matchers import apply_line_rules, apply_pattern_rule, line_rule_matches, screened_lines
from .metadata import page_metadata
from .result import EMPTY, GUARDED, OK, CleanResult, Removal
from .rulefile import builtin_rules_dir, duplicate_ids, load_rules
from .rules import BLOCK, HEADER, HEURISTIC, LINE, TRAILER, Rule
from .ruleset import SCREENED_KINDS, RuleSet
from .sites import SiteLines
from .textdoc import Encoding, Page, ends_like_sentence, prepared
from .unwrap import rejoined

KINDS = ("auto", "html", "text")
GUARD_MIN_WORDS = 80  # below this, a document is a snippet, not an article a rule could wipe


class Cleaner:
    """Loads and compiles rules once; ``clean()`` it as often as you like, from any thread.

    ``rules``: extra rule files or folders added to the built-in packs (``builtin=False`` to use
    only yours). ``disable``: rule ids or pack names to switch off; ``enable``: opt-in rules to
    switch on (``structure.glued-cards``). Other keywords set Config fields.
    A Cleaner pickles (to ship to worker processes) and never changes after construction.
    """

    sites: SiteLines | None = None   # lines learned from other pages of each site (``with_sites``)

    def __init__(self, rules: Iterable[str | Path] = (), *, builtin: bool = True,
                 disable: Iterable[str] = (), enable: Iterable[str] = (), config: Config | None = None,
                 **overrides):
        config = (config or Config()).with_overrides(**overrides)
        if disable:
            config = config.with_overrides(disabled=config.disabled | frozenset(disable))
        if enable:
            config = config.with_overrides(enabled=config.enabled | frozenset(enable))
        self.config = config
        loaded = (load_rules([builtin_rules_dir()], builtin=True) if builtin else []) + load_rules(rules)
        if problems := duplicate_ids(loaded):
            raise RuleError(problems)
        self._use(_in_force(loaded, config))

    @classmethod
    def from_rules(cls, rules: Iterable[Rule], config: Config | None = None) -> "Cleaner":
        """A Cleaner over rules already in memory (no built-in packs), e.g. to try one rule alone."""
        cleaner = cls.__new__(cls)
        cleaner.config = config or Config()
        cleaner._use(_in_force(list(rules), cleaner.config))
        return cleaner

    def with_config(self, **overrides) -> "Cleaner":
        """A copy under other Config settings, sharing these compiled rules (no reloading). Which
        rules are on is fixed at construction: build a new Cleaner to disable others."""
        if "disabled" in overrides or "enabled" in overrides:
            raise TypeError("with_config cannot change which rules are on; build a new Cleaner")
        clone = copy.copy(self)
        clone.config = self.config.with_overrides(**overrides)
        clone.timeouts = _match_timeouts(self.ruleset.rules, clone.config)
        return clone

    def with_sites(self, sites: SiteLines | None) -> "Cleaner":
        """A copy that also drops the lines ``sites`` learned to be repeated across the pages of a
        document's site (rule ``structure.site-repeats``; the document needs its URL)."""
        clone = copy.copy(self)
        clone.sites = sites
        return clone

    @property
    def fingerprint(self) -> str:
        """A digest of everything that decides the output: package version, config and every rule.

        Two Cleaners with the same fingerprint clean every document identically, so a batch run
        can skip outputs made under the same fingerprint.
        """
        from . import __version__  # local: the package imports this module

        parts: tuple = (__version__, vars(self.config), [_rule_key(rule) for rule in self.ruleset.rules])
        if self.sites is not None:
            parts += (self.sites.digest,)
        state = repr(_stable(parts))
        return hashlib.sha256(state.encode("utf-8")).hexdigest()[:16]

    def _use(self, rules: list[Rule]) -> None:
        self.ruleset = RuleSet(rules)
        self.timeouts = _match_timeouts(rules, self.config)

    def clean(self, source: str | bytes, *, kind: str = "auto", url: str | None = None) -> CleanResult:
        """Clean one document; ``kind`` is ``"auto"``, ``"html"`` or ``"text"``."""
        text = _as_text(source)
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if kind == "html" or (kind == "auto" and looks_like_html(text)):
            tree = parse_html(valid_unicode(text))
            if tree is not None:
                return self._clean_html(tree, url)
        return self._clean_text(text, url)

    def _clean_html(self, tree, url: str | None) -> CleanResult:
        # the extracted text and metadata, not the whole page, are brought to NFC: checking a page
        # costs 2% of its time, checking its extraction next to nothing
        metadata = {key: composed(value) if isinstance(value, str) else value
                    for key, value in page_metadata(tree, url, find_date=self.config.find_date).items()}
        page_language = metadata.get("language")   # as the page declares it (HTML lang)
        declared = self.config.language or (RULE_LANGUAGE.get(page_language, page_language) if page_language else None)
        host = host_of(metadata.get("url"))
        removed = drop_selected(tree, self.ruleset, frozenset([declared]) if declared else None, host)
        lift_embedded_posts(tree)   # after the selector rules: a rule may drop embeds and their boxes
        unwrap_source_lines(tree)
        body = extract_body(tree, self.config, metadata.get("url"))
        if self.config.json_ld_body and (stated := stated_body(tree, body)) is not None:
            body, metadata["body_source"] = stated, "json-ld"   # the page shows less than it states
        body, encoding = prepared(body)
        page = Page(body, mode="html", title=metadata.pop("title", None), host=host, encoding=encoding)
        page.languages = self._languages(body, declared, page.encoding)
        return self._finish(page, metadata, removed, "html")

    def _clean_text(self, text: str, url: str | None) -> CleanResult:
        text, encoding = prepared(text)
        page = Page(text, mode="text", host=host_of(url), encoding=encoding)
        metadata: dict[str, Any] = {"url": url} if url else {}
        markdown = self.config.markdown and looks_like_markdown(text, page.encoding[0])
        # a wrapper broke the lines of the Markdown, links and all: they are rejoined first
        if self.config.unwrap:
            text, width = rejoined(page, markdown=markdown)
            if width is not None:
                metadata["wrap_width"] = width
        if markdown:
            text = plain_text(text)
            metadata["format"] = "markdown"
        if text is not page.source:
            page = Page(text, mode="text", host=page.host)
        page.languages = self._languages(page.source, None, page.encoding)
        page.title = guess_title(page)
        return self._finish(page, metadata, [], "text")

    def _finish(self, page: Page, metadata: dict, removed: list[Removal], kind: str) -> CleanResult:
        if self.sites is not None:
            site = self.sites.for_host(page.host)
            page.site_pages, page.site_lines = site.pages, site.lines
        self._text_stage(page)
        status = GUARDED if page.guarded else OK
        if greedy := self._greedy_rules(page):
            # a rule that removes most of a document is more likely wrong than the document:
            # run again without it and say so
            warnings = [f"rule {rule_id!r} would have removed {share:.0%} of the text (limit "
                        f"{self.ruleset.by_id[rule_id].max_share:.0%}); its removals were undone"
                        for rule_id, share in greedy.items()]
            page = page.fresh()
            self._text_stage(page, skip=set(greedy))
            page.warnings[:0] = warnings
            status = GUARDED
        if "standfirst" not in metadata and (standfirst := find_standfirst(page, rejected=self._no_standfirst(page))):
            page.metadata["standfirst"] = standfirst
        metadata = {**page.metadata, **metadata} if kind == "html" else {**metadata, **page.metadata}
        if metadata.get("date") is None and "updated" in metadata:   # no publication time: the best date known
            metadata["date"] = metadata["updated"]
        text = page.text()
        return CleanResult(text=text, title=page.title, metadata=metadata, removed=removed + page.removals,
                           kind=kind, status=status if text else EMPTY, warnings=page.warnings,
                           source_text=page.source)

    def _languages(self, text: str, declared: str | None, encoding: Encoding | None = None) -> frozenset[str]:
        """The languages whose rules run: the configured one, else those the text may be in (plus
        the page's declared language). When the text is too short to tell, or in a language
        none of our guesses covers, that is every language its scripts allow: Korean rules do
        not run on a text without Hangul."""
        if self.config.language:
            return frozenset([self.config.language])
        found = likely_languages(text, encoding)
        if found is None:
            found = self.ruleset.languages - languages_ruled_out(text)
        return found | {declared} if declared else found

    def _no_standfirst(self, page: Page) -> Callable[[int], bool]:
        """A test of whether the page's line at an index cannot be its standfirst: a line rule
        dropped it, or one of the document's one-line ``line`` rules would take it on its own (a
        date, a byline, a credit: ``line_rule_matches``), or nothing but the main-region heuristic
        left it out and it does not end as a sentence does. (A header rule that cuts the headline
        also cuts the standfirst under it, so a line it took may be one; the main region leaves
        out every line above the body, and of those, site banners, datelines and "Name 27/09/2018
        Tags" lines come right under a copy of the headline.)"""
        def rejected(i: int) -> bool:
            dropper = self.ruleset.by_id.get(page.dropped_by.get(i, ""))
            if dropper is not None and (dropper.kind == LINE or (dropper.heuristic == MAIN_REGION
                                                                 and not ends_like_sentence(page.texts[i]))):
                return True
            index = self.ruleset.line_index_for(page.mode, page.languages, page.host)
            return line_rule_matches(page, i, index, self.ruleset.patterns, self.timeouts)
        return rejected

    def _greedy_rules(self, page: Page) -> dict[str, float]:
        """Rules whose removals exceed their ``max_share`` of the text's words (articles only: in a
        snippet of a few lines, one label may well be most of the text)."""
        total = page.total_words
        if total < GUARD_MIN_WORDS:
            return {}
        return {rule_id: words / total for rule_id, words in page.removed_words.items()
                if words / total > self.ruleset.by_id[rule_id].max_share}

    def _text_stage(self, page: Page, skip: AbstractSet[str] = frozenset()) -> None:
        def rules(kind: str) -> list[Rule]:
            selected = self.ruleset.select(kind, page.mode, page.languages, page.host)
            return [rule for rule in selected if rule.id not in skip] if skip else selected

        patterns, timeouts = self.ruleset.patterns, self.timeouts
        for rule in rules(HEADER):
            apply_pattern_rule(page, rule, patterns[rule.id], timeouts[rule.id], screen=self.ruleset.screens[rule.id])
        # the lines below the header screened once for the rules of every kind judged line by line
        line_index = (self.ruleset.line_index([rule for kind in SCREENED_KINDS for rule in rules(kind)]) if skip
                      else self.ruleset.line_index_for(page.mode, page.languages, page.host))
        offered, lines_of = screened_lines(page, line_index)
        # blocks before lines: a widget heading must not be taken as a lone label before it can
        # take the headlines under it
        for rule in rules(TRAILER) + rules(BLOCK):
            # most are offered no line: calling each anyway took a quarter of the time of a one-line
            # text, whose language is unknown and whose rules are all 55 of them (44 -> 32 us)
            if rule.id in lines_of:
                apply_pattern_rule(page, rule, patterns[rule.id], timeouts[rule.id], offered=lines_of[rule.id])
        apply_line_rules(page, line_index, offered, patterns, timeouts)
        for rule in rules(HEURISTIC):
            for index in HEURISTICS[rule.heuristic](page, **rule.params):  # type: ignore[index]  # (always set)
                page.drop(index, rule.id)


def _in_force(rules: list[Rule], config: Config) -> list[Rule]:
    """The rules less those ``config`` disables, with the opt-in ones it enables switched on; a
    name to enable that matches no rule is an error (a typo would otherwise change nothing)."""
    if unknown := sorted(name for name in config.enabled
                         if not any(rule.id == name or rule.pack == name for rule in rules)):
        raise RuleError([f"no rule or pack named {name!r} to enable" for name in unknown])
    return [replace(rule, enabled=True) if not rule.enabled and config.is_enabled(rule.id) else rule
            for rule in rules if not config.is_disabled(rule.id)]


def _rule_key(rule: Rule) -> tuple:
    """A rule's behaviour without where it was loaded from (a moved file cleans the same)."""
    return tuple((name, value) for name, value in vars(rule).items() if name not in ("source", "examples"))


def _stable(value):
    """``value`` with sets sorted and dicts ordered, so its repr is the same in every process
    (a frozenset's iteration order follows the per-process string hash seed)."""
    if isinstance(value, (set, frozenset)):
        return sorted((_stable(item) for item in value), key=repr)
    if isinstance(value, dict):
        return sorted(((key, _stable(item)) for key, item in value.items()), key=repr)
    if isinstance(value, (list, tuple)):
        return [_stable(item) for item in value]
    return value


def _as_text(source: str | bytes) -> str:
    """The document as a str (text keeps its lone surrogates until ``prepared``, or
    ``valid_unicode`` before parsing)."""
    if isinstance(source, str):
        return source
    if isinstance(source, (bytes, bytearray, memoryview)):
        return decode(bytes(source))
    raise InputError(f"clean() takes str or bytes, not {type(source).__name__}")


def _match_timeouts(rules: Iterable[Rule], config: Config) -> dict[str, float | None]:
    """User patterns get a time limit per match; built-in ones are vetted (see matchers.py)."""
    return {rule.id: None if rule.builtin else config.match_timeout for rule in rules}


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The built-in rules, compiled once per process (a Cleaner never changes, so sharing is safe)."""
    return Cleaner()


def clean(source: str | bytes, *, kind: str = "auto", url: str | None = None,
          rules: Iterable[str | Path] = (), **options) -> CleanResult:
    """Clean one news article given as HTML or as scraped text.

    >>> result = clean("Floods closed the valley road on Monday, officials said.\\n\\nREAD | More storms due")
    >>> result.text
    'Floods closed the valley road on Monday, officials said.'
    >>> [removal.rule for removal in result.removed]
    ['teasers.read-pipe']

    ``rules`` adds rule files or folders; other keywords (``disable=``, Config fields) build a
    dedicated Cleaner for this call. To clean many documents, make one ``Cleaner`` and reuse it.
    """
    cleaner = Cleaner(rules, **options) if rules or options else default_cleaner()
    return cleaner.clean(source, kind=kind, url=url)
