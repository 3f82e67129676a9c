"""Resource limits checked before a file is parsed: what a small file may unpack to, and how long reading it may take.

A .docx is a zip and a PDF holds compressed streams, so a few hundred KiB can expand to gigabytes once a parser
builds its tree (171 KiB of empty Word paragraphs took a process to 2.7 GiB; 1.5 MiB of PDF text operators to
7.6 GiB). Each check reads only the container's directory or streams its content with bounded memory, and
refuses with one line naming the file.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from search.config import Settings
from search.errors import IngestError

_MIB = 2**20
_W_P = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
_W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
# Where a PDF stream's data starts (`stream` then a line end; not `endstream`). Its dictionary lies between the
# object's `obj` keyword and there.
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_STREAM_HEADER_MAX = 8192
_INFLATE_CHUNK = 1 * _MIB


@dataclass(frozen=True)
class ReadLimits:
    """The limits of `Settings` that reading one file obeys (see config.py for their evidence)."""

    unpacked_bytes: int
    compression_ratio: int
    paragraphs: int
    elements: int
    html_tags: int
    characters: int
    pdf_pages: int
    pdf_content_bytes: int
    seconds: float

    @classmethod
    def of(cls, settings: Settings) -> ReadLimits:
        return cls(
            unpacked_bytes=settings.max_unpacked_bytes,
            compression_ratio=settings.max_compression_ratio,
            paragraphs=settings.max_paragraphs,
            elements=settings.max_elements,
            html_tags=settings.max_html_tags,
            characters=settings.max_document_chars,
            pdf_pages=settings.max_pdf_pages,
            pdf_content_bytes=settings.max_pdf_content_bytes,
            seconds=settings.max_seconds_per_file,
        )


DEFAULT_LIMITS = ReadLimits.of(Settings())


class Deadline:
    """The time budget of one file, checked between pages or paragraphs: a parser is never interrupted
    mid-call, so each step it takes must be small (the other limits see to that)."""

    def __init__(self, path: Path, seconds: float) -> None:
        self._path = path
        self._seconds = seconds
        self._end = time.monotonic() + seconds

    def check(self, where: str) -> None:
        if time.monotonic() > self._end:
            raise IngestError(
                f"{self._path}: reading it took over {self._seconds:.0f} s ({where}); refused (max_seconds_per_file)"
            )


def check_zip(path: Path, archive: zipfile.ZipFile, compressed_size: int, limits: ReadLimits) -> None:
    """The archive's declared sizes, from its directory alone: total unpacked size and compression ratio.
    zipfile stops reading a member at its declared size, so a member cannot unpack to more than it declares."""
    unpacked = sum(item.file_size for item in archive.infolist())
    if unpacked > limits.unpacked_bytes:
        raise IngestError(
            f"{path}: unpacks to {unpacked / _MIB:.0f} MiB, over the {limits.unpacked_bytes / _MIB:.0f} MiB limit "
            "(max_unpacked_bytes); refused unread"
        )
    ratio = unpacked / max(compressed_size, 1)
    if ratio > limits.compression_ratio:
        raise IngestError(
            f"{path}: compressed {ratio:.0f} times (over {limits.compression_ratio}, max_compression_ratio), "
            "as a zip bomb is; refused unread"
        )


def check_docx_body(path: Path, archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    """Count the body's elements, paragraphs and characters in one streaming pass (each paragraph freed once
    read), before python-docx builds the whole tree: 300,000 empty paragraphs took it 7 minutes."""
    paragraphs = characters = elements = 0
    with archive.open("word/document.xml") as body:
        for _, element in etree.iterparse(body, events=("end",), resolve_entities=False):
            elements += 1
            if elements > limits.elements:
                raise IngestError(f"{path}: over {limits.elements:,} XML elements (max_elements); refused unread")
            if element.tag == _W_P:
                paragraphs += 1
                element.clear(keep_tail=False)
                if paragraphs > limits.paragraphs:
                    raise IngestError(f"{path}: over {limits.paragraphs:,} paragraphs (max_paragraphs); refused unread")
            elif element.tag == _W_T:
                characters += len(element.text or "")
                if characters > limits.characters:
                    raise IngestError(
                        f"{path}: over {limits.characters:,} characters of text (max_document_chars); refused"
                    )


def check_pdf_streams(path: Path, raw: bytes, limits: ReadLimits) -> None:
    """Inflate every compressed stream a text reader decodes (not images) in bounded chunks and refuse the file
    when they add up to more than the limit: PDFium holds a page's parsed content whole, about 15 bytes per byte
    of content, so the limit bounds the memory a page can take. LZW, the other compression with a large
    expansion, is not used by current PDF writers and is refused."""
    total = 0
    for match in _PDF_STREAM.finditer(raw):
        header = raw[raw.rfind(b"obj", max(0, match.start() - _STREAM_HEADER_MAX), match.start()) : match.start()]
        if b"/Image" in header:
            continue  # image data: a text reader never decodes it
        if b"/LZW" in header:
            raise IngestError(f"{path}: uses LZW-compressed content, which is not supported; save it anew as PDF")
        if b"/FlateDecode" not in header and not re.search(rb"/Fl\b", header):
            continue
        total += _inflated_size(raw, match.end(), limits.pdf_content_bytes - total)
        if total > limits.pdf_content_bytes:
            raise IngestError(
                f"{path}: its compressed content unpacks to over {limits.pdf_content_bytes / _MIB:.0f} MiB "
                "(max_pdf_content_bytes); refused unread"
            )


def _inflated_size(raw: bytes, start: int, budget: int) -> int:
    """How many bytes the zlib stream at `start` inflates to, counted in chunks up to just past `budget`."""
    inflater = zlib.decompressobj()
    data: bytes | memoryview = memoryview(raw)[start:]
    size = 0
    try:
        while size <= budget:
            chunk = inflater.decompress(data, _INFLATE_CHUNK)
            size += len(chunk)
            data = inflater.unconsumed_tail
            if inflater.eof or not (chunk or data):
                break
    except zlib.error:
        pass  # a damaged stream: PDFium says so when it reads it, or reads what it can
    return size


_HTML_TAG = re.compile(r"<[A-Za-z!/]")


def check_html(path: Path, html: str, limits: ReadLimits) -> None:
    """Count the page's tags before BeautifulSoup builds a Python object for each (about 1 KiB apiece)."""
    tags = sum(1 for _ in zip(_HTML_TAG.finditer(html), range(limits.html_tags + 1), strict=False))
    if tags > limits.html_tags:
        raise IngestError(f"{path}: over {limits.html_tags:,} HTML tags (max_html_tags); refused unread")


def open_zip(path: Path, raw: bytes) -> zipfile.ZipFile:
    """The archive, or IngestError for a damaged one."""
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError) as error:
        raise IngestError(f"{path}: damaged zip archive, not a readable Word .docx file ({error})") from None
