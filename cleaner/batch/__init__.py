"""Batch cleaning: folders, JSON Lines and WARC files, all cores or a Ray cluster, resumable.

    from cleaner.batch import run
    summary = run(["crawl/"], "clean/", jobs=8)            # a mirrored tree of .txt files
    summary = run(["news.warc.gz"], "clean/", fmt="jsonl")  # JSON Lines part files
    print(summary.render())

Modules: ``sources`` (what to read), ``work`` (what a worker does with one document), ``sinks``
(where outputs go), ``state`` (the resume ledger), ``runner`` (the run and the local pool),
``ray_engine`` (Ray, and the Ray Data entry point), ``summary`` (counts, errors file).
"""
from .runner import ENGINES, BatchError, BatchOptions, run
from .sources import INPUT_FORMATS, Item, detect_format
from .summary import Summary
from .work import FORMATS

__all__ = ["ENGINES", "FORMATS", "INPUT_FORMATS", "BatchError", "BatchOptions", "Item", "Summary",
           "detect_format", "run"]
