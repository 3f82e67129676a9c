"""HTML for result cards, answers, the city comparison and clause context: the only place the app's HTML is
written. Every value is passed through `html.escape` where it is interpolated (document text, cities, titles,
ids), so markup in a corpus file, an upload or a metadata correction is shown as text, never run."""

from __future__ import annotations

import html

from search.answer.compare import CityRow
from search.draft.report import CheckedClause, DraftReport, Precedent
from search.present.labels import (
    adoption_label,
    also_in_line,
    breadcrumb,
    city_label,
    document_line,
    draft_label,
    place_label,
    source_line,
)
from search.present.url_state import clause_anchor, document_url
from search.records import (
    Citation,
    CitedDocument,
    Clause,
    Document,
    DocumentPage,
    Doubt,
    Effect,
    Hit,
    Mention,
    Validity,
)
from search.validity_rules import AMENDED, EXPIRED, IN_FORCE, NOT_YET_IN_FORCE, PARTLY_REPEALED, REPEALED

VIEW_IN_DOCUMENT = "在原文中查看 View in document"
UPLOADED = "上传 uploaded"
UPLOADED_HELP = (
    "访客通过本应用上传的文件，不是已核实的城市政策 Added by a visitor through this app, not a verified city policy"
)
REPORTED = "报道 report"
REPORTED_HELP = (
    "本页报道或解读标题所示文件，并非文件原文 This page reports on the document its title names; it is not its text"
)
_VALIDITY_CSS = {  # anything else: unknown
    IN_FORCE: "ps-valid-in",
    EXPIRED: "ps-valid-out",
    REPEALED: "ps-valid-out",
    AMENDED: "ps-valid-changed",
    PARTLY_REPEALED: "ps-valid-changed",
    NOT_YET_IN_FORCE: "ps-valid-soon",
}
BACK_TO_SEARCH = "← 返回检索 Back to search"
NOT_HELD = "库中无 not in the library"
# Citations are read from the text by rules, and some are wrong (docs/lineage.md measures how many).
LINEAGE_CAVEAT = (
    "引用与废止关系由程序从正文读出，可能有误，请以原文为准 · Read from the text by the program: check the source"
)

# What a document does to one it cites, shown beside the citation (the library may not hold the cited one).
EFFECT_LABELS = {
    Effect.REPEALS: "废止 repealed by this document",
    Effect.REPEALS_PART: "部分废止 repealed in part by this document",
    Effect.AMENDS: "修改 amended by this document",
}

# Why a name the text gives is left in doubt (`Doubt`), as the document page says it.
DOUBT_LABELS = {
    Doubt.NOT_A_DOCUMENT_TYPE: "名称不似文件 not named like a document",
    Doubt.CARRIED_IN_FULL: "全文载于本页，或即本文件 the page carries its text: it may be this document",
    Doubt.NEAR_OWN_TITLE: "与本文件标题相近 close to this document's own title",
    Doubt.NUMBER_AT_HEAD: "文号位于页首，或即本文件文号 a number at the head of the page: it may be this document's",
    Doubt.NUMBER_ON_OWN_LINE: "文号单独成行，或即本文件文号 a number on a line of its own: it may be this document's",
    Doubt.NUMBER_WITHOUT_ISSUER: "文号未写明发文机关 the number does not name its issuer",
    Doubt.DATED_LINE: "单独成行且带日期，或为页首标题、链接列表 alone on a dated line: a heading or a list of links",
    Doubt.UNDER_AN_ACT: "列于废止或修改清单，效力未读出 listed under a repeal or amendment not read",
    Doubt.TO_BE_MADE: "拟制定的文件，尚未出台 a document planned, not yet made",
}


def highlighted_html(text: str, spans: list[tuple[int, int]]) -> str:
    """Escape every piece of document text, then wrap the matched spans in <mark>."""
    out, last = [], 0
    for start, end in spans:
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def hit_card_html(hit: Hit, document: Document | None) -> str:
    clause = hit.clause
    departments = (
        f'<div class="ps-depts">责任单位 Departments：{html.escape("、".join(clause.departments))}</div>'
        if clause.departments
        else ""
    )
    return (
        f'<div class="ps-card" data-city="{html.escape(clause.city or "")}" data-clause="{html.escape(clause.id)}">'
        f'<div class="ps-head"><span class="ps-badge">{html.escape(city_label(clause.city, clause.province))}</span>'
        f"{validity_badge_html(hit.validity)}{upload_badge_html(hit.uploaded)}{report_badge_html(hit.reported)}"
        f'<span class="ps-rank">#{hit.rank}</span>'
        f'<span class="ps-score">相关度 score {hit.score:.3f}</span></div>'
        f'<div class="ps-doc">{document_link_html(clause.doc_id, document_line(clause, document))}</div>'
        f'<div class="ps-path">{html.escape(breadcrumb(clause.outline))}</div>'
        f'<div class="ps-text">{highlighted_html(clause.text, hit.highlights)}</div>'
        f"{departments}{_also_in_html(hit)}</div>"
    )


def document_link_html(doc_id: str, text: str, clause_id: str | None = None) -> str:
    """`text` as a link to the document's page (to the clause, when given), in the same tab."""
    href = html.escape(document_url(doc_id, clause_id))
    return f'<a class="ps-doclink" href="{href}" target="_self">{html.escape(text)}</a>'


def validity_badge_html(validity: Validity | None) -> str:
    """`[已失效] 规划期2022-2025年已结束`: the status as a coloured badge and the reason beside it."""
    if validity is None:
        return ""
    css = _VALIDITY_CSS.get(validity.status, "ps-valid-unknown")
    return (
        f'<span class="ps-valid {css}">{html.escape(validity.status)}</span>'
        f'<span class="ps-valid-why">{html.escape(validity.reason)}</span>'
    )


def upload_badge_html(uploaded: bool) -> str:
    """A visitor's upload, marked so that it is never mistaken for a city's published policy."""
    return f'<span class="ps-upload" title="{UPLOADED_HELP}">{UPLOADED}</span>' if uploaded else ""


def report_badge_html(reported: bool) -> str:
    """A news item or an explainer titled by the document it reports, so that it is not taken for that document."""
    return f'<span class="ps-report" title="{REPORTED_HELP}">{REPORTED}</span>' if reported else ""


def result_html(card: str, context: str) -> str:
    """A card with its clause in context behind a <details> toggle. The browser opens it without a rerun, and
    all results go out as one element: an expander per card made ten pages re-render 45 elements a search."""
    return f'<div class="ps-result">{card}{_details(VIEW_IN_DOCUMENT, context)}</div>'


def sources_html(citations: list[Citation], contexts: list[str]) -> str:
    """An answer's sources, `[1] 宜昌 · … › …`, each opening onto its clause in context."""
    return "".join(
        _details(
            f"[{c.number}] {html.escape(source_line(c))} {validity_badge_html(c.validity)}{upload_badge_html(c.uploaded)}"
            f"{report_badge_html(c.reported)}",
            context,
            "ps-source",
        )
        for c, context in zip(citations, contexts, strict=True)
    )


def _details(summary_html: str, body_html: str, css: str = "ps-more") -> str:
    return f'<details class="{css}"><summary>{summary_html}</summary>{body_html}</details>'


def _also_in_html(hit: Hit) -> str:
    line = also_in_line(hit)
    return f'<div class="ps-also">{html.escape(line)}</div>' if line else ""


def comparison_html(rows: list[CityRow]) -> str:
    """One table row per city: its badge, where its best provision stands, the provision highlighted, and who
    adopted that provision first (linked to that document's page)."""
    table = [
        '<table class="ps-compare"><tr><th>城市 City</th><th>出处 Section</th><th>条款 Provision</th>'
        "<th>首先采用 First adopted by</th></tr>"
    ]
    for row in rows:
        clause = row.hit.clause
        validity = (
            validity_badge_html(row.hit.validity)
            + upload_badge_html(row.hit.uploaded)
            + report_badge_html(row.hit.reported)
        )
        first = row.hit.adopted[0] if row.hit.adopted else None
        adopter = document_link_html(first.id, adoption_label(first)) if first else ""
        table.append(
            f'<tr data-city="{html.escape(clause.city or "")}" data-clause="{html.escape(clause.id)}">'
            f'<td><span class="ps-badge">{html.escape(city_label(clause.city, clause.province))}</span></td>'
            f'<td class="ps-path">{document_link_html(clause.doc_id, clause.doc_title)}{" " if validity else ""}'
            f"{validity}<br>{html.escape(breadcrumb(clause.outline))}</td>"
            f'<td class="ps-text">{highlighted_html(clause.text, row.hit.highlights)}</td>'
            f'<td class="ps-first">{adopter}</td></tr>'
        )
    table.append("</table>")
    return "".join(table)


def document_page_html(page: DocumentPage) -> str:
    """A document's page: title, place, validity and reason, its facts, its lineage (each document of the
    library a link to its page) and its clauses, a citation of a document of the library a link in the text."""
    summary = page.summary
    document, meta = summary.document, summary.document.meta
    facts = [
        ("文件 Id", document.doc_id),
        ("地区 Place", place_label(meta)),
        ("发文机关 Issuer", meta.issuer),
        ("发文字号 Number", meta.doc_number),
        ("成文日期 Issued", meta.dated),
        ("施行日期 Effective", meta.effective_date),
        ("有效期至 Expires", summary.expires),
    ]
    rows = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>" for label, value in facts if value
    )
    return (
        f'<div class="ps-docpage" data-doc="{html.escape(document.doc_id)}">'
        f'<a class="ps-back" href="?" target="_self">{BACK_TO_SEARCH}</a>'
        f'<h3 class="ps-doctitle">{html.escape(document.display_title)}</h3>'
        f'<div class="ps-head"><span class="ps-badge">{html.escape(city_label(meta.city or meta.province))}</span>'
        f"{validity_badge_html(summary.validity)}{upload_badge_html(bool(meta.uploaded))}"
        f"{report_badge_html(meta.reported)}</div>"
        f'<table class="ps-meta">{rows}</table>{_lineage_html(page)}'
        f"<h4>正文 Text</h4>{''.join(_clause_html(clause, page.links.get(clause.id, [])) for clause in page.clauses)}"
        "</div>"
    )


def _lineage_html(page: DocumentPage) -> str:
    lineage = page.summary.lineage
    sections = [
        ("引用 Cites", "".join(_cited_html(cited, page.titles) for cited in lineage.cites)),
        ("被引用 Cited by", _linked_list(lineage.cited_by, page.titles)),
        ("废止 Repeals", _linked_list(lineage.repeals, page.titles)),
        ("被废止 Repealed by", _linked_list(lineage.repealed_by, page.titles)),
        ("部分废止 Repeals in part", _linked_list(lineage.repeals_part, page.titles)),
        ("被部分废止 Partly repealed by", _linked_list(lineage.partly_repealed_by, page.titles)),
        ("修改 Amends", _linked_list(lineage.amends, page.titles)),
        ("被修改 Amended by", _linked_list(lineage.amended_by, page.titles)),
        ("存疑的提及 Mentions in doubt (not linked)", "".join(_mention_html(m) for m in lineage.mentions)),
    ]
    shown = "".join(
        f'<div class="ps-lineage-part"><h4>{label}</h4><ul>{items}</ul></div>' for label, items in sections if items
    )
    caveat = f'<p class="ps-caveat">{LINEAGE_CAVEAT}</p>'
    return f'<div class="ps-lineage">{shown}{caveat}</div>' if shown else ""


def _cited_html(cited: CitedDocument, titles: dict[str, str]) -> str:
    number = f" {html.escape(cited.number)}" if cited.number else ""
    effect = f' <span class="ps-effect">{EFFECT_LABELS[cited.effect]}</span>' if cited.effect else ""
    if cited.id is not None:
        return f"<li>{document_link_html(cited.id, titles.get(cited.id, cited.id))}{number}{effect}</li>"
    title = f"《{html.escape(cited.title)}》" if cited.title else ""
    return f'<li>{title}{number}{effect} <span class="ps-notheld">{NOT_HELD}</span></li>'


def _mention_html(mention: Mention) -> str:
    """A name left in doubt, as written and with why; never a link, since it may name this very document."""
    title = f"《{html.escape(mention.title)}》" if mention.title else ""
    number = f" {html.escape(mention.number)}" if mention.number else ""
    return f'<li class="ps-mention">{title}{number} <span class="ps-notheld">{DOUBT_LABELS[mention.doubt]}</span></li>'


def _linked_list(ids: list[str], titles: dict[str, str]) -> str:
    return "".join(f"<li>{document_link_html(i, titles.get(i, i))}</li>" for i in ids)


def _clause_html(clause: Clause, links: list[tuple[int, int, str]]) -> str:
    """A clause of the document's page, each citation of a document of the library a link to its page."""
    out, last = [], 0
    for start, end, target in sorted(links):
        if start < last:
            continue
        out.append(html.escape(clause.text[last:start]))
        out.append(document_link_html(target, clause.text[start:end]))
        last = end
    out.append(html.escape(clause.text[last:]))
    return (
        f'<div class="ps-ctx" id="{html.escape(clause_anchor(clause.id))}">'
        f'<div class="ps-path">{html.escape(breadcrumb(clause.outline))}</div>'
        f'<div class="ps-text">{"".join(out).replace(chr(10), "<br>")}</div></div>'
    )


def context_html(neighbours: list[tuple[Clause, bool]]) -> str:
    """The clause among its neighbours, the clause itself marked."""
    blocks = []
    for clause, is_target in neighbours:
        css = "ps-ctx ps-ctx-target" if is_target else "ps-ctx"
        blocks.append(
            f'<div class="{css}"><div class="ps-path">{html.escape(breadcrumb(clause.outline))}</div>'
            f"<div>{highlighted_html(clause.text, [])}</div></div>"
        )
    return "".join(blocks)


def quote_html(text: str, figure: str | None, number: int) -> str:
    escaped = html.escape(text)
    if figure:
        escaped = escaped.replace(html.escape(figure), f"<mark>{html.escape(figure)}</mark>", 1)
    return f'<div class="ps-quote">“{escaped}” <sup class="ps-cite">[{number}]</sup></div>'


STYLE = """
<style>
.ps-card{border:1px solid #e3e6ea;border-radius:10px;padding:14px 18px;margin:0 0 6px 0;background:#fff}
.ps-head{display:flex;gap:10px;align-items:center;margin-bottom:4px}
.ps-badge{background:#b42318;color:#fff;border-radius:6px;padding:1px 10px;font-weight:600;font-size:0.95rem}
.ps-rank{color:#667085;font-size:0.85rem}
.ps-valid{border-radius:6px;padding:1px 8px;font-size:0.8rem;font-weight:600;border:1px solid}
.ps-valid-in{color:#067647;border-color:#abefc6;background:#ecfdf3}
.ps-valid-out{color:#b42318;border-color:#fecdca;background:#fef3f2}
.ps-valid-unknown{color:#475467;border-color:#d0d5dd;background:#f9fafb}
.ps-valid-changed{color:#b54708;border-color:#fedf89;background:#fffaeb}
.ps-valid-soon{color:#175cd3;border-color:#b2ddff;background:#eff8ff}
.ps-upload{border-radius:6px;padding:1px 8px;font-size:0.8rem;font-weight:600;color:#6941c6;border:1px dashed #9e77ed;background:#f9f5ff}
.ps-report{border-radius:6px;padding:1px 8px;font-size:0.8rem;font-weight:600;color:#475467;border:1px dashed #98a2b3;background:#f9fafb}
.ps-valid-why{color:#667085;font-size:0.8rem}
.ps-score{margin-left:auto;color:#667085;font-size:0.85rem}
.ps-doc{font-weight:600;color:#1d2939;font-size:0.95rem}
.ps-path{color:#475467;font-size:0.85rem;margin:2px 0 6px 0}
.ps-text{line-height:1.85;font-size:1.02rem;color:#101828;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
.ps-text mark,.ps-quote mark{background:#fef0c7;padding:0 2px;border-radius:3px}
.ps-depts{color:#475467;font-size:0.85rem;margin-top:6px}
.ps-also{color:#175cd3;font-size:0.85rem;margin-top:6px}
.ps-quote{line-height:1.85;font-size:1.0rem;margin:4px 0 8px 0;padding-left:10px;border-left:3px solid #d0d5dd}
.ps-cite{color:#175cd3}
.ps-compare{border-collapse:collapse;width:100%}
.ps-compare th{background:#f2f4f7;text-align:left;padding:8px;font-size:0.9rem}
.ps-compare td{border-top:1px solid #e3e6ea;padding:10px 8px;vertical-align:top}
.ps-compare td:first-child{white-space:nowrap}
.ps-result{margin:0 0 14px 0}
.ps-more summary,.ps-source summary{cursor:pointer;color:#175cd3;font-size:0.9rem;padding:2px 4px}
.ps-source{border:1px solid #e3e6ea;border-radius:8px;padding:6px 10px;margin:0 0 6px 0}
.ps-ctx{padding:8px 12px;margin:4px 0;border-radius:6px;line-height:1.8;color:#475467}
.ps-ctx-target{background:#fffaeb;border-left:4px solid #f79009;color:#101828}
.ps-label{border-radius:6px;padding:1px 8px;font-size:0.85rem;font-weight:600;margin-right:6px}
.ps-copied{color:#b42318;background:#fef3f2;border:1px solid #fecdca}
.ps-adapted{color:#b54708;background:#fffaeb;border:1px solid #fedf89}
.ps-novel{color:#067647;background:#ecfdf3;border:1px solid #abefc6}
.ps-draft-summary{border:1px solid #e3e6ea;border-radius:10px;padding:12px 18px;margin:0 0 12px 0;background:#f9fafb}
.ps-outdated{color:#b42318;font-size:0.9rem;margin-top:4px}
.ps-precedent{border-top:1px dashed #e3e6ea;padding:6px 0 2px 0;font-size:0.9rem;color:#1d2939}
.ps-diff ins.ps-added{background:#d1fadf;text-decoration:none;padding:0 1px}
.ps-diff del.ps-dropped,.ps-path del.ps-dropped{background:#fee4e2;color:#912018}
.ps-path ins.ps-added{background:#d1fadf;text-decoration:none}
.ps-doclink{color:inherit;text-decoration:none;border-bottom:1px dotted #98a2b3}
.ps-doclink:hover{color:#175cd3}
.ps-text .ps-doclink{color:#175cd3}
.ps-meta{border-collapse:collapse;margin:8px 0 12px 0}
.ps-meta th{text-align:left;color:#475467;font-weight:500;padding:2px 16px 2px 0;font-size:0.9rem}
.ps-meta td{padding:2px 0;font-size:0.95rem}
.ps-lineage{display:flex;flex-wrap:wrap;gap:4px 32px}
.ps-lineage h4{font-size:0.95rem;margin:8px 0 2px 0}
.ps-lineage ul{margin:0;padding-left:18px}
.ps-notheld{color:#98a2b3;font-size:0.8rem}
.ps-effect{color:#b42318;font-size:0.8rem;font-weight:600}
.ps-caveat{color:#98a2b3;font-size:0.75rem;margin:0.2rem 0 0}
.ps-back{font-size:0.9rem;color:#175cd3}
.ps-first{white-space:nowrap;font-size:0.9rem}
</style>
"""


_DIFF_HTML = {
    "same": '<span class="ps-same">{draft}</span>',
    "added": '<ins class="ps-added">{draft}</ins>',
    "dropped": '<del class="ps-dropped">{precedent}</del>',
    "changed": '<del class="ps-dropped">{precedent}</del><ins class="ps-added">{draft}</ins>',
}
_DRAFT_CSS = {"copied": "ps-copied", "adapted": "ps-adapted", "novel": "ps-novel"}


def draft_summary_html(report: DraftReport) -> str:
    """The shares of copied, adapted and novel clauses, the cities and documents drawn on, and the precedents
    no longer in force (a drafter copying a repealed measure must see it)."""
    summary = report.summary
    parts = [f'<div class="ps-draft-summary"><div class="ps-doc">{html.escape(report.title)}</div>']
    parts.append(
        "<div>"
        + "".join(
            f'<span class="ps-label {_DRAFT_CSS[str(label)]}">{html.escape(draft_label(label))} {count}'
            f"{f' ({count / summary.total:.0%})' if summary.total else ''}</span>"
            for label, count in summary.counts.items()
        )
        + "</div>"
    )
    if summary.cities:
        cities = "、".join(f"{c.name} {c.clauses}" for c in summary.cities)
        parts.append(f'<div class="ps-path">借鉴最多的城市 Cities drawn on most：{html.escape(cities)}</div>')
    if summary.documents:
        documents = "；".join(f"{d.name} ({d.clauses})" for d in summary.documents)
        parts.append(f'<div class="ps-path">借鉴最多的文件 Documents drawn on most：{html.escape(documents)}</div>')
    for outdated in summary.outdated:
        p = outdated.precedent
        parts.append(
            f'<div class="ps-outdated">第{outdated.clause}条的先例已失效 Clause {outdated.clause} draws on a precedent '
            f"no longer in force：{html.escape(city_label(p.clause.city))} · {html.escape(p.clause.doc_title)} "
            f"{validity_badge_html(p.validity)}</div>"
        )
    return "".join(parts) + "</div>"


def draft_clause_html(checked: CheckedClause) -> str:
    """A draft clause with its label, its precedents (city, document, date, section, similarity, validity) and,
    against the closest, the shared passages with what the draft added (<ins>) or dropped (<del>)."""
    label = str(checked.label)
    precedents = "".join(_precedent_html(p) for p in checked.precedents) or (
        '<div class="ps-path">库中没有相近的条款 Nothing close in the library</div>'
    )
    diff = ""
    if checked.alignment is not None:
        marked = "".join(
            _DIFF_HTML[s.change].format(draft=html.escape(s.draft), precedent=html.escape(s.precedent))
            for s in checked.alignment.segments
        ).replace("\n", "<br>")
        diff = (
            '<div class="ps-path">与最接近的先例相比 Against the closest precedent '
            '(<ins class="ps-added">新增 added</ins> <del class="ps-dropped">删去 dropped</del>)</div>'
            f'<div class="ps-text ps-diff">{marked}</div>'
        )
    return (
        f'<div class="ps-card ps-draft-clause" data-label="{label}" data-number="{checked.number}">'
        f'<div class="ps-head"><span class="ps-rank">#{checked.number}</span>'
        f'<span class="ps-label {_DRAFT_CSS[label]}">{html.escape(draft_label(label))}</span></div>'
        f'<div class="ps-text">{highlighted_html(checked.clause.text, [])}</div>'
        f'{diff}<div class="ps-precedents">{precedents}</div></div>'
    )


def _precedent_html(precedent: Precedent) -> str:
    c = precedent.clause
    facts = " · ".join(
        [c.doc_title, precedent.issued or "—", f"相似度 similarity {precedent.closeness.similarity:.3f}",
         f"用词重合 shared wording {precedent.closeness.overlap:.0%}"]
    )  # fmt: skip
    return (
        f'<div class="ps-precedent" data-clause="{html.escape(c.id)}">'
        f'<span class="ps-badge">{html.escape(city_label(c.city, c.province))}</span> {html.escape(facts)} '
        f"{validity_badge_html(precedent.validity)}{upload_badge_html(precedent.uploaded)}"
        f'<div class="ps-path">{html.escape(breadcrumb(c.outline))}</div>'
        f"{_also_in_html_of(precedent.also_in, precedent.copy_count)}</div>"
    )


def _also_in_html_of(cities: list[str], copies: int) -> str:
    if not copies:
        return ""
    named = f"：{'、'.join(cities[:8])}" if cities else ""
    return f'<div class="ps-also">{html.escape(f"同见 also in {copies} other documents{named}")}</div>'
