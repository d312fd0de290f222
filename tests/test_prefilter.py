"""The first-character index only skips rules that cannot match."""
import pytest

from cleaner.prefilter import FirstCharIndex, Screen, first_chars
from cleaner.rulefile import builtin_rules_dir, load_rules
from cleaner.rules import LINE


@pytest.mark.parametrize("pattern, ignorecase, expected", [
    (r"^read\s*\|", True, set("rR")),
    (r"^(?:also\s+|must\s+)?read:", False, set("amr")),
    (r"^[-–—\s]*ad$", False, set("-–—a")),
    (r"^(?i:by)\s+\p{Lu}", False, set("bB")),
    (r"\bclick\s+here", True, None),          # unanchored: any line may match
    (r"^a|b", False, None),                     # one branch unanchored
    (r"^\d+ comments", False, set("0123456789")),  # and any other script's digits
    (r"^(unbalanced", False, None),             # unreadable: always tried
])
def test_first_chars(pattern, ignorecase, expected):
    result = first_chars(pattern, ignorecase)
    assert (result is None) if expected is None else (set(result) >= expected and result is not None)


def test_index_agrees_with_running_every_rule_on_every_line():
    rules = [rule for rule in load_rules([builtin_rules_dir()]) if rule.kind == LINE]
    index = FirstCharIndex(rules, {rule.id: Screen.of(rule.pattern, "ignorecase" in rule.flags) for rule in rules})
    assert index.always and index.by_char
    lines = [example for rule in rules for example in rule.examples.remove + rule.examples.keep]
    lines += ["Advertisement", "READ | x", "читайте также: y", "© 2024 Site", "12 Comments", "ß ist kein ẞ",
              "١٢ تعليقا", "१२ टिप्पणियाँ"]
    for line in lines:
        candidates = {rule.id for rule in index.candidates(line)}
        for rule in rules:
            if rule.compile_pattern().search(line):
                assert rule.id in candidates, (rule.id, line)


def test_screens_admit_every_line_their_rule_matches():
    from cleaner.rules import BLOCK, TRAILER

    rules = [rule for rule in load_rules([builtin_rules_dir()]) if rule.kind in (LINE, TRAILER, BLOCK)]
    lines = [line for rule in rules for example in rule.examples.remove + rule.examples.keep
             for line in example.splitlines()]
    lines += [before_line for rule in rules for before, _after in rule.examples.fix for before_line in before.splitlines()]
    for rule in rules:
        screen, pattern = Screen.of(rule.pattern, "ignorecase" in rule.flags), rule.compile_pattern()
        for line in lines:
            if pattern.search(line):
                assert screen.admits(line), (rule.id, line)
