"""The lexical leg: BM25 (bm25s) over jieba tokens of each clause's indexed text."""

from __future__ import annotations

import logging
import math
from itertools import chain
from pathlib import Path

import bm25s
import numpy as np
import scipy.sparse as sp

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG


class LexicalIndex:
    """BM25 over token lists; scores every clause for a query in one sparse pass."""

    def __init__(self, retriever: bm25s.BM25) -> None:
        self._retriever = retriever
        self.vocabulary = set(retriever.vocab_dict)
        self.num_docs = int(retriever.scores["num_docs"])
        indptr = retriever.scores["indptr"]
        # Scores are a clause x term CSC matrix: a term's column holds one entry per clause containing it.
        self._df = {
            term: int(indptr[i + 1] - indptr[i]) for term, i in retriever.vocab_dict.items() if i + 1 < len(indptr)
        }

    def document_frequency(self, term: str) -> int:
        return self._df.get(term, 0)

    def document_frequencies(self) -> dict[str, int]:
        """How many clauses hold each term."""
        return dict(self._df)

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> LexicalIndex:
        """bm25s's own index (Lucene BM25, k1 1.5, b 0.75), its scores computed in whole arrays: bm25s loops over
        the clauses in Python, seconds at 100k clauses, and every update must redo it (each clause's length
        against the new average, each term's IDF against the new count). Same scores to the bit
        (`tests/test_lexical_index.py` compares them), terms numbered in sorted order."""
        retriever = bm25s.BM25()
        token_lists = [tokens or [""] for tokens in token_lists]
        # "" is bm25s's empty token, for queries that keep no term
        vocabulary = {term: n for n, term in enumerate(sorted(set().union([""], *token_lists)))}
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        term_ids = np.fromiter(
            map(vocabulary.__getitem__, chain.from_iterable(token_lists)), dtype=np.int64, count=int(lengths.sum())
        )
        clauses, terms = len(token_lists), len(vocabulary)
        starts = np.zeros(clauses + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        # Term counts per clause, then by term: scipy sums and transposes in C (np.unique took seconds).
        counts = sp.csr_matrix((np.ones(len(term_ids), np.int32), term_ids, starts), shape=(clauses, terms))
        counts.sum_duplicates()
        by_term = counts.tocsc()
        by_term.sort_indices()
        df = np.diff(by_term.indptr)
        rows, tf = by_term.indices, by_term.data.astype(np.float32)
        # As bm25s computes them, so that each float rounds as there: math.log, float32 IDF, float64 term part.
        idf = np.array([math.log(1 + (clauses - n + 0.5) / (n + 0.5)) if n else 0.0 for n in df.tolist()], np.float32)
        k1, b = retriever.k1, retriever.b
        norm = k1 * ((1 - b) + b * lengths[rows] / lengths.mean())
        scores = (np.repeat(idf, df) * (tf / (norm + tf))).astype(np.float32)
        retriever.scores = {
            "data": scores,
            "indices": rows.astype(np.int32),
            "indptr": by_term.indptr.astype(np.int64),
            "num_docs": clauses,
        }
        retriever.vocab_dict = vocabulary
        retriever.unique_token_ids_set = set(vocabulary.values())
        retriever.nonoccurrence_array = None  # only BM25L and BM25+ have one
        return cls(retriever)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        known = [t for t in query_tokens if t in self.vocabulary]
        if not known:
            return np.zeros(self._retriever.scores["num_docs"], dtype=np.float32)
        return self._retriever.get_scores(known)

    def top(self, query_tokens: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (ids, scores), best first; clauses that share no token are left out."""
        return top_positive(self.scores(query_tokens), k)

    def save(self, path: Path) -> None:
        self._retriever.save(str(path), show_progress=False)

    @classmethod
    def load(cls, path: Path) -> LexicalIndex:
        """Memory-mapped: the score matrix is read from the page cache as queries touch it."""
        return cls(bm25s.BM25.load(str(path), mmap=True, show_progress=False))


def top_positive(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and values of the k largest positive scores, best first (ties keep clause order)."""
    k = min(k, len(scores))
    if not k:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    ids = np.argpartition(-scores, k - 1)[:k]
    ids = ids[np.argsort(-scores[ids], kind="stable")]
    ids = ids[scores[ids] > 0]
    return ids, scores[ids]
