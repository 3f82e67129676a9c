"""Recognise clause headings, one level at a time, on width-folded lines.

Each level is detected on its own, so a document where `1.` items outnumber `一、` headings keeps its outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.normalize import HAN, fold_width

CN_DIGITS = "零〇一二三四五六七八九十百"

# Level numbers: smaller is higher in the outline.
CHAPTER, TOP, ARTICLE, PAREN_CN, NUMBER, PAREN_NUMBER, CIRCLED = 0, 1, 1, 2, 3, 4, 5

_PATTERNS: list[tuple[str, int, re.Pattern[str]]] = [
    # "第三章 保障措施"
    ("chapter", CHAPTER, re.compile(rf"^第([{CN_DIGITS}\d]{{1,4}})章\s*")),
    # "一、总体要求" ; not "一、二等奖" (a run of numerals is a list, not a heading)
    ("top", TOP, re.compile(rf"^([{CN_DIGITS}]{{1,3}})\s*[、.．]\s*(?![{CN_DIGITS}、])")),
    # "第五条 ..." ; not "第五条规定的…" (a cross-reference)
    ("article", ARTICLE, re.compile(rf"^第([{CN_DIGITS}\d]{{1,4}})条(?!规定|所|的|中|第|至|和|、)\s*")),
    # "(一)指导思想" / "（一）" after width folding ; not "(一)至(三)项"
    ("paren_cn", PAREN_CN, re.compile(rf"^\(([{CN_DIGITS}]{{1,3}})\)\s*(?!至|项|款|和|、)")),
    # "1.信息技术外包服务" / "1、" / "1．" ; not "1.05亿美元", "22.8", "2020年", "3.2%"
    ("number", NUMBER, re.compile(r"^(\d{1,2})\s*[.、．](?![\d%])\s*(?=\S)")),
    # "(1)加强…" ; not "(1)" alone
    ("paren_number", PAREN_NUMBER, re.compile(r"^\((\d{1,2})\)\s*(?=\S)")),
    # "①建立…"
    ("circled", CIRCLED, re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*")),
]

# Short section names that some web copies print without their numeral (Shanghai's "主要任务").
BARE_HEADINGS = {
    "总体要求",
    "指导思想",
    "基本原则",
    "发展目标",
    "主要目标",
    "工作目标",
    "主要任务",
    "重点任务",
    "工作任务",
    "重点领域",
    "保障措施",
    "组织实施",
    "组织保障",
    "工作要求",
    "实施步骤",
    "进度安排",
}
_BARE_LINE = re.compile(rf"^[{HAN}]{{2,12}}$")
HEADING_MAX_CHARS = 40
_SENTENCE_END = re.compile(r"[。；;]")


@dataclass(frozen=True)
class Heading:
    style: str
    level: int
    ordinal: int
    title: str  # the clause's own heading, e.g. "2.维修维护服务"
    standalone: bool  # the line is only a heading, with no clause text after it


def cn_to_int(numeral: str) -> int:
    """'十九' -> 19, '二十' -> 20, '3' -> 3."""
    if numeral.isdigit():
        return int(numeral)
    values = {c: i for i, c in enumerate("零一二三四五六七八九")}
    values["〇"] = 0
    total, current = 0, 0
    for ch in numeral:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = values.get(ch, 0)
    return total + current


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def match_heading(line: str) -> Heading | None:
    """The heading that opens `line`, or None for body text, figures and cross-references."""
    folded = fold_width(line).strip()
    for style, level, pattern in _PATTERNS:
        match = pattern.match(folded)
        if not match:
            continue
        token = match.group(1)
        ordinal = _CIRCLED.index(token) + 1 if style == "circled" else cn_to_int(token)
        if ordinal == 0 or ordinal > 99:
            return None
        rest = folded[match.end() :]
        if not rest:
            return None
        return Heading(style, level, ordinal, _title(line.strip(), folded, match.end()), _standalone(rest))
    return None


def match_bare_heading(line: str, next_line: str | None) -> Heading | None:
    """A numeral-less section name: a known name, or a short line directly above a `（一）` heading."""
    folded = fold_width(line).strip()
    if not _BARE_LINE.match(folded):
        return None
    next_heading = match_heading(next_line) if next_line else None
    if folded in BARE_HEADINGS or (next_heading and next_heading.style == "paren_cn" and next_heading.ordinal == 1):
        return Heading("bare", TOP, 0, line.strip(), True)
    return None


def _standalone(rest: str) -> bool:
    body = _SENTENCE_END.split(rest, 1)
    return len(body) == 1 or not body[1].strip()


def _title(original: str, folded: str, marker_end: int) -> str:
    """Marker plus name, up to the first full stop: "1.信息技术外包服务(ITO)"."""
    end = _SENTENCE_END.search(folded, marker_end)
    cut = end.start() if end else len(folded)
    if cut > HEADING_MAX_CHARS:
        commas = [k for k in (folded.find(",", marker_end), folded.find("，", marker_end)) if k > marker_end + 4]
        comma = min(commas, default=-1)
        if 0 < comma <= HEADING_MAX_CHARS:
            return original[:comma]
        return original[:HEADING_MAX_CHARS].rstrip() + "…"
    return original[:cut].rstrip(" ，,：:")
