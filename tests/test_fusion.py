"""Fusion of the two legs: weighted min-max scores (the default) and reciprocal-rank fusion, picked once."""

import dataclasses

import numpy as np
import pytest

from search.config import Settings
from search.retrieve.fusion import ReciprocalRankFusion, WeightedScoreFusion, make_fusion


def leg(ids: list[int], scores: list[float]) -> tuple[np.ndarray, np.ndarray]:
    return np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float32)


def test_rrf_adds_weighted_reciprocal_ranks_of_both_legs():
    fused = ReciprocalRankFusion(k=60, weights=(1.0, 0.6)).fuse([leg([5, 3], [9.0, 2.0]), leg([3, 7], [0.9, 0.8])])
    assert fused[3] == pytest.approx(1.0 / 62 + 0.6 / 61)
    assert fused[5] == pytest.approx(1.0 / 61)
    assert fused[7] == pytest.approx(0.6 / 62)
    assert sorted(fused, key=fused.get, reverse=True) == [3, 5, 7]


def test_rrf_ignores_raw_scores():
    small = ReciprocalRankFusion(60, (1.0, 1.0)).fuse([leg([1, 2], [0.2, 0.1]), leg([], [])])
    large = ReciprocalRankFusion(60, (1.0, 1.0)).fuse([leg([1, 2], [900.0, 1.0]), leg([], [])])
    assert small == large


def test_weighted_fusion_normalises_each_leg_to_its_own_range():
    fused = WeightedScoreFusion((1.0, 0.6)).fuse([leg([1, 2, 3], [30.0, 20.0, 10.0]), leg([3, 1], [0.9, 0.7])])
    assert fused[1] == pytest.approx(1.0 + 0.0)  # lexical best, dense worst of its leg
    assert fused[2] == pytest.approx(0.5)
    assert fused[3] == pytest.approx(0.0 + 0.6)


def test_a_lone_candidate_counts_as_its_legs_best():
    assert WeightedScoreFusion((1.0, 0.6)).fuse([leg([4], [0.3]), leg([], [])]) == {4: 1.0}


def test_fusion_is_chosen_from_settings_and_an_unknown_one_is_refused():
    assert isinstance(make_fusion(Settings()), WeightedScoreFusion)
    assert isinstance(make_fusion(dataclasses.replace(Settings(), fusion="rrf")), ReciprocalRankFusion)
    with pytest.raises(ValueError, match="unknown fusion 'max'"):
        make_fusion(dataclasses.replace(Settings(), fusion="max"))
