"""Draft check evaluation: label accuracy per split of a labelled set of draft clauses, and whether each copied
clause's source document comes first among its precedents.

Each split's clauses are checked as one draft, in file order, each on a line of its own; a clause that opens with
no heading gets a `（N）` number, as a real draft's would, so that it is a clause of its own (a headless
paragraph would join the clause above it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from search.draft.report import DraftReport
from search.evaluation.retrieval_eval import read_jsonl
from search.ingest.headings import match_heading
from search.normalize import compact

DRAFT_TITLE = "某市关于推动服务外包高质量发展的实施意见（草案）"
SPLITS = ("tune", "check")


@dataclass
class LabelledClause:
    id: str
    kind: str  # verbatim / edited / reworded / novel
    label: str  # copied / adapted / novel
    source: str | None  # the library clause it was made from
    text: str
    split: str


@dataclass
class ClauseOutcome:
    item: LabelledClause
    label: str  # as checked
    first_document: str | None  # of the closest precedent
    features: dict[str, float] = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        return self.label == self.item.label

    @property
    def source_first(self) -> bool:
        return self.item.source is not None and self.first_document == self.item.source.split(":")[0]


@dataclass
class SplitReport:
    split: str
    outcomes: list[ClauseOutcome]

    @property
    def accuracy(self) -> float:
        return sum(o.correct for o in self.outcomes) / len(self.outcomes)

    def source_first_rate(self) -> tuple[int, int]:
        copied = [o for o in self.outcomes if o.item.label == "copied"]
        return sum(o.source_first for o in copied), len(copied)

    def confusion(self) -> Counter[tuple[str, str]]:
        return Counter((o.item.label, o.label) for o in self.outcomes)


def load_labelled(path: Path) -> list[LabelledClause]:
    return [LabelledClause(**record) for record in read_jsonl(path)]


def draft_of(items: list[LabelledClause]) -> str:
    lines = [DRAFT_TITLE]
    for number, item in enumerate(items, 1):
        lines.append(item.text if match_heading(item.text.split("\n")[0]) else f"（{number}）{item.text}")
    return "\n\n".join(lines)


def evaluate_drafts(check: Callable[[str], DraftReport], path: Path) -> list[SplitReport]:
    """Each split checked as one draft; its clauses matched back to the labelled ones by their text."""
    items = load_labelled(path)
    reports = []
    for split in SPLITS:
        chosen = [item for item in items if item.split == split]
        report = check(draft_of(chosen))
        by_text = {compact(c.clause.text): c for c in report.clauses}
        outcomes = []
        for number, item in enumerate(chosen, 1):
            checked = by_text.get(compact(item.text)) or by_text.get(compact(f"（{number}）{item.text}"))
            if checked is None:
                raise ValueError(f"{item.id}: not read as a clause of its own")
            first = checked.precedents[0] if checked.precedents else None
            features = {}
            if first is not None:
                c = first.closeness
                features = {
                    "resemblance": c.resemblance,
                    "containment": c.containment,
                    "overlap": c.overlap,
                    "similarity": c.similarity,
                }
            outcomes.append(ClauseOutcome(item, str(checked.label), first.clause.doc_id if first else None, features))
        reports.append(SplitReport(split, outcomes))
    return reports


def format_draft_report(reports: list[SplitReport]) -> str:
    lines = ["split   clauses  accuracy  copied source first  confusion (expected→checked)"]
    for r in reports:
        first, copied = r.source_first_rate()
        confusion = ", ".join(f"{a}→{b} {n}" for (a, b), n in sorted(r.confusion().items()) if a != b) or "none"
        lines.append(f"{r.split:7s} {len(r.outcomes):7d}  {r.accuracy:8.3f}  {first:>6d}/{copied:<12d}  {confusion}")
    return "\n".join(lines)
