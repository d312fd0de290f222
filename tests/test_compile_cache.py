"""The compile cache: patterns compiled and read once, kept on disk, never trusted blindly."""
import os
import pickle
import subprocess
import sys

import pytest

from cleaner import Cleaner, compile_cache

DOC = "Read more: A headline elsewhere\nThe council met on Tuesday to vote on the budget for the new year.\nShare on Facebook"
RULES = """pack: mine
description: a small pack for cache tests
rules:
  - id: sponsor
    kind: line
    description: sponsor lines
    pattern: '^sponsored by\\b'
    flags: [ignorecase]
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """An empty cache folder, and a process that has built nothing yet (restored afterwards)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(compile_cache.ENV, str(folder))
    compile_cache.clear_memory()
    yield folder
    compile_cache.clear_memory()


def screens_of(cleaner: Cleaner) -> dict:
    """Everything a screen was read to be, per rule, in plain data."""
    def plain(screen):
        return (screen.compiled and screen.compiled.pattern, screen.max_length, screen.words, screen.selective,
                screen.heads and screen.heads.seconds, screen.judge and screen.judge.pattern)
    return {rule_id: plain(screen) for rule_id, screen in cleaner.ruleset.screens.items()}


def small_cleaner(tmp_path) -> Cleaner:
    (tmp_path / "mine.yaml").write_text(RULES, encoding="utf-8")
    return Cleaner([tmp_path / "mine.yaml"], builtin=False)


def test_a_cold_build_is_written_and_the_next_process_loads_what_was_built(cache_dir):
    # one cold build (about half a minute of the suite's time on 1,780 rules) serves both checks
    built = Cleaner()                           # nothing on disk: every pattern compiled and read here
    assert [f.name for f in cache_dir.iterdir()] == [compile_cache.cache_file().name]
    probe = ("import cleaner.compile_cache as c, cleaner; cleaner.Cleaner(); "
             "print(len(c._entries), c._unsaved_seconds)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) > 500 and float(out[1]) == 0.0   # all loaded, nothing built
    compile_cache.clear_memory()
    loaded = Cleaner()                          # reads the file
    assert compile_cache._unsaved_seconds == 0.0
    assert screens_of(loaded) == screens_of(built)
    assert {k: v.pattern for k, v in loaded.ruleset.patterns.items() if hasattr(v, "flags")} == \
        {k: v.pattern for k, v in built.ruleset.patterns.items() if hasattr(v, "flags")}
    assert loaded.clean(DOC, kind="text").text == built.clean(DOC, kind="text").text
    assert loaded.clean(DOC, kind="text").text.strip() == \
        "The council met on Tuesday to vote on the budget for the new year."


def test_a_file_from_other_code_is_ignored_and_replaced(cache_dir, tmp_path):
    path = compile_cache.cache_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps(("another version", b"not a payload at all")))
    cleaner = small_cleaner(tmp_path)
    assert cleaner.clean("Sponsored by Acme\nA sentence of the body that stays here.", kind="text").text.strip() == \
        "A sentence of the body that stays here."
    compile_cache.save(force=True)
    key, payload = pickle.loads(path.read_bytes())
    assert key == compile_cache._code_key()
    assert ("regex", "^sponsored by\\b", 2) in pickle.loads(payload)   # 2: regex.IGNORECASE


@pytest.mark.parametrize("damage", [b"", b"\x80\x05truncated", b"plain text, not a pickle"])
def test_a_damaged_file_is_passed_over(cache_dir, tmp_path, damage):
    path = compile_cache.cache_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(damage)
    small_cleaner(tmp_path)
    compile_cache.save(force=True)
    key, _ = pickle.loads(path.read_bytes())
    assert key == compile_cache._code_key()


def test_an_unwritable_cache_costs_only_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv(compile_cache.ENV, str(blocker / "cache"))   # a folder under a file: cannot exist
    compile_cache.clear_memory()
    try:
        cleaner = small_cleaner(tmp_path)
        compile_cache.save(force=True)
        assert cleaner.clean("Sponsored by Acme", kind="text").removed[0].rule == "mine.sponsor"
    finally:
        compile_cache.clear_memory()


def test_an_empty_cache_dir_setting_keeps_the_cache_off_disk(tmp_path, monkeypatch):
    monkeypatch.setenv(compile_cache.ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    compile_cache.clear_memory()
    try:
        assert compile_cache.cache_file() is None
        small_cleaner(tmp_path)
        compile_cache.save(force=True)
        assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()
    finally:
        compile_cache.clear_memory()


def test_the_default_place_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv(compile_cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert compile_cache.cache_file().parent == tmp_path / "cleaner"


def test_a_process_keeps_a_bounded_number_of_entries(cache_dir, monkeypatch):
    monkeypatch.setattr(compile_cache, "MAX_ENTRIES", 5)
    for n in range(12):
        assert compile_cache.compiled(f"word{n}").search(f"a word{n} here")
    assert len(compile_cache._entries) <= 5



def test_the_folder_keeps_the_most_recent_files(cache_dir, tmp_path):
    cache_dir.mkdir()
    for n in range(compile_cache.KEEP_FILES + 3):
        old = cache_dir / f"{compile_cache.PREFIX}py0-regex0-{n:016}.pickle"
        old.write_bytes(b"from another installation")
        os.utime(old, ns=(n * 10**9, n * 10**9))
    (cache_dir / "notes.txt").write_text("not ours", encoding="utf-8")
    # named as files.write_atomic names its temporary files
    abandoned = cache_dir / f".{compile_cache.PREFIX}x.pickle.ab12.tmp"
    writing = cache_dir / f".{compile_cache.PREFIX}y.pickle.cd34.tmp"
    abandoned.write_bytes(b"a writer was killed")
    os.utime(abandoned, ns=(0, 0))
    writing.write_bytes(b"another process is writing this now")
    small_cleaner(tmp_path)
    compile_cache.save(force=True)
    left = sorted(p.name for p in cache_dir.glob(f"{compile_cache.PREFIX}*.pickle"))
    assert len(left) == compile_cache.KEEP_FILES and compile_cache.cache_file().name in left
    assert f"{compile_cache.PREFIX}py0-regex0-{compile_cache.KEEP_FILES + 2:016}.pickle" in left   # the newest old one
    assert (cache_dir / "notes.txt").exists() and writing.exists() and not abandoned.exists()
