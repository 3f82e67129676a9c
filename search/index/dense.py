"""The dense leg: a FAISS inner-product index over unit vectors; exact when small, IVF or HNSW when large."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from search.config import Settings


def build_dense_index(
    vectors: np.ndarray,
    settings: Settings,
    previous: faiss.Index | None = None,
    previous_rows: np.ndarray | None = None,
) -> faiss.Index:
    """IndexFlatIP below `ann_threshold` vectors (exact); IVF or HNSW above it (approximate, fast at scale).
    An update keeps the previous IVF's trained centroids while the library is within a factor of two of the
    size they were trained for: adding a document does not retrain on the whole library (`build --full` does).
    With them, a vector the previous index held (`previous_rows[i]`, its row there, else -1) goes to the list it
    was in, where comparing it with every centroid again would put it: only new vectors are assigned."""
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
        trained = _trained_centroids(previous, dim, nlist)
        if trained is not None:
            index = faiss.IndexIVFFlat(trained, dim, trained.ntotal, faiss.METRIC_INNER_PRODUCT)
            index.nprobe = settings.ivf_nprobe
            if previous_rows is not None and len(vectors):
                lists = _lists_of_rows(previous, previous_rows)
                new = lists < 0
                if new.any():
                    lists[new] = index.quantizer.search(vectors[new], 1)[1][:, 0]
                index.add_core(len(vectors), faiss.swig_ptr(vectors), None, faiss.swig_ptr(lists))
                return index
        else:
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
            sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), 50 * nlist), replace=False)
            index.train(vectors[np.sort(sample)])
        index.nprobe = settings.ivf_nprobe
    else:
        raise ValueError(f"unknown ann_kind '{settings.ann_kind}' (use 'ivf' or 'hnsw')")
    if len(vectors):
        index.add(vectors)
    return index


def _trained_centroids(previous: faiss.Index | None, dim: int, nlist: int) -> faiss.Index | None:
    """A copy of the previous IVF's coarse quantizer, when it fits this many vectors."""
    if not isinstance(previous, faiss.IndexIVF) or previous.d != dim or not nlist / 2 <= previous.nlist <= nlist * 2:
        return None
    return faiss.clone_index(faiss.downcast_index(previous.quantizer))


def _lists_of_rows(previous: faiss.Index, rows: np.ndarray) -> np.ndarray:
    """The inverted list that held each of these rows of the previous IVF index (-1 for a row < 0)."""
    ivf = faiss.extract_index_ivf(previous)
    list_of = np.full(ivf.ntotal, -1, dtype=np.int64)
    for list_no in range(ivf.nlist):
        size = ivf.invlists.list_size(list_no)
        if size:
            ids = ivf.invlists.get_ids(list_no)
            list_of[faiss.rev_swig_ptr(ids, size)] = list_no
            ivf.invlists.release_ids(list_no, ids)
    rows = np.asarray(rows, dtype=np.int64)
    return np.where(rows >= 0, list_of[np.maximum(rows, 0)], -1)


def index_kind(index: faiss.Index) -> str:
    if isinstance(index, faiss.IndexHNSWFlat):
        return "hnsw"
    return "ivf" if isinstance(index, faiss.IndexIVF) else "flat"


def search_dense(
    index: faiss.Index, query: np.ndarray, k: int, settings: Settings | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k (ids, scores) for one query vector; ids of -1 (fewer than k vectors) are dropped."""
    if index.ntotal == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    if settings and isinstance(index, faiss.IndexHNSWFlat):
        index.hnsw.efSearch = max(settings.hnsw_ef_search, k)
    if settings and isinstance(index, faiss.IndexIVF):
        index.nprobe = settings.ivf_nprobe
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), min(k, index.ntotal))
    keep = ids[0] >= 0
    return ids[0][keep], scores[0][keep]


def _search_parameters(
    index: faiss.Index, selector: faiss.IDSelector, settings: Settings, k: int
) -> faiss.SearchParameters:
    """Each index kind takes its own parameters object, with the search-time settings: per call, so a filtered
    search never changes the shared index that other threads search."""
    if isinstance(index, faiss.IndexHNSWFlat):
        return faiss.SearchParametersHNSW(sel=selector, efSearch=max(settings.hnsw_ef_search, k))
    if isinstance(index, faiss.IndexIVF):
        return faiss.SearchParametersIVF(sel=selector, nprobe=settings.ivf_nprobe)
    return faiss.SearchParameters(sel=selector)


def save_dense(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load_dense(path: Path, kind: str) -> faiss.Index:
    """Memory-mapped: the vectors (flat, HNSW) or inverted lists (IVF) stay in the page cache, shared between
    processes, instead of being copied into each one. FAISS maps the two kinds by different flags, and refuses
    them combined for IVF."""
    flag = faiss.IO_FLAG_MMAP if kind == "ivf" else faiss.IO_FLAG_MMAP_IFC
    return faiss.read_index(str(path), flag | faiss.IO_FLAG_READ_ONLY)


def search_selected(
    index: faiss.Index, vectors: np.ndarray, query: np.ndarray, keep: np.ndarray, k: int, settings: Settings
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k among the rows `keep` marks. Few rows (a city, a document): exact scores over just those; many:
    the index itself, told to skip the others (a FAISS ID selector), so a filter never runs out of candidates
    the way over-fetching then filtering does for a small city in a large library."""
    rows = np.flatnonzero(keep)
    if len(rows) <= settings.exact_filter_limit:
        return _exact(vectors, rows, query, k)
    selector = faiss.IDSelectorBitmap(np.packbits(keep, bitorder="little"))  # keeps its array alive
    params = _search_parameters(index, selector, settings, k)
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k, params=params)
    found = ids[0] >= 0
    if found.sum() < min(k, len(rows)):  # the probed IVF lists or HNSW paths held too few of the kept rows
        return _exact(vectors, rows, query, k)
    return ids[0][found], scores[0][found]


def _exact(vectors: np.ndarray, rows: np.ndarray, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    scores = vectors[rows] @ query
    best = np.argsort(-scores, kind="stable")[:k]
    return rows[best], scores[best].astype(np.float32)


@dataclass(frozen=True)
class LegFiles:
    """Where a leg keeps its vectors and its FAISS index in a build folder."""

    vectors: str
    index: str


ENCODER_FILES = LegFiles("vectors.npy", "dense.faiss")
CROSSLINGUAL_FILES = LegFiles("crosslingual.npy", "crosslingual.faiss")


@dataclass
class VectorLeg:
    """A leg's part of a build: one unit vector per indexed clause (memory-mapped once loaded) and the FAISS
    index over them. The encoder's leg and the cross-lingual leg are each one."""

    vectors: np.ndarray
    index: faiss.Index

    @classmethod
    def build(
        cls, vectors: np.ndarray, settings: Settings, kept: faiss.Index | None, donor_rows: np.ndarray | None
    ) -> VectorLeg:
        """The index over `vectors`; an update passes the previous index of the same encoder (`kept`) with each
        row's row there (`donor_rows`), so an IVF keeps its centroids."""
        return cls(vectors, build_dense_index(vectors, settings, kept, donor_rows))

    @property
    def kind(self) -> str:
        return index_kind(self.index)

    def save(self, folder: Path, files: LegFiles) -> None:
        np.save(folder / files.vectors, self.vectors)
        save_dense(self.index, folder / files.index)

    @classmethod
    def load(cls, folder: Path, files: LegFiles, kind: str) -> VectorLeg:
        return cls(np.load(folder / files.vectors, mmap_mode="r"), load_dense(folder / files.index, kind))

    def verify(self, rows: int, dim: int, files: LegFiles) -> None:
        """One vector of the manifest's dimension per indexed clause, all in the FAISS index."""
        if self.vectors.shape != (rows, dim) or self.index.ntotal != rows:
            raise ValueError(
                f"{files.vectors} holds {self.vectors.shape} vectors and {files.index} {self.index.ntotal}, where "
                f"the manifest has {rows} clauses of dimension {dim}"
            )
