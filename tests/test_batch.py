"""Batch runs: trees, archives, stdin, outputs, errors, summary, resume after kill -9.

Real worker processes, real files; the kill test kills a real `cleaner clean` with SIGKILL.
"""
import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner import Cleaner
from cleaner.batch import BatchError, run
from cleaner.batch.runner import LocalPool
from cleaner.batch.sources import Item
from cleaner.batch.work import WorkSpec
from cleaner.cli import main
from conftest import ROOT
from test_pipeline import ARTICLE, PAGE

CLEANER_CLI = [sys.executable, "-m", "cleaner"]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but the run's own state, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cleaner" not in p.relative_to(folder).parts}


def records(folder: Path) -> list[dict]:
    return [json.loads(line) for part in sorted(folder.glob("part-*.jsonl"))
            for line in part.read_text(encoding="utf-8").splitlines()]


def errors(folder: Path) -> dict[str, str]:
    lines = (folder / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    return {Path(entry["path"]).name: entry["reason"] for entry in map(json.loads, lines)}


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Folders of .txt, .html and .gz inputs, a non-input, and broken files of every kind."""
    src = tmp_path / "in"
    (src / "news" / "deep").mkdir(parents=True)
    (src / "drafts").mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "news" / "b.html").write_text(PAGE, encoding="utf-8")
    (src / "news" / "deep" / "c.htm.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    (src / "news" / "deep" / "d.txt.gz").write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    (src / "drafts" / "e.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "notes.md").write_text("not an input", encoding="utf-8")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (src / "truncated.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8"))[:-30])
    (src / "notgzip.txt.gz").write_bytes(b"plain text, not gzip")
    (src / "empty.txt").write_bytes(b"")
    return src


def test_a_tree_is_mirrored_with_gz_inputs_and_bad_files_listed(corpus, tmp_path):
    out = tmp_path / "out"
    seen = []
    summary = run([corpus], out, jobs=2, on_error=lambda path, reason: seen.append(path))
    assert sorted(tree(out)) == ["a.txt", "drafts/e.txt", "errors.jsonl", "news/b.txt", "news/deep/c.txt",
                                 "news/deep/d.txt", "summary.json"]
    assert (out / "news" / "deep" / "c.txt").read_text(encoding="utf-8").startswith("The council voted")
    assert (out / "a.txt").read_bytes() == (out / "news" / "deep" / "d.txt").read_bytes()
    assert "READ |" not in (out / "a.txt").read_text(encoding="utf-8")
    assert errors(out) == {
        "junk.txt": "binary data, not text (NUL or control bytes); pass a page or its text",
        "truncated.html.gz": "truncated gzip: the file ends before the end of the compressed stream",
        "notgzip.txt.gz": "corrupt gzip: Not a gzipped file (b'pl')",
        "empty.txt": "empty input",
    }
    assert sorted(Path(path).name for path in seen) == sorted(errors(out))
    assert (summary.documents, summary.cleaned, summary.failed, summary.skipped) == (9, 5, 4, 0)
    assert not summary.ok
    assert list((out / ".cleaner" / "tmp").iterdir()) == []


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_workers_started_without_fork_clean_the_same(corpus, tmp_path, method):
    """Python 3.14 starts worker processes by forkserver on Linux, and macOS by spawn: the
    workers then get the rules pickled, and build them again, rather than a copy of the driver."""
    run([corpus], tmp_path / "forked", jobs=2)
    start = ("import multiprocessing, sys; multiprocessing.set_start_method(sys.argv[1]); "
             "from cleaner.cli import main; main(sys.argv[2:])")
    done = subprocess.run([sys.executable, "-c", start, method, "clean", str(corpus), "-o", str(tmp_path / method),
                           "--jobs", "2", "--no-progress"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr   # the corpus's broken files, as in the forked run
    def cleaned(folder: Path) -> dict[str, bytes]:
        return {name: data for name, data in tree(folder).items() if name.endswith(".txt")}

    assert cleaned(tmp_path / method) == cleaned(tmp_path / "forked") and len(cleaned(tmp_path / method)) == 5
    assert errors(tmp_path / method) == errors(tmp_path / "forked")   # (in the order documents finished)


def test_summary_json_counts_documents_bytes_and_removals_per_rule(corpus, tmp_path):
    out = tmp_path / "out"
    run([corpus], out, jobs=1, exclude=["junk.txt", "*.gz"])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {key: summary[key] for key in ("documents", "cleaned", "empty", "skipped", "failed", "workers")} == \
        {"documents": 4, "cleaned": 3, "empty": 0, "skipped": 0, "failed": 1, "workers": 1}
    assert summary["bytes_in"] == 2 * len(ARTICLE.encode()) + len(PAGE.encode())
    assert summary["bytes_out"] == sum(len(data) for name, data in tree(out).items() if name.endswith(".txt"))
    assert summary["removals"]["teasers.read-pipe"] == 2
    assert summary["removals"]["ads.ad-label"] == 1
    assert summary["fingerprint"] == Cleaner().fingerprint
    assert summary["seconds"] > 0 and summary["docs_per_second"] > 0


def test_include_and_exclude_globs(corpus, tmp_path):
    out = tmp_path / "out"
    run([corpus], out, include=["*.txt", "*.md"], exclude=["drafts", "junk.txt"])
    assert sorted(tree(out)) == ["a.txt", "errors.jsonl", "notes.md.txt", "summary.json"]
    assert errors(out) == {"empty.txt": "empty input"}


def test_cli_runs_a_folder_reports_failures_and_exits_1(corpus, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(corpus), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1
    assert f"{corpus / 'junk.txt'}: binary data, not text" in result.stderr
    assert "9 documents: 5 cleaned, 0 empty, 0 skipped (up to date), 4 failed" in result.stderr
    assert f"4 documents failed; reasons in {out / 'errors.jsonl'}" in result.stderr
    clean = CliRunner().invoke(main, ["clean", str(corpus), "-o", str(tmp_path / "ok"), "--exclude", "*.gz",
                                      "--exclude", "junk.txt", "--exclude", "empty.txt"])
    assert clean.exit_code == 0, clean.stderr


def test_size_and_time_limits_fail_only_that_document(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "small.txt").write_text(ARTICLE, encoding="utf-8")
    paragraph = "<p>The council met on Monday and talked about the harbour bridge for a long time.</p>\n"
    (src / "huge.html").write_text("<html><body>" + paragraph * 60_000 + "</body></html>", encoding="utf-8")
    summary = run([src], tmp_path / "sized", max_size=2**20)
    assert errors(tmp_path / "sized") == {"huge.html": f"too large: {(src / 'huge.html').stat().st_size:,} bytes "
                                                       "(limit 1,048,576)"}
    summary = run([src], tmp_path / "timed", timeout=0.5, jobs=1)
    assert errors(tmp_path / "timed") == {"huge.html": "timed out after 0.5 s"}
    assert (summary.cleaned, summary.failed) == (1, 1)
    assert (tmp_path / "timed" / "small.txt").exists()


class _DyingItem(Item):
    """A document whose reading kills the worker process outright, as a crash in a parser would."""

    def read_raw(self, max_size: int) -> bytes:
        os._exit(3)


def test_a_worker_that_dies_mid_batch_costs_only_its_document():
    items = [Item(key=f"k{n}", name=f"{n}.txt", label=f"{n}.txt", data=ARTICLE.encode()) for n in range(6)]
    items.insert(3, _DyingItem(key="bad", name="bad.txt", label="bad.txt", data=b"x"))
    pool = LocalPool(WorkSpec(Cleaner()), workers=1, timeout=30)
    try:
        outcomes = {task[0].name: outcome for task, outcome in pool.map((item, item.key, None) for item in items)}
    finally:
        pool.close()
    assert outcomes.pop("bad.txt").reason == "worker process died (exit code 3)"
    assert sorted(outcomes) == [f"{n}.txt" for n in range(6)]
    assert {outcome.status for outcome in outcomes.values()} == {"cleaned"}


def test_jsonl_in_jsonl_out_keeps_ids_and_urls(tmp_path):
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join([
        json.dumps({"id": "a1", "url": "https://example.com/bridge", "html": PAGE}),
        json.dumps({"id": 7, "text": ARTICLE}),
        "{not json",
        json.dumps({"id": "a3", "body": "no document field"}),
        "",
    ]), encoding="utf-8")
    out = tmp_path / "out"
    summary = run([source], out, fmt="jsonl", with_removed=True)
    got = {record["id"]: record for record in records(out)}
    assert sorted(got) == ["7", "a1"]
    assert got["a1"]["url"] == "https://example.com/bridge" and got["a1"]["kind"] == "html"
    assert got["a1"]["title"] == "Harbour Bridge to Close"
    assert got["7"]["text"].startswith("The council voted") and got["7"]["metadata"]["author"] == "Maria Lindqvist"
    assert any(removal["rule"] == "teasers.read-pipe" for removal in got["7"]["removed"])
    assert [list(record)[:3] for record in got.values()] == [["id", "url", "path"]] * 2
    assert errors(out) == {"articles.jsonl:3": "line 3 is not JSON: Expecting property name enclosed in double "
                                               "quotes: line 1 column 2 (char 1)",
                           "articles.jsonl:4": "record has no string field 'text'"}
    assert (summary.cleaned, summary.failed) == (2, 2)


def test_a_record_with_a_lone_surrogate_is_cleaned_not_fatal(tmp_path):
    """JSON may escape half a surrogate pair ("\\ud800"): the record is cleaned with U+FFFD in
    its place, and the run goes on."""
    source = tmp_path / "articles.jsonl"
    sentence = "The council met on Tuesday {} to vote on the bridge, officials said."
    source.write_text(json.dumps({"id": "s", "text": sentence.format("\ud800")}) + "\n"
                      + json.dumps({"id": "t", "text": ARTICLE}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = run([source], out, fmt="jsonl")
    got = {record["id"]: record["text"] for record in records(out)}
    assert got["s"] == sentence.format("\ufffd") and got["t"].startswith("The council voted")
    assert (summary.cleaned, summary.failed) == (2, 0)


def test_record_ids_become_paths_that_stay_inside_the_output(tmp_path):
    source = tmp_path / "articles.jsonl"
    ids = ["../../escape", "/etc/passwd", "news/ok", "a/./../b"]
    source.write_text("".join(json.dumps({"id": i, "text": ARTICLE}) + "\n" for i in ids), encoding="utf-8")
    out = tmp_path / "out"
    run([source], out)
    assert sorted(tree(out)) == ["errors.jsonl", "etc/passwd.txt", "news/ok.txt", "summary.json"]
    assert errors(out) == {"articles.jsonl:1": "name '../../escape' would escape the output folder",
                           "articles.jsonl:4": "name 'a/./../b' would escape the output folder"}
    assert not (tmp_path / "escape.txt").exists()


def test_output_inside_an_input_or_input_inside_the_output_is_refused(corpus, tmp_path):
    with pytest.raises(BatchError, match="is inside the input"):
        run([corpus], corpus / "out")
    (tmp_path / "out").mkdir()
    with pytest.raises(BatchError, match="is inside the output folder"):
        run([tmp_path / "out"], tmp_path)
    result = CliRunner().invoke(main, ["clean", str(corpus), "-o", str(corpus)])
    assert result.exit_code == 2
    assert result.output == (f"Error: the output folder {corpus} is inside the input {corpus}; "
                             "choose an output folder outside the inputs\n")
    assert not (corpus / "a.txt.txt").exists() and not (corpus / "summary.json").exists()


def write_warc(path: Path) -> None:
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)

        def response(url, body, content_type="text/html; charset=utf-8", status="200 OK"):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        writer.write_record(writer.create_warc_record("https://example.com/", "request",
                                                      payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        response("https://example.com/news/bridge", PAGE.encode("utf-8"))
        response("https://example.com/logo.png", b"\x89PNG....", content_type="image/png")
        response("https://example.com/gone", b"<html>not here</html>", status="404 Not Found")
        response("https://example.com/news/ferry?id=2", PAGE.replace("Harbour Bridge", "Ferry Strike").encode("utf-8"))


def test_warc_html_responses_are_cleaned_other_records_passed_over(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    out = tmp_path / "out"
    summary = run([warc], out, fmt="jsonl")
    got = sorted(records(out), key=lambda record: record["url"])
    assert [record["url"] for record in got] == ["https://example.com/news/bridge", "https://example.com/news/ferry?id=2"]
    assert got[1]["title"] == "Ferry Strike to Close"
    assert all(record["id"].startswith("<urn:uuid:") for record in got)
    assert (summary.documents, summary.cleaned) == (2, 2)
    run([warc], tmp_path / "tree")
    assert sorted(tree(tmp_path / "tree")) == ["errors.jsonl", "example.com/news/bridge.txt",
                                               "example.com/news/ferry_id=2.txt", "summary.json"]


def test_stdin_as_a_jsonl_source_through_the_cli(tmp_path):
    lines = "".join(json.dumps({"id": f"n{i}", "text": ARTICLE}) + "\n" for i in range(3))
    out = tmp_path / "out"
    done = subprocess.run([*CLEANER_CLI, "clean", "-", "--input-format", "jsonl", "-o", str(out), "--format", "jsonl"],
                          input=lines.encode(), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert sorted(record["id"] for record in records(out)) == ["n0", "n1", "n2"]
    assert b"docs/s" not in done.stderr  # no progress bar when stderr is not a terminal


def test_a_second_run_skips_complete_outputs_and_redoes_changed_ones(corpus, tmp_path):
    out = tmp_path / "out"
    run([corpus], out, exclude=["junk.txt", "*.gz", "empty.txt"])
    first = {name: (out / name).stat().st_ino for name in tree(out) if name.endswith(".txt")}
    again = run([corpus], out, exclude=["junk.txt", "*.gz", "empty.txt"])
    assert (again.skipped, again.cleaned) == (3, 0)
    assert {name: (out / name).stat().st_ino for name in first} == first

    (corpus / "a.txt").write_text(ARTICLE.replace("Tuesday", "Wednesday"), encoding="utf-8")
    (out / "news" / "b.txt").unlink()
    (out / "drafts" / "e.txt").write_text("edited by hand", encoding="utf-8")
    changed = run([corpus], out, exclude=["junk.txt", "*.gz", "empty.txt"])
    assert (changed.skipped, changed.cleaned) == (0, 3)
    assert "Wednesday" in (out / "a.txt").read_text(encoding="utf-8")
    assert (out / "drafts" / "e.txt").read_text(encoding="utf-8").startswith("The council voted")

    other_rules = run([corpus], out, cleaner=Cleaner(disable=["teasers", "ads"]), exclude=["junk.txt", "*.gz", "empty.txt"])
    assert (other_rules.skipped, other_rules.cleaned) == (0, 3)
    assert "READ |" in (out / "drafts" / "e.txt").read_text(encoding="utf-8")


def test_jsonl_output_resumes_and_drops_stale_records(tmp_path):
    source = tmp_path / "articles.jsonl"

    def write(texts):
        source.write_text("".join(json.dumps({"id": f"n{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
                          encoding="utf-8")

    write([ARTICLE] * 5)
    out = tmp_path / "out"
    run([source], out, fmt="jsonl", part_records=2)
    assert sorted(p.name for p in out.glob("part-*")) == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    again = run([source], out, fmt="jsonl", part_records=2)
    assert (again.skipped, again.cleaned) == (5, 0)

    write([ARTICLE] * 3 + [ARTICLE.replace("Tuesday", "Friday")] + [ARTICLE])
    changed = run([source], out, fmt="jsonl", part_records=2)
    assert (changed.skipped, changed.cleaned) == (4, 1)
    got = records(out)
    assert sorted(record["id"] for record in got) == ["n0", "n1", "n2", "n3", "n4"]
    assert "Friday" in next(record["text"] for record in got if record["id"] == "n3")
    assert run([source], out, fmt="jsonl").skipped == 5


def test_jsonl_output_refuses_a_folder_with_foreign_part_files(tmp_path):
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "part-00000.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(BatchError, match="holds part-00000.jsonl, which no run into this folder made"):
        run([source], tmp_path / "out", fmt="jsonl")


def test_a_second_run_into_the_same_output_waits_its_turn(corpus, tmp_path):
    import fcntl

    out = tmp_path / "out"
    (out / ".cleaner").mkdir(parents=True)
    with open(out / ".cleaner" / "lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(BatchError, match="another run is writing into"):
            run([corpus], out)
    assert run([corpus], out, include=["a.txt"]).cleaned == 1


def make_texts(folder: Path, count: int) -> None:
    """``count`` distinct scraped-text articles in folders of 100."""
    samples = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpus" / "input").rglob("*.txt"))]
    for number in range(count):
        path = folder / f"{number // 100:03d}" / f"doc{number:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Story number {number}.\n\n" + samples[number % len(samples)], encoding="utf-8")


def test_kill_9_mid_run_then_rerun_gives_the_uninterrupted_tree(tmp_path):
    src, reference, out = tmp_path / "in", tmp_path / "reference", tmp_path / "out"
    make_texts(src, 600)
    command = [*CLEANER_CLI, "clean", str(src), "--jobs", "2", "--no-progress"]
    assert subprocess.run([*command, "-o", str(reference)], capture_output=True, timeout=300).returncode == 0

    job = subprocess.Popen([*command, "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(out.rglob("doc*.txt"))) < 150 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(job.pid, signal.SIGKILL)
    job.wait()
    survivors = {path: path.stat().st_ino for path in out.rglob("doc*.txt")}
    assert 150 <= len(survivors) < 600, "the run finished before it could be killed"
    for path in survivors:  # every file that exists is complete
        assert path.read_bytes() == (reference / path.relative_to(out)).read_bytes()

    rerun = subprocess.run([*command, "-o", str(out)], capture_output=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr.decode()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["skipped"] == len(survivors) and summary["cleaned"] == 600 - len(survivors)
    assert {path: path.stat().st_ino for path in survivors} == survivors  # nothing cleaned twice
    assert {k: v for k, v in tree(out).items() if k != "summary.json"} == \
        {k: v for k, v in tree(reference).items() if k != "summary.json"}
    assert list((out / ".cleaner" / "tmp").iterdir()) == []
    with sqlite3.connect(out / ".cleaner" / "ledger.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM outputs").fetchone() == (600,)


def test_two_inputs_with_one_output_path_the_second_fails_naming_the_first(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "story.htm").write_text(ARTICLE, encoding="utf-8")
    (source / "story.html").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    summary = run([source], out, jobs=1)
    assert (summary.cleaned, summary.failed) == (1, 1)
    assert errors(out) == {"story.html": "its output story.txt is also the output of story.htm; rename one of them"}


def test_ledger_rows_put_before_a_commit_are_seen_by_every_read(tmp_path):
    from cleaner.batch.state import Ledger, Row

    ledger = Ledger(tmp_path / "ledger.sqlite")
    run_id = ledger.start_run("fp")
    row = Row("a.txt", "a.html", "d1", "fp", "part-0", 3, 1, 2, 3, run_id)
    ledger.put(row)
    assert ledger.get("a.txt") == row                    # not yet written: served from the pending rows
    assert ledger.lines_of("part-0") == {3: "a.txt"}     # statements on outputs see it too
    ledger.move_line("a.txt", 5)
    assert ledger.get("a.txt").line == 5
    ledger.close()
    reopened = Ledger(tmp_path / "ledger.sqlite")
    assert reopened.get("a.txt").line == 5
    reopened.close()
