"""English phrases the glossary does not know -> the corpus terms whose embeddings lie nearest each phrase.

Per phrase, not per query: the whole query's neighbours are words close to everything it says (支持, 城市, 提供),
while "large" alone finds 大型. Only a close neighbour is taken; a phrase the corpus has no word for ("passport",
"France") finds none, and so cannot make an unrelated clause look like evidence.

The cross-lingual encoder, trained on translation pairs, finds them when the index has it (abroad -> 国内外,
obtain -> 取得, aircraft -> 飞机); multilingual-e5, which puts most short Chinese words near any English one
(taking part -> 参加 0.90, passport -> 入境 0.86), only when it does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from search.index.calibration import Calibration
from search.retrieve.translation import Concept

# With e5, the cut-off sits this far from the index's expansion cut-off towards its "as close as it gets"
# ceiling: 0.875, which keeps "large" -> 大型 (0.93) and "taking part" -> 参加 (0.90) but not "passport" -> 入境.
NEIGHBOUR_POSITION = 0.75
NEIGHBOURS_PER_PHRASE = 2


@dataclass(frozen=True)
class NeighbourScale:
    """Where a corpus term counts as a rendering of a phrase (cut-off), and where it counts fully (ceiling)."""

    cutoff: float
    ceiling: float


# USE multilingual v3, fitted on 26 phrase -> nearest-term pairs of the English dev sets judged right or wrong by
# hand (23 right at 0.70, and at 0.73), and checked on the 27 of the held-out sets (22 right): it keeps
# certified -> 认证 0.82, attend -> 参加 0.72 and obtain -> 取得 0.85, and drops passport -> 出入境 0.67,
# home -> 院所 0.60 and France -> 欧洲 0.50. A translation pair scores about 0.9 (helping -> 帮助 0.93).
CROSSLINGUAL_SCALE = NeighbourScale(cutoff=0.70, ceiling=0.90)


def e5_scale(calibration: Calibration) -> NeighbourScale:
    low, high = calibration.expansion_min_similarity, calibration.dense_ceiling
    return NeighbourScale(low + NEIGHBOUR_POSITION * (high - low), high)


def nearest_concepts(
    phrases: list[str],
    phrase_vectors: np.ndarray,
    terms: list[str],
    term_vectors: np.ndarray,
    scale: NeighbourScale,
) -> list[Concept]:
    """One concept per phrase that has close neighbours; its weight is the best neighbour's closeness in [0, 1]
    between the cut-off and the ceiling, so a near-synonym counts fully and a loose one hardly."""
    if not terms or not phrases:
        return []
    similarity = phrase_vectors @ term_vectors.T  # phrases x terms
    concepts = []
    for phrase, row in zip(phrases, similarity, strict=True):
        best = np.argsort(-row)[:NEIGHBOURS_PER_PHRASE]
        close = [i for i in best if row[i] >= scale.cutoff]
        if not close:
            continue
        weight = (float(row[close[0]]) - scale.cutoff) / max(1e-6, scale.ceiling - scale.cutoff)
        concepts.append(Concept(phrase, tuple(terms[i] for i in close), min(1.0, max(0.1, weight)), "nearest"))
    return concepts
