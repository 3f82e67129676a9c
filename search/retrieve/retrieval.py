"""Hybrid retrieval: BM25, dense and (for queries not in Chinese) cross-lingual legs over one clause per group of
copies, fused, boosted for named cities, filtered and de-duplicated."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np

from search.config import Settings
from search.errors import UnknownFilterError
from search.index.crosslingual import load_crosslingual
from search.index.dense import exact_search, search_dense, search_selected
from search.index.embedding import Encoder
from search.index.lexical import top_positive
from search.index.store import SearchIndex
from search.normalize import bigram_overlap, bigrams
from search.records import Clause, Filters, Hit
from search.retrieve.copies import CopyGroups
from search.retrieve.fusion import make_fusion
from search.retrieve.highlight import highlight_spans
from search.retrieve.query import ParsedQuery, parse_query

# "crosslingual" is the third leg alone, for any query: a baseline for the evaluation.
MODES = ("hybrid", "lexical", "dense", "crosslingual")
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
        self.facets = index.facets
        self._city_counts = index.facets.city_counts()  # read by every page of the app
        self._documents = sorted(set(index.facets.doc_titles) | set(index.facets.doc_ids))
        self.copies = CopyGroups(index.groups, index.facets)
        # The leg needs vectors built by the encoder the settings name; an index built without them has no leg.
        built = index.manifest["crosslingual"]["id"]
        crosslingual = load_crosslingual(settings.crosslingual_model) if index.crosslingual is not None else None
        self.crosslingual = crosslingual if crosslingual is not None and crosslingual.id == built else None

    # -- what the corpus offers, for filter widgets and error messages
    def cities(self) -> list[str]:
        return list(self.facets.cities)

    def city_counts(self) -> dict[str, int]:
        return dict(self._city_counts)

    def doc_types(self) -> list[str]:
        return list(self.facets.doc_types)

    def validate(self, filters: Filters) -> None:
        """Raise UnknownFilterError naming the bad value and listing the known ones."""
        _check("city", filters.cities, self.facets.cities)
        _check("document", filters.documents, self._documents)
        _check("document type", filters.doc_types, self.facets.doc_types)
        for name, value in (("date_from", filters.date_from), ("date_to", filters.date_to)):
            if value and not _is_iso_date(value):
                raise UnknownFilterError(f"{name} must be a date like 2021-04-02, not {value!r}")

    def _mask(self, filters: Filters) -> np.ndarray | None:
        if not filters.active():
            return None
        self.validate(filters)
        return self.facets.mask(filters)

    def search(
        self, query: str, filters: Filters | None = None, top_k: int | None = None, mode: str = "hybrid"
    ) -> SearchResult:
        filters = filters or Filters()
        top_k = self.settings.top_k if top_k is None else top_k
        if top_k < 1:
            raise UnknownFilterError(f"top-k must be at least 1, not {top_k}")
        parsed = parse_query(query, self.facets.cities, self.settings.max_query_chars)
        named = self._in_cities(parsed.cities) if not filters.cities else None
        mask = self.copies.leaders(self._mask(filters), named)
        query_vector = self.encoder.encode_queries([parsed.text])[0] if mode in ("hybrid", "dense") else None
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
        if self.crosslingual is not None and (mode == "crosslingual" or (mode == "hybrid" and not parsed.chinese)):
            vector = self.crosslingual.encode_queries([parsed.text])[0]
            legs.append(exact_search(self.index.crosslingual, vector, self.settings.candidates, mask))
        else:
            legs.append((np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)))
        fused = self.fusion.fuse(legs)
        if parsed.cities and not filters.cities:
            # Proportional, so a named city's relevant clauses rise without its unrelated ones crowding out
            # other cities' strong matches.
            named = set(self.facets.city_codes(parsed.cities).tolist())
            for position in fused:
                if int(self.facets.city_of_row[position]) in named:
                    fused[position] *= 1 + self.settings.city_boost
        ordered = sorted(fused, key=lambda p: (-fused[p], p))
        hits = self._distinct_hits(ordered, fused, top_k, parsed.tokens + expansions)
        return SearchResult(parsed, hits, expansions, query_vector)

    def _distinct_hits(self, ordered: list[int], scores: dict[int, float], top_k: int, terms: list[str]) -> list[Hit]:
        """The best `top_k` candidates, one per measure: clause records are fetched page by page, as needed."""
        hits: list[Hit] = []
        kept: list[set[str]] = []
        page = max(2 * top_k, 20)
        for start in range(0, len(ordered), page):
            rows = ordered[start : start + page]
            clauses = self.index.clauses.by_rows(rows)
            for row in rows:
                clause = clauses[row]
                grams = bigrams(clause.text)
                if any(bigram_overlap(grams, other) >= DUPLICATE_OVERLAP for other in kept):
                    continue
                kept.append(grams)
                hits.append(self._hit(row, clause, len(hits) + 1, scores[row], terms))
                if len(hits) == top_k:
                    return hits
        return hits

    def _hit(self, row: int, clause: Clause, rank: int, score: float, terms: list[str]) -> Hit:
        also_in, copies = self.copies.also_in(row)
        return Hit(rank, score, clause, highlight_spans(clause.text, terms), also_in, copies, row)

    def with_copies(self, result: SearchResult, filters: Filters | None = None) -> list[Hit]:
        """The hits, each followed by its copies in cities not yet quoted by a copy (one per city, within the
        filters): a hit stands for its whole group, but an answer or a comparison quotes every city from its own
        document. One copy per city across all hits keeps this proportional to the cities, not to hits x copies
        (a provision 130 cities share would otherwise add 130 copies for each of 30 hits)."""
        allowed = self._mask(filters or Filters())
        terms = result.query.tokens + result.expansions
        copied: set[int] = set()
        copies: dict[int, list[int]] = {}
        for hit in result.hits:
            fresh = [row for row in self.copies.in_other_cities(hit.row, allowed) if self._city(row) not in copied]
            copied.update(self._city(row) for row in fresh)
            copies[hit.row] = fresh
        clauses = self.index.clauses.by_rows(row for rows in copies.values() for row in rows)
        out: list[Hit] = []
        for hit in result.hits:
            out.append(hit)
            out.extend(self._hit(row, clauses[row], hit.rank, hit.score, terms) for row in copies[hit.row])
        return out

    def _city(self, row: int) -> int:
        return int(self.facets.city_of_row[row])

    def _in_cities(self, cities: list[str]) -> np.ndarray | None:
        """Rows of the cities a query names: their copy leads its group, so the city boost reaches it."""
        if not cities or not self.copies.any:
            return None
        return np.isin(self.facets.city_of_row, self.facets.city_codes(cities))

    def _lexical(self, tokens: list[str], mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if mask is None:
            return self.index.lexical.top(tokens, self.settings.candidates)
        return top_positive(self.index.lexical.scores(tokens) * mask, self.settings.candidates)

    def _dense(self, vector: np.ndarray, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if mask is None:
            return search_dense(self.index.dense, vector, self.settings.candidates, self.settings)
        return search_selected(
            self.index.dense, self.index.vectors, vector, mask, self.settings.candidates, self.settings
        )

    def _expansions(self, vector: np.ndarray) -> list[str]:
        """Corpus terms whose embeddings lie nearest the query: lets BM25 help an English query."""
        if not len(self.index.terms):
            return []
        similarity = self.index.term_vectors @ vector
        best = np.argsort(-similarity)[: self.settings.expansion_terms]
        cutoff = self.index.calibration.expansion_min_similarity  # the encoder's own scale
        return [self.index.terms[i] for i in best if similarity[i] >= cutoff]


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
