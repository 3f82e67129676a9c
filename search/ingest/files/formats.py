"""Tell a file's format by its content (magic bytes), not its name, and refuse the ones we cannot read.

`%PDF-` opens a PDF; a zip archive holding `word/document.xml` is a Word `.docx`; everything else is read as
text (UTF-8, GB18030… HTML, Markdown). A name that promises a PDF or Word file over other content is refused.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from search.errors import IngestError

PDF, DOCX, TEXT = "pdf", "docx", "text"
PDF_SUFFIXES = {".pdf"}
WORD_SUFFIXES = {".docx"}
# Formats that government sites publish and that must be converted first, with the advice to give.
CONVERT_FIRST = {
    ".doc": "legacy Word .doc is not supported; save it as .docx or PDF",
    ".wps": "WPS Office .wps is not supported; save it as .docx or PDF",
    ".ofd": "OFD is not supported; export it to PDF (with a text layer)",
}
_PDF_MAGIC = b"%PDF-"
_PDF_MAGIC_WINDOW = 1024  # a few writers put bytes before the header, which readers accept
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls: the old compound-file formats


def detect_format(path: Path, raw: bytes) -> str:
    """PDF, DOCX or TEXT from the bytes; IngestError naming the file when its content cannot be read."""
    suffix = path.suffix.lower()
    if suffix in CONVERT_FIRST:
        raise IngestError(f"{path}: {CONVERT_FIRST[suffix]}")
    if _PDF_MAGIC in raw[:_PDF_MAGIC_WINDOW]:
        return PDF
    if raw.startswith(_ZIP_MAGIC):
        return _zip_format(path, raw)
    if raw.startswith(_OLE_MAGIC):
        raise IngestError(f"{path}: a legacy Office file (.doc or .wps) under another name; save it as .docx or PDF")
    if suffix in PDF_SUFFIXES:
        raise IngestError(f"{path}: not a PDF ({_what_text_is(raw)}); download the PDF itself")
    if suffix in WORD_SUFFIXES:
        raise IngestError(f"{path}: not a Word .docx file ({_what_text_is(raw)})")
    return TEXT


def _zip_format(path: Path, raw: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    except zipfile.BadZipFile:
        raise IngestError(f"{path}: damaged zip archive, not a readable Word .docx file") from None
    if "word/document.xml" in names:
        return DOCX
    if "OFD.xml" in names:
        raise IngestError(f"{path}: {CONVERT_FIRST['.ofd']}")
    raise IngestError(f"{path}: a zip archive but not a Word .docx file (no word/document.xml)")


def _what_text_is(raw: bytes) -> str:
    head = raw[:2048].lower()
    if b"<html" in head or b"<!doctype html" in head or b"<body" in head:
        return "its content is an HTML page, e.g. an error or login page saved under this name"
    return "its content does not start with a PDF or Word signature"
