"""Find the selector rules worth evaluating on a page, by the classes and ids it contains.

A filter list holds tens of thousands of selectors; evaluating each on every page would cost far
more than extraction. Most selectors name a class or an id (``.ad-box``, ``div#sponsor > p``) and
can only match if the page has an element with that class or id. The index keys selectors that
way. Most of the rest test an attribute value (``a[href^="http://ads."]``) and can only match if
that text occurs in some value of that attribute on the page; the few left are evaluated on every
page. All this holds per alternative of a selector group (``.a, [class*="b"]``), so only the
alternatives a page could match are evaluated.
"""
from __future__ import annotations

from collections.abc import Iterable

import ahocorasick_rs
import regex
from lxml import etree
from lxml.html import HtmlElement

from .rules import Rule

_BRACKETS = regex.compile(r"\[[^\]]*\]|\([^)]*\)|'[^']*'|\"[^\"]*\"")
_COMBINATOR = regex.compile(r"\s*[>+~]\s*|\s+")
_TOKEN = regex.compile(r"([.#])((?:[\w-]|\\.)+)")
_ATTRIBUTE = regex.compile(r"""\[\s*([\w:-]+)\s*[*^$|~]?=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))\s*\]""")
MIN_NEEDLE = 3  # shorter attribute texts are everywhere
_SIMPLE_NAME = regex.compile(r"[\w-]+")  # attribute names an XPath can fetch without namespaces
_NEGATION = regex.compile(r":not\((?:[^()]|\([^()]*\))*\)")  # what it names must be absent: no needle

Key = tuple[str, str]  # ("class", "ad-box") or ("id", "sponsor")


def part_key(part: str) -> Key | None:
    """A class or id that a page must contain for one alternative of a selector (a part with no
    top-level comma) to match; None if it names none."""
    compounds = _COMBINATOR.split(_BRACKETS.sub("", part).strip())
    # every compound must match some element, so any class or id in any of them will do;
    # the rightmost is the most specific
    tokens = next((found for compound in reversed(compounds) if (found := _TOKEN.findall(compound))), None)
    if not tokens:
        return None
    kind, name = tokens[0]
    return ("id" if kind == "#" else "class", name.replace("\\", ""))


def _top_level_split(selector: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in selector:
        depth += char in "([" 
        depth -= char in ")]"
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def part_needle(part: str) -> tuple[str, str] | None:
    """An (attribute, text) pair such that one alternative of a selector can only match if the
    text occurs in some value of that attribute on the page; None if there is none."""
    if regex.search(r"\s[iI]\s*\]", part):
        return None  # case-insensitive attribute tests
    return next(((match.group(1).lower(), text) for match in _ATTRIBUTE.finditer(_NEGATION.sub("", part))
                 if len(text := match.group(2) or match.group(3) or match.group(4) or "") >= MIN_NEEDLE
                 and _SIMPLE_NAME.fullmatch(match.group(1))), None)


# plain strings: lxml's default "smart" results each carry a proxy of their element, which
# doubled the cost of gathering them
_CLASSES = etree.XPath("//@class", smart_strings=False)
_IDS = etree.XPath("//@id", smart_strings=False)


class PageKeys:
    """The classes and ids on a page, and the text of the attributes filters look into.

    Attribute values are gathered by XPath, in C: a Python walk over every element cost twice as
    much as the rest of the selector stage. Only what the index asks for is gathered."""

    def __init__(self, tree: HtmlElement, attributes: frozenset[str], with_keys: bool):
        classes = _CLASSES(tree)
        self.keys: set[Key] = set()
        if with_keys:
            self.keys = {("class", name) for value in classes for name in value.split()}
            self.keys.update(("id", value) for value in _IDS(tree))
        self.values = {name: "\n".join(classes if name == "class" else tree.xpath(f"//@{name}", smart_strings=False))
                       for name in attributes}


class SelectorIndex:
    """Selector rules by the class, id or attribute text each alternative of theirs needs.

    ``candidates`` gives, in the rules' order, each rule worth evaluating on a page with the
    alternatives of its selector that could match there: evaluating "a, c" finds what "a, b, c"
    would when the page cannot match b, at a third of the cost.
    """

    def __init__(self, rules: Iterable[Rule]):
        self.rules = list(rules)
        self.parts = [_top_level_split(rule.selector or "") for rule in self.rules]   # (every selector rule has one)
        self.keyed: dict[Key, list[tuple[int, int]]] = {}       # key -> (rule position, part position)
        self.always: list[tuple[int, int]] = []                 # parts that need nothing on the page
        needles: list[tuple[tuple[str, str], tuple[int, int]]] = []
        for position, parts in enumerate(self.parts):
            for number, part in enumerate(parts):
                if (key := part_key(part)) is not None:
                    self.keyed.setdefault(key, []).append((position, number))
                elif (needle := part_needle(part)) is not None:
                    needles.append((needle, (position, number)))
                else:
                    self.always.append((position, number))
        self.attributes = frozenset(attribute for (attribute, _text), _where in needles)
        # one Aho-Corasick automaton per attribute finds all its needles in a single pass
        places: dict[str, dict[str, list[tuple[int, int]]]] = {}   # attribute -> needle -> parts
        for (attribute, text), where in needles:
            places.setdefault(attribute, {}).setdefault(text, []).append(where)
        self.automata = {attribute: (ahocorasick_rs.AhoCorasick(list(by_text)), list(by_text.values()))
                         for attribute, by_text in places.items()}

    def page(self, tree: HtmlElement) -> PageKeys:
        return PageKeys(tree, self.attributes, with_keys=bool(self.keyed))

    def candidates(self, page: PageKeys) -> list[tuple[Rule, str]]:
        """(rule, the part of its selector worth evaluating) for each rule that could match."""
        found = set(self.always)
        for key in page.keys & self.keyed.keys():
            found.update(self.keyed[key])
        for attribute, (automaton, places) in self.automata.items():
            for needle, _start, _end in automaton.find_matches_as_indexes(page.values.get(attribute, ""),
                                                                          overlapping=True):
                found.update(places[needle])
        by_rule: dict[int, list[int]] = {}
        for position, number in sorted(found):
            by_rule.setdefault(position, []).append(number)
        return [(self.rules[position], ", ".join(self.parts[position][number].strip() for number in numbers))
                for position, numbers in by_rule.items()]
