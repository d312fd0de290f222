"""Screens and the line index only skip rules that cannot match."""
import pytest
import regex

import cleaner

from cleaner.branches import _class_end
from cleaner.prefilter import (FEW_BITS, FEW_WORDS, LONG_FEW_WORDS, LONG_LINE, LONG_WORDS, UNBOUNDED, LineIndex, Screen,
                               WordFinder, _positions, first_line_words, holds_one, is_anchored, max_length,
                               required_words)
from cleaner.rulefile import builtin_rules_dir, load_rules
from cleaner.rules import BLOCK, HEADER, LINE, SPAN, TRAILER, Rule
from cleaner.ruleset import SCREENED_KINDS, RuleSet
from cleaner.textdoc import fold_plain

# The checks below search every built-in rule on every example line they read, a cost that grows
# with the square of the rules (with every line of 1,759 rules' examples, ten CPU minutes): they
# read an even sample of the lines, at most EXAMPLE_LINES of them (fewer in the compiled build's
# run: CI runs the suite on both builds, and the rules are the same files in both). Every rule's
# own examples are read in full, by test_index_offers_each_rule_the_lines_of_its_own_examples.
EXAMPLE_LINES = 800 if cleaner.COMPILED else 1500
TRICKY_LINES = ["Advertisement", "READ | x", "читайте также: y", "© 2024 Site", "12 Comments", "ß ist kein ẞ",
                "١٢ تعليقا", "१२ टिप्पणियाँ", "(Photo: AP)", "Name/Outlet", "", "—", "a" * 400]


def screen(pattern: str, flags: int = 0) -> Screen:
    return Screen.of(pattern, regex.compile(pattern, flags))


@pytest.mark.parametrize("pattern, anchored", [
    (r"^read\s*\|", True),
    (r"^(?:also\s+|must\s+)?read:", True),
    (r"(?=\w)^by", True),                      # a lookahead before the anchor
    (r"^a|^b", True),
    (r"^a|b", False),                          # one branch unanchored
    (r"\bclick\s+here", False),
    (r"^(unbalanced", False),                  # unreadable: always tried
])
def test_is_anchored(pattern, anchored):
    assert is_anchored(pattern) is anchored


@pytest.mark.parametrize("pattern, line, could_start", [
    (r"^read\s*\|", "Rhubarb", False),
    (r"(?i)^read\s*\|", "Rhubarb", True),
    (r"^\P{Ll}\w+", "lower", False),            # a negated Unicode class, judged by the regex engine
    (r"^\P{Ll}\w+", "Upper", True),
    (r"^[^\p{L}\p{N}]*$", "Letters", False),
    (r"^[^\p{L}\p{N}]*$", "***", True),
    (r"^\d+ comments", "١٢ تعليقا", True),      # any script's digits
    (r"\bclick\s+here", "anything", True),      # unanchored: every first character
    (r"^a\B", "ab", True),                      # partial matching misjudges \B at the end of "a"
])
def test_first_character(pattern, line, could_start):
    assert screen(pattern).starts(line[:1]) is could_start


@pytest.mark.parametrize("pattern, flags, expected", [
    (r"^[^|]{10,160}\|\s\w{1,20}$", 0, 182),
    (r"^(?:©|\(c\)) ?.{0,120}$|^copyright.{0,40}$", 0, 124),
    (r"^by\s+\w+$", 0, UNBOUNDED),              # an open-ended repeat
    (r"^by\b.{0,20}", 0, UNBOUNDED),            # may match a prefix of a longer line
    (r"^by.{0,20}$", regex.MULTILINE, UNBOUNDED),  # "$" before any newline
])
def test_max_length(pattern, flags, expected):
    assert max_length(pattern, flags) == expected


@pytest.mark.parametrize("pattern, expected", [
    (r"\bclick(?:ing)?\s+here", {"click"}),
    (r"(?:read|see)\s+more", {"more"}),
    (r"[\[(]\w+:", {"[", "("}),                        # uncommon symbols count, however short
    (r"[\[(](?:photo|image):", {"[photo", "(photo", "[image", "(image"}),  # read on into words: rarer
    (r"\w+/\w+", {"/"}),
    (r"\w+, \w+", {","}),                               # sentence punctuation, if nothing else...
    (r"[\[(]\w+, \w+", {"[", "("}),                     # ...is required
    (r"\w+ (?:,|/) (?:photo|image)", {", photo", ", image", "/ photo", "/ image"}),  # and read on
    (r"\w+ [,/|] \w+", {" , ", " / ", " | "}),         # a class of literals spelled out, spaces and all
    (r"\w+\s+\w+", None),                               # nothing is required
    (r"\bab\s+cd\b", None),                             # nor short words...
    (r"^(?:广告|記者)\s*[:：]", {"广告", "記者"}),         # ...but for two Han, kana or Hangul
    (r"^(?:广|記)\s*\w", None),
    (r"^(?=.*\bposted\s+by)(?=.*\btags?:).{0,240}$", {"posted"}),  # lookaheads must hold too...
    (r"(?<=\bphoto:)\s*\w+", {"photo:"}),                 # ...and lookbehinds
    (r"^(?!.*\bsubscribe)\w+$", None),                    # a negative one requires nothing
    (r"\b(?:new|big)\s+(?:newsletter|bulletin)", {"newsletter", "bulletin"}),  # the longer words: rarer
    (r"\b(?:CC-BY|CC BY|CC-0)", {"cc-by", "cc by", "cc-0"}),  # the parser's "CC(?:-BY| BY|-0)" read whole
    (r"\bCC[- ]BY", {"cc-by", "cc by"}),                 # a class of literals spelled out, likewise
    (r"\s[-–]\s(?:The\s\w+|News)", {"-", "–"}),        # "the" is no rarer than a dash
    (r"\w+ (?:|-)\w", None),                             # a space run into nothing is no word
    (r"\b(?:photo|photograph|foto|fotografía)s?:", {"photo", "foto"}),  # one holding another adds nothing
])
def test_required_words(pattern, expected):
    result = required_words(pattern)
    assert (result is None) if expected is None else set(result) == expected


def test_required_words_are_in_every_line_a_random_pattern_matches():
    """Patterns built at random from literals (words, punctuation, Han and Hangul), spaces,
    classes, optional parts and alternatives: every line one matches holds a word it requires."""
    import random

    from cleaner.textdoc import fold

    rng = random.Random(7)
    literals = ["photo", "photos", "Foto", "by", "广告", "記者", "기자", ",", ".", "/", "|", "(", ")", "-", ":", "…", "a",
                "Ab", "Abc", "CC-BY", "CC BY"]

    def piece() -> str:
        kind = rng.randrange(7)
        if kind == 0:
            return regex.escape(rng.choice(literals))
        if kind == 1:
            return rng.choice([r"\s*", r"\s+", r"\w+", r"\W", r"[,/|]", r"[.…]", r"[\[(]", r"\d"])
        if kind == 2:
            return f"(?:{regex.escape(rng.choice(literals))})?"
        if kind == 3:
            return f"(?:{regex.escape(rng.choice(literals))}|{regex.escape(rng.choice(literals))})"
        return regex.escape(rng.choice(literals)) + rng.choice(["", " "])

    checked = further = 0
    for _ in range(2000):
        pattern = "".join(piece() for _ in range(rng.randint(1, 4)))
        compiled = regex.compile(pattern, rng.choice([0, regex.IGNORECASE]))
        words, screen = required_words(pattern), Screen.of(pattern, compiled)
        for _ in range(80):
            line = "".join(rng.choice(literals + [" ", "x", "7", "Photo"]) for _ in range(rng.randint(1, 8)))
            if compiled.search(line):
                assert words is None or any(word in fold(line) for word in words), (pattern, line, words)
                assert screen.admits(line), (pattern, line, screen.describe())   # its other requirements too
                checked += words is not None
                further += bool(screen.also)
    assert checked > 5000 and further > 50


def test_a_screen_tests_a_patterns_other_requirements_on_the_lines_that_hold_its_rarest():
    pattern = r"\bmay\s+earn\s+a\s+commission"
    rule = Rule(id="t.disclosure", kind=LINE, description="an affiliate disclosure", pattern=pattern)
    screen = Screen.of(pattern, rule.compile_pattern())
    assert screen.words == {"commission"} and set(screen.also) == {frozenset({"earn"}), frozenset({"may"})}
    assert screen.admits("We may earn a commission") and not screen.admits("The commission may meet")
    assert "'earn'" in screen.describe()
    index = LineIndex([rule], {rule.id: screen})
    assert index.candidates("We may EARN a commission", 5) == [rule]
    assert index.candidates("The commission may meet on Monday", 6) == []


def test_a_choice_requires_the_next_rarest_words_of_its_alternatives_too():
    screen = Screen.of(r"\b(?:alpha\s+bravo|charlie\s+delta)\b", regex.compile(r"\b(?:alpha\s+bravo|charlie\s+delta)\b"))
    assert screen.words == {"alpha", "charlie"} and frozenset({"bravo", "delta"}) in screen.also
    assert screen.admits("alpha delta")   # (the regex does not match: a screen only rules out)
    assert not screen.admits("alpha and more")


def builtin(*kinds):
    return [rule for rule in load_rules([builtin_rules_dir()]) if rule.kind in kinds]


def example_lines(rules) -> list[str]:
    lines = [line for rule in rules for example in rule.examples.remove + rule.examples.keep
             for line in example.splitlines()]
    lines += [line for rule in rules for before, _after in rule.examples.fix for line in before.splitlines()]
    return lines[::-(-len(lines) // EXAMPLE_LINES)] + TRICKY_LINES


def test_screens_admit_every_line_their_rule_matches():
    rules = builtin(LINE, SPAN, TRAILER, BLOCK)
    lines = example_lines(rules)
    for rule in rules:
        pattern = rule.compile_pattern()
        rule_screen = Screen.of(rule.pattern, pattern)
        for line in lines:
            if pattern.search(line):
                assert rule_screen.admits(line), (rule.id, line)


def test_screens_admit_lines_in_turkish_capitals():
    """Casefolding "İ" gives "i" and a combining dot, which the regex engine does not see under
    ignorecase: "ILGILI HABER" written "İLGİLİ HABER" must still reach a rule that needs "ilgili"."""
    rules = builtin(LINE, SPAN, TRAILER, BLOCK)
    compiled = {rule.id: rule.compile_pattern() for rule in rules}
    checked = 0
    for rule in rules:
        rule_screen = Screen.of(rule.pattern, compiled[rule.id])
        for example in rule.examples.remove:
            for line in example.replace("i", "İ").upper().splitlines():
                if compiled[rule.id].search(line):
                    assert rule_screen.admits(line), (rule.id, line)
                    checked += 1
    assert checked > 100
    own = Screen.of(r"^ilgili haber\W*$", regex.compile(r"^ilgili haber\W*$", regex.I))
    assert own.words == {"ilgili haber"} and own.admits("İLGİLİ HABER")


TYPOGRAPHIC_VARIANTS = [
    {"'": "’", '"': "“", " - ": " – ", "...": "…"},          # ASCII punctuation made typographic
    {"'": "‘", '"': "”", " - ": " — ", " ": "\xa0"},
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\xa0": " "},   # and back
]


def test_screens_admit_lines_whatever_their_quotes_dashes_and_spaces():
    """English documents' indexes read typographic quotes, dashes, the ellipsis and the no-break
    space as ASCII (a line outside ASCII costs ten times as much to casefold): a rule that
    matches a line so written must still be offered it, whichever way its pattern spells them,
    and by an index that reads them as they are."""
    rules = builtin(LINE, SPAN, TRAILER, BLOCK)
    ruleset = RuleSet(rules)
    screened = [rule for kind in SCREENED_KINDS for rule in ruleset.by_kind[kind]]
    plain, as_written = ruleset.line_index(screened, plain_punctuation=True), LineIndex(screened, ruleset.screens)
    assert plain._fold is fold_plain and as_written._fold is not fold_plain
    compiled = {rule.id: rule.compile_pattern() for rule in rules}
    lines = example_lines(rules) + ["Don’t miss: “Read more” — here…", "Photo:\xa0AP", "‘Sign up’ – free"]
    # each line written one of the ways, in turn (every way on every line cost three times as much)
    variants = {_swapped(line, TYPOGRAPHIC_VARIANTS[n % len(TYPOGRAPHIC_VARIANTS)]) for n, line in enumerate(lines)}
    matching = {line: rules_matching(rules, compiled, line) for line in variants}
    for index in (plain, as_written):
        assert sum(offers_every_match(index, matching[line], line) for line in variants) > EXAMPLE_LINES // 10
    # a user's pattern may spell them itself: its words are read both ways
    for pattern, line in [("^don’t miss", "Don’t miss our guide to the islands"),
                          ("—\\s?advertisement\\s?—", "— Advertisement —"),
                          ("^read more…", "Read more… about the ferry timetable"),
                          ("“exclusive”", "An “exclusive” interview"),
                          ("^photo\xa0credit", "Photo\xa0credit: the harbour office")]:
        own = Screen.of(pattern, regex.compile(pattern, regex.I))
        assert own.admits(line) and holds_one(own.words, fold_plain(line)), (pattern, own.words)


def _swapped(line: str, swaps: dict[str, str]) -> str:
    """``line`` with each of ``swaps``' keys replaced by its value, in order."""
    for old, new in swaps.items():
        line = line.replace(old, new)
    return line


def test_header_rules_tried_at_line_starts_find_what_a_search_finds():
    from cleaner.matchers import _match_at_line_starts
    from cleaner.textdoc import Page

    rules = [rule for rule in builtin(HEADER) if is_anchored(rule.pattern)]
    assert rules
    lines = example_lines(rules)
    heads = ["\n".join(lines[n:n + size]) for size in (1, 3, 12) for n in range(0, len(lines), size)]
    for rule in rules:
        pattern = rule.compile_pattern()
        rule_screen = Screen.of(rule.pattern, pattern)
        for head in heads:
            found = _match_at_line_starts(pattern, head, head.split("\n"), rule, Page("", mode="text"), None,
                                          rule_screen)
            expected = pattern.search(head)
            assert (found and found.span()) == (expected and expected.span()), (rule.id, head)


@pytest.mark.parametrize("kinds", [(LINE,), (SPAN,), (LINE, SPAN, TRAILER, BLOCK)])
def test_index_offers_every_rule_that_matches_in_pack_order(kinds):
    rules = builtin(*kinds)
    index = LineIndex(rules, {rule.id: Screen.of(rule.pattern, rule.compile_pattern()) for rule in rules})
    compiled = {rule.id: rule.compile_pattern() for rule in rules}
    for line in example_lines(rules):
        words = len(line.split())
        offer = index.offer(line, words)   # and the trailer and block rules among them, which run first
        assert offer.run_first == [rule for rule in offer.rules if rule.kind in (TRAILER, BLOCK)]
        first = [rule.id for rule in index.candidates(line, words)]
        again = [rule.id for rule in index.candidates(line, words)]   # the start met before: narrowed, cached
        assert set(again) <= set(first)
        matching = [rule.id for rule in rules   # (words first: a rule that refuses them is not searched)
                    if (rule.max_words is None or words <= rule.max_words) and compiled[rule.id].search(line)]
        for candidates in (first, again):
            assert candidates == [rule.id for rule in rules if rule.id in set(candidates)]  # pack order
            for rule_id in matching:
                assert rule_id in candidates, (rule_id, line)


def rules_matching(rules, compiled, line: str) -> list[str]:
    """The ids of the one-line ``rules`` that match ``line`` and admit its words: the answer an
    index must give, worked out once a line (it costs a search of every rule)."""
    words = len(line.split())
    return [rule.id for rule in rules if rule.lines == 1 and (rule.max_words is None or words <= rule.max_words)
            and compiled[rule.id].search(line)]


def offers_every_match(index: LineIndex, matching: list[str], line: str) -> int:
    """Assert that ``index`` offers ``line`` each rule of ``matching`` (``rules_matching``);
    return how many those are."""
    candidates = {rule.id for rule in index.candidates(line, len(line.split()))}
    for rule_id in matching:
        assert rule_id in candidates, (rule_id, line)
    return len(matching)


def test_index_offers_each_rule_the_lines_of_its_own_examples():
    """Every line of every rule's examples that the rule matches is offered it, by an index of all
    rules and by one that reads typographic punctuation as ASCII (the checks around this one read
    a sample of the lines, against every rule)."""
    rules = builtin(LINE, SPAN, TRAILER, BLOCK)
    ruleset = RuleSet(rules)
    screened = [rule for kind in SCREENED_KINDS for rule in ruleset.by_kind[kind]]
    indexes = ruleset.line_index(screened, plain_punctuation=True), LineIndex(screened, ruleset.screens)
    checked = 0
    for rule in rules:
        compiled = rule.compile_pattern()
        examples = [*rule.examples.remove, *rule.examples.keep, *(before for before, _after in rule.examples.fix)]
        for line in (line for example in examples for line in example.splitlines()):
            words = len(line.split())
            if rule.lines == 1 and (rule.max_words is None or words <= rule.max_words) and compiled.search(line):
                for index in indexes:
                    assert rule in index.candidates(line, words), (rule.id, line)
                checked += 1
    assert checked > 5000


def test_index_offers_every_rule_that_matches_a_line_opening_with_a_caseless_character():
    """Starts of quotes, dashes or Han are judged by the start table; met once and again."""
    rules = builtin(LINE)
    ruleset = RuleSet(rules)
    index = LineIndex(rules, ruleset.screens, ruleset.word_finder, ruleset.start_table)
    compiled = {rule.id: rule.compile_pattern() for rule in rules}
    # each line opened one of the four ways, in turn (each way on every line cost four times as much)
    openings = (lambda line: "“" + line, lambda line: "— " + line, lambda line: "中" + line,
                lambda line: line[:1] + "”" + line[1:])
    variants = [openings[n % len(openings)](line) for n, line in enumerate(example_lines(rules))]
    offered = 0
    for variant in variants:
        matching = rules_matching(rules, compiled, variant)
        offered += sum(offers_every_match(index, matching, variant) for _ in range(2))   # met once and again
    assert offered > EXAMPLE_LINES // 10


FILLER = "The council approved the plan on Monday after a long debate about the cost. " * 3


def test_index_offers_long_lines_every_rule_that_matches_them():
    """Lines of LONG_WORDS words or more are searched for the words of the rules that admit them
    only: each rule that matches such a line, and admits its words, is still offered it."""
    rules = builtin(LINE, SPAN, TRAILER, BLOCK)
    ruleset = RuleSet(rules)
    index = ruleset.line_index([rule for kind in (LINE, SPAN, TRAILER, BLOCK) for rule in ruleset.by_kind[kind]])
    assert index.long_finder is ruleset.long_word_finder
    assert index.long_words < index.words and ruleset.long_word_finder.words < ruleset.word_finder.words
    compiled = {rule.id: rule.compile_pattern() for rule in rules}
    lines = [text for line in example_lines(rules) for text in (FILLER + line, line + " " + FILLER)]
    assert min(len(line.split()) for line in lines) >= LONG_WORDS
    assert sum(offers_every_match(index, rules_matching(rules, compiled, line), line)
               for line in lines) > EXAMPLE_LINES // 100


@pytest.mark.parametrize("fewest, most, long_lines, few_from", [
    (1, FEW_WORDS, False, 0),                             # few words: one by one on every line
    (FEW_WORDS + 1, LONG_FEW_WORDS, True, LONG_LINE),     # more: on long lines (an automaton on others)
])
def test_an_index_tests_few_required_words_one_by_one_and_misses_no_match(fewest, most, long_lines, few_from):
    rules = builtin(LINE, SPAN)
    lines = example_lines(rules)
    if long_lines:
        lines = [line for line in lines + [FILLER + line for line in lines] if len(line) >= LONG_LINE]
    tried = 0
    for rule in rules:
        rule_screen = Screen.of(rule.pattern, rule.compile_pattern())
        if not rule_screen.words or not fewest <= len(rule_screen.words) <= most:
            continue
        index, pattern = LineIndex([rule], {rule.id: rule_screen}), rule.compile_pattern()
        for line in lines:
            words = len(line.split())
            offered = index.candidates(line, words) == [rule]
            if pattern.search(line) and (rule.max_words is None or words <= rule.max_words):
                assert offered, (rule.id, line)
                tried += 1
        assert all(passing.few_words is not None and passing.few_from == few_from
                   for passing in index._passing.values() if passing.worded)
    assert tried > 20


def test_index_leaves_out_rules_a_long_line_cannot_match():
    rules = builtin(LINE)
    index = LineIndex(rules, {rule.id: Screen.of(rule.pattern, rule.compile_pattern()) for rule in rules})
    prose = "The council approved the plan on Monday after a long debate about the cost of repairs. " * 3
    assert len(index.candidates(prose, len(prose.split()))) < len(rules) / 10


def test_size_masks_pass_each_bucket_the_rules_whose_limit_it_does_not_exceed():
    from cleaner.prefilter import _size_masks

    limit_of = {0: 3, 1: 10, 2: UNBOUNDED, 3: 10}
    assert _size_masks([3, 10, UNBOUNDED], limit_of) == [0b1111, 0b1110, 0b0100, 0]


def test_caches_stay_bounded_on_a_corpus_with_many_first_characters():
    from cleaner.prefilter import PASSING_CACHE_SIZE, STARTS_CACHE_SIZE

    rules = builtin(LINE)
    screens = {rule.id: Screen.of(rule.pattern, rule.compile_pattern()) for rule in rules}
    index = LineIndex(rules, screens)
    for code in range(0x4E00, 0x4E00 + 3 * STARTS_CACHE_SIZE):   # CJK ideographs, each a new first character
        line = chr(code) + "一个很长的句子" * (code % 7 + 1)
        first = {rule.id for rule in index.candidates(line, len(line) // 2)}
        assert {rule.id for rule in index.candidates(line, len(line) // 2)} <= first
    assert len(index._passing) <= PASSING_CACHE_SIZE and len(index._lists) <= PASSING_CACHE_SIZE
    assert len(index._start_masks) <= STARTS_CACHE_SIZE
    assert len(index._seen_starts) <= STARTS_CACHE_SIZE
    assert all(len(screen._starts) <= STARTS_CACHE_SIZE for screen in screens.values())


@pytest.mark.parametrize("pattern, flags, line", [
    (r"(?:photo){e<=1}:", 0, "phota: AP"),                 # fuzzy matching: no literal is required
    (r"^[[:alpha:]]+ only$", 0, "Letters only"),           # a POSIX class is one character, not "]"
    (r" ^read \s* \|   # the teaser marker", regex.VERBOSE, "read | more"),   # flags: [verbose]
    (r"^\p{Lu}\w+ / \w+$", 0, "Ólafur / Reuters"),
])
def test_screens_of_user_patterns_in_regex_only_syntax_never_skip_a_match(pattern, flags, line):
    compiled = regex.compile(pattern, flags)
    assert compiled.search(line)
    assert Screen.of(pattern, compiled).admits(line)


def test_a_rule_that_sees_two_lines_is_not_screened_by_words_on_the_second():
    """A word the pattern requires may sit on the later line; the screen sees only the first."""
    from cleaner import Cleaner

    rule = Rule(id="mine.two-line-credit", kind=LINE, description="a credit over two lines",
                pattern=r"^Photographs by\n[^\n]*Correspondent$", lines=2)
    cleaner = Cleaner.from_rules([rule])
    result = cleaner.clean("Photographs by\nJane Doe, Harbour Correspondent\nThe bridge reopened.", kind="text")
    assert result.text == "The bridge reopened."
    assert [removal.rule for removal in result.removed] == ["mine.two-line-credit"] * 2


@pytest.mark.parametrize("pattern, expected", [
    (r"^\p{Lu}\w+ \p{Lu}\w+ \| \w+\n\d+ \w+ \d{4}$", {" | "}),          # before the newline
    (r"^Photographs by\n[^\n]*Correspondent$", {"photographs by"}),
    (r"^[^\S\n]*(?:written|posted)\s+by\n\w+$", {"written", "posted"}),    # [^\S\n] stays in the line
    (r"^\w+\s+by:\n\w+$", None),                # \s may be the newline: "by:" may be on the next line
    (r"^.{0,40}\bphoto\b\n\w+$", None),          # and so may "."
    (r"^\P{L}+ credit\n\w+$", None),              # and a negated Unicode class
    (r"^(?=[^\n]*\|)\w+.*\n\w+$", {"|"}),         # a lookahead that stays in the line
    (r"photo:\n\w+$", None),                      # not anchored: it may start anywhere
])
def test_first_line_words(pattern, expected):
    result = first_line_words(pattern)
    assert (result is None) if expected is None else set(result) == expected


def test_a_rule_sets_word_finder_holds_the_first_line_words_of_rules_that_see_two_lines():
    rule = Rule(id="t.credit", kind=LINE, description="a credit over two lines",
                pattern=r"^Photographs by\n[^\n]*Correspondent$", lines=2)
    ruleset = RuleSet([rule])
    assert "photographs by" in ruleset.word_finder.words
    assert ruleset.line_index_for("text", None, None).finder is ruleset.word_finder


def test_an_index_does_not_use_a_word_finder_that_lacks_its_words():
    words = "alpha bravo charlie delta echo foxtrot golf hotel india".split()   # more than FEW_WORDS
    rule = Rule(id="t.label", kind=LINE, description="a label", pattern=rf"\b(?:{'|'.join(words)}) \| \w+")
    index = LineIndex([rule], {rule.id: Screen.of(rule.pattern, rule.compile_pattern())}, WordFinder({"other"}))
    assert len(words) > FEW_WORDS and [rule.id for rule in index.candidates("Golf | Local", 3)] == ["t.label"]


def test_a_word_finder_built_from_an_iterator_finds_its_words():
    finder = WordFinder(word for word in ("share", "photo"))
    assert finder.words == {"share", "photo"} and finder.find("photo: share this") == ["photo", "share"]


def test_index_tells_line_starts_apart_by_their_second_character():
    """"By ..." and "But ..." share a first character; only the first can start "^by\\s"."""

    rule = Rule(id="mine.by", kind=LINE, description="a byline", pattern=r"^by\s+\w+$", flags=("ignorecase",))
    index = LineIndex([rule], {rule.id: Screen.of(rule.pattern, rule.compile_pattern())})
    assert index.candidates("By Jane Doe", 3) == [rule]
    assert index.candidates("But then", 2) == []   # its syntax lists its starts: judged at once
    assert index.candidates("By John Roe", 3) == [rule]
    assert index.candidates("B", 1) == [rule]   # a one-character line: judged on that character
    assert index.candidates("Xy", 1) == []


def test_index_asks_a_rule_about_both_characters_from_the_second_line_with_that_start():
    """"." hides the starts from the syntax: the regex engine judges them, on the first character
    for a start met once (most are), on both for one met again."""

    rule = Rule(id="mine.any-y", kind=LINE, description="a byline", pattern=r"^.y\s+\w+$")
    index = LineIndex([rule], {rule.id: Screen.of(rule.pattern, rule.compile_pattern())})
    assert index.table.headed == 0
    assert index.candidates("By Jane Doe", 3) == [rule]
    assert index.candidates("But then", 2) == [rule]
    assert index.candidates("But now", 2) == []
    assert index.candidates("Éy Jane", 2) == [rule]
    assert index.candidates("Éx Jane", 2) == [rule]
    assert index.candidates("Éx Jane", 2) == []


def test_a_start_the_table_judges_alone_is_kept_from_the_first_line_with_it():
    """When the table leaves no rule to ask about a start, its answer on the first line is final
    (a rule whose starts only the engine can judge is asked from the second: test above)."""
    rule = Rule(id="mine.read", kind=LINE, description="a teaser", pattern=r"^read\s*\|", flags=("ignorecase",))
    index = LineIndex([rule], {rule.id: Screen.of(rule.pattern, rule.compile_pattern())})
    assert index.candidates("Read | Next", 3) == [rule] and "Re" in index._start_masks
    assert index.candidates("Rx then", 2) == [] and "Rx" in index._start_masks
    assert index.candidates("READ | Next", 3) == [rule]


def test_a_rule_sets_start_table_serves_all_its_indexes_and_answers_as_each_rules_heads():
    """(That heads answer as the regex engine does is tested above.)"""
    from cleaner import Cleaner

    ruleset = Cleaner().ruleset
    english, german = (ruleset.line_index_for("text", frozenset({code}), None) for code in ("en", "de"))
    assert english.table is german.table is ruleset.start_table
    table, starts = ruleset.start_table, ["By", "Ph", "Re", "(A", "12", "T", "zz", "Wr", "- ", "", "["]
    assert bin(table.headed).count("1") > 250
    for n, screen in enumerate(table.screens):
        for start in starts:
            if table.headed >> n & 1:
                assert bool(table.judged(start)[0] >> n & 1) == screen.heads.admit(start), (table.rules[n].id, start)
            else:
                assert not table.judged(start)[0] >> n & 1


def test_documents_of_one_group_share_the_line_index_of_its_rules():
    from cleaner import Cleaner

    ruleset, english = Cleaner().ruleset, frozenset({"en"})
    index = ruleset.line_index_for("text", english, None)
    assert index is ruleset.line_index_for("text", english, None)
    assert index.rules == [rule for kind in SCREENED_KINDS for rule in ruleset.select(kind, "text", english, None)]
    assert [rule.kind for rule in index.rules][-1] == BLOCK   # numbered after the line and span rules
    assert ruleset.line_index_for("text", frozenset({"de"}), None).rules != index.rules


def test_html_and_text_share_a_selection_unless_a_rule_of_that_kind_is_scoped_to_one_mode():
    from cleaner import Cleaner
    from cleaner.rules import HEURISTIC, Rule

    ruleset, english = Cleaner().ruleset, frozenset({"en"})
    assert ruleset.select(LINE, "html", english, None) is ruleset.select(LINE, "text", english, None)
    assert ruleset.select(HEURISTIC, "html", english, None) != ruleset.select(HEURISTIC, "text", english, None)
    text_only = Rule(id="mine.text-only", kind=LINE, description="a label", pattern=r"^label$", modes=("text",))
    both = Rule(id="mine.both", kind=LINE, description="a label", pattern=r"^other$")
    cleaner = Cleaner.from_rules([text_only, both])
    assert cleaner.clean("label\nother\nbody", kind="text").text == "body"
    assert [rule.id for rule in cleaner.ruleset.line_index_for("html", english, None).rules] == ["mine.both"]
    assert [rule.id for rule in cleaner.ruleset.line_index_for("text", english, None).rules] == ["mine.text-only",
                                                                                                  "mine.both"]


def test_a_line_start_where_a_word_boundary_must_hold_is_not_screened_out():
    """The regex engine's partial match refuses "«" for "^[^!?]{0,40}?\\berid", though "«erid: 1"
    matches: starts are asked of the pattern without its word boundaries."""
    from cleaner import Cleaner

    rule = Rule(id="mine.erid", kind=LINE, description="an ad marking",
                pattern=r"^(?:ad|[^!?]{0,40}?\berid)\s*:\s*\w+$")
    compiled = rule.compile_pattern()
    assert compiled.match("«erid: 2Vtz") and not compiled.match("«", partial=True)   # the engine's slip
    rule_screen = Screen.of(rule.pattern, compiled)
    assert rule_screen.selective and rule_screen.starts("«") and rule_screen.starts("«e")
    assert not rule_screen.starts("!")
    assert Cleaner.from_rules([rule]).clean("«erid: 2Vtz\nThe body.", kind="text").text == "The body."


@pytest.mark.parametrize("pattern, expected", [
    (r"^[^!?]{0,120}?\berid\b", r"^[^!?]{0,120}?erid"),
    (r"^a\\b\Bc", r"^a\\bc"),              # an escaped backslash before "b" is no boundary
    (r"^[\b]x[]\b]\by", r"^[\b]x[]\b]y"),     # in a class, \b is a backspace
])
def test_word_boundaries_are_taken_out_of_the_pattern_that_judges_starts(pattern, expected):
    from cleaner.prefilter import _without_word_boundaries

    assert _without_word_boundaries(pattern) == expected


def test_a_start_that_could_begin_any_line_is_not_tested():
    """Asking "^(?=.*\\bposted\\b)" about each new line start would rule out nothing."""
    for pattern, selective in [(r"^(?=.*\bposted\b)", False), (r"^[^!?]{0,100}©", False),
                               (r"^read\s*\|", True), (r"^\P{Ll}\w+ \| \w+$", True)]:
        assert Screen.of(pattern, regex.compile(pattern)).selective is selective, pattern


def test_indexes_share_one_word_finder_and_ignore_words_of_rules_not_in_force():
    from cleaner import Cleaner

    ruleset = Cleaner().ruleset
    english, german = (ruleset.line_index_for("text", frozenset({code}), None) for code in ("en", "de"))
    assert english.finder is german.finder is ruleset.word_finder
    assert english._fold is fold_plain and german._fold is not fold_plain   # (English lines: see fold_plain)
    assert english.long_finder is german.long_finder is ruleset.long_word_finder
    assert ruleset.word_finder.words is ruleset.start_table.words   # so an index tells it holds its words at once
    # words of German rules that hold no word of an English one ("werbeblocker" holds "block")
    german_only = sorted(word for word in german.words
                         if word.isalpha() and not any(own in word for own in english.words))
    line = "Zz " + " ".join(german_only[:20])
    blank = "Zz " + " ".join("q" * len(word) for word in german_only[:20])   # same start and sizes
    assert german.candidates(line, 21) != german.candidates(blank, 21)
    assert english.candidates(line, 21) == english.candidates(blank, 21)


def test_an_index_in_steady_use_builds_a_finder_of_its_own_words_and_offers_the_same_rules():
    from cleaner import Cleaner
    from cleaner.prefilter import OWN_FINDER_AFTER

    ruleset = Cleaner().ruleset
    english = ruleset.line_index_for("text", frozenset({"en"}), None)
    lines = [line for line in example_lines(ruleset.by_kind[LINE] + ruleset.by_kind[SPAN]) if line]
    lines += ["Zz " + " ".join(sorted(english.words)[n::40]) for n in range(40)]   # words of every rule
    assert english.finder is ruleset.word_finder
    english._searches = -10 * len(lines)   # far from the switch while the shared finder answers
    for _ in range(2):   # starts met before are narrowed: both answers from the second on
        before = [english.candidates(line, len(line.split())) for line in lines]
    assert english.finder is ruleset.word_finder
    english._searches = OWN_FINDER_AFTER - 1
    long_line = "Zz " + " ".join(sorted(english.words)[:30])   # many words of many rules: a search
    english.candidates(long_line, 31)
    assert english.finder is not ruleset.word_finder and english.finder.words == english.words
    assert english.long_finder is not ruleset.long_word_finder and english.long_finder.words == english.long_words
    assert english.word_bits.keys() == english.words   # its own words' rules, not every rule's
    assert [english.candidates(line, len(line.split())) for line in lines] == before


CASELESS_STARTS = ["“T", "“", "— ", "«A", "中国", "한국", "في", "१२", "• ", "©2", "„D", "…", "、", "１２", "T“",
                   "A—", "¿Q", "\u3000中", "「記", "📲 ", "🔔T", "⬇\ufe0f", "📷"]
# letters with case outside ASCII, first or second, that no ASCII letter matches under ignorecase
CASED_STARTS = ["Жи", "Ч", "Éc", "Üb", "Ça", "Ελ", "Ая", "Ст", "Чи", "Łó", "ŚW", "ĸa", "aĸ", "Tö", "Aé", "“Ж",
                "1É", "ńa", "Ñu", "ÀL", "Ők", "IŞ", "Ğü", "ẞe", "Åb", "жи", "ǅa", "Ｗｅ", "ßa", "ﬁn", "Ωm",
                "чи", "см", "ΣΑ", "ςα", "Ǆa", "ǆa"]
# spaces, digits and numbers outside ASCII, which classes like \s, \d and \p{N} match
OTHER_STARTS = ["\xa0A", "\u3000中", "١٢", "१२", "Ⅻ ", "²a", "½", "\u200bA", "\u2028", "A\xa0", "1١", "中\u3000",
                "•\xa0"]


LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")


def without_lookarounds(pattern: str) -> str:
    """``pattern`` with its lookaheads and lookbehinds taken out, which only admits more."""
    out, i = [], 0
    while i < len(pattern):
        end = _token_end(pattern, i)
        if pattern.startswith(LOOKAROUNDS, i):
            depth = 0
            while True:   # to the parenthesis that closes the lookaround
                depth += {"(": 1, ")": -1}.get(pattern[i], 0)
                if depth == 0:
                    break
                i = _token_end(pattern, i)
            end = i + 1
        else:
            out.append(pattern[i:end])
        i = end
    return "".join(out)


def _token_end(pattern: str, i: int) -> int:
    """Where the token at ``i`` ends: an escape, a whole character class, or one character."""
    if pattern[i] == "\\":
        return i + 2
    return _class_end(pattern, i) + 1 if pattern[i] == "[" else i + 1


def test_without_lookarounds_keeps_the_rest_of_the_pattern():
    assert without_lookarounds(r"^(?=[^\n]{0,9}?\bthis\b)(?:we|in)(?!\)x)\(y(?<=[)(]y)$") == r"^(?:we|in)\(y$"
    assert without_lookarounds(r"[(?=]a(?![]()])b(?<![^]x])c") == r"[(?=]abc"


def test_the_start_table_never_refuses_a_caseless_start_the_regex_engine_admits():
    """Starts of ASCII and caseless characters (quotes, dashes, Han, Arabic, Devanagari), and of
    letters with case outside ASCII, are judged by the table; what it refuses, the engine (on
    the pattern without word boundaries) refuses too, and what it is sure of, the engine admits
    (rules without lookarounds). The heads the table reads leave lookarounds out, and the
    engine's partial match admits every start that a lookahead running past it could begin
    ("“T" for "^(?=[^\\n]{0,100}?\\bthis\\b)we\\s+used"): a pattern with lookarounds is judged
    by the engine without them."""
    from cleaner import Cleaner

    table = Cleaner().ruleset.start_table
    judged = 0
    for n, screen in enumerate(table.screens):
        if not table.headed >> n & 1:
            continue
        pattern = table.rules[n].pattern
        judge = screen.judge
        if any(look in pattern for look in LOOKAROUNDS):
            judge = regex.compile(without_lookarounds(judge.pattern), judge.flags)
        for start in CASELESS_STARTS + CASED_STARTS + OTHER_STARTS:
            sure, unsure = table.judged(start)
            engine = judge.match(start, partial=True) is not None
            if engine:
                assert (sure | unsure) >> n & 1, (table.rules[n].id, start)
            if sure >> n & 1 and not any(look in pattern for look in LOOKAROUNDS):
                assert engine, (table.rules[n].id, start)
            judged += 1
    assert judged > 4000


@pytest.mark.parametrize("pattern, flags, start, verdict", [
    (r"^\p{Lu}\w+ \|", 0, "“T", "refused"),           # \p{Lu} matches no caseless character
    (r"^\p{Lu}\w+ \|", regex.IGNORECASE, "中", "refused"),
    (r"^[“\"]\w+", 0, "“T", "sure"),
    (r"^\w+ \|", 0, "中国", "sure"),                  # \w matches Han: its mark asks the class
    (r"^\p{Han}+ \|", 0, "中国", "unsure"),           # a script: the engine tells which
    (r"^[^a-z]\d", 0, "—1", "sure"),                   # a negated class of ASCII: every other
    (r"^[^a-z—]\d", 0, "—1", "unsure"),                # ...but one: the engine tells
    (r"^\d", 0, "中", "refused"),
    (r"^\P{L}", 0, "中", "refused"),
    (r"^\P{L}", 0, "—", "sure"),
    (r"^\s+x", 0, "\u3000x", "sure"),
    (r"^\s+x", 0, "Жx", "refused"),
    (r"^(?:相关|推荐)阅读", 0, "相关", "sure"),
    (r"^(?:相关|推荐)阅读", 0, "相比", "refused"),
    (r"^by\s", regex.IGNORECASE, "“b", "refused"),
    (r"^\p{Lu}\w+ \|", 0, "Жи", "sure"),              # a letter with case outside ASCII
    (r"^\p{Lu}\w+ \|", 0, "жи", "refused"),
    (r"^\p{Lu}\w+ \|", regex.IGNORECASE, "жи", "unsure"),   # \p{Lu} under ignorecase: the engine
    (r"^(?:Читайте|Смотрите)", regex.IGNORECASE, "Чи", "sure"),   # a literal's cases, by the engine's table
    (r"^(?:Читайте|Смотрите)", regex.IGNORECASE, "чи", "sure"),
    (r"^(?:Читайте|Смотрите)", regex.IGNORECASE, "Чт", "refused"),
    (r"^(?:Читайте|Смотрите)", 0, "чи", "refused"),
    (r"^σε", regex.IGNORECASE, "ςε", "sure"),             # final sigma: a case of "σ" under ignorecase
    (r"^\p{Lu}\w", regex.IGNORECASE, "Чи", "unsure"),     # a class of letters with case: the engine
    (r"^by\s", regex.IGNORECASE, "Жи", "refused"),      # no such letter in the heads
    (r"^b-", regex.IGNORECASE, "bЖ", "refused"),
    (r"^b\w", regex.IGNORECASE, "bЖ", "sure"),
    (r"^nội\s+dung", regex.IGNORECASE, "Nộ", "sure"),
    (r"^T\p{Ll}", 0, "Tö", "sure"),
    (r"^T\p{Ll}", 0, "TÖ", "refused"),
    (r"^T\P{Ll}", 0, "TÖ", "sure"),
    (r"^[\p{L}\p{M}]x", 0, "\u0301x", "sure"),    # a combining mark
    (r"^\p{M}x", 0, "Жx", "refused"),
    (r"^\P{M}x", 0, "Жx", "sure"),
    (r"^(?:[\p{So}\p{Extended_Pictographic}]\s*)?get\s", regex.IGNORECASE, "Ge", "sure"),   # an emoji lead
    (r"^(?:[\p{So}\p{Extended_Pictographic}]\s*)?get\s", regex.IGNORECASE, "Se", "refused"),
    (r"^(?:[\p{So}\p{Extended_Pictographic}]\s*)?get\s", regex.IGNORECASE, "📲 ", "unsure"),
])
def test_the_start_table_judges_caseless_starts(pattern, flags, start, verdict):
    from cleaner.prefilter import StartTable

    rule = Rule(id="mine.rule", kind=LINE, description="a label", pattern=pattern,
                flags=("ignorecase",) if flags else ())
    table = StartTable([rule], {rule.id: Screen.of(pattern, rule.compile_pattern())})
    sure, unsure = table.judged(start)
    assert {(1, 0): "sure", (0, 1): "unsure", (0, 0): "refused"}[(sure, unsure)] == verdict


def test_a_start_with_a_letter_an_ascii_one_matches_under_ignorecase_is_left_to_the_engine():
    """Under ignorecase the Kelvin sign matches "k" (and "ı" "I", "ſ" "s"); "É", "Ж" and "ĸ" (no
    other case, yet \\p{Ll}) match no ASCII letter: rules whose heads name no such letter refuse them."""
    from cleaner.prefilter import StartTable, is_caseless

    rule = Rule(id="mine.rule", kind=LINE, description="a label", pattern=r"^k\w", flags=("ignorecase",))
    table = StartTable([rule], {rule.id: Screen.of(rule.pattern, rule.compile_pattern())})
    assert table.judged("\u212aa") is None and table.judged("kı") is None and table.judged("ſa") is None
    assert table.judged("Éc") == (0, 0) and table.judged("aĸ") == (0, 0)
    assert table.judged("kĸ") == (1, 0) and table.judged("kЖ") == (1, 0)   # \w matches both
    assert not is_caseless("ĸ") and not is_caseless("ℂ") and is_caseless("中") and is_caseless("“")


@pytest.mark.parametrize("pattern, flags, admitted, refused", [
    (r"^(?:related\s+)?(?:tags?|topics?)\b:", regex.IGNORECASE, ["Re", "TA", "to", "t"], ["Th", "x"]),
    (r"^[\[(]?photo", 0, ["[p", "(p", "ph", "p"], ["Ph", "(P"]),
    (r"^\d+ comments", 0, ["12", "1 "], ["1x", "a"]),
    (r"^(?-i:\p{Lu})[\p{L}.-]+,", regex.IGNORECASE, ["Ab", "A.", "Z"], ["ab", "A ", "A1"]),
    (r"^(?=.*\bsaid\b)[A-Z]x", 0, ["Ax", "Q"], ["ax", "Ay"]),          # lookarounds ignored
    (r"^nội\s+dung", regex.IGNORECASE, ["N", "n"], ["No", "Nx"]),    # "ộ" is no ASCII character
    (r"^[^a]\W", regex.IGNORECASE, ["b ", "1-", "x"], ["a ", "A ", "bb", "b_"]),   # negated: both cases
    (r"^\P{Ll}[^.!?|]", 0, ["A ", "1b", "(A"], ["a ", "A.", "B|"]),
    (r"^\P{Lu}\D", regex.IGNORECASE, ["1a", "  "], ["a ", "Bb", "11"]),   # \P{Lu} under ignorecase: no letter
    (r"^(?:[\p{L}\p{M}]+:\s+)?t\.me/", regex.IGNORECASE, ["Te", "t.", "T"], ["12", "- ", "(t"]),   # marks: none ASCII
    (r"^[^\p{L}\p{N}]*$", 0, ["|", "- ", "-"], ["Da", "12", "|a"]),   # (an empty match needs an empty line)
])
def test_line_heads_are_read_off_the_syntax(pattern, flags, admitted, refused):
    heads = screen(pattern, flags).heads
    assert [start for start in admitted if heads.admit(start)] == admitted
    assert [start for start in refused if heads.admit(start)] == []


def test_patterns_the_reading_cannot_follow_have_no_heads():
    for pattern in (r"^.x", r"^\p{Punct}x", r"^\P{Han}x", r"^(?s:a)"):
        assert screen(pattern).heads is None, pattern


def test_line_heads_tell_a_line_that_must_end_from_one_that_may_go_on():
    ended, open_ = screen(r"^n$").heads, screen(r"^n\b").heads
    assert ended.admit("n") and not ended.admit("n ")
    assert open_.admit("n ") and screen(r"^x").heads.admit("xy")


def test_line_heads_judge_ascii_starts_as_the_regex_engine():
    import string

    starts = {first + second for first in string.printable[:95] for second in string.ascii_letters[::5] + " .,:-1("}
    starts |= set(string.printable[:95]) | {line[:2] for line in example_lines(builtin(LINE, SPAN))
                                            if line and line[:2].isascii()}
    judged = 0
    for rule in builtin(LINE, SPAN, TRAILER, BLOCK, HEADER):
        compiled = rule.compile_pattern()
        heads = Screen.of(rule.pattern, compiled).heads
        if heads is None:
            continue
        # lookarounds: the heads ignore them and the engine's partial match guesses ("(A" may
        # begin "^[（(](?!AP[）)])[\p{Han}]{2,10}" for it); the index tests above cover these
        if any(look in rule.pattern for look in LOOKAROUNDS):
            continue
        judged += 1
        # the engine's partial match also refuses some starts that end where a "\b" must hold:
        # "G(" for "^[^!?]{0,120}?\berid:", though "G(erid: 1" matches. Heads admit those.
        # (And it admits some starts that a lazy repeat of a negated class cannot begin: "F."
        # for "^[^.]{0,30}?x", in regex 2026.11; a head written greedy, "[^.]{0,30}x", is judged
        # right by both.)
        exact = "\\b" not in rule.pattern
        for start in starts:
            engine = compiled.match(start, partial=True) is not None
            assert heads.admit(start) == engine if exact else heads.admit(start) >= engine, (rule.id, start)
    assert judged > 200


def test_no_builtin_line_or_span_rule_runs_its_regex_on_every_line():
    """Each built-in line and span rule is screened by its start, its length or a word it needs
    (a rule that is not costs every document a regex search a line; ``cleaner rules test`` notes
    such user rules)."""
    from cleaner.testing import unscreened

    assert [rule.id for rule in unscreened(load_rules([builtin_rules_dir()]))] == []


def test_trailer_and_block_rules_clean_alike_when_offered_every_line(cleaner, monkeypatch):
    """The line index offers a trailer or block rule only the lines its screen lets through; over
    the sample corpus, offering each of them every kept line instead changes no text and no
    removal (a screen only skips lines the rule's regex cannot match)."""
    from conftest import ROOT
    from cleaner import matchers, pipeline

    documents = [(path.read_bytes(), "html" if path.suffix == ".html" else "text")
                 for path in sorted((ROOT / "corpus" / "input").rglob("*")) if path.suffix in (".html", ".txt")]

    def outcomes():
        return [(result.text, [(removal.rule, removal.start) for removal in result.removed])
                for result in (cleaner.clean(source, kind=kind) for source, kind in documents)]

    offered = {"screened": 0, "every": 0}

    def counted(page, index):
        lines, lines_of = matchers.screened_lines(page, index)
        offered["screened"] += sum(map(len, lines_of.values()))
        return lines, lines_of

    def every_line(page, index):
        lines, _screened = matchers.screened_lines(page, index)
        kept = page.kept_indices()
        lines_of = {rule.id: list(kept) for rule in index.rules if rule.kind in (TRAILER, BLOCK)}
        offered["every"] += sum(map(len, lines_of.values()))
        return lines, lines_of

    monkeypatch.setattr(pipeline, "screened_lines", counted)
    screened = outcomes()
    monkeypatch.setattr(pipeline, "screened_lines", every_line)
    assert outcomes() == screened
    assert any(rule.startswith(("comments.", "widgets.", "tags.")) for _text, removals in screened
               for rule, _start in removals)   # trailer and block rules took lines
    assert offered["screened"] * 10 < offered["every"]   # and the screens spared them most lines


@pytest.mark.parametrize("bits", [[], [0], [5, 300, 699], list(range(0, 29 * FEW_BITS, 29)),
                                  list(range(1, 29 * (FEW_BITS + 1), 29)), list(range(3, 700, 7))])
def test_rule_positions_are_read_off_sparse_and_dense_masks_alike(bits):
    # (a mask of FEW_BITS bits or fewer is peeled bit by bit, a denser one read by bytes)
    mask = sum(1 << bit for bit in bits)
    assert _positions(mask) == sorted(bits)


def test_select_picks_the_rules_that_apply_to_the_group():
    """``select`` reads lists made per kind and mode; it must pick what ``Rule.applies_to`` says."""
    from cleaner import Cleaner
    from cleaner.rules import KINDS, MODES

    ruleset = Cleaner().ruleset
    for languages in (frozenset({"en"}), frozenset({"de", "fr"}), frozenset({"ru"}), None):
        for mode in MODES:
            for kind in KINDS:
                assert ruleset.select(kind, mode, languages, "example.com") == [
                    rule for rule in ruleset.by_kind[kind] if rule.applies_to(mode, languages, "example.com")]


def test_a_page_screens_each_repeated_line_once():
    from cleaner import Cleaner
    from cleaner.matchers import screened_lines
    from cleaner.textdoc import Page

    ruleset = Cleaner().ruleset
    english = ruleset.line_index_for("text", frozenset({"en"}), None)
    line = "Zz " + " ".join(sorted(english.words)[:30])   # many words of many rules: a word search
    page = Page("\n\n".join([line] * 3), mode="text")
    before = english._searches
    offered, _lines_of = screened_lines(page, english)
    assert english._searches == before + 1
    assert offered[0] == offered[1] == offered[2] == english.candidates(line, page.lines[0].words)


def test_without_the_engines_case_table_a_cased_letter_is_left_to_the_engine(monkeypatch):
    from cleaner.prefilter import _CASED, _literal_chars

    assert _literal_chars(ord("Ч"), True) == "Чч"
    monkeypatch.setattr(regex, "_regex", object())
    assert _literal_chars(ord("Ч"), True) == _CASED
