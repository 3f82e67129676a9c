"""sha256 of source files, remembered by their stat so that an unchanged file is not read again (as git's index).

A file counts as unchanged when its size, modification and change times (ns) and inode are those recorded
when it was hashed. The kernel sets the change time on every write and metadata change, and no tool can set it
back (`touch -d`, `rsync -t`, `cp -p` set only the modification time), so an edit goes unseen only if all four
stay as they were. One case remains, as for git: a file written within the same clock tick as it was hashed
keeps its times. So a digest is remembered only for a file whose times are at least a second older than the
moment it was hashed; a "racily clean" one is simply hashed again next time. The trade-off: a file whose
bytes change behind an unchanged stat (a disk error, a tool that forges times on a filesystem without change
times) keeps its old digest until its stat changes or `build --full` rebuilds.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

RACY_NS = 1_000_000_000  # a file changed less than this before it was hashed is not remembered
FILE = "sources.json"  # where a build keeps them


class FileDigests:
    """Digests of files by path: remembered ones (`known`, from the previous build) where the stat matches, the
    others read and hashed; `remembered()` is what the next build may trust."""

    def __init__(self, known: dict[str, list] | None = None) -> None:
        self._known = known or {}
        self._seen: dict[str, str] = {}  # hashed in this build, racy or not: a second call does not read again
        self._remembered: dict[str, list] = {}

    def digest(self, path: Path) -> str:
        """The file's sha256 (hex); OSError when it cannot be read."""
        name = str(path)
        if name in self._seen:
            return self._seen[name]
        stat = path.stat()  # before reading: a change while reading stamps newer times, never older
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        known = self._known.get(name)
        if known is not None and known[:4] == signature:
            digest = known[4]
        else:
            with path.open("rb") as file:
                digest = hashlib.file_digest(file, "sha256").hexdigest()
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < time.time_ns() - RACY_NS:
            self._remembered[name] = [*signature, digest]
        self._seen[name] = digest
        return digest

    def save(self, folder: Path) -> None:
        (folder / FILE).write_text(json.dumps(self._remembered, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path | None) -> FileDigests:
        """The digests a build saved in `folder`; none when it has no readable file of them (then all are read)."""
        try:
            known = json.loads((folder / FILE).read_text(encoding="utf-8")) if folder is not None else {}
        except (OSError, ValueError):
            known = {}
        valid = isinstance(known, dict) and all(isinstance(v, list) and len(v) == 5 for v in known.values())
        return cls(known if valid else {})
