"""`check`: is the corpus readable, and is the index on disk whole and built from it? One line either way.

Unlike `ensure_index` this never builds: it says what is wrong (missing, stale, corrupt, corpus unreadable) so
that a script or a person can decide, and on success what is being served.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.config import Settings
from search.errors import IndexCorruptError, PolicySearchError
from search.index.search_index import Verify, indexed_paths, load_index
from search.index.status import IndexStatus
from search.index.store import check_status, corrupt_reason
from search.ingest.corpus import id_conflicts
from search.ingest.files.folders import scan
from search.ingest.files.loading import os_reason

_REBUILD = "; run `python -m search build`"


@dataclass
class IndexCheck:
    """The outcome, and `summary`, the one line to show."""

    status: IndexStatus
    summary: str
    documents: int = 0
    clauses: int = 0
    built_at: str = ""
    size_bytes: int = 0

    @property
    def ok(self) -> bool:
        return self.status is IndexStatus.OK


def check_index(settings: Settings, encoder_id: str) -> IndexCheck:
    """Corpus files readable; manifest shape, schema and build inputs; every index file against its checksum."""
    problem = _corpus_problem(settings)
    if problem:
        return IndexCheck(IndexStatus.CORPUS, f"cannot read the corpus: {problem}")
    shadowed = id_conflicts(scan([settings.corpus_dir], settings.corpus_dir).files, indexed_paths(settings.index_dir))
    if shadowed:
        reasons = "; ".join(skipped.reason for skipped in shadowed.values())
        return IndexCheck(IndexStatus.CORPUS, f"conflict: {reasons} (not indexed)")
    try:
        status, reasons = check_status(settings, encoder_id)
    except PolicySearchError as error:  # a corpus file that cannot be read
        return IndexCheck(IndexStatus.CORPUS, str(error))
    if status is IndexStatus.MISSING:
        return IndexCheck(status, f"missing: no index in {settings.index_dir}{_REBUILD}")
    if status is IndexStatus.CORRUPT:
        return IndexCheck(status, f"corrupt: {reasons[0]}{_REBUILD}")
    if status is IndexStatus.STALE:
        return IndexCheck(status, f"stale: {'; '.join(reasons)} since the index was built{_REBUILD}")
    try:
        index = load_index(settings.index_dir, Verify.ALL)
    except (FileNotFoundError, IndexCorruptError) as error:
        return IndexCheck(IndexStatus.CORRUPT, f"corrupt: {corrupt_reason(error)}{_REBUILD}")
    info = index.info()
    summary = f"ok: {info.documents} documents, {info.clauses} clauses, built {info.built_at}, {_mib(info.size_bytes)}"
    return IndexCheck(IndexStatus.OK, summary, info.documents, info.clauses, info.built_at, info.size_bytes)


def _corpus_problem(settings: Settings) -> str | None:
    """The first thing in the corpus that ingestion would have to skip for want of reading it, if any:
    a missing folder, a folder that cannot be listed, a symbolic link loop, a file that cannot be opened."""
    found = scan([settings.corpus_dir], settings.corpus_dir)
    if found.skipped:
        return found.skipped[0].reason
    for source_file in found.files:
        try:
            with source_file.path.open("rb") as file:
                file.read(1)
        except OSError as error:
            return f"{source_file.path}: {os_reason(error)}"
    return None


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"
