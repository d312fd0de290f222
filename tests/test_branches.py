"""Rules searched one alternative at a time answer exactly as their whole pattern does."""
import pytest
import regex

from cleaner.branches import AnyOf, alternatives, split_searches
from cleaner.rulefile import builtin_rules_dir, load_rules
from cleaner.rules import BLOCK, LINE, SPAN, TRAILER, Rule
from cleaner.ruleset import RuleSet

from test_prefilter import example_lines


@pytest.mark.parametrize("pattern, parts", [
    (r"a|b", ["a", "b"]),
    (r"(?:a|b)\s*$", [r"a\s*$", r"b\s*$"]),                  # a shared suffix distributes
    (r"^x(?:a|b)y", ["^xay", "^xby"]),
    (r"(?:a|(?:b|c))d", ["ad", "(?:b|c)d"]),
    (r"[|]x|y", ["[|]x", "y"]),                              # "|" in a class is a literal...
    (r"[]|]x|y", ["[]|]x", "y"]),                            # ...even after a leading "]"
    (r"\|a|b", [r"\|a", "b"]),                               # ...and escaped
    (r"(?:a|b)?c", None),                                    # a repeated group does not distribute
    (r"(a|b)c", None),                                       # nor a capturing one
    (r"(?:a|b)(?:c|d)", None),
    (r"(?i)a|b", None),                                      # the flags would stay with "a"
    (r"(?:x(?:a|b))c", ["xac", "xbc"]),
    (r"(?<=x)(?:a|b)", ["(?<=x)a", "(?<=x)b"]),
    (r"(?:a|b)++", None),
    (r"abc", None),
])
def test_alternatives(pattern, parts):
    assert alternatives(pattern) == parts


def test_built_in_rules_split_into_searches_that_agree_with_their_pattern():
    rules = load_rules([builtin_rules_dir()], builtin=True)
    lines = example_lines([rule for rule in rules if rule.kind in (LINE, SPAN, TRAILER, BLOCK)])
    ruleset = RuleSet(rules)
    split = {rule_id: pattern for rule_id, pattern in ruleset.patterns.items() if isinstance(pattern, AnyOf)}
    assert len(split) > 30
    for rule_id, searches in split.items():
        whole = ruleset.by_id[rule_id].compile_pattern()
        for line in lines:
            assert bool(searches.search(line)) == bool(whole.search(line)), (rule_id, line)


def test_split_searches_take_a_patterns_positional_arguments():
    """The pipeline searches by position: pos, endpos, concurrent (``rules.HOLD_GIL``)."""
    from cleaner.rules import HOLD_GIL

    compiled = regex.compile(r"\bsign\s+up\b|\bnewsletter\b", regex.IGNORECASE)
    searches = split_searches(compiled)
    text = "Weekly newsletter: sign up"
    for args in [(0, None, HOLD_GIL), (8, None, HOLD_GIL), (0, 10, HOLD_GIL), (0, 17, None), (20, None, False)]:
        assert bool(searches.search(text, *args)) == bool(compiled.search(text, *args)), args
    assert not searches.search(text, 0, 10, HOLD_GIL)   # the end position is honoured


def test_rules_whose_match_matters_are_left_whole():
    rules = {rule.id: rule for rule in load_rules([builtin_rules_dir()], builtin=True)}
    ruleset = RuleSet(list(rules.values()))
    for rule_id, pattern in ruleset.patterns.items():
        rule = rules[rule_id]
        anchored = ruleset.screens.get(rule_id) is not None and ruleset.screens[rule_id].compiled is not None
        if rule.kind != LINE or rule.lines > 1 or pattern.groupindex or anchored:
            assert not isinstance(pattern, AnyOf), rule_id
    mine = Rule(id="mine.either", kind=LINE, description="a user rule", pattern=r"\bfoo\b|\bbar\b")
    assert split_searches(mine.compile_pattern()) is not None
    assert not isinstance(RuleSet([mine]).patterns[mine.id], AnyOf)   # its time limit is per search
