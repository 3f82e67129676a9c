"""Hybrid retrieval: BM25, dense and (for queries not in Chinese) cross-lingual legs over one clause per group of
copies, fused, boosted for named cities, filtered and de-duplicated."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
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
from search.ingest.facts.gazetteer import short_province
from search.normalize import bigram_overlap, bigrams, compact
from search.records import Clause, Filters, Hit, Sort, Validity
from search.retrieve.blas_threads import one_blas_thread
from search.retrieve.constraints import RowConstraints
from search.retrieve.copies import CopyGroups
from search.retrieve.date_order import date_keys
from search.retrieve.fusion import make_fusion
from search.retrieve.highlight import highlight_spans
from search.retrieve.query import ParsedQuery, city_romanisation, parse_query, unranked_query
from search.retrieve.query_syntax import QuerySyntax, parse_syntax
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
    query: ParsedQuery  # what was ranked: the free text with the phrases' and alternatives' words
    hits: list[Hit]
    syntax: QuerySyntax  # the query's operators as read
    expansions: list[str] = field(default_factory=list)
    query_vector: np.ndarray | None = None  # the dense leg's; None when it was not searched
    translation: Translation | None = None  # how an English query was rendered in Chinese
    why_empty: str | None = None  # for no hits under constraints, which one left nothing

    @property
    def warnings(self) -> list[str]:
        return self.syntax.notes + self.query.warnings

    @property
    def marked(self) -> tuple[list[str], list[str]]:
        """What hits highlight: the ranked words with their expansions, and each phrase or alternative whole."""
        whole = self.syntax.phrases + [term for group in self.syntax.any_of for term in group]
        return self.query.tokens + self.expansions, [compact(term) for term in whole]

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
        self.copy_groups = CopyGroups(
            index.groups.leaders, index.facets, [self._metas[i].dated for i in index.facets.doc_ids]
        )
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
        # 方案 is every type holding it: 实施方案 too
        _check("document type", [t for t in filters.doc_types if not self._types_holding(t)], [], self.facets.doc_types)
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

    def is_report(self, doc_id: str) -> bool:
        """A news item or explainer titled by the document it reports: shown as such, so it is not taken for it."""
        meta = self._metas.get(doc_id)
        return bool(meta and meta.reported)

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

    def _types_holding(self, value: str) -> list[str]:
        return [t for t in self.facets.doc_types if value in t]

    def _filtered(self, filters: Filters, syntax: QuerySyntax) -> np.ndarray | None:
        """The rows within the filters and the query's fields, which bind together (None: every row)."""
        fields = syntax.field_filters
        if fields.active():
            known = {"city": self.facets.cities, "province": self.facets.provinces, "doc": self._documents}
            fields.cities = [_city_name(c, self.facets.cities) for c in fields.cities]
            for name, values in (("city", fields.cities), ("province", fields.provinces), ("doc", fields.documents)):
                _check_field(name, [v for v in values if v not in known[name]], known[name])
            _check_field("type", [t for t in fields.doc_types if not self._types_holding(t)], self.facets.doc_types)
        masks = [mask for mask in (self._mask(filters), self._mask(fields)) if mask is not None]
        return np.logical_and.reduce(masks) if masks else None

    def search(
        self,
        query: str,
        filters: Filters | None = None,
        top_k: int | None = None,
        mode: str = "hybrid",
        sort: Sort = Sort.RELEVANCE,
    ) -> SearchResult:
        with one_blas_thread():
            return self._search(query, filters or Filters(), top_k, mode, Sort(sort))

    def _search(self, query: str, filters: Filters, top_k: int | None, mode: str, sort: Sort) -> SearchResult:
        top_k = self.settings.top_k if top_k is None else top_k
        if top_k < 1:
            raise UnknownFilterError(f"top-k must be at least 1, not {top_k}")
        syntax = parse_syntax(query)
        constraints = self._constraints(syntax, filters)
        if syntax.only_constraints:
            result = self._listed(constraints, top_k, sort)
        else:
            result = self._ranked(constraints, top_k, mode, bool(filters.cities or syntax.field_filters.cities))
            if sort is not Sort.RELEVANCE:
                result.hits = self._by_date(result.hits, sort)
        if filters.in_force:
            result.query.warnings.extend(self._none_in_force())
        if not result.hits and syntax.constrained:
            result.why_empty = constraints.why_empty()
        return result

    def _constraints(self, syntax: QuerySyntax, filters: Filters) -> RowConstraints:
        return RowConstraints(syntax, self.index.phrases, self._filtered(filters, syntax))

    def _ranked(self, constraints: RowConstraints, top_k: int, mode: str, city_filtered: bool) -> SearchResult:
        """The hybrid's best hits of the free text within the constraints (a city it names boosted, unless a
        city filter binds)."""
        parsed = parse_query(constraints.syntax.ranked, self.facets.cities, self.settings.max_query_chars)
        named = self._in_cities(parsed.cities) if not city_filtered else None
        translation = None if parsed.chinese else self._translate(parsed)
        wanted = mode == "crosslingual" or (mode == "hybrid" and not parsed.chinese)
        crosslingual = self.crosslingual if wanted or translation is not None else None
        query_vector = crosslingual_vector = None
        if translation is not None:
            query_vector, crosslingual_vector = self._render(parsed, translation, crosslingual, dense=mode == "dense")
        elif mode in ("hybrid", "dense"):
            query_vector = self.encoder.encode_queries([parsed.text])[0]
        if wanted and crosslingual is not None and crosslingual_vector is None:
            crosslingual_vector = crosslingual.encode_queries([parsed.text])[0]
        vectors = (
            query_vector if mode in ("hybrid", "dense") else None,
            crosslingual_vector if wanted and crosslingual is not None else None,
        )
        expansions = [t for c in translation.concepts for t in c.terms] if translation else []
        scores = self._lexical_scores(parsed, translation) if mode in ("hybrid", "lexical") else None
        result = SearchResult(parsed, [], constraints.syntax, expansions, query_vector, translation)
        allowed = constraints.allowed
        while True:
            fused = self._fused(scores, vectors, self.copy_groups.leaders(allowed, named), translation is not None)
            if parsed.cities and not city_filtered:
                # Proportional, so a named city's relevant clauses rise without its unrelated ones crowding out
                # other cities' strong matches.
                named_codes = set(self.facets.city_codes(parsed.cities).tolist())
                for position in fused:
                    if int(self.facets.city_of_row[position]) in named_codes:
                        fused[position] *= 1 + self.settings.city_boost
            ordered = sorted(fused, key=lambda p: (-fused[p], p))
            result.hits, refused = self._distinct_hits(ordered, fused, top_k, result, constraints)
            if len(result.hits) == top_k or not refused:
                return result
            allowed = self._without_refused(allowed, refused, constraints)  # and searched again

    def _lexical_scores(self, parsed: ParsedQuery, translation: Translation | None) -> np.ndarray:
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
        return scores

    def _fused(
        self,
        scores: np.ndarray | None,
        vectors: tuple[np.ndarray | None, np.ndarray | None],
        mask: np.ndarray | None,
        english: bool,
    ) -> dict[int, float]:
        """Each leg's candidates within `mask` (lexical, dense, cross-lingual; a leg not searched gives none), fused."""
        empty = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32))
        dense, crosslingual = vectors
        lexical = scores if mask is None or scores is None else scores * mask
        legs = [
            empty if lexical is None else top_positive(lexical, self.settings.candidates),
            empty if dense is None else self._dense(dense, mask),
            empty if crosslingual is None else self._dense(crosslingual, mask, crosslingual=True),
        ]
        return (self.fusion_english if english else self.fusion).fuse(legs)

    def _listed(self, constraints: RowConstraints, top_k: int, sort: Sort) -> SearchResult:
        """A query of constraints only (`"保税维修"`, `city:上海 year:2022`): the clauses that meet them, newest
        first (oldest first when asked), in corpus order within a day."""
        result = SearchResult(unranked_query(constraints.syntax.ranked), [], constraints.syntax)
        allowed = constraints.allowed
        while True:
            lead = self.copy_groups.leaders(allowed)
            rows = np.flatnonzero(lead) if lead is not None else np.arange(len(self.facets.doc_of_row))
            order = rows[np.argsort(date_keys(self.facets, rows, sort), kind="stable")]
            result.hits, refused = self._distinct_hits(order.tolist(), defaultdict(float), top_k, result, constraints)
            if len(result.hits) == top_k or not refused:
                return result
            allowed = self._without_refused(allowed, refused, constraints)

    def _without_refused(self, allowed: np.ndarray, refused: list[int], constraints: RowConstraints) -> np.ndarray:
        """The allowed rows less those that hold a phrase's bigrams but not the phrase: the refused rows and
        their copies that fail too, confirmed at once (300 copies of a plan would otherwise come up one by one,
        each a search of its own), so another copy that holds it may lead its group."""
        members = np.concatenate([self.copy_groups.members(row) for row in refused])
        members = members[allowed[members]]
        allowed = allowed.copy()
        allowed[members[~constraints.admits(members.tolist())]] = False
        return allowed

    def _by_date(self, hits: list[Hit], sort: Sort) -> list[Hit]:
        """The hits by the date their documents bear (undated last), relevance order kept within a day."""
        rows = np.array([hit.row for hit in hits], dtype=np.int64)
        order = np.argsort(date_keys(self.facets, rows, sort), kind="stable")
        return [replace(hits[n], rank=rank) for rank, n in enumerate(order.tolist(), 1)]

    def _distinct_hits(
        self,
        ordered: list[int],
        scores: Mapping[int, float],
        top_k: int,
        result: SearchResult,
        constraints: RowConstraints,
    ) -> tuple[list[Hit], list[int]]:
        """The best `top_k` candidates, one per measure, clause records fetched page by page as needed; and the
        rows refused for holding a phrase's bigrams without the phrase."""
        hits: list[Hit] = []
        kept: list[set[str]] = []
        refused: list[int] = []
        page = max(2 * top_k, 20)
        for start in range(0, len(ordered), page):
            rows = ordered[start : start + page]
            if constraints.confirms:
                admitted = constraints.admits(rows).tolist()
                refused += [row for row, ok in zip(rows, admitted, strict=True) if not ok]
                rows = [row for row, ok in zip(rows, admitted, strict=True) if ok]
            clauses = self.index.clauses.by_rows(rows)
            for row in rows:
                clause = clauses[row]
                grams = bigrams(clause.text)
                if any(bigram_overlap(grams, other) >= SAME_MEASURE_OVERLAP for other in kept):
                    continue
                kept.append(grams)
                hits.append(self._hit(row, clause, len(hits) + 1, scores[row], result.marked))
                if len(hits) == top_k:
                    return hits, refused
        return hits, refused

    def _hit(self, row: int, clause: Clause, rank: int, score: float, marked: tuple[list[str], list[str]]) -> Hit:
        also_in, copy_count = self.copy_groups.also_in(row)
        spans = highlight_spans(clause.text, *marked)
        doc_id = clause.doc_id
        meta = self._metas.get(doc_id)
        return Hit(
            rank,
            score,
            clause,
            spans,
            also_in,
            copy_count,
            row,
            self.validity(doc_id),
            self.is_upload(doc_id),
            meta.dated if meta else None,
            self.copy_groups.adopted(row),
            self.is_report(doc_id),
        )

    def with_copies(self, result: SearchResult, filters: Filters | None = None) -> list[Hit]:
        """The hits, each followed by its copies in cities not yet quoted by a copy (one per city, within the
        filters and the query's constraints): a hit stands for its whole group, but an answer or a comparison
        quotes every city from its own document. One copy per city across all hits keeps this proportional to the
        cities, not to hits x copies (a provision 130 cities share would otherwise add 130 copies for each of 30
        hits)."""
        constraints = self._constraints(result.syntax, filters or Filters())
        copied: set[int] = set()
        copies: dict[int, list[int]] = {}
        for hit in result.hits:
            rows = self.copy_groups.in_other_cities(hit.row, constraints.allowed)
            if constraints.confirms and rows:  # a near copy may lack the phrase its leader holds
                rows = [row for row, ok in zip(rows, constraints.admits(rows).tolist(), strict=True) if ok]
            fresh = [row for row in rows if self._city(row) not in copied]
            copied.update(self._city(row) for row in fresh)
            copies[hit.row] = fresh
        clauses = self.index.clauses.by_rows(row for rows in copies.values() for row in rows)
        out: list[Hit] = []
        for hit in result.hits:
            out.append(hit)
            out.extend(self._hit(row, clauses[row], hit.rank, hit.score, result.marked) for row in copies[hit.row])
        return out

    def _city(self, row: int) -> int:
        return int(self.facets.city_of_row[row])

    def _in_cities(self, cities: list[str]) -> np.ndarray | None:
        """Rows of the cities a query names: their copy leads its group, so the city boost reaches it."""
        if not cities or not self.copy_groups.any:
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
            terms, scale = self.index.vocabulary.crosslingual, CROSSLINGUAL_SCALE
        else:
            vectors = self.encoder.encode_queries([_rendering(translation, parsed), *phrases])
            dense_vector, crosslingual_vector = vectors[0], None
            terms, scale = self.index.vocabulary.vectors, e5_scale(self.index.calibration)
        nearest = nearest_concepts(phrases, vectors[1:], self.index.vocabulary.terms, terms, scale)
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
        leg = self.index.crosslingual if crosslingual else self.index.dense
        assert leg is not None  # the cross-lingual leg is searched only when the index has it
        if mask is None:
            return search_dense(leg.index, vector, self.settings.candidates, self.settings)
        return search_selected(leg.index, leg.vectors, vector, mask, self.settings.candidates, self.settings)


def _rendering(translation: Translation, parsed: ParsedQuery) -> str:
    """The glossary's rendering, '支持 保税维修': a loose neighbour would pull the vector away from it."""
    return " ".join(c.terms[0] for c in translation.concepts if c.source == "glossary") or parsed.text


def _check(name: str, values: list[str], known: list[str], listed: list[str] | None = None) -> None:
    """Unknown values (those of `values` not `known`) refused, the `listed` ones (default: `known`) named."""
    unknown = [v for v in values if v not in known]
    if unknown:
        listed = known if listed is None else listed
        raise UnknownFilterError(
            f"unknown {name} {', '.join(map(repr, unknown))}; known: {', '.join(listed) or '(none)'}"
        )


# How a field names what it restricts, for the message about an unknown value.
_FIELD_KINDS = {"city": "cities", "province": "provinces", "type": "document types", "doc": "documents"}
_NAMED = 12  # known values named in that message; a library of 300 cities gets the count and the first few


def _check_field(name: str, unknown: list[str], known: list[str]) -> None:
    """A field's value the library lacks, refused with the known values' count: `city:火星 matches none of the
    library's 5 cities (上海, 大同, …)`."""
    if not unknown:
        return
    shown = ", ".join(known[:_NAMED]) + (", …" if len(known) > _NAMED else "")
    how = "is contained in no" if name == "type" else "matches none of the"
    raise UnknownFilterError(
        f"{name}:{unknown[0]} {how} library's {len(known)} {_FIELD_KINDS[name]}"
        + (f" ({shown})" if name != "doc" else " (listed by `documents`)")
    )


def _city_name(value: str, cities: list[str]) -> str:
    """`宜昌市` as 宜昌 when the library has 宜昌."""
    return value[:-1] if value not in cities and value.endswith("市") and value[:-1] in cities else value


def _is_iso_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True
