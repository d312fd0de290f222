"""Where cleaned documents go: a mirrored tree of files, or JSON Lines part files.

Both write every file whole: into ``OUT/.cleaner/tmp`` first, then a ledger commit, then a rename
into place (see ``state.py`` for why that order makes every crash safe). Both decide, before an
item is cleaned, whether its output is already complete (``prepare``), and take the outcome
afterwards (``accept``).
"""
from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import BinaryIO

from .sources import DOCUMENT_SUFFIXES, Item, ItemError, safe_relative
from .state import Ledger, Row, identity
from .work import CLEANED, EMPTY, SKIPPED, Outcome

STATE_DIR = ".cleaner"
SUMMARY_NAME, ERRORS_NAME = "summary.json", "errors.jsonl"
RESERVED = frozenset({STATE_DIR, SUMMARY_NAME, ERRORS_NAME})


class OutputError(Exception):
    """The output folder cannot be used as asked: a usage error, nothing is run."""


class Sink:
    def __init__(self, out: Path, ledger: Ledger, run: int, fingerprint: str):
        self.out, self.ledger, self.run, self.fingerprint = out, ledger, run, fingerprint
        self.tmp = out / STATE_DIR / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)

    def prepare(self, item: Item) -> tuple[str, str | None]:
        """(ledger key, digest of the input its complete output was made from, if any)."""
        raise NotImplementedError

    def accept(self, item: Item, key: str, outcome: Outcome) -> int:
        """Record the outcome; returns the bytes written."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    def _temp(self, prefix: str) -> tuple[BinaryIO, Path]:
        """A new temporary file in OUT/.cleaner/tmp, with the permissions the umask gives."""
        path = self.tmp / f"{prefix}{secrets.token_hex(8)}.tmp"
        return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb"), path


class TreeSink(Sink):
    """One file per document at the input's relative path, suffix ``.txt`` (or ``.json``).

    Local workers write each output to a temporary file themselves; the driver records it and
    renames it, committing the ledger once per ``BATCH`` outputs (or half a second).
    """

    BATCH = 64

    def __init__(self, out: Path, ledger: Ledger, run: int, fingerprint: str, suffix: str = ".txt"):
        super().__init__(out, ledger, run, fingerprint)
        self.suffix = suffix
        self.real_out = os.path.realpath(out)
        self.in_flight: dict[str, str] = {}
        self._safe_dirs: set[str] = set()
        self.renames: list[tuple[Path, Path]] = []   # written and recorded, renamed at the next flush
        self.flushed = time.monotonic()

    def target(self, item: Item) -> str:
        rel = safe_relative(item.name)
        name = rel.name.removesuffix(".gz")
        stem, dot, suffix = name.rpartition(".")
        if dot and f".{suffix.lower()}" in DOCUMENT_SUFFIXES and stem:
            name = stem
        path = rel.parent / (name + self.suffix)
        if path.parts[0] in RESERVED:
            raise ItemError(f"its output {path.as_posix()} would take the place of the run's own {path.parts[0]}")
        return path.as_posix()

    def prepare(self, item: Item) -> tuple[str, str | None]:
        key = self.target(item)
        other = self.in_flight.get(key)
        row = self.ledger.get(key)
        if other is None and row is not None and row.run == self.run and row.source != item.key:
            other = row.source
        if other is not None:
            raise ItemError(f"its output {key} is also the output of {other}; rename one of them")
        self.in_flight[key] = item.key
        known = None
        if row is not None and row.fingerprint == self.fingerprint and row.source == item.key:
            try:
                if identity(os.stat(self.out / key)) == (row.ino, row.size, row.mtime_ns):
                    known = row.digest
            except OSError:
                pass
        return key, known

    def accept(self, item: Item, key: str, outcome: Outcome) -> int:
        self.in_flight.pop(key, None)
        if outcome.status == SKIPPED:
            self.ledger.touch(key, self.run)
            return 0
        if outcome.status not in (CLEANED, EMPTY):
            if outcome.temp:
                os.unlink(outcome.temp)
            return 0
        assert outcome.digest is not None   # (a cleaned or empty outcome has its input's digest)
        target = self.out / key
        try:
            self._check_inside(target.parent)
            if outcome.temp is None:  # a remote worker sent the text: write it here
                assert outcome.output is not None   # (sent when no temporary file was)
                handle, temp = self._temp(".out-")
                with handle:
                    handle.write(outcome.output.encode("utf-8"))
            else:
                temp = Path(outcome.temp)
            ino, size, mtime_ns = identity(os.stat(temp))
        except BaseException:
            if outcome.temp:
                Path(outcome.temp).unlink(missing_ok=True)
            raise
        self.ledger.put(Row(key, item.key, outcome.digest, self.fingerprint, key, None, ino, size, mtime_ns, self.run))
        self.renames.append((temp, target))
        if len(self.renames) >= self.BATCH or time.monotonic() - self.flushed > 0.5:
            self.flush()
        return size

    def flush(self) -> None:
        """Commit the ledger rows, then rename their files into place (never the other way round)."""
        self.ledger.commit()
        for temp, target in self.renames:
            os.replace(temp, target)
        self.renames.clear()
        self.flushed = time.monotonic()

    def close(self) -> None:
        self.flush()

    def _check_inside(self, folder: Path) -> None:
        """Make ``folder`` and refuse it if a symlink inside OUT leads it elsewhere."""
        text = str(folder)
        if text in self._safe_dirs:
            return
        folder.mkdir(parents=True, exist_ok=True)
        real = os.path.realpath(folder)
        if real != self.real_out and not real.startswith(self.real_out + os.sep):
            raise ItemError(f"its output folder {folder} leads outside the output folder (symlink)")
        if len(self._safe_dirs) > 10_000:
            self._safe_dirs.clear()
        self._safe_dirs.add(text)


class JsonlSink(Sink):
    """Records in ``part-NNNNN.jsonl`` files of up to ``part_records`` records each.

    A part is written to a temporary file and renamed when full (or after ``part_seconds``, or at
    the end of the run), so a part file is always complete; a killed run loses only its open part,
    whose records the next run cleans again. A record made again (changed input, changed rules)
    leaves a stale copy in an older part; those parts are rewritten without it at the end of the run.
    """

    def __init__(self, out: Path, ledger: Ledger, run: int, fingerprint: str, *,
                 part_records: int = 10_000, part_seconds: float = 300.0):
        super().__init__(out, ledger, run, fingerprint)
        self.part_records, self.part_seconds = part_records, part_seconds
        self.valid = self._check_parts()
        self.handle: BinaryIO | None = None

    def _check_parts(self) -> set[str]:
        """Parts the ledger vouches for; a part left by a killed compaction is removed; a part
        file the ledger never made stops the run (it would be mixed into our output)."""
        known, valid = {}, set()
        for name, _number, ident in self.ledger.parts():
            known[name] = ident
            path = self.out / name
            try:
                matches = ident is not None and identity(os.stat(path)) == ident
            except FileNotFoundError:
                matches = False
            if matches:
                valid.add(name)
            else:
                path.unlink(missing_ok=True)
                self.ledger.forget_part(name)
        self.ledger.commit()
        strangers = sorted(p.name for p in self.out.glob("part-*.jsonl") if p.name not in known)
        if strangers:
            raise OutputError(f"{self.out} holds {strangers[0]}, which no run into this folder made; "
                              "use an empty output folder")
        return valid

    def prepare(self, item: Item) -> tuple[str, str | None]:
        row = self.ledger.get(item.key)
        if row is not None and row.fingerprint == self.fingerprint and row.target in self.valid:
            return item.key, row.digest
        return item.key, None

    def accept(self, item: Item, key: str, outcome: Outcome) -> int:
        if outcome.status == SKIPPED:
            self.ledger.touch(key, self.run)
            return 0
        if outcome.status not in (CLEANED, EMPTY):
            return 0
        assert outcome.output is not None and outcome.digest is not None   # (a JSON Lines worker sends its line)
        handle = self.handle if self.handle is not None else self._open_part()
        previous = self.ledger.get(key)
        if previous is not None and previous.target in self.valid:
            self.ledger.mark_dirty(previous.target)
        data = outcome.output.encode("utf-8")
        handle.write(data)
        self.ledger.put(Row(key, item.key, outcome.digest, self.fingerprint, self.part, self.lines,
                            None, None, None, self.run))
        self.lines += 1
        if self.lines >= self.part_records or time.monotonic() - self.opened > self.part_seconds:
            self._finish_part()
        return len(data)

    def _open_part(self) -> BinaryIO:
        self.number = self.ledger.next_part_number()
        self.part = f"part-{self.number:05d}.jsonl"
        self.ledger.put_part(self.part, self.number, None)  # reserves the number
        self.handle, self.temp = self._temp(".part-")
        self.lines, self.opened = 0, time.monotonic()
        return self.handle

    def _finish_part(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
            self._publish(self.temp, self.part, self.number)

    def _publish(self, temp: Path, name: str, number: int) -> None:
        self.ledger.put_part(name, number, identity(os.stat(temp)))
        self.ledger.commit()
        os.replace(temp, self.out / name)
        self.valid.add(name)

    def close(self) -> None:
        if self.handle is not None:
            self._finish_part()
        for name in self.ledger.dirty_parts():
            self._compact(name)
        self.ledger.commit()

    def _compact(self, name: str) -> None:
        """Rewrite a part without the records that were made again in a later part."""
        keep = self.ledger.lines_of(name)
        number = int(name.removeprefix("part-").removesuffix(".jsonl"))   # (the ledger holds part names only)
        if not keep:
            self.ledger.forget_part(name)
            self.ledger.commit()
            (self.out / name).unlink(missing_ok=True)
            self.valid.discard(name)
            return
        handle, temp = self._temp(".part-")
        with handle, open(self.out / name, "rb") as source:
            kept = 0
            for line_number, line in enumerate(source):
                if line_number in keep:
                    handle.write(line)
                    self.ledger.move_line(keep[line_number], kept)
                    kept += 1
        self._publish(temp, name, number)


def clear_temporary(out: Path) -> int:
    """Remove temporary files a killed run left behind; returns how many."""
    tmp = out / STATE_DIR / "tmp"
    removed = 0
    if tmp.is_dir():
        for path in tmp.iterdir():
            path.unlink(missing_ok=True)
            removed += 1
    return removed
