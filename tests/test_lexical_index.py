"""The lexical leg's index is bm25s's own: the same scores for every clause and query, built in whole arrays."""

import random

import bm25s
import numpy as np

from search.index.lexical import LexicalIndex

TERMS = ["保税", "维修", "保税维修", "服务", "外包", "人才", "培训", "数据", "中心", "bpo", "离岸", "补贴"]


def _token_lists(count: int, seed: int = 0) -> list[list[str]]:
    rng = random.Random(seed)
    return [[rng.choice(TERMS) for _ in range(rng.choice([0, 1, 3, 8, 30]))] for _ in range(count)]


def test_every_clause_scores_as_bm25s_scores_it_for_every_query_term():
    token_lists = _token_lists(500)
    reference = bm25s.BM25()
    reference.index([tokens or [""] for tokens in token_lists], show_progress=False)
    ours = LexicalIndex.build(token_lists)
    assert ours.num_docs == 500
    for term in [*TERMS, ""]:
        assert np.array_equal(ours.scores([term]), reference.get_scores([term])), term
    assert [ours.document_frequency(t) for t in TERMS] == [sum(t in ts for ts in token_lists) for t in TERMS]
    both = ["保税", "人才", "bpo", "不在"]
    assert np.array_equal(ours.scores(both), reference.get_scores(both[:3]))


def test_a_saved_index_loads_and_scores_the_same(tmp_path):
    token_lists = _token_lists(50, seed=1)
    built = LexicalIndex.build(token_lists)
    built.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    assert np.array_equal(loaded.scores(["保税维修", "外包"]), built.scores(["保税维修", "外包"]))
    assert loaded.scores(["保税维修"]).any()


def test_an_update_from_the_saved_term_counts_scores_as_an_index_built_from_all_tokens(tmp_path):
    before = _token_lists(300, seed=2)
    LexicalIndex.build(before).save(tmp_path / "lexical")
    previous = LexicalIndex.load(tmp_path / "lexical")
    added = [["新词", "保税"], [], ["离岸", "离岸", "独有"]]
    now = before[:100] + added + before[150:]  # three new clauses in the middle, fifty gone
    rows = np.array([*range(100), -1, -1, -1, *range(150, 300)])
    updated = LexicalIndex.build([None] * 100 + added + [None] * 150, previous, rows)
    rebuilt = LexicalIndex.build(now)
    assert updated.document_frequencies() == rebuilt.document_frequencies()
    for term in [*TERMS, "新词", "独有", ""]:
        assert np.array_equal(updated.scores([term]), rebuilt.scores([term])), term


def test_an_index_counted_and_scored_a_few_entries_at_a_time_is_the_one_built_in_one_go(monkeypatch):
    from search.index import lexical

    token_lists = _token_lists(400, seed=3)
    whole = LexicalIndex.build(token_lists)
    monkeypatch.setattr(lexical, "_SLICE", 7)  # slices end mid-clause, and a 30-token clause exceeds one
    sliced = LexicalIndex.build(token_lists)
    assert whole.document_frequencies() == sliced.document_frequencies()
    for term in [*TERMS, ""]:
        assert np.array_equal(whole.scores([term]), sliced.scores([term])), term
    assert np.array_equal(whole._counts, sliced._counts)
