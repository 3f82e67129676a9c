"""Detect document metadata from the content (never the file name); an override file may correct it."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import jieba

from search.ingest.dates import CN_DATE, date_line, iso_date
from search.ingest.doc_types import DOC_TYPE_PATTERN, DOC_TYPES
from search.normalize import fold_width, to_simplified
from search.records import DocumentMeta

jieba.setLogLevel(60)

_TITLE_LINE = re.compile(rf"^.{{6,90}}({DOC_TYPE_PATTERN})(\(.{{0,20}}\))?$")
_ENCLOSED = re.compile(r"印发《(.+?)》")
_INLINE_TITLE = re.compile(r"《([^《》]{6,60})》(已经|经).{0,12}同意[,，]?\s*现(印发|予以印发)")
_FIELD = re.compile(r"\[\s*(发文字号|发布机构|成文日期|发布日期)\s*\]\s*([^\[\]]+?)\s*(?=\[|$)")
_DOC_NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]{1,10}[〔\[(]\d{4}[〕\])]\d{1,4}号$")
_ISSUED_LINE = re.compile(rf"^(\S{{2,30}}?)\s*({CN_DATE})印发$")
_SIGNATORY = re.compile(r"^[\u4e00-\u9fff]{2,20}(局|委|办|厅|会|部|政府|海关|室|中心)$")
_TYPE_IN_TEXT = re.compile(rf"(提出|制定|印发)(了)?(我市|本市|本)?({DOC_TYPE_PATTERN})")
_NOT_CITIES = ("城市", "超市", "股市", "上市")
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
    meta.city = _city(meta.title, meta.issuer, text)
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


@lru_cache(maxsize=64)
def _city_tokens(text: str) -> Counter:
    # jieba cuts each run of its word characters on its own, so only the runs holding 市 need cutting: the
    # same words, found in a tenth of the time.
    runs = "\n".join(run for run in jieba.re_han_default.findall(text) if "市" in run)
    return Counter(
        word[:-1]
        for word in jieba.cut(runs)
        if word.endswith("市") and len(word) >= 3 and not word.endswith(_NOT_CITIES)
    )


def _city(title: str | None, issuer: str | None, text: str) -> str | None:
    """The city the document governs: named with 市 in its title or issuer, else the most named."""
    counts = _city_tokens(text)
    if not counts:
        return None
    for stated in (title, issuer):
        if stated:
            for name in sorted(counts, key=counts.get, reverse=True):
                if stated.startswith(name) or stated.startswith(name + "市"):
                    return name
    scored = {name: count + 0.5 * text.count(name) for name, count in counts.items()}
    return max(scored, key=scored.get)
