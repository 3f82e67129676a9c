"""Both cores for the CPU-bound Python of a build (chunking, jieba): an order-keeping map over worker processes.

Threads would not help: jieba and the chunker hold the GIL. Workers are spawned, not forked, because the app
builds in a background thread of a server whose other threads (and OpenMP pools) a fork would copy mid-work.
Spawning costs each worker about a second of imports, so small jobs run in the calling process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import TypeVar

from search.errors import PolicySearchError

Item = TypeVar("Item")
Result = TypeVar("Result")


def cpu_cores() -> int:
    """Cores this process may run on (a container's or taskset's share, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def worker_count(configured: int) -> int:
    """`configured`, or one per core when 0."""
    return configured if configured > 0 else os.cpu_count() or 1


def ordered_map(
    function: Callable[[Item], Result], items: Sequence[Item], workers: int, min_items: int
) -> Iterator[Result]:
    """`function` over `items`, results in item order as they come; in worker processes when there are at
    least `min_items` and more than one worker (`function` must then be a module-level function)."""
    if workers < 2 or len(items) < min_items:
        yield from map(function, items)
        return
    chunk = max(1, min(64, len(items) // (workers * 8)))  # small enough for steady progress reports
    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
    try:
        yield from pool.map(function, items, chunksize=chunk)
    except BrokenProcessPool as error:
        raise PolicySearchError(f"a build worker process died ({error}); was the machine out of memory?") from None
    finally:
        pool.shutdown(cancel_futures=True)  # an interrupted build does not wait for the queued work
