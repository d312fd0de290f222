"""Site lines: learning the lines a site repeats across its pages, and a second pass without them."""
import gzip
import json
import os
import stat

import pytest
from click.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.errors import InputError
from cleaner.files import write_atomic
from cleaner.result import GUARDED, OK
from cleaner import SiteLines

RULE = "structure.site-repeats"
SITE = "https://www.harbourcourier.example"
AUTHOR_BOX = "Maria Lindqvist has covered the harbour and its trades for the Courier since 2009."
APP_PROMO = "Get the Harbour Courier app and hear about closures on your street first."
BODIES = [
    ["The council voted on Tuesday to close the old harbour bridge for repairs that will take a year.",
     "Engineers said the cracks in the main span had grown over the winter and could not wait."],
    ["Ferry fares will rise by five percent in April, the operator told passengers on Friday.",
     "The operator blamed the price of fuel, which has doubled since the start of last spring."],
    ["The maritime museum reopens on Saturday after a two-year refit of its old east wing.",
     "Visitors will find the restored lifeboat on show again in a new glass hall by the quay."],
]


def page(body: list[str], *extra: str) -> str:
    return "\n".join([*body, *extra])


def site_pages() -> list[tuple[str, str]]:
    """(url, text) of three articles of one site, each ending in the site's author box and promo."""
    return [(f"{SITE}/news/{n}", page(body, AUTHOR_BOX, APP_PROMO)) for n, body in enumerate(BODIES)]


def learned(cleaner: Cleaner, pages: list[tuple[str, str]]) -> SiteLines:
    return SiteLines.learn([cleaner.clean(text, kind="text", url=url) for url, text in pages])


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def test_a_second_pass_drops_the_lines_a_site_repeats(cleaner):
    pages = site_pages()
    second = cleaner.with_sites(learned(cleaner, pages))
    for (url, text), body in zip(pages, BODIES):
        first = cleaner.clean(text, kind="text", url=url)
        assert AUTHOR_BOX in first.text and APP_PROMO in first.text   # no rule knows these lines
        result = second.clean(text, kind="text", url=url)
        assert result.text.splitlines() == body
        assert sorted(r.text for r in result.removed if r.rule == RULE) == sorted([AUTHOR_BOX, APP_PROMO])
        assert result.status == OK


def test_other_sites_pages_without_url_and_html_are_untouched(cleaner):
    second = cleaner.with_sites(learned(cleaner, site_pages()))
    text = page(BODIES[0], AUTHOR_BOX)
    assert AUTHOR_BOX in second.clean(text, kind="text", url="https://other.example/a").text
    assert AUTHOR_BOX in second.clean(text, kind="text").text
    html = f"<html><head><link rel='canonical' href='{SITE}/news/9'></head><body><article>" + \
        "".join(f"<p>{line}</p>" for line in [*BODIES[0], AUTHOR_BOX]) + "</article></body></html>"
    assert AUTHOR_BOX in second.clean(html, kind="html", url=f"{SITE}/news/9").text   # the rule is for text


def test_a_line_must_stand_on_enough_of_a_big_sites_pages(cleaner):
    # 59 or 60 pages learned: a line needs ceil(5% of them) = 3, so one shared by two is kept
    sites = SiteLines(max_pages=None)
    for n in range(57):
        sites.add(f"Story number {n} of the day.\nA line of page {n}.", url=f"{SITE}/{n}", title=f"Story {n}")
    shared_by_two = "Both of these stories quote the same mayor."
    for n in (0, 1):
        sites.add(f"{shared_by_two}\nOther story {n}.", url=f"{SITE}/{n}x", title=f"Other story {n}")
    assert sites.for_host("harbourcourier.example").pages == 59
    second = cleaner.with_sites(sites)
    text = page(BODIES[0], shared_by_two)
    assert shared_by_two in second.clean(text, kind="text", url=f"{SITE}/0x").text
    sites.add(f"{shared_by_two}\nOther story 2.", url=f"{SITE}/2x", title="Other story 2")
    assert shared_by_two not in cleaner.with_sites(sites).clean(text, kind="text", url=f"{SITE}/0x").text


def test_copies_of_a_page_count_once(cleaner):
    url, text = site_pages()[0]
    sites = SiteLines()
    assert sites.add(text, url=url, title="Bridge to close")
    assert not sites.add(text, url=url + "?amp=1", title="Bridge to close")   # same title
    assert not sites.add(text, url=url + "?print=1")                          # no title, same text
    assert sites.duplicates == 2
    capped = SiteLines(max_pages=1)
    assert capped.add(text, url=url) and not capped.add("Another page.", url=url + "/2")
    assert capped.beyond == 1 and capped.for_host("harbourcourier.example").pages == 1
    assert cleaner.with_sites(sites).clean(text, kind="text", url=url).text == text


def test_a_page_mostly_made_of_another_pages_lines_is_kept_and_flagged(cleaner):
    # an article republished under a new title: its paragraphs are on two pages, yet not boilerplate
    url, text = site_pages()[0]
    sites = SiteLines()
    sites.add(text, url=url, title="Bridge to close")
    updated = text + "\nThe mayor said on Wednesday that a ferry would run while the bridge is shut."
    sites.add(updated, url=url + "-updated", title="Update: bridge to close for a year")
    result = cleaner.with_sites(sites).clean(text, kind="text", url=url)
    assert result.text == text
    assert result.status == GUARDED
    assert any("site_repeats" in warning and "copy of another page" in warning for warning in result.warnings)


def test_saved_profiles_round_trip_without_lines_seen_once(tmp_path, cleaner):
    sites = learned(cleaner, site_pages())
    for name in ("sites.json", "sites.json.gz"):
        path = tmp_path / name
        sites.save(path)
        raw = path.read_bytes()
        data = json.loads(gzip.decompress(raw) if name.endswith(".gz") else raw)
        assert data["hosts"]["harbourcourier.example"]["pages"] == 3
        assert len(data["hosts"]["harbourcourier.example"]["lines"]) == 2   # the box and the promo
        again = SiteLines.load(path)
        assert again.digest == sites.digest
        assert cleaner.with_sites(again).fingerprint == cleaner.with_sites(sites).fingerprint


def test_fingerprint_follows_what_was_learned(cleaner):
    one = learned(cleaner, site_pages())
    two = learned(cleaner, site_pages()[:2])
    prints = {cleaner.fingerprint, cleaner.with_sites(one).fingerprint, cleaner.with_sites(two).fingerprint}
    assert len(prints) == 3
    assert cleaner.with_sites(None).fingerprint == cleaner.fingerprint


@pytest.mark.parametrize("content, message", [
    (b"{not json", "not a readable site-lines file"),
    (b'{"format": "other/1", "hosts": {}}', "not a site-lines file"),
    (b'{"format": "cleaner-site-lines/1", "hosts": {"a.example": {"pages": 2}}}', "host 'a.example': malformed"),
])
def test_a_bad_profile_is_named(tmp_path, content, message):
    path = tmp_path / "sites.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        SiteLines.load(path)
    assert str(path) in str(caught.value)


def test_atomic_writes_take_the_umask_unless_private(tmp_path):
    mask = os.umask(0o027)
    try:
        import importlib

        import cleaner.files
        files = importlib.reload(cleaner.files)   # the mode is read at import
        files.write_atomic(tmp_path / "shared.txt", "x")
        files.write_atomic(tmp_path / "private.bin", b"x", private=True)
    finally:
        os.umask(mask)
        importlib.reload(cleaner.files)
    assert stat.S_IMODE((tmp_path / "shared.txt").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "private.bin").stat().st_mode) == 0o600
    write_atomic(tmp_path / "again.txt", "x")   # the module as imported still works


def test_cli_two_passes(tmp_path):
    pages = tmp_path / "pages.jsonl"
    pages.write_text("".join(json.dumps({"id": str(n), "url": url, "text": text}) + "\n"
                             for n, (url, text) in enumerate(site_pages())), encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["clean", str(pages), "-o", str(tmp_path / "p1"), "--format", "jsonl",
                                 "--kind", "text", "--no-progress", "-j", "1"])
    assert first.exit_code == 0, first.output
    # a broken line in the results is reported; the rest are learned and the file is written
    with (tmp_path / "p1" / "part-00000.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("{broken\n")
    learn = runner.invoke(main, ["sites", "learn", str(tmp_path / "p1"), "-o", str(tmp_path / "sites.json")])
    assert learn.exit_code == 1
    assert "part-00000.jsonl:4: not JSON" in learn.stderr
    assert "3 records read: 3 pages of 1 sites learned" in learn.stdout
    assert "harbourcourier.example: 3 pages, 2 lines on 2 or more" in learn.stdout
    second = runner.invoke(main, ["clean", str(pages), "-o", str(tmp_path / "p2"), "--format", "jsonl",
                                  "--kind", "text", "--no-progress", "-j", "1", "--with-removed",
                                  "--sites", str(tmp_path / "sites.json")])
    assert second.exit_code == 0, second.output
    records = [json.loads(line) for line in (tmp_path / "p2" / "part-00000.jsonl").read_text().splitlines()]
    assert [record["text"].splitlines() for record in records] == BODIES
    assert all(sum(r["rule"] == RULE for r in record["removed"]) == 2 for record in records)


def test_cli_names_a_bad_sites_file(tmp_path):
    bad = tmp_path / "sites.json"
    bad.write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", "-", "--sites", str(bad)], input="Some text.")
    assert result.exit_code == 2
    assert "--sites" in result.output and str(bad) in result.output


def test_the_rules_own_examples_need_their_site_pages():
    from dataclasses import replace

    from cleaner.testing import example_cases, run_case

    (rule,) = [r for r in Cleaner().ruleset.rules if r.id == RULE]
    assert rule.examples.site and rule.examples.fix
    cases = example_cases([rule])
    assert all(run_case(case) is None for case in cases)
    alone = replace(rule, examples=replace(rule.examples, site=()))   # no other pages: nothing repeats
    assert any(run_case(case) is not None for case in example_cases([alone]) if case.expect == "fix")


def test_example_site_pages_must_be_strings(tmp_path):
    from test_rule_loading import GOOD_RULE, error_of, write

    path = write(tmp_path, GOOD_RULE.replace('keep: ["Prices fell."]', 'keep: ["Prices fell."]\n      site: "one page"'))
    assert "examples.site must be a list of strings" in error_of(path)


def test_a_pages_line_keys_are_the_heuristics():
    from cleaner.sites import line_keys
    from cleaner.textdoc import line_key

    text = "  Straße  closed\tTODAY \n\nSTRASSE closed today\nÉcole  \u00a0ouverte\n"
    assert line_keys(text) == {line_key("Straße closed TODAY"), line_key("École ouverte")}
    assert line_key("STRASSE CLOSED TODAY") == line_key("straße closed today")


def test_cli_learns_from_the_scraped_pages_themselves(tmp_path):
    # one pass: the crawl's own records are learned, then cleaned once with what was learned
    pages = tmp_path / "crawl.jsonl"
    rows = [{"page": text, "link": url} for url, text in site_pages()] + [{"page": "no URL here", "link": None}]
    pages.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    runner = CliRunner()
    learn = runner.invoke(main, ["sites", "learn", str(pages), "-o", str(tmp_path / "sites.json.gz"),
                                 "--field", "page", "--url-field", "link"])
    assert learn.exit_code == 0, learn.output
    assert "4 records read: 3 pages of 1 sites learned" in learn.stdout and "1 without a URL" in learn.stdout
    capped = runner.invoke(main, ["sites", "learn", str(pages), "-o", str(tmp_path / "two.json"),
                                  "--field", "page", "--url-field", "link", "--max-pages", "2"])
    assert "2 pages of 1 sites learned" in capped.stdout and "1 beyond --max-pages" in capped.stdout
    clean = runner.invoke(main, ["clean", str(pages), "-o", str(tmp_path / "out"), "--format", "jsonl",
                                 "--field", "page", "--url-field", "link", "--kind", "text", "--no-progress",
                                 "-j", "1", "--sites", str(tmp_path / "sites.json.gz")])
    assert clean.exit_code == 0, clean.output
    records = [json.loads(line) for line in (tmp_path / "out" / "part-00000.jsonl").read_text().splitlines()]
    assert [record["text"].splitlines() for record in records[:3]] == BODIES
    assert "structure.site-repeats 6" in clean.stderr   # the summary counts the rule's removals


def test_cli_learns_from_result_files_of_both_formats(tmp_path):
    # a run's folder: --format json results (URL in metadata), a gzipped JSON Lines part, and the
    # summary and error list, which are not results and are passed over
    folder = tmp_path / "pass1"
    (folder / "news").mkdir(parents=True)
    (url_a, text_a), (url_b, text_b), (url_c, text_c) = site_pages()
    (folder / "news" / "a.json").write_text(json.dumps({"title": "A", "text": text_a, "metadata": {"url": url_a}}),
                                           encoding="utf-8")
    with gzip.open(folder / "part-00000.jsonl.gz", "wt", encoding="utf-8") as handle:
        for url, text in ((url_b, text_b), (url_c, text_c)):
            handle.write(json.dumps({"url": url, "title": url, "text": text}) + "\n")
    (folder / "summary.json").write_text(json.dumps({"text": "not a page", "url": url_a + "/x"}), encoding="utf-8")
    (folder / "errors.jsonl").write_text(json.dumps({"path": "x", "reason": "y"}) + "\n", encoding="utf-8")
    learn = CliRunner().invoke(main, ["sites", "learn", str(folder), "-o", str(tmp_path / "sites.json")])
    assert learn.exit_code == 0, learn.output
    assert "3 records read: 3 pages of 1 sites learned" in learn.stdout
    sites = SiteLines.load(tmp_path / "sites.json")
    assert sites.repeated("harbourcourier.example") == 2


def test_cli_learns_from_stdin_and_names_a_broken_result_file(tmp_path):
    lines = "".join(json.dumps({"url": url, "text": text}) + "\n" for url, text in site_pages())
    runner = CliRunner()
    learn = runner.invoke(main, ["sites", "learn", "-", "-o", str(tmp_path / "sites.json")],
                          input=lines + "[1, 2]\n")
    assert learn.exit_code == 1
    assert "-:4: not a JSON object" in learn.stderr
    assert "3 records read: 3 pages of 1 sites learned" in learn.stdout
    assert SiteLines.load(tmp_path / "sites.json").repeated("harbourcourier.example") == 2
    broken = tmp_path / "pass1" / "a.json"
    broken.parent.mkdir()
    broken.write_text('{"text": ', encoding="utf-8")
    again = runner.invoke(main, ["sites", "learn", str(broken.parent), "-o", str(tmp_path / "none.json")])
    assert again.exit_code == 1
    assert f"{broken}: not JSON: Expecting value" in again.stderr
