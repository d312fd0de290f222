"""Command line: ``cleaner clean``, ``cleaner explain``, ``cleaner rules list|show|test|impact``,
``cleaner sites learn``.

Exit codes: 0 success, 1 some input could not be cleaned (or a rule example failed), 2 usage
error or invalid rules.
"""
from __future__ import annotations

import fnmatch
import re
import sys
from pathlib import Path

import click

from . import COMPILED, __version__
from .config import EXTRACTION_MODES
from .errors import CleanerError, RuleError
from .files import write_atomic
from . import batch
from .batch import ENGINES, FORMATS, INPUT_FORMATS, detect_format
from .batch.sources import Item, ItemError, SourceError, SourceSpec, open_sources
from .batch.work import WorkSpec, render
from .impact import measure, report
from .pipeline import KINDS, Cleaner
from .prefilter import line_screen
from .rulefile import builtin_rules_dir, load_rules
from .records import record_url, text_records
from .rules import BLOCK, LINE, SPAN, TRAILER
from .sites import SiteLines
from .testing import check_rules, unscreened

rules_option = click.option("--rules", "rule_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
                            help="Extra rule file or folder (repeatable).")
_DISABLE = click.option("--disable", multiple=True, metavar="ID",
                        help="Switch off a rule id or a whole pack (repeatable).")
_ENABLE = click.option("--enable", multiple=True, metavar="ID",
                       help="Switch on an opt-in rule, off by default (repeatable; 'cleaner rules list' marks them).")


def switch_options(command):
    """--disable and --enable: which rules are on."""
    return _DISABLE(_ENABLE(command))


no_builtin_option = click.option("--no-builtin", is_flag=True, help="Use only the rules given with --rules.")
sites_option = click.option("--sites", "sites_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                            help="A file from 'cleaner sites learn': also drop the lines each site repeats "
                                 "across its pages (documents need their URL).")


_SOURCE_OPTIONS = [
    click.option("--include", multiple=True, metavar="GLOB", help="Read only files of a folder matching GLOB "
                 "(repeatable). Default: *.html *.htm *.txt and .gz forms."),
    click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files and folders matching GLOB (repeatable)."),
    click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
                 help="How to read the inputs; auto: folders as trees, .jsonl and .warc(.gz) by suffix."),
    click.option("--field", metavar="NAME", help="JSON Lines field holding the document. Default: html, else text."),
    click.option("--id-field", default="id", show_default=True, metavar="NAME", help="JSON Lines field with the record id."),
    click.option("--url-field", default="url", show_default=True, metavar="NAME", help="JSON Lines field with the page URL."),
]


def source_options(command):
    """The options that say which documents of the inputs to read (``clean``, ``rules impact``)."""
    for option in reversed(_SOURCE_OPTIONS):
        command = option(command)
    return command


class InvalidRules(click.ClickException):
    """Rules that fail validation: nothing is cleaned, exit code 2 like other usage errors."""

    exit_code = 2

    def __init__(self, err: RuleError):
        super().__init__(f"invalid rules:\n{err}")


def _make_cleaner(rule_paths, disable, no_builtin, sites_path: Path | None = None, enable=(), **config) -> Cleaner:
    try:
        cleaner = Cleaner(rule_paths, builtin=not no_builtin, disable=disable, enable=enable, **config)
    except RuleError as err:
        raise InvalidRules(err) from None
    if sites_path is None:
        return cleaner
    try:
        return cleaner.with_sites(SiteLines.load(sites_path))
    except CleanerError as err:
        raise click.BadParameter(str(err), param_hint="--sites") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(f"{__version__} ({'compiled' if COMPILED else 'pure Python'})", prog_name="cleaner")
def main() -> None:
    """Clean body text out of news articles, HTML pages or scraped text.

    \b
    Examples:
      cleaner clean page.html                     # clean text to stdout
      curl -s https://example.com/a | cleaner clean -
      cleaner clean corpus/ -o out/               # a folder, mirrored as .txt files
      cleaner clean crawl.warc.gz -o out/ --format jsonl   # all cores, resumable
      cleaner clean page.html --format json       # text, title, metadata and removals
      cleaner explain article.txt                 # every removal with its rule id
      cleaner rules list                          # the rules in force
      cleaner rules test my_rules.yaml            # run your rules' own examples
      cleaner rules impact sample/ --rules my_rules.yaml   # what they remove from your pages
      cleaner sites learn crawl.jsonl -o sites.json   # lines each site repeats, for clean --sites
    """


@main.command("clean")
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (one document) or folder (a folder, JSON Lines or WARC input). Default: stdout.")
@click.option("--kind", type=click.Choice(KINDS), default="auto", show_default=True,
              help="Input kind; auto tells HTML from text.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: the clean body (.txt files); json: body, title, metadata and removals (.json files); "
                   "jsonl: JSON Lines records in part files.")
@click.option("--url", help="Page URL (enables site-scoped rules) for a single input.")
@click.option("--extraction", type=click.Choice(EXTRACTION_MODES), default="fast", show_default=True,
              help="trafilatura mode for HTML.")
@click.option("--no-unwrap", is_flag=True,
              help="Keep the lines of hard-wrapped text apart (by default, text wrapped at a fixed width is rejoined).")
@click.option("--no-markdown", is_flag=True,
              help="Read Markdown as plain text (by default, its links become their words and its images go).")
@click.option("--no-json-ld", is_flag=True,
              help="Keep what trafilatura finds on an HTML page even where the page's JSON-LD states a much "
                   "fuller article body (by default, that body is cleaned instead).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (Ray: actors). Default: all cores.")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="local: a process pool on this machine; ray: a Ray cluster (pip install 'cleaner[ray]').")
@click.option("--address", metavar="ADDR", help="Ray cluster to join, e.g. ray://head:10001 or auto. "
                                                "Default: start Ray on this machine.")
@source_options
@click.option("--with-removed", is_flag=True, help="JSON Lines records also list every removal.")
@click.option("--max-size", default="20M", show_default=True, metavar="SIZE",
              help="Largest document (after gunzip), e.g. 500K, 20M; larger ones fail.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              metavar="SECONDS", help="Time limit per document; its worker is then replaced.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr. Default: only when stderr is a terminal.")
@rules_option
@switch_options
@no_builtin_option
@sites_option
def clean_command(inputs, output, kind, fmt, url, extraction, no_unwrap, no_markdown, no_json_ld, jobs, engine, address,
                  include, exclude, input_format, field, id_field, url_field, with_removed, max_size, timeout, progress,
                  rule_paths, disable, enable, no_builtin, sites_path) -> None:
    """Clean FILE, DIR, a JSON Lines or WARC file, or - (stdin).

    \b
    One document goes to stdout, or to the file given with -o. A folder, a JSON Lines file
    (.jsonl), a WARC file (.warc, .warc.gz) or several inputs need -o OUT, a folder:
      - a folder is mirrored: every .html, .htm, .txt (or .gz) file is cleaned into OUT with the
        same relative path and a .txt suffix (.json with --format json);
      - --format jsonl writes JSON Lines records (id, url, path, title, metadata, text) into
        OUT/part-NNNNN.jsonl;
      - all cores are used (--jobs N); a document that cannot be read, decoded or cleaned, or is
        over --max-size or --timeout, is listed in OUT/errors.jsonl and the run goes on;
      - OUT/summary.json has the counts; exit code 1 if any document failed;
      - every output is written whole; run the same command again after a crash or a change to
        finish the work: complete, up-to-date outputs are skipped.

    \b
    Examples:
      cleaner clean article.html
      cat scraped.txt | cleaner clean - --kind text
      cleaner clean crawl/ -o clean/ --rules my_rules/ --disable teasers.read-pipe
      cleaner clean crawl/ -o clean/ --exclude 'drafts/*' --jobs 8
      cleaner clean news.warc.gz -o clean/ --format jsonl
      cleaner clean articles.jsonl -o clean/ --field html --format jsonl --engine ray --address auto
      cleaner clean crawl.jsonl -o clean/ --format jsonl --sites sites.json   # see: cleaner sites learn
    """
    cleaner = _make_cleaner(rule_paths, disable, no_builtin, sites_path, enable=enable, extraction=extraction,
                            unwrap=not no_unwrap, markdown=not no_markdown, json_ld_body=not no_json_ld)
    inputs = inputs or (Path("-"),)
    try:
        limit = parse_size(max_size)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--max-size") from None
    if len(inputs) == 1 and detect_format(inputs[0], input_format) == "doc":
        _clean_one(cleaner, inputs[0], output, kind, fmt, url, limit)
        return
    if output is None:
        raise click.UsageError("cleaning a folder, a JSON Lines or WARC file, or several inputs needs -o OUT (a folder)")
    try:
        summary = batch.run(inputs, output, cleaner=cleaner, fmt=fmt, jobs=jobs, engine=engine, address=address,
                            include=include, exclude=exclude, input_format=input_format, field=field,
                            id_field=id_field, url_field=url_field, kind=kind, with_removed=with_removed,
                            max_size=limit, timeout=timeout, progress=progress,
                            on_error=lambda path, reason: click.echo(f"{path}: {reason}", err=True))
    except batch.BatchError as err:
        raise BadInput(str(err)) from None
    click.echo(summary.render(), err=True)
    if not summary.ok:
        click.echo(f"{summary.failed:,} documents failed; reasons in {output / 'errors.jsonl'}", err=True)
        sys.exit(1)


class BadInput(click.ClickException):
    """Inputs or output that a batch cannot use: exit code 2, nothing is cleaned."""

    exit_code = 2


def parse_size(text: str) -> int:
    """``"20M"`` -> 20971520 (K, M, G are powers of 1024); a plain number is bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)(?:I?B)?\s*", text, re.I)
    if not match:
        raise ValueError(f"{text!r} is not a size; write e.g. 500K, 20M or 1G")
    return int(float(match.group(1)) * 1024 ** " KMG".index(match.group(2).upper() or " "))


def _clean_one(cleaner: Cleaner, path: Path, output: Path | None, kind: str, fmt: str, url: str | None,
               max_size: int) -> None:
    name = "stdin" if str(path) == "-" else path.name
    try:
        if str(path) == "-":
            item = Item(key=name, name=name, label="<stdin>", data=sys.stdin.buffer.read(), kind=kind, url=url)
        else:
            item = Item(key=name, name=name, label=str(path), file=str(path), gz=name.endswith(".gz"), kind=kind, url=url)
        source = item.content(item.read_raw(max_size), max_size)
        result = cleaner.clean(source, kind=kind, url=url)
    except ItemError as err:
        raise click.ClickException(f"{path}: {err}") from None
    except CleanerError as err:
        raise click.ClickException(str(err)) from None
    rendered = render(WorkSpec(cleaner, fmt=fmt), item, result)
    if output is None:
        click.echo(rendered, nl=False)
    else:
        write_atomic(output, rendered)


@main.command("explain")
@click.argument("input", type=click.Path(allow_dash=True, path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), default="auto", show_default=True)
@click.option("--url", help="Page URL (enables site-scoped rules).")
@rules_option
@switch_options
@no_builtin_option
@sites_option
def explain_command(input, kind, url, rule_paths, disable, enable, no_builtin, sites_path) -> None:
    """Show every removal in INPUT with the rule that made it, then the clean text.

    \b
    Example:
      cleaner explain article.txt
      cleaner explain page.html --disable structure
    """
    cleaner = _make_cleaner(rule_paths, disable, no_builtin, sites_path, enable=enable)
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
    # in document order: elements dropped from the page first, then text by position
    for removal in sorted(result.removed, key=lambda r: (r.stage != "html", r.start or 0)):
        where = removal.path if removal.stage == "html" else f"{removal.start}-{removal.end}"
        source_line = _short_path(by_id[removal.rule].source) if removal.rule in by_id else ""
        click.echo(f"- [{removal.rule}] {where} {removal.text[:100]!r}  ({source_line})")
    click.echo("--- clean text ---")
    click.echo(result.text)


def _short_path(source: str) -> str:
    """A rule's file:line, relative to the working folder when it lies inside it."""
    path = Path(source.rsplit(":", 1)[0])
    try:
        return str(path.resolve().relative_to(Path.cwd())) + source[len(str(path)):]
    except ValueError:
        return source


@main.group("rules")
def rules_group() -> None:
    """List the rules in force, test them against their own examples, or see what they remove."""


@rules_group.command("list")
@rules_option
@switch_options
@no_builtin_option
def rules_list(rule_paths, disable, enable, no_builtin) -> None:
    """List rule ids with kind, languages, where they are defined, and description.

    \b
    Example:
      cleaner rules list --rules my_rules/
    """
    cleaner = _make_cleaner(rule_paths, disable, no_builtin, enable=enable)
    for rule in cleaner.ruleset.rules:
        scope = ",".join(rule.languages) or "any"
        off = "" if rule.enabled else "  (off: --enable to switch on)"
        click.echo(f"{rule.id:40} {rule.kind:9} {scope:8} {rule.source}{off}")
        click.echo(f"    {rule.description}")


@rules_group.command("show")
@click.argument("names", nargs=-1, required=True, metavar="ID...")
@rules_option
@switch_options
@no_builtin_option
def rules_show(names, rule_paths, disable, enable, no_builtin) -> None:
    """Show rules in full: their settings, the whole pattern that runs (fragments filled in), and
    their examples. ID is a rule id, a pack, or a glob of ids.

    \b
    Examples:
      cleaner rules show stamps.updated-published-de
      cleaner rules show 'teasers.*-de' --rules my_rules/
    """
    cleaner = _make_cleaner(rule_paths, disable, no_builtin, enable=enable)
    chosen = [rule for rule in cleaner.ruleset.rules
              if any(fnmatch.fnmatchcase(rule.id, name) or name == rule.pack for name in names)]
    if not chosen:
        raise click.BadParameter(f"no rule or pack matches {', '.join(map(repr, names))}", param_hint="ID")
    for rule in chosen:
        click.echo(f"{rule.id}  {rule.kind}  {_short_path(rule.source)}")
        click.echo(f"  {rule.description}")
        if not rule.enabled:
            click.echo(f"  off by default: switch it on with --enable {rule.id} (Python: enable=[{rule.id!r}])")
        for name, value in rule.settings().items():
            shown = ", ".join(value) if isinstance(value, tuple) else value
            click.echo(f"  {name}: {shown}")
        if rule.kind in (LINE, SPAN, TRAILER, BLOCK):   # (a header rule reads the first lines joined)
            screen = line_screen(rule, cleaner.ruleset.screens[rule.id])
            click.echo(f"  tried on lines that: {screen.describe()}")
        for name in ("remove", "keep", "site"):
            for example in getattr(rule.examples, name):
                click.echo(f"  {name}: {example!r}")
        for before, after in rule.examples.fix:
            click.echo(f"  fix: {before!r}\n    -> {after!r}")
        click.echo()


@rules_group.command("impact")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=Path))
@click.option("--only", multiple=True, metavar="ID",
              help="Report this rule id or pack (repeatable). Default: the rules given with --rules, else all.")
@click.option("--show", type=click.IntRange(min=0), default=10, show_default=True,
              help="Removed texts listed per rule, most frequent first (0: all).")
@click.option("--kind", type=click.Choice(KINDS), default="auto", show_default=True)
@source_options
@rules_option
@switch_options
@no_builtin_option
@sites_option
def rules_impact(inputs, only, show, kind, include, exclude, input_format, field, id_field, url_field,
                 rule_paths, disable, enable, no_builtin, sites_path) -> None:
    """Show what rules remove from sample documents (files, folders, JSON Lines or WARC).

    For each rule: its removals, in how many documents, and the texts it removed, most frequent
    first, each with a document it came from: what to read before trusting a new rule on a crawl.

    \b
    Examples:
      cleaner rules impact sample/ --rules my_rules.yaml     # what your rules remove
      cleaner rules impact sample/ --only teasers            # what one built-in pack removes
      cleaner rules impact crawl.jsonl --field text --only bylines.by-line --show 0
      cleaner rules impact crawl.jsonl --sites sites.json --only structure.site-repeats
    """
    cleaner = _make_cleaner(rule_paths, disable, no_builtin, sites_path, enable=enable)
    rules = cleaner.ruleset.rules
    unknown = [name for name in only if not any(name in (rule.id, rule.pack) for rule in rules)]
    if unknown:
        raise click.BadParameter(f"no rule or pack named {', '.join(map(repr, unknown))} is in force",
                                 param_hint="--only")
    if only:
        reported = lambda rule_id: rule_id in only or rule_id.split(".", 1)[0] in only  # noqa: E731
    else:
        own = {rule.id for rule in rules if not rule.builtin}
        reported = (lambda rule_id: rule_id in own) if rule_paths else (lambda rule_id: True)  # noqa: E731
    try:
        spec = SourceSpec(include=include, exclude=exclude, input_format=input_format, field=field,
                          id_field=id_field, url_field=url_field, kind=kind)
        sources = open_sources(list(inputs), spec)
    except SourceError as err:
        raise click.UsageError(str(err)) from None
    items = (item for source in sources for item in source.items())
    for line in report(measure(cleaner, items, reported), show):
        click.echo(line)


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
    for rule in unscreened(rules):
        if verbose or paths:
            click.echo(f"note: {rule.id} ({rule.source}) runs its regex on every line: anchor it with ^, "
                       "bound its length, or give it a literal word (README: 'Fast rules')")
    click.echo(f"{len(rules)} rules, {count} examples, {len(failures)} failed")
    if failures:
        sys.exit(1)


@main.group("sites")
def sites_group() -> None:
    """Learn the lines each site repeats across its pages, for 'cleaner clean --sites'."""


@sites_group.command("learn")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The site-lines file to write (.json, or .json.gz compressed).")
@click.option("--field", default="text", show_default=True, metavar="NAME", help="Record field holding the text.")
@click.option("--url-field", default="url", show_default=True, metavar="NAME",
              help="Record field with the page URL (else the record's metadata.url).")
@click.option("--max-pages", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Pages learned per site (later ones are passed over; 0: no limit).")
@click.option("--show", type=click.IntRange(min=0), default=10, show_default=True,
              help="Sites listed in the report, most pages first.")
def sites_learn(inputs, output, field, url_field, max_pages, show) -> None:
    """Count, per site, on how many pages each line stands, for 'cleaner clean --sites'.

    INPUTS are JSON Lines files of scraped text with each page's URL (the crawl itself, read for
    its url, title and text), or the outputs of 'cleaner clean --format jsonl' (or json), as
    files or folders ('-' reads JSON Lines from stdin). Lines of one site found on 2 or more of
    its pages (and 5% of them) are that site's boilerplate: 'cleaner clean --sites FILE' drops
    those a page still has after the other rules (rule structure.site-repeats, scraped text
    only; tune it like any heuristic rule). Copies of a page (same title or text) count once.
    The file holds 64-bit hashes of lines, no text; learning takes about 80 bytes of memory a
    distinct line. Exit code 1 if a record could not be read (the rest are learned and the file
    written).

    \b
    Examples:
      cleaner sites learn crawl.jsonl -o sites.json
      cleaner clean crawl.jsonl -o clean/ --format jsonl --sites sites.json
      cleaner sites learn pass1/ -o sites.json     # from a first pass's results
      zcat crawl.jsonl.gz | cleaner sites learn - -o sites.json
    """
    problems = 0

    def report(problem: str) -> None:   # told as met: a long crawl shows its bad lines as it goes
        nonlocal problems
        problems += 1
        click.echo(problem, err=True)

    sites, records, without_url = SiteLines(max_pages or None), 0, 0
    for record in text_records(inputs, report, field):
        records += 1
        url = record_url(record, url_field)
        without_url += url is None
        title = record.get("title")
        sites.add(record[field], url=url, title=title if isinstance(title, str) else None)
    sites.save(output)
    click.echo(f"{records:,} records read: {sites.pages:,} pages of {sites.hosts:,} sites learned, "
               f"{sites.duplicates:,} copies of a page (same title or text) counted once, "
               f"{without_url:,} without a URL and {sites.beyond:,} beyond --max-pages passed over; "
               f"written to {output}")
    for host, pages, repeated in sites.busiest(show):
        click.echo(f"  {host}: {pages:,} pages, {repeated:,} lines on 2 or more")
    if problems:
        sys.exit(1)
