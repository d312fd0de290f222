"""Load rule packs from YAML and validate every field, reporting faults as ``file:line: rule 'id': ...``.

A pack file looks like::

    pack: teasers
    description: Read-also and related-story teaser lines.
    fragments:                      # optional: named pieces of patterns, used as (?&name)
      pipe: '\\s*\\|'
    rules:
      - id: read-pipe
        kind: line
        description: '"READ | headline" teaser lines inside the body.'
        pattern: '^READ(?&pipe)'
        examples:
          remove: ["READ | US sends missiles to Ukraine"]
          keep: ["They read the report."]

The rule's full id is ``<pack>.<id>``, e.g. ``teasers.read-pipe``. A pattern's ``(?&name)``
becomes ``(?:<the fragment>)`` when the pack is loaded: a rule holds and runs its whole pattern,
which the prefilter reads as any other and ``cleaner rules show`` prints.
"""
from __future__ import annotations

import inspect
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex
import yaml
from cssselect import GenericTranslator, SelectorError

from .adblock import is_filter_list, load_filter_list
from .compile_cache import remembered
from .decode import composed
from .errors import RuleError
from .heuristics import HEURISTICS
from .rules import (COMMON_FIELDS, HEURISTIC, KIND_FIELDS, KINDS, METADATA_GROUPS, MODES,
                    PATTERN_KINDS, REGEX_FLAGS, REQUIRED_FIELD, SELECTOR, Examples, Rule)

PACK_FIELDS = frozenset({"pack", "description", "fragments", "rules"})
EXAMPLE_FIELDS = frozenset({"remove", "keep", "fix", "site"})
NAME = regex.compile(r"[a-z0-9][a-z0-9_-]*")
FRAGMENT_NAME = regex.compile(r"[a-z][a-z0-9_]*")
# a fragment's use: "(?&name)" not escaped (regex's own syntax for "the pattern of group name here")
FRAGMENT_USE = regex.compile(r"(?<!\\)((?:\\\\)*)\(\?&(\w+)\)")
_CASE_CLASS = regex.compile(r"\\[pP]\{L[ul]\}")
RULE_SUFFIXES = (".yaml", ".yml", ".txt")  # .txt: an ad-blocking filter list (adblock.py)


if TYPE_CHECKING:   # the checker knows the pure Python loader; both have the same interface
    from yaml import SafeLoader as _SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml's parser, 4x faster, when present


class _LineLoader(_SafeLoader):
    """A SafeLoader whose mappings remember the line of each key, for error messages."""


class _Mapping(dict):
    line: int = 0
    key_lines: dict


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {key_node.value: key_node.start_mark.line + 1 for key_node, _ in node.value
                         if isinstance(key_node, yaml.ScalarNode)}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def builtin_rules_dir() -> Path:
    """The built-in packs: ``cleaner/builtin_rules`` in an installed wheel (pyproject maps the
    top-level ``rules/`` folder there), ``rules/`` itself in a source checkout used uninstalled."""
    packaged = Path(__file__).with_name("builtin_rules")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "rules"


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders (searched recursively, sorted) into rule pack files."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise RuleError([f"{path}: no such rule file or folder"])
    return found


def load_rules(paths: Iterable[str | Path], *, builtin: bool = False) -> list[Rule]:
    """Load and validate every rule in these files and folders; raise one RuleError listing all faults."""
    rules: list[Rule] = []
    problems: list[str] = []
    for path in rule_files(paths):
        try:
            if is_filter_list(path):
                rules.extend(load_filter_list(path).rules)
            else:
                rules.extend(load_pack(path, builtin=builtin))
        except RuleError as err:
            problems.extend(err.problems)
    problems.extend(duplicate_ids(rules))
    if problems:
        raise RuleError(problems)
    return rules


def load_pack(path: Path, *, builtin: bool = False) -> list[Rule]:
    """Parse one YAML pack file into validated rules."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RuleError([f"{path}: cannot read rule file: {err}"]) from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise RuleError([f"{where}: invalid YAML: {getattr(err, 'problem', None) or err}"]) from None
    if not isinstance(data, _Mapping):
        raise RuleError([f"{path}:1: a rule pack must be a mapping with 'pack', 'description' and 'rules'"])
    problems = _check_keys(path, data, PACK_FIELDS, required=("pack", "description", "rules"), who="pack")
    pack = data.get("pack")
    if not isinstance(pack, str) or not NAME.fullmatch(pack):
        problems.append(f"{path}:{data.key_lines.get('pack', data.line)}: pack name must be lowercase "
                        f"letters, digits, '-' or '_', not {pack!r}")
        pack = ""   # reported: no rule of this pack is built
    entries = data.get("rules")
    if not isinstance(entries, list):
        problems.append(f"{path}:{data.key_lines.get('rules', data.line)}: 'rules' must be a list of rules")
        entries = []
    fragments = _fragments(path, data, problems)
    if problems:
        raise RuleError(problems)
    rules = []
    for entry in entries:
        try:
            rules.append(_build_rule(path, pack, entry, builtin, fragments))
        except RuleError as err:
            problems.extend(err.problems)
    if problems:
        raise RuleError(problems)
    return rules


def _fragments(path: Path, data: _Mapping, problems: list[str]) -> dict[str, str]:
    """The pack's fragments, each expanded (one may use those defined above it); faults go to
    ``problems``."""
    if "fragments" not in data:
        return {}
    raw = data["fragments"]
    if not isinstance(raw, _Mapping):
        problems.append(f"{path}:{data.key_lines.get('fragments', data.line)}: 'fragments' must be a mapping "
                        "of names to regex patterns")
        return {}
    fragments: dict[str, str] = {}
    for name, value in raw.items():
        where = f"{path}:{raw.key_lines.get(name, raw.line)}: fragment {name!r}"
        if not isinstance(name, str) or not FRAGMENT_NAME.fullmatch(name) or name in METADATA_GROUPS:
            problems.append(f"{where}: a fragment name is lowercase letters, digits and '_', and not a "
                            f"metadata field ({', '.join(sorted(METADATA_GROUPS))})")
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: must be a non-empty regex pattern")
            continue
        expanded, unknown = expand_fragments(composed(value), fragments)
        if unknown:
            problems.append(f"{where}: uses {', '.join(unknown)}, not defined above it")
            continue
        error = remembered(("fragment error", expanded), lambda: _regex_error(expanded))
        if error:
            problems.append(f"{where}: invalid regex {value!r}: {error}")
            continue
        fragments[name] = expanded
    return fragments


def _regex_error(pattern: str) -> str | None:
    """Why ``pattern`` is no regex, or None (remembered by the compile cache: only the answer)."""
    try:
        regex.compile(pattern, cache_pattern=False)
    except regex.error as err:
        return str(err)
    return None


def expand_fragments(pattern: str, fragments: dict[str, str]) -> tuple[str, list[str]]:
    """``pattern`` with each ``(?&name)`` replaced by ``(?:<fragment>)``, and the names used
    that ``fragments`` lacks."""
    unknown: list[str] = []

    def use(match: regex.Match) -> str:
        escapes, name = match.groups()
        if name in fragments:
            return f"{escapes}(?:{fragments[name]})"
        unknown.append(name)
        return match.group()

    return FRAGMENT_USE.sub(use, pattern), unknown


def _build_rule(path: Path, pack: str, entry: Any, builtin: bool, fragments: dict[str, str]) -> Rule:
    if not isinstance(entry, _Mapping):
        raise RuleError([f"{path}: every item under 'rules' must be a mapping, got {entry!r}"])
    name = entry.get("id")
    rule_id = f"{pack}.{name}"
    problems: list[str] = []

    def fault(key: str, message: str) -> None:
        problems.append(f"{path}:{entry.key_lines.get(key, entry.line)}: rule {rule_id!r}: {message}")

    if not isinstance(name, str) or not NAME.fullmatch(name):
        fault("id", f"id must be lowercase letters, digits, '-' or '_', not {name!r}")
    kind = entry.get("kind")
    if kind not in KINDS:
        fault("kind", f"unknown kind {kind!r}; valid kinds: {', '.join(KINDS)}")
        raise RuleError(problems)
    allowed = COMMON_FIELDS | KIND_FIELDS[kind]
    for key in sorted(set(entry) - allowed):
        fault(key, f"unknown key {key!r} for kind {kind!r}; allowed: {', '.join(sorted(allowed))}")
    for key in ("description", REQUIRED_FIELD[kind]):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            fault(key, f"missing or empty {key!r}")
    if problems:
        raise RuleError(problems)

    fields: dict[str, Any] = {"id": rule_id, "kind": kind, "description": entry["description"].strip(),
                              "source": f"{path}:{entry.line}", "builtin": builtin}
    fields.update(_scope_fields(entry, fault))
    fields["examples"] = _examples(entry.get("examples"), fault)
    if kind in PATTERN_KINDS:
        fields.update(_pattern_fields(entry, kind, fault, fragments))
    elif kind == SELECTOR:
        fields["selector"] = entry["selector"]
        _check_selector(entry["selector"], fault)
    elif kind == HEURISTIC:
        fields.update(_heuristic_fields(entry, fault))
    if problems:
        raise RuleError(problems)
    return Rule(**fields)


def _scope_fields(entry: _Mapping, fault) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("languages", "sites", "modes"):
        if key not in entry:
            continue
        value = entry[key]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            fault(key, f"{key!r} must be a list of strings")
            continue
        out[key] = tuple(v.lower() for v in value)
    for mode in out.get("modes", ()):
        if mode not in MODES:
            fault("modes", f"unknown mode {mode!r}; valid: {', '.join(MODES)}")
    if "max_share" in entry:
        share = entry["max_share"]
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share <= 1:
            fault("max_share", f"'max_share' must be a number above 0 and at most 1, not {share!r}")
        else:
            out["max_share"] = float(share)
    if "enabled" in entry:
        if not isinstance(entry["enabled"], bool):
            fault("enabled", "'enabled' must be true or false")
        else:
            out["enabled"] = entry["enabled"]
    return out


def _pattern_fields(entry: _Mapping, kind: str, fault, fragments: dict[str, str]) -> dict[str, Any]:
    # text is matched in composed form (NFC), so a pattern is brought to it too: an editor may save
    # "é" or Bengali "য়" decomposed, and such a pattern would otherwise never match
    pattern, unknown = expand_fragments(composed(entry["pattern"]), fragments)
    if unknown:
        fault("pattern", f"unknown fragment {', '.join(unknown)}; "
                         f"this pack defines: {', '.join(fragments) or 'none'}")
        return {}
    out: dict[str, Any] = {"pattern": pattern}
    flags = entry.get("flags", [])
    if not isinstance(flags, list) or any(f not in REGEX_FLAGS for f in flags):
        fault("flags", f"flags must be a list of {', '.join(REGEX_FLAGS)}, not {flags!r}")
        flags = []
    out["flags"] = tuple(flags)
    for key, typ, positive in (("max_words", int, True), ("within", int, True), ("tail", float, True),
                               ("max_lines", int, True), ("max_prose", int, False), ("lines", int, True),
                               ("min_prose_before", int, False), ("max_prose_after", int, False),
                               ("max_prose_to_end", int, False)):
        if key in entry:
            value = entry[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (typ is int and not isinstance(value, int)):
                fault(key, f"{key!r} must be {'an integer' if typ is int else 'a number'}, not {value!r}")
            elif value < 0 or (positive and value == 0):
                fault(key, f"{key!r} must be positive, not {value!r}")
            else:
                out[key] = typ(value)
    if out.get("lines", 1) > 3:
        fault("lines", f"'lines' may be 1, 2 or 3, not {out['lines']!r}")
    if "cards_to_end" in entry:
        if not isinstance(entry["cards_to_end"], bool):
            fault("cards_to_end", f"'cards_to_end' must be true or false, not {entry['cards_to_end']!r}")
        else:
            out["cards_to_end"] = entry["cards_to_end"]
    if "tail" in out and out["tail"] > 1:
        fault("tail", f"'tail' is a share of the document and must be at most 1, not {out['tail']!r}")
    try:
        compiled = Rule(id="probe", kind=kind, description="", pattern=out["pattern"], flags=out["flags"]).compile_pattern()
    except regex.error as err:
        fault("pattern", f"invalid regex {out['pattern']!r}: {err}")
        return out
    if "ignorecase" in out["flags"] and remembered(("unscoped case class", out["pattern"]),
                                                   lambda: _unscoped_case_class(out["pattern"])):
        fault("pattern", "\\p{Lu}/\\p{Ll} match both cases under 'ignorecase'; "
                         "write (?-i:\\p{Lu}) to test capitalisation")
    unknown_groups = sorted(set(compiled.groupindex) - METADATA_GROUPS)
    if unknown_groups:
        fault("pattern", f"named groups {unknown_groups} are not metadata fields; use (?:...) for grouping "
                         f"or one of: {', '.join(sorted(METADATA_GROUPS))}")
    return out


def _unscoped_case_class(pattern: str) -> bool:
    """Whether \\p{Lu} or \\p{Ll} occurs outside every ``(?-i:...)`` group of the pattern (read a
    character at a time: a fifth of building the built-in rules, so the answer is remembered)."""
    scopes: list[bool] = []  # for each open group: is it case-sensitive (inside a (?-i: group)?
    position, in_class = 0, False
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            if _CASE_CLASS.match(pattern, position) and not any(scopes):
                return True
            position += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            scopes.append(pattern.startswith("(?-i:", position))
        elif char == ")" and scopes:
            scopes.pop()
        position += 1
    return False


def _check_selector(selector: str, fault) -> None:
    try:
        GenericTranslator().css_to_xpath(selector)
    except SelectorError as err:
        fault("selector", f"invalid CSS selector {selector!r}: {err}")


def _heuristic_fields(entry: _Mapping, fault) -> dict[str, Any]:
    name = entry["heuristic"]
    if name not in HEURISTICS:
        fault("heuristic", f"unknown heuristic {name!r}; available: {', '.join(sorted(HEURISTICS))}")
        return {}
    params = entry.get("params", {}) or {}
    if not isinstance(params, dict):
        fault("params", "'params' must be a mapping of parameter names to values")
        return {}
    defaults = heuristic_defaults(name)
    for key, value in params.items():
        if key not in defaults:
            fault("params", f"heuristic {name!r} has no parameter {key!r}; parameters: {', '.join(defaults) or 'none'}")
        elif not _same_type(defaults[key], value):
            fault("params", f"parameter {key!r} of {name!r} must be {type(defaults[key]).__name__}, not {value!r}")
    return {"heuristic": name, "params": dict(params)}


def heuristic_defaults(name: str) -> dict[str, Any]:
    """The tunable parameters of a heuristic and their defaults: every argument after the page
    (keyword-only in the source; compiled by mypyc, some heuristics report them positional-only)."""
    parameters = list(inspect.signature(HEURISTICS[name]).parameters.values())
    return {p.name: p.default for p in parameters[1:]}


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    if isinstance(default, (tuple, list)):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, type(default))


def _examples(data: Any, fault) -> Examples:
    if data is None:
        return Examples()
    if not isinstance(data, _Mapping):
        fault("examples", "'examples' must be a mapping with 'remove', 'keep' and/or 'fix'")
        return Examples()
    for key in sorted(set(data) - EXAMPLE_FIELDS):
        fault("examples", f"unknown key {key!r} in examples; allowed: remove, keep, fix, site")
    lists = {}
    for key in ("remove", "keep", "site"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fault("examples", f"examples.{key} must be a list of strings")
            value = []
        lists[key] = tuple(value)
    fixes = []
    for item in data.get("fix", []) or []:
        if not isinstance(item, dict) or set(item) != {"before", "after"} or not all(isinstance(v, str) for v in item.values()):
            fault("examples", "each examples.fix item must have exactly 'before' and 'after' strings")
            continue
        fixes.append((item["before"], item["after"]))
    return Examples(remove=lists["remove"], keep=lists["keep"], fix=tuple(fixes), site=lists["site"])


def _check_keys(path: Path, data: _Mapping, allowed: frozenset[str], *, required: tuple[str, ...], who: str) -> list[str]:
    problems = [f"{path}:{data.key_lines.get(key, data.line)}: unknown key {key!r} in {who}; allowed: {', '.join(sorted(allowed))}"
                for key in sorted(set(data) - allowed)]
    problems += [f"{path}:{data.line}: {who} is missing {key!r}" for key in required if key not in data]
    return problems


def duplicate_ids(rules: list[Rule]) -> list[str]:
    seen: dict[str, Rule] = {}
    problems = []
    for rule in rules:
        if rule.id in seen:
            problems.append(f"{rule.source}: rule {rule.id!r}: duplicate id, first defined at {seen[rule.id].source}")
        else:
            seen[rule.id] = rule
    return problems
