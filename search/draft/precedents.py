"""Candidate precedents for every clause of a draft, found as a search finds hits, all clauses at once.

A Chinese clause is its own query: its words on the lexical leg, its vector on the dense leg (one encoder call
for the whole draft, as passages, since a clause is compared with clauses), one clause per group of copies (as
in a search: a provision 300 cities share takes one place), fused with the search's weights. A clause in another
language goes through the search itself, whose cross-lingual leg finds Chinese clauses saying the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from search.config import Settings
from search.index.dense import search_dense, search_selected
from search.index.lexical import top_positive
from search.index.tokenization import tokenize_normalized
from search.normalize import normalize
from search.records import Clause, Filters
from search.retrieve.blas_threads import one_blas_thread
from search.retrieve.query import parse_query
from search.retrieve.retrieval import Searcher

NO_CANDIDATES = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32))


@dataclass
class Candidate:
    row: int  # the precedent's vector row
    clause: Clause
    similarity: float  # cosine of the two clauses' vectors (for a clause not in Chinese, cross-lingual ones)


@dataclass
class ClauseQuery:
    """A draft clause as the legs read it."""

    text: str
    terms: list[str]  # its words, as the library's clauses are tokenised
    chinese: bool


def clause_queries(clauses: list[Clause], settings: Settings) -> list[ClauseQuery]:
    queries = []
    for clause in clauses:
        parsed = parse_query(clause.text, [], max(len(clause.text), settings.max_query_chars))
        queries.append(ClauseQuery(clause.text, parsed.tokens, parsed.chinese))
    return queries


def find_candidates(searcher: Searcher, queries: list[ClauseQuery], filters: Filters) -> list[list[Candidate]]:
    """Each clause's `draft_candidates` best candidates, best first."""
    with one_blas_thread():
        searcher.validate(filters)
        allowed = searcher.facets.mask(filters, searcher.today()) if filters.active() else None
        leaders = searcher.copy_groups.leaders(allowed)
        chinese = [n for n, q in enumerate(queries) if q.chinese]
        vectors = searcher.encoder.encode_passages([normalize(queries[n].text) for n in chinese])
        found: list[list[tuple[int, float]]] = [[] for _ in queries]
        for n, vector in zip(chinese, vectors, strict=True):
            found[n] = _ranked(searcher, queries[n].terms, vector, leaders)
        for n, query in enumerate(queries):
            if not query.chinese:
                found[n] = _searched(searcher, query.text, filters)
        rows = {row for rows in found for row, _ in rows}
        clauses = searcher.index.clauses.by_rows(sorted(rows))
    return [[Candidate(row, clauses[row], similarity) for row, similarity in rows] for rows in found]


def _ranked(
    searcher: Searcher, terms: list[str], vector: np.ndarray, leaders: np.ndarray | None
) -> list[tuple[int, float]]:
    """(row, cosine) of the fused top candidates of one Chinese clause."""
    settings = searcher.settings
    scores = searcher.index.lexical.scores(terms)
    lexical = top_positive(scores if leaders is None else scores * leaders, settings.candidates)
    if leaders is None:
        dense = search_dense(searcher.index.dense.index, vector, settings.candidates, settings)
    else:
        dense = search_selected(
            searcher.index.dense.index, searcher.index.dense.vectors, vector, leaders, settings.candidates, settings
        )
    fused = searcher.fusion.fuse([lexical, dense, NO_CANDIDATES])
    best = sorted(fused, key=lambda row: (-fused[row], row))[: settings.draft_candidates]
    return [(row, float(searcher.index.dense.vectors[row] @ vector)) for row in best]


def _searched(searcher: Searcher, text: str, filters: Filters) -> list[tuple[int, float]]:
    """(row, cosine) of the search's hits for a clause not in Chinese: the cross-lingual encoder's cosine where the
    index has that leg, else e5's of the clause as a query."""
    hits = searcher.search(text, filters, top_k=searcher.settings.draft_candidates).hits
    crosslingual = searcher.crosslingual
    if crosslingual is not None and searcher.index.crosslingual is not None:
        vector, vectors = crosslingual.encode_queries([text])[0], searcher.index.crosslingual.vectors
    else:
        vector, vectors = searcher.encoder.encode_queries([text])[0], searcher.index.dense.vectors
    return [(hit.row, float(vectors[hit.row] @ vector)) for hit in hits]


@lru_cache(maxsize=8192)
def clause_terms(text: str) -> frozenset[str]:
    """A precedent's words, tokenised as its draft counterpart was. Kept: the clauses of a draft share most of
    their candidates, and jieba was half of a check's time beside the encoder."""
    return frozenset(tokenize_normalized(normalize(text)))
