"""The Ray engine and the Ray Data entry point, on a real local Ray instance: same bytes as local."""
import json

import pytest

from cleaner.batch import run
from test_batch import ARTICLE, PAGE, errors, make_texts, records, tree, write_warc

# In one worker of a parallel run, so that one local Ray instance serves them all
pytestmark = pytest.mark.xdist_group("ray")

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'cleaner[ray]' (the test extra has it)")


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance for the module (starting one takes a few seconds)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture
def inputs(tmp_path):
    src = tmp_path / "in"
    make_texts(src, 60)
    (src / "000" / "page.html").write_text(PAGE, encoding="utf-8")
    (src / "000" / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (src / "000" / "empty.txt").write_bytes(b"")
    return src


def test_ray_engine_writes_the_same_tree_as_the_local_engine(local_ray, inputs, tmp_path):
    local = run([inputs], tmp_path / "local", jobs=2)
    on_ray = run([inputs], tmp_path / "ray", engine="ray", jobs=2)
    assert on_ray.engine == "ray" and (on_ray.cleaned, on_ray.failed) == (local.cleaned, local.failed) == (61, 2)
    assert on_ray.removals == local.removals
    without_summary = lambda files: {name: data for name, data in files.items() if name not in ("summary.json", "errors.jsonl")}
    assert without_summary(tree(tmp_path / "ray")) == without_summary(tree(tmp_path / "local"))
    assert errors(tmp_path / "ray") == errors(tmp_path / "local")
    again = run([inputs], tmp_path / "ray", engine="ray", jobs=2)
    assert (again.skipped, again.cleaned) == (61, 0)


def test_ray_engine_jsonl_records_equal_local_ones(local_ray, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    run([warc], tmp_path / "local", fmt="jsonl", with_removed=True)
    run([warc], tmp_path / "ray", fmt="jsonl", with_removed=True, engine="ray")
    key = lambda record: record["id"]
    assert sorted(records(tmp_path / "ray"), key=key) == sorted(records(tmp_path / "local"), key=key)


def test_ray_data_entry_point_gives_the_local_jsonl_record_for_every_row(local_ray, tmp_path):
    from cleaner.batch.ray_engine import clean_dataset

    rows = [{"id": "a1", "url": "https://example.com/bridge", "html": PAGE, "lang": "en"},
            {"id": "a2", "url": None, "html": "<html><body><p>" + ARTICLE + "</p></body></html>", "lang": "en"},
            {"id": "a3", "url": None, "html": "", "lang": "en"}]
    source = tmp_path / "rows.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    run([source], tmp_path / "local", fmt="jsonl")
    local = {record["id"]: record for record in records(tmp_path / "local")}

    cleaned = clean_dataset(ray.data.from_items(rows), field="html", concurrency=2).take_all()
    by_id = {row["id"]: row for row in cleaned}
    assert by_id["a3"]["error"] == "empty input" and by_id["a3"]["status"] == "failed"
    for row_id in ("a1", "a2"):
        row = by_id[row_id]
        assert row.pop("error") is None and row.pop("lang") == "en" and "html" not in row
        for name in ("metadata", "warnings"):
            row[name] = json.loads(row[name])
        assert row == {**local[row_id], "path": row_id}


def test_ray_engine_fails_only_the_document_over_the_time_limit(local_ray, tmp_path):
    src = tmp_path / "in"
    make_texts(src, 10)
    paragraph = "<p>The council met on Monday and talked about the harbour bridge for a long time.</p>\n"
    (src / "000" / "huge.html").write_text("<html><body>" + paragraph * 60_000 + "</body></html>", encoding="utf-8")
    summary = run([src], tmp_path / "out", engine="ray", jobs=2, timeout=0.5)
    assert errors(tmp_path / "out") == {"huge.html": "timed out after 0.5 s"}
    assert (summary.cleaned, summary.failed) == (10, 1)
