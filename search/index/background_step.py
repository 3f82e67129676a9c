"""A build step on a thread of its own, beside the steps that follow it: the cross-lingual leg embeds while the
dense encoder does. Both engines release the GIL in their matrix products, so together they keep every core busy
where each alone left gaps (the cross-lingual model's load, the tail of each encoder's last batches).

The step's progress is held, the latest of each of its stages, and told on the build's own thread when the build
waits for the step, so that the faces hear of one stage at a time, in order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as StillRunning
from types import TracebackType
from typing import Generic, TypeVar

from search.index.status import Progress, Stage

Result = TypeVar("Result")
_POLL_SECONDS = 0.1  # how often a wait passes the step's progress on


class _Stopped(Exception):
    """Raised inside the step, at its next progress report, once the build has left it behind (an error)."""


class BackgroundStep(Generic[Result]):
    """`work(progress)` running on a thread from construction; `result` waits for it. Leaving the `with` block
    before the result (an error, Ctrl-C) stops the step at its next progress report and waits until it has."""

    def __init__(self, work: Callable[[Progress], Result]) -> None:
        self._held: dict[Stage, tuple[int, int]] = {}  # the latest (done, total) of each stage, in order
        self._leaving = threading.Event()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="build-step")
        self._future = self._thread.submit(work, self._hold)

    def __enter__(self) -> BackgroundStep[Result]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._leaving.set()
        self._thread.shutdown(wait=True)

    def result(self, report: Progress) -> Result:
        """The step's result, once it has finished; meanwhile its progress, passed on to `report` on this thread."""
        told: dict[Stage, tuple[int, int]] = {}
        while True:
            try:
                result = self._future.result(timeout=_POLL_SECONDS)
                finished = True
            except StillRunning:
                finished = False
            for stage, counts in dict(self._held).items():
                if told.get(stage) != counts:
                    report(stage, *counts)
                    told[stage] = counts
            if finished:
                return result

    def _hold(self, stage: Stage, done: int, total: int) -> None:
        if self._leaving.is_set():
            raise _Stopped
        self._held[stage] = (done, total)
