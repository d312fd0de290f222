"""Where documents come from: folder trees, JSON Lines files, WARC files, stdin.

Every source is a generator of small ``Item`` values, read lazily: a folder yields paths (a worker
reads the file), a JSON Lines or WARC file yields one record at a time. Nothing holds the corpus in
memory, so a run over a billion documents needs no more memory than a run over a thousand.
"""
from __future__ import annotations

import fnmatch
import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..decode import valid_unicode
from ..records import json_lines

DOCUMENT_SUFFIXES = (".html", ".htm", ".txt")
DEFAULT_INCLUDE = tuple(f"*{suffix}{gz}" for suffix in DOCUMENT_SUFFIXES for gz in ("", ".gz"))
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
INPUT_FORMATS = ("auto", "tree", "jsonl", "warc")
HTML_TYPES = ("text/html", "application/xhtml+xml")


class SourceError(Exception):
    """An input that cannot be used at all (missing, wrong kind): a usage error, nothing is run."""


class ItemError(Exception):
    """One document cannot be read; the message is the one-line reason for the errors file."""


@dataclass(frozen=True, slots=True)
class Item:
    """One document to clean: a file to read, or a record whose bytes are already here.

    ``key`` identifies it across runs (the resume ledger's key); ``name`` is its relative path,
    which a tree of outputs mirrors; ``label`` names it for people (errors file, stderr).
    """

    key: str
    name: str
    label: str
    file: str | None = None
    data: bytes | None = None
    gz: bool = False
    id: str | None = None
    url: str | None = None
    kind: str = "auto"
    error: str | None = None   # the reader already knows this one is bad, and why

    def read_raw(self, max_size: int) -> bytes:
        """The bytes as stored (still gzipped for ``.gz`` files); ItemError when unreadable or too big."""
        if self.data is not None:
            if len(self.data) > max_size:
                raise ItemError(f"too large: {len(self.data):,} bytes (limit {max_size:,})")
            return self.data
        if self.file is None:   # (an item holds its bytes or names its file)
            raise ItemError("no bytes and no file to read")
        try:
            with open(self.file, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > max_size:
                    raise ItemError(f"too large: {size:,} bytes (limit {max_size:,})")
                return handle.read(max_size + 1)
        except OSError as err:
            raise ItemError(f"cannot read: {err.strerror or err}") from None

    def content(self, raw: bytes, max_size: int) -> bytes:
        """The document bytes: ``raw`` unpacked when gzipped, within ``max_size``."""
        if not self.gz:
            return raw
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as unpacked:
                data = unpacked.read(max_size + 1)
        except EOFError:
            raise ItemError("truncated gzip: the file ends before the end of the compressed stream") from None
        except (OSError, zlib.error) as err:
            raise ItemError(f"corrupt gzip: {err}") from None
        if len(data) > max_size:
            raise ItemError(f"too large once unpacked: over {max_size:,} bytes")
        return data

    def with_data(self, data: bytes) -> "Item":
        return replace(self, data=data, file=None)


@dataclass(frozen=True)
class SourceSpec:
    """How to read inputs: which files of a tree, and which fields of a JSON Lines record."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    input_format: str = "auto"
    field: str | None = None        # JSON Lines: field with the document (None: "html", else "text")
    id_field: str = "id"
    url_field: str = "url"
    kind: str = "auto"


class Source:
    """One input given by the user: ``items()`` streams its documents, ``count()`` counts them
    (for a progress bar's total; None when counting would cost as much as reading)."""

    def __init__(self, path: Path, prefix: str, spec: SourceSpec):
        self.path, self.prefix, self.spec = path, prefix, spec

    def items(self) -> Iterator[Item]:
        raise NotImplementedError

    def count(self) -> int | None:
        return None

    def _key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name


class TreeSource(Source):
    """Every document file under a folder, depth first, sorted by name within each folder."""

    def items(self) -> Iterator[Item]:
        for rel, full, error in self._walk():
            name = self._key(rel)
            if error:
                yield _failed_item(name, str(full), error)
            else:
                yield Item(key=name, name=name, label=str(full), file=str(full),
                           gz=rel.endswith(".gz"), kind=self.spec.kind)

    def count(self) -> int:
        return sum(1 for _ in self._walk())

    def _walk(self) -> Iterator[tuple[str, Path, str | None]]:
        """(relative path, path, None) per document file; (folder, folder, reason) per folder
        that cannot be listed (it is reported, the walk goes on)."""
        include = self.spec.include or DEFAULT_INCLUDE
        stack = [(self.path, "")]
        while stack:
            folder, rel = stack.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError as err:
                yield rel.rstrip("/") or ".", folder, f"cannot list folder: {err.strerror or err}"
                continue
            subfolders = []
            for entry in entries:
                entry_rel = f"{rel}{entry.name}"
                if _matches(entry_rel, self.spec.exclude):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append((Path(entry.path), entry_rel + "/"))
                elif entry.is_file() and _matches(entry_rel, include):
                    yield entry_rel, Path(entry.path), None
            stack.extend(reversed(subfolders))


def _matches(rel: str, globs: tuple[str, ...]) -> bool:
    """A glob matches the path relative to the input folder or the file name alone (``*`` spans ``/``)."""
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(rel, glob) or fnmatch.fnmatchcase(name, glob) for glob in globs)


class FileSource(Source):
    """A single document file among several inputs."""

    def items(self) -> Iterator[Item]:
        if str(self.path) == "-":
            name = self._key("stdin")
            yield Item(key=name, name=name, label="<stdin>", data=sys.stdin.buffer.read(), kind=self.spec.kind)
            return
        name = self._key(self.path.name)
        yield Item(key=name, name=name, label=str(self.path), file=str(self.path),
                   gz=self.path.name.endswith(".gz"), kind=self.spec.kind)

    def count(self) -> int:
        return 1


class JsonlSource(Source):
    """JSON Lines records: the document in ``field``, kept ``id`` and ``url`` fields.

    A record that is not JSON, or lacks the field, is an item that fails with that reason: the
    run goes on.
    """

    def items(self) -> Iterator[Item]:
        for number, record, problem in json_lines(self.path):
            label, key = f"{self.path}:{number}", self._key(f"{self.path.name}:{number}")
            if problem:
                yield _failed_item(key, label, f"line {number} is {problem}")
            else:
                yield item_from_record(record, self.spec, key=key, label=label,
                                       default_name=self._key(str(number)))

    def count(self) -> int | None:
        if str(self.path) == "-" or self.path.name.endswith(".gz"):
            return None
        with open(self.path, "rb") as handle:
            return sum(1 for line in handle if line.strip())


def item_from_record(record: dict, spec: SourceSpec, *, key: str, label: str, default_name: str = "") -> Item:
    """The Item of one JSON Lines record (or Ray Data row): document from ``spec.field``, id, URL."""
    field = spec.field or ("html" if "html" in record else "text")
    document = record.get(field)
    if not isinstance(document, str):
        return _failed_item(key, label, f"record has no string field {field!r}")
    record_id = record.get(spec.id_field)
    record_id = None if record_id is None else str(record_id)
    url = record.get(spec.url_field)
    kind = spec.kind if spec.kind != "auto" else ("html" if field == "html" else "auto")
    name = f"{default_name.rpartition('/')[0]}/{record_id}".lstrip("/") if record_id else default_name
    try:
        data = document.encode("utf-8")
    except UnicodeEncodeError:   # a lone surrogate ("\ud800" in the JSON)
        data = valid_unicode(document).encode("utf-8")
    return Item(key=key, name=name, label=label, data=data, id=record_id,
                url=url if isinstance(url, str) else None, kind=kind)


class WarcSource(Source):
    """The HTML responses of a WARC file (``.warc`` or ``.warc.gz``), read with warcio.

    Other records (requests, metadata, non-HTML responses, HTTP errors) are passed over. The
    item's name is the target URL without its scheme, so a tree of outputs reads like the site.
    """

    def items(self) -> Iterator[Item]:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        with _open_raw(self.path) as stream:
            records = ArchiveIterator(stream)
            try:
                for record in records:
                    if record.rec_type != "response" or not _is_html_ok(record):
                        continue
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    record_id = record.rec_headers.get_header("WARC-Record-ID")
                    try:
                        data = record.content_stream().read()
                    except Exception as err:  # a broken chunked or gzip body: that record only
                        data, reason = None, f"unreadable WARC record body: {err}"
                    label = f"{self.path}@{records.get_record_offset()}"  # only once the body is read
                    if data is None:
                        yield _failed_item(self._key(f"{self.path.name}#{record_id}"), label, reason)
                        continue
                    yield Item(key=self._key(f"{self.path.name}#{record_id}"), label=label,
                               name=self._key(_url_name(url) if url else record_id),
                               data=data, id=record_id, url=url, kind=self.spec.kind)
            except (ArchiveLoadFailed, EOFError, zlib.error, OSError) as err:
                yield _failed_item(self._key(f"{self.path.name}@{records.offset}"),
                                   f"{self.path}@{records.offset}", f"WARC file unreadable from here on: {err}")


def _is_html_ok(record) -> bool:
    http = record.http_headers
    if http is None:
        return False
    status = (http.get_statuscode() or "").strip()
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return status == "200" and content_type in HTML_TYPES


def _url_name(url: str) -> str:
    """``https://example.com/news/story?id=3`` -> ``example.com/news/story_id=3``."""
    rest = url.split("://", 1)[-1].replace("?", "_")
    return rest if not rest.endswith("/") else rest + "index"


def _failed_item(key: str, label: str, reason: str) -> Item:
    """An item the reader already knows is bad: it is reported with ``reason``, never cleaned."""
    return Item(key=key, name=key, label=label, error=reason)


def _open_raw(path: Path):
    return sys.stdin.buffer if str(path) == "-" else open(path, "rb")


def detect_format(path: Path, requested: str) -> str:
    """``tree`` for folders, ``jsonl`` or ``warc`` by suffix, ``doc`` for one document file."""
    if requested != "auto":
        return requested
    if str(path) == "-":
        return "doc"
    if path.is_dir():
        return "tree"
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    return "doc"


def open_sources(paths: list[Path], spec: SourceSpec) -> list[Source]:
    """One Source per input. With several inputs each one's items are named under its own name,
    so two folders with the same relative paths never share an output."""
    sources = []
    prefixes = set()
    for path in paths:
        fmt = detect_format(path, spec.input_format)
        if str(path) != "-" and not path.exists():
            raise SourceError(f"{path}: no such file or folder")
        if fmt == "tree" and not path.is_dir():
            raise SourceError(f"{path}: not a folder")
        prefix = "" if len(paths) == 1 else (path.name if str(path) != "-" else "stdin")
        if prefix in prefixes:
            raise SourceError(f"two inputs are named {prefix!r}; their outputs would collide. "
                              "Clean them in separate runs or rename one")
        prefixes.add(prefix)
        cls = {"tree": TreeSource, "jsonl": JsonlSource, "warc": WarcSource, "doc": FileSource}[fmt]
        sources.append(cls(path, prefix, spec))
    return sources


def safe_relative(name: str) -> PurePosixPath:
    """``name`` as a relative path that stays inside the output folder, or ItemError.

    Unsafe characters become ``_``; an absolute path loses its leading ``/``; a ``..`` part is
    refused (a record id like ``../../etc/x`` must never write outside the output folder).
    """
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts:
        raise ItemError(f"name {name!r} gives no output path")
    if ".." in parts:
        raise ItemError(f"name {name!r} would escape the output folder")
    clean = [("".join(ch if ch.isalnum() or ch in "._-=+,@" else "_" for ch in part))[:200] for part in parts]
    return PurePosixPath(*clean)
