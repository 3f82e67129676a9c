"""HTML for result cards, answers, the city comparison and clause context: the only place the app's HTML is
written. Every value is passed through `html.escape` where it is interpolated (document text, cities, titles,
ids), so markup in a corpus file, an upload or a metadata correction is shown as text, never run."""

from __future__ import annotations

import html

from search.answer.compare import CityRow
from search.present.labels import also_in_line, breadcrumb, city_label, document_line, source_line
from search.records import Citation, Clause, Document, Hit, Validity
from search.validity_rules import EXPIRED, IN_FORCE

VIEW_IN_DOCUMENT = "在原文中查看 View in document"
UPLOADED = "上传 uploaded"
UPLOADED_HELP = (
    "访客通过本应用上传的文件，不是已核实的城市政策 Added by a visitor through this app, not a verified city policy"
)
_VALIDITY_CSS = {IN_FORCE: "ps-valid-in", EXPIRED: "ps-valid-out"}  # anything else: unknown


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
        f'<div class="ps-head"><span class="ps-badge">{html.escape(city_label(clause.city))}</span>'
        f"{validity_badge_html(hit.validity)}{upload_badge_html(hit.uploaded)}"
        f'<span class="ps-rank">#{hit.rank}</span>'
        f'<span class="ps-score">相关度 score {hit.score:.3f}</span></div>'
        f'<div class="ps-doc">{html.escape(document_line(clause, document))}</div>'
        f'<div class="ps-path">{html.escape(breadcrumb(clause.outline))}</div>'
        f'<div class="ps-text">{highlighted_html(clause.text, hit.highlights)}</div>'
        f"{departments}{_also_in_html(hit)}</div>"
    )


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


def result_html(card: str, context: str) -> str:
    """A card with its clause in context behind a <details> toggle. The browser opens it without a rerun, and
    all results go out as one element: an expander per card made ten pages re-render 45 elements a search."""
    return f'<div class="ps-result">{card}{_details(VIEW_IN_DOCUMENT, context)}</div>'


def sources_html(citations: list[Citation], contexts: list[str]) -> str:
    """An answer's sources, `[1] 宜昌 · … › …`, each opening onto its clause in context."""
    return "".join(
        _details(
            f"[{c.number}] {html.escape(source_line(c))} {validity_badge_html(c.validity)}{upload_badge_html(c.uploaded)}",
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
    """One table row per city: its badge, where its best provision stands, and the provision highlighted."""
    table = ['<table class="ps-compare"><tr><th>城市 City</th><th>出处 Section</th><th>条款 Provision</th></tr>']
    for row in rows:
        clause = row.hit.clause
        validity = validity_badge_html(row.hit.validity) + upload_badge_html(row.hit.uploaded)
        table.append(
            f'<tr data-city="{html.escape(clause.city or "")}" data-clause="{html.escape(clause.id)}">'
            f'<td><span class="ps-badge">{html.escape(city_label(clause.city))}</span></td>'
            f'<td class="ps-path">{html.escape(clause.doc_title)}{" " if validity else ""}{validity}<br>'
            f"{html.escape(breadcrumb(clause.outline))}</td>"
            f'<td class="ps-text">{highlighted_html(clause.text, row.hit.highlights)}</td></tr>'
        )
    table.append("</table>")
    return "".join(table)


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
.ps-upload{border-radius:6px;padding:1px 8px;font-size:0.8rem;font-weight:600;color:#6941c6;border:1px dashed #9e77ed;background:#f9f5ff}
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
</style>
"""
