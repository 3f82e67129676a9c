"""Terminal text for the CLI: hits with matched terms in 【】, answers with numbered citations."""

from __future__ import annotations

from search.draft.report import DraftReport
from search.normalize import printable
from search.present.labels import (
    also_in_line,
    breadcrumb,
    city_label,
    draft_label,
    place_label,
    query_reading,
    share_line,
    validity_label,
)
from search.records import Answer, DocumentSummary, Hit

__all__ = ["printable", "query_reading"]  # control characters escaped (normalize.py); a query as read (labels.py)


def format_document(summary: DocumentSummary) -> str:
    """`dt-1 | 大同市…实施方案 | 山西 大同 | 同政办发〔2022〕3号 | 2022-04-02 | 未知（…） | 40 clauses`."""
    meta = summary.document.meta
    place = place_label(meta) or "—"
    parts = [summary.document.doc_id, summary.document.display_title, place, meta.doc_number or "—", meta.dated or "—"]
    parts += [validity_label(summary.validity), f"{summary.clauses} clauses"]
    marks = [mark for mark, shown in (("上传 uploaded", meta.uploaded), ("报道 report", meta.reported)) if shown]
    return " | ".join(parts + marks)


def format_query_header(query: str, translated_query: str | None, reading: str = "") -> str:
    """The query, how its operators were read, and for an English one how it was searched, so a mistyped operator
    or a wrong rendering can be seen and rephrased."""
    searched = f"  (searched as: {translated_query or '-'})" if translated_query is not None else ""
    return f"\n# {query}{searched}" + (f"\n  read as: {reading}" if reading else "")


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """The matched spans wrapped in 【】, which a terminal shows without markup."""
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start] + "【" + text[start:end] + "】")
        last = end
    return "".join(out) + text[last:]


def shorten(text: str, spans: list[tuple[int, int]], width: int = 160) -> tuple[str, list[tuple[int, int]]]:
    """A window of the clause around its first highlight."""
    flat = text.replace("\n", " ")
    if len(flat) <= width:
        return flat, spans
    start = max(0, (spans[0][0] if spans else 0) - 30)
    end = min(len(flat), start + width)
    window = [(max(s, start) - start, min(e, end) - start) for s, e in spans if e > start and s < end]
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else ""), [
        (s + (1 if start else 0), e + (1 if start else 0)) for s, e in window
    ]


def format_hit(hit: Hit) -> str:
    """Rank, city, document, section path, score and id; the clause around its first match; where else the
    same provision appears, if anywhere; then whether its document is in force."""
    c = hit.clause
    snippet, spans = shorten(c.text, hit.highlights)
    also_in = also_in_line(hit)
    validity = validity_label(hit.validity)
    return (
        f"{hit.rank:>2}. [{city_label(c.city, c.province)}]{' [上传 uploaded]' if hit.uploaded else ''}"
        f"{' [报道 report]' if hit.reported else ''} {c.doc_title}"
        f"{' · ' + hit.date if hit.date else ''} | {breadcrumb(c.outline)}  (score {hit.score:.4f}, {c.id})\n"
        f"    {marked(snippet, spans)}"
        + (f"\n    {also_in}" if also_in else "")
        + (f"\n    时效 validity: {validity}" if validity else "")
    )


def format_answer(answer: Answer) -> str:
    """Readable answer: summary, quoted points per city with numbered citations, then the sources."""
    question = f"Q: {answer.question}"
    if answer.translated_query is not None:
        question += f"\nsearched as: {answer.translated_query or '-'}"
    if not answer.answered:
        return f"{question}\n{answer.no_answer}"
    lines = [question, answer.summary or ""]
    for group in answer.by_city:
        lines.append(f"\n[{city_label(group.city)}]")
        for point in group.points:
            text = point.text.replace(point.figure, f"【{point.figure}】", 1) if point.figure else point.text
            lines.append(f"  - “{text}” [{point.citation.number}]")
    lines.append("\nSources:")
    for c in answer.citations:
        validity = f" | {validity_label(c.validity)}" if c.validity else ""
        lines.append(
            f"  [{c.number}] {city_label(c.city)} | {c.doc_title} | {breadcrumb(c.section_path)} ({c.clause_id}){validity}"
        )
    return "\n".join(lines)


_TERMINAL_CHANGES = {
    "same": "{draft}",
    "added": "【+{draft}】",
    "dropped": "【-{precedent}】",
    "changed": "【{precedent}→{draft}】",
}


def format_draft_report(report: DraftReport) -> str:
    """The summary, then each clause: its label, text, precedents and, for copied and adapted clauses, how it
    differs from the closest (【+added】, 【-dropped】, 【was→now】)."""
    summary = report.summary
    lines = [f"# {report.title}", share_line(summary.counts, summary.total)]
    if summary.cities:
        lines.append("cities drawn on: " + "、".join(f"{c.name} {c.clauses}" for c in summary.cities))
    lines += [
        f"no longer in force: clause {o.clause}: {o.precedent.clause.doc_title} | {validity_label(o.precedent.validity)}"
        for o in summary.outdated
    ]
    for checked in report.clauses:
        lines.append(f"\n{checked.number:>2}. [{draft_label(checked.label)}] {shorten(checked.clause.text, [])[0]}")
        for p in checked.precedents:
            c = p.clause
            lines.append(
                f"    - [{city_label(c.city)}] {c.doc_title} | {breadcrumb(c.outline)} | {p.issued or '—'} | "
                f"similarity {p.closeness.similarity:.3f}, shared wording {p.closeness.overlap:.0%} ({c.id})"
                + (f" | {validity_label(p.validity)}" if p.validity else "")
            )
        if checked.alignment is not None:
            lines.append(
                "    "
                + "".join(
                    _TERMINAL_CHANGES[s.change].format(draft=s.draft, precedent=s.precedent)
                    for s in checked.alignment.segments
                ).replace("\n", " ")
            )
    return "\n".join(lines)
