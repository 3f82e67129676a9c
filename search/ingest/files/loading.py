"""Read source files into text: UTF-8, UTF-16, GB18030/GBK or Big5 (see `decoding`), HTML, Markdown, PDF (`pdf`)
and Word `.docx` (`word`), the format told by content (`formats`)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from search.errors import IngestError
from search.ingest.files.decoding import decode
from search.ingest.files.formats import CONVERT_FIRST, DOCX, PDF, PDF_SUFFIXES, WORD_SUFFIXES, detect_format
from search.ingest.files.limits import DEFAULT_LIMITS, ReadLimits, check_html
from search.ingest.files.pdf import pdf_text
from search.ingest.files.word import docx_text
from search.normalize import standard_ideographs

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | MARKDOWN_SUFFIXES | PDF_SUFFIXES | WORD_SUFFIXES
OVERRIDE_SUFFIX = ".meta.json"

# Elements that carry page chrome, never policy text.
_HTML_DROP = ["script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "button"]
_HTML_BLOCKS = ["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section"]


@dataclass
class SourceText:
    path: Path
    text: str
    encoding: str
    raw: bytes


def is_override_file(path: Path) -> bool:
    return path.name.endswith(OVERRIDE_SUFFIX)


def read_source(path: Path, max_bytes: int | None = None, limits: ReadLimits = DEFAULT_LIMITS) -> SourceText:
    """Decode one file of at most `max_bytes`; raise IngestError naming the file and the reason."""
    if not path.exists():
        raise IngestError(f"{path}: no such file")
    if not path.is_file():
        raise IngestError(f"{path}: not a regular file")
    suffix = path.suffix.lower()
    if suffix in CONVERT_FIRST:
        raise IngestError(f"{path}: {CONVERT_FIRST[suffix]}")
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(
            f"{path}: unsupported file type '{suffix or '(none)'}' (supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})"
        )
    raw = read_bytes(path, max_bytes)
    return parse_bytes(path, raw, limits)


def read_bytes(path: Path, max_bytes: int | None) -> bytes:
    """The file's bytes; IngestError when it cannot be read or is over `max_bytes` (then it is never read whole)."""
    try:
        with path.open("rb") as file:
            if max_bytes is None:
                return file.read()
            size = os.fstat(file.fileno()).st_size
            # One byte past the limit is enough to catch a file that grew since its size was taken.
            raw = file.read(max_bytes + 1) if size <= max_bytes else b""
    except OSError as error:
        raise IngestError(f"{path}: cannot read ({os_reason(error)})") from None
    if size > max_bytes or len(raw) > max_bytes:
        raise IngestError(
            f"{path}: {max(size, len(raw)) / 2**20:.1f} MiB is over the {max_bytes / 2**20:.0f} MiB limit for one "
            "document (max_document_bytes); split it into smaller files"
        )
    return raw


def os_reason(error: OSError) -> str:
    """`permission denied` from a PermissionError: the operating system's words, fit for a one-line message."""
    reason = error.strerror or type(error).__name__
    return reason[:1].lower() + reason[1:]


def parse_bytes(path: Path, raw: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> SourceText:
    """Decode and convert bytes that claim to be the file at `path` (also used for uploads), within `limits`."""
    if not raw.strip():
        raise IngestError(f"{path}: empty file")
    kind = detect_format(path, raw)
    if kind == PDF:
        return SourceText(path=path, text=pdf_text(path, raw, limits).text, encoding="pdf", raw=raw)
    if kind == DOCX:
        return SourceText(path=path, text=_non_empty(path, docx_text(path, raw, limits)), encoding="docx", raw=raw)
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(f"{path}: binary file (contains NUL bytes), not a text document")
    text, encoding = decode(path, raw)
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(4, len(text[:4096]) // 100):
        raise IngestError(
            f"{path}: binary file ({controls} control characters in the first 4 KiB), not a text document"
        )
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix in TEXT_SUFFIXES and _looks_like_html(text)):
        check_html(path, text, limits)
        text = html_to_text(text)
    elif suffix in MARKDOWN_SUFFIXES:
        text = markdown_to_text(text)
    # Text copied out of a PDF carries the PDF's radical code points too.
    return SourceText(path=path, text=_non_empty(path, standard_ideographs(text)), encoding=encoding, raw=raw)


def _non_empty(path: Path, text: str) -> str:
    if not text.strip():
        raise IngestError(f"{path}: no text left after decoding")
    return text


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


def html_to_text(html: str) -> str:
    """Visible text with one block per line; scripts, styles and navigation dropped."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_HTML_DROP):
        tag.decompose()
    for tag in soup.find_all(_HTML_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    for cell in soup.find_all(["td", "th"]):
        cell.insert_after(" ")  # a row's cells apart: 发文机关：国务院办公厅 成文日期：…, not …办公厅成文日期
    text = soup.get_text()
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


_MD_RULES = [
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),  # heading marks
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # quotes
    (re.compile(r"^\s*[-*+]\s+", re.M), ""),  # bullets
    (re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*$", re.M), ""),  # table rules
    (re.compile(r"`{1,3}"), ""),
]


def markdown_to_text(markdown: str) -> str:
    """Markdown marks removed, policy numbering (`1.`, `（一）`) kept."""
    text = markdown
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text
