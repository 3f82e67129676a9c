"""Detect document metadata from the content (never the file name); an override file may correct it."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path

from search.errors import IngestError
from search.ingest.dates import CN_DATE, date_line, iso_date
from search.ingest.doc_types import DOC_TYPE_PATTERN, DOC_TYPES
from search.ingest.loading import OVERRIDE_SUFFIX
from search.ingest.places import locate
from search.ingest.validity import STATUSES
from search.normalize import fold_width, to_simplified
from search.records import DocumentMeta

_TITLE_LINE = re.compile(rf"^.{{6,90}}({DOC_TYPE_PATTERN})(\(.{{0,20}}\))?$")
_ENCLOSED = re.compile(r"印发《(.+?)》")
_INLINE_TITLE = re.compile(r"《([^《》]{6,60})》(已经|经).{0,12}同意[,，]?\s*现(印发|予以印发)")
_FIELD = re.compile(r"\[\s*(发文字号|发布机构|成文日期|发布日期)\s*\]\s*([^\[\]]+?)\s*(?=\[|$)")
_DOC_NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]{1,10}[〔\[(]\d{4}[〕\])]\d{1,4}号$")
_ISSUED_LINE = re.compile(rf"^(\S{{2,30}}?)\s*({CN_DATE})印发$")
_SIGNATORY = re.compile(r"^[\u4e00-\u9fff]{2,20}(局|委|办|厅|会|部|政府|海关|室|中心)$")
_TYPE_IN_TEXT = re.compile(rf"(提出|制定|印发)(了)?(我市|本市|本)?({DOC_TYPE_PATTERN})")
_HEAD_LINES = 25


def detect_metadata(raw_text: str, clean_text: str) -> DocumentMeta:
    """Fill what the text states; leave the rest None."""
    raw = to_simplified(fold_width(raw_text))
    text = to_simplified(fold_width(clean_text))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    page_fields = _page_fields(raw)
    meta = DocumentMeta()
    meta.title = _title(lines)
    meta.doc_number = page_fields.get("发文字号") or next(
        (line for line in lines[:_HEAD_LINES] if _DOC_NUMBER_LINE.match(line)), None
    )
    meta.date_written = iso_date(page_fields.get("成文日期", "")) or _signature_date(lines)
    meta.date_published = iso_date(page_fields.get("发布日期", ""))
    meta.issuer, meta.date_issued = _issuer_and_issue_date(meta.title, lines, page_fields)
    meta.doc_type = _doc_type(meta.title, text)
    place = locate(meta.issuer, meta.title, meta.doc_number, text)
    meta.province, meta.city, meta.district = place.province, place.city, place.district
    return meta


def _page_fields(raw: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in raw.split("\n"):
        for name, value in _FIELD.findall(line):
            found.setdefault(name, value.strip())
    return found


def _title(lines: list[str]) -> str | None:
    for line in lines[:_HEAD_LINES]:
        if "。" not in line and _TITLE_LINE.match(line) and not line.endswith(("：", ":")):
            return line
    for line in lines[:_HEAD_LINES]:
        match = _INLINE_TITLE.search(line)
        if match:
            return match.group(1)
    return None


def _signature_date(lines: list[str]) -> str | None:
    """A line that is only a date, as under a signature block."""
    return next((found for found in map(date_line, lines) if found), None)


def _issuer_and_issue_date(
    title: str | None, lines: list[str], page_fields: dict[str, str]
) -> tuple[str | None, str | None]:
    issued = None
    issuer = None
    for line in lines[-5:]:
        match = _ISSUED_LINE.match(line)
        if match:
            issuer, issued = match.group(1), iso_date(match.group(2))
    if title and "关于" in title and not title.startswith("关于"):
        issuer = title.split("关于", 1)[0]
    if not issuer and page_fields.get("发布机构"):
        issuer = page_fields["发布机构"]
    if not issuer:
        issuer = _signature_block(lines)
    return issuer, issued


def _signature_block(lines: list[str]) -> str | None:
    """Issuing bodies listed one per line just above the closing date."""
    for index in range(len(lines) - 1, -1, -1):
        if date_line(lines[index]):
            names = []
            j = index - 1
            while j >= 0 and _SIGNATORY.match(lines[j]):
                names.append(lines[j])
                j -= 1
            if names:
                return "、".join(reversed(names))
    return None


def _doc_type(title: str | None, text: str) -> str | None:
    if title:
        enclosed = _ENCLOSED.search(title)
        subject = enclosed.group(1) if enclosed else title
        subject = re.sub(r"\(.{0,20}\)$", "", subject)
        for doc_type in DOC_TYPES:
            if subject.endswith(doc_type):
                return doc_type
    match = _TYPE_IN_TEXT.search(text)
    return match.group(4) if match else None


def override_path(path: Path) -> Path:
    return path.with_name(path.name + OVERRIDE_SUFFIX)


def read_override(path: Path) -> dict:
    """`<file>.meta.json` beside a document: the fields it names replace detected ones."""
    override = override_path(path)
    if not override.exists():
        return {}
    try:
        values = json.loads(override.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IngestError(f"{override}: not a valid JSON override ({error})") from None
    known = {f.name for f in fields(DocumentMeta)} - {"repealed_by"}  # found across the library, not stated
    unknown = set(values) - known if isinstance(values, dict) else {"(not an object)"}
    if unknown:
        raise IngestError(
            f"{override}: unknown field(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
        )
    if values.get("status") not in (None, *STATUSES):
        raise IngestError(f"{override}: status must be one of {', '.join(STATUSES)}, not {values['status']!r}")
    if values.get("valid_years") is not None and not (
        isinstance(values["valid_years"], int) and 0 < values["valid_years"] <= 100
    ):
        raise IngestError(f"{override}: valid_years must be a number of years, not {values['valid_years']!r}")
    repeals = values.get("repeals", [])
    if not (isinstance(repeals, list) and all(isinstance(name, str) for name in repeals)):
        raise IngestError(f"{override}: repeals must be a list of titles or document numbers, not {repeals!r}")
    return values


def apply_override(meta: DocumentMeta, values: dict) -> DocumentMeta:
    for name, value in values.items():
        setattr(meta, name, value)
    return meta
