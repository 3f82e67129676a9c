"""Writing a build: read the corpus, plan once what to take from the previous build, then write each part into a
fresh build folder (`builds.py`) and the manifest last.

Each part is written as soon as it is complete and then let go (`memory.py`): a million clauses' records,
tokens, BM25 index and vectors are 1-3 GiB each, and held all at once they took a build to 9.7 GiB.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import numpy as np

from search.config import Settings
from search.index.background_step import BackgroundStep
from search.index.build_plan import BuildPlan, reuse_documents
from search.index.builds import BUILD_MARKER, build_folder
from search.index.calibration import Calibration, measured_calibration
from search.index.clause_store import write_store
from search.index.crosslingual import CrossLingualEncoder, load_crosslingual
from search.index.dense import CROSSLINGUAL_FILES, ENCODER_FILES, VectorLeg
from search.index.embedding import Encoder
from search.index.facets import Facets
from search.index.groups import Groups
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
from search.index.phrases import FOLDER as PHRASES_FOLDER
from search.index.phrases import phrase_text, write_phrase_index
from search.index.provenance import build_inputs, corpus_fingerprint, corpus_listing, scan_corpus
from search.index.search_index import DOCUMENTS_FILE, SearchIndex, Verify, indexed_paths, load_index
from search.index.status import Progress, Stage
from search.index.tokenization import tokenize_normalized
from search.index.vocabulary import Vocabulary, crosslingual_term_vectors, expansion_vocabulary
from search.ingest.corpus import Skipped, load_corpus
from search.ingest.files.file_digests import FileDigests
from search.lineage.graph import LineageGraph
from search.parallel import ordered_map, worker_count
from search.records import Clause, Document

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
        _write_phrases(folder, source.clauses, plan)
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
        leg = partial(_embed_crosslingual, crosslingual, own_words, terms, plan)
        with BackgroundStep(leg) as crosslingual_step:
            vectors, embedded = _embed(
                encoder, texts, plan, plan.vector_rows, ENCODER_FILES.vectors, Stage.EMBEDDING, report
            )
            release(texts)
            crosslingual_vectors = crosslingual_step.result(report)
        embed_seconds = time.perf_counter() - embed_started
        release(own_words)
        crosslingual_kind = _write_crosslingual(folder, crosslingual_vectors, plan, settings)
        vocabulary = _write_vocabulary(folder, terms, encoder, crosslingual_vectors, plan, report)
        calibration = encoder.calibration or measured_calibration(vectors, vocabulary.vectors)
        report(Stage.WRITING, 0, 1)
        dense_kind = _write_dense(folder, vectors, plan, settings)
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


def _write_groups(folder: Path, clauses: list[Clause], plan: BuildPlan, report: Progress) -> Groups:
    """Copies of a clause, grouped anew or (an update) for the new clauses only."""
    report(Stage.GROUPING, 0, 1)
    groups = Groups.build([clauses[i].text for i in plan.indexed], plan.previous_fingerprints)
    groups.save(folder)
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


def _write_phrases(folder: Path, clauses: list[Clause], plan: BuildPlan) -> None:
    """Which clauses hold a piece of text (`phrases/`); an unchanged clause's phrase text is the previous build's."""
    donors = plan.phrase_rows.tolist()
    previous = plan.previous.phrases if plan.previous is not None else None
    texts = (
        previous.texts([donor])[0] if donor >= 0 else phrase_text(clauses[position].heading, clauses[position].text)
        for position, donor in zip(plan.indexed, donors, strict=True)
    )
    write_phrase_index(folder / PHRASES_FOLDER, texts)


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
    terms = expansion_vocabulary(lexical.document_frequencies())
    lexical.save(folder / "lexical")
    del lexical
    release()
    return terms


def _embed_crosslingual(
    crosslingual: CrossLingualEncoder | None, own_words: list[str], terms: list[str], plan: BuildPlan, report: Progress
) -> tuple[np.ndarray, np.ndarray] | None:
    """The cross-lingual leg's vectors of the clauses and of the vocabulary, when it is on (a step the build runs
    beside the dense encoder's). The vocabulary's serve English phrases the glossary lacks: their nearest corpus
    terms, in the leg's own space."""
    if crosslingual is None:
        return None
    rows = plan.crosslingual_rows
    vectors, _ = _embed(
        crosslingual, own_words, plan, rows, CROSSLINGUAL_FILES.vectors, Stage.EMBEDDING_CROSSLINGUAL, report
    )
    previous = plan.previous.vocabulary if plan.previous is not None else None
    return vectors, crosslingual_term_vectors(crosslingual, terms, previous, plan.same_crosslingual, report)


def _write_crosslingual(
    folder: Path, leg: tuple[np.ndarray, np.ndarray] | None, plan: BuildPlan, settings: Settings
) -> str:
    """The cross-lingual leg's clause vectors and their FAISS index, when it is on; the index's kind ("" when
    off). Its vocabulary's vectors are the vocabulary's to write."""
    if leg is None:
        return ""
    vectors, _ = leg
    rows = plan.crosslingual_rows
    # Searched like the dense leg (exact when small, IVF when large): an exact pass over a million clauses'
    # vectors took 0.4-0.55 s a query.
    previous = plan.previous.crosslingual if plan.same_crosslingual and plan.previous is not None else None
    kept, donors = (previous.index, plan.donor_rows(rows)) if previous is not None else (None, None)
    built = VectorLeg.build(vectors, settings, kept, donors)
    built.save(folder, CROSSLINGUAL_FILES)
    return built.kind


def _write_dense(folder: Path, vectors: np.ndarray, plan: BuildPlan, settings: Settings) -> str:
    """The encoder's leg; its FAISS index's kind."""
    previous = plan.previous.dense if plan.same_encoder and plan.previous is not None else None
    kept = previous.index if previous is not None else None
    leg = VectorLeg.build(vectors, settings, kept, plan.donor_rows(plan.vector_rows) if plan.same_encoder else None)
    leg.save(folder, ENCODER_FILES)
    return leg.kind


def _write_vocabulary(
    folder: Path,
    terms: list[str],
    encoder: Encoder,
    crosslingual: tuple[np.ndarray, np.ndarray] | None,
    plan: BuildPlan,
    report: Progress,
) -> Vocabulary:
    previous = plan.previous.vocabulary if plan.previous is not None else None
    crosslingual_vectors = crosslingual[1] if crosslingual is not None else None
    vocabulary = Vocabulary.build(terms, encoder, crosslingual_vectors, previous, plan.same_encoder, report)
    vocabulary.save(folder)
    return vocabulary


def _counts(
    source: _Source, clause_count: int, plan: BuildPlan, embedded: int, terms: list[str], groups: Groups
) -> Counts:
    return Counts(
        documents=len(source.documents),
        clauses=clause_count,
        indexed=len(plan.indexed),
        embedded=embedded,
        reused=len(plan.indexed) - embedded,
        terms=len(terms),
        copies=groups.copied,
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
