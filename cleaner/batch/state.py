"""The resume ledger: which outputs are complete, from which content, under which rules.

An SQLite database in WAL mode at ``OUT/.cleaner/ledger.sqlite``, written only by the process that
drives the run. A row says "the output ``target`` was made from content ``digest`` under rules
``fingerprint``, and is the file with this inode, size and modification time". The row is
committed *before* the output is renamed into place, with the temporary file's identity (a rename
keeps it), so:

- killed before the commit: no row, the item is cleaned again;
- killed between commit and rename: the row names a file that is not there (or a different one):
  cleaned again;
- after the rename: row and file agree, and the next run skips the item.

No crash can make the ledger vouch for a file that is not the complete output it describes.
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no lock, one run per output folder is then up to the user
    fcntl = None  # type: ignore[assignment]

SCHEMA = """
CREATE TABLE IF NOT EXISTS outputs (
    key TEXT PRIMARY KEY,      -- tree: the output's relative path; JSON Lines: the item's key
    source TEXT NOT NULL,      -- the item's key (which input made it)
    digest TEXT NOT NULL,      -- content digest of that input
    fingerprint TEXT NOT NULL, -- Cleaner.fingerprint: package version, config and rules
    target TEXT NOT NULL,      -- the output file (tree) or part file (JSON Lines)
    line INTEGER,              -- JSON Lines: the record's line in its part
    ino INTEGER, size INTEGER, mtime_ns INTEGER,
    run INTEGER NOT NULL       -- the last run that made or confirmed it
);
CREATE INDEX IF NOT EXISTS outputs_target ON outputs(target);
CREATE TABLE IF NOT EXISTS parts (
    name TEXT PRIMARY KEY, number INTEGER NOT NULL,
    ino INTEGER, size INTEGER, mtime_ns INTEGER,
    dirty INTEGER NOT NULL DEFAULT 0   -- holds records that were made again elsewhere
);
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started REAL NOT NULL, fingerprint TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    source: str
    digest: str
    fingerprint: str
    target: str
    line: int | None
    ino: int | None
    size: int | None
    mtime_ns: int | None
    run: int


def identity(stat: os.stat_result) -> tuple[int, int, int]:
    """What tells a file apart from any later file at the same path."""
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


class Ledger:
    """Completed outputs of every run into one output folder."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)  # explicit transactions below
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # durable across a killed process; one fsync per checkpoint
        self.db.executescript(SCHEMA)
        self._pending = 0
        self._rows: dict[str, Row] = {}   # put but not yet written: one executemany per commit
        self.db.execute("BEGIN")

    def start_run(self, fingerprint: str) -> int:
        cursor = self.db.execute("INSERT INTO runs(started, fingerprint) VALUES (?, ?)", (time.time(), fingerprint))
        self.commit()
        return cursor.lastrowid or 0   # (set after an INSERT)

    def get(self, key: str) -> Row | None:
        row = self._rows.get(key)
        if row is not None:
            return row
        found = self.db.execute("SELECT * FROM outputs WHERE key = ?", (key,)).fetchone()
        return Row(*found) if found else None

    def put(self, row: Row) -> None:
        """Record an output; the row is written with the others at the next commit (one statement
        for the batch costs the driver less than one per document, and nothing is durable before
        the commit either way)."""
        self._rows[row.key] = row
        self._pending += 1

    def _write_rows(self) -> None:
        """Write the rows put since the last commit; every other statement on outputs runs after."""
        if self._rows:
            self.db.executemany("INSERT OR REPLACE INTO outputs VALUES (?,?,?,?,?,?,?,?,?,?)",
                                [tuple(vars_of(row)) for row in self._rows.values()])
            self._rows.clear()

    def touch(self, key: str, run: int) -> None:
        """Mark a skipped output as confirmed by this run (so a second input claiming it is noticed)."""
        self._write_rows()
        self.db.execute("UPDATE outputs SET run = ? WHERE key = ?", (run, key))
        self._pending += 1
        if self._pending >= 1000:
            self.commit()

    def commit(self) -> None:
        self._write_rows()
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")
        self._pending = 0

    def close(self) -> None:
        self._write_rows()
        self.db.execute("COMMIT")
        self.db.close()

    # -- JSON Lines parts --

    def parts(self) -> list[tuple[str, int, tuple[int, int, int] | None]]:
        rows = self.db.execute("SELECT name, number, ino, size, mtime_ns FROM parts").fetchall()
        return [(name, number, None if ino is None else (ino, size, mtime_ns)) for name, number, ino, size, mtime_ns in rows]

    def next_part_number(self) -> int:
        (number,) = self.db.execute("SELECT COALESCE(MAX(number) + 1, 0) FROM parts").fetchone()
        return number

    def put_part(self, name: str, number: int, ident: tuple[int, int, int] | None) -> None:
        """Record a part file by its identity (inode, size, mtime), or reserve its number (None)."""
        self.db.execute("INSERT OR REPLACE INTO parts(name, number, ino, size, mtime_ns, dirty) VALUES (?,?,?,?,?,0)",
                        (name, number, *(ident or (None, None, None))))

    def forget_part(self, name: str) -> None:
        """The part file is gone or untrusted; its number stays taken so a new part never reuses
        the name that old rows still point to."""
        self.db.execute("UPDATE parts SET ino = NULL, size = NULL, mtime_ns = NULL, dirty = 0 WHERE name = ?", (name,))

    def mark_dirty(self, name: str) -> None:
        self.db.execute("UPDATE parts SET dirty = 1 WHERE name = ?", (name,))

    def dirty_parts(self) -> list[str]:
        return [name for (name,) in self.db.execute("SELECT name FROM parts WHERE dirty = 1 ORDER BY number")]

    def lines_of(self, part: str) -> dict[int, str]:
        """Line number -> key of the records the ledger places in ``part``."""
        self._write_rows()
        return {line: key for key, line in self.db.execute("SELECT key, line FROM outputs WHERE target = ?", (part,))}

    def move_line(self, key: str, line: int) -> None:
        self._write_rows()
        self.db.execute("UPDATE outputs SET line = ? WHERE key = ?", (line, key))


class OutputBusy(Exception):
    """Another run is writing into the same output folder."""


@contextmanager
def lock_output(state_dir: Path) -> Iterator[None]:
    """Hold ``state_dir/lock`` for the run: two runs into one folder would delete each other's
    temporary files. The lock goes with the process, so a killed run never leaves it behind."""
    state_dir.mkdir(parents=True, exist_ok=True)
    with open(state_dir / "lock", "w") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OutputBusy(f"another run is writing into {state_dir.parent}; wait for it or "
                                 "choose another output folder") from None
        yield


def vars_of(row: Row):
    return (getattr(row, name) for name in Row.__slots__)
