"""Fusion of the lexical, dense and cross-lingual rankings; the strategy is picked once, when the searcher is made."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from search.config import Settings


class Fusion(Protocol):
    def fuse(self, legs: list[tuple[np.ndarray, np.ndarray]]) -> dict[int, float]: ...


class ReciprocalRankFusion:
    """score = sum over legs of weight / (k + rank); needs no score calibration between legs."""

    def __init__(self, k: int, weights: tuple[float, ...]) -> None:
        self.k = k
        self.weights = weights

    def fuse(self, legs: list[tuple[np.ndarray, np.ndarray]]) -> dict[int, float]:
        fused: dict[int, float] = {}
        for weight, (ids, _) in zip(self.weights, legs, strict=True):
            for rank, clause in enumerate(ids.tolist(), start=1):
                fused[clause] = fused.get(clause, 0.0) + weight / (self.k + rank)
        return fused


class WeightedScoreFusion:
    """score = sum of weight * min-max-normalised leg score."""

    def __init__(self, weights: tuple[float, ...]) -> None:
        self.weights = weights

    def fuse(self, legs: list[tuple[np.ndarray, np.ndarray]]) -> dict[int, float]:
        fused: dict[int, float] = {}
        for weight, (ids, scores) in zip(self.weights, legs, strict=True):
            if not len(ids):
                continue
            low, high = float(scores.min()), float(scores.max())
            span = high - low
            for clause, score in zip(ids.tolist(), scores.tolist(), strict=True):
                # A lone candidate (or a tie) is as good as the leg's best.
                normalised = (score - low) / span if span > 0 else 1.0
                fused[clause] = fused.get(clause, 0.0) + weight * normalised
        return fused


def make_fusion(settings: Settings, english: bool = False) -> Fusion:
    """English queries reach the lexical leg through a translation, so their legs are weighted apart; the third,
    cross-lingual leg is searched for them only."""
    if english:
        weights = (settings.lexical_weight_english, settings.dense_weight_english, settings.crosslingual_weight)
    else:
        weights = (settings.lexical_weight, settings.dense_weight, settings.crosslingual_weight)
    if settings.fusion == "weighted":
        return WeightedScoreFusion(weights)
    if settings.fusion == "rrf":
        return ReciprocalRankFusion(settings.rrf_k, weights)
    raise ValueError(f"unknown fusion '{settings.fusion}' (use 'rrf' or 'weighted')")
