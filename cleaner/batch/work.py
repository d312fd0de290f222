"""What a worker does with one document: read, fingerprint the content, clean, render.

The same function runs in the local process pool and in Ray actors, so both engines produce the
same bytes. A worker gets its ``WorkSpec`` (and the compiled rules inside it) once, when it starts.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field

from ..errors import CleanerError
from ..pipeline import Cleaner
from ..result import CleanResult
from .sources import Item, ItemError

CLEANED, EMPTY, SKIPPED, FAILED = "cleaned", "empty", "skipped", "failed"
FORMATS = ("text", "json", "jsonl")


@dataclass(frozen=True)
class WorkSpec:
    """Everything a worker needs: the Cleaner, the output format, the size limit per document."""

    cleaner: Cleaner
    fmt: str = "text"
    with_removed: bool = False
    max_size: int = 20 * 2**20
    temp_dir: str | None = None   # local tree outputs: workers write them here, the driver renames


@dataclass(slots=True)
class Outcome:
    """What became of one document; small, so it crosses process boundaries cheaply."""

    status: str
    digest: str | None = None
    output: str | None = None        # the rendered output: a .txt or .json body, or one JSON line
    temp: str | None = None          # ... or the temporary file the worker wrote it to
    bytes_out: int = 0
    reason: str | None = None        # why it failed, one line
    bytes_in: int = 0
    removals: dict[str, int] = field(default_factory=dict)
    warnings: int = 0


def digest_of(raw: bytes) -> str:
    """The content key of a document, as stored (a gzipped file is keyed on its gzip bytes)."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def process(spec: WorkSpec, item: Item, known: str | None = None) -> Outcome:
    """Clean one item. ``known`` is the content digest of a complete output made under the same
    rules: when the item still has that content, it is skipped without cleaning."""
    if item.error:
        return Outcome(FAILED, reason=item.error)
    digest = None
    try:
        raw = item.read_raw(spec.max_size)
        digest = digest_of(raw)
        if known == digest:
            return Outcome(SKIPPED, digest=digest)
        data = item.content(raw, spec.max_size)
        if not data or data.isspace():
            raise ItemError("empty input")
        result = spec.cleaner.clean(data, kind=item.kind, url=item.url)
    except Exception as err:  # noqa: BLE001 - one broken document must not stop the run
        return Outcome(FAILED, digest=digest, reason=failure_reason(err))
    outcome = Outcome(CLEANED if result.text else EMPTY, digest=digest, bytes_in=len(data),
                      removals=dict(result.removed_by_rule), warnings=len(result.warnings))
    rendered = render(spec, item, result)
    if spec.temp_dir is not None and spec.fmt != "jsonl":
        body = rendered.encode("utf-8")
        outcome.temp, outcome.bytes_out = write_temp(spec.temp_dir, body), len(body)
    else:
        outcome.output = rendered
    return outcome


def write_temp(folder: str, data: bytes, prefix: str = ".out-") -> str:
    """Write ``data`` to a new file in ``folder`` (permissions as the umask gives); its path."""
    path = os.path.join(folder, f"{prefix}{secrets.token_hex(8)}.tmp")
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb") as handle:
        handle.write(data)
    return path


def render(spec: WorkSpec, item: Item, result: CleanResult) -> str:
    """The output for one document: the text, a JSON document, or one JSON Lines record."""
    if spec.fmt == "jsonl":
        return json.dumps(record(item, result, with_removed=spec.with_removed), ensure_ascii=False) + "\n"
    if spec.fmt == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return result.text + "\n" if result.text else ""


def record(item: Item, result: CleanResult, *, with_removed: bool = False) -> dict:
    """A JSON Lines record: where the document came from, then the cleaning result."""
    return {"id": item.id, "url": item.url or result.metadata.get("url"), "path": item.name,
            **result.to_dict(with_removed=with_removed)}


def failure_reason(err: Exception) -> str:
    """Why a document could not be cleaned, in one line: the reason itself for an unreadable or
    invalid document, with the exception's type for anything else (a bug, a library's fault)."""
    if isinstance(err, ItemError):
        return str(err)
    if isinstance(err, CleanerError):
        return one_line(str(err).removeprefix("input: "))
    return one_line(f"{type(err).__name__}: {err}")


def one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


# -- the worker-process side of the local pool: the spec arrives once, at start --

_SPEC: WorkSpec | None = None


def init_worker(spec: WorkSpec) -> None:
    global _SPEC
    _SPEC = spec


def run_batch_in_worker(batch: list[tuple[Item, str | None]]) -> list[Outcome]:
    spec = _SPEC
    if spec is None:
        raise RuntimeError("worker not initialised: init_worker(spec) runs first in each worker")
    return [process(spec, item, known) for item, known in batch]
