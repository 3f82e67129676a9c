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


COUNTS = "counts.npy"  # beside bm25s's files: each score matrix entry's term count, for the next build
_SLICE = 1 << 22  # entries (tokens, or score matrix entries) a build handles at a time: 16-32 MiB an array


class LexicalIndex:
    """BM25 over token lists; scores every clause for a query in one sparse pass."""

    def __init__(self, retriever: bm25s.BM25, counts: np.ndarray) -> None:
        self._retriever = retriever
        self._counts = counts  # per score matrix entry, its term count (what the next build starts from)
        if len(counts) != len(retriever.scores["data"]):
            raise ValueError(f"{len(counts)} term counts for {len(retriever.scores['data'])} BM25 scores")
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
    def build(
        cls,
        token_lists: list[list[str] | None],
        previous: LexicalIndex | None = None,
        previous_rows: np.ndarray | None = None,
    ) -> LexicalIndex:
        """bm25s's own index (Lucene BM25, k1 1.5, b 0.75), its scores computed in whole arrays: bm25s loops over
        the clauses in Python, seconds at 100k clauses, and every update must redo it (each clause's length
        against the new average, each term's IDF against the new count). Same scores to the bit
        (`tests/test_lexical_index.py` compares them), terms numbered in sorted order. A clause whose
        `previous_rows` entry is a row of `previous` takes its term counts from there (its tokens may be None):
        only new clauses' tokens are counted."""
        rows = previous_rows if previous is not None and previous_rows is not None else np.full(len(token_lists), -1)
        new, old = np.flatnonzero(rows < 0), rows[rows >= 0]
        new_lists = [token_lists[n] or [""] for n in new]  # "" is bm25s's empty token, for clauses without one
        kept, kept_terms = None, []
        if len(old):
            old_counts, old_terms = previous.term_counts()
            kept = old_counts[old]
            kept_terms = [old_terms[n] for n in np.unique(kept.indices).tolist()]  # a term of removed clauses goes
        vocabulary = {term: n for n, term in enumerate(sorted(set(kept_terms).union([""], *new_lists)))}
        counts = _count_matrix(new_lists, vocabulary)
        del new_lists
        if kept is not None:
            remap = np.array([vocabulary.get(term, -1) for term in old_terms], dtype=np.int32)
            kept = sp.csr_matrix((kept.data, remap[kept.indices], kept.indptr), shape=(len(old), len(vocabulary)))
            # the new clauses' counts, then the kept ones': each put back at its row
            order = np.empty(len(rows), dtype=np.int64)
            order[rows < 0] = np.arange(len(new))
            order[rows >= 0] = len(new) + np.arange(len(old))
            counts = sp.vstack([counts, kept], format="csr")[order]
            del kept
        lengths = np.asarray(counts.sum(axis=1)).ravel().astype(np.int64)
        by_term = counts.tocsc()
        del counts  # a clause x term matrix is 1 GiB at a million clauses: one of its two layouts at a time
        return cls._from_term_counts(by_term, lengths, vocabulary)

    @classmethod
    def _from_term_counts(cls, by_term: sp.csc_matrix, lengths: np.ndarray, vocabulary: dict[str, int]) -> LexicalIndex:
        retriever = bm25s.BM25()
        clauses = by_term.shape[0]
        by_term.sort_indices()
        df = np.diff(by_term.indptr)
        # As bm25s computes them, so that each float rounds as there: math.log, float32 IDF, float64 term part.
        idf = np.array([math.log(1 + (clauses - n + 0.5) / (n + 0.5)) if n else 0.0 for n in df.tolist()], np.float32)
        k1, b = retriever.k1, retriever.b
        norms = k1 * ((1 - b) + b * lengths / lengths.mean()) if clauses else np.zeros(0)
        scores = np.empty(by_term.nnz, dtype=np.float32)
        # In slices: a whole float64 pass held several arrays of every entry at once (2 GiB at a million clauses).
        term_of = np.repeat(np.arange(len(df), dtype=np.int32), df)
        for start in range(0, by_term.nnz, _SLICE):
            part = slice(start, start + _SLICE)
            tf = by_term.data[part].astype(np.float32)
            scores[part] = idf[term_of[part]] * (tf / (norms[by_term.indices[part]] + tf))
        del term_of
        retriever.scores = {
            "data": scores,
            "indices": by_term.indices.astype(np.int32, copy=False),
            "indptr": by_term.indptr.astype(np.int64),
            "num_docs": clauses,
        }
        retriever.vocab_dict = vocabulary
        retriever.unique_token_ids_set = set(vocabulary.values())
        retriever.nonoccurrence_array = None  # only BM25L and BM25+ have one
        return cls(retriever, by_term.data.astype(np.int32, copy=False))

    def term_counts(self) -> tuple[sp.csr_matrix, list[str]]:
        """Each clause's term counts (clauses x terms) and the terms: what the next build starts from."""
        scores = self._retriever.scores
        terms = sorted(self._retriever.vocab_dict, key=self._retriever.vocab_dict.__getitem__)
        shape = (self.num_docs, len(terms))
        by_term = sp.csc_matrix((np.asarray(self._counts), scores["indices"], scores["indptr"]), shape=shape)
        return by_term.tocsr(), terms

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
        np.save(path / COUNTS, self._counts)

    @classmethod
    def load(cls, path: Path) -> LexicalIndex:
        """Memory-mapped: the score matrix is read from the page cache as queries touch it."""
        return cls(bm25s.BM25.load(str(path), mmap=True, show_progress=False), np.load(path / COUNTS, mmap_mode="r"))

    def verify(self, rows: int) -> None:
        if self.num_docs != rows:
            raise ValueError(f"the BM25 index holds {self.num_docs} clauses, the manifest {rows}")


def _count_matrix(token_lists: list[list[str]], vocabulary: dict[str, int]) -> sp.csr_matrix:
    """Clauses x terms: how often each term occurs in each clause (scipy sums the repeats in C), counted
    `_SLICE` tokens' worth of clauses at a time: every token's id at once was 1.2 GiB at a million clauses."""
    parts, first = [], 0
    while first < len(token_lists) or not parts:
        last, size = first, 0
        while last < len(token_lists) and (size < _SLICE or last == first):
            size += len(token_lists[last])
            last += 1
        chunk = token_lists[first:last]
        starts = np.zeros(len(chunk) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk)), out=starts[1:])
        term_ids = np.fromiter(map(vocabulary.__getitem__, chain.from_iterable(chunk)), dtype=np.int32, count=size)
        counts = sp.csr_matrix((np.ones(size, np.int32), term_ids, starts), shape=(len(chunk), len(vocabulary)))
        counts.sum_duplicates()
        parts.append(counts)
        first = last
    return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")


def top_positive(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and values of the k largest positive scores, best first (ties keep clause order)."""
    k = min(k, len(scores))
    if not k:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    ids = np.argpartition(-scores, k - 1)[:k]
    ids = ids[np.argsort(-scores[ids], kind="stable")]
    ids = ids[scores[ids] > 0]
    return ids, scores[ids]
