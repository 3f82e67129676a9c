"""Extractive answers: quote the best sentences of the best clauses, grouped by city, each one cited.

A sentence is evidence when the question's words (weighted by rarity) appear in it and its clause is
close to the question in embedding space; below the threshold the answer is "no matching provision".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from search.answer.figures import asked_units, best_figure, is_quantity_question
from search.index.tokenization import is_content_term, tokenize_normalized
from search.normalize import GARBLED, bigram_overlap, bigrams, compact, normalize
from search.records import UNKNOWN_CITY, Answer, AnswerPoint, Citation, CityAnswer, Clause, Filters
from search.retrieve.query import city_romanisation
from search.retrieve.retrieval import Searcher, SearchResult
from search.retrieve.translation import Translation
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
_PUNCTUATION = re.compile(r"[^\w]")
NO_ANSWER = "no matching provision found"
NO_ANSWER_ZH = "未找到相关条款"
_DEPARTMENT_NOTE = re.compile(r"^[(（](牵头单位|责任单位|.*按职责分工负责)")


@dataclass
class Sought:
    """What a sentence must contain to answer the question: concepts (any one rendering found counts), weighted."""

    concepts: dict[tuple[str, ...], float]
    full: float  # the found weight that counts as full coverage
    # A rendering's words with their rarity: a sentence with 保税 and 维修 apart holds part of 保税维修, as a Chinese
    # question's words would each count.
    parts: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def coverage(self, text: str, context: str) -> float:
        """Share of the weight found in `text`; a concept found only in `context` (the clause's heading) counts
        half: the sentence is about that heading's topic."""
        found = 0.0
        for terms, weight in self.concepts.items():
            share = max(self._share(t, text) for t in terms)
            if share < 1:
                share = max(share, 0.5 * max(self._share(t, context) for t in terms))
            found += weight * share
        return min(1.0, found / self.full)

    def _share(self, term: str, text: str) -> float:
        if term in text:
            return 1.0
        parts = self.parts.get(term)
        if not parts:
            return 0.0
        return sum(w for part, w in parts if part in text) / sum(w for _, w in parts)


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
        self.rules = searcher.settings.answer

    def idf(self, term: str) -> float:
        """Rarer terms weigh more; a term the corpus never uses weighs most."""
        return self._idf_of_frequency(self._lexical.document_frequency(term))

    def _idf_of_frequency(self, frequency: int) -> float:
        return math.log(1 + (self._lexical.num_docs + 1) / (frequency + 0.5))

    def _phrase_frequency(self, term: str) -> int:
        """Clauses holding the term, or, for a phrase the tokenizer splits (服务外包人才), at most as many as hold
        its rarest word."""
        if term in self._lexical.vocabulary:
            return self._lexical.document_frequency(term)
        return min((self._lexical.document_frequency(t) for t in tokenize_normalized(term)), default=0)

    def answer(self, question: str, filters: Filters | None = None) -> Answer:
        rules = self.rules
        result = self.searcher.search(question, filters, top_k=rules.candidates)
        parsed = result.query
        terms = self._terms(parsed.tokens + result.expansions, parsed.cities)
        question_text = parsed.raw  # without its operators: "保税维修" city:上海 asks about 保税维修
        quantity = is_quantity_question(question_text)
        units = asked_units(question_text)
        relevant = self._relevant(result, filters, terms, units if quantity else None)
        english = not parsed.chinese
        warnings = result.warnings + ([result.why_empty] if result.why_empty else [])
        if not relevant:
            no_answer = NO_ANSWER if english else NO_ANSWER_ZH
            return Answer(
                question, None, [], [], warnings, no_answer=no_answer, translated_query=result.translated_query
            )
        cross_city = bool(CROSS_CITY.search(normalize(question_text))) and not parsed.cities
        per_city = 1 if quantity and not cross_city else rules.max_points_per_city
        groups = self._group(relevant, cross_city or not quantity, per_city)
        if quantity and not cross_city:
            groups = groups[:1]
        by_city, citations = self._cite(groups, terms, units if quantity else None)
        return Answer(
            question,
            _summary(by_city, quantity, english),
            by_city,
            citations,
            warnings=warnings,
            translated_query=result.translated_query,
        )

    def _relevant(
        self, result: SearchResult, filters: Filters | None, terms: list[str], units: list[str] | None
    ) -> list[Candidate]:
        """The searched clauses' sentences that answer: enough evidence and coverage, in an asked city, and holding
        a figure when the question asks a quantity (`units` is then the units asked, maybe none)."""
        parsed = result.query
        hits = self.searcher.with_copies(result, filters)  # each city quoted from its own copy of a provision
        if result.translation is None:
            candidates = self._candidates(hits, self._term_weights(terms), result.query_vector)
        else:
            # The dense leg may not have been searched for an English question; closeness is still measured.
            vector = result.query_vector
            if vector is None:
                vector = self.searcher.rendering_vector(result.translation, parsed)
            candidates = self._candidates(hits, self._concept_weights(result.translation), vector)
        if units is not None:
            candidates = [c for c in candidates if best_figure(c.sentence, terms, units)]
        rules = self.rules
        relevant = [
            c for c in candidates if c.evidence >= rules.relevance_threshold and c.coverage >= rules.min_coverage
        ]
        if parsed.cities:
            relevant = [c for c in relevant if c.clause.city in parsed.cities]
        return relevant

    def _cite(
        self, groups: list[tuple[str | None, list[Candidate]]], terms: list[str], units: list[str] | None
    ) -> tuple[list[CityAnswer], list[Citation]]:
        """Each city's points with their numbered citations; a quantity question's points carry their figure."""
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
                    self.searcher.is_upload(c.clause.doc_id),
                    self.searcher.is_report(c.clause.doc_id),
                )
                citations.append(citation)
                figure = best_figure(c.sentence, terms, units) if units is not None else None
                points.append(AnswerPoint(c.sentence, figure.text if figure else None, citation, round(c.evidence, 3)))
            by_city.append(CityAnswer(city, points))
        return by_city, citations

    def _terms(self, tokens: list[str], cities: list[str]) -> list[str]:
        romanised = {city_romanisation(c) for c in cities}
        return list(
            dict.fromkeys(
                t
                for t in tokens
                if is_content_term(t) and t not in QUESTION_WORDS and t not in cities and t not in romanised
            )
        )

    def _term_weights(self, terms: list[str]) -> Sought:
        """A Chinese question's words, each weighted by its rarity; all of them found is full coverage."""
        weights = {(t,): self.idf(t) for t in terms}
        return Sought(weights, sum(weights.values()) or 1.0)

    def _concept_weights(self, translation: Translation) -> Sought:
        """An English question's specific concepts, each weighted by its rarity in the corpus and by how closely it
        renders its phrase. Generic concepts count for nothing, and a concept the corpus never uses (visa) weighs
        most, so a question with no specific concept found ("How do I renew my passport?") has no evidence."""
        limit = self.rules.generic_share * self._lexical.num_docs
        weights: dict[tuple[str, ...], float] = {}
        parts: dict[str, list[tuple[str, float]]] = {}
        # Words nothing renders ("passport", "ticket") are sought but never found, like a Chinese question's word
        # the corpus never uses.
        total = len(translation.unrendered) * self._idf_of_frequency(0)
        for concept in translation.concepts:
            # Its most common rendering says how specific the concept is: "support" is 支持 more than 扶持.
            frequency = max(map(self._phrase_frequency, concept.terms))
            if frequency <= limit:
                weights[tuple(concept.terms)] = concept.weight * self._idf_of_frequency(frequency)
                total += weights[tuple(concept.terms)]
                for term in concept.terms:
                    words = dict.fromkeys(tokenize_normalized(term))
                    if len(words) > 1:
                        parts[term] = [(w, self.idf(w)) for w in words]
        return Sought(weights, total or 1.0, parts)

    def _candidates(self, hits, sought: Sought, query_vector: np.ndarray | None) -> list[Candidate]:
        """Each sentence's evidence: how much of what is sought it holds, and how close its clause is."""
        out: list[Candidate] = []
        vectors = self.searcher.index.dense.vectors
        for hit in hits:
            clause = hit.clause
            dense = float(vectors[hit.row] @ query_vector) if query_vector is not None else 0.0
            closeness = self._calibration.closeness(dense)
            context = _PUNCTUATION.sub("", normalize(" ".join([clause.heading, *clause.section_path])))
            names = {compact(clause.heading), compact(clause.doc_title)}
            for start, end in sentence_spans(clause.text):
                sentence = clause.text[start:end]
                if (
                    len(sentence) < self.rules.min_sentence_chars
                    or GARBLED in sentence  # mojibake is marked, never quoted
                    or _DEPARTMENT_NOTE.match(normalize(sentence))
                    or _is_heading(sentence, names)
                ):
                    continue
                text = _PUNCTUATION.sub("", normalize(sentence))  # 国际贸易“单一窗口” has 国际贸易单一窗口
                coverage = sought.coverage(text, context)
                evidence = self.rules.lexical_weight * coverage + self.rules.dense_weight * closeness
                out.append(Candidate(clause, sentence.strip(), coverage, evidence))
        out.sort(key=lambda c: -c.evidence)
        return out

    def _group(
        self, relevant: list[Candidate], all_cities: bool, per_city: int
    ) -> list[tuple[str | None, list[Candidate]]]:
        rules = self.rules
        groups: dict[str | None, list[Candidate]] = {}
        for candidate in relevant:
            city = candidate.clause.city
            chosen = groups.setdefault(city, [])
            if len(chosen) >= per_city or any(
                bigram_overlap(bigrams(candidate.sentence), bigrams(c.sentence)) >= rules.sentence_overlap
                for c in chosen
            ):
                continue
            if chosen and candidate.evidence < rules.point_relative * chosen[0].evidence:
                continue  # keep only points nearly as good as the city's best
            chosen.append(candidate)
        ordered = sorted(groups.items(), key=lambda item: -item[1][0].evidence)
        best = ordered[0][1][0].evidence
        ordered = [(city, chosen) for city, chosen in ordered if chosen[0].evidence >= rules.city_relative * best]
        return ordered if all_cities else ordered[:1]


def _is_heading(sentence: str, names: set[str]) -> bool:
    """`5.支持發展醫藥研發外包。` alone (or the document's title; `names`, compacted) names a topic; it provides
    nothing."""
    return compact(sentence).rstrip("。.") in names


def _summary(by_city: list[CityAnswer], quantity: bool, english: bool) -> str:
    cities = [_city_name(group.city, english) for group in by_city]
    if quantity and by_city and by_city[0].points[0].figure:
        city, figure = cities[0], by_city[0].points[0].figure
        return f"{city}: {figure}" if english else f"{city}：{figure}"
    if english:
        names = ", ".join(cities)
        return f"{len(cities)} {'city has' if len(cities) == 1 else 'cities have'} a relevant provision: {names}."
    return f"{len(cities)}个城市有相关规定：{'、'.join(cities)}。"


def _city_name(city: str | None, english: bool) -> str:
    """`宜昌 (Yichang)` in English, `宜昌` in Chinese; a document that states no city says so."""
    if city is None:
        return "city not stated" if english else UNKNOWN_CITY
    return f"{city} ({city_romanisation(city).capitalize()})" if english else city
