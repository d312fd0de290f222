"""Find the selector rules worth evaluating on a page, by the classes and ids it contains.

A filter list holds tens of thousands of selectors; evaluating each on every page would cost far
more than extraction. Most selectors name a class or an id (``.ad-box``, ``div#sponsor > p``) and
can only match if the page has an element with that class or id. The index keys selectors that
way. Most of the rest test an attribute value (``a[href^="http://ads."]``) and can only match if
that text occurs in some value of that attribute on the page; the few left are evaluated on every
page.
"""
from __future__ import annotations

from collections.abc import Iterable

import ahocorasick
import regex
from lxml import etree
from lxml.html import HtmlElement

_BRACKETS = regex.compile(r"\[[^\]]*\]|\([^)]*\)|'[^']*'|\"[^\"]*\"")
_COMBINATOR = regex.compile(r"\s*[>+~]\s*|\s+")
_TOKEN = regex.compile(r"([.#])((?:[\w-]|\\.)+)")
_ATTRIBUTE = regex.compile(r"""\[\s*([\w:-]+)\s*[*^$|~]?=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))\s*\]""")
MIN_NEEDLE = 3  # shorter attribute texts are everywhere
_SIMPLE_NAME = regex.compile(r"[\w-]+")  # attribute names an XPath can fetch without namespaces

Key = tuple[str, str]  # ("class", "ad-box") or ("id", "sponsor")


def selector_keys(selector: str) -> set[Key] | None:
    """Keys one of which a page must contain for the selector to match; None if there are none."""
    keys: set[Key] = set()
    for part in _top_level_split(selector):
        compounds = _COMBINATOR.split(_BRACKETS.sub("", part).strip())
        # every compound must match some element, so any class or id in any of them will do;
        # the rightmost is the most specific
        tokens = next((found for compound in reversed(compounds) if (found := _TOKEN.findall(compound))), None)
        if not tokens:
            return None  # this alternative matches without any class or id
        kind, name = tokens[0]
        keys.add(("id" if kind == "#" else "class", name.replace("\\", "")))
    return keys or None


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


def attribute_needles(selector: str) -> list[tuple[str, str]] | None:
    """(attribute, text) pairs, one per alternative of the selector, such that the selector can
    only match if one of the texts occurs in some value of its attribute; None if some
    alternative has no such text."""
    if regex.search(r"\s[iI]\s*\]", selector):
        return None  # case-insensitive attribute tests
    needles = []
    for part in _top_level_split(selector):
        needle = next(((match.group(1).lower(), text) for match in _ATTRIBUTE.finditer(part)
                       if len(text := match.group(2) or match.group(3) or match.group(4) or "") >= MIN_NEEDLE),
                      None)
        if needle is None:
            return None
        needles.append(needle)
    return needles or None


# plain strings: lxml's default "smart" results each carry a proxy of their element, which
# doubled the cost of gathering them
_CLASSES = etree.XPath("//@class", smart_strings=False)
_IDS = etree.XPath("//@id", smart_strings=False)


class PageKeys:
    """The classes and ids on a page, and the text of the attributes filters look into.

    Attribute values are gathered by XPath, in C: a Python walk over every element cost twice as
    much as the rest of the selector stage."""

    def __init__(self, tree: HtmlElement, attributes: frozenset[str]):
        classes = _CLASSES(tree)
        self.keys: set[Key] = {("class", name) for value in classes for name in value.split()}
        self.keys.update(("id", value) for value in _IDS(tree))
        self.values = {name: "\n".join(classes if name == "class" else tree.xpath(f"//@{name}", smart_strings=False))
                       for name in attributes}


class SelectorIndex:
    """Selector rules by the class or id they need; ``candidates`` keeps the rules' order."""

    def __init__(self, rules: Iterable):
        self.order = {}
        self.keyed: dict[Key, list] = {}
        self.by_needle: list[tuple[tuple[str, str], object]] = []  # ((attribute, text), rule)
        self.unkeyed = []
        for position, rule in enumerate(rules):
            self.order[rule.id] = position
            keys = selector_keys(rule.selector)
            needles = attribute_needles(rule.selector) if keys is None else None
            if keys is not None:
                for key in keys:
                    self.keyed.setdefault(key, []).append(rule)
            elif needles is not None and all(_SIMPLE_NAME.fullmatch(attribute) for attribute, _text in needles):
                self.by_needle.extend((needle, rule) for needle in needles)
            else:
                self.unkeyed.append(rule)
        self.attributes = frozenset(needle[0] for needle, _rule in self.by_needle)
        # one Aho-Corasick automaton per attribute finds all its needles in a single pass
        self.automata: dict[str, ahocorasick.Automaton] = {}
        for (attribute, text), rule in self.by_needle:
            automaton = self.automata.setdefault(attribute, ahocorasick.Automaton())
            rules_here = automaton.get(text, [])
            automaton.add_word(text, rules_here + [rule])
        for automaton in self.automata.values():
            automaton.make_automaton()

    def page(self, tree: HtmlElement) -> PageKeys:
        return PageKeys(tree, self.attributes)

    def candidates(self, page: PageKeys) -> list:
        found = {rule.id: rule for key in page.keys & self.keyed.keys() for rule in self.keyed[key]}
        for attribute, automaton in self.automata.items():
            for _end, rules in automaton.iter(page.values.get(attribute, "")):
                found.update((rule.id, rule) for rule in rules)
        found.update((rule.id, rule) for rule in self.unkeyed)
        return sorted(found.values(), key=lambda rule: self.order[rule.id])
