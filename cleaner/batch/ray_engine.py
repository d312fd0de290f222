"""Ray: the same batch run on a cluster, and a map for Ray Data pipelines.

``RayPool`` is the engine behind ``cleaner clean ... --engine ray``: the driver (the process that
runs the command) reads the inputs, skips complete outputs, and writes outputs, ledger and summary
exactly as the local engine does; Ray actors, each holding the compiled rules, only clean. The
workers need no shared filesystem, and the outputs are byte for byte those of the local engine.

``clean_dataset`` is for corpora that already live in a Ray Dataset (Parquet or JSON on S3, ...):
it maps every row to the same record ``--format jsonl`` writes, in parallel over the cluster, and
leaves reading and writing to Ray Data.

Ray is an optional dependency: ``pip install 'cleaner[ray]'``.
"""
from __future__ import annotations

import json
import logging
import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from ..pipeline import Cleaner, default_cleaner
from .sources import Item, ItemError, SourceSpec, item_from_record
from .work import FAILED, SKIPPED, Outcome, WorkSpec, digest_of, process


def _ray():
    try:
        import ray
    except ImportError:
        from .runner import BatchError

        raise BatchError("the ray engine needs Ray: pip install 'cleaner[ray]'") from None
    return ray


class CleanActor:
    """A Ray actor: gets the WorkSpec (and so the compiled rules) once, cleans batches of items."""

    def __init__(self, spec: WorkSpec):
        self.spec = spec

    def ready(self) -> bool:
        return True

    def clean(self, batch: list[tuple[Item, str | None]]) -> list[Outcome]:
        return [process(self.spec, item, known) for item, known in batch]


class RayPool:
    """One actor per worker, one batch in flight per actor. A batch that overruns ``timeout`` per
    document has its actor killed and replaced; its documents are retried one by one, so only
    the slow (or crashing) document fails."""

    BATCH = 8

    def __init__(self, spec: WorkSpec, *, workers: int | None, address: str | None, timeout: float):
        self.ray = ray = _ray()
        self.started = not ray.is_initialized()
        if self.started:
            ray.init(address=address, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.WARNING, configure_logging=True)
        self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.timeout, self.max_size = timeout, spec.max_size
        self.actor_class = ray.remote(num_cpus=1, max_restarts=0)(CleanActor)
        self.spec_ref = ray.put(spec)
        self.actors = [self._new_actor() for _ in range(self.workers)]
        ray.get([actor.ready.remote() for actor in self.actors])  # time limits start once workers are up
        self.starting: dict = {}   # ready-ref -> replacement actor still starting

    def _new_actor(self):
        return self.actor_class.remote(self.spec_ref)

    def _load(self, task) -> tuple[tuple[Item, str | None] | None, Outcome | None]:
        """Read a file item on the driver (workers need no shared filesystem); skip it here
        when its content is unchanged, so unchanged documents never cross the network."""
        item, _key, known = task
        if item.error or item.file is None:
            return (item, known), None
        try:
            raw = item.read_raw(self.max_size)
        except ItemError as err:
            return None, Outcome(FAILED, reason=str(err))
        if known is not None and digest_of(raw) == known:
            return None, Outcome(SKIPPED, digest=known)
        return (item.with_data(raw), known), None

    def map(self, tasks: Iterable) -> Iterator[tuple[object, Outcome]]:
        ray = self.ray
        tasks = iter(tasks)
        idle = deque(self.actors)
        retry: deque = deque()           # (task, loaded) pairs to run alone after a failed batch
        pending: dict = {}               # ref -> (actor, [(task, loaded)], deadline)
        batch: list = []
        exhausted = False

        def submit(entries) -> None:
            actor = idle.popleft()
            ref = actor.clean.remote([loaded for _task, loaded in entries])
            pending[ref] = (actor, entries, time.monotonic() + self.timeout * len(entries))

        while True:
            while idle and retry:
                submit([retry.popleft()])
            while idle and not exhausted:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                    if batch:
                        submit(batch)
                        batch = []
                    break
                loaded, outcome = self._load(task)
                if outcome is not None:
                    yield task, outcome
                    continue
                batch.append((task, loaded))
                if len(batch) == self.BATCH:
                    submit(batch)
                    batch = []
            if not pending and not self.starting:
                if exhausted and not retry and not batch:
                    return
                continue
            ready, _ = ray.wait([*pending, *self.starting], num_returns=1, timeout=0.5)
            for ref in ready:
                if ref in self.starting:
                    idle.append(self.starting.pop(ref))
                    continue
                actor, entries, _deadline = pending.pop(ref)
                try:
                    outcomes = ray.get(ref)
                except ray.exceptions.RayError as err:
                    yield from self._lost(actor, entries, retry, idle, f"worker died ({type(err).__name__})")
                    continue
                idle.append(actor)
                for (task, _loaded), outcome in zip(entries, outcomes):
                    yield task, outcome
            now = time.monotonic()
            for ref, (actor, entries, deadline) in list(pending.items()):
                if now > deadline:
                    del pending[ref]
                    yield from self._lost(actor, entries, retry, idle, f"timed out after {self.timeout:g} s")

    def _lost(self, actor, entries, retry, idle, reason):
        """Replace a dead or stuck actor; retry a batch one by one, fail a lone document."""
        self.ray.kill(actor, no_restart=True)
        self.actors.remove(actor)
        fresh = self._new_actor()
        self.actors.append(fresh)
        self.starting[fresh.ready.remote()] = fresh   # idle once it has loaded the rules
        if len(entries) == 1:
            yield entries[0][0], Outcome(FAILED, reason=reason)
        else:
            retry.extend(entries)

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor, no_restart=True)
        if self.started:
            self.ray.shutdown()


class CleanRows:
    """Ray Data callable class: ``dataset.map(CleanRows, fn_constructor_kwargs=..., concurrency=N)``.

    Each actor builds its WorkSpec once; every row gains the fields of a ``--format jsonl`` record
    (``id``, ``url``, ``path``, ``title``, ``text``, ``metadata``, ``kind``, ``status``,
    ``warnings``, optionally ``removed``) plus ``error`` (None, or why the row failed).
    ``metadata``, ``warnings`` and ``removed`` are JSON strings: their shapes vary from row to row,
    which columnar formats do not take.
    """

    def __init__(self, cleaner: Cleaner | None = None, source: SourceSpec | None = None,
                 with_removed: bool = False, max_size: int = 20 * 2**20):
        self.spec = WorkSpec(cleaner or default_cleaner(), fmt="jsonl", with_removed=with_removed, max_size=max_size)
        self.source = source or SourceSpec()

    def __call__(self, row: dict) -> dict:
        key = str(row.get(self.source.id_field, ""))
        item = item_from_record(row, self.source, key=key, label=key, default_name=key)
        outcome = process(self.spec, item)
        if outcome.output is None:
            record: dict[str, Any] = {"id": item.id, "url": item.url, "path": item.name, "title": None, "text": None,
                      "metadata": {}, "kind": None, "status": FAILED, "warnings": []}
            if self.spec.with_removed:
                record["removed"] = []
        else:
            record = json.loads(outcome.output)
        for name in ("metadata", "warnings", "removed"):
            if name in record:
                record[name] = json.dumps(record[name], ensure_ascii=False)
        document_field = self.source.field or ("html" if "html" in row else "text")
        kept = {name: value for name, value in row.items() if name != document_field}
        return {**kept, **record, "error": outcome.reason}


def clean_dataset(dataset, *, cleaner: Cleaner | None = None, field: str | None = None, kind: str = "auto",
                  id_field: str = "id", url_field: str = "url", with_removed: bool = False,
                  max_size: int = 20 * 2**20, concurrency: int | None = None):
    """Clean every row of a Ray Dataset; returns the mapped Dataset (lazy, like any Ray Data map).

    ``field`` holds the document (default ``html`` if the row has it, else ``text``); ``id_field``
    and ``url_field`` are kept as ``id`` and ``url``. ``concurrency`` actors (default: the
    cluster's CPUs) each load the rules once.

    >>> import ray                                                     # doctest: +SKIP
    >>> rows = ray.data.read_json("s3://bucket/crawl/")                # doctest: +SKIP
    >>> clean_dataset(rows, field="html").write_json("s3://bucket/clean/")  # doctest: +SKIP
    """
    ray = _ray()
    source = SourceSpec(field=field, id_field=id_field, url_field=url_field, kind=kind)
    concurrency = concurrency or max(1, int(ray.cluster_resources().get("CPU", 1)))
    return dataset.map(CleanRows, compute=ray.data.ActorPoolStrategy(size=concurrency),
                       fn_constructor_kwargs={"cleaner": cleaner or default_cleaner(), "source": source,
                                              "with_removed": with_removed, "max_size": max_size})
