"""The upload journal: an upload is written down as pending before its files are saved, and struck off once it is
indexed (or rolled back). A server killed in between (kill -9, a power cut) leaves the entry behind, and the next
start removes that upload's files, so no visitor finds a document indexed that nobody saw confirmed.

Entries live in `corpus/.uploads/`: hidden, so never read as a document. An entry names the process that wrote
it (pid and start time): one whose process still runs is another server's upload under way, never touched.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from search.ingest.facts.overrides import override_path

FOLDER = ".uploads"


@dataclass
class PendingUpload:
    upload_id: str
    pid: int
    started: str  # the process's start time, as the system counts it ('' where it cannot be read)
    files: list[str]  # names in the corpus folder, saved or about to be


class UploadJournal:
    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self.folder = corpus_dir / FOLDER

    def begin(self, upload_id: str, files: list[Path]) -> None:
        """Record the upload before any of its files is written (atomically: a half entry is never read)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        entry = PendingUpload(upload_id, os.getpid(), _process_start(os.getpid()), [f.name for f in files])
        tmp = self.folder / f".{upload_id}.partial"
        tmp.write_text(json.dumps(asdict(entry), ensure_ascii=False), encoding="utf-8")
        tmp.replace(self._entry(upload_id))

    def end(self, upload_id: str) -> None:
        """The upload is indexed, or its files are removed again: nothing is pending any more (and with nothing
        pending, the corpus folder holds no journal)."""
        self._entry(upload_id).unlink(missing_ok=True)
        self._remove_if_empty()

    def recover(self) -> list[str]:
        """Remove the files of every upload whose process died before it ended; one message per file removed."""
        if not self.folder.is_dir():
            return []
        messages = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                entry = PendingUpload(**json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                path.unlink(missing_ok=True)  # not an entry we wrote whole: nothing to roll back from it
                continue
            if _running(entry.pid, entry.started):
                continue
            for name in entry.files:
                document = self.corpus_dir / Path(name).name  # a name, never a path out of the corpus
                if document.exists():
                    document.unlink()
                    messages.append(f"an interrupted upload of {name} was removed (上传中断，已撤销)")
                override_path(document).unlink(missing_ok=True)
            path.unlink(missing_ok=True)
        self._remove_if_empty()
        return messages

    def _remove_if_empty(self) -> None:
        with contextlib.suppress(OSError):  # another upload is pending, or there is no folder
            self.folder.rmdir()

    def _entry(self, upload_id: str) -> Path:
        return self.folder / f"{upload_id}.json"


def _process_start(pid: int) -> str:
    """When the process started (clock ticks since boot, from /proc): tells a live pid from a reused one."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]  # field 22 of stat; the name before ")" may hold spaces


def _running(pid: int, started: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another user's
    return not started or _process_start(pid) == started
