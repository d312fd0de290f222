"""Command line: ``cleaner clean``, ``cleaner explain``, ``cleaner rules list|test``.

Exit codes: 0 success, 1 some input could not be cleaned (or a rule example failed), 2 usage
error or invalid rules.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .config import EXTRACTION_MODES
from .errors import CleanerError, RuleError
from .pipeline import KINDS, Cleaner
from .result import CleanResult
from .rulefile import builtin_rules_dir, load_rules
from .testing import check_rules

INPUT_SUFFIXES = (".html", ".htm", ".txt")

rules_option = click.option("--rules", "rule_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
                            help="Extra rule file or folder (repeatable).")
disable_option = click.option("--disable", multiple=True, metavar="ID",
                              help="Switch off a rule id or a whole pack (repeatable).")
no_builtin_option = click.option("--no-builtin", is_flag=True, help="Use only the rules given with --rules.")


class InvalidRules(click.ClickException):
    """Rules that fail validation: nothing is cleaned, exit code 2 like other usage errors."""

    exit_code = 2

    def __init__(self, err: RuleError):
        super().__init__(f"invalid rules:\n{err}")


def _make_cleaner(rule_paths, disable, no_builtin, **config) -> Cleaner:
    try:
        return Cleaner(rule_paths, builtin=not no_builtin, disable=disable, **config)
    except RuleError as err:
        raise InvalidRules(err) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def main() -> None:
    """Clean body text out of news articles, HTML pages or scraped text.

    \b
    Examples:
      cleaner clean page.html                     # clean text to stdout
      curl -s https://example.com/a | cleaner clean -
      cleaner clean corpus/ -o out/               # a folder, mirrored as .txt files
      cleaner clean page.html --format json       # text, title, metadata and removals
      cleaner explain article.txt                 # every removal with its rule id
      cleaner rules list                          # the rules in force
      cleaner rules test my_rules.yaml            # run your rules' own examples
    """


@main.command("clean")
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (one input) or folder (a folder of inputs). Default: stdout.")
@click.option("--kind", type=click.Choice(KINDS), default="auto", show_default=True,
              help="Input kind; auto tells HTML from text.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: the clean body; json: body, title, metadata and removals.")
@click.option("--url", help="Page URL (enables site-scoped rules) for a single input.")
@click.option("--extraction", type=click.Choice(EXTRACTION_MODES), default="fast", show_default=True,
              help="trafilatura mode for HTML.")
@rules_option
@disable_option
@no_builtin_option
def clean_command(inputs, output, kind, fmt, url, extraction, rule_paths, disable, no_builtin) -> None:
    """Clean FILE, DIR or - (stdin).

    \b
    One input goes to stdout, or to the file given with -o. A folder needs -o OUT: every .html,
    .htm and .txt file under it is cleaned into OUT with the same relative path and a .txt (or
    .json) suffix. A file that cannot be cleaned is reported on stderr and the rest go on; the
    exit code is then 1. Output files are written whole or not at all.

    \b
    Examples:
      cleaner clean article.html
      cat scraped.txt | cleaner clean - --kind text
      cleaner clean crawl/ -o clean/ --rules my_rules/ --disable teasers.read-pipe
    """
    cleaner = _make_cleaner(rule_paths, disable, no_builtin, extraction=extraction)
    inputs = inputs or (Path("-"),)
    if len(inputs) == 1 and not inputs[0].is_dir():
        _clean_one(cleaner, inputs[0], output, kind, fmt, url)
        return
    if output is None:
        raise click.UsageError("cleaning a folder or several files needs -o OUT (a folder)")
    failures = _clean_many(cleaner, inputs, output, kind, fmt)
    if failures:
        sys.exit(1)


def _clean_one(cleaner: Cleaner, path: Path, output: Path | None, kind: str, fmt: str, url: str | None) -> None:
    try:
        source = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
        result = cleaner.clean(source, kind=kind, url=url)
    except OSError as err:
        raise click.ClickException(f"{path}: cannot read: {err.strerror or err}") from None
    except CleanerError as err:
        raise click.ClickException(str(err)) from None
    rendered = _render(result, fmt)
    if output is None:
        click.echo(rendered, nl=False)
    else:
        write_atomic(output, rendered)


def _clean_many(cleaner: Cleaner, inputs, output: Path, kind: str, fmt: str) -> int:
    failures = 0
    suffix = ".json" if fmt == "json" else ".txt"
    for root, path in _input_files(inputs):
        target = output / path.relative_to(root).with_suffix(suffix) if root else output / path.with_suffix(suffix).name
        try:
            result = cleaner.clean(path.read_bytes(), kind=kind)
            write_atomic(target, _render(result, fmt))
        except (OSError, CleanerError) as err:
            failures += 1
            click.echo(f"{path}: {err}", err=True)
    return failures


def _input_files(inputs):
    """(root, file) pairs: files under each folder keep their path relative to that folder."""
    for item in inputs:
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                if path.is_file() and path.suffix.lower() in INPUT_SUFFIXES:
                    yield item, path
        else:
            yield None, item


def _render(result: CleanResult, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return result.text + "\n" if result.text else ""


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename it into place: never a half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@main.command("explain")
@click.argument("input", type=click.Path(allow_dash=True, path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), default="auto", show_default=True)
@click.option("--url", help="Page URL (enables site-scoped rules).")
@rules_option
@disable_option
@no_builtin_option
def explain_command(input, kind, url, rule_paths, disable, no_builtin) -> None:
    """Show every removal in INPUT with the rule that made it, then the clean text.

    \b
    Example:
      cleaner explain article.txt
      cleaner explain page.html --disable structure
    """
    cleaner = _make_cleaner(rule_paths, disable, no_builtin)
    try:
        source = sys.stdin.buffer.read() if str(input) == "-" else input.read_bytes()
        result = cleaner.clean(source, kind=kind, url=url)
    except OSError as err:
        raise click.ClickException(f"{input}: cannot read: {err.strerror or err}") from None
    except CleanerError as err:
        raise click.ClickException(str(err)) from None
    by_id = cleaner.ruleset.by_id
    click.echo(f"title: {result.title!r}")
    for key, value in result.metadata.items():
        click.echo(f"{key}: {value}")
    click.echo(f"status: {result.status}; {len(result.removed)} removals")
    for warning in result.warnings:
        click.echo(f"warning: {warning}")
    for removal in result.removed:
        where = removal.path if removal.stage == "html" else f"{removal.start}-{removal.end}"
        source_line = by_id[removal.rule].source if removal.rule in by_id else ""
        click.echo(f"- [{removal.rule}] {where} {removal.text[:100]!r}  ({source_line})")
    click.echo("--- clean text ---")
    click.echo(result.text)


@main.group("rules")
def rules_group() -> None:
    """List the rules in force, or test rules against their own examples."""


@rules_group.command("list")
@rules_option
@disable_option
@no_builtin_option
def rules_list(rule_paths, disable, no_builtin) -> None:
    """List rule ids with kind, languages, where they are defined, and description.

    \b
    Example:
      cleaner rules list --rules my_rules/
    """
    cleaner = _make_cleaner(rule_paths, disable, no_builtin)
    for rule in cleaner.ruleset.rules:
        scope = ",".join(rule.languages) or "any"
        click.echo(f"{rule.id:40} {rule.kind:9} {scope:8} {rule.source}")
        click.echo(f"    {rule.description}")


@rules_group.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Also list rules that have no examples.")
def rules_test(paths, verbose) -> None:
    """Run the examples of the rules in PATHS (default: the built-in packs).

    Each rule runs alone: its 'remove' examples must lose text, its 'keep' examples must come back
    unchanged, its 'fix' pairs must match exactly. Exit code 1 if any example fails.

    \b
    Example:
      cleaner rules test my_rules.yaml
    """
    try:
        rules = load_rules(list(paths) or [builtin_rules_dir()])
    except RuleError as err:
        raise InvalidRules(err) from None
    count, failures, untested = check_rules(rules)
    for failure in failures:
        click.echo(f"FAIL {failure}")
    for rule in untested:
        if verbose or paths:
            click.echo(f"note: {rule.id} ({rule.source}) has no {'keep' if rule.examples.remove or rule.examples.fix else 'remove'} examples")
    click.echo(f"{len(rules)} rules, {count} examples, {len(failures)} failed")
    if failures:
        sys.exit(1)
