"""The command line: stdout/stdin, folders, atomic outputs, exit codes and error messages."""
import json
import textwrap

from click.testing import CliRunner

from cleaner.cli import main
from test_pipeline import ARTICLE, GLUED_CARDS, PAGE


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_version_names_the_build():
    import cleaner

    result = run("--version")
    build = "compiled" if cleaner.COMPILED else "pure Python"
    assert result.exit_code == 0
    assert result.output.strip() == f"cleaner, version {cleaner.__version__} ({build})"


def test_clean_a_file_to_stdout(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run("clean", str(path))
    assert result.exit_code == 0
    assert result.output.startswith("The council voted on Tuesday")
    assert "READ |" not in result.output


def test_clean_stdin_and_json_format():
    result = run("clean", "-", "--format", "json", input=PAGE)
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["title"] == "Harbour Bridge to Close"
    assert data["kind"] == "html"
    assert any(r["rule"] == "ads.ad-label" for r in data["removed"])


def test_clean_a_folder_mirrors_the_tree_and_goes_past_bad_files(tmp_path):
    src = tmp_path / "in"
    (src / "deep").mkdir(parents=True)
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "deep" / "b.html").write_text(PAGE, encoding="utf-8")
    (src / "deep" / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (src / "notes.md").write_text("not an input", encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "junk.txt: " in result.stderr and "binary data, not text" in result.stderr
    out = tmp_path / "out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if ".cleaner" not in p.parts) == \
        ["a.txt", "deep", "deep/b.txt", "errors.jsonl", "summary.json"]
    assert (out / "deep" / "b.txt").read_text(encoding="utf-8").startswith("The council voted")


def test_a_folder_without_output_is_a_usage_error(tmp_path):
    result = run("clean", str(tmp_path))
    assert result.exit_code == 2
    assert "needs -o OUT" in result.output


def test_invalid_user_rules_stop_before_any_work(tmp_path):
    rules = tmp_path / "bad.yaml"
    rules.write_text("pack: bad\ndescription: d\nrules:\n  - id: x\n    kind: nope\n    description: d\n",
                     encoding="utf-8")
    result = run("clean", "-", "--rules", str(rules), input="text")
    assert result.exit_code == 2
    assert result.output == (f"Error: invalid rules:\n{rules}:5: rule 'bad.x': unknown kind 'nope'; "
                             "valid kinds: line, span, header, trailer, block, selector, heuristic\n")


def test_unreadable_input_is_one_line(tmp_path):
    result = run("clean", str(tmp_path / "missing.html"))
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'missing.html'}: cannot read: No such file or directory\n"


def test_explain_lists_removals_with_rule_ids_and_sources(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run("explain", str(path))
    assert result.exit_code == 0
    assert "author: Maria Lindqvist" in result.output
    assert "- [teasers.read-pipe] " in result.output and "rules/teasers.yaml:" in result.output
    assert result.output.rstrip().endswith("while the work goes on, the council said.")


def test_rules_list_shows_every_rule(cleaner):
    result = run("rules", "list")
    assert result.exit_code == 0
    for rule in cleaner.ruleset.rules:
        assert rule.id in result.output


def test_rules_show_prints_the_pattern_that_runs_with_its_fragments_filled_in(tmp_path):
    from test_rule_loading import FRAGMENT_PACK

    (tmp_path / "mine.yaml").write_text(FRAGMENT_PACK, encoding="utf-8")
    result = run("rules", "show", "mine", "teasers.read-pi*", "--rules", str(tmp_path / "mine.yaml"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"mine.stamp  line  {tmp_path / 'mine.yaml'}:7" in lines
    assert "  pattern: ^(?:updated|posted)\\s+(?:[0-9]{1,2}\\.?\\s+(?:jan|feb|mar))\\W*$" in lines
    assert "  flags: ignorecase" in lines and "  remove: 'Updated 12 Mar'" in lines
    assert any(line.startswith("teasers.read-pipe  line  ") for line in lines)
    assert not any(line.startswith("teasers.") and not line.startswith("teasers.read-pipe") for line in lines)
    missing = run("rules", "show", "nope.*")
    assert missing.exit_code == 2 and "no rule or pack matches 'nope.*'" in missing.output

def test_opt_in_rules_are_listed_as_off_and_switched_on_with_enable():
    listed = run("rules", "list").output
    assert "structure.glued-cards" in listed and "(off: --enable to switch on)" in listed
    assert "Bridge Repairs" in run("clean", "-", "--kind", "text", input=GLUED_CARDS).output
    on = run("clean", "-", "--kind", "text", "--enable", "structure.glued-cards", input=GLUED_CARDS)
    assert on.exit_code == 0 and on.output.strip().startswith("The council voted on Tuesday")
    typo = run("clean", "-", "--enable", "structure.glued-card", input=GLUED_CARDS)
    assert typo.exit_code == 2 and "no rule or pack named 'structure.glued-card' to enable" in typo.output


def write_pack(tmp_path, rules: str):
    """A pack file named mine.yaml holding ``rules`` (YAML list items, indented as written)."""
    path = tmp_path / "mine.yaml"
    path.write_text("pack: mine\ndescription: d\nrules:\n" + textwrap.dedent(rules), encoding="utf-8")
    return path


def test_rules_test_passes_on_builtin_and_fails_on_a_wrong_example(tmp_path):
    assert run("rules", "test").exit_code == 0
    rules = write_pack(tmp_path, """\
          - id: promo
            kind: line
            description: Promo lines.
            pattern: '^PROMO'
            examples:
              remove: ["PROMO now", "promo later"]
              keep: ["Prices fell."]
        """)
    result = run("rules", "test", str(rules))
    assert result.exit_code == 1
    assert "FAIL " in result.output and "mine.promo/remove-1" in result.output
    assert result.output.rstrip().endswith("1 rules, 3 examples, 1 failed")


def test_rules_show_and_test_tell_what_lines_a_rule_is_tried_on(tmp_path):
    rules = write_pack(tmp_path, """\
          - id: slow
            kind: line
            description: A line that ends in three capital letters.
            pattern: '\\p{Lu}{3}$'
            examples: {remove: ["Price list ABC"], keep: ["Prices fell."]}
          - id: quick
            kind: line
            description: A bracketed promo code.
            pattern: '\\[promo:\\s*\\w+\\]'
            flags: [ignorecase]
            examples: {remove: ["Save now [PROMO: HARBOUR]"], keep: ["Prices fell."]}
        """)
    shown = run("rules", "show", "mine", "--rules", str(rules)).output.splitlines()
    assert "  tried on lines that: nothing: the regex runs on every line" in shown
    assert "  tried on lines that: hold one of '[promo:'; hold one of ']'" in shown   # each requirement
    trailer = run("rules", "show", "comments.thread-trailer").output   # trailers and blocks screen each line too
    assert "  tried on lines that: begin as the pattern can; hold one of 'comentarios'" in trailer
    tested = run("rules", "test", str(rules))
    assert tested.exit_code == 0
    assert f"note: mine.slow ({rules}:4) runs its regex on every line" in tested.output
    assert "mine.quick" not in tested.output


IMPACT_RULES = """\
pack: mine
description: rules to try on a sample
rules:
  - id: quay-notice
    kind: line
    description: Harbour office notices.
    pattern: '^quay notice:'
    flags: [ignorecase]
  - id: never
    kind: line
    description: A line no sample holds.
    pattern: '^zzzz qqqq$'
"""


def impact_sample(tmp_path):
    """Three articles, two with the same notice and one with another, and a broken file."""
    sample = tmp_path / "sample"
    sample.mkdir()
    notice = ARTICLE.replace("\n\nEngineers said", "\n\nQuay notice: ferries run late\n\nEngineers said")
    assert notice != ARTICLE
    (sample / "a.txt").write_text(notice, encoding="utf-8")
    (sample / "b.txt").write_text(notice, encoding="utf-8")
    (sample / "c.html").write_text(PAGE.replace("<p>Advertisement</p>", "<p>Quay notice: the bakery is shut</p>"),
                                   encoding="utf-8")
    (sample / "junk.txt").write_bytes(bytes(range(256)) * 20)
    rules = tmp_path / "mine.yaml"
    rules.write_text(IMPACT_RULES, encoding="utf-8")
    return sample, rules


def test_rules_impact_lists_what_new_rules_remove_from_a_sample(tmp_path):
    sample, rules = impact_sample(tmp_path)
    result = run("rules", "impact", str(sample), "--rules", str(rules))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "4 documents, 1 could not be read or cleaned"
    assert lines[2] == "mine.quay-notice: 3 removals in 3 of 4 documents"
    assert lines[3] == f"       2  'Quay notice: ferries run late'  ({sample / 'a.txt'})"
    assert lines[4] == f"       1  'Quay notice: the bakery is shut'  ({sample / 'c.html'})"
    assert "removed nothing: mine.never" in lines
    assert lines[-1].startswith(f"failed: {sample / 'junk.txt'}: binary data")
    assert not any("teasers.read-pipe" in line for line in lines)   # only the rules given with --rules


def test_rules_impact_reports_a_builtin_rule_and_shortens_long_lists(tmp_path):
    sample, rules = impact_sample(tmp_path)
    result = run("rules", "impact", str(sample), "--rules", str(rules), "--only", "mine", "--only",
                 "teasers.read-pipe", "--show", "1")
    assert result.exit_code == 0
    assert "teasers.read-pipe: 2 removals in 2 of 4 documents" in result.output
    assert "  ... and 1 other text (--show 0 lists them all)" in result.output   # the notices
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(json.dumps({"body": ARTICLE, "id": n}) for n in range(2)), encoding="utf-8")
    jsonl = run("rules", "impact", str(records), "--field", "body", "--only", "teasers.read-pipe")
    assert jsonl.exit_code == 0
    assert "teasers.read-pipe: 2 removals in 2 of 2 documents" in jsonl.output
    assert f"2  'READ | Ferry operators warn of summer strikes'  ({records}:1)" in jsonl.output
    unknown = run("rules", "impact", str(sample), "--only", "teasers.no-such-rule")
    assert unknown.exit_code == 2 and "no rule or pack named 'teasers.no-such-rule'" in unknown.output


def test_help_has_examples():
    assert "Examples:" in run("--help").output
    assert "Examples:" in run("clean", "--help").output


def test_no_json_ld_keeps_what_trafilatura_finds_on_the_page():
    body = " ".join(["The council voted on Tuesday to close the old harbour bridge for a year."] * 6)
    page = ('<html><head><script type="application/ld+json">'
            + json.dumps({"@type": "NewsArticle", "articleBody": f"{body}\nREAD | Ferry fares rise\n{body}"})
            + '</script></head><body><div id="app"></div></body></html>')
    stated = json.loads(run("clean", "-", "--format", "json", input=page).output)
    assert stated["metadata"]["body_source"] == "json-ld" and "READ |" not in stated["text"]
    found = json.loads(run("clean", "-", "--format", "json", "--no-json-ld", input=page).output)
    assert "body_source" not in found["metadata"] and "READ | Ferry fares rise" in found["text"]
