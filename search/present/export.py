"""Downloads: search results, answers and city comparisons as CSV and Markdown, with citations.

Every value in the Markdown is escaped (`escape_markdown_file`), so document text cannot add links or markup; every
text cell of the CSV is defused (`_spreadsheet_safe`), so document text cannot run as a spreadsheet formula."""

from __future__ import annotations

import csv
import io

from search.answer.compare import CityRow
from search.draft.report import CheckedClause, DraftReport
from search.present.labels import (
    adoption_label,
    also_in_line,
    breadcrumb,
    city_label,
    draft_label,
    share_line,
    validity_label,
)
from search.present.markdown import escape_markdown_file as md
from search.records import Answer, Hit

# New columns go last: the columns before them keep their places (scripts read them by position). `also_in`: the
# other cities whose documents hold the same provision (、-separated, all of them), `copies`: how many other
# documents; both empty in an answer, which quotes each city from its own document. `province`: the document's.
# `first_adopted_by`: the oldest document holding the provision, `武汉 2015-03-10 (湖北.武汉.wh-2015)`.
COLUMNS = [
    "rank", "city", "document", "section_path", "clause_id", "score", "text", "validity", "also_in", "copies", "province",
    "first_adopted_by",
]  # fmt: skip


# A cell starting with one of these is read by Excel and LibreOffice as a formula (`=HYPERLINK(...)`, `@SUM(...)`).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with an apostrophe so it shows as text
    (OWASP's advice for CSV injection); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv(rows: list[list], columns: list[str] = COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([_spreadsheet_safe(value) for value in row] for row in rows)
    return "\ufeff" + buffer.getvalue()  # BOM: Excel opens UTF-8 Chinese correctly


def _copies(hit: Hit) -> list[object]:
    return ["、".join(hit.also_in), hit.copy_count]


def _first_adopted(hit: Hit) -> str:
    first = hit.adopted[0] if hit.adopted else None
    return f"{adoption_label(first)} ({first.id})" if first else ""


def hits_csv(hits: list[Hit]) -> str:
    return _csv(
        [
            [
                h.rank,
                h.clause.city,
                h.clause.doc_title,
                breadcrumb(h.clause.outline),
                h.clause.id,
                f"{h.score:.4f}",
                h.clause.text,
                validity_label(h.validity),
                *_copies(h),
                h.clause.province or "",
                _first_adopted(h),
            ]
            for h in hits
        ]
    )


def hits_markdown(query: str, hits: list[Hit], translated_query: str | None = None) -> str:
    lines = [f"# 检索结果 Search results: {md(query)}", "", *_searched_as(translated_query)]
    for h in hits:
        c = h.clause
        lines += [
            f"## {h.rank}. {md(city_label(c.city, c.province))} · {md(c.doc_title)}",
            f"*{md(breadcrumb(c.outline))}* (`{c.id}`)",
            *([f"时效 Validity: {md(validity_label(h.validity))}"] if h.validity else []),
            "",
            _quote(c.text),
            "",
        ]
        if also_in := also_in_line(h):
            lines += [md(also_in), ""]
    return "\n".join(lines)


def answer_csv(answer: Answer) -> str:
    rows = [
        [
            p.citation.number,
            city_label(g.city),
            p.citation.doc_title,
            breadcrumb(p.citation.section_path),
            p.citation.clause_id,
            p.figure or "",
            p.text,
            validity_label(p.citation.validity),
            "",
            "",
            "",
            "",
        ]
        for g in answer.by_city
        for p in g.points
    ]
    return _csv(rows)


def answer_markdown(answer: Answer) -> str:
    summary = md(answer.summary) if answer.summary else "未找到相关条款 / no matching provision found"
    lines = [f"# {md(answer.question)}", "", *_searched_as(answer.translated_query), summary, ""]
    for group in answer.by_city:
        lines.append(f"## {md(city_label(group.city))}")
        lines += [f"- “{md(p.text)}” [{p.citation.number}]" for p in group.points]
        lines.append("")
    if answer.citations:
        lines.append("## 出处 Sources")
        lines += [
            f"{c.number}. {md(city_label(c.city))} · {md(c.doc_title)} · {md(breadcrumb(c.section_path))} (`{c.clause_id}`)"
            + (f" · {md(validity_label(c.validity))}" if c.validity else "")
            for c in answer.citations
        ]
    return "\n".join(lines)


def comparison_csv(rows: list[CityRow]) -> str:
    return _csv(
        [
            [
                n,
                city_label(r.city),
                r.hit.clause.doc_title,
                breadcrumb(r.hit.clause.outline),
                r.hit.clause.id,
                f"{r.hit.score:.4f}",
                r.hit.clause.text,
                validity_label(r.hit.validity),
                *_copies(r.hit),
                r.hit.clause.province or "",
                _first_adopted(r.hit),
            ]
            for n, r in enumerate(rows, 1)
        ]
    )


def comparison_markdown(query: str, rows: list[CityRow]) -> str:
    lines = [
        f"# 城市对比 Compare cities: {md(query)}",
        "",
        "| 城市 City | 出处 Section | 条款 Provision | 首先采用 First adopted by |",
        "| --- | --- | --- | --- |",
    ]
    for r in rows:
        c = r.hit.clause
        validity = f" ({_cell(validity_label(r.hit.validity))})" if r.hit.validity else ""
        first = _cell(_first_adopted(r.hit))
        lines.append(
            f"| {_cell(city_label(r.city))} | {_cell(c.doc_title)}{validity} › {_cell(breadcrumb(c.outline))} | {_cell(c.text)} | {first} |"
        )
    return "\n".join(lines)


def _searched_as(translated_query: str | None) -> list[str]:
    """A paragraph saying how an English query was searched in Chinese; none for a Chinese query."""
    if translated_query is None:
        return []
    return [f"按中文检索 searched as: {md(translated_query or '—')}", ""]


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in md(text).splitlines())


def _cell(text: str) -> str:
    """A table row is one line: newlines become spaces; an escaped `|` stays inside its cell."""
    return md(" ".join(text.splitlines()))


# A draft check: one row per draft clause and precedent (a clause without precedents has one row, its precedent
# cells empty). `overlap`: the share of rarity-weighted words the two share, which decides adapted against novel.
DRAFT_COLUMNS = [
    "clause", "label", "text", "precedent", "precedent_id", "doc_id", "city", "document", "section_path", "issued",
    "similarity", "overlap", "validity",
]  # fmt: skip


def draft_csv(report: DraftReport) -> str:
    rows = []
    for checked in report.clauses:
        head = [checked.number, str(checked.label), checked.clause.text]
        if not checked.precedents:
            rows.append(head + [""] * (len(DRAFT_COLUMNS) - len(head)))
        for rank, p in enumerate(checked.precedents, 1):
            c = p.clause
            rows.append(
                head
                + [rank, c.id, c.doc_id, c.city or "", c.doc_title, breadcrumb(c.outline), p.issued or ""]
                + [f"{p.closeness.similarity:.4f}", f"{p.closeness.overlap:.4f}", validity_label(p.validity)]
            )
    return _csv(rows, DRAFT_COLUMNS)


# How a difference from the closest precedent is marked in a .md file: GFM strikethrough for what the draft
# dropped, bold for what it added (the text inside is escaped, so neither mark can come from a document).
_MARKDOWN_CHANGES = {
    "same": "{draft}",
    "added": "**{draft}**",
    "dropped": "~~{precedent}~~",
    "changed": "~~{precedent}~~**{draft}**",
}


def draft_markdown(report: DraftReport) -> str:
    summary = report.summary
    lines = [f"# 草案比对 Draft check: {md(report.title)}", "", md(share_line(summary.counts, summary.total)), ""]
    if summary.cities:
        lines += [
            "借鉴最多的城市 Cities drawn on most: " + md("、".join(f"{c.name} ({c.clauses})" for c in summary.cities)),
            "",
        ]
    if summary.documents:
        lines += [
            "借鉴最多的文件 Documents drawn on most:",
            *[f"- {md(d.name)} ({d.clauses})" for d in summary.documents],
            "",
        ]
    if summary.outdated:
        lines.append("已失效的先例 Precedents no longer in force:")
        lines += [
            f"- 第{o.clause}条 clause {o.clause}: {md(o.precedent.clause.doc_title)} · {md(validity_label(o.precedent.validity))}"
            for o in summary.outdated
        ]
        lines.append("")
    for checked in report.clauses:
        lines += _draft_clause_markdown(checked)
    return "\n".join(lines)


def _draft_clause_markdown(checked: CheckedClause) -> list[str]:
    lines = [f"## {checked.number}. {draft_label(checked.label)}", "", _quote(checked.clause.text), ""]
    for rank, p in enumerate(checked.precedents, 1):
        c = p.clause
        lines.append(
            f"{rank}. {md(city_label(c.city, c.province))} · {md(c.doc_title)} · {md(breadcrumb(c.outline))} (`{c.id}`) · "
            f"{md(p.issued or '—')} · 相似度 similarity {p.closeness.similarity:.3f}"
            + (f" · {md(validity_label(p.validity))}" if p.validity else "")
        )
    if checked.alignment is not None:
        marked = "".join(
            _MARKDOWN_CHANGES[s.change].format(draft=md(s.draft), precedent=md(s.precedent))
            for s in checked.alignment.segments
        )
        lines += [
            "",
            "与最接近的先例相比 Against the closest precedent (**added 新增**, ~~dropped 删去~~):",
            "",
            " ".join(marked.splitlines()),
        ]
    return [*lines, ""]
