"""The README stays honest: its commands exist, CI runs its test command, every pack is named."""
import re

from click.testing import CliRunner

from cleaner.cli import main
from cleaner.heuristics import HEURISTICS
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_has_exactly_two_command_lines_and_ci_runs_the_second():
    block = README.split("## Quick start", 1)[1].split("```")[1]
    lines = [line for line in block.splitlines() if line.strip()]
    assert len(lines) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[1] in ci.splitlines()


def test_every_cli_command_is_documented():
    commands = {"clean", "explain", "rules list", "rules show", "rules test", "rules impact", "sites learn"}
    for command in commands:
        assert f"cleaner {command}" in README
    group_help = CliRunner().invoke(main, ["--help"]).output
    for name in ("clean", "explain", "rules"):
        assert re.search(rf"^\s+{name}\s", group_help, re.M)


def test_every_pack_and_heuristic_is_documented(cleaner):
    for pack in {rule.pack for rule in cleaner.ruleset.rules}:
        assert f"`{pack}`" in README
    for name in HEURISTICS:
        assert f"`{name}`" in README


def test_every_subpackage_ships_in_the_wheel():
    """pyproject lists packages explicitly (the rules folder is mapped into the wheel); a new
    subpackage missing from the list would install a cleaner that cannot import it."""
    import pytest

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    on_disk = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "cleaner").rglob("__init__.py")}
    assert on_disk <= listed


def test_the_fragments_example_loads_and_works(tmp_path):
    from cleaner import Cleaner

    block = README[README.index("```yaml\nfragments:"):].split("```")[1].removeprefix("yaml\n")
    pack = tmp_path / "readme.yaml"
    pack.write_text("pack: readme\ndescription: The README's example.\n" + block, encoding="utf-8")
    result = Cleaner(rules=[pack], builtin=False).clean("Veröffentlicht am 12. März 2024\nDer Rat tagte lange.",
                                                        kind="text")
    assert result.text == "Der Rat tagte lange."
    assert result.metadata["date"] == "12. März 2024"


def test_the_explain_example_is_what_explain_prints(monkeypatch):
    # the article of the README's first example is tests/fixtures/readme-article.txt
    block = README.split("$ cleaner explain article.txt\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    printed = CliRunner().invoke(main, ["explain", "tests/fixtures/readme-article.txt"]).output
    # an installed wheel keeps the built-in packs elsewhere: compare rule files by name and line
    where = re.compile(r"\(\S*?([\w-]+\.yaml:\d+)\)$", re.M)
    assert where.sub(r"(\1)", printed) == where.sub(r"(\1)", block)
