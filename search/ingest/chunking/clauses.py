"""Split a cleaned document into clause records along its own heading hierarchy."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from search.config import Settings
from search.ingest.chunking.departments import extract_departments, split_department_list, unique
from search.ingest.chunking.inline_headings import document_line_starts, in_open_title
from search.ingest.chunking.tables import find_tables, render_table
from search.ingest.headings import HEADING_MAX_CHARS, TOP, Heading, match_bare_heading, match_heading
from search.normalize import compact, fold_width, normalize
from search.records import Clause, Document
from search.sentences import sentence_spans

log = logging.getLogger(__name__)

# "附件" alone, "附件1", "附件:1.宜昌市…" open the annex part of a document.
_ANNEX_START = re.compile(r"^附件\s*(\d+\s*)?([:：].*)?$")
_ROW_NUMBER = re.compile(r"^\d{1,3}$")


@dataclass
class Line:
    text: str
    start: int
    end: int


@dataclass
class Draft:
    """A clause being assembled: its heading (if any) and the lines it spans."""

    path: list[str]
    heading: str
    kind: str
    lines: list[Line] = field(default_factory=list)
    level: int = 99
    inline: bool = False  # the heading line also carries clause text
    rendered: str | None = None  # tables: readable rows instead of raw cells
    departments: list[str] = field(default_factory=list)
    linked_heading: str | None = None  # annex rows: the main-text heading they repeat


@dataclass
class ChunkResult:
    clauses: list[Clause]
    warnings: list[str]


def split_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + raw.index(stripped[0])
            lines.append(Line(stripped, start, start + len(stripped)))
        offset += len(raw) + 1
    return lines


def unflatten(lines: list[Line]) -> list[Line]:
    """A page copied without line breaks, cut into the lines it had: at inline headings and paragraph ends."""
    pieces: list[Line] = []
    for line, starts in zip(lines, document_line_starts([line.text for line in lines]), strict=True):
        bounds = [0, *starts, len(line.text)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            piece = line.text[start:end].rstrip()
            pieces.append(Line(piece, line.start + start, line.start + start + len(piece)))
    return pieces


def chunk_document(document: Document, settings: Settings) -> ChunkResult:
    lines = unflatten(split_lines(document.text))
    annex_at = next(
        (i for i, line in enumerate(lines) if i > 0 and _ANNEX_START.match(fold_width(line.text))), len(lines)
    )
    main, annex = lines[:annex_at], lines[annex_at:]
    drafts = _outline(main)
    warnings: list[str] = []
    if not any(d.heading for d in drafts if d.kind == "clause"):
        warnings.append(f"{document.path}: no clause structure detected; split into paragraphs")
    drafts += _annex(annex)
    _link_annex_rows(drafts)
    drafts = _merge_tiny(drafts, settings.min_clause_chars)
    clauses = _to_clauses(document, drafts, settings)
    if clauses and _cut_short(clauses[-1].text):
        warnings.append(f"{document.path}: last clause cut short ({clauses[-1].text!r}); kept in the text, not indexed")
        clauses.pop()
    return ChunkResult(clauses, warnings)


# A page cut mid-sentence leaves a last clause of a few characters: "(一)以", "二、主要任". Kept in the document's
# text, it is no provision to index or quote.
CUT_CLAUSE_MAX_CHARS = 8
_COMPLETE_END = ("。", "！", "？", "；", ".", "!", "?", ";", "”", "）", ")", "】", "》")


def _cut_short(text: str) -> bool:
    return len(compact(text)) < CUT_CLAUSE_MAX_CHARS and not text.rstrip().endswith(_COMPLETE_END)


def _classify(lines: list[Line]) -> list[Heading | None]:
    headings: list[Heading | None] = []
    for i, line in enumerate(lines):
        heading = match_heading(line.text)
        if heading is None:
            heading = match_bare_heading(line.text, lines[i + 1].text if i + 1 < len(lines) else None)
        headings.append(heading)
    _promote_lost_top_level(headings)
    return headings


def _promote_lost_top_level(headings: list[Heading | None]) -> None:
    """A lone `1. 标题` line followed by `二、` (and no `2.`) stands for a lost `一、` heading: the first heading after
    it that is either a top one or the number it would go on to decides. One pass from the end, remembering the
    next top heading and the next of each number, so a document of many `1.` lines is not read once per line."""
    next_top: tuple[int, int] | None = None  # (position, ordinal) of the nearest top heading below
    next_number: dict[int, int] = {}  # ordinal -> position of the nearest number heading below
    for i in range(len(headings) - 1, -1, -1):
        heading = headings[i]
        if not heading:
            continue
        if heading.style == "number" and heading.standalone and next_top is not None:
            top_at, top_ordinal = next_top
            if top_ordinal == heading.ordinal + 1 and top_at < next_number.get(heading.ordinal + 1, len(headings)):
                headings[i] = Heading("top", TOP, heading.ordinal, heading.title, True)
        if heading.style == "number":
            next_number[heading.ordinal] = i
        elif heading.style == "top":
            next_top = (i, heading.ordinal)


def _outline(lines: list[Line]) -> list[Draft]:
    """Walk the lines keeping a stack of open headings; each heading opens a clause."""
    headings = _classify(lines)
    tables = {span.first: span for span in find_tables([line.text for line in lines])}
    walk = _OutlineWalk()
    i = 0
    while i < len(lines):
        line, heading = lines[i], headings[i]
        if i in tables:
            walk.table(lines[tables[i].first : tables[i].last + 1])
            i = tables[i].last + 1
            continue
        if heading:
            walk.heading(line, heading)
        elif not walk.continues_item(line):
            walk.paragraph(line)
        i += 1
    walk.flush()
    return walk.drafts


class _OutlineWalk:
    """The state of `_outline`'s walk: the drafts made, the open headings and the clause being filled."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []
        self.stack: list[tuple[int, str]] = []
        self.current: Draft | None = None
        self.multi_line_list: dict[int, bool] = {}  # per level: has an earlier item of the open list run on?
        self.siblings: dict[int, int] = {}
        self.headed = False  # whether a draft with a heading has been made: text before any is the preamble

    def flush(self) -> None:
        if self.current is not None:
            self.drafts.append(self.current)
            self.headed = self.headed or bool(self.current.heading)
            self.current = None

    def path(self) -> list[str]:
        return [h for _, h in self.stack]

    def table(self, table_lines: list[Line]) -> None:
        self.flush()
        rendered = render_table([x.text for x in table_lines])
        caption = rendered.split("\n", 1)[0][:HEADING_MAX_CHARS]
        self.drafts.append(Draft(self.path(), caption, "table", table_lines, rendered=rendered))
        self.headed = self.headed or bool(caption)

    def heading(self, line: Line, heading: Heading) -> None:
        current = self.current
        if current is not None and current.level < heading.level and _only_its_heading(current):
            self.current = None  # a heading whose children follow lives on in their section path
        self.flush()
        for level in [lv for lv in self.siblings if lv > heading.level]:
            self.siblings.pop(level)
            self.multi_line_list.pop(level, None)
        while self.stack and self.stack[-1][0] >= heading.level:
            self.stack.pop()
        self.siblings[heading.level] = self.siblings.get(heading.level, 0) + 1
        self.current = Draft(self.path(), heading.title, "clause", [line], heading.level, not heading.standalone)
        self.stack.append((heading.level, heading.title))

    def continues_item(self, line: Line) -> bool:
        """Whether `line` joins the open headed clause; a paragraph after a list of one-line items does not."""
        current = self.current
        if current is None or not current.heading:
            return False
        earlier_items_single = self.siblings.get(current.level, 0) > 1 and not self.multi_line_list.get(current.level)
        wrapped = _opens_title(current.lines[-1].text)  # a line ending inside a 《title》 or a bracket goes on
        if current.inline and len(current.lines) == 1 and earlier_items_single and not wrapped:
            # Every earlier item of this list was one line: this paragraph follows the list, it is not part of
            # the last item (Datong's stage plans after measure 19).
            self.flush()
            self.stack.pop()
            return False
        if len(current.lines) == 1:
            self.multi_line_list[current.level] = True
        current.lines.append(line)
        return True

    def paragraph(self, line: Line) -> None:
        """Text under no heading of its own: one record per paragraph; a line break inside a 《title》 or a bracket
        ends none."""
        self.flush()
        last = self.drafts[-1] if self.drafts else None
        if last is not None and not last.heading and last.kind != "table" and _opens_title(last.lines[-1].text):
            last.lines.append(line)
            return
        # `headed` is a flag, not a scan of the drafts per paragraph (quadratic in a document without headings).
        kind = "preamble" if not self.stack and not self.headed else "clause"
        self.drafts.append(Draft(self.path(), "", kind, [line]))


def _only_its_heading(draft: Draft) -> bool:
    """Whether a draft is one line holding nothing but its heading. A long heading's title is cut at a comma or
    shortened (`二、创建目标2022年8底前`, of `…8底前,各项创建指标全部达到《X》…。`): the rest of its line is clause text, which
    must not be lost when children follow."""
    if len(draft.lines) != 1 or draft.inline or draft.heading.endswith("…"):
        return False
    return len(draft.lines[0].text.strip().rstrip(" ，,：:。;；")) <= len(draft.heading)


_PAIRS = (("《", "》"), ("〈", "〉"), ("〔", "〕"), ("(", ")"), ("（", "）"))
_WRAPPED_TAIL_CHARS = 60  # longer than the part of a title or number a line wrap leaves on its line


def _opens_title(text: str) -> bool:
    """Whether a line ends inside a 《title》 or a bracket it opened near its end (`根据《`, `(中发〔`): only near
    its end, so a bracket a garbled line never closes does not swallow the paragraphs after it."""
    tail = text[-_WRAPPED_TAIL_CHARS:]
    return any(tail.count(opening) > tail.count(closing) for opening, closing in _PAIRS)


def _annex(lines: list[Line]) -> list[Draft]:
    """Annex text: numbered task-table rows become linked `annex` records; anything else one record."""
    if not lines:
        return []
    title = fold_width(lines[0].text)
    if len(lines) > 1 and not _ANNEX_START.match(fold_width(lines[1].text)) and len(lines[1].text) <= 20:
        title = f"{title} {lines[1].text}"
    if not any(_ROW_NUMBER.match(line.text) for line in lines):
        return [Draft([], title, "annex", lines)]
    drafts: list[Draft] = []
    path: dict[int, str] = {}
    row: Draft | None = None
    units: list[str] = []

    def close_row() -> None:
        nonlocal row, units
        if row is not None:
            row.departments = split_department_list("、".join(units))
            drafts.append(row)
        row, units = None, []

    for line in lines:
        heading = match_heading(line.text)
        if heading and not _ROW_NUMBER.match(line.text):
            close_row()
            path = {lv: h for lv, h in path.items() if lv < heading.level}
            path[heading.level] = heading.title
            continue
        if _ROW_NUMBER.match(line.text):
            close_row()
            measure = path[max(path)] if path else ""
            row = Draft(
                [title, *path.values()], f"{measure}（附件第{line.text}项）", "annex", [line], linked_heading=measure
            )
        elif row is not None:
            if "。" in line.text or len(row.lines) == 1:
                row.lines.append(line)
            else:
                units.append(line.text)
                row.lines.append(line)
    close_row()
    return drafts


def _link_annex_rows(drafts: list[Draft]) -> None:
    """Attach each annex row's units to the main-text clause it repeats."""
    by_heading = {compact(d.heading): d for d in drafts if d.kind == "clause" and d.heading}
    for draft in drafts:
        if draft.kind == "annex" and draft.linked_heading:
            target = by_heading.get(compact(draft.linked_heading))
            if target is None:
                draft.linked_heading = None
                continue
            target.departments = unique(target.departments + draft.departments)


def _merge_tiny(drafts: list[Draft], min_chars: int) -> list[Draft]:
    """Fold short headless fragments (signature lines, a stray sentence) into their neighbour."""
    merged: list[Draft] = []
    for draft in drafts:
        previous = merged[-1] if merged else None
        tiny = not draft.heading and sum(len(x.text) for x in draft.lines) < min_chars
        if tiny and previous and previous.kind == draft.kind and previous.path == draft.path and not previous.rendered:
            previous.lines.extend(draft.lines)
        else:
            merged.append(draft)
    return merged


def _to_clauses(document: Document, drafts: list[Draft], settings: Settings) -> list[Clause]:
    clauses: list[Clause] = []
    by_heading: dict[str, str] = {}
    pending_links: list[tuple[Clause, str]] = []
    for draft in drafts:
        start, end = draft.lines[0].start, draft.lines[-1].end
        text = draft.rendered or document.text[start:end]
        departments = unique(extract_departments(text) + draft.departments)
        parts = (
            [(text, start, end)]
            if draft.rendered
            else _split_long(text, start, settings.max_clause_chars, settings.min_clause_chars)
        )
        for part_number, (part_text, part_start, part_end) in enumerate(parts, start=1 if len(parts) > 1 else 0):
            clause = Clause(
                id=f"{document.doc_id}:{len(clauses) + 1:03d}",
                doc_id=document.doc_id,
                city=document.meta.city,
                doc_title=document.display_title,
                section_path=list(draft.path),
                heading=draft.heading,
                text=part_text,
                kind=draft.kind,
                start=part_start,
                end=part_end,
                departments=departments,
                province=document.meta.province,
                district=document.meta.district,
                part=part_number,
            )
            clause.search_text = build_search_text(clause)
            clauses.append(clause)
            if draft.kind == "clause" and draft.heading and part_number <= 1:
                by_heading.setdefault(compact(draft.heading), clause.id)
            if draft.kind == "annex" and draft.linked_heading:
                pending_links.append((clause, draft.linked_heading))
    for clause, heading in pending_links:
        clause.linked_clause = by_heading.get(compact(heading))
    return clauses


def build_search_text(clause: Clause) -> str:
    """What the index sees: city, title and section path as context, then the clause (simplified)."""
    context = [clause.city or "", clause.doc_title, *clause.section_path]
    if clause.part > 1:
        context.append(clause.heading)
    return normalize(" ".join(context) + "\n" + clause.text)


def _split_long(text: str, offset: int, max_chars: int, min_chars: int) -> list[tuple[str, int, int]]:
    """A clause over `max_chars` in parts: one per point where its sentences number them (一是… 二是…), the
    first with what comes before it and a point under `min_chars` with the one before; else, or for a point still
    too long, near-equal parts at sentence ends."""
    if len(text) <= max_chars:
        return [(text, offset, offset + len(text))]
    starts = [0]
    for start in [*_point_starts(text, sentence_spans(text))[1:], len(text)]:
        if start - starts[-1] < min_chars:  # a short part joins the one before it; the first, the one after
            if len(starts) > 1:
                starts.pop()
            elif start < len(text):
                continue
        starts.append(start)
    return [
        part
        for start, end in zip(starts, starts[1:], strict=False)
        for part in _split_sentences(text[start:end].rstrip(), offset + start, max_chars)
    ]


# "一是…" "二是…" opening a sentence: the points a paragraph numbers in its running text.
_POINT = re.compile(r"([一二三四五六七八九十]{1,2})是")
_POINT_NUMERALS = [*"一二三四五六七八九十", *(f"十{n}" for n in "一二三四五六七八九")]


def _point_starts(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Where the sentences opening "一是", "二是", … begin, in order from the first; none unless two follow."""
    starts: list[int] = []
    for start, _ in spans:
        point = _POINT.match(text, start)
        if point and len(starts) < len(_POINT_NUMERALS) and point.group(1) == _POINT_NUMERALS[len(starts)]:
            starts.append(start)
    return starts if len(starts) >= 2 else []


def _split_sentences(text: str, offset: int, max_chars: int) -> list[tuple[str, int, int]]:
    """Split at sentence ends into near-equal parts of at most `max_chars`; a longer sentence is cut first."""
    if len(text) <= max_chars:
        return [(text, offset, offset + len(text))]
    spans = [piece for span in sentence_spans(text) for piece in _cut_sentence(text, span, max_chars)]
    n_parts = -(-len(text) // max_chars)
    target = len(text) / n_parts
    parts: list[tuple[int, int]] = []
    part_start = spans[0][0]
    for k, (_, end) in enumerate(spans):
        last = k == len(spans) - 1
        next_end = spans[k + 1][1] if not last else end
        if last or (end - part_start >= target or next_end - part_start > max_chars):
            parts.append((part_start, end))
            if not last:
                part_start = spans[k + 1][0]
    return [(text[s:e], offset + s, offset + e) for s, e in parts]


# Where a sentence too long for one clause is best cut: after a comma, enumeration mark, colon or space.
_SOFT_BREAKS = set("，,、：:；; \t\u3000")


def _cut_sentence(text: str, span: tuple[int, int], max_chars: int) -> list[tuple[int, int]]:
    """A sentence longer than `max_chars` (a 200,000-character line with no 。) in near-equal pieces that fit.

    Each piece ends after the last soft break in the second half of its share that is not inside a 《title》, else
    before the title its share ends in, else at its share exactly.
    """
    start, end = span
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        share = -(-(end - start) // -(-(end - start) // max_chars))  # ceil(length / ceil(length / max_chars))
        cut = start + share
        soft = (
            i + 1
            for i in range(cut - 1, start + share // 2, -1)
            if text[i] in _SOFT_BREAKS and not in_open_title(text, i)
        )
        cut = next(soft, cut)
        if in_open_title(text, cut) and (opened := text.rfind("《", start, cut)) > start + share // 2:
            cut = opened  # no soft break before it: the piece ends before the title, not in it
        piece_end = cut
        while text[piece_end - 1].isspace():  # a soft break may be a space: no piece ends or starts with one
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while text[start].isspace():
            start += 1
    pieces.append((start, end))
    return pieces
