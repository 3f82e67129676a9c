"""Retrieval evaluation on `[city, substring]` judgements: hit@5, MRR@10 and strict recall@10, per mode."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from search.errors import PolicySearchError
from search.normalize import compact
from search.records import Clause
from search.retrieve.retrieval import MODES, Searcher


@dataclass
class EvalQuery:
    id: str
    kind: str
    text: str
    relevant: list[tuple[str, str]]


@dataclass
class Scores:
    hit5: float = 0.0
    mrr10: float = 0.0
    recall10: float = 0.0
    count: int = 0


@dataclass
class EvalReport:
    overall: dict[str, Scores] = field(default_factory=dict)  # mode -> scores
    by_kind: dict[str, dict[str, Scores]] = field(default_factory=dict)  # kind -> mode -> scores
    misses: dict[str, list[str]] = field(default_factory=dict)  # mode -> query ids with a relevant item missing


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        raise PolicySearchError(f"{path}: no such file")
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise PolicySearchError(f"{path}:{number}: not valid JSON ({error.msg})") from None
    return records


def load_queries(path: Path) -> list[EvalQuery]:
    queries = []
    for record in read_jsonl(path):
        if "relevant" not in record:
            continue
        relevant = [(city, substring) for city, substring in record["relevant"]]
        queries.append(EvalQuery(record["id"], record.get("kind", "all"), record["q"], relevant))
    if not queries:
        raise PolicySearchError(f"{path}: no queries with 'relevant' judgements")
    return queries


def matches(clause: Clause, item: tuple[str, str]) -> bool:
    city, substring = item
    return clause.city == city and compact(substring) in compact(clause.text)


def score_ranking(ranking: list[Clause], relevant: list[tuple[str, str]]) -> tuple[float, float, float]:
    """(hit@5, reciprocal rank within 10, share of relevant items found in the top 10)."""
    top10 = ranking[:10]
    first = next((rank for rank, c in enumerate(top10, 1) if any(matches(c, item) for item in relevant)), None)
    found = sum(any(matches(c, item) for c in top10) for item in relevant)
    return float(first is not None and first <= 5), (1.0 / first if first else 0.0), found / len(relevant)


def evaluate(searcher: Searcher, queries: list[EvalQuery], modes: tuple[str, ...] = MODES) -> EvalReport:
    report = EvalReport()
    for mode in modes:
        report.misses[mode] = []
        for query in queries:
            ranking = [hit.clause for hit in searcher.search(query.text, top_k=10, mode=mode).hits]
            hit5, rr, recall = score_ranking(ranking, query.relevant)
            if recall < 1:
                report.misses[mode].append(query.id)
            for bucket in (
                report.overall.setdefault(mode, Scores()),
                report.by_kind.setdefault(query.kind, {}).setdefault(mode, Scores()),
            ):
                bucket.hit5 += hit5
                bucket.mrr10 += rr
                bucket.recall10 += recall
                bucket.count += 1
    for scores in [*report.overall.values(), *(s for kind in report.by_kind.values() for s in kind.values())]:
        scores.hit5 /= scores.count
        scores.mrr10 /= scores.count
        scores.recall10 /= scores.count
    return report


def format_report(report: EvalReport) -> str:
    lines = [f"{'':14} {'mode':12} {'n':>3} {'hit@5':>6} {'MRR@10':>7} {'strict R@10':>11}"]
    groups = [("overall", report.overall)] + sorted(report.by_kind.items())
    for name, by_mode in groups:
        for mode, s in by_mode.items():
            lines.append(f"{name:14} {mode:12} {s.count:>3} {s.hit5:>6.3f} {s.mrr10:>7.3f} {s.recall10:>11.3f}")
    for mode, missed in report.misses.items():
        lines.append(f"missed (recall<1) {mode}: {', '.join(missed) or 'none'}")
    return "\n".join(lines)
