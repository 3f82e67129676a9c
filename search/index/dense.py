"""The dense leg: a FAISS inner-product index over unit vectors; exact when small, IVF or HNSW when large."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from search.config import Settings


def build_dense_index(vectors: np.ndarray, settings: Settings) -> faiss.Index:
    """IndexFlatIP below `ann_threshold` vectors (exact); IVF or HNSW above it (approximate, fast at scale)."""
    dim = vectors.shape[1]
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if len(vectors) < settings.ann_threshold:
        index = faiss.IndexFlatIP(dim)
    elif settings.ann_kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = max(40, settings.hnsw_m * 2)
        index.hnsw.efSearch = settings.hnsw_ef_search
    elif settings.ann_kind == "ivf":
        nlist = max(1, min(int(4 * np.sqrt(len(vectors))), len(vectors) // 39))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), 50 * nlist), replace=False)
        index.train(vectors[np.sort(sample)])
        index.nprobe = settings.ivf_nprobe
    else:
        raise ValueError(f"unknown ann_kind '{settings.ann_kind}' (use 'ivf' or 'hnsw')")
    if len(vectors):
        index.add(vectors)
    return index


def index_kind(index: faiss.Index) -> str:
    if isinstance(index, faiss.IndexHNSWFlat):
        return "hnsw"
    return "ivf" if isinstance(index, faiss.IndexIVF) else "flat"


def search_dense(
    index: faiss.Index,
    query: np.ndarray,
    k: int,
    settings: Settings | None = None,
    allowed: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k (ids, scores) for one query vector, among the `allowed` vectors only (a bool per vector) when
    given; ids of -1 (fewer than k vectors) are dropped."""
    if index.ntotal == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    if settings and isinstance(index, faiss.IndexHNSWFlat):
        index.hnsw.efSearch = max(settings.hnsw_ef_search, k)
    if settings and isinstance(index, faiss.IndexIVF):
        index.nprobe = settings.ivf_nprobe
    params = None
    if allowed is not None:
        # The selector reads the bitmap during the search: it must stay referenced until then.
        bitmap = np.packbits(allowed, bitorder="little")
        params = _search_parameters(index, faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bitmap)))
    query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    scores, ids = index.search(query, min(k, index.ntotal), params=params)
    keep = ids[0] >= 0
    return ids[0][keep], scores[0][keep]


def _search_parameters(index: faiss.Index, selector: faiss.IDSelector) -> faiss.SearchParameters:
    """Each index kind takes its own parameters object; its search-time settings are carried over."""
    if isinstance(index, faiss.IndexHNSWFlat):
        return faiss.SearchParametersHNSW(sel=selector, efSearch=index.hnsw.efSearch)
    if isinstance(index, faiss.IndexIVF):
        return faiss.SearchParametersIVF(sel=selector, nprobe=index.nprobe)
    return faiss.SearchParameters(sel=selector)


def save_dense(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load_dense(path: Path) -> faiss.Index:
    return faiss.read_index(str(path))
