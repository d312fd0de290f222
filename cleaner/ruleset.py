"""Rules compiled once and grouped by the pipeline step that runs them; cheap to pickle."""
from __future__ import annotations

from cssselect import GenericTranslator
from lxml import etree

from . import compile_cache
from .branches import split_searches
from .languages import ASCII_LETTER_LANGUAGES
from .prefilter import LineIndex, Screen, StartTable, WordFinder
from .rules import BLOCK, HEADER, KINDS, LINE, MODES, SELECTOR, SPAN, TRAILER, Rule
from .selectors import SelectorIndex

# the kinds of rule whose screens a LineIndex applies, line by line, in the order it numbers them
SCREENED_KINDS = (LINE, SPAN, TRAILER, BLOCK)

SELECT_CACHE_SIZE = 4096
LINE_INDEX_CACHE_SIZE = 256


class RuleSet:
    """An immutable, compiled collection of rules.

    Compiled regexes and indexes are rebuilt from the plain rules on unpickling, so a RuleSet can
    be shipped to worker processes or cluster nodes.
    """

    def __init__(self, rules: list[Rule]):
        self.rules = tuple(rules)
        self.by_id = {rule.id: rule for rule in rules}
        self.by_kind = {kind: [rule for rule in rules if rule.kind == kind] for kind in KINDS}
        self.languages = frozenset(language for rule in rules for language in rule.languages or ())
        self.patterns = {rule.id: rule.compile_pattern() for rule in rules if rule.pattern is not None}
        # what a line must look like for a rule to have a chance (header rules: what a line start must)
        self.screens = {rule.id: Screen.of(rule.pattern, self.patterns[rule.id])
                        for kind in (LINE, SPAN, TRAILER, BLOCK, HEADER) for rule in self.by_kind[kind]
                        if rule.pattern is not None}   # (every rule of these kinds has one)
        # built-in line rules that list alternatives and may match anywhere in a line search them one
        # at a time (branches.py); an anchored pattern is tried at the line start only, and gains little
        for rule in self.by_kind[LINE]:
            if (rule.builtin and rule.lines == 1 and self.screens[rule.id].compiled is None
                    and (searches := split_searches(self.patterns[rule.id]))):
                self.patterns[rule.id] = searches
        # one table of the line starts that anchored rules judged line by line admit, and of the
        # words they require (in the first line, for a rule that sees several); indexes number
        # their rules as it does: line, span, trailer, then block rules, each in pack order (one
        # screening of a line serves all four kinds)
        screened = [rule for kind in SCREENED_KINDS for rule in self.by_kind[kind]]
        self.start_table = StartTable(screened, self.screens)
        # and one search for those words serves every document's index (and one for the words of
        # the rules that admit long lines, which are searched for those only)
        self.word_finder = WordFinder(self.start_table.words)
        self.long_word_finder = WordFinder(self.start_table.long_words)
        # each kind's rules on for each mode, with their languages as a set (None: any language) and
        # whether they are scoped to sites: what ``select`` tests, without a method call a rule (a
        # new group of documents selects from every rule: 1,300 calls took 1 ms while it waited)
        self._selectable = {(kind, mode): [(rule, frozenset(rule.languages) or None, bool(rule.sites or rule.except_sites))
                                           for rule in self.by_kind[kind] if rule.enabled and mode in rule.modes]
                            for kind in KINDS for mode in MODES}
        self._line_indexes: dict[tuple[str, ...], LineIndex] = {}
        self._indexes_by_group: dict[tuple, LineIndex] = {}
        self._selected: dict[tuple, list[Rule]] = {}
        # a kind whose rules all run on both modes (or on every site) selects the same rules for
        # HTML and text (or for every host): its groups leave the mode (or host) out, so the
        # text documents of a language reuse what its HTML pages selected
        self._site_scoped = {kind: any(rule.sites or rule.except_sites for rule in self.by_kind[kind]) for kind in KINDS}
        self._mode_scoped = {kind: any(set(rule.modes) != set(MODES) for rule in self.by_kind[kind]) for kind in KINDS}
        self._screened_scope = (any(self._mode_scoped[kind] for kind in SCREENED_KINDS),
                                any(self._site_scoped[kind] for kind in SCREENED_KINDS))
        self.selector_index = SelectorIndex(self.by_kind[SELECTOR])
        # Selectors compile on first use: a filter list has tens of thousands, a page needs a few.
        # The cache only saves work; a race between threads at worst compiles one twice.
        self._xpaths: dict[str, etree.XPath] = {}
        compile_cache.save()   # for the next process: most of this build was compiling and reading patterns

    def __reduce__(self) -> tuple:
        # pickled as its rules, compiled again on arrival (a compiled class cannot take a state)
        return RuleSet, (list(self.rules),)

    def __len__(self) -> int:
        return len(self.rules)

    def select(self, kind: str, mode: str, languages: frozenset[str] | None, host: str | None) -> list[Rule]:
        """Rules of one kind that apply to a document, in pack order (do not modify the list).

        Documents fall into few groups by languages (and by mode or host, for kinds with rules
        scoped to them), so each group's answer is kept; the cache is emptied when a crawl of many hosts
        fills it. A race between threads at worst works an answer out twice.
        """
        key = (kind, mode if self._mode_scoped[kind] else None, languages, host if self._site_scoped[kind] else None)
        selected = self._selected.get(key)
        if selected is None:
            if len(self._selected) >= SELECT_CACHE_SIZE:
                self._selected = {}
            selected = self._selected[key] = [
                rule for rule, own, sited in self._selectable[kind, mode]
                if (own is None or languages is None or not languages.isdisjoint(own))
                and (not sited or rule.applies_to(mode, languages, host))]
        return selected

    def line_index(self, rules: list[Rule], plain_punctuation: bool = False) -> LineIndex:
        """The screening index over these line, span, trailer and block rules (the ones in force
        for a document; in ``SCREENED_KINDS`` order).

        Documents fall into few groups by language, mode and site; each group's index is built
        once and kept (up to ``LINE_INDEX_CACHE_SIZE`` of them). The cache only saves work: a
        race at worst builds one twice. (``plain_punctuation``: see ``LineIndex``; an index built
        before for the same rules is returned as it was built.)
        """
        key = tuple(rule.id for rule in rules)
        index = self._line_indexes.get(key)
        if index is None:
            if len(self._line_indexes) >= LINE_INDEX_CACHE_SIZE:
                self._line_indexes, self._indexes_by_group = {}, {}   # no group may keep an old index alive
            index = self._line_indexes[key] = LineIndex(rules, self.screens, self.word_finder, self.start_table,
                                                           self.long_word_finder, plain_punctuation)
        return index

    def line_index_for(self, mode: str, languages: frozenset[str] | None, host: str | None) -> LineIndex:
        """``line_index`` of the rules of ``SCREENED_KINDS`` that apply to a document, by the group
        it falls in (the rule ids of the group are not even listed again: that cost as much as a line)."""
        mode_scoped, site_scoped = self._screened_scope
        key = (mode if mode_scoped else None, languages, host if site_scoped else None)
        index = self._indexes_by_group.get(key)
        if index is None:
            if len(self._indexes_by_group) >= SELECT_CACHE_SIZE:
                self._indexes_by_group = {}
            index = self._indexes_by_group[key] = self.line_index(
                [rule for kind in SCREENED_KINDS for rule in self.select(kind, mode, languages, host)],
                plain_punctuation=languages is not None and languages <= ASCII_LETTER_LANGUAGES)
        return index

    def xpath(self, selector: str) -> etree.XPath:
        """A CSS selector (a rule's, or some alternatives of it) compiled to XPath, once."""
        compiled = self._xpaths.get(selector)
        if compiled is None:
            compiled = self._xpaths[selector] = etree.XPath(GenericTranslator().css_to_xpath(selector))
        return compiled
