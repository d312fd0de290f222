"""One batch run, top to bottom: inputs -> resume check -> workers -> outputs, errors, summary.

The driving process streams items from the sources, asks the sink whether each one's output is
already complete, hands the rest to an engine (a local process pool, or Ray), and writes what comes
back. Only this process writes files and the ledger; workers only read inputs and clean.
"""
from __future__ import annotations

import json
import os
import queue
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, TimeoutError as FutureTimeout
from contextlib import ExitStack, suppress
from dataclasses import dataclass, fields
from itertools import islice
from pathlib import Path

from .. import __version__
from ..pipeline import Cleaner, default_cleaner
from .sinks import ERRORS_NAME, STATE_DIR, SUMMARY_NAME, JsonlSink, OutputError, TreeSink, clear_temporary
from .sources import INPUT_FORMATS, Item, ItemError, SourceError, SourceSpec, open_sources
from .state import Ledger, OutputBusy, lock_output
from .summary import ErrorLog, Summary
from .work import FAILED, FORMATS, Outcome, WorkSpec, init_worker, run_batch_in_worker

ENGINES = ("local", "ray")
Task = tuple[Item, str, "str | None"]   # item, ledger key, digest of its complete output


class BatchError(Exception):
    """The run cannot start (bad inputs, output inside an input, ...): nothing was cleaned."""


@dataclass(frozen=True)
class BatchOptions:
    """Options of ``run()``; every field is also a keyword argument of it.

    fmt             ``text`` (tree of .txt), ``json`` (tree of .json) or ``jsonl`` (part files)
    jobs            worker processes (local) or actors (Ray); default: every core
    engine          ``local`` or ``ray``; ``address`` is the Ray cluster to join (default: start one)
    include/exclude globs on paths relative to an input folder (default include: .html .htm .txt
                    and their .gz forms)
    input_format    ``auto`` (by suffix), ``tree``, ``jsonl`` or ``warc``
    field, id_field, url_field   JSON Lines: where the document, its id and its URL are
    kind            ``auto``, ``html`` or ``text``
    with_removed    JSON Lines records also list every removal
    max_size        bytes per document (after gunzip); larger ones fail with that reason
    timeout         seconds per document; a worker that takes longer is replaced
    part_records    records per JSON Lines part file
    progress        show a progress bar (default: when stderr is a terminal)
    """

    fmt: str = "text"
    jobs: int | None = None
    engine: str = "local"
    address: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    input_format: str = "auto"
    field: str | None = None
    id_field: str = "id"
    url_field: str = "url"
    kind: str = "auto"
    with_removed: bool = False
    max_size: int = 20 * 2**20
    timeout: float = 60.0
    part_records: int = 10_000
    progress: bool | None = None

    def __post_init__(self) -> None:
        for name, value, valid in (("fmt", self.fmt, FORMATS), ("engine", self.engine, ENGINES),
                                   ("input_format", self.input_format, INPUT_FORMATS)):
            if value not in valid:
                raise BatchError(f"{name} must be one of {', '.join(valid)}, not {value!r}")
        if self.jobs is not None and self.jobs < 1:
            raise BatchError(f"jobs must be at least 1, not {self.jobs}")
        object.__setattr__(self, "include", tuple(self.include))
        object.__setattr__(self, "exclude", tuple(self.exclude))

    @property
    def workers(self) -> int:
        if self.jobs:
            return self.jobs
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

    def source_spec(self) -> SourceSpec:
        return SourceSpec(include=self.include, exclude=self.exclude, input_format=self.input_format,
                          field=self.field, id_field=self.id_field, url_field=self.url_field, kind=self.kind)


def run(inputs: Iterable[str | Path], output: str | Path, *, cleaner: Cleaner | None = None,
        on_error: Callable[[str, str], None] | None = None, **options) -> Summary:
    """Clean every document of ``inputs`` (folders, JSON Lines files, WARC files, ``-``) into ``output``.

    Returns the Summary (also written to ``output/summary.json``); failed documents are listed
    in ``output/errors.jsonl`` and passed to ``on_error(path, reason)`` as they happen. Re-running
    the same call skips every document whose output is complete and made from the same content
    with the same rules. Raises BatchError when the run cannot start.
    """
    known = {f.name for f in fields(BatchOptions)}
    if unknown := sorted(set(options) - known):
        raise TypeError(f"unknown batch option(s): {', '.join(unknown)}; valid: {', '.join(sorted(known))}")
    opts = BatchOptions(**options)
    cleaner = cleaner or default_cleaner()
    paths, out = [Path(path) for path in inputs], Path(output)
    check_paths(paths, out)
    try:
        sources = open_sources(paths, opts.source_spec())
    except SourceError as err:
        raise BatchError(str(err)) from None

    out.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        try:
            stack.enter_context(lock_output(out / STATE_DIR))
        except OutputBusy as err:
            raise BatchError(str(err)) from None
        clear_temporary(out)
        ledger = Ledger(out / STATE_DIR / "ledger.sqlite")
        stack.callback(ledger.close)
        fingerprint = cleaner.fingerprint
        run_id = ledger.start_run(fingerprint)
        try:
            sink = (JsonlSink(out, ledger, run_id, fingerprint, part_records=opts.part_records) if opts.fmt == "jsonl"
                    else TreeSink(out, ledger, run_id, fingerprint, suffix=".json" if opts.fmt == "json" else ".txt"))
        except OutputError as err:
            raise BatchError(str(err)) from None
        local_temp = str(out / STATE_DIR / "tmp") if opts.engine == "local" else None
        if opts.fmt == "text":   # a .txt output carries no metadata; the same text under the same fingerprint
            cleaner = cleaner.with_config(find_date=False)
        spec = WorkSpec(cleaner, fmt=opts.fmt, with_removed=opts.with_removed, max_size=opts.max_size,
                        temp_dir=local_temp)
        engine = _engine(opts, spec)
        stack.callback(engine.close)
        summary = Summary(output=str(out), engine=opts.engine, workers=engine.workers,
                          fingerprint=fingerprint, version=__version__)
        errors = ErrorLog(out / STATE_DIR / "tmp" / "errors.jsonl.tmp", out / ERRORS_NAME)
        bar = _Progress(opts.progress, sources)
        stack.callback(bar.close)

        def record(item: Item, outcome: Outcome, written: int = 0) -> None:
            summary.add(outcome, written)
            if outcome.status == FAILED:
                reason = outcome.reason or "failed"   # (every failure says why)
                errors.add(item.label, reason)
                if on_error:
                    on_error(item.label, reason)
            bar.update()

        def tasks() -> Iterator[Task]:
            for source in sources:
                for item in source.items():
                    try:
                        key, known = sink.prepare(item)
                    except ItemError as err:
                        record(item, Outcome(FAILED, reason=str(err)))
                        continue
                    yield item, key, known

        try:
            for (item, key, _known), outcome in engine.map(tasks()):
                try:
                    written = sink.accept(item, key, outcome)
                except (OSError, ItemError) as err:
                    outcome, written = Outcome(FAILED, reason=f"cannot write its output: {err}"), 0
                record(item, outcome, written)
            sink.close()
        except BaseException:
            errors.abandon()
            with suppress(Exception):
                sink.close()   # a Ctrl-C keeps what is done; a failed sink leaves temporary files to clear
            raise
        errors.finish()
        summary.finish()
        _write_json(out / SUMMARY_NAME, summary.to_dict(), out / STATE_DIR / "tmp")
    return summary


def check_paths(inputs: list[Path], out: Path) -> None:
    """The output folder must not be, hold, or sit inside any input."""
    if out.exists() and not out.is_dir():
        raise BatchError(f"{out} is a file; the output of a batch is a folder")
    real_out = out.resolve()
    for path in inputs:
        if str(path) == "-":
            continue
        real = path.resolve()
        if real == real_out or real_out.is_relative_to(real):
            raise BatchError(f"the output folder {out} is inside the input {path}; "
                             "choose an output folder outside the inputs")
        if real.is_relative_to(real_out):
            raise BatchError(f"the input {path} is inside the output folder {out}; "
                             "choose an output folder outside the inputs")


def _write_json(path: Path, data: dict, tmp: Path) -> None:
    temp = tmp / (path.name + ".tmp")
    temp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    temp.replace(path)


def _engine(opts: BatchOptions, spec: WorkSpec):
    if opts.engine == "ray":
        from .ray_engine import RayPool

        return RayPool(spec, workers=opts.jobs, address=opts.address, timeout=opts.timeout)
    return LocalPool(spec, workers=opts.workers, timeout=opts.timeout)


class LocalPool:
    """A pebble process pool: every worker gets the WorkSpec (rules compiled) once, at start.
    Documents travel in batches, as in the Ray engine, so the pipes and locks are paid once per
    batch; a batch that overruns ``timeout`` per document has its worker killed and replaced,
    and its documents are retried one by one, so only the slow (or crashing) one fails."""

    BATCH = 8
    IN_FLIGHT_PER_WORKER = 2   # batches: one running, one queued; memory stays flat

    def __init__(self, spec: WorkSpec, *, workers: int, timeout: float):
        from pebble import ProcessPool

        self.workers, self.timeout = workers, timeout
        self.pool = ProcessPool(max_workers=workers, initializer=init_worker, initargs=(spec,))

    def map(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, Outcome]]:
        """Outcomes as they finish (not in input order), with a bounded number of tasks in flight."""
        tasks = iter(tasks)
        pending: dict[Future, list[Task]] = {}   # scheduled batches by their future
        retry: deque[Task] = deque()             # tasks of a failed batch, to run one at a time
        finished: queue.SimpleQueue = queue.SimpleQueue()   # futures put here as they complete
        while True:
            while len(pending) < self.workers * self.IN_FLIGHT_PER_WORKER:
                batch = [retry.popleft()] if retry else list(islice(tasks, self.BATCH))
                if not batch:
                    break
                work = [(item, known) for item, _key, known in batch]
                future = self.pool.schedule(run_batch_in_worker, args=(work,), timeout=self.timeout * len(batch))
                pending[future] = batch
                future.add_done_callback(finished.put)
            if not pending:
                return
            future = finished.get()
            batch = pending.pop(future)
            try:
                outcomes = future.result()
            except Exception as err:  # noqa: BLE001 - timed out, worker died, an item that cannot be pickled
                if len(batch) > 1:
                    retry.extend(batch)
                    continue
                outcomes = [self._failure(err)]
            yield from zip(batch, outcomes)

    def _failure(self, err: Exception) -> Outcome:
        from pebble import ProcessExpired

        if isinstance(err, (TimeoutError, FutureTimeout)):   # one class from Python 3.11 on, two before
            return Outcome(FAILED, reason=f"timed out after {self.timeout:g} s")
        if isinstance(err, ProcessExpired):
            return Outcome(FAILED, reason=f"worker process died (exit code {err.exitcode})")
        return Outcome(FAILED, reason=f"{type(err).__name__}: {err}")

    def close(self) -> None:
        self.pool.stop()
        self.pool.join()


class _Progress:
    """tqdm on a terminal (documents/s, and an ETA once the inputs are counted); nothing otherwise."""

    def __init__(self, show: bool | None, sources):
        from tqdm import tqdm

        show = sys.stderr.isatty() if show is None else show
        self.bar = tqdm(unit=" docs", disable=not show, smoothing=0.05, dynamic_ncols=True, file=sys.stderr)
        self.total = None
        if show:
            threading.Thread(target=self._count, args=(sources,), daemon=True).start()

    def _count(self, sources) -> None:
        counts = [source.count() for source in sources]
        if None not in counts:
            self.total = sum(counts)

    def update(self) -> None:
        if self.total is not None and self.bar.total is None:
            self.bar.total = self.total
        self.bar.update()

    def close(self) -> None:
        self.bar.close()

