"""The index on disk as a whole: build it, load it, and tell whether it is missing, stale or corrupt.

`ensure_index` is what opening the library calls: it loads the current build (`search_index.py`), or builds one
first (`build.py`) when none is there, the corpus or the build inputs changed since, or the build is damaged.
Builds are written whole beside the current one (`builds.py`), hold the folder's lock (`lock.py`), and a build
is verified against its manifest's checksums (`integrity.py`) before it is served or donates vectors to the
next build: a damaged index is rebuilt and never donates.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from search.config import Settings
from search.errors import IndexCorruptError, IndexNotWritableError, PolicySearchError
from search.index.build import build
from search.index.build_plan import is_searchable
from search.index.builds import BUILD_MARKER, current_build, current_dir
from search.index.embedding import Encoder
from search.index.lock import build_lock
from search.index.manifest import FILE as MANIFEST_FILE
from search.index.manifest import read_manifest
from search.index.provenance import build_inputs, changed_inputs, corpus_fingerprint, corpus_listing, scan_corpus
from search.index.search_index import SearchIndex, Verify, indexed_paths, load_index
from search.index.status import IndexStatus, Progress, Stage
from search.ingest.files.file_digests import FileDigests
from search.ingest.files.folders import FolderScan

__all__ = [
    "BUILD_MARKER",
    "IndexStatus",
    "Progress",
    "SearchIndex",
    "Stage",
    "Verify",
    "build_index",
    "check_status",
    "current_build",
    "ensure_index",
    "index_status",
    "indexed_paths",
    "is_searchable",
    "load_index",
]

log = logging.getLogger(__name__)

_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}


def build_index(
    settings: Settings,
    encoder: Encoder,
    progress: Progress | None = None,
    previous: SearchIndex | None = None,
    notes: list[str] | None = None,
) -> SearchIndex:
    """Ingest the corpus and write a new index, holding the build lock (waiting for another build first);
    vectors of unchanged clauses are reused from `previous`, which `load_index` has verified."""
    with _writing(settings.index_dir), build_lock(settings.index_dir, notes if notes is not None else []):
        return build(settings, encoder, progress, previous)


def index_status(settings: Settings, encoder_id: str) -> IndexStatus:
    """Missing, stale, corrupt or ok — from the manifest, without loading or verifying files."""
    return check_status(settings, encoder_id)[0]


def check_status(settings: Settings, encoder_id: str) -> tuple[IndexStatus, list[str]]:
    """The status from the manifest (not the files), and what is wrong: for a stale index what changed, for a
    corrupt one why."""
    path = current_dir(settings.index_dir)
    if path is None or not (path / MANIFEST_FILE).exists():
        return IndexStatus.MISSING, []
    try:
        manifest = read_manifest(path)
    except (OSError, ValueError) as error:
        return IndexStatus.CORRUPT, [f"index at {path} is unreadable ({error})"]
    changes = changed_inputs(manifest.build_inputs, build_inputs(settings, encoder_id))
    found = scan_corpus(settings)
    listed_as_built = manifest.corpus_listing == corpus_listing(settings, found)
    if not listed_as_built and manifest.corpus_hash != fingerprint(settings, found, FileDigests.load(path)):
        changes.insert(0, "corpus changed")
    return (IndexStatus.STALE if changes else IndexStatus.OK), changes


def fingerprint(settings: Settings, found: FolderScan | None = None, digests: FileDigests | None = None) -> str:
    """The corpus fingerprint; an unreadable corpus file is a user error, not a traceback."""
    try:
        return corpus_fingerprint(settings, found, digests)
    except OSError as error:
        raise PolicySearchError(f"cannot read the corpus: {error.filename}: {error.strerror}") from None


def ensure_index(
    settings: Settings,
    encoder: Encoder,
    progress: Progress | None = None,
    notes: list[str] | None = None,
    serve_stale: bool = True,
) -> SearchIndex:
    """Load the index, building it first when missing, stale (corpus, encoder, tokenizer … changed) or corrupt.

    Builders take turns (the build lock) and look again once it is their turn: of five processes finding the
    index missing, one builds and four load its result. An index folder we may not write to serves what it has,
    unless `serve_stale` is off (the caller changed the corpus and must know the index did not follow).
    """
    notes = notes if notes is not None else []
    # Outside the lock only the cheap check: the current index is loaded (and verified) here just when it can
    # be served as it is; a build loads it under the lock, where it may donate vectors.
    status, reasons = check_status(settings, encoder.id)
    if status is IndexStatus.OK:
        try:
            return load_index(settings.index_dir)
        except (FileNotFoundError, IndexCorruptError):
            pass  # damaged or replaced meanwhile: assessed again under the lock
    previous = None
    note = ""
    try:
        with _writing(settings.index_dir), build_lock(settings.index_dir, notes):
            status, reasons, previous = _assess(settings, encoder.id)
            if status is IndexStatus.OK and previous is not None:
                return previous
            note = _build_note(settings, status, reasons)
            notes.append(note)
            for line in notes:
                log.warning("%s", line)
            return build(settings, encoder, progress, previous)
    except IndexNotWritableError:
        if previous is None and serve_stale:
            status, reasons, previous = _assess(settings, encoder.id)
        if previous is None or not serve_stale:
            raise
        if note in notes:
            notes.remove(note)
        notes.append(
            f"{'; '.join(reasons)} but the index folder is read-only; "
            f"serving the index built at {previous.manifest.built_at}"
        )
        log.warning("%s", notes[-1])
        return previous


@contextmanager
def _writing(index_dir: Path) -> Iterator[None]:
    """A write refused inside the index folder (or creating it) becomes IndexNotWritableError, any other failure
    there (a full disk) a one-line error; the half-written `.partial` folder is cleaned up by the next build."""
    try:
        yield
    except OSError as error:
        target = Path(error.filename) if error.filename else index_dir
        if not (target == index_dir or index_dir in target.parents or target in index_dir.parents):
            raise
        if error.errno in _READ_ONLY:
            raise IndexNotWritableError(
                f"cannot build the index: {index_dir} is not writable ({error.strerror})"
            ) from None
        raise PolicySearchError(f"cannot write the index in {index_dir}: {error.strerror}") from None


def _assess(settings: Settings, encoder_id: str) -> tuple[IndexStatus, list[str], SearchIndex | None]:
    """The status, its reasons, and the current index if it loads (verified: only then may it donate vectors)."""
    status, reasons = check_status(settings, encoder_id)
    if status not in (IndexStatus.OK, IndexStatus.STALE):
        return status, reasons, None
    try:
        verify = Verify.ALL if status is IndexStatus.STALE else Verify.CHANGED
        return status, reasons, load_index(settings.index_dir, verify)
    except (FileNotFoundError, IndexCorruptError) as error:
        return IndexStatus.CORRUPT, [corrupt_reason(error)], None


def corrupt_reason(error: IndexCorruptError | FileNotFoundError) -> str:
    """What is wrong with the index, without the advice to rebuild (for a note saying we are rebuilding)."""
    return error.reason if isinstance(error, IndexCorruptError) else str(error)


def _build_note(settings: Settings, status: IndexStatus, reasons: list[str]) -> str:
    if status is IndexStatus.STALE:
        return f"{'; '.join(reasons)} since the index was built; updating it"
    if status is IndexStatus.CORRUPT:
        return f"{reasons[0] if reasons else f'index at {settings.index_dir} is unreadable'}; rebuilding from scratch"
    return f"no index in {settings.index_dir}; building it"
