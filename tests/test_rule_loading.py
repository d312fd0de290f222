"""A bad rule file gets one clear error naming the file, the line, the rule id and the problem."""
import time
from pathlib import Path

import pytest
import regex

import cleaner
from cleaner import Cleaner, RuleError, load_rules
from cleaner.heuristics import HEURISTICS
from cleaner.rulefile import builtin_rules_dir, heuristic_defaults


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_RULE = """\
pack: mine
description: My rules.
rules:
  - id: promo
    kind: line
    description: Promo lines.
    pattern: '^PROMO\\b'
    examples:
      remove: ["PROMO half price"]
      keep: ["Prices fell."]
"""


def error_of(path: Path) -> str:
    with pytest.raises(RuleError) as info:
        load_rules([path])
    return str(info.value)


def test_good_rule_loads_with_full_id_and_source(tmp_path):
    path = write(tmp_path, GOOD_RULE)
    (rule,) = load_rules([path])
    assert rule.id == "mine.promo"
    assert rule.source == f"{path}:4"


def test_invalid_regex_names_file_line_rule_and_problem(tmp_path):
    path = write(tmp_path, GOOD_RULE.replace("'^PROMO\\b'", "'^(PROMO'"))
    message = error_of(path)
    assert message.startswith(f"{path}:7: rule 'mine.promo': invalid regex '^(PROMO': missing )")


def test_unknown_kind_lists_valid_kinds(tmp_path):
    path = write(tmp_path, GOOD_RULE.replace("kind: line", "kind: lines"))
    assert error_of(path) == (f"{path}:5: rule 'mine.promo': unknown kind 'lines'; valid kinds: "
                              "line, span, header, trailer, block, selector, heuristic")


def test_missing_field(tmp_path):
    path = write(tmp_path, GOOD_RULE.replace("    description: Promo lines.\n", ""))
    assert error_of(path) == f"{path}:4: rule 'mine.promo': missing or empty 'description'"


def test_unknown_key_is_rejected(tmp_path):
    path = write(tmp_path, GOOD_RULE.replace("kind: line", "kind: line\n    max_word: 5"))
    assert f"{path}:6: rule 'mine.promo': unknown key 'max_word' for kind 'line'" in error_of(path)


def test_wrong_type_of_guard(tmp_path):
    path = write(tmp_path, GOOD_RULE.replace("kind: line", "kind: line\n    max_words: many"))
    assert error_of(path) == f"{path}:6: rule 'mine.promo': 'max_words' must be an integer, not 'many'"


def a_rule_of(tmp_path: Path, kind: str, field: str = "") -> Path:
    """The good rule file, its rule of ``kind`` with ``field`` (a ``key: value`` line) added."""
    return write(tmp_path, GOOD_RULE.replace("kind: line", f"kind: {kind}\n    {field}"))


def test_trailer_guards_are_counts_of_trailers(tmp_path):
    path = a_rule_of(tmp_path, "trailer", "max_prose_to_end: -1")
    assert error_of(path) == f"{path}:6: rule 'mine.promo': 'max_prose_to_end' must be positive, not -1"
    path = a_rule_of(tmp_path, "line", "max_prose_to_end: 6")
    assert "unknown key 'max_prose_to_end' for kind 'line'" in error_of(path)
    assert load_rules([a_rule_of(tmp_path, "trailer", "max_prose_to_end: 6")])[0].max_prose_to_end == 6
    assert load_rules([a_rule_of(tmp_path, "trailer")])[0].max_prose_to_end is None   # no limit unless set


def test_switches_of_a_kind_must_be_true_or_false(tmp_path):
    path = a_rule_of(tmp_path, "block", "cards_to_end: yes please")
    assert error_of(path) == f"{path}:6: rule 'mine.promo': 'cards_to_end' must be true or false, not 'yes please'"
    assert "unknown key 'cards_to_end' for kind 'line'" in error_of(a_rule_of(tmp_path, "line", "cards_to_end: true"))
    assert load_rules([a_rule_of(tmp_path, "block", "cards_to_end: true")])[0].cards_to_end


def test_unknown_heuristic_and_parameter(tmp_path):
    path = write(tmp_path, """\
pack: mine
description: d
rules:
  - id: h1
    kind: heuristic
    heuristic: no_such_thing
    description: d
  - id: h2
    kind: heuristic
    heuristic: caps_labels
    params: {max_word: 3}
    description: d
""")
    message = error_of(path)
    assert f"{path}:6: rule 'mine.h1': unknown heuristic 'no_such_thing'; available:" in message
    assert f"{path}:11: rule 'mine.h2': heuristic 'caps_labels' has no parameter 'max_word'; parameters: max_words" in message


def test_heuristic_parameter_type(tmp_path):
    path = write(tmp_path, """\
pack: mine
description: d
rules:
  - id: h
    kind: heuristic
    heuristic: caps_labels
    params: {max_words: "3"}
    description: d
""")
    assert error_of(path) == f"{path}:7: rule 'mine.h': parameter 'max_words' of 'caps_labels' must be int, not '3'"


@pytest.mark.parametrize("name", sorted(HEURISTICS))
def test_every_heuristic_takes_its_parameters_from_yaml(tmp_path, name):
    # (compiled by mypyc, some heuristics report their keyword-only arguments as positional-only)
    defaults = heuristic_defaults(name)
    assert defaults and "page" not in defaults
    key, value = next(iter(defaults.items()))
    path = write(tmp_path, f"""\
pack: mine
description: d
rules:
  - id: h
    kind: heuristic
    heuristic: {name}
    params: {{{key}: {list(value) if isinstance(value, tuple) else value!r}}}
    description: d
""")
    [rule] = load_rules([path])
    assert rule.params == {key: list(value) if isinstance(value, tuple) else value}


def test_bad_selector(tmp_path):
    path = write(tmp_path, """\
pack: mine
description: d
rules:
  - id: s
    kind: selector
    selector: "div[["
    description: d
""")
    assert error_of(path).startswith(f"{path}:6: rule 'mine.s': invalid CSS selector 'div[['")


def test_named_group_must_be_a_metadata_field(tmp_path):
    path = write(tmp_path, GOOD_RULE.replace("'^PROMO\\b'", "'^PROMO (?P<price>\\d+)'"))
    assert "named groups ['price'] are not metadata fields" in error_of(path)


def test_invalid_yaml_points_at_the_line(tmp_path):
    path = write(tmp_path, "pack: mine\ndescription: d\nrules:\n  - id: [unclosed\n")
    assert error_of(path).startswith(f"{path}:5: invalid YAML")


def test_pack_level_problems(tmp_path):
    path = write(tmp_path, "pack: Mine Rules\ndescription: d\nrule: []\n")
    message = error_of(path)
    assert f"{path}:3: unknown key 'rule' in pack" in message
    assert f"{path}:1: pack is missing 'rules'" in message
    assert "pack name must be lowercase" in message


def test_duplicate_ids_across_files_name_both_places(tmp_path):
    first = write(tmp_path, GOOD_RULE, "a.yaml")
    second = write(tmp_path, GOOD_RULE, "b.yaml")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert str(info.value) == f"{second}:4: rule 'mine.promo': duplicate id, first defined at {first}:4"


def test_all_problems_of_a_file_are_reported_together(tmp_path):
    path = write(tmp_path, GOOD_RULE + """\
  - id: second
    kind: nope
    description: d
  - id: third
    kind: span
    description: d
""")
    err = pytest.raises(RuleError, load_rules, [path]).value
    assert len(err.problems) == 2
    assert "unknown kind 'nope'" in err.problems[0]
    assert "rule 'mine.third': missing or empty 'pattern'" in err.problems[1]


def test_missing_path(tmp_path):
    assert error_of(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}: no such rule file or folder"


def test_cleaner_rejects_bad_user_rules_before_cleaning(tmp_path):
    path = write(tmp_path, GOOD_RULE.replace("kind: line", "kind: lines"))
    with pytest.raises(RuleError, match="unknown kind 'lines'"):
        Cleaner(rules=[path])


def test_builtin_rule_ids_are_unique_and_prefixed_by_pack(cleaner):
    ids = [rule.id for rule in cleaner.ruleset.rules]
    assert len(ids) == len(set(ids))
    assert all(rule.id.startswith(rule.pack + ".") for rule in cleaner.ruleset.rules)


def test_case_classes_under_ignorecase_must_be_scoped(tmp_path):
    path = write(tmp_path, GOOD_RULE.replace("'^PROMO\\b'", "'^By \\p{Lu}'\n    flags: [ignorecase]"))
    assert "match both cases under 'ignorecase'; write (?-i:\\p{Lu})" in error_of(path)
    fine = write(tmp_path, GOOD_RULE.replace("'^PROMO\\b'", "'^PROMO (?-i:\\p{Lu})'\n    flags: [ignorecase]"), "ok.yaml")
    assert load_rules([fine])[0].pattern == "^PROMO (?-i:\\p{Lu})"


def assert_builtin_patterns_fast(texts: list[str], seconds: float) -> None:
    """Fail naming the first built-in pattern that searches one of ``texts`` for over ``seconds``."""
    for rule in load_rules([builtin_rules_dir()], builtin=True):
        if rule.pattern is None:
            continue
        pattern = rule.compile_pattern()
        for text in texts:
            try:
                pattern.search(text, timeout=seconds)
            except TimeoutError:
                pytest.fail(f"{rule.source}: {rule.id} takes over {seconds} s on {text[:30]!r} "
                            f"({len(text)} characters)")


def test_builtin_patterns_do_not_backtrack_catastrophically():
    """Built-in rules run without a per-match time limit (matchers.py), so each pattern must stay
    fast on inputs built to provoke runaway backtracking: long runs of one character class,
    near-misses of common shapes, and mixed separators."""
    assert_builtin_patterns_fast([
        "a" * 3000 + "!", " " * 3000 + "x", "Ab " * 1000 + "?", "A. " * 1000, "1/" * 1500,
        "© " + "Name/" * 600, "By " + "Jane Doe, " * 400 + "!", "http://" + "a." * 1500,
        "READ " + "| " * 1500, "Photo: " + "x/" * 1500 + "(", "#tag " * 800, "— " * 1500 + "a",
    ], seconds=1.0)


def test_builtin_patterns_stay_linear_on_long_runs_of_whitespace():
    """Scraped text keeps layout padding inside lines: thousands of spaces between two words.
    Two whitespace repeats that can trade characters (``\\s*[(|/]?\\s*``), or ``\\s*`` leading
    a search (tried again from every space of a run), take time in the square of the run's
    length: 40,000 spaces took such patterns several seconds, one search. Written so that the
    run is scanned once (``\\s*(?:[(|/]\\s*)?``, ``(?<!\\s)\\s*``), each takes milliseconds."""
    runs = [space * 40_000 for space in (" ", "\u00a0")]
    assert_builtin_patterns_fast([shape.format(run) for run in runs
                                  for shape in ("{}", "x{}y", "X{}y", "Foto{}: dpa", "({})")], seconds=1.5)


# Layout padding inside the rules' own examples. A sweep puts PAD_RUN spaces (then no-break spaces)
# at each whitespace of each example; a search that takes over PAD_SCREEN there is timed again on a
# run PAD_GROWTH times as long. A pattern that scans the run once then takes about PAD_GROWTH times
# as long, one that tries every way to split it (time in the square of the run) PAD_GROWTH squared
# times: over twice PAD_GROWTH fails. The limit grows with the search rather than being one fixed
# time, because a bounded repeat beside a whitespace repeat (``\s*[^.!?]{0,200}$``) stays linear but
# takes up to 0.26 s at 20,000 spaces, longer than the mildest quadratic patterns took at 10,000
# (0.19 s); the 131 patterns this caught when it was written each took 7.7 ms or more at PAD_RUN.
PAD_RUN = 2_000
PAD_SCREEN = 0.004
PAD_GROWTH = 4


def padded_examples(rule) -> list[tuple[str, str]]:
    """(head, tail) pairs, the padding to go between them: each whitespace run of each ``remove``,
    ``fix`` and ``keep`` example widened, with the rest of the example after it and with only a
    letter after it (the example cut there: a near miss, on which a pattern tries every split of
    the run before it gives up); the end of each example is cut the same way."""
    pairs = []
    for text in (*rule.examples.remove, *(before for before, _ in rule.examples.fix), *rule.examples.keep):
        for gap in regex.finditer(r"\s+", text):
            pairs += [(text[:gap.start()], text[gap.end():]), (text[:gap.start()], "x")]
        pairs.append((text, "x"))
    return pairs


def grows_faster_than_the_run(pattern: regex.Pattern, head: str, space: str, tail: str) -> bool:
    """Whether searching ``head`` + padding + ``tail`` takes time out of proportion to the padding
    (or over a second at PAD_RUN)."""
    short = head + space * PAD_RUN + tail
    long = head + space * (PAD_RUN * PAD_GROWTH) + tail
    for _attempt in range(2):   # a search over its limit is timed again before it counts: the machine may be busy
        began = time.perf_counter()
        try:
            pattern.search(short, timeout=1.0)
        except TimeoutError:
            return True
        took = time.perf_counter() - began
        if took < PAD_SCREEN:
            return False
        try:
            pattern.search(long, timeout=2 * PAD_GROWTH * took)
            return False
        except TimeoutError:
            continue
    return True


# The rule files are the same data in the compiled install, and the regex engine is the same: CI
# runs the suite on both builds, and these two minutes of timing (1,759 rules) need to run once;
# a pack at a time, so that the workers share them.
@pytest.mark.skipif(cleaner.COMPILED, reason="patterns are data: timed once, in the pure-Python run")
@pytest.mark.parametrize("pack", sorted(path.name for path in builtin_rules_dir().glob("*.yaml")))
def test_builtin_patterns_stay_linear_on_padding_inside_their_own_examples(pack):
    r"""The generic inputs above fail an anchored pattern at its first character; padding put into
    a rule's own examples reaches each of its whitespace repeats. ``\s*\?\s*(?:let|...)?\W*$``
    took 1.4 s on "Found an error?" + 20,000 spaces + "Officials said no, ..." (5 ms since it
    became ``\s*\?(?:\s*(?:let|...))?\W*$``)."""
    slow = []
    for rule in load_rules([builtin_rules_dir() / pack], builtin=True):
        if rule.pattern is None:
            continue
        pattern = rule.compile_pattern()
        for head, tail in padded_examples(rule):
            space = next((space for space in (" ", "\u00a0")
                          if grows_faster_than_the_run(pattern, head, space, tail)), None)
            if space:
                slow.append(f"{rule.source}: {rule.id} on {head[-40:]!r} + {space!r} * n + {tail[:40]!r}")
                break
    assert not slow, f"{len(slow)} patterns take time in the square of a run of padding:\n" + "\n".join(slow)


def test_a_pattern_saved_decomposed_matches_composed_text(tmp_path):
    # "é" written as "e" + U+0301 in the file: text is matched in NFC, so the pattern is brought to it
    path = write(tmp_path, GOOD_RULE.replace("'^PROMO\\b'", "'^PROMO\\s+caf\u0065\u0301\\b'")
                 .replace("PROMO half price", "PROMO caf\u00e9 prices"))
    (rule,) = load_rules([path])
    assert rule.pattern == "^PROMO\\s+caf\u00e9\\b"
    cleaner = Cleaner(rules=[path])
    assert cleaner.clean("PROMO caf\u0065\u0301 prices today\nThe caf\u00e9 reopened after the floods, its owner said.",
                         kind="text").text == "The caf\u00e9 reopened after the floods, its owner said."


FRAGMENT_PACK = """\
pack: mine
description: My rules.
fragments:
  month: 'jan|feb|mar'
  day_month: '[0-9]{1,2}\\.?\\s+(?&month)'
rules:
  - id: stamp
    kind: line
    description: Stamp lines.
    pattern: '^(?:updated|posted)\\s+(?&day_month)\\W*$'
    flags: [ignorecase]
    examples:
      remove: ["Updated 12 Mar", "posted 3. jan"]
      keep: ["Updated 12 March figures show a rise."]
"""


def test_fragments_are_expanded_into_whole_patterns(tmp_path):
    (rule,) = load_rules([write(tmp_path, FRAGMENT_PACK)])
    assert rule.pattern == r"^(?:updated|posted)\s+(?:[0-9]{1,2}\.?\s+(?:jan|feb|mar))\W*$"
    cleaner = Cleaner(rules=[tmp_path / "pack.yaml"], builtin=False)
    assert cleaner.clean("Updated 12 Mar\nThe jan count rose.", kind="text").text == "The jan count rose."
    # after an escaped backslash a use still counts; in a literal "\(?&x\)" there is none
    other = write(tmp_path, FRAGMENT_PACK.replace("\\W*$'", "\\\\(?&month)\\(?&month\\)'"), "other.yaml")
    (rule,) = load_rules([other])
    assert rule.pattern.endswith(r"(?:jan|feb|mar))\\(?:jan|feb|mar)\(?&month\)")


@pytest.mark.parametrize("change, message", [
    (("(?&day_month)\\W", "(?&day)\\W"), "rule 'mine.stamp': unknown fragment day; this pack defines: month, day_month"),
    (("  month: 'jan|feb|mar'\n", ""), "fragment 'day_month': uses month, not defined above it"),
    (("  month: 'jan|feb|mar'", "  date: 'jan|feb|mar'"), "fragment 'date': a fragment name is lowercase letters"),
    (("  month: 'jan|feb|mar'", "  month: 'jan|(feb'"), "fragment 'month': invalid regex 'jan|(feb'"),
    (("  month: 'jan|feb|mar'", "  month: ''"), "fragment 'month': must be a non-empty regex pattern"),
    (("  month: 'jan|feb|mar'\n  day_month: '[0-9]{1,2}\\.?\\s+(?&month)'", "  - a"), "'fragments' must be a mapping"),
])
def test_fragment_faults_name_the_file_line_and_fragment(tmp_path, change, message):
    assert change[0] in FRAGMENT_PACK
    path = write(tmp_path, FRAGMENT_PACK.replace(*change))
    error = error_of(path)
    assert message in error
    assert error.startswith(f"{path}:")
