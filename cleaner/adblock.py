"""Element-hiding filters in the cosmetic syntax of EasyList and similar ad-blocking lists.

    ##.ad-banner                 hide everywhere
    example.com,news.org##.promo  only on these domains (and their subdomains)
    ~example.com##.promo          everywhere but there
    #@#.ad-banner                 exception: never hide this selector
    example.com#@#.promo          exception on one domain

Each hiding filter becomes a ``selector`` rule with the id ``<list>.line-<n>`` (the list file's
stem and the filter's line), so every removal points back at the line of the list that made it.
Network filters (``||ads.example.com^``) and extended syntaxes (``#?#``, ``#$#``, ``##+js(...)``,
``:-abp-...``) are not element hiding in our sense and are skipped; ``load_filter_list`` says how
many.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import regex
from cssselect import GenericTranslator, SelectorError

from .errors import RuleError
from .rules import SELECTOR, Rule

_COSMETIC = regex.compile(r"^(?P<domains>[^#]*)#(?P<exception>@?)#(?P<selector>[^+^$?%].*)$")
_EXTENDED = regex.compile(r"#[?$%]#|##\+js|##\^|#@[?$%]#")
_TRANSLATOR = GenericTranslator()


@dataclass(frozen=True)
class FilterList:
    rules: tuple[Rule, ...]
    skipped: int          # network, extended-syntax and unsupported-selector lines


def is_filter_list(path: Path) -> bool:
    """A ``.txt`` rule file is a filter list."""
    return path.suffix.lower() == ".txt"


def load_filter_list(path: Path) -> FilterList:
    try:
        lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError as err:
        raise RuleError([f"{path}: cannot read filter list: {err.strerror or err}"]) from None
    pack = regex.sub(r"[^a-z0-9_-]+", "-", path.stem.lower()).strip("-") or "filters"
    hiding: list[Rule] = []
    exceptions: dict[str, list[tuple[str, ...]]] = {}
    skipped = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith(("!", "[")):
            continue
        match = _COSMETIC.match(line)
        if not match or _EXTENDED.search(line) or not _translatable(match["selector"]):
            skipped += 1
            continue
        include, exclude = _domains(match["domains"])
        if match["exception"]:
            exceptions.setdefault(match["selector"], []).append(include)
            continue
        hiding.append(Rule(id=f"{pack}.line-{number}", kind=SELECTOR, selector=match["selector"],
                           description=f"element hiding filter {line!r}", source=f"{path}:{number}",
                           sites=include, except_sites=exclude, modes=("html",)))
    return FilterList(tuple(_apply_exceptions(hiding, exceptions)), skipped)


def _domains(field: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    names = [name.strip().lower() for name in field.split(",") if name.strip()]
    include = tuple(name for name in names if not name.startswith("~"))
    exclude = tuple(name[1:] for name in names if name.startswith("~"))
    return include, exclude


def _translatable(selector: str) -> bool:
    try:
        _TRANSLATOR.css_to_xpath(selector)
    except (SelectorError, ValueError):
        return False
    return True


def _apply_exceptions(rules: list[Rule], exceptions: dict[str, list[tuple[str, ...]]]):
    """A global exception removes the selector; a domain exception excludes those domains."""
    for rule in rules:
        scopes = exceptions.get(rule.selector or "")   # (every rule here has a selector)
        if not scopes:
            yield rule
        elif not all(scopes):
            continue  # "#@#selector": never hide it
        else:
            yield replace(rule, except_sites=rule.except_sites + tuple(d for scope in scopes for d in scope))
