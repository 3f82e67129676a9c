"""Hybrid retrieval: BM25 and dense legs over one clause per group of copies, fused, boosted for named cities,
filtered and de-duplicated."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np

from search.config import Settings
from search.errors import UnknownFilterError
from search.index.dense import search_dense
from search.index.embedding import Encoder
from search.index.lexical import top_positive
from search.index.store import SearchIndex
from search.normalize import bigram_overlap, bigrams
from search.records import Clause, Filters, Hit
from search.retrieve.copies import CopyGroups
from search.retrieve.fusion import make_fusion
from search.retrieve.highlight import highlight_spans
from search.retrieve.query import ParsedQuery, parse_query

MODES = ("hybrid", "lexical", "dense")
DUPLICATE_OVERLAP = 0.85  # share of character bigrams two clauses must share to count as one measure
UNMATCHED_WORDS = (
    "none of the query's words occur in the corpus; results are ranked by meaning only (查询词均未出现在语料中)"
)


@dataclass
class SearchResult:
    query: ParsedQuery
    hits: list[Hit]
    expansions: list[str] = field(default_factory=list)
    query_vector: np.ndarray | None = None

    @property
    def warnings(self) -> list[str]:
        return self.query.warnings


class Searcher:
    """One per index and encoder; cheap to call many times."""

    def __init__(self, index: SearchIndex, encoder: Encoder, settings: Settings) -> None:
        if index.manifest["encoder"]["id"] != encoder.id:
            raise ValueError(f"index was built with {index.manifest['encoder']['id']}, not {encoder.id}")
        self.index = index
        self.encoder = encoder
        self.settings = settings
        self.fusion = make_fusion(settings)
        self.indexed_clauses: list[Clause] = [index.clauses[i] for i in index.indexed]
        self._doc_dates = {d.doc_id: d.meta.date for d in index.documents}
        self._doc_types = {d.doc_id: d.meta.doc_type for d in index.documents}
        self._bigrams = [bigrams(c.text) for c in self.indexed_clauses]
        self._cities = sorted({c.city for c in self.indexed_clauses if c.city})  # read by every query
        self.copies = CopyGroups(index.groups, self.indexed_clauses)
        self._positions = {c.id: i for i, c in enumerate(self.indexed_clauses)}

    # -- what the corpus offers, for filter widgets and error messages
    def cities(self) -> list[str]:
        return list(self._cities)

    def city_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for clause in self.indexed_clauses:
            if clause.city:
                counts[clause.city] = counts.get(clause.city, 0) + 1
        return dict(sorted(counts.items()))

    def doc_types(self) -> list[str]:
        return sorted({t for t in self._doc_types.values() if t})

    def validate(self, filters: Filters) -> None:
        """Raise UnknownFilterError naming the bad value and listing the known ones."""
        _check("city", filters.cities, self.cities())
        titles = {d.display_title for d in self.index.documents} | {d.doc_id for d in self.index.documents}
        _check("document", filters.documents, sorted(titles))
        _check("document type", filters.doc_types, self.doc_types())
        for name, value in (("date_from", filters.date_from), ("date_to", filters.date_to)):
            if value and not _is_iso_date(value):
                raise UnknownFilterError(f"{name} must be a date like 2021-04-02, not {value!r}")

    def _mask(self, filters: Filters) -> np.ndarray | None:
        if not filters.active():
            return None
        self.validate(filters)
        docs = set(filters.documents)
        keep = []
        for clause in self.indexed_clauses:
            date = self._doc_dates.get(clause.doc_id)
            keep.append(
                (not filters.cities or clause.city in filters.cities)
                and (not docs or clause.doc_id in docs or clause.doc_title in docs)
                and (not filters.doc_types or self._doc_types.get(clause.doc_id) in filters.doc_types)
                and (not filters.date_from or (date is not None and date >= filters.date_from))
                and (not filters.date_to or (date is not None and date <= filters.date_to))
            )
        return np.array(keep, dtype=bool)

    def search(
        self, query: str, filters: Filters | None = None, top_k: int | None = None, mode: str = "hybrid"
    ) -> SearchResult:
        filters = filters or Filters()
        top_k = self.settings.top_k if top_k is None else top_k
        if top_k < 1:
            raise UnknownFilterError(f"top-k must be at least 1, not {top_k}")
        parsed = parse_query(query, self._cities, self.settings.max_query_chars)
        mask = self.copies.leaders(self._mask(filters), self._in_cities(parsed.cities) if not filters.cities else None)
        query_vector = self.encoder.encode_queries([parsed.text])[0] if mode != "lexical" else None
        expansions: list[str] = []
        legs: list[tuple[np.ndarray, np.ndarray]] = []
        if mode in ("hybrid", "lexical"):
            # A named city is handled by the boost; as a word it would match every clause of that city.
            tokens = [t for t in parsed.tokens if t not in parsed.cities] or parsed.tokens
            if not parsed.chinese and query_vector is not None:
                expansions = self._expansions(query_vector)
                tokens = tokens + expansions
            if not any(t in self.index.lexical.vocabulary for t in tokens):
                parsed.warnings.append(UNMATCHED_WORDS)
            legs.append(self._lexical(tokens, mask))
        else:
            legs.append((np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)))
        if mode in ("hybrid", "dense"):
            legs.append(self._dense(query_vector, mask))
        else:
            legs.append((np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)))
        fused = self.fusion.fuse(legs)
        if parsed.cities and not filters.cities:
            # Proportional, so a named city's relevant clauses rise without its unrelated ones crowding out
            # other cities' strong matches.
            for position in fused:
                if self.indexed_clauses[position].city in parsed.cities:
                    fused[position] *= 1 + self.settings.city_boost
        ordered = sorted(fused, key=lambda p: (-fused[p], p))
        highlight_terms = parsed.tokens + expansions
        hits: list[Hit] = []
        kept_positions: list[int] = []
        for position in ordered:
            if any(self._same_measure(position, other) for other in kept_positions):
                continue
            kept_positions.append(position)
            hits.append(self._hit(position, len(hits) + 1, fused[position], highlight_terms))
            if len(hits) == top_k:
                break
        return SearchResult(parsed, hits, expansions, query_vector)

    def _hit(self, position: int, rank: int, score: float, terms: list[str]) -> Hit:
        clause = self.indexed_clauses[position]
        also_in, copies = self.copies.also_in(position)
        return Hit(rank, score, clause, highlight_spans(clause.text, terms), also_in, copies)

    def with_copies(self, result: SearchResult, filters: Filters | None = None) -> list[Hit]:
        """The hits, each followed by its copies in other cities (one per city, within the filters): a hit
        stands for its whole group, but an answer or a comparison quotes every city from its own document."""
        allowed = self._mask(filters or Filters())
        terms = result.query.tokens + result.expansions
        out: list[Hit] = []
        for hit in result.hits:
            out.append(hit)
            position = self._positions[hit.clause.id]
            for copy in self.copies.in_other_cities(position, allowed):
                out.append(self._hit(copy, hit.rank, hit.score, terms))
        return out

    def _in_cities(self, cities: list[str]) -> np.ndarray | None:
        """Clauses of the cities a query names: their copy leads its group, so the city boost reaches it."""
        if not cities or not self.copies.any:
            return None
        return np.array([c.city in cities for c in self.indexed_clauses], dtype=bool)

    def _lexical(self, tokens: list[str], mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if mask is None:
            return self.index.lexical.top(tokens, self.settings.candidates)
        return top_positive(self.index.lexical.scores(tokens) * mask, self.settings.candidates)

    def _dense(self, vector: np.ndarray, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        return search_dense(self.index.dense, vector, self.settings.candidates, self.settings, allowed=mask)

    def _expansions(self, vector: np.ndarray) -> list[str]:
        """Corpus terms whose embeddings lie nearest the query: lets BM25 help an English query."""
        if not len(self.index.terms):
            return []
        similarity = self.index.term_vectors @ vector
        best = np.argsort(-similarity)[: self.settings.expansion_terms]
        cutoff = self.index.calibration.expansion_min_similarity  # the encoder's own scale
        return [self.index.terms[i] for i in best if similarity[i] >= cutoff]

    def _same_measure(self, a: int, b: int) -> bool:
        return bigram_overlap(self._bigrams[a], self._bigrams[b]) >= DUPLICATE_OVERLAP


def _check(name: str, values: list[str], known: list[str]) -> None:
    unknown = [v for v in values if v not in known]
    if unknown:
        raise UnknownFilterError(
            f"unknown {name} {', '.join(map(repr, unknown))}; known: {', '.join(known) or '(none)'}"
        )


def _is_iso_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True
