"""Copied, adapted or novel: how close a draft clause is to a precedent, and the label that follows.

Three measures, each over the texts' normal forms (width, script and spacing folded):
- resemblance: the Jaccard similarity of their character-bigram sets, the measure by which the library groups its
  own near copies (`duplicates.NEAR`): a changed figure or city name keeps a copy a copy;
- containment: the share of the shorter text's bigrams found in the other, by which retrieval takes one clause
  inside a longer one for the same measure (`SAME_MEASURE_OVERLAP`): a draft that copies a clause and drops its
  list of responsible departments;
- overlap: the Dice coefficient of their words (jieba, as indexed) weighted by rarity (BM25's IDF over the
  library), so that shared rare terms (保税维修, 一事一议) count and shared boilerplate (服务外包, 支持) hardly does.

Embedding similarity alone does not tell a reworded provision from a new one on a related topic (both score
0.87-0.96 with e5): it finds the candidates, and the words decide (evidence: docs/benchmarks.md, "Draft check").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from search.config import Settings
from search.index.duplicates import NEAR
from search.normalize import bigram_overlap, bigrams
from search.retrieve.retrieval import SAME_MEASURE_OVERLAP


class Label(StrEnum):
    COPIED = "copied"  # 照搬: the same provision exists, near copies included
    ADAPTED = "adapted"  # 改写: a clearly related provision, worded differently
    NOVEL = "novel"  # 新增: nothing related in the library


@dataclass(frozen=True)
class Closeness:
    """How close a draft clause is to one precedent."""

    resemblance: float
    containment: float
    overlap: float
    similarity: float  # the encoders' cosine (e5; for a clause not in Chinese, the cross-lingual encoder's)

    @property
    def rank_key(self) -> float:
        """Which precedent is closest: shared wording first, meaning to settle the rest."""
        return max(self.resemblance, self.overlap) + self.similarity


def rarity(document_frequency: Callable[[str], int], documents: int) -> Callable[[str], float]:
    """BM25's IDF of a word over the library's clauses: a word of every clause weighs almost nothing."""

    @lru_cache(maxsize=65536)
    def weight(term: str) -> float:
        frequency = document_frequency(term)
        return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))

    return weight


def closeness(
    draft: str,
    draft_terms: Collection[str],
    precedent: str,
    precedent_terms: Collection[str],
    weight: Callable[[str], float],
    similarity: float,
) -> Closeness:
    first, second = bigrams(draft), bigrams(precedent)
    union = len(first | second)
    resemblance = len(first & second) / union if union else 0.0
    mine, theirs = set(draft_terms), set(precedent_terms)
    total = sum(map(weight, mine)) + sum(map(weight, theirs))
    overlap = 2 * sum(map(weight, mine & theirs)) / total if total else 0.0
    return Closeness(resemblance, bigram_overlap(first, second), overlap, similarity)


def label_of(closest: Closeness | None, settings: Settings, chinese: bool = True) -> Label:
    """A Chinese clause by its wording; one in another language (no shared words to count) by the cross-lingual
    encoder's similarity, and never as a copy."""
    if closest is None:
        return Label.NOVEL
    if not chinese:
        return Label.ADAPTED if closest.similarity >= settings.draft_adapted_crosslingual else Label.NOVEL
    if closest.resemblance >= NEAR or closest.containment >= SAME_MEASURE_OVERLAP:
        return Label.COPIED
    return Label.ADAPTED if closest.overlap >= settings.draft_adapted_overlap else Label.NOVEL
