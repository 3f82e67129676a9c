"""A Word `.docx` file's text through python-docx: paragraphs and tables in document order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from search.errors import IngestError
from search.ingest.files.limits import DEFAULT_LIMITS, Deadline, ReadLimits, check_docx_body, check_zip, open_zip
from search.ingest.files.word_numbering import ListNumbers
from search.normalize import standard_ideographs


def docx_text(path: Path, raw: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> str:
    """One line per paragraph, after the number Word draws before a list item (`一、`); a table gives one line per
    cell, row by row, which is the form of the tables flattened by web copies that `chunking/tables.py` reads into rows.
    IngestError for a damaged file, or one over the limits (checked before python-docx reads it)."""
    deadline = Deadline(path, limits.seconds)
    with open_zip(path, raw) as archive:
        check_zip(path, archive, len(raw), limits)
        check_docx_body(path, archive, limits)
    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise IngestError(f"{path}: damaged Word file ({error})") from None
    lines: list[str] = []
    numbers = ListNumbers(document)
    for count, block in enumerate(document.iter_inner_content()):
        if count % 1000 == 999:
            deadline.check(f"paragraph {count + 1}")
        if isinstance(block, Paragraph):
            lines.append(numbers.label(block) + block.text)
        elif isinstance(block, Table):
            lines.extend(table_cells(block))
    return standard_ideographs("\n".join(lines))


def table_cells(table: Table) -> list[str]:
    """Each cell's text once, row by row: a merged cell that spans several columns is not repeated."""
    cells: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(paragraph.text.strip() for paragraph in cell.paragraphs if paragraph.text.strip()))
    return cells
