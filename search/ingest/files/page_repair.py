"""Undo what page layout does to a PDF's text: page numbers, running headers and footers, wrapped lines.

Pure functions on the text of each page, applied before cleaning and chunking, so a PDF reaches them as the
same lines a web copy of the document would give.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from search.ingest.headings import match_heading
from search.normalize import fold_width, standard_ideographs

# Page furniture sits in the first or last few lines of a page's text layer (the order of the content stream
# puts some printers' headers after the body, so both ends are searched).
EDGE_LINES = 3
# A line repeated at the edge of more than half of the pages, and at least this many, runs on every page.
MIN_RUNNING_PAGES = 2

# "- 3 -", "— 3 —", "－3－", "第3页 共10页", "共10页 第3页", "第 3 页", "3/10", "Page 3 of 10";
# not "3.2%", "2020年", "1/3以上" (a fraction in a sentence).
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—―~～]\s*\d{1,4}\s*[-–—―~～]"
    r"|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,/]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
# Punctuation that ends a sentence or a paragraph: a line ending with it is never joined to the next.
# `）` is here because a paragraph often ends with its note "(责任单位:市商务局)".
_CLOSING = tuple("。！？；：…!?;:）)」』】")
# A quote closes only after a full stop: `…发展。”` ends a paragraph, `围绕“六城五中心”` may wrap.
_CLOSING_QUOTE = re.compile(r"[。！？!?…][”’\"']$")
_TABLE_ROW_CELLS = 3
_CELL_MAX_CHARS = 10
_PROSE_MARKS = "，。；：;:"  # what a sentence has and a row of figures and names does not
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")


# A line may stop this much (in line heights, about two ideographs) further short of the right margin than the
# next line's opening word is wide and still be full: a line breaker that keeps `，` off a line's start moves
# the last ideograph down with it.
MARGIN_SLACK = 1.5


@dataclass(frozen=True)
class PageLine:
    """One line of a page as drawn, with what decides whether it was wrapped, both in line heights: how far
    short of the right margin it stops, and how wide its opening word is (the part before its first ideograph:
    `〔2020〕12` of `〔2020〕12号`, one ideograph's width for `号`), which did not fit on the line above."""

    text: str
    short_of_margin: float = 0.0
    opening_width: float = 1.0
    indent: float = 0.0  # from the left margin: a paragraph's first line is indented by two ideographs


# A line indented by this much (in line heights) opens a paragraph, in a document that indents paragraphs.
INDENTED = 1.0


@dataclass
class RepairedText:
    text: str
    removed: Counter = field(default_factory=Counter)


def repair_pages(pages: list[list[PageLine]]) -> RepairedText:
    """The lines of a PDF's pages as one document: furniture removed (and counted), wrapped lines joined,
    radical code points turned into the ideographs they stand for."""
    removed: Counter = Counter()
    pages, removed["page number"] = drop_page_numbers(pages)
    pages, removed["running header/footer"] = drop_running_lines(pages)
    lines = [replace(line, text=standard_ideographs(line.text)) for page in pages for line in page]
    return RepairedText(text="\n".join(join_wrapped_lines(lines)), removed=+removed)


def is_page_number(line: str, page_number: int | None = None) -> bool:
    """`- 3 -`, `第3页 共10页`, `3/10`; a bare `3` only when it is the number of the page it is on."""
    if _PAGE_NUMBER.match(fold_width(line).strip()):
        return True
    return page_number is not None and _bare_page_number(line, page_number)


def drop_page_numbers(pages: list[list[PageLine]]) -> tuple[list[list[PageLine]], int]:
    """Remove page-number lines from the edges of each page; return the pages and how many lines went.

    A bare number counts only in a document that numbers most of its pages that way: row `6` of a table at the
    top of page 6 stays when the other pages carry no bare numbers."""
    bare = sum(
        any(_bare_page_number(lines[i].text, n) for i in _edge_indexes(len(lines))) for n, lines in _numbered(pages)
    )
    numbered_bare = _runs_on_most(bare, len(pages))
    count = 0
    kept_pages = []
    for number, lines in _numbered(pages):
        edges = _edge_indexes(len(lines))
        page_number = number if numbered_bare else None
        kept = [line for i, line in enumerate(lines) if not (i in edges and is_page_number(line.text, page_number))]
        count += len(lines) - len(kept)
        kept_pages.append(kept)
    return kept_pages, count


def _numbered(pages: list[list[PageLine]]) -> list[tuple[int, list[PageLine]]]:
    return list(enumerate(pages, start=1))


def _bare_page_number(line: str, page_number: int) -> bool:
    folded = fold_width(line).strip()
    return bool(_BARE_NUMBER.match(folded)) and int(folded) == page_number


def running_key(line: str) -> str:
    """A line with its numbers masked and spaces dropped: `第3页 市政府文件` and `第4页市政府文件` share one key."""
    return _DIGITS.sub("#", _SPACES.sub("", fold_width(line)))


def drop_running_lines(pages: list[list[PageLine]]) -> tuple[list[list[PageLine]], int]:
    """Remove lines repeated at the edges of most pages (a running header or footer, numbers aside)."""
    seen_on: Counter = Counter()
    for lines in pages:
        seen_on.update({running_key(lines[i].text) for i in _edge_indexes(len(lines))})
    running = {key for key, pages_with in seen_on.items() if _runs_on_most(pages_with, len(pages))}
    if not running:
        return pages, 0
    count = 0
    kept_pages = []
    for lines in pages:
        edges = _edge_indexes(len(lines))
        kept = [line for i, line in enumerate(lines) if not (i in edges and running_key(line.text) in running)]
        count += len(lines) - len(kept)
        kept_pages.append(kept)
    return kept_pages, count


def _runs_on_most(pages_with: int, pages: int) -> bool:
    return pages_with >= MIN_RUNNING_PAGES and pages_with * 2 > pages


def _edge_indexes(length: int) -> set[int]:
    return set(range(min(EDGE_LINES, length))) | set(range(max(0, length - EDGE_LINES), length))


def is_table_row(line: str) -> bool:
    """A row of a table drawn as text, its cells apart: `重庆 2020 22.8 2.1`, `城市 年度 执行额 全国占比`;
    not `support for ISO 9000 certification.` nor a sentence with a space in it."""
    cells = line.split()
    return (
        len(cells) >= _TABLE_ROW_CELLS
        and all(len(cell) <= _CELL_MAX_CHARS for cell in cells)
        and not any(mark in line for mark in _PROSE_MARKS)
    )


def ends_open(line: str) -> bool:
    """Whether a line stops mid-sentence: no closing punctuation (`…制定本方案。` is closed)."""
    return not (line.endswith(_CLOSING) or _CLOSING_QUOTE.search(line))


def starts_heading(line: str) -> bool:
    """Whether a line opens a clause (`一、`, `（一）`, `1.`, `第三条`…) and so must start its own line."""
    return match_heading(fold_width(line).strip()) is not None


def join_wrapped_lines(lines: list[PageLine]) -> list[str]:
    """Join a line to the one before it when that one fills the line (stops where this line's opening word
    would not have fitted) and either stops mid-sentence or is followed by an unindented line in a document
    that indents its paragraphs; never a line that opens a heading. `根据《意见》(商服贸发` + `〔2020〕12号)…`
    is one sentence; `…发展` + `二、重点领域` is not, nor `…发展。` + `　　支持…` (a new paragraph)."""
    indents = indents_paragraphs(lines)
    joined: list[str] = []
    previous: PageLine | None = None
    for line in lines:
        if previous is not None and wrapped(previous, line, indents):
            space = " " if _LATIN_END.search(joined[-1]) and _LATIN_START.match(line.text) else ""
            joined[-1] += space + line.text
        else:
            joined.append(line.text)
        previous = line
    return joined


def indents_paragraphs(lines: list[PageLine]) -> bool:
    """Whether most lines after a paragraph's end (a line stopping short of the margin after a full stop) are
    indented: then an unindented line continues the paragraph above it."""
    after_stop = [
        line
        for previous, line in zip(lines, lines[1:], strict=False)
        if previous.short_of_margin > line.opening_width + MARGIN_SLACK
        and not ends_open(previous.text)
        and not starts_heading(line.text)
    ]
    indented = sum(line.indent >= INDENTED for line in after_stop)
    return indented * 2 > len(after_stop) > 0


def wrapped(line: PageLine, following: PageLine, indents: bool) -> bool:
    """Whether `following` continues `line`, cut by the page width."""
    if line.short_of_margin > following.opening_width + MARGIN_SLACK or starts_heading(following.text):
        return False
    if is_table_row(line.text) or is_table_row(following.text):
        return False
    return ends_open(line.text) or (indents and following.indent < INDENTED)
