"""Reading JSON records: JSON Lines files (a crawl's scraped pages, or a cleaning run's
``--format jsonl`` parts) and ``--format json`` result files, plain or gzipped, or from stdin.

The batch runner reads documents from them; ``cleaner sites learn`` reads pages from them too.
"""
from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path


def json_lines(path: Path) -> Iterator[tuple[int, dict, str | None]]:
    """(line number, record, None) per JSON object of a JSON Lines file (``-`` is stdin, ``.gz``
    is unpacked), or (line number, {}, reason) for a line that is ``not JSON: ...`` or ``not a
    JSON object``. Blank lines are skipped."""
    with open_stream(path) as stream:
        for number, line in enumerate(stream, 1):
            if line.strip():
                yield (number, *_json_object(line))


def _json_object(data: str | bytes) -> tuple[dict, str | None]:
    try:
        record = json.loads(data)
    except ValueError as err:
        return {}, f"not JSON: {err}"
    return (record, None) if isinstance(record, dict) else ({}, "not a JSON object")


def text_records(paths: Iterable[Path], report: Callable[[str], None], field: str = "text") -> Iterator[dict]:
    """Records with a text in ``field``: JSON Lines files (scraped text, or the ``--format jsonl``
    parts of a cleaning run; ``-`` is stdin) and ``.json`` results (``--format json``), given as
    files or folders. A line or file without that text is passed over; one that is not JSON, or a
    file that cannot be read, is told to ``report`` (as ``file:line: reason``) and the rest read on."""
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file() and _is_record_file(p)) if path.is_dir() else [path]
        for file in files:
            yield from _records_of(file, report, field)


def _is_record_file(path: Path) -> bool:
    name = path.name.removesuffix(".gz")
    return name.endswith((".jsonl", ".ndjson", ".json")) and name not in ("summary.json", "errors.jsonl")


def _records_of(file: Path, report: Callable[[str], None], field: str) -> Iterator[dict]:
    try:
        if file.name.removesuffix(".gz").endswith(".json"):   # one result: a whole file, no lines
            raw = file.read_bytes()
            record, problem = _json_object(gzip.decompress(raw) if file.suffix == ".gz" else raw)
            numbered: Iterable[tuple[str, dict, str | None]] = [(f"{file}", record, problem)]
        else:   # lazily: a crawl's file can be far larger than memory
            numbered = ((f"{file}:{number}", record, problem) for number, record, problem in json_lines(file))
        for where, record, problem in numbered:
            if problem:
                report(f"{where}: {problem}")
            elif isinstance(record.get(field), str):
                yield record
    except (OSError, UnicodeDecodeError, EOFError) as err:
        report(f"{file}: unreadable ({err})")


def record_url(record: dict, field: str = "url") -> str | None:
    """The page URL of a record: its ``field``, else its metadata's ``url`` (result records)."""
    url = record.get(field) or (record.get("metadata") or {}).get("url")
    return url if isinstance(url, str) else None


def open_stream(path: Path):
    """A binary stream of ``path``: stdin for ``-`` (left open afterwards), unpacked for ``.gz``."""
    if str(path) == "-":
        return _NoClose(sys.stdin.buffer)
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


class _NoClose:
    """stdin in a ``with`` block, left open afterwards."""

    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        return self.stream

    def __exit__(self, *exc):
        return False
