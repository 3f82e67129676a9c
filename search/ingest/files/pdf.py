"""A PDF's text layer, page by page and line by line (PDFium through pypdfium2); refusals say why in one line.

PDFium gives the right characters (standard ideographs where other readers return Kangxi radicals) but its own
line breaks split some short lines into one character per line, so lines are rebuilt from the characters'
boxes: a character whose vertical middle leaves the current line's band, or that jumps back to the left,
starts a new line.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from search.errors import IngestError
from search.ingest.files.limits import DEFAULT_LIMITS, Deadline, ReadLimits, check_pdf_streams
from search.ingest.files.page_repair import PageLine, RepairedText, repair_pages
from search.normalize import PRINTED_HAN

log = logging.getLogger(__name__)

# A character this far (in line heights) left of the previous one is on the next line, not the same one.
_BACKWARD_LINES = 2.0
# A character's middle may stray this share of the line's height above or below it (`_`, `g`, superscripts).
_BAND_SLACK = 0.4
# A gap this wide (in line heights) between two Latin letters or digits is a space the PDF does not spell out;
# between any two characters, a gap of `_COLUMN_GAP` separates table cells or a signature from its date
# (`宜昌市人民政府办公室    2022年5月7日印发`), where justified Chinese text spreads its characters far less.
_SPACE_GAP = 0.25
_COLUMN_GAP = 1.0
_IDEOGRAPH = re.compile(f"[{PRINTED_HAN}]")
_SKIPPED = {"\r", "\n", "\x02", "\ufffe", "\ufeff"}
# The right margin: this quantile of the lines' right ends (most lines of running text are full ones; a line
# that sticks out, such as a long URL, does not set it).
_MARGIN_QUANTILE = 0.9


@dataclass
class DrawnLine:
    text: str
    left: float  # where its first character starts, in points from the page's left edge
    right: float  # where its last character ends
    height: float
    opening_width: float  # of its characters before the first ideograph (at least its first character)


def pdf_text(path: Path, raw: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> RepairedText:
    """The document's text with page furniture removed and wrapped lines joined; IngestError for a PDF that
    is encrypted, damaged, over the limits (its inflated content and page count are checked before any page is
    read) or has no text layer (a scan)."""
    deadline = Deadline(path, limits.seconds)
    check_pdf_streams(path, raw, limits)
    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise IngestError(f"{path}: encrypted PDF (password-protected); save an unprotected copy") from None
        raise IngestError(f"{path}: damaged PDF, cannot be read ({str(error).rstrip('.')})") from None
    try:
        drawn = _drawn_pages(path, document, limits, deadline)
    finally:
        document.close()
    repaired = repair_pages(measure_lines(drawn)) if any(drawn) else RepairedText("")
    if not repaired.text.strip():  # nothing, or nothing but page numbers stamped on scanned pages
        raise IngestError(f"{path}: scanned PDF without a text layer; OCR is not supported")
    if repaired.removed:
        log.debug("%s: removed %s", path, dict(repaired.removed))
    return repaired


def _drawn_pages(
    path: Path, document: pdfium.PdfDocument, limits: ReadLimits, deadline: Deadline
) -> list[list[DrawnLine]]:
    """Each page's lines; the page count is the page tree's, read before any page (a tree may claim 100,000)."""
    pages = len(document)
    if pages > limits.pdf_pages:
        raise IngestError(f"{path}: {pages:,} pages, over the {limits.pdf_pages:,} page limit (max_pdf_pages); refused")
    drawn: list[list[DrawnLine]] = []
    characters = 0
    for number in range(pages):
        deadline.check(f"page {number + 1} of {pages}")
        try:
            page = document[number]
        except pdfium.PdfiumError as error:
            raise IngestError(
                f"{path}: damaged PDF, page {number + 1} cannot be read ({str(error).rstrip('.')})"
            ) from None
        drawn.append(page_lines(page))
        characters += sum(len(line.text) for line in drawn[-1])
        if characters > limits.characters:
            raise IngestError(f"{path}: over {limits.characters:,} characters of text (max_document_chars); refused")
    return drawn


def measure_lines(pages: list[list[DrawnLine]]) -> list[list[PageLine]]:
    """Each line's text with, in line heights, how far short of the right margin it stops, how wide its opening
    word is and how far it is indented from the left margin: what decides whether it was wrapped. The margins
    are the document's own (the left one: the same quantile from the other end)."""
    rights = sorted(line.right for lines in pages for line in lines)  # not empty: callers check
    margin = rights[int(_MARGIN_QUANTILE * (len(rights) - 1))]
    lefts = sorted(line.left for lines in pages for line in lines)
    left_margin = lefts[int((1 - _MARGIN_QUANTILE) * (len(lefts) - 1))]
    return [
        [
            PageLine(
                line.text,
                (margin - line.right) / line.height,
                line.opening_width / line.height,
                (line.left - left_margin) / line.height,
            )
            for line in lines
        ]
        for lines in pages
    ]


def page_lines(page: pdfium.PdfPage) -> list[DrawnLine]:
    """The page's text lines in the order they are drawn (top to bottom for ordinary documents)."""
    text_page = page.get_textpage()
    lines: list[DrawnLine] = []
    current: list[str] = []
    band: tuple[float, float] | None = None
    right = 0.0
    opening: tuple[float, float] | None = None  # left and right of the line's opening word, as far as it goes
    in_opening = False
    for index in range(text_page.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(text_page.raw, index))
        if char in _SKIPPED:
            continue
        if not char.strip():
            current.append(" ")
            in_opening = False
            continue
        left, bottom, box_right, top = text_page.get_charbox(index, loose=True)
        if band is not None:
            height = max(band[1] - band[0], 1.0)
            middle = (bottom + top) / 2
            slack = _BAND_SLACK * height
            if not band[0] - slack <= middle <= band[1] + slack or left < right - _BACKWARD_LINES * height:
                lines.append(_drawn("".join(current), right, height, opening))
                current, band, opening = [], None, None
            elif current and current[-1] != " " and _gap_is_a_space(left - right, height, current[-1], char):
                current.append(" ")
                in_opening = False
        band = (bottom, top) if band is None else (min(band[0], bottom), max(band[1], top))
        if opening is None:
            opening, in_opening = (left, box_right), not _IDEOGRAPH.match(char)
        elif in_opening and not _IDEOGRAPH.match(char):
            opening = (opening[0], box_right)
        else:
            in_opening = False
        right = box_right
        current.append(char)
    if band is not None:
        lines.append(_drawn("".join(current), right, band[1] - band[0], opening))
    text_page.close()
    return [line for line in lines if line.text]


def _drawn(text: str, right: float, height: float, opening: tuple[float, float] | None) -> DrawnLine:
    left_end, right_end = opening or (right, right)
    return DrawnLine(text.strip(), left_end, right, max(height, 1.0), right_end - left_end)


def _gap_is_a_space(gap: float, height: float, before: str, after: str) -> bool:
    return gap > _COLUMN_GAP * height or (gap > _SPACE_GAP * height and _is_narrow(before) and _is_narrow(after))


def _is_narrow(char: str) -> bool:
    return char.isalnum() and unicodedata.east_asian_width(char) not in "WF"
