"""Compiled regexes, and what the prefilter reads off their syntax, kept between Cleaners and runs.

Building the built-in rule set compiles about 800 regexes and reads the syntax of each: about
2.5 s, most of a command-line call and of every new worker process's start. Both depend only on
the pattern, its flags and the code that reads them, so each is built once per process (every
Cleaner shares it) and written to one pickle file that the next process loads in a few
hundredths of a second.

The file lives in ``$CLEANER_CACHE_DIR``, else ``$XDG_CACHE_HOME/cleaner``, else
``~/.cache/cleaner``; ``CLEANER_CACHE_DIR=""`` keeps it off disk. It is named after the Python
and ``regex`` versions (compiled patterns are that engine's code) and a key of cleaner's own
files, which it also holds, so each installation (a virtual environment, a checkout) has its own
and a file written by other code is never used. The folder keeps the ``KEEP_FILES`` most recently
written. A file that cannot be read or written is passed over: the cache only ever saves time.
Like any pickle, it must not be writable by others: the folder is created private to its user.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

import regex

from .files import write_atomic

ENV = "CLEANER_CACHE_DIR"
PREFIX = "compiled-"
# entries kept per process: a service that builds Cleaners from many users' rules stays bounded
MAX_ENTRIES = 50_000
# writing the file takes a few milliseconds; work that took less than this to build is not worth
# a write of its own (it goes out with the next one)
WRITE_AFTER_SECONDS = 0.1
# files kept in the folder (about 1.2 MB each): one per installation in use, with room to spare
KEEP_FILES = 8

T = TypeVar("T")
_log = logging.getLogger(__name__)
_entries: dict[tuple, Any] = {}
_used: set[tuple] = set()      # the entries this process asked for: what it writes
_unsaved_seconds = 0.0         # time spent building entries not yet in the file
_loaded = False
_lock = threading.Lock()


def remembered(key: tuple, build: Callable[[], T]) -> T:
    """The value stored under ``key``, built by ``build()`` the first time (in this process or,
    through the file, in any earlier one). ``key`` holds everything the value depends on."""
    global _unsaved_seconds
    if not _loaded:
        _load()
    try:
        value = _entries[key]
    except KeyError:
        started = time.perf_counter()
        value = build()
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
            _used.clear()
        _entries[key] = value
        _unsaved_seconds += time.perf_counter() - started
    _used.add(key)
    return value


def compiled(pattern: str, flags: int = 0) -> regex.Pattern:
    """``regex.compile(pattern, flags)``, remembered (outside regex's own cache of 500 patterns,
    which the rules would overflow)."""
    return remembered(("regex", pattern, flags), lambda: regex.compile(pattern, flags, cache_pattern=False))


def save(force: bool = False) -> None:
    """Write the entries this process used, if building the new ones took long enough to be worth
    it (``force``: if there are any)."""
    global _unsaved_seconds
    path = cache_file()
    if path is None or _unsaved_seconds == 0 or (_unsaved_seconds < WRITE_AFTER_SECONDS and not force):
        return
    with _lock:
        payload = pickle.dumps({key: _entries[key] for key in list(_used) if key in _entries},
                               protocol=pickle.HIGHEST_PROTOCOL)
        try:
            write_atomic(path, pickle.dumps((_code_key(), payload), protocol=pickle.HIGHEST_PROTOCOL),
                         folder_mode=0o700, private=True)
        except OSError as error:
            _log.debug("cannot write the compile cache %s: %s", path, error)
            return
        _unsaved_seconds = 0.0
        _prune(path.parent)


def cache_file() -> Path | None:
    """Where the cache is kept (None: off)."""
    folder = os.environ.get(ENV)
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        folder = str(Path(base) / "cleaner")
    if not folder:
        return None
    python = "".join(map(str, sys.version_info[:2]))
    return Path(folder) / f"{PREFIX}py{python}-regex{regex.__version__}-{_code_key()[:16]}.pickle"


def clear_memory() -> None:
    """Forget what this process built or loaded (the next build reads the file again)."""
    global _loaded, _unsaved_seconds
    with _lock:
        _entries.clear()
        _used.clear()
        _unsaved_seconds, _loaded = 0.0, False


def _load() -> None:
    global _loaded
    with _lock:
        if _loaded:
            return
        _loaded = True
        path = cache_file()
        if path is None:
            return
        try:
            key, payload = pickle.loads(path.read_bytes())
            if key == _code_key():   # else written by other code: ignored, and replaced on the next write
                _entries.update(pickle.loads(payload))
        except FileNotFoundError:
            pass
        except Exception as error:  # noqa: BLE001 - a truncated or foreign file only costs the time
            _log.debug("ignoring the compile cache %s: %s", path, error)


@lru_cache(maxsize=1)
def _code_key() -> str:
    """A digest of cleaner's version and of its installed files (size and modification time):
    what reads a pattern's syntax may have changed with any of them."""
    package = Path(__file__).parent
    from . import __version__  # local: the package imports this module

    files = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in package.iterdir()
                   if p.suffix in (".py", ".so", ".pyd"))
    return hashlib.sha256(repr((__version__, files)).encode()).hexdigest()


def _prune(folder: Path) -> None:
    """Delete all but the ``KEEP_FILES`` most recently written cache files (of old versions, or
    of installations not used for a while: they only cost a build if used again), and what a
    writer killed mid-write left (a temporary file over an hour old)."""
    try:
        files = sorted(folder.glob(f"{PREFIX}*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        abandoned = [p for p in folder.glob(f".{PREFIX}*.tmp") if time.time() - p.stat().st_mtime > 3600]
        for old in files[KEEP_FILES:] + abandoned:
            old.unlink(missing_ok=True)
    except OSError as error:   # another process pruning at the same time
        _log.debug("cannot prune the compile cache %s: %s", folder, error)
