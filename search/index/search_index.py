"""The loaded index: each part read from the current build folder, checked against the manifest and each other.

Each part owns its files, and loads, saves and verifies them: the manifest (`manifest.py`), `documents.json`,
`clauses.sqlite` (`clause_store.py`), `facets.npz` (`facets.py`), `lexical/` (`lexical.py`), `vectors.npy` and
`dense.faiss` (the encoder's `VectorLeg`, `dense.py`), `crosslingual.npy` and `crosslingual.faiss` (the
cross-lingual leg's, when it is on), `terms.json`, `term_vectors.npy` and `crosslingual_terms.npy`
(`vocabulary.py`), `groups.npy` and `fingerprints.npy` (`groups.py`), `phrases/` (which clauses hold a piece of
text, `phrases.py`), `lineage.json` (what documents cite, repeal and amend, `lineage/graph.py`) and
`sources.json` (`ingest/files/file_digests.py`, read by builds only).
"""

from __future__ import annotations

import gc
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from search.errors import IndexCorruptError
from search.index.builds import current_dir
from search.index.calibration import Calibration
from search.index.clause_store import FILE as CLAUSES_FILE
from search.index.clause_store import ClauseStore
from search.index.dense import CROSSLINGUAL_FILES, ENCODER_FILES, VectorLeg
from search.index.facets import Facets
from search.index.groups import Groups
from search.index.integrity import verify_files
from search.index.lexical import LexicalIndex
from search.index.manifest import FILE as MANIFEST_FILE
from search.index.manifest import Manifest, read_manifest
from search.index.phrases import PhraseIndex
from search.index.vocabulary import Vocabulary
from search.ingest.corpus import Skipped
from search.lineage.graph import LineageGraph
from search.records import Document, DocumentMeta, IndexInfo, Reference

DOCUMENTS_FILE = "documents.json"
REBUILD_HINT = "; rebuild it with `python -m search build`"


class Verify(Enum):
    """How much of a build `load_index` verifies against its manifest's checksums."""

    ALL = "all"  # every file: before its vectors are reused, and for `check`
    CHANGED = "changed"  # files whose modification time differs from the build's: to serve
    NONE = "none"  # nothing: the build that has just written it


@dataclass
class SearchIndex:
    """What a query needs, loaded once and shared (e.g. via st.cache_resource). Large parts stay on disk: clause
    records in SQLite (fetched for the hits shown), vectors, FAISS and BM25 memory-mapped."""

    path: Path
    manifest: Manifest
    documents: list[Document]  # metadata only: a document's text lives on in its clauses
    clauses: ClauseStore
    facets: Facets  # city, document, type and date per vector row, for filters and counts
    lexical: LexicalIndex
    dense: VectorLeg  # the encoder's vectors and their FAISS index
    vocabulary: Vocabulary
    groups: Groups  # copies of a clause
    phrases: PhraseIndex  # which rows hold a piece of text: a query's exact phrases and exclusions
    lineage: LineageGraph  # what each document cites, repeals or amends, and what cites, repeals or amends it
    skipped: list[Skipped] = field(default_factory=list)
    crosslingual: VectorLeg | None = None  # the cross-lingual leg's, when the build has it

    @property
    def calibration(self) -> Calibration:
        """The encoder's cosine scale, for closeness and expansion thresholds."""
        return self.manifest.calibration

    def info(self) -> IndexInfo:
        """Build time, size on disk (every file the manifest lists, and the manifest) and counts."""
        size = self.manifest.size_bytes + (self.path / MANIFEST_FILE).stat().st_size
        counts = self.manifest.counts
        return IndexInfo(self.manifest.built_at, size, counts.documents, counts.clauses)


def load_index(index_dir: Path, verify: Verify = Verify.CHANGED) -> SearchIndex:
    """Load the current build; a missing, damaged (checksums) or inconsistent file raises IndexCorruptError."""
    path = current_dir(index_dir)
    if path is None:
        raise FileNotFoundError(f"no index built in {index_dir}")
    try:
        return _load(path, verify)
    except IndexCorruptError:
        if current_dir(index_dir) == path:
            raise
        return load_index(index_dir, verify)  # a newer build replaced (and removed) this one while we read it


def indexed_paths(index_dir: Path, index: SearchIndex | None = None) -> dict[str, str]:
    """Each indexed document's id and the file it was read from (the current build's, also for a full rebuild
    or a check): of two files sharing an id, that file keeps it. Empty when no build can be read."""
    if index is not None:
        return {d.doc_id: d.path for d in index.documents}
    path = current_dir(index_dir)
    try:
        records = json.loads((path / DOCUMENTS_FILE).read_text(encoding="utf-8")) if path else []
        return {record["doc_id"]: record["path"] for record in records}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _load(path: Path, verify: Verify) -> SearchIndex:
    try:
        manifest = read_manifest(path)
        if verify is not Verify.NONE:
            verify_files(path, manifest.files, every_checksum=verify is Verify.ALL)
        index = _read_parts(path, manifest)
        _check_counts(index)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, EOFError, sqlite3.Error) as error:
        reason = f"index at {path} is unreadable ({error})"
        raise IndexCorruptError(reason + REBUILD_HINT, reason) from None
    return index


def _read_parts(path: Path, manifest: Manifest) -> SearchIndex:
    """Each part from its files; the large arrays memory-mapped."""
    with _collector_paused():
        documents = [_document(d) for d in json.loads((path / DOCUMENTS_FILE).read_text(encoding="utf-8"))]
        lineage = LineageGraph.load(path, documents)
    crosslingual = manifest.crosslingual
    return SearchIndex(
        path,
        manifest,
        documents,
        ClauseStore(path / CLAUSES_FILE),
        Facets.load(path),
        LexicalIndex.load(path / "lexical"),
        VectorLeg.load(path, ENCODER_FILES, manifest.dense.kind),
        Vocabulary.load(path, bool(crosslingual.id)),
        Groups.load(path),
        PhraseIndex.load(path),
        lineage,
        manifest.skipped,
        VectorLeg.load(path, CROSSLINGUAL_FILES, crosslingual.kind) if crosslingual.id else None,
    )


def _check_counts(index: SearchIndex) -> None:
    """Every part holds one row per indexed clause (the vocabulary: per term), as many as the manifest says."""
    manifest = index.manifest
    rows = manifest.counts.indexed
    index.clauses.verify(rows, manifest.counts.clauses)
    index.facets.verify(rows)
    index.lexical.verify(rows)
    index.dense.verify(rows, manifest.encoder.dim, ENCODER_FILES)
    index.groups.verify(rows)
    index.phrases.verify(rows)
    index.lineage.verify(len(index.documents))
    index.vocabulary.verify(manifest.encoder.dim, manifest.crosslingual.dim)
    if index.crosslingual is not None:
        index.crosslingual.verify(rows, manifest.crosslingual.dim, CROSSLINGUAL_FILES)
    if manifest.counts.documents != len(index.documents):
        raise ValueError(
            f"{DOCUMENTS_FILE} holds {len(index.documents)} documents, the manifest {manifest.counts.documents}"
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while many objects that all live on are made: each pass it makes meanwhile
    walks them and everything imported before (torch's 700k objects take 260 ms), a third of loading the
    records of 28,000 documents (and their lineage)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _document(record: dict) -> Document:
    record = dict(record)
    record["meta"] = DocumentMeta(**record["meta"])
    record["references"] = [Reference.from_row(row) for row in record["references"]]
    return Document(**record)
