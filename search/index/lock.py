"""One index writer at a time, across processes: an exclusive `flock` on `index/.policy-search.lock`.

Five app sessions, a CLI build and an upload may all decide at once that the index needs building. Whoever
holds the lock builds; the others wait, then look again (the index is usually fresh by then). The kernel
releases the lock when its holder exits, kill -9 included, so a `.partial` build folder seen by the lock
holder belongs to nobody alive and may be removed.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

LOCK_NAME = ".policy-search.lock"  # the index folder may be shared (`--index ~`): a name that says whose
WAITING_NOTE = "another build is running; waiting"


@contextmanager
def build_lock(index_dir: Path, notes: list[str]) -> Iterator[None]:
    """Hold the index folder's build lock; if another process holds it, note that and wait for it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(index_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            notes.append(WAITING_NOTE)
            log.warning("%s", WAITING_NOTE)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing the only descriptor releases the lock
