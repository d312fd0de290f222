"""The benchmark script, run as a user runs it, on small sets in both shared formats."""
import json
import subprocess
import sys
from pathlib import Path

SCORE = Path(__file__).resolve().parents[1] / "bench" / "score.py"

BODY = [
    "The council voted on Tuesday to close the old harbour bridge for repairs that will take at least a year.",
    "Engineers said the cracks found in the main span had grown over the winter and could not wait any longer.",
    "Commuters will be offered a free ferry service between the two quays while the work goes on, the council said.",
]
# a clutter line no rule takes (a sidebar headline) and a body line the cleaner cuts (a label-like line)
LEFTOVER = "Harbour Museum Opens Its New Wing To Visitors On Saturday Morning"
SHARE = "Share this article"


def run_score(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCORE), *args], capture_output=True, text=True, check=True)


def test_a_text_set_is_scored_and_its_errors_reported(tmp_path):
    gold = "\n".join(BODY)
    rows = [{"id": "bridge", "url": "https://example.com/bridge",
             "input": "\n\n".join([BODY[0], SHARE, BODY[1], LEFTOVER, BODY[2]]), "gold": gold},
            {"id": "clean", "input": "\n\n".join(BODY), "gold": gold}]
    data = tmp_path / "mini.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    run_score("--set", f"mini={data}", "--report", str(tmp_path / "rep"), "--json", str(tmp_path / "f.json"))

    figures = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))["mini"]
    assert figures["docs"] == 2 and figures["errors"] == 0
    # the sidebar headline left costs precision (and the shingles that span the lines around it,
    # a little recall)
    assert 0.5 < figures["precision"] < figures["recall"] < 1.0
    records = [json.loads(line) for line in (tmp_path / "rep" / "mini.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records[0]["id"] == "bridge"   # worst first
    assert records[0]["leftovers"] == [{"line": LEFTOVER, "family": "headline-like"}]
    assert records[0]["lost"] == [] and records[1]["leftovers"] == records[1]["lost"] == []
    report = (tmp_path / "rep" / "mini.md").read_text(encoding="utf-8")
    assert "Leftover clutter lines by family: headline-like 1" in report
    assert f"- LEFT [headline-like] {LEFTOVER}" in report


def test_a_users_rules_are_scored_with_the_builtin_ones(tmp_path):
    gold = "\n".join(BODY)
    data = tmp_path / "mini.jsonl"
    data.write_text(json.dumps({"id": "bridge", "input": "\n\n".join([BODY[0], LEFTOVER, BODY[1], SHARE, BODY[2]]),
                                "gold": gold}) + "\n", encoding="utf-8")
    rules = tmp_path / "mine.yaml"
    rules.write_text("pack: mine\ndescription: d\nrules:\n  - id: museum\n    kind: line\n"
                     "    description: Museum teasers.\n    pattern: '^harbour museum opens\\b'\n    flags: [ignorecase]\n",
                     encoding="utf-8")

    def figures(*args: str) -> dict:
        run_score("--set", f"mini={data}", "--json", str(tmp_path / "f.json"), "--report", str(tmp_path / "rep"), *args)
        return json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))["mini"]

    assert figures()["precision"] < 1.0
    assert figures("--rules", str(rules))["precision"] == 1.0   # the leftover headline goes
    assert figures("--rules", str(rules), "--disable", "share")["precision"] < 1.0   # the share line stays
    report = (tmp_path / "rep" / "mini.md").read_text(encoding="utf-8")
    assert f"LEFT [share] {SHARE}" in report
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: bad\ndescription: d\nrules:\n  - id: x\n    kind: line\n    description: d\n"
                   "    pattern: '(unclosed'\n", encoding="utf-8")
    failed = subprocess.run([sys.executable, str(SCORE), "--set", f"mini={data}", "--rules", str(bad)],
                            capture_output=True, text=True)
    assert failed.returncode == 1 and "invalid rules" in failed.stderr and "bad.x" in failed.stderr


def test_an_html_set_names_the_rule_behind_each_lost_line_beside_trafilatura(tmp_path):
    paragraphs = "".join(f"<p>{line}</p>" for line in BODY)
    page = (f"<html lang='en'><head><title>Harbour Bridge to Close</title></head><body><article>"
            f"<h1>Harbour Bridge to Close</h1>{paragraphs}<p>Advertisement</p></article></body></html>")
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "bridge.html").write_text(page, encoding="utf-8")
    # this gold keeps the ad label as body, so the cleaner "loses" it, and must say which rule did
    gold = {"bridge": {"articleBody": "\n".join([*BODY, "Advertisement"]), "url": "https://example.com/bridge"}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(gold), encoding="utf-8")
    out = run_score("--set", f"mini-html={tmp_path}", "--baseline", "--report", str(tmp_path / "rep"),
                    "--json", str(tmp_path / "f.json"))

    figures = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert set(figures) == {"mini-html", "mini-html (trafilatura)"}
    assert "trafilatura F1" in out.stdout
    (record,) = [json.loads(line) for line in (tmp_path / "rep" / "mini-html.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["lost"] == [{"line": "Advertisement", "rule": "ads.ad-label"}]
    assert record["leftovers"] == []


def test_a_missing_set_is_skipped_not_fatal(tmp_path):
    out = run_score("--set", f"gone={tmp_path / 'nowhere.jsonl'}")
    assert "gone: skipped" in out.stdout


def test_the_site_lines_benchmark_scores_both_passes(tmp_path):
    promo = "Get the Harbour Courier app and hear about closures on your street first."
    rows = [{"id": str(n), "url": f"https://www.harbourcourier.example/{n}", "input": f"{body}\n{promo}",
             "gold": body} for n, body in enumerate(BODY)]
    rows.append({"id": "alone", "url": "https://other.example/1", "input": f"{BODY[0]}\n{promo}", "gold": BODY[0]})
    data = tmp_path / "site.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORE.with_name("sites.py")), "--set", f"site={data}"],
                         capture_output=True, text=True, check=True).stdout
    whole, shared = [line.split() for line in out.splitlines()[1:3]]
    assert whole[:3] == ["site", "4", "2"] and "3 lines" in out      # the promo, on the site's 3 pages
    assert shared[-8:-6] == ["3", "1"]                                # 3 documents of 1 site
    before, after = float(shared[-6]), float(shared[-3])
    assert before < 1.0 and after == 1.0
    assert float(whole[3]) < float(whole[6]) < 1.0                    # the other site keeps its promo


def test_an_html_set_renders_as_a_text_set_the_text_pipeline_can_be_scored_on(tmp_path):
    folder = tmp_path / "pages"
    (folder / "html").mkdir(parents=True)
    wrapped = BODY[0].replace(" the old", "\nthe old")   # a source line break inside the paragraph
    page = ('<?xml version="1.0" encoding="utf-8"?><html><head><title>Bridge</title><script>var x = 1;</script>'
            "</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><!-- a comment -->"
            f"<article><p>{wrapped}</p><div>{BODY[1]}<br>{BODY[2]}</div>"
            "<pre>span  12 m\nload  40 t</pre></article></body></html>")
    (folder / "html" / "bridge.html").write_text(page, encoding="utf-8")
    (folder / "ground-truth.json").write_text(json.dumps({"bridge": {"articleBody": "\n".join(BODY)}}),
                                              encoding="utf-8")
    out = tmp_path / "pages.jsonl"
    subprocess.run([sys.executable, str(SCORE.with_name("render_text.py")), str(folder), str(out)], check=True)
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["input"].splitlines() == ["Bridge", "Home News", *BODY, "span 12 m", "load 40 t"]
    assert row["gold"] == "\n".join(BODY)
    run_score("--set", f"pages={out}", "--json", str(tmp_path / "f.json"))
    figures = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))["pages"]
    assert figures["docs"] == 1 and figures["errors"] == 0 and figures["f1"] > 0.9


def test_the_speed_script_times_the_corpus_language_by_language():
    """Figures only (speed is never asserted in a test): one line per language of the corpus."""
    speed = SCORE.with_name("speed.py")
    out = subprocess.run([sys.executable, str(speed), "--by-language", "--passes", "1"],
                         capture_output=True, text=True, check=True).stdout
    languages = {line.split()[0] for line in out.splitlines()[1:]}
    corpus = SCORE.parents[1] / "corpus" / "input"
    assert languages == {folder.name for folder in corpus.iterdir() if any(folder.glob("*.txt"))}
    assert all("us per 1,000 characters" in line for line in out.splitlines()[1:])


def test_the_lines_script_counts_clutter_removed_and_body_kept_and_lists_the_misses(tmp_path):
    clutter = tmp_path / "clutter.jsonl"
    clutter.write_text("\n".join(json.dumps(row) for row in [
        {"lang": "en", "family": "share", "text": SHARE},
        {"lang": "en", "family": "teaser", "text": LEFTOVER}]), encoding="utf-8")
    body = tmp_path / "body.jsonl"
    body.write_text(json.dumps({"lang": "en", "text": BODY[0]}), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORE.with_name("lines.py")), "--show", str(clutter), str(body)],
                         capture_output=True, text=True, check=True).stdout
    assert "clutter.jsonl: 1/2 removed, the article whole (50.0%), line set at the middle" in out
    assert "removed with paragraphs of the article after it: 0; left: 1" in out
    assert "by family:   share 1/1, teaser 0/1" in out
    assert f"LEFT en teaser     {LEFTOVER}" in out
    assert "body.jsonl: 1/1 kept, the article whole (100.0%)" in out
