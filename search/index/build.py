"""Writing a build: read the corpus, plan once what to take from the previous build, then write each part into a
fresh build folder (`builds.py`) and the manifest last.

Each part is written as soon as it is complete and then let go (`memory.py`): a million clauses' records,
tokens, BM25 index and vectors are 1-3 GiB each, and held all at once they took a build to 9.7 GiB.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from search.config import Settings
from search.index.build_plan import BuildPlan, reuse_documents
from search.index.builds import BUILD_MARKER, build_folder
from search.index.calibration import Calibration, measured_calibration
from search.index.clause_store import write_store
from search.index.crosslingual import CrossLingualEncoder, load_crosslingual
from search.index.dense import build_dense_index, index_kind, save_dense
from search.index.embedding import Encoder
from search.index.facets import Facets
from search.index.integrity import describe_files, seal
from search.index.lexical import LexicalIndex
from search.index.manifest import FILE as MANIFEST_FILE
from search.index.manifest import (
    SCHEMA_VERSION,
    Counts,
    CrossLingualRecord,
    DenseRecord,
    EncoderRecord,
    Manifest,
)
from search.index.memory import detached, release
from search.index.provenance import build_inputs, corpus_fingerprint, corpus_listing, scan_corpus
from search.index.search_index import DOCUMENTS_FILE, SearchIndex, Verify, indexed_paths, load_index
from search.index.status import Progress, Stage
from search.index.tokenization import domain_terms, is_content_term, tokenize_normalized
from search.ingest.corpus import Skipped, load_corpus
from search.ingest.file_digests import FileDigests
from search.lineage.graph import LineageGraph
from search.parallel import ordered_map, worker_count
from search.records import Clause, Document

MAX_TERMS = 1500
_UNCHECKED = {MANIFEST_FILE, BUILD_MARKER}  # the manifest is sealed by its own digest
_GATHER = 65536  # kept vectors copied from the previous build at a time: 96 MiB of e5's


@dataclass
class _Source:
    """The corpus as read for this build, and what identifies it in the manifest."""

    documents: list[Document]  # metadata only: their texts are in their clauses
    clauses: list[Clause]
    skipped: list[Skipped]
    digests: FileDigests
    listing: str
    fingerprint: str
    inputs: dict[str, str]
    clauses_reused: bool


def build(settings: Settings, encoder: Encoder, progress: Progress | None, previous: SearchIndex | None) -> SearchIndex:
    """Write a new build of the corpus, for a caller that holds the build lock; vectors, tokens and clauses of
    unchanged texts and documents are taken from `previous`, which `load_index` has verified."""
    started = time.perf_counter()
    report = progress or _silent
    source = _read_corpus(settings, encoder, previous, report)
    crosslingual = load_crosslingual(settings.crosslingual_model)
    plan = BuildPlan.make(
        previous, source.clauses, source.documents, source.clauses_reused, encoder.id, crosslingual, source.inputs
    )
    texts = [source.clauses[i].search_text for i in plan.indexed]
    tokens = _tokens(texts, plan.token_rows, plan.listed(source.clauses), previous, settings, report)
    with build_folder(settings.index_dir) as folder:
        groups = _write_groups(folder, source.clauses, plan, report)
        report(Stage.STORING, 0, 1)
        _write_clauses(folder, source, plan, tokens)
        own_words = _own_words(source.clauses, plan, crosslingual)
        # Only the texts still to embed (a known text keeps its vector), detached from the records they sit among.
        texts = [
            detached(text) if key not in plan.vector_rows else "" for text, key in zip(texts, plan.keys, strict=True)
        ]
        clause_count = len(source.clauses)
        release(source.clauses)  # the records are in the store; the texts still to embed are in `texts`
        terms = _write_lexical(folder, tokens, plan)
        report(Stage.STORING, 1, 1)
        embed_started = time.perf_counter()
        vectors, embedded = _embed(encoder, texts, plan, plan.vector_rows, "vectors.npy", Stage.EMBEDDING, report)
        embed_seconds = time.perf_counter() - embed_started
        release(texts)
        np.save(folder / "vectors.npy", vectors)
        crosslingual_kind = _write_crosslingual(folder, crosslingual, own_words, plan, settings, report)
        term_vectors = _write_vocabulary(folder, terms, encoder, crosslingual, plan, report)
        calibration = encoder.calibration or measured_calibration(vectors, term_vectors)
        report(Stage.WRITING, 0, 1)
        dense_kind = _write_dense_index(folder, vectors, plan, settings)
        del vectors
        source.digests.save(folder)
        counts = _counts(source, clause_count, plan, embedded, terms, groups)
        manifest = _manifest(
            settings, encoder, crosslingual, crosslingual_kind, dense_kind, source, counts, calibration
        )
        _write_manifest(folder, _timed(manifest, started, embedded, embed_seconds))
    report(Stage.WRITING, 1, 1)
    return load_index(settings.index_dir, Verify.NONE)  # just written: its checksums were computed from it


def _silent(stage: Stage, done: int, total: int) -> None:
    """Progress reported to no one."""


def _read_corpus(settings: Settings, encoder: Encoder, previous: SearchIndex | None, report: Progress) -> _Source:
    """The corpus's documents and clauses; documents of `previous` whose sources are unchanged are not read."""
    # Taken before reading: a file changed while the build reads it leaves the new index stale, not wrongly fresh.
    found = scan_corpus(settings)
    digests = FileDigests.load(previous.path if previous is not None else None)
    listing, fingerprint = corpus_listing(settings, found), corpus_fingerprint(settings, found, digests)
    inputs = build_inputs(settings, encoder.id)
    reuse = reuse_documents(previous, inputs)
    corpus = load_corpus(
        [settings.corpus_dir],
        settings,
        reuse,
        lambda done, total: report(Stage.READING, done, total),
        digests,
        indexed_paths(settings.index_dir, previous),
    )
    # Their texts are in their clauses now: 1 GiB at a million clauses, freed before tokenizing and embedding.
    documents = [replace(d, text="") for d in corpus.documents]
    corpus.documents.clear()
    return _Source(documents, corpus.clauses, corpus.skipped, digests, listing, fingerprint, inputs, reuse is not None)


def _write_groups(folder: Path, clauses: list[Clause], plan: BuildPlan, report: Progress) -> np.ndarray:
    """Copies of a clause (`groups.npy`) and what grouping computed per clause (`fingerprints.npy`)."""
    report(Stage.GROUPING, 0, 1)
    # Imported by the build alone: datasketch brings scipy's stats and integrate, 0.3 s of every start-up.
    from search.index.duplicates import group_copies

    groups, fingerprints = group_copies([clauses[i].text for i in plan.indexed], plan.previous_fingerprints)
    np.save(folder / "groups.npy", groups)
    np.save(folder / "fingerprints.npy", fingerprints)
    report(Stage.GROUPING, 1, 1)
    return groups


def _write_clauses(folder: Path, source: _Source, plan: BuildPlan, tokens: list[list[str] | None]) -> None:
    """The clause store, the documents' records, their lineage and the facets of each vector row."""
    rows = {position: row for row, position in enumerate(plan.indexed)}
    write_store(folder, source.clauses, rows, tokens, plan.keys, plan.previous_clauses, plan.reused_documents)
    del rows
    (folder / DOCUMENTS_FILE).write_text(
        json.dumps([d.to_json() for d in source.documents], ensure_ascii=False), encoding="utf-8"
    )
    lineage = LineageGraph.build(source.documents)
    lineage.save(folder)
    Facets.build(source.documents, [source.clauses[i] for i in plan.indexed], lineage).save(folder)


def _own_words(clauses: list[Clause], plan: BuildPlan, crosslingual: CrossLingualEncoder | None) -> list[str]:
    """What the cross-lingual leg embeds of each clause still to embed ("" for the rest): its own words alone.
    The city, title and section path that help the other legs blurred this bag-of-n-grams model's vector
    (English dev set, this leg alone: MRR@10 0.68 with them, 0.75 without)."""
    if crosslingual is None:
        return []
    known = plan.crosslingual_rows
    return [
        detached(clauses[i].text) if key not in known else "" for i, key in zip(plan.indexed, plan.keys, strict=True)
    ]


def _write_lexical(folder: Path, tokens: list[list[str] | None], plan: BuildPlan) -> list[str]:
    """The BM25 index (`lexical/`), its tokens let go once it is built; the expansion vocabulary it yields."""
    previous = plan.previous.lexical if plan.previous is not None else None
    lexical = LexicalIndex.build(tokens, previous, plan.token_rows)
    release(tokens)
    terms = _expansion_vocabulary(lexical.document_frequencies())
    lexical.save(folder / "lexical")
    del lexical
    release()
    return terms


def _write_crosslingual(
    folder: Path,
    crosslingual: CrossLingualEncoder | None,
    own_words: list[str],
    plan: BuildPlan,
    settings: Settings,
    report: Progress,
) -> str:
    """The cross-lingual leg's vectors and FAISS index, when it is on; the index's kind ("" when off)."""
    if crosslingual is None:
        return ""
    rows = plan.crosslingual_rows
    vectors, _ = _embed(crosslingual, own_words, plan, rows, "crosslingual.npy", Stage.EMBEDDING_CROSSLINGUAL, report)
    release(own_words)
    np.save(folder / "crosslingual.npy", vectors)
    # Searched like the dense leg (exact when small, IVF when large): an exact pass over a million clauses'
    # vectors took 0.4-0.55 s a query.
    kept = plan.previous.crosslingual_index if plan.same_crosslingual and plan.previous is not None else None
    index = build_dense_index(vectors, settings, kept, plan.donor_rows(rows) if kept is not None else None)
    save_dense(index, folder / "crosslingual.faiss")
    return index_kind(index)


def _write_dense_index(folder: Path, vectors: np.ndarray, plan: BuildPlan, settings: Settings) -> str:
    """The dense leg's FAISS index (`dense.faiss`); its kind."""
    kept = plan.previous.dense if plan.same_encoder and plan.previous is not None else None
    dense = build_dense_index(vectors, settings, kept, plan.donor_rows(plan.vector_rows) if plan.same_encoder else None)
    save_dense(dense, folder / "dense.faiss")
    return index_kind(dense)


def _write_vocabulary(
    folder: Path,
    terms: list[str],
    encoder: Encoder,
    crosslingual: CrossLingualEncoder | None,
    plan: BuildPlan,
    report: Progress,
) -> np.ndarray:
    """The vocabulary (`terms.json`) and its vectors: the cross-lingual leg's, and the dense encoder's (also
    returned, for the calibration).

    The dense encoder's find an English phrase's terms only when there is no cross-lingual leg, and measure the
    scale of an encoder with no tuned calibration. The default encoder with the leg needs neither: 4.4 s of a
    22 s build of the bundled corpus saved."""
    previous = plan.previous
    term_vectors = np.zeros((0, encoder.dim), np.float32)
    if crosslingual is None or encoder.calibration is None:
        cached = previous.term_vectors if plan.same_encoder and previous and len(previous.term_vectors) else None
        term_vectors = _term_vectors(encoder.encode_queries, encoder.dim, terms, previous, cached, report)
    if crosslingual is not None:
        # For the English phrases the glossary lacks: their nearest corpus terms, in the leg's own space.
        cached = previous.crosslingual_terms if plan.same_crosslingual and previous else None
        crosslingual_terms = _term_vectors(
            crosslingual.encode_passages, crosslingual.dim, terms, previous, cached, report
        )
        np.save(folder / "crosslingual_terms.npy", crosslingual_terms)
    (folder / "terms.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
    np.save(folder / "term_vectors.npy", term_vectors)
    return term_vectors


def _counts(
    source: _Source, clause_count: int, plan: BuildPlan, embedded: int, terms: list[str], groups: np.ndarray
) -> Counts:
    return Counts(
        documents=len(source.documents),
        clauses=clause_count,
        indexed=len(plan.indexed),
        embedded=embedded,
        reused=len(plan.indexed) - embedded,
        terms=len(terms),
        copies=int((groups != np.arange(len(groups))).sum()),
    )


def _timed(manifest: Manifest, started: float, embedded: int, embed_seconds: float) -> Manifest:
    """The manifest with the build's time and the embedding's rate, taken now."""
    return replace(
        manifest,
        build_seconds=round(time.perf_counter() - started, 2),
        clauses_per_second=round(embedded / embed_seconds, 1) if embedded and embed_seconds > 0 else None,
    )


def _manifest(
    settings: Settings,
    encoder: Encoder,
    crosslingual: CrossLingualEncoder | None,
    crosslingual_kind: str,
    dense_kind: str,
    source: _Source,
    counts: Counts,
    calibration: Calibration,
) -> Manifest:
    """What the build was made from and with, and what it holds; its timings are the caller's to fill in."""
    return Manifest(
        schema_version=SCHEMA_VERSION,
        encoder=EncoderRecord(encoder.id, encoder.dim),
        crosslingual=CrossLingualRecord(
            crosslingual.id if crosslingual else "", crosslingual.dim if crosslingual else 0, crosslingual_kind
        ),
        corpus_hash=source.fingerprint,
        corpus_listing=source.listing,
        build_inputs=source.inputs,
        counts=counts,
        dense=DenseRecord(dense_kind, settings.ann_threshold),
        calibration=calibration,
        skipped=source.skipped,
        build_seconds=0.0,
        clauses_per_second=None,
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
    )


def _write_manifest(folder: Path, manifest: Manifest) -> None:
    """The manifest, last: with every other file's checksum, and sealed by its own digest."""
    sealed = seal(dict(manifest.to_json(), files=describe_files(folder, _UNCHECKED)))
    (folder / MANIFEST_FILE).write_text(json.dumps(sealed, ensure_ascii=False, indent=1), encoding="utf-8")


def _embed(
    encoder: Encoder | CrossLingualEncoder,
    texts: list[str],
    plan: BuildPlan,
    old_rows: dict[str, int],
    donor_file: str,
    stage: Stage,
    report: Progress,
) -> tuple[np.ndarray, int]:
    """Vectors of `texts`, and how many were encoded: a text whose key has a row in `old_rows` keeps the
    previous build's vector (read through a mapping of its own, gone when the copying is done: the pages it
    read, 1.1 GiB at a million clauses, then leave this process, where the loaded index's mapping kept them)."""
    keys = plan.keys
    kept = [n for n, key in enumerate(keys) if key in old_rows]
    todo = [n for n, key in enumerate(keys) if key not in old_rows]
    done = 0
    report(stage, 0, len(todo))

    def step(count: int) -> None:
        nonlocal done
        done += count
        report(stage, done, len(todo))

    if todo and not kept:  # every text is new: the encoder's own array, not a copy as large (1.1 GiB at 1M)
        return encoder.encode_passages(texts, progress=step), len(todo)
    vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    if kept and plan.previous is not None:
        old_vectors = np.load(plan.previous.path / donor_file, mmap_mode="r")
        # In slices: the whole gather is a second copy of every kept vector (1.1 GiB at a million clauses).
        for start in range(0, len(kept), _GATHER):
            part = kept[start : start + _GATHER]
            vectors[part] = old_vectors[[old_rows[keys[n]] for n in part]]
        del old_vectors
    if todo:
        vectors[todo] = encoder.encode_passages([texts[n] for n in todo], progress=step)
    return vectors, len(todo)


def _tokens(
    texts: list[str],
    known_rows: np.ndarray,
    listed: list[int],
    previous: SearchIndex | None,
    settings: Settings,
    report: Progress,
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
    report(Stage.TOKENIZING, 0, len(todo))
    cut = ordered_map(tokenize_normalized, [texts[n] for n in todo], worker_count(settings.build_workers), 2000)
    for done, (n, clause_tokens) in enumerate(zip(todo, cut, strict=True), 1):
        # Interned: each token arrives from a worker as a string of its own, and a million clauses' 100M such
        # strings took 10+ GiB; interned, the lists hold pointers to one copy of each term.
        tokens[n] = [sys.intern(token) for token in clause_tokens]
        if done % 500 == 0 or done == len(todo):
            report(Stage.TOKENIZING, done, len(todo))
    return tokens


def _term_vectors(
    encode: Callable[[list[str]], np.ndarray],
    dim: int,
    terms: list[str],
    previous: SearchIndex | None,
    previous_vectors: np.ndarray | None,
    report: Progress,
) -> np.ndarray:
    """The vocabulary's vectors, encoding only the terms the previous build lacked (`previous_vectors` is None
    when they came from another encoder)."""
    cached = {}
    if previous is not None and previous_vectors is not None:
        cached = dict(zip(previous.terms, previous_vectors, strict=True))
    new_terms = [t for t in terms if t not in cached]
    report(Stage.EMBEDDING_VOCABULARY, 0, len(new_terms))
    fresh = encode(new_terms) if new_terms else np.zeros((0, dim), np.float32)
    cached.update(zip(new_terms, fresh, strict=True))
    report(Stage.EMBEDDING_VOCABULARY, len(new_terms), len(new_terms))
    return np.array([cached[t] for t in terms], dtype=np.float32).reshape(len(terms), dim)


def _expansion_vocabulary(document_frequency: dict[str, int]) -> list[str]:
    """Content terms found in two or more clauses, plus domain terms present: candidates for query expansion.
    The most frequent first, ties in term order: the same terms whatever the order of the clauses."""
    df = {t: n for t, n in document_frequency.items() if n and is_content_term(t)}
    present = {t for t in domain_terms() if t in df}
    common = sorted((t for t, n in df.items() if n >= 2 and t not in present), key=lambda t: (-df[t], t))
    return sorted(present) + common[: MAX_TERMS - len(present)]
