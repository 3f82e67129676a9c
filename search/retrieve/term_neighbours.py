"""English phrases the glossary does not know -> the corpus terms whose embeddings lie nearest each phrase.

Per phrase, not per query: the whole query's neighbours are words close to everything it says (支持, 城市, 提供),
while "large" alone finds 大型. Only a close neighbour is taken; a phrase the corpus has no word for ("passport",
"France") finds none, and so cannot make an unrelated clause look like evidence.
"""

from __future__ import annotations

import numpy as np

from search.index.calibration import Calibration
from search.retrieve.translation import Concept

# The cut-off sits this far from the index's expansion cut-off towards its "as close as it gets" ceiling: with e5
# 0.875, which keeps "large" -> 大型 (0.93) and "taking part" -> 参加 (0.90) but not "passport" -> 入境 (0.86).
NEIGHBOUR_POSITION = 0.75
NEIGHBOURS_PER_PHRASE = 2


def neighbour_cutoff(calibration: Calibration) -> float:
    low, high = calibration.expansion_min_similarity, calibration.dense_ceiling
    return low + NEIGHBOUR_POSITION * (high - low)


def nearest_concepts(
    phrases: list[str],
    phrase_vectors: np.ndarray,
    terms: list[str],
    term_vectors: np.ndarray,
    calibration: Calibration,
) -> list[Concept]:
    """One concept per phrase that has close neighbours; its weight is the best neighbour's closeness in [0, 1]
    between the cut-off and the ceiling, so a near-synonym counts fully and a loose one hardly."""
    if not terms or not phrases:
        return []
    cutoff = neighbour_cutoff(calibration)
    similarity = phrase_vectors @ term_vectors.T  # phrases x terms
    concepts = []
    for phrase, row in zip(phrases, similarity, strict=True):
        best = np.argsort(-row)[:NEIGHBOURS_PER_PHRASE]
        close = [i for i in best if row[i] >= cutoff]
        if not close:
            continue
        weight = (float(row[close[0]]) - cutoff) / max(1e-6, calibration.dense_ceiling - cutoff)
        concepts.append(Concept(phrase, tuple(terms[i] for i in close), min(1.0, max(0.1, weight)), "nearest"))
    return concepts
