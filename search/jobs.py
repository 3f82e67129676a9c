"""Index work owned by the server process, not by a browser session: building and adding documents.

Streamlit runs each session's script in its own thread and stops it when the tab closes, so work done there
is lost with the tab, and five visitors to an empty index start five builds. A `JobRegistry` (one per
process, e.g. via st.cache_resource) runs such work in background threads instead: at most one build per
index folder at a time (a session arriving during the build gets the running job and waits for it), jobs on
one folder run one after another, and every session can read a job's progress. Across processes the index
store's own lock keeps builds apart.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from search.config import Settings
from search.errors import PolicySearchError
from search.records import IndexInfo
from search.service import PolicySearch, Stage, Update


@dataclass
class Job:
    """One piece of background work: its latest progress, the notes it made, and how it ended."""

    name: str
    stage: Stage | None = None
    done: int = 0
    total: int = 0
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    result: Any = None
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def running(self) -> bool:
        return not self.finished.is_set()

    def report(self, stage: Stage, done: int, total: int) -> None:
        """A progress callback (`Progress`) for the index build; sessions read the fields it sets."""
        self.stage, self.done, self.total = stage, done, total

    def take_notes(self, update: Update) -> IndexInfo:
        """The index an update left, its notes kept for the sessions to show."""
        self.notes.extend(update.notes)
        return update.info

    def wait(self, timeout: float | None = None) -> bool:
        return self.finished.wait(timeout)

    def outcome(self) -> Any:
        """The work's result once finished; its error as a PolicySearchError if it failed."""
        self.wait()
        if self.error is not None:
            raise PolicySearchError(self.error)
        return self.result


class JobRegistry:
    """The process's background jobs, by name; one lock per index folder serialises the work on it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self._folders: dict[Path, threading.Lock] = {}

    def get(self, name: str) -> Job | None:
        with self._lock:
            return self._jobs.get(name)

    def forget(self, job: Job) -> None:
        """Drop a finished job once its session has shown the outcome (an upload's result holds documents)."""
        with self._lock:
            if not job.running and self._jobs.get(job.name) is job:
                del self._jobs[job.name]

    def start(self, name: str, folder: Path, work: Callable[[Job], Any], daemon: bool = True) -> Job:
        """The running job called `name`, or a new one running `work(job)` once `folder` is free.

        A daemon job dies with the server (an interrupted build leaves the previous index, see the store);
        a non-daemon one, such as an upload, holds the server's exit until it has finished or rolled back."""
        with self._lock:
            job = self._jobs.get(name)
            if job is not None and job.running:
                return job
            job = self._jobs[name] = Job(name)
            folder_lock = self._folders.setdefault(folder.resolve(), threading.Lock())
        threading.Thread(target=self._run, args=(job, folder_lock, work), name=name, daemon=daemon).start()
        return job

    @staticmethod
    def _run(job: Job, folder_lock: threading.Lock, work: Callable[[Job], Any]) -> None:
        try:
            with folder_lock:
                job.result = work(job)
        except BaseException as error:  # reported to whichever session looks, never lost in a thread
            job.error = str(error) or type(error).__name__
        finally:
            job.finished.set()

    # -- the two jobs the app runs
    def building(self, settings: Settings) -> Job | None:
        """The build of this index that is under way, if any."""
        job = self.get(_index_job(settings))
        return job if job is not None and job.running else None

    def open_index(self, settings: Settings) -> Job:
        """Build or update the index of `settings` if needed: one job per index folder, whoever asks."""
        return self.start(
            _index_job(settings),
            settings.index_dir,
            lambda job: job.take_notes(PolicySearch(settings).update(job.report)),
        )

    def add_documents(self, settings: Settings, files: list[tuple[str, bytes]], upload_id: str) -> Job:
        """Save and index uploaded files, surviving the tab that sent them; `upload_id` names this upload."""
        return self.start(
            f"upload:{upload_id}",
            settings.index_dir,
            lambda job: PolicySearch(settings).add_documents(files, job.report, upload_id),
            daemon=False,
        )

    def correct(self, settings: Settings, document_path: Path, fields: dict[str, str], correction_id: str) -> Job:
        """Save a metadata correction and update the index, whether or not its tab stays open."""
        return self.start(
            f"correct:{correction_id}",
            settings.index_dir,
            lambda job: PolicySearch(settings).correct(document_path, job.report, **fields),
            daemon=False,
        )


def _index_job(settings: Settings) -> str:
    return f"index:{settings.index_dir.resolve()}"
