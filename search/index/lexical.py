"""The lexical leg: BM25 (bm25s) over jieba tokens of each clause's indexed text."""

from __future__ import annotations

import logging
from pathlib import Path

import bm25s
import numpy as np

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

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> LexicalIndex:
        retriever = bm25s.BM25()
        retriever.index([tokens or [""] for tokens in token_lists], show_progress=False)
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
