"""The draft check's records: each clause with its label, precedents and alignment, and the summary over them."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from search.draft.alignment import Alignment
from search.draft.labelling import Closeness, Label
from search.records import Clause, Validity
from search.validity_rules import ENDED_STATUSES

TOP_DRAWN_ON = 5  # cities and documents named in the summary


@dataclass
class Precedent:
    """A library clause close to a draft clause, with what a drafter weighs it by."""

    clause: Clause
    row: int  # its vector row in the index
    closeness: Closeness
    issued: str | None  # the date its document bears
    validity: Validity | None  # of its document, on the day of the check
    also_in: list[str] = field(default_factory=list)  # other cities holding the same provision
    copy_count: int = 0  # other documents holding it
    uploaded: bool = False  # its document was added by a visitor through the app

    def to_json(self) -> dict:
        c = self.clause
        return {
            "id": c.id,
            "doc_id": c.doc_id,
            "city": c.city,
            "doc_title": c.doc_title,
            "issued": self.issued,
            "similarity": round(self.closeness.similarity, 4),
            "validity": asdict(self.validity) if self.validity else None,
        }


@dataclass
class CheckedClause:
    number: int  # 1-based, in draft order
    clause: Clause  # the draft's own clause record
    label: Label
    precedents: list[Precedent]  # closest first, at most `draft_precedents`
    alignment: Alignment | None = None  # against the closest precedent, for copied and adapted clauses

    def to_json(self) -> dict:
        return {
            "text": self.clause.text,
            "label": str(self.label),
            "precedents": [p.to_json() for p in self.precedents],
        }


@dataclass
class Adopter:
    """A document holding a provision the draft draws on."""

    doc_id: str
    doc_title: str
    city: str | None
    issued: str | None


@dataclass
class Adoption:
    """Which documents hold the provisions a draft clause draws on, oldest first (undated last)."""

    clause: int
    adopters: list[Adopter]


@dataclass
class Outdated:
    """A precedent of a copied or adapted clause whose document is no longer in force (expired or repealed)."""

    clause: int
    precedent: Precedent


@dataclass
class DrawnOn:
    """A city or document the draft's copied and adapted clauses draw on, with how many clauses."""

    name: str
    clauses: int
    doc_id: str | None = None
    city: str | None = None


@dataclass
class DraftSummary:
    counts: dict[Label, int]
    cities: list[DrawnOn]
    documents: list[DrawnOn]
    outdated: list[Outdated]
    adoption: list[Adoption]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, label: Label) -> float:
        return self.counts[label] / self.total if self.total else 0.0

    def to_json(self) -> dict:
        return {
            "clauses": self.total,
            "counts": {str(label): count for label, count in self.counts.items()},
            "shares": {str(label): round(self.share(label), 4) for label in self.counts},
            "cities": [{"city": c.name, "clauses": c.clauses} for c in self.cities],
            "documents": [
                {"doc_id": d.doc_id, "doc_title": d.name, "city": d.city, "clauses": d.clauses} for d in self.documents
            ],
            "outdated": [{"clause": o.clause, **o.precedent.to_json()} for o in self.outdated],
            "adoption": [{"clause": a.clause, "adopters": [asdict(d) for d in a.adopters]} for a in self.adoption],
        }


@dataclass
class DraftReport:
    title: str  # the draft's, as read
    clauses: list[CheckedClause]
    summary: DraftSummary
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"clauses": [c.to_json() for c in self.clauses], "summary": self.summary.to_json()}


def summarise(clauses: list[CheckedClause], adoption: list[Adoption]) -> DraftSummary:
    """Shares of each label; the cities and documents the copied and adapted clauses draw on (by their closest
    precedent); their precedents that are no longer in force; and the adoption order given."""
    counts = Counter(c.label for c in clauses)
    drawing = [c for c in clauses if c.label is not Label.NOVEL and c.precedents]
    cities = Counter(c.precedents[0].clause.city or "" for c in drawing)
    documents = Counter(c.precedents[0].clause.doc_id for c in drawing)
    closest = {c.precedents[0].clause.doc_id: c.precedents[0].clause for c in drawing}
    outdated = [
        Outdated(c.number, p)
        for c in drawing
        for p in c.precedents
        if p.validity is not None and p.validity.status in ENDED_STATUSES
    ]
    return DraftSummary(
        counts={label: counts.get(label, 0) for label in Label},
        cities=[DrawnOn(city, n) for city, n in cities.most_common(TOP_DRAWN_ON) if city],
        documents=[
            DrawnOn(closest[doc].doc_title, n, doc, closest[doc].city) for doc, n in documents.most_common(TOP_DRAWN_ON)
        ],
        outdated=outdated,
        adoption=adoption,
    )
