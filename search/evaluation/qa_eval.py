"""Question-answering evaluation: city coverage, figure accuracy and no-answer accuracy."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from search.answer.answering import Answerer
from search.errors import PolicySearchError
from search.evaluation.retrieval_eval import read_jsonl
from search.normalize import compact


@dataclass
class QuestionResult:
    id: str
    question: str
    answered_cities: list[str]
    expected_cities: list[str] = field(default_factory=list)
    min_cities: int = 0
    figure: str | None = None
    figure_found: bool | None = None
    no_answer: bool = False
    no_answer_correct: bool | None = None

    @property
    def coverage(self) -> float | None:
        if not self.expected_cities:
            return None
        return len(set(self.answered_cities) & set(self.expected_cities)) / len(self.expected_cities)

    @property
    def min_cities_met(self) -> bool | None:
        if not self.expected_cities:
            return None
        return len(set(self.answered_cities) & set(self.expected_cities)) >= self.min_cities


def evaluate_questions(answerer: Answerer, path: Path) -> list[QuestionResult]:
    records = read_jsonl(path)
    if not records:
        raise PolicySearchError(f"{path}: no questions")
    results = []
    for record in records:
        answer = answerer.answer(record["q"])
        cities = [group.city for group in answer.by_city]
        result = QuestionResult(
            record["id"], record["q"], cities, record.get("cities", []), record.get("min_cities", 0)
        )
        if "figure" in record:
            result.figure = record["figure"]
            figures = [compact(p.figure) for g in answer.by_city for p in g.points if p.figure]
            result.figure_found = any(compact(record["figure"]) in f for f in figures)
        if record.get("no_answer"):
            result.no_answer = True
            result.no_answer_correct = not answer.answered and not answer.by_city
        results.append(result)
    return results


def format_qa_report(results: list[QuestionResult]) -> str:
    lines = []
    for r in results:
        parts = [f"{r.id}: cities={','.join(r.answered_cities) or '-'}"]
        if r.coverage is not None:
            parts.append(f"coverage={r.coverage:.2f} min_cities_met={r.min_cities_met}")
        if r.figure is not None:
            parts.append(f"figure {r.figure} found={r.figure_found}")
        if r.no_answer:
            parts.append(f"no-answer correct={r.no_answer_correct}")
        lines.append("  ".join(parts))
    with_cities = [r for r in results if r.coverage is not None]
    with_figures = [r for r in results if r.figure is not None]
    no_answer = [r for r in results if r.no_answer]
    answerable = [r for r in results if not r.no_answer]
    false_negatives = [r for r in answerable if not r.answered_cities]
    lines.append(
        f"city coverage: {sum(r.coverage for r in with_cities) / max(1, len(with_cities)):.3f}  "
        f"min_cities met: {sum(bool(r.min_cities_met) for r in with_cities)}/{len(with_cities)}  "
        f"figures found: {sum(bool(r.figure_found) for r in with_figures)}/{len(with_figures)}  "
        f"no-answer correct: {sum(bool(r.no_answer_correct) for r in no_answer)}/{len(no_answer)}  "
        f"false 'no answer' on answerable questions: {len(false_negatives)}/{len(answerable)}"
    )
    return "\n".join(lines)
