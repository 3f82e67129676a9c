"""Extractive answers: quote the best sentences of the best clauses, grouped by city, each one cited.

A sentence is evidence when the question's words (weighted by rarity) appear in it and its clause is
close to the question in embedding space; below the threshold the answer is "no matching provision".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from search.answer.figures import asked_units, best_figure, is_quantity_question
from search.index.tokenization import is_content_term
from search.normalize import bigram_overlap, bigrams, compact, normalize
from search.records import Answer, AnswerPoint, Citation, CityAnswer, Clause, Filters
from search.retrieve.query import city_romanisation
from search.retrieve.retrieval import Searcher
from search.sentences import sentence_spans

CROSS_CITY = re.compile(r"如何|哪些|各地|各城市|各市|哪几个|which cities|what do cities|how do cities|cities", re.I)
# Words that shape a question but carry no topic.
QUESTION_WORDS = frozenset(
    [
        "城市",
        "各地",
        "各市",
        "地方",
        "哪些",
        "哪几个",
        "如何",
        "怎样",
        "多少",
        "多久",
        "目标",
        "是",
        "要",
        "提出",
        "有",
        "cities",
        "city",
        "which",
        "how",
        "what",
        "many",
        "much",
    ]
)
CANDIDATES = 20
MAX_POINTS_PER_CITY = 3
DUPLICATE_OVERLAP = 0.7
MIN_SENTENCE_CHARS = 8
# Evidence = lexical coverage of the question + dense closeness of the clause, each in [0, 1]; closeness is
# scaled by the index's calibration, the encoder's own cosine bounds.
LEXICAL_WEIGHT, DENSE_WEIGHT = 0.6, 0.4
RELEVANCE_THRESHOLD = 0.45
MIN_COVERAGE = 0.3  # some of the question's own words must be in the sentence, whatever the embedding says
CITY_RELATIVE = 0.6  # a city joins a cross-city answer when its best point is this close to the best city's
ENGLISH_TERMS_NEEDED = 2  # an English question maps to a few Chinese terms; two found is full coverage
NO_ANSWER = "no matching provision found"
NO_ANSWER_ZH = "未找到相关条款"
_DEPARTMENT_NOTE = re.compile(r"^[(（](牵头单位|责任单位|.*按职责分工负责)")


@dataclass
class Candidate:
    clause: Clause
    sentence: str
    coverage: float
    evidence: float


class Answerer:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._lexical = searcher.index.lexical
        self._calibration = searcher.index.calibration

    def idf(self, term: str) -> float:
        """Rarer terms weigh more; a term the corpus never uses weighs most."""
        return math.log(1 + (self._lexical.num_docs + 1) / (self._lexical.document_frequency(term) + 0.5))

    def answer(self, question: str, filters: Filters | None = None) -> Answer:
        result = self.searcher.search(question, filters, top_k=CANDIDATES)
        parsed = result.query
        terms = self._terms(parsed.tokens + result.expansions, parsed.cities)
        hits = self.searcher.with_copies(result, filters)  # each city quoted from its own copy of a provision
        candidates = self._candidates(hits, terms, result.query_vector, parsed.chinese)
        quantity = is_quantity_question(question)
        units = asked_units(question)
        if quantity:
            candidates = [c for c in candidates if best_figure(c.sentence, terms, units)] or []
        relevant = [c for c in candidates if c.evidence >= RELEVANCE_THRESHOLD and c.coverage >= MIN_COVERAGE]
        if parsed.cities:
            relevant = [c for c in relevant if c.clause.city in parsed.cities]
        english = not parsed.chinese
        if not relevant:
            return Answer(question, None, [], [], parsed.warnings, no_answer=NO_ANSWER if english else NO_ANSWER_ZH)
        cross_city = bool(CROSS_CITY.search(normalize(question))) and not parsed.cities
        groups = self._group(
            relevant, cross_city or not quantity, 1 if quantity and not cross_city else MAX_POINTS_PER_CITY
        )
        if quantity and not cross_city:
            groups = groups[:1]
        citations: list[Citation] = []
        by_city: list[CityAnswer] = []
        for city, chosen in groups:
            points = []
            for c in chosen:
                citation = Citation(
                    len(citations) + 1,
                    c.clause.city,
                    c.clause.doc_title,
                    c.clause.outline,
                    c.clause.id,
                    self.searcher.validity(c.clause.doc_id),
                )
                citations.append(citation)
                figure = best_figure(c.sentence, terms, units) if quantity else None
                points.append(AnswerPoint(c.sentence, figure.text if figure else None, citation, round(c.evidence, 3)))
            by_city.append(CityAnswer(city, points))
        return Answer(question, _summary(by_city, quantity, english), by_city, citations, warnings=parsed.warnings)

    def _terms(self, tokens: list[str], cities: list[str]) -> list[str]:
        romanised = {city_romanisation(c) for c in cities}
        return list(
            dict.fromkeys(
                t
                for t in tokens
                if is_content_term(t) and t not in QUESTION_WORDS and t not in cities and t not in romanised
            )
        )

    def _candidates(self, hits, terms: list[str], query_vector: np.ndarray | None, chinese: bool) -> list[Candidate]:
        weights = {t: self.idf(t) for t in terms}
        if chinese:
            total = sum(weights.values()) or 1.0
        else:  # English words never occur in the corpus: only its expansion terms can be found
            weights = {t: w for t, w in weights.items() if any("\u4e00" <= ch <= "\u9fff" for ch in t)}
            total = sum(sorted(weights.values(), reverse=True)[:ENGLISH_TERMS_NEEDED]) or 1.0
        out: list[Candidate] = []
        vectors = self.searcher.index.vectors
        for hit in hits:
            clause = hit.clause
            dense = float(vectors[hit.row] @ query_vector) if query_vector is not None else 0.0
            closeness = self._calibration.closeness(dense)
            context = normalize(" ".join([clause.heading, *clause.section_path]))
            names = {compact(clause.heading), compact(clause.doc_title)}
            for start, end in sentence_spans(clause.text):
                sentence = clause.text[start:end]
                if (
                    len(sentence) < MIN_SENTENCE_CHARS
                    or _DEPARTMENT_NOTE.match(sentence)
                    or _is_heading(sentence, names)
                ):
                    continue
                text = normalize(sentence)
                # A term in the clause's heading counts half: the sentence is about that heading's topic.
                found = sum(w if t in text else (0.5 * w if t in context else 0.0) for t, w in weights.items())
                coverage = min(1.0, found / total)
                evidence = LEXICAL_WEIGHT * coverage + DENSE_WEIGHT * closeness
                out.append(Candidate(clause, sentence.strip(), coverage, evidence))
        out.sort(key=lambda c: -c.evidence)
        return out

    def _group(self, relevant: list[Candidate], all_cities: bool, per_city: int) -> list[tuple[str, list[Candidate]]]:
        groups: dict[str, list[Candidate]] = {}
        for candidate in relevant:
            city = candidate.clause.city or "?"
            chosen = groups.setdefault(city, [])
            if len(chosen) >= per_city or any(
                bigram_overlap(bigrams(candidate.sentence), bigrams(c.sentence)) >= DUPLICATE_OVERLAP for c in chosen
            ):
                continue
            if chosen and candidate.evidence < 0.8 * chosen[0].evidence:
                continue  # keep only points nearly as good as the city's best
            chosen.append(candidate)
        ordered = sorted(groups.items(), key=lambda item: -item[1][0].evidence)
        best = ordered[0][1][0].evidence
        ordered = [(city, chosen) for city, chosen in ordered if chosen[0].evidence >= CITY_RELATIVE * best]
        return ordered if all_cities else ordered[:1]


def _is_heading(sentence: str, names: set[str]) -> bool:
    """`5.支持發展醫藥研發外包。` alone (or the document's title; `names`, compacted) names a topic; it provides
    nothing."""
    return compact(sentence).rstrip("。.") in names


def _summary(by_city: list[CityAnswer], quantity: bool, english: bool) -> str:
    cities = [group.city for group in by_city]
    if quantity and by_city and by_city[0].points[0].figure:
        city, figure = by_city[0].city, by_city[0].points[0].figure
        return f"{city} ({city_romanisation(city).capitalize()}): {figure}" if english else f"{city}：{figure}"
    if english:
        names = ", ".join(f"{c} ({city_romanisation(c).capitalize()})" for c in cities)
        return f"{len(cities)} {'city has' if len(cities) == 1 else 'cities have'} a relevant provision: {names}."
    return f"{len(cities)}个城市有相关规定：{'、'.join(cities)}。"
