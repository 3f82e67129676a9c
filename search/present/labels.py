"""Plain-text labels every face shares (cards, exports, terminal): one breadcrumb, one document line, one
stand-in for a missing city. Not escaped: each face escapes them its own way."""

from __future__ import annotations

from search.records import UNKNOWN_CITY, Adoption, Citation, Clause, Document, DocumentMeta, Hit, Validity
from search.retrieve.query_syntax import QuerySyntax

# How each part of a query's syntax is named where the app and the CLI show how the query was read.
READING_LABELS = {"city": "城市", "province": "省份", "type": "类型", "year": "年份", "doc": "文件"}
ALSO_IN_CITIES = 8  # cities named on a hit's "also in" line; the rest are left to the document count
PREAMBLE = "（正文前言 preamble）"


def breadcrumb(outline: list[str]) -> str:
    """`一、主要任务 › （五）提升政策 › 19.拓展保税监管范围`; a clause before the first heading is the preamble.
    Plain text: the HTML, Markdown and terminal faces escape it their own way."""
    return " › ".join(outline) if outline else PREAMBLE


def document_line(clause: Clause, document: Document | None) -> str:
    meta = document.meta if document else None
    bits = [clause.doc_title]
    if meta and meta.doc_number:
        bits.append(meta.doc_number)
    if meta and meta.dated:
        bits.append(meta.dated)  # the date it bears: what the date filters, `year:` and the date sort read
    return " · ".join(bits)


def city_label(city: str | None, province: str | None = None) -> str:
    """`武汉`; a provincial or national document's province (`湖北`, `全国`), so it is not shown as unplaced;
    未识别城市 when neither is known."""
    return city or province or UNKNOWN_CITY


def city_with_count(city: str, count: int) -> str:
    """`上海（52）`: a city filter option with the number of its clauses."""
    return f"{city}（{count}）"


def by_clause_count(city_counts: dict[str, int]) -> dict[str, int]:
    """The city filter's order: most clauses first, ties by name. With 60+ cities the list is searched by
    typing, and read from the top when scanned: the cities with most provisions are the likeliest to answer,
    and the count beside each name explains the order (code-point order of Chinese names means nothing)."""
    return dict(sorted(city_counts.items(), key=lambda item: (-item[1], item[0])))


def source_line(citation: Citation) -> str:
    """`宜昌 · 宜昌市…实施方案 · 一、主要任务 › …`: where a cited clause stands."""
    parts = [city_label(citation.city), citation.doc_title, breadcrumb(citation.section_path)]
    return " · ".join(p for p in parts if p)


def also_in_line(hit: Hit) -> str:
    """`同见 also in: 武汉、南京 (12 other documents)`: which cities adopted the same provision; '' for none."""
    if not hit.copy_count:
        return ""
    documents = f"{hit.copy_count} other document{'s' if hit.copy_count > 1 else ''}"
    if not hit.also_in:
        return f"同见 also in {documents}"
    cities = "、".join(hit.also_in[:ALSO_IN_CITIES]) + (" …" if len(hit.also_in) > ALSO_IN_CITIES else "")
    return f"同见 also in: {cities} ({documents})"


def validity_label(validity: Validity | None) -> str:
    """`已失效（规划期2022-2025年已结束）`: the document's status on the day of the search, and why; '' when
    the record carries none (a hit built outside a search)."""
    return f"{validity.status}（{validity.reason}）" if validity else ""


DRAFT_LABELS = {"copied": "照搬 copied", "adapted": "改写 adapted", "novel": "新增 novel"}


def draft_label(label: str) -> str:
    """`照搬 copied`: a draft clause's label as every face shows it."""
    return DRAFT_LABELS[str(label)]


def share_line(counts: dict, total: int) -> str:
    """`照搬 copied 3 (25%) · 改写 adapted 5 (42%) · 新增 novel 4 (33%)`."""
    return " · ".join(
        f"{draft_label(label)} {count} ({count / total:.0%})" if total else f"{draft_label(label)} 0"
        for label, count in counts.items()
    )


def query_reading(syntax: QuerySyntax) -> str:
    """`短语 保税维修 · 排除 飞机 · 城市 上海 · 检索词 支持`: how a query with operators was read, so a mistyped
    operator is seen; '' for a query without any (its words are simply searched)."""
    if not (syntax.constrained or syntax.notes):
        return ""
    parts = [f"短语 {phrase}" for phrase in syntax.phrases]
    parts += [f"任一 {' | '.join(group)}" for group in syntax.any_of]
    parts += [f"排除 {term}" for term in syntax.excluded]
    parts += [f"{READING_LABELS[name]} {value}" for name, values in syntax.fields.items() for value in values]
    if syntax.text:
        parts.append(f"检索词 {syntax.text}")
    return " · ".join(parts)


def adoption_label(adoption: Adoption) -> str:
    """`武汉 2015-03-10`: who adopted a provision and when (`日期不详` when its document bears no date)."""
    return f"{city_label(adoption.city, adoption.province)} {adoption.date or '日期不详'}"


def place_label(meta: DocumentMeta) -> str:
    """`湖北 武汉 南山区`: province, city and district, each once; '' when none is stated."""
    return " ".join(dict.fromkeys(p for p in (meta.province, meta.city, meta.district) if p))
