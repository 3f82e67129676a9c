"""Hybrid retrieval: BM25, dense and (for queries not in Chinese) cross-lingual legs over one clause per group of
copies, fused, boosted for named cities, filtered and de-duplicated."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from search.config import Settings
from search.errors import UnknownFilterError
from search.index.crosslingual import CrossLingualEncoder, crosslingual_id, load_crosslingual
from search.index.dense import search_dense, search_selected
from search.index.embedding import Encoder
from search.index.lexical import top_positive
from search.index.store import SearchIndex
from search.index.tokenization import tokenize_normalized
from search.ingest.gazetteer import short_province
from search.normalize import bigram_overlap, bigrams
from search.records import Clause, Filters, Hit, Validity
from search.retrieve.blas_threads import one_blas_thread
from search.retrieve.copies import CopyGroups
from search.retrieve.fusion import make_fusion
from search.retrieve.highlight import highlight_spans
from search.retrieve.query import ParsedQuery, city_romanisation, parse_query
from search.retrieve.romanised_terms import RomanisedTerms
from search.retrieve.term_neighbours import CROSSLINGUAL_SCALE, e5_scale, nearest_concepts
from search.retrieve.translation import Translation, load_glossary
from search.validity_rules import EXPIRED, NOT_YET_IN_FORCE, REPEALED, UNKNOWN, validity_status

# "crosslingual" is the third leg alone, for any query: a baseline for the evaluation.
MODES = ("hybrid", "lexical", "dense", "crosslingual")
# Share of character bigrams two hit clauses must share to count as one measure (answering has its own,
# different threshold for sentences).
SAME_MEASURE_OVERLAP = 0.85
UNMATCHED_WORDS = (
    "none of the query's words occur in the corpus; results are ranked by meaning only (查询词均未出现在语料中)"
)


@dataclass
class SearchResult:
    query: ParsedQuery
    hits: list[Hit]
    expansions: list[str] = field(default_factory=list)
    query_vector: np.ndarray | None = None  # the dense leg's; None when it was not searched
    translation: Translation | None = None  # how an English query was rendered in Chinese

    @property
    def warnings(self) -> list[str]:
        return self.query.warnings

    @property
    def translated_query(self) -> str | None:
        """'支持/扶持 保税维修': shown as "searched as", so a user can spot a wrong rendering and rephrase."""
        return self.translation.text if self.translation is not None else None


class Searcher:
    """One per index and encoder; cheap to call many times."""

    def __init__(self, index: SearchIndex, encoder: Encoder, settings: Settings) -> None:
        if index.manifest.encoder.id != encoder.id:
            raise ValueError(f"index was built with {index.manifest.encoder.id}, not {encoder.id}")
        self.index = index
        self.encoder = encoder
        self.settings = settings
        self.fusion = make_fusion(settings)
        self.fusion_english = make_fusion(settings, english=True)
        self.glossary = load_glossary()
        self.facets = index.facets
        self._city_counts = index.facets.city_counts()  # read by every page of the app
        self._documents = sorted(set(index.facets.doc_titles) | set(index.facets.doc_ids))
        self._metas = {d.doc_id: d.meta for d in index.documents}
        self.copies = CopyGroups(index.groups, index.facets, [self._metas[i].dated for i in index.facets.doc_ids])
        # The leg needs vectors built by the encoder the settings name; an index built without them has no leg.
        built = index.manifest.crosslingual.id
        self._has_crosslingual = (
            index.crosslingual is not None and crosslingual_id(settings.crosslingual_model) == built
        )

    @property
    def crosslingual(self) -> CrossLingualEncoder | None:
        """The cross-lingual encoder, loaded by the first query that needs it (about 3 s, once per process): a
        process that is asked only in Chinese never loads it."""
        return load_crosslingual(self.settings.crosslingual_model) if self._has_crosslingual else None

    @cached_property
    def romanised(self) -> RomanisedTerms:
        """The corpus's words by their pinyin, made by the first English query that leaves a word unrendered
        (or a server's warm-up)."""
        return RomanisedTerms(self.index.lexical.vocabulary)

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
        _check("province", [short_province(p) for p in filters.provinces], self.facets.provinces)
        _check("document", filters.documents, self._documents)
        _check("document type", filters.doc_types, self.facets.doc_types)
        for name, value in (("date_from", filters.date_from), ("date_to", filters.date_to)):
            if value and not _is_iso_date(value):
                raise UnknownFilterError(f"{name} must be a date like 2021-04-02, not {value!r}")

    def today(self) -> datetime.date:
        """The day validity is judged on: the settings' `today`, else the calendar's (read per search: a
        long-running app crosses midnight)."""
        if not self.settings.today:
            return datetime.date.today()
        if not _is_iso_date(self.settings.today):
            raise UnknownFilterError(f"POLICY_SEARCH_TODAY must be a date like 2026-01-31, not {self.settings.today!r}")
        return datetime.date.fromisoformat(self.settings.today)

    def validity(self, doc_id: str) -> Validity | None:
        meta = self._metas.get(doc_id)
        return validity_status(meta, self.today(), self.index.lineage.supersession(doc_id)) if meta else None

    def is_upload(self, doc_id: str) -> bool:
        """Added by a visitor through the app: shown as such, so a test file is never taken for a city's policy."""
        meta = self._metas.get(doc_id)
        return bool(meta and meta.uploaded)

    def _none_in_force(self) -> list[str]:
        """Why an in-force search finds nothing when no document is in force: most policies state no effective
        date or end, so a user should learn that, not conclude the library has no such provision."""
        day = self.today()
        if self.facets.in_force(day).any():
            return []
        lineage = self.index.lineage
        statuses = Counter(validity_status(m, day, lineage.supersession(i)).status for i, m in self._metas.items())
        return [
            f"no document is in force on {day.isoformat()} (无现行有效文件): {statuses[EXPIRED]} expired, "
            f"{statuses[REPEALED]} repealed, {statuses[NOT_YET_IN_FORCE]} not yet in force, "
            f"{statuses[UNKNOWN]} of unknown validity (no effective date or end stated); "
            "search without the in-force filter to see them"
        ]

    def _mask(self, filters: Filters) -> np.ndarray | None:
        if not filters.active():
            return None
        self.validate(filters)
        return self.facets.mask(filters, self.today())

    def search(
        self, query: str, filters: Filters | None = None, top_k: int | None = None, mode: str = "hybrid"
    ) -> SearchResult:
        with one_blas_thread():
            return self._search(query, filters, top_k, mode)

    def _search(self, query: str, filters: Filters | None, top_k: int | None, mode: str) -> SearchResult:
        filters = filters or Filters()
        top_k = self.settings.top_k if top_k is None else top_k
        if top_k < 1:
            raise UnknownFilterError(f"top-k must be at least 1, not {top_k}")
        parsed = parse_query(query, self.facets.cities, self.settings.max_query_chars)
        named = self._in_cities(parsed.cities) if not filters.cities else None
        mask = self.copies.leaders(self._mask(filters), named)
        if filters.in_force:
            parsed.warnings.extend(self._none_in_force())
        translation = None if parsed.chinese else self._translate(parsed)
        wanted = mode == "crosslingual" or (mode == "hybrid" and not parsed.chinese)
        crosslingual = self.crosslingual if wanted or translation is not None else None
        query_vector = crosslingual_vector = None
        if translation is not None:
            query_vector, crosslingual_vector = self._render(parsed, translation, crosslingual, dense=mode == "dense")
        elif mode in ("hybrid", "dense"):
            query_vector = self.encoder.encode_queries([parsed.text])[0]
        expansions = [t for c in translation.concepts for t in c.terms] if translation else []
        legs: list[tuple[np.ndarray, np.ndarray]] = []
        if mode in ("hybrid", "lexical"):
            # A named city is handled by the boost; as a word it would match every clause of that city.
            tokens = [t for t in parsed.tokens if t not in parsed.cities] or parsed.tokens
            if translation is None:
                scores = self.index.lexical.scores(tokens)
            else:
                # Words the corpus itself uses count as they are: CMMI, or 大同 in a mixed query.
                tokens = [t for t in tokens if t in self.index.lexical.vocabulary]
                scores = self._translated_scores(translation, tokens)
            if not scores.any():
                parsed.warnings.append(UNMATCHED_WORDS)
            legs.append(top_positive(scores if mask is None else scores * mask, self.settings.candidates))
        else:
            legs.append((np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)))
        if mode in ("hybrid", "dense") and query_vector is not None:
            legs.append(self._dense(query_vector, mask))
        else:
            legs.append((np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)))
        if wanted and crosslingual is not None:
            if crosslingual_vector is None:
                crosslingual_vector = crosslingual.encode_queries([parsed.text])[0]
            legs.append(self._dense(crosslingual_vector, mask, crosslingual=True))
        else:
            legs.append((np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)))
        fused = (self.fusion if translation is None else self.fusion_english).fuse(legs)
        if parsed.cities and not filters.cities:
            # Proportional, so a named city's relevant clauses rise without its unrelated ones crowding out
            # other cities' strong matches.
            named = set(self.facets.city_codes(parsed.cities).tolist())
            for position in fused:
                if int(self.facets.city_of_row[position]) in named:
                    fused[position] *= 1 + self.settings.city_boost
        ordered = sorted(fused, key=lambda p: (-fused[p], p))
        hits = self._distinct_hits(ordered, fused, top_k, parsed.tokens + expansions)
        return SearchResult(parsed, hits, expansions, query_vector, translation)

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
                if any(bigram_overlap(grams, other) >= SAME_MEASURE_OVERLAP for other in kept):
                    continue
                kept.append(grams)
                hits.append(self._hit(row, clause, len(hits) + 1, scores[row], terms))
                if len(hits) == top_k:
                    return hits
        return hits

    def _hit(self, row: int, clause: Clause, rank: int, score: float, terms: list[str]) -> Hit:
        also_in, copies = self.copies.also_in(row)
        spans = highlight_spans(clause.text, terms)
        doc_id = clause.doc_id
        validity, uploaded = self.validity(doc_id), self.is_upload(doc_id)
        return Hit(rank, score, clause, spans, also_in, copies, row, validity, uploaded, self.copies.adopted(row))

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

    def _translate(self, parsed: ParsedQuery) -> Translation:
        return self.glossary.translate(parsed.text, skip=frozenset(city_romanisation(c) for c in parsed.cities))

    def _render(
        self, parsed: ParsedQuery, translation: Translation, crosslingual: CrossLingualEncoder | None, dense: bool
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Completes the translation with the nearest corpus terms of the phrases the glossary lacks, then with the
        corpus words that what is still unrendered spells in pinyin, and returns the query's vectors: (dense,
        cross-lingual).

        With the cross-lingual leg, one call of its encoder (2 ms) embeds the query and those phrases, and the
        dense leg is not searched: on the English sets it changed no hit@5 and cost most of a query's time (e5
        embedding the rendering, 15-40 ms). Without the leg, e5 embeds the Chinese rendering, which finds the
        clause far more often than the English (dev set: hit@5 0.58 against 0.25), and the phrases."""
        phrases = translation.unmatched
        if crosslingual is not None:
            vectors = crosslingual.encode_queries([parsed.text, *phrases])
            dense_vector = self.rendering_vector(translation, parsed) if dense else None
            crosslingual_vector = vectors[0]
            terms, scale = self.index.crosslingual_terms, CROSSLINGUAL_SCALE
        else:
            vectors = self.encoder.encode_queries([_rendering(translation, parsed), *phrases])
            dense_vector, crosslingual_vector = vectors[0], None
            terms, scale = self.index.term_vectors, e5_scale(self.index.calibration)
        nearest = nearest_concepts(phrases, vectors[1:], self.index.terms, terms, scale)
        translation.concepts.extend(nearest)
        rendered = {c.phrase for c in nearest}
        translation.unrendered = [p for p in phrases if p not in rendered]
        if translation.unrendered:
            self.romanised.render(translation)
        return dense_vector, crosslingual_vector

    def rendering_vector(self, translation: Translation, parsed: ParsedQuery) -> np.ndarray:
        """The dense encoder's vector of an English query's Chinese rendering (the query itself if nothing was
        rendered): how close a clause is to it, for the dense leg and for an answer's evidence."""
        return self.encoder.encode_queries([_rendering(translation, parsed)])[0]

    def _translated_scores(self, translation: Translation, tokens: list[str]) -> np.ndarray:
        """BM25 of each concept's best-matching rendering, weighted: a phrase counts once however many Chinese
        alternatives it has, and a loose neighbour less than a glossary term."""
        lexical = self.index.lexical
        total = lexical.scores(tokens)
        for concept in translation.concepts:
            best = np.max([lexical.scores(tokenize_normalized(term)) for term in concept.terms], axis=0)
            total = total + concept.weight * best
        return total

    def _dense(
        self, vector: np.ndarray, mask: np.ndarray | None, crosslingual: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """The dense leg (e5 vectors), or with `crosslingual` the cross-lingual one: each has its FAISS index."""
        index = self.index.crosslingual_index if crosslingual else self.index.dense
        vectors = self.index.crosslingual if crosslingual else self.index.vectors
        if mask is None:
            return search_dense(index, vector, self.settings.candidates, self.settings)
        return search_selected(index, vectors, vector, mask, self.settings.candidates, self.settings)


def _rendering(translation: Translation, parsed: ParsedQuery) -> str:
    """The glossary's rendering, '支持 保税维修': a loose neighbour would pull the vector away from it."""
    return " ".join(c.terms[0] for c in translation.concepts if c.source == "glossary") or parsed.text


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
