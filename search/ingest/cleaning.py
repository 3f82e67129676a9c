"""Remove web-page debris (navigation, share bars, footers, spam lines) without touching policy text."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from search.ingest.dates import CN_DATE, iso_date
from search.ingest.doc_types import DOC_TYPE_PATTERN
from search.normalize import fold_width, to_simplified

log = logging.getLogger(__name__)

_PUBLICATION_FLAG = re.compile(r"^(同意公开|不予公开)$")
# Proposal-reply pages print a grade letter (A-D) beside the publication flag: "A" above "同意公开".
# A lone "A" anywhere else (a list item, a table cell) is text, so this is no line rule of its own.
_REPLY_GRADE = re.compile(r"^[A-D]$")

# Each rule names what it removes; a matching line is dropped whole.
# e.g. "当前位置:首页 > 政策法规 > 地方政策" is a breadcrumb; "一、当前位置优势" is not (must start the line).
_LINE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("breadcrumb", re.compile(r"^(您)?(当前|現在|现在)(的)?位置\s*[:：]")),
    ("font-size bar", re.compile(r"^字号\s*[:：]?\s*([大中小]\s*)*$")),
    ("share bar", re.compile(r"^分享(到)?\s*([:：].{0,30})?$")),
    ("qr-code prompt", re.compile(r"^扫一扫在手机(上)?打开(当前页|本页)?$")),
    ("print/close bar", re.compile(r"^(\[?\s*(打印|关闭|收藏|返回顶部)(本页|窗口)?\s*\]?\s*){1,4}$")),
    ("spam source line", re.compile(r"^(来源|稿源)\s*[:：].{0,40}(发布时间|时间)\s*[:：]")),
    (
        "page metadata",
        re.compile(r"^\[\s*(索引号|发文字号|主题分类|体裁分类|发布机构|成文日期|发布日期|文号|有效性)\s*\]"),
    ),
    ("publication flag", _PUBLICATION_FLAG),
    ("visit counter", re.compile(r"^(浏览次数|点击数|阅读量|访问量)\s*[:：]\s*\d*$")),
]

_NAV_WORDS = {
    "首页",
    "政务公开",
    "政务服务",
    "互动交流",
    "专题专栏",
    "党建工作",
    "新闻中心",
    "政策法规",
    "办事服务",
    "走进",
    "信息公开",
    "网上办事",
    "公众参与",
    "数据开放",
    "机构职能",
}
_LEAVE_SITE = re.compile(r"^您访问的链接即将离开")
_LEAVE_SITE_END = re.compile(r"(继续访问|取消)\s*$")
_FOOTER_START = re.compile(r"^(扫一扫在手机(上)?打开|版权所有|主办单位|网站标识码|网站地图)")
_FOOTER_LINE_MAX = 30
# Debris is a short line; a longer one is policy text, perhaps a whole page copied without its line breaks
# ("来源:… 发布时间:… 《大同市…》已经市人民政府同意…"), which no rule may drop whole.
_DEBRIS_LINE_MAX = 300
# A breadcrumb with at most this many lines kept above it is at the top of the page, under the site's header.
_SITE_HEADER_LINES = 3
# What a document says of itself stays even above a breadcrumb: a title ("…实施方案", "关于…"), a number
# ("津商务发〔2021〕5号"), a date or a sentence. "媒体监测和推荐平台", "地方政策", a site's URL are the site's.
_DOCUMENT_IDENTITY = re.compile(rf"关于|({DOC_TYPE_PATTERN})(\(.{{0,20}}\))?$|[〔\[(]\d{{4}}[〕\])]\d{{1,4}}号|。")


# The closing block under a government document's text, kept out of its clauses: the copy list ("抄送：市委各部门，
# …"), the printing line ("宜昌市人民政府办公室 2022年5月7日印发", "印发日期：…") and the publication note
# ("（此件公开发布）"). Not "现印发给你们" nor "自印发之日起施行" (sentences of the text).
_CLOSING_START = re.compile(
    rf"^(抄送|抄报|分送)\s*[:：]|^.{{0,40}}?{CN_DATE}\s*(印发|印制)$|^(印发|打印)(日期|时间)\s*[:：]|^[(（]此件.{{0,12}}[)）]$"
)
# The closing block is the last few lines, each of them short (a copy list wraps onto a line or two).
CLOSING_MAX_LINES = 6
_CLOSING_LINE_MAX = 120


@dataclass
class CleanResult:
    text: str
    removed: Counter = field(default_factory=Counter)
    closing: list[str] = field(default_factory=list)  # the closing block's lines, for metadata (issuer, date)

    @property
    def with_closing(self) -> str:
        return "\n".join([self.text, *self.closing])


def _is_nav_bar(line: str) -> bool:
    words = line.split()
    return len(words) >= 3 and sum(w in _NAV_WORDS for w in words) >= 3


def clean_text(text: str, name: str = "") -> CleanResult:
    """Drop debris lines and blank lines; keep every policy line as it was (trimmed)."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    removed: Counter = Counter()
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        folded = fold_width(line).strip()
        i += 1
        if not folded:
            continue
        if len(folded) > _DEBRIS_LINE_MAX:
            kept.append(line)
            continue
        if _LEAVE_SITE.match(folded):
            # A leave-site dialog spans a few lines up to "继续访问 取消".
            removed["leave-site dialog"] += 1
            for j in range(i, min(i + 5, len(lines))):
                if _LEAVE_SITE_END.search(fold_width(lines[j])):
                    removed["leave-site dialog"] += j - i + 1
                    i = j + 1
                    break
            continue
        if _FOOTER_START.match(folded) and _only_short_lines_follow(lines[i:]):
            rest = [x for x in lines[i - 1 :] if x.strip()]
            removed["page footer"] += len(rest)
            break
        if _is_nav_bar(folded):
            removed["navigation bar"] += 1
            continue
        if _REPLY_GRADE.match(folded) and _beside_publication_flag(lines, i - 1):
            removed["reply grade"] += 1
            continue
        rule = next((name_ for name_, pattern in _LINE_RULES if pattern.search(folded)), None)
        if rule:
            if rule == "breadcrumb" and len(kept) <= _SITE_HEADER_LINES and (dropped := _drop_site_header(kept)):
                removed["site header"] += dropped
            removed[rule] += 1
            continue
        kept.append(line)
    closing = split_closing_block(kept)
    if closing:
        removed["closing block"] += len(closing)
    if removed:
        log.debug("%s: removed %s", name or "document", dict(removed))
    return CleanResult(text="\n".join(kept), removed=removed, closing=closing)


def split_closing_block(lines: list[str]) -> list[str]:
    """Remove the closing block (抄送, …印发, 此件公开) from the end of `lines` and return it."""
    tail = len(lines) - min(CLOSING_MAX_LINES, len(lines))
    for start in range(tail, len(lines)):
        rest = lines[start:]
        if _CLOSING_START.search(fold_width(lines[start])) and all(len(x) <= _CLOSING_LINE_MAX for x in rest):
            del lines[start:]
            return rest
    return []


def _beside_publication_flag(lines: list[str], index: int) -> bool:
    """Whether the nearest non-blank line above or below line `index` is 同意公开 / 不予公开."""
    above = next((line for line in reversed(lines[:index]) if line), "")
    below = next((line for line in lines[index + 1 :] if line), "")
    return any(_PUBLICATION_FLAG.match(fold_width(line)) for line in (above, below))


def _drop_site_header(kept: list[str]) -> int:
    """Remove the site's name and channel kept above a top-of-page breadcrumb; return how many lines went."""
    identity = [line for line in kept if _is_document_identity(line)]
    dropped = len(kept) - len(identity)
    kept[:] = identity
    return dropped


def _is_document_identity(line: str) -> bool:
    folded = to_simplified(fold_width(line))
    return bool(_DOCUMENT_IDENTITY.search(folded) or iso_date(folded))


def _only_short_lines_follow(rest: list[str]) -> bool:
    return all(len(x.strip()) <= _FOOTER_LINE_MAX for x in rest)
