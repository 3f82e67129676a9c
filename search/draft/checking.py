"""A draft checked against the library: candidates for all its clauses, each labelled by its closest precedent,
aligned with it, and summed up."""

from __future__ import annotations

from search.draft.alignment import align
from search.draft.labelling import Closeness, Label, closeness, label_of, rarity
from search.draft.precedents import Candidate, ClauseQuery, clause_queries, clause_terms, find_candidates
from search.draft.reading import Draft
from search.draft.report import Adopter, Adoption, CheckedClause, DraftReport, Precedent, summarise
from search.normalize import bigram_overlap, bigrams
from search.records import Document, Filters
from search.retrieve.retrieval import SAME_MEASURE_OVERLAP, Searcher


class DraftChecker:
    """One per library: reads its documents' dates once."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.settings = searcher.settings
        self._documents: dict[str, Document] = {d.doc_id: d for d in searcher.index.documents}
        lexical = searcher.index.lexical
        self._weight = rarity(lexical.document_frequency, lexical.num_docs)

    def check(self, draft: Draft, filters: Filters) -> DraftReport:
        queries = clause_queries(draft.clauses, self.settings)
        found = find_candidates(self.searcher, queries, filters)
        checked = []
        for number, (clause, query, candidates) in enumerate(zip(draft.clauses, queries, found, strict=True), 1):
            precedents = self._precedents(query, candidates)
            label = label_of(precedents[0].closeness if precedents else None, self.settings, query.chinese)
            alignment = align(clause.text, precedents[0].clause.text) if label is not Label.NOVEL else None
            checked.append(CheckedClause(number, clause, label, precedents, alignment))
        adoption = [self._adoption(c) for c in checked if c.label is not Label.NOVEL and c.precedents]
        return DraftReport(draft.document.display_title, checked, summarise(checked, adoption), draft.warnings)

    def _precedents(self, query: ClauseQuery, candidates: list[Candidate]) -> list[Precedent]:
        """The closest candidates, one per measure (a clause inside another is the same measure), closest first."""
        measured = sorted(
            ((self._closeness(query, c), c) for c in candidates), key=lambda pair: (-pair[0].rank_key, pair[1].row)
        )
        kept: list[Precedent] = []
        seen: list[set[str]] = []
        for measure, candidate in measured:
            grams = bigrams(candidate.clause.text)
            if any(bigram_overlap(grams, other) >= SAME_MEASURE_OVERLAP for other in seen):
                continue
            seen.append(grams)
            kept.append(self._precedent(candidate, measure))
            if len(kept) == self.settings.draft_precedents:
                break
        return kept

    def _closeness(self, query: ClauseQuery, candidate: Candidate) -> Closeness:
        if not query.chinese:
            return Closeness(0.0, 0.0, 0.0, candidate.similarity)
        text = candidate.clause.text
        return closeness(query.text, query.terms, text, clause_terms(text), self._weight, candidate.similarity)

    def _precedent(self, candidate: Candidate, measure: Closeness) -> Precedent:
        doc_id = candidate.clause.doc_id
        also_in, copy_count = self.searcher.copy_groups.also_in(candidate.row)
        document = self._documents.get(doc_id)
        return Precedent(
            candidate.clause,
            candidate.row,
            measure,
            document.meta.dated if document else None,
            self.searcher.validity(doc_id),
            also_in,
            copy_count,
            self.searcher.is_upload(doc_id),
        )

    def _adoption(self, checked: CheckedClause) -> Adoption:
        """The documents holding the clause's precedents or copies of its closest one, oldest first."""
        facets = self.searcher.facets
        closest = self.searcher.copy_groups.members(checked.precedents[0].row)
        doc_ids = [p.clause.doc_id for p in checked.precedents]
        doc_ids += [facets.doc_ids[int(facets.doc_of_row[row])] for row in closest]
        adopters = []
        for doc_id in dict.fromkeys(doc_ids):
            document = self._documents.get(doc_id)
            if document is not None:
                meta = document.meta
                adopters.append(Adopter(doc_id, document.display_title, meta.city, meta.dated))
        adopters.sort(key=lambda a: (a.issued is None, a.issued or ""))
        return Adoption(checked.number, adopters)
