"""The built index on disk: write atomically, load with checks, rebuild when missing, stale or corrupt.

Layout: `index/CURRENT` names the active build folder `index/build-<time>/`, which holds `manifest.json`,
`documents.json`, `clauses.sqlite` (`clause_store.py`), `facets.npz` (`facets.py`), `vectors.npy`, `dense.faiss`,
`lexical/`, `terms.json`, `term_vectors.npy`, `groups.npy` (copies of a clause, `duplicates.py`), `copies.npy`
(what grouping computed per clause, for the next build), `crosslingual.npy`, `crosslingual.faiss` and
`crosslingual_terms.npy` (the cross-lingual leg's vectors of clauses, their FAISS index and its vectors of terms,
`crosslingual.py`, when it is switched on), `sources.json` (the corpus files' digests by their stat,
`ingest/file_digests.py`) and the marker `POLICY_SEARCH_BUILD`. A build is written to a fresh folder and only then does `CURRENT` switch
to it (an atomic rename), so an interrupted build never leaves an index that loads half-written. Older builds
are removed only when they are ours (name pattern and marker): the index folder may be shared, e.g. `--index ~`.
Builds hold the folder's lock (`lock.py`), and a build is verified against its manifest's checksums when loaded
(`integrity.py`): a damaged index is rebuilt and never donates vectors to the next build.
"""

from __future__ import annotations

import ctypes
import errno
import gc
import json
import logging
import os
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import faiss
import numpy as np

from search.config import Settings
from search.errors import IndexCorruptError, IndexNotWritableError, PolicySearchError
from search.index.calibration import Calibration, measured_calibration
from search.index.clause_store import FILE as CLAUSES_FILE
from search.index.clause_store import ClauseStore, text_key, write_store
from search.index.crosslingual import CrossLingualEncoder, load_crosslingual
from search.index.dense import build_dense_index, index_kind, load_dense, save_dense
from search.index.embedding import Encoder
from search.index.facets import Facets
from search.index.integrity import describe_files, parse_manifest, seal, verify_files
from search.index.lexical import LexicalIndex
from search.index.lock import build_lock
from search.index.provenance import (
    CLAUSE_INPUTS,
    TOKEN_INPUTS,
    build_inputs,
    changed_inputs,
    corpus_fingerprint,
    corpus_listing,
    scan_corpus,
    unchanged,
)
from search.index.tokenization import domain_terms, is_content_term, tokenize_normalized
from search.ingest.corpus import Reuse, Skipped, load_corpus
from search.ingest.file_digests import FileDigests
from search.ingest.folders import FolderScan
from search.normalize import compact
from search.parallel import ordered_map, worker_count
from search.records import Clause, Document, DocumentMeta, IndexInfo

log = logging.getLogger(__name__)

# 2: Document records lost removed_debris; 3: build_inputs beside corpus_hash; 4: the encoder's calibration;
# 5: a checksum per file (lexical/ included) and the manifest's own digest; 6: clauses in SQLite, facet arrays,
# groups.npy; 7: documents' validity fields and the validity facet arrays, crosslingual.npy; 8: copies.npy,
# sources.json, and a document's content hash made from its file's digest; 9: crosslingual_terms.npy, crosslingual.faiss;
# 10: a province per document in the facets
SCHEMA_VERSION = 10
MAX_TERMS = 1500
BUILD_MARKER = "POLICY_SEARCH_BUILD"  # written first into every build folder: it is ours to remove later
# `build-20250101-120000-4242-123456` or its `.partial`; not `build-photos` nor `build-notes.txt`.
_BUILD_NAME = re.compile(r"build-\d{8}-\d{6}-\d+-\d+(\.partial)?")
_UNCHECKED = {"manifest.json", BUILD_MARKER}  # the manifest is sealed by its own digest
_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
_REBUILD_HINT = "; rebuild it with `python -m search build`"

ProgressFn = Callable[[str, int, int], None]
_GATHER = 65536  # kept vectors copied from the previous build at a time: 96 MiB of e5's


@dataclass
class SearchIndex:
    """What a query needs, loaded once and shared (e.g. via st.cache_resource). Large parts stay on disk: clause
    records in SQLite (fetched for the hits shown), vectors, FAISS and BM25 memory-mapped."""

    path: Path
    manifest: dict
    documents: list[Document]  # metadata only: a document's text lives on in its clauses
    clauses: ClauseStore
    facets: Facets  # city, document, type and date per vector row, for filters and counts
    vectors: np.ndarray  # one unit vector per indexed clause (memory-mapped)
    dense: faiss.Index
    lexical: LexicalIndex
    terms: list[str]
    term_vectors: np.ndarray  # the dense encoder's, per term; none (0 rows) when nothing reads them (`build_index`)
    calibration: Calibration  # the encoder's cosine scale, for closeness and expansion thresholds
    groups: np.ndarray  # per vector row, the row of its group's representative (its lowest): copies of a clause
    skipped: list[Skipped] = field(default_factory=list)
    crosslingual: np.ndarray | None = None  # per vector row, the cross-lingual encoder's vector (memory-mapped)
    crosslingual_terms: np.ndarray | None = None  # per term, the cross-lingual encoder's vector
    crosslingual_index: faiss.Index | None = None  # FAISS over `crosslingual`, like `dense` over `vectors`
    copies: np.ndarray | None = None  # per vector row, its grouping fingerprint (memory-mapped; read by builds)

    def info(self) -> IndexInfo:
        """Build time, size on disk (every file the manifest lists, and the manifest) and counts."""
        size = sum(f["size"] for f in self.manifest["files"].values()) + (self.path / "manifest.json").stat().st_size
        counts = self.manifest["counts"]
        return IndexInfo(self.manifest["built_at"], size, counts["documents"], counts["clauses"])


def _current_dir(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        return None
    return index_dir / pointer.read_text(encoding="utf-8").strip()


def current_build(index_dir: Path) -> str:
    """Name of the active build folder ('' when none): changes whenever the index is rebuilt."""
    path = _current_dir(index_dir)
    return path.name if path else ""


def indexed_paths(index_dir: Path, index: SearchIndex | None = None) -> dict[str, str]:
    """Each indexed document's id and the file it was read from (the current build's, also for a full rebuild
    or a check): of two files sharing an id, that file keeps it. Empty when no build can be read."""
    if index is not None:
        return {d.doc_id: d.path for d in index.documents}
    path = _current_dir(index_dir)
    try:
        records = json.loads((path / "documents.json").read_text(encoding="utf-8")) if path else []
        return {record["doc_id"]: record["path"] for record in records}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def is_searchable(clause: Clause) -> bool:
    """Annex rows that repeat a linked measure, and a preamble that is only the title, add nothing to search:
    the measure and every clause's indexed context already carry them."""
    if clause.kind == "annex" and clause.linked_clause:
        return False
    return not (clause.kind == "preamble" and compact(clause.text) == compact(clause.doc_title))


def build_index(
    settings: Settings,
    encoder: Encoder,
    progress: ProgressFn | None = None,
    previous: SearchIndex | None = None,
    notes: list[str] | None = None,
) -> SearchIndex:
    """Ingest the corpus and write a new index, holding the build lock (waiting for another build first);
    vectors of unchanged clauses are reused from `previous`, which `load_index` has verified."""
    with _writing(settings.index_dir), build_lock(settings.index_dir, notes if notes is not None else []):
        return _build(settings, encoder, progress, previous)


def _build(
    settings: Settings, encoder: Encoder, progress: ProgressFn | None, previous: SearchIndex | None
) -> SearchIndex:
    """build_index, for a caller that holds the build lock. Each part is written as soon as it is complete and
    then let go: a million clauses' records, tokens, BM25 index and vectors are 1-3 GiB each, and held all at
    once they took a build to 9.7 GiB."""
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    # Taken before reading: a file changed while the build reads it leaves the new index stale, not wrongly fresh.
    found = scan_corpus(settings)
    digests = FileDigests.load(previous.path if previous is not None else None)
    listing, fingerprint_now = corpus_listing(settings, found), corpus_fingerprint(settings, found, digests)
    current_inputs = build_inputs(settings, encoder.id)
    recorded = previous.manifest["build_inputs"] if previous is not None else {}
    reuse = _reuse_documents(previous, recorded, current_inputs)
    corpus = load_corpus(
        [settings.corpus_dir],
        settings,
        reuse,
        lambda done, total: report("reading documents", done, total),
        digests,
        indexed_paths(settings.index_dir, previous),
    )
    # Their texts are in their clauses now: 1 GiB at a million clauses, freed before tokenizing and embedding.
    documents = [replace(d, text="") for d in corpus.documents]
    corpus.documents.clear()
    clauses = corpus.clauses
    reused = _reused_documents(previous, documents) if reuse else set()
    indexed = [i for i, c in enumerate(clauses) if is_searchable(c)]
    texts = [clauses[i].search_text for i in indexed]
    keys = [text_key(text) for text in texts]

    same_encoder = previous is not None and previous.manifest["encoder"]["id"] == encoder.id
    same_tokenizer = previous is not None and unchanged(recorded, current_inputs, TOKEN_INPUTS)
    crosslingual = load_crosslingual(settings.crosslingual_model)
    same_crosslingual = (
        previous is not None
        and crosslingual is not None
        and previous.crosslingual is not None
        and previous.manifest["crosslingual"]["id"] == crosslingual.id
    )
    known_rows = previous.clauses.rows_by_key() if same_encoder or same_tokenizer or same_crosslingual else {}
    old_rows = known_rows if same_encoder else {}
    # Each text's row in the previous build, whose tokens it shares: its BM25 term counts are taken from there.
    token_rows = np.array([known_rows.get(key, -1) if same_tokenizer else -1 for key in keys], dtype=np.int64)
    # Tokens as lists only where the clause store is written from them: clauses of documents read anew.
    listed = [n for n, position in enumerate(indexed) if clauses[position].doc_id not in reused]
    tokens = _tokens(texts, token_rows, listed, previous, settings, report)

    with _build_folder(settings.index_dir) as folder:
        report("grouping copies", 0, 1)
        # Imported by the build alone: datasketch brings scipy's stats and integrate, 0.3 s of every start-up.
        from search.index.duplicates import group_copies

        groups, copies = group_copies([clauses[i].text for i in indexed], previous.copies if reuse else None)
        np.save(folder / "groups.npy", groups)
        np.save(folder / "copies.npy", copies)
        report("grouping copies", 1, 1)

        report("storing clauses", 0, 1)
        rows = {position: row for row, position in enumerate(indexed)}
        write_store(folder, clauses, rows, tokens, keys, previous.clauses if reuse else None, reused)
        del rows
        (folder / "documents.json").write_text(
            json.dumps([asdict(d) for d in documents], ensure_ascii=False), encoding="utf-8"
        )
        Facets.build(documents, [clauses[i] for i in indexed]).save(folder)
        # The cross-lingual leg reads the clause's own words alone: the city, title and section path that help
        # the other legs blurred this bag-of-n-grams model's vector (English dev set, this leg alone: MRR@10
        # 0.68 with them, 0.75 without).
        old_crosslingual = known_rows if same_crosslingual else {}
        own_words = (
            [
                _copy(clauses[i].text) if key not in old_crosslingual else ""
                for i, key in zip(indexed, keys, strict=True)
            ]
            if crosslingual is not None
            else []
        )
        # Only the texts still to embed (a known text keeps its vector), copied apart from the records they sit
        # among, so that the records' memory comes back to the system whole; shared with them, only scattered
        # bytes of it were free.
        texts = [_copy(text) if key not in old_rows else "" for text, key in zip(texts, keys, strict=True)]
        clause_count = len(clauses)
        del clauses
        corpus.clauses.clear()  # the records are in the store; the texts still to embed are in `texts`
        _return_freed_memory()

        lexical = LexicalIndex.build(tokens, previous.lexical if previous is not None else None, token_rows)
        del tokens
        terms = _expansion_vocabulary(lexical.document_frequencies())
        lexical.save(folder / "lexical")
        del lexical
        _return_freed_memory()
        report("storing clauses", 1, 1)

        embed_started = time.perf_counter()
        vectors, embedded = _embed(
            encoder,
            texts,
            keys,
            old_rows,
            _donor(previous, "vectors.npy") if same_encoder else None,
            lambda done, total: report("embedding clauses", done, total),
        )
        embed_seconds = time.perf_counter() - embed_started
        del texts
        np.save(folder / "vectors.npy", vectors)
        crosslingual_kind = ""
        if crosslingual is not None:
            crosslingual_vectors, _ = _embed(
                crosslingual,
                own_words,
                keys,
                old_crosslingual,
                _donor(previous, "crosslingual.npy") if same_crosslingual else None,
                lambda done, total: report("embedding clauses for English queries", done, total),
            )
            del own_words
            np.save(folder / "crosslingual.npy", crosslingual_vectors)
            # Searched like the dense leg (exact when small, IVF when large): an exact pass over a million
            # clauses' vectors took 0.4-0.55 s a query.
            kept = previous.crosslingual_index if same_crosslingual else None
            donors = (
                np.array([old_crosslingual.get(key, -1) for key in keys], dtype=np.int64) if kept is not None else None
            )
            crosslingual_index = build_dense_index(crosslingual_vectors, settings, kept, donors)
            crosslingual_kind = index_kind(crosslingual_index)
            save_dense(crosslingual_index, folder / "crosslingual.faiss")
            del crosslingual_index, crosslingual_vectors

        # The dense encoder's vectors of the vocabulary find an English phrase's terms only when there is no
        # cross-lingual leg, and measure the scale of an encoder with no tuned calibration. The default encoder
        # with the leg needs neither: 4.4 s of a 22 s build of the bundled corpus saved.
        term_vectors = np.zeros((0, encoder.dim), np.float32)
        if crosslingual is None or encoder.calibration is None:
            cached = previous.term_vectors if same_encoder and len(previous.term_vectors) else None
            term_vectors = _term_vectors(encoder.encode_queries, encoder.dim, terms, previous, cached, report)
        if crosslingual is not None:
            # For the English phrases the glossary lacks: their nearest corpus terms, in the leg's own space.
            crosslingual_terms = _term_vectors(
                crosslingual.encode_passages,
                crosslingual.dim,
                terms,
                previous,
                previous.crosslingual_terms if same_crosslingual else None,
                report,
            )
            np.save(folder / "crosslingual_terms.npy", crosslingual_terms)
        calibration = encoder.calibration or measured_calibration(vectors, term_vectors)

        report("writing index", 0, 1)
        donors = np.array([old_rows.get(key, -1) for key in keys], dtype=np.int64) if same_encoder else None
        dense = build_dense_index(vectors, settings, previous.dense if same_encoder else None, donors)
        dense_kind = index_kind(dense)
        save_dense(dense, folder / "dense.faiss")
        del dense, vectors
        (folder / "terms.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        np.save(folder / "term_vectors.npy", term_vectors)
        digests.save(folder)
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "encoder": {"id": encoder.id, "dim": encoder.dim},
            # id "" and dim 0: switched off (settings.crosslingual_model is '')
            "crosslingual": {
                "id": crosslingual.id if crosslingual else "",
                "dim": crosslingual.dim if crosslingual else 0,
                "kind": crosslingual_kind,  # of its FAISS index, as for "dense"
            },
            "corpus_hash": fingerprint_now,
            "corpus_listing": listing,
            "build_inputs": current_inputs,
            "counts": {
                "documents": len(documents),
                "clauses": clause_count,
                "indexed": len(indexed),
                "embedded": embedded,
                "reused": len(indexed) - embedded,
                "terms": len(terms),
                "copies": int((groups != np.arange(len(groups))).sum()),  # indexed clauses in another's group
            },
            "dense": {"kind": dense_kind, "threshold": settings.ann_threshold},
            "calibration": asdict(calibration),
            "skipped": [asdict(s) for s in corpus.skipped],
            "build_seconds": round(time.perf_counter() - started, 2),
            "clauses_per_second": round(embedded / embed_seconds, 1) if embedded and embed_seconds > 0 else None,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        manifest = seal(dict(manifest, files=describe_files(folder, _UNCHECKED)))
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    report("writing index", 1, 1)
    return load_index(settings.index_dir, VERIFY_NONE)  # just written: its checksums were computed from it


def _copy(text: str) -> str:
    """A new string equal to `text` (slicing and str() return the same object)."""
    return text.encode("utf-8").decode("utf-8")


def _return_freed_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc): millions of freed strings otherwise stay in the
    process, while the vectors and FAISS arrays that follow are mapped afresh beside them."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None) if sys.platform.startswith("linux") else None
    if trim is not None:  # musl has none, and other systems' allocators decide for themselves
        trim(0)


def _donor(previous: SearchIndex, name: str) -> np.ndarray:
    """The previous build's vectors through a mapping of their own, gone when the copying is done: the pages it
    read (1.1 GiB at a million clauses) then leave this process, where the loaded index's mapping kept them."""
    return np.load(previous.path / name, mmap_mode="r")


def _embed(
    encoder: Encoder | CrossLingualEncoder,
    texts: list[str],
    keys: list[str],
    old_rows: dict[str, int],
    old_vectors: np.ndarray | None,
    report: Callable[[int, int], None],
) -> tuple[np.ndarray, int]:
    """Vectors of `texts`, and how many were encoded: a text whose key has a row in `old_vectors` keeps it."""
    kept = [n for n, key in enumerate(keys) if key in old_rows]
    todo = [n for n, key in enumerate(keys) if key not in old_rows]
    done = 0
    report(0, len(todo))

    def step(count: int) -> None:
        nonlocal done
        done += count
        report(done, len(todo))

    if todo and not kept:  # every text is new: the encoder's own array, not a copy as large (1.1 GiB at 1M)
        return encoder.encode_passages(texts, progress=step), len(todo)
    vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    if kept and old_vectors is not None:
        # In slices: the whole gather is a second copy of every kept vector (1.1 GiB at a million clauses).
        for start in range(0, len(kept), _GATHER):
            part = kept[start : start + _GATHER]
            vectors[part] = old_vectors[[old_rows[keys[n]] for n in part]]
    if todo:
        vectors[todo] = encoder.encode_passages([texts[n] for n in todo], progress=step)
    return vectors, len(todo)


def _tokens(
    texts: list[str],
    known_rows: np.ndarray,
    listed: list[int],
    previous: SearchIndex | None,
    settings: Settings,
    report: ProgressFn,
) -> list[list[str] | None]:
    """BM25 tokens of each new text, cut by jieba on every core; a known text's (`known_rows[n]`, its row in
    the previous build) are read from there when `listed`, else left as None: its term counts are reused."""
    todo = [n for n, row in enumerate(known_rows.tolist()) if row < 0]
    tokens: list[list[str] | None] = [None] * len(texts)
    stored = [n for n in listed if known_rows[n] >= 0]
    if stored and previous is not None:
        found = previous.clauses.tokens_at(known_rows[stored].tolist())
        for n in stored:
            tokens[n] = found[int(known_rows[n])]
    report("tokenizing clauses", 0, len(todo))
    cut = ordered_map(tokenize_normalized, [texts[n] for n in todo], worker_count(settings.build_workers), 2000)
    for done, (n, clause_tokens) in enumerate(zip(todo, cut, strict=True), 1):
        # Interned: each token arrives from a worker as a string of its own, and a million clauses' 100M such
        # strings took 10+ GiB; interned, the lists hold pointers to one copy of each term.
        tokens[n] = [sys.intern(token) for token in clause_tokens]
        if done % 500 == 0 or done == len(todo):
            report("tokenizing clauses", done, len(todo))
    return tokens


def _reuse_documents(previous: SearchIndex | None, recorded: dict, current: dict) -> Reuse | None:
    """Documents of the previous build whose sources are unchanged keep their clauses, as long as nothing that
    shapes clauses (the pipeline, the normaliser) changed: an added file is then the only one chunked."""
    if previous is None or not unchanged(recorded, current, CLAUSE_INPUTS):
        return None
    known = {d.doc_id: d for d in previous.documents}

    def reuse(doc_id: str, source: str) -> tuple[Document, list[Clause]] | None:
        document = known.get(doc_id)
        if document is None or document.content_hash != source:
            return None
        return document, previous.clauses.document_clauses(doc_id)

    return reuse


def _term_vectors(
    encode: Callable[[list[str]], np.ndarray],
    dim: int,
    terms: list[str],
    previous: SearchIndex | None,
    previous_vectors: np.ndarray | None,
    report: ProgressFn,
) -> np.ndarray:
    """The vocabulary's vectors, encoding only the terms the previous build lacked (`previous_vectors` is None
    when they came from another encoder)."""
    cached = {}
    if previous is not None and previous_vectors is not None:
        cached = dict(zip(previous.terms, previous_vectors, strict=True))
    new_terms = [t for t in terms if t not in cached]
    report("embedding vocabulary", 0, len(new_terms))
    fresh = encode(new_terms) if new_terms else np.zeros((0, dim), np.float32)
    cached.update(zip(new_terms, fresh, strict=True))
    report("embedding vocabulary", len(new_terms), len(new_terms))
    return np.array([cached[t] for t in terms], dtype=np.float32).reshape(len(terms), dim)


def _reused_documents(previous: SearchIndex, documents: list[Document]) -> set[str]:
    """The documents `_reuse_documents` took from the previous build: same id, same sources."""
    hashes = {d.doc_id: d.content_hash for d in previous.documents}
    return {d.doc_id for d in documents if hashes.get(d.doc_id) == d.content_hash}


def _expansion_vocabulary(document_frequency: dict[str, int]) -> list[str]:
    """Content terms found in two or more clauses, plus domain terms present: candidates for query expansion.
    The most frequent first, ties in term order: the same terms whatever the order of the clauses."""
    df = {t: n for t, n in document_frequency.items() if n and is_content_term(t)}
    present = {t for t in domain_terms() if t in df}
    common = sorted((t for t, n in df.items() if n >= 2 and t not in present), key=lambda t: (-df[t], t))
    return sorted(present) + common[: MAX_TERMS - len(present)]


@contextmanager
def _build_folder(index_dir: Path) -> Iterator[Path]:
    """A fresh `.partial` folder to write a build into; once the block completes it is renamed to its final
    name and CURRENT points at it (atomic renames); older builds of ours are then removed."""
    index_dir.mkdir(parents=True, exist_ok=True)
    build = index_dir / f"build-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.perf_counter_ns() % 10**6}"
    tmp = build.with_name(build.name + ".partial")
    tmp.mkdir()
    (tmp / BUILD_MARKER).write_text("a policy-search index build; removed when a newer build replaces it\n")
    try:
        yield tmp
    except BaseException:  # a failed or interrupted build leaves no half-written folder behind (1+ GiB at scale)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    tmp.rename(build)
    pointer_tmp = index_dir / "CURRENT.tmp"
    pointer_tmp.write_text(build.name, encoding="utf-8")
    os.replace(pointer_tmp, index_dir / "CURRENT")
    _remove_old_builds(index_dir, keep={build, _current_dir(index_dir)})


def _remove_old_builds(index_dir: Path, keep: set[Path | None]) -> None:
    """Called under the build lock: any other `.partial` folder is left by a writer that is gone."""
    for old in index_dir.glob("build-*"):
        if old not in keep and _is_own_build(old):
            shutil.rmtree(old, ignore_errors=True)


def _is_own_build(path: Path) -> bool:
    """Our name pattern and our marker; a build from before the marker is known by its manifest's schema."""
    if not (path.is_dir() and _BUILD_NAME.fullmatch(path.name)):
        return False
    if (path / BUILD_MARKER).is_file():
        return True
    try:
        return "schema_version" in json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return False


# How much of a build `load_index` verifies against its manifest's checksums:
VERIFY_ALL = "all"  # every file: before its vectors are reused, and for `check`
VERIFY_CHANGED = "changed"  # files whose modification time differs from the build's: to serve
VERIFY_NONE = "none"  # nothing: the build that has just written it


def load_index(index_dir: Path, verify: str = VERIFY_CHANGED) -> SearchIndex:
    """Load the current build; a missing, damaged (checksums) or inconsistent file raises IndexCorruptError."""
    path = _current_dir(index_dir)
    if path is None:
        raise FileNotFoundError(f"no index built in {index_dir}")
    try:
        return _load(path, verify)
    except IndexCorruptError:
        if _current_dir(index_dir) == path:
            raise
        return load_index(index_dir, verify)  # a newer build replaced (and removed) this one while we read it


def _load(path: Path, verify: str) -> SearchIndex:
    try:
        manifest = read_manifest(path)
        if verify != VERIFY_NONE:
            verify_files(path, manifest["files"], every_checksum=verify == VERIFY_ALL)
        with _collector_paused():
            documents = [_document(d) for d in json.loads((path / "documents.json").read_text(encoding="utf-8"))]
        clauses = ClauseStore(path / CLAUSES_FILE)
        facets = Facets.load(path)
        vectors = np.load(path / "vectors.npy", mmap_mode="r")
        dense = load_dense(path / "dense.faiss", manifest["dense"]["kind"])
        lexical = LexicalIndex.load(path / "lexical")
        terms = json.loads((path / "terms.json").read_text(encoding="utf-8"))
        term_vectors = np.load(path / "term_vectors.npy")
        calibration = Calibration(**manifest["calibration"])
        groups = np.load(path / "groups.npy")
        copies = np.load(path / "copies.npy", mmap_mode="r")
        crosslingual = crosslingual_terms = crosslingual_index = None
        if manifest["crosslingual"]["id"]:
            crosslingual = np.load(path / "crosslingual.npy", mmap_mode="r")
            crosslingual_terms = np.load(path / "crosslingual_terms.npy")
            crosslingual_index = load_dense(path / "crosslingual.faiss", manifest["crosslingual"]["kind"])
        dim = manifest["encoder"]["dim"]
        counts = manifest["counts"]
        if not (
            counts["indexed"] == clauses.indexed == len(vectors) == dense.ntotal == lexical.num_docs
            and len(facets.city_of_row) == len(groups) == len(copies) == len(vectors)
            and vectors.shape[1] == dim
            and len(term_vectors) in (0, len(terms))
            and (crosslingual is None or crosslingual.shape == (len(vectors), manifest["crosslingual"]["dim"]))
            and (crosslingual_index is None or crosslingual_index.ntotal == len(vectors))
            and (
                crosslingual_terms is None or crosslingual_terms.shape == (len(terms), manifest["crosslingual"]["dim"])
            )
        ):
            raise ValueError("clause, vector and index counts disagree")
        if counts["clauses"] != clauses.count or counts["documents"] != len(documents):
            raise ValueError("clause records do not match the manifest")
        skipped = [Skipped(**s) for s in manifest["skipped"]]
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, EOFError, sqlite3.Error) as error:
        raise IndexCorruptError(f"index at {path} is unreadable ({error}){_REBUILD_HINT}") from None
    return SearchIndex(
        path,
        manifest,
        documents,
        clauses,
        facets,
        vectors,
        dense,
        lexical,
        terms,
        term_vectors,
        calibration,
        groups,
        skipped,
        crosslingual,
        crosslingual_terms,
        crosslingual_index,
        copies,
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while many objects that all live on are made: each pass it makes meanwhile
    walks them and everything imported before (torch's 700k objects take 260 ms), a third of loading the
    records of 28,000 documents."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def corrupt_reason(error: IndexCorruptError) -> str:
    """What is wrong with the index, without the advice to rebuild (for a note saying we are rebuilding)."""
    return str(error).removesuffix(_REBUILD_HINT)


def read_manifest(path: Path) -> dict:
    """The build folder's manifest, validated (shape, schema, digest); ValueError or OSError otherwise."""
    return parse_manifest((path / "manifest.json").read_text(encoding="utf-8"), SCHEMA_VERSION)


def _document(record: dict) -> Document:
    record = dict(record)
    record["meta"] = DocumentMeta(**record["meta"])
    return Document(**record)


def index_status(settings: Settings, encoder_id: str) -> str:
    """'missing', 'stale', 'corrupt' or 'ok' — from the manifest, without loading or verifying files."""
    return check_status(settings, encoder_id)[0]


def check_status(settings: Settings, encoder_id: str) -> tuple[str, list[str]]:
    """The status from the manifest (not the files), and what is wrong: for a stale index what changed, for a
    corrupt one why."""
    path = _current_dir(settings.index_dir)
    if path is None or not (path / "manifest.json").exists():
        return "missing", []
    try:
        manifest = read_manifest(path)
    except (OSError, ValueError) as error:
        return "corrupt", [f"index at {path} is unreadable ({error})"]
    changes = changed_inputs(manifest["build_inputs"], build_inputs(settings, encoder_id))
    found = scan_corpus(settings)
    listed_as_built = manifest["corpus_listing"] == corpus_listing(settings, found)
    if not listed_as_built and manifest["corpus_hash"] != fingerprint(settings, found, FileDigests.load(path)):
        changes.insert(0, "corpus changed")
    return ("stale" if changes else "ok"), changes


def fingerprint(settings: Settings, found: FolderScan | None = None, digests: FileDigests | None = None) -> str:
    """The corpus fingerprint; an unreadable corpus file is a user error, not a traceback."""
    try:
        return corpus_fingerprint(settings, found, digests)
    except OSError as error:
        raise PolicySearchError(f"cannot read the corpus: {error.filename}: {error.strerror}") from None


def ensure_index(
    settings: Settings,
    encoder: Encoder,
    progress: ProgressFn | None = None,
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
    if status == "ok":
        try:
            return load_index(settings.index_dir)
        except (FileNotFoundError, IndexCorruptError):
            pass  # damaged or replaced meanwhile: assessed again under the lock
    previous = None
    note = ""
    try:
        with _writing(settings.index_dir), build_lock(settings.index_dir, notes):
            status, reasons, previous = _assess(settings, encoder.id)
            if status == "ok" and previous is not None:
                return previous
            note = _build_note(settings, status, reasons)
            notes.append(note)
            for line in notes:
                log.warning("%s", line)
            return _build(settings, encoder, progress, previous)
    except IndexNotWritableError:
        if previous is None and serve_stale:
            status, reasons, previous = _assess(settings, encoder.id)
        if previous is None or not serve_stale:
            raise
        if note in notes:
            notes.remove(note)
        notes.append(
            f"{'; '.join(reasons)} but the index folder is read-only; "
            f"serving the index built at {previous.manifest['built_at']}"
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


def _assess(settings: Settings, encoder_id: str) -> tuple[str, list[str], SearchIndex | None]:
    """The status, its reasons, and the current index if it loads (verified: only then may it donate vectors)."""
    status, reasons = check_status(settings, encoder_id)
    if status not in ("ok", "stale"):
        return status, reasons, None
    try:
        return status, reasons, load_index(settings.index_dir, VERIFY_ALL if status == "stale" else VERIFY_CHANGED)
    except (FileNotFoundError, IndexCorruptError) as error:
        return "corrupt", [corrupt_reason(error)], None


def _build_note(settings: Settings, status: str, reasons: list[str]) -> str:
    if status == "stale":
        return f"{'; '.join(reasons)} since the index was built; updating it"
    if status == "corrupt":
        return f"{reasons[0] if reasons else f'index at {settings.index_dir} is unreadable'}; rebuilding from scratch"
    return f"no index in {settings.index_dir}; building it"
