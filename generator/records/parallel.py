"""Claims read and rendered on every core of the machine, for big one-off builds.

Reading one claim file, and rendering one claim's page, depend only on that claim and on read-only records, so
10,000 claims split into chunks that forked worker processes handle while sharing the parent's memory (fork
copies nothing until it is written). What comes back is pickled: validated records from reading, and only
strings and dicts from rendering. Judging stays in the parent: each worker would fill the calculator's cache
again, and at 10,000 claims two workers judged no faster than one process.

Used only where it pays and is safe: at least `MIN_ITEMS` items, more than one core, Linux (for `fork`),
and never under `mkdocs serve`, whose process runs threads (the plugin passes `parallel=False` there).
Serial and parallel runs give identical results (tests/test_parallel.py).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import Any

MIN_ITEMS = 1000
"""Fewer items than this are done in this process: forking and pickling would cost more than they save."""
MAX_WORKERS = 8
CHUNKS_PER_WORKER = 4
"""Several chunks per worker, so that unpickling the first results overlaps with computing the last."""

_job: tuple[Callable, Any] | None = None
"""(function, shared state) for the forked workers, which inherit it from the parent."""


def worker_count(n_items: int) -> int:
    """How many processes to use for `n_items` (1: do it here)."""
    if n_items < MIN_ITEMS or not sys.platform.startswith("linux"):
        return 1  # fork is safe on Linux only (macOS lists it, but system libraries may break after it)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_WORKERS))


def map_chunks(fn: Callable[[Any, list], list], shared: Any, items: list, workers: int) -> list:
    """`fn(shared, chunk)` over chunks of `items`, results concatenated in order; in this process when
    `workers` is 1. Results must pickle: plain values (strings, dicts) cost least to bring back."""
    global _job
    if workers <= 1 or len(items) < 2:
        return fn(shared, items)
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    _job = (fn, shared)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results: list = []
            for chunk_results in pool.imap(_run, chunks):
                results.extend(chunk_results)
            return results
    finally:
        _job = None


def _run(chunk: list) -> list:
    fn, shared = _job
    return fn(shared, chunk)
