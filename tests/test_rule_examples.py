"""Every example of every built-in rule, one test each: ``pytest -k read-pipe`` runs one rule."""
import pytest

from cleaner.rulefile import builtin_rules_dir, load_rules
from cleaner.testing import example_cases, run_case

RULES = load_rules([builtin_rules_dir()])
CASES = example_cases(RULES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_rule_example(case):
    failure = run_case(case)
    assert failure is None, str(failure)


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_has_examples_of_both_sides(rule):
    assert rule.description
    assert rule.examples.remove or rule.examples.fix, f"{rule.source}: {rule.id} has no remove/fix example"
    assert rule.examples.keep, f"{rule.source}: {rule.id} has no keep example"
