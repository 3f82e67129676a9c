"""The loaded index: each part read from the current build folder, checked against the manifest and each other.

Parts and their files: the manifest (`manifest.py`), `documents.json`, `clauses.sqlite` (`clause_store.py`),
`facets.npz` (`facets.py`), `vectors.npy` and `dense.faiss` (`dense.py`), `lexical/` (`lexical.py`),
`terms.json` and `term_vectors.npy` (the expansion vocabulary), `groups.npy` and `fingerprints.npy` (copies of a
clause, `duplicates.py`), `lineage.json` (what documents cite, repeal and amend, `lineage/graph.py`),
`crosslingual.npy`, `crosslingual.faiss` and `crosslingual_terms.npy` (when the cross-lingual leg is on,
`crosslingual.py`) and `sources.json` (`ingest/file_digests.py`).
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

import faiss
import numpy as np

from search.errors import IndexCorruptError
from search.index.builds import current_dir
from search.index.calibration import Calibration
from search.index.clause_store import FILE as CLAUSES_FILE
from search.index.clause_store import ClauseStore
from search.index.dense import load_dense
from search.index.facets import Facets
from search.index.integrity import verify_files
from search.index.lexical import LexicalIndex
from search.index.manifest import FILE as MANIFEST_FILE
from search.index.manifest import Manifest, read_manifest
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
    vectors: np.ndarray  # one unit vector per indexed clause (memory-mapped)
    dense: faiss.Index
    lexical: LexicalIndex
    terms: list[str]
    term_vectors: np.ndarray  # the dense encoder's, per term; none (0 rows) when nothing reads them (`build.py`)
    calibration: Calibration  # the encoder's cosine scale, for closeness and expansion thresholds
    groups: np.ndarray  # per vector row, the row of its group's representative (its lowest): copies of a clause
    lineage: LineageGraph  # what each document cites, repeals or amends, and what cites, repeals or amends it
    skipped: list[Skipped] = field(default_factory=list)
    crosslingual: np.ndarray | None = None  # per vector row, the cross-lingual encoder's vector (memory-mapped)
    crosslingual_terms: np.ndarray | None = None  # per term, the cross-lingual encoder's vector
    crosslingual_index: faiss.Index | None = None  # FAISS over `crosslingual`, like `dense` over `vectors`
    fingerprints: np.ndarray | None = None  # per vector row, its grouping fingerprint (memory-mapped; read by builds)

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
    index = SearchIndex(
        path,
        manifest,
        documents,
        ClauseStore(path / CLAUSES_FILE),
        Facets.load(path),
        np.load(path / "vectors.npy", mmap_mode="r"),
        load_dense(path / "dense.faiss", manifest.dense.kind),
        LexicalIndex.load(path / "lexical"),
        json.loads((path / "terms.json").read_text(encoding="utf-8")),
        np.load(path / "term_vectors.npy"),
        manifest.calibration,
        np.load(path / "groups.npy"),
        lineage,
        manifest.skipped,
        fingerprints=np.load(path / "fingerprints.npy", mmap_mode="r"),
    )
    if manifest.crosslingual.id:
        index.crosslingual = np.load(path / "crosslingual.npy", mmap_mode="r")
        index.crosslingual_terms = np.load(path / "crosslingual_terms.npy")
        index.crosslingual_index = load_dense(path / "crosslingual.faiss", manifest.crosslingual.kind)
    return index


def _check_counts(index: SearchIndex) -> None:
    """Every part holds one row per indexed clause (terms: per term), as many as the manifest says."""
    counts, rows, terms = index.manifest.counts, len(index.vectors), len(index.terms)
    crosslingual_dim = index.manifest.crosslingual.dim
    if not (
        counts.indexed == index.clauses.indexed == rows == index.dense.ntotal == index.lexical.num_docs
        and len(index.facets.city_of_row) == len(index.groups) == len(index.fingerprints) == rows
        and index.vectors.shape[1] == index.manifest.encoder.dim
        and len(index.lineage) == len(index.documents)
        and len(index.term_vectors) in (0, terms)
        and (index.crosslingual is None or index.crosslingual.shape == (rows, crosslingual_dim))
        and (index.crosslingual_index is None or index.crosslingual_index.ntotal == rows)
        and (index.crosslingual_terms is None or index.crosslingual_terms.shape == (terms, crosslingual_dim))
    ):
        raise ValueError("clause, vector and index counts disagree")
    if counts.clauses != index.clauses.count or counts.documents != len(index.documents):
        raise ValueError("clause records do not match the manifest")


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
