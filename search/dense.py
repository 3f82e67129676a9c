"""The dense leg: a FAISS inner-product index over unit vectors; exact when small, HNSW when large."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from .config import Settings


def build_dense_index(vectors: np.ndarray, settings: Settings) -> faiss.Index:
    """IndexFlatIP below `hnsw_threshold` vectors (exact); HNSW above it (approximate, far faster at scale)."""
    dim = vectors.shape[1]
    if len(vectors) >= settings.hnsw_threshold:
        index = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = max(40, settings.hnsw_m * 2)
        index.hnsw.efSearch = settings.hnsw_ef_search
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def index_kind(index: faiss.Index) -> str:
    return "hnsw" if isinstance(index, faiss.IndexHNSWFlat) else "flat"


def search_dense(
    index: faiss.Index, query: np.ndarray, k: int, ef_search: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k (ids, scores) for one query vector; ids of -1 (fewer than k vectors) are dropped."""
    if index.ntotal == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    if ef_search and isinstance(index, faiss.IndexHNSWFlat):
        index.hnsw.efSearch = max(ef_search, k)
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), min(k, index.ntotal))
    keep = ids[0] >= 0
    return ids[0][keep], scores[0][keep]


def save_dense(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load_dense(path: Path) -> faiss.Index:
    return faiss.read_index(str(path))
