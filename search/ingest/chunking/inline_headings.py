"""Give back the line breaks of a page copied as one long line: where its headings and paragraphs begin.

A well-formatted document breaks its lines at least at every heading, so no heading sits inside its lines (the
bundled documents: none, with lines of 214 characters on average). A page copied without its line breaks has
one line holding nearly all of it, or, if it kept a break per section, long lines holding more headings than
open them. Only in such a document are headings inside a line used, and an inline marker needs more evidence
than a marker opening a line: it must pass the same per-level rules (`match_heading`), stand at a sentence
boundary (or right after its parent's name), and continue the numbering of its level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.ingest.headings import BARE_HEADINGS, CHAPTER, HEADING_MAX_CHARS, TOP, Heading, match_heading
from search.normalize import HAN, fold_width, to_simplified

# A document is flattened when one line holds at least this share of its characters, or its lines average
# this many characters (the bundled documents average at most 214) and hold more headings than open them.
FLATTENED_SHARE = 0.5
FLATTENED_LINE_CHARS = 800
# How far after a marker `match_heading` looks: enough for a heading's title and the start of its text.
_LOOKAHEAD = 2 * HEADING_MAX_CHARS

_CN = "零〇一二三四五六七八九十百"
# Where a heading marker may begin (checked in full by `match_heading`), on width-folded text:
# "第三章" "第五条" "十一、" "(二)" "12." "3、" "(4)" "⑤"
_MARKER = re.compile(
    rf"第[{_CN}\d]{{1,4}}[章条]|[{_CN}]{{1,3}}\s*[、.．]|\([{_CN}\d]{{1,3}}\)|\d{{1,2}}\s*[.、．]|[①-⑳]"
)
# A sentence has ended before a marker: "…制定本方案。一、总体要求", also after a closing quote "…发展。”二、".
_SENTENCE_END = re.compile(r"[。！？!?][”’」』)]?\s*$")
# "附件" / "附件1" / "附件:1.…" opening the annex; after it come tables, not headings.
_ANNEX = re.compile(r"附件\s*\d{0,2}(?=[\s:：]|$)")
_REMARK_MAX_CHARS = 200
_SPACE = re.compile(r"\s+(?=\S)")
_IDEOGRAPH = re.compile(rf"[{HAN}]")
_PUNCTUATION = re.compile(r"[。；;,，:：、!?！？]")
_NUMERAL_CHARS = set(_CN + "第0123456789.")
_FIRST_POINT = re.compile(r"一是|其一")
_CJK_OR_CLOSE = re.compile(rf"[{HAN})）”]")


def document_line_starts(lines: list[str]) -> list[list[int]]:
    """For each line of a document, the offsets where the lines it lost begin (none if it is not flattened).

    One outline runs through the whole document, so `4.` in one line continues `3.` in the line before."""
    outline = _Outline()
    starts = [[] if outline.in_annex else line_starts(line, outline) for line in lines]
    return starts if _lost_its_line_breaks(lines, outline) else [[] for _ in lines]


def _lost_its_line_breaks(lines: list[str], outline: _Outline) -> bool:
    """One line holds at least half the text and no other line opens a heading (a page pasted as one line,
    perhaps under its title), or lines are long and more headings sit inside them than open them (a copy
    that kept a break per section only). A notice whose one long paragraph lists "。1.…2.…" is neither."""
    total = sum(len(line) for line in lines)
    if not total:
        return False
    longest = max(lines, key=len)
    if len(longest) >= FLATTENED_SHARE * total and not any(
        match_heading(line) for line in lines if line is not longest
    ):
        return True
    return total >= FLATTENED_LINE_CHARS * len(lines) and outline.inline > outline.line_initial


_TITLE_REACH = 120  # a 《 further back than this opened no title (a garbled page)


def line_starts(text: str, outline: _Outline | None = None) -> list[int]:
    """Offsets in `text` (one flattened line) where a heading, a heading's own text or a paragraph begins.

    "一、发展目标 1、城市品牌 到2015年:… 2、产业规模 …" -> before "1、", "到2015年" and "2、";
    "…见附件。2020年1.5亿元" -> nowhere (a year, a figure).
    """
    outline = outline or _Outline()
    outline.last_at = -_LOOKAHEAD  # a new line: no parent's name runs on into it
    folded = fold_width(text)
    annex = next((m for m in _ANNEX.finditer(folded) if _after_sentence(folded, m.start())), None)
    body_end = annex.start() if annex else len(folded)
    outline.in_annex = annex is not None
    starts: set[int] = set()
    for match in _MARKER.finditer(folded, 0, body_end):
        at = match.start()
        heading = match_heading(folded[at : at + _LOOKAHEAD])
        if heading is None:
            continue
        if at == 0:  # a line-initial heading needs no more evidence; it sets the numbering for the next ones
            outline.accept(heading, at)
            outline.line_initial += 1
            continue
        bare_at = _bare_heading_before(folded, at) if heading.style == "paren_cn" and heading.ordinal == 1 else None
        boundary = _after_sentence(folded, at) or bare_at is not None or outline.under_title(folded, at, heading)
        if not outline.expects(heading, after_lost_one=boundary):
            continue
        # Without a boundary, a marker in sequence still opens a heading if it cannot be part of a number
        # ("…增长8.5%(二)新兴…。", "…44.7%二、开展的主要工作"), is a `二、` or names a heading ending in "。".
        # Never an article: "按第五条执行。" is a cross-reference.
        if not boundary and (
            heading.style in ("chapter", "article")
            or folded[at - 1] in _NUMERAL_CHARS
            or not (heading.style == "top" or _titled(folded, match.end()))
        ):
            continue
        if bare_at is not None:
            starts.add(bare_at)
            outline.accept(Heading("bare", TOP, 0, "", True), bare_at)
        outline.accept(heading, at)
        outline.inline += 1
        starts.add(at)
        if (name_end := _name_end(folded, match.end())) is not None and folded[name_end].isspace():
            starts.add(name_end)  # "1. 近年重庆服务外包发展情况 我市自2009年…": the heading is a line of its own
        elif (point := _first_point(folded, match.end())) is not None:
            starts.add(point)
        elif not _titled(folded, match.end()) and (name_end := _known_name_end(folded, match.end())) is not None:
            starts.add(name_end)  # "一、发展目标贯彻落实…,": not "一、发展目标和任务。"
    markers = {m.end() for m in _MARKER.finditer(folded, 0, body_end)}  # "第三章 总则" stays one line
    starts.update(
        space.end()
        for space in _SPACE.finditer(folded, 1, body_end)
        if space.start() not in markers
        and _was_line_break(folded, space.start(), space.end())
        and not in_open_title(folded, space.start())
    )
    if annex:
        starts.add(annex.start())
        if not folded[annex.end() :].lstrip().startswith((":", "：")):
            starts.add(annex.end())  # "附件 任务分工表 …": the marker alone opens the annex, as on its own line
    return sorted({_skip_spaces(folded, start) for start in starts} - {0, len(text)})


def _after_sentence(folded: str, at: int) -> bool:
    """After a full stop, a space, or a remark in brackets after a full stop: "…发展。(责任单位:市商务局)2.…"."""
    if _plainly_after_sentence(folded, at):
        return True
    if folded[at - 1] == ")":
        depth = 0
        for opening in range(at - 1, max(0, at - _REMARK_MAX_CHARS), -1):
            depth += {")": 1, "(": -1}.get(folded[opening], 0)
            if depth == 0:
                return _plainly_after_sentence(folded, opening)
    return False


def _plainly_after_sentence(folded: str, at: int) -> bool:
    return at == 0 or folded[at - 1].isspace() or bool(_SENTENCE_END.search(folded[max(0, at - 4) : at]))


def _was_line_break(folded: str, start: int, end: int) -> bool:
    """Chinese prose has no spaces between Chinese words: a space after a full stop or between two ideographs
    was a line break ("…发展。 2020年", "…管委会) 成立…", "首页 政务公开"); not in "对 “互联网+” 大学生" or a time."""
    ideographs = _IDEOGRAPH.match(folded[start - 1]) and _IDEOGRAPH.match(folded[end])
    return bool(ideographs) or _after_sentence(folded, start)


def in_open_title(text: str, at: int) -> bool:
    """Whether `at` is inside a 《title》 opened shortly before: no line break (its spaces part joint issuers,
    `《财政部 国家发展改革委 …关于…》`) and no cut of an over-long sentence belongs there."""
    before = text[max(0, at - _TITLE_REACH) : at]
    return before.rfind("《") > before.rfind("》")


def _titled(folded: str, marker_end: int) -> bool:
    """The marker names a heading that ends in a full stop: "(二)新兴数字化服务外包快速增长。", not "(一)软件开发;"."""
    name = _PUNCTUATION.search(folded, marker_end, marker_end + HEADING_MAX_CHARS)
    return name is not None and name.group() == "。" and name.start() > marker_end


def _known_name_end(folded: str, marker_end: int) -> int | None:
    """Where a well-known section name glued to its text ends: "一、发展目标贯彻落实…" -> after "发展目标"."""
    start = _skip_spaces(folded, marker_end)
    for name in BARE_HEADINGS:
        end = start + len(name)
        if end < len(folded) and to_simplified(folded[start:end]) == name and not _PUNCTUATION.match(folded[end]):
            return end
    return None


def _first_point(folded: str, marker_end: int) -> int | None:
    """Where the first of a heading's points begins right after its name: "(一)全面落实国家重大战略一是…"."""
    start = _skip_spaces(folded, marker_end)
    points = _FIRST_POINT.search(folded, start + 2, start + HEADING_MAX_CHARS)
    if points and not _PUNCTUATION.search(folded, start, points.start()):
        return points.start()
    return None


def _bare_heading_before(folded: str, at: int) -> int | None:
    """Where a numeral-less section name ("主要任务") directly before a `(一)` marker begins, if there is one."""
    for name in BARE_HEADINGS:
        start = folded.rfind(name, max(0, at - len(name) - 1), at)
        if start >= 0 and not folded[start + len(name) : at].strip() and _after_sentence(folded, start):
            return start
    return None


def _skip_spaces(folded: str, at: int) -> int:
    while at < len(folded) and folded[at].isspace():
        at += 1
    return at


def _name_end(folded: str, marker_end: int) -> int | None:
    """Where the heading's name after its marker ends: at the first space or punctuation, if near enough."""
    start = _skip_spaces(folded, marker_end)
    for end in range(start, min(len(folded), start + HEADING_MAX_CHARS)):
        if folded[end].isspace() or _PUNCTUATION.match(folded[end]):
            # "第一章 总则第一条 为…": the name ends where the next heading begins, not at that one's space
            return None if _MARKER.search(folded, start + 1, end) else end
    return None


@dataclass
class _Outline:
    """The headings accepted so far, as a stack of open levels, to check that each new one is in sequence."""

    open: list[tuple[int, str, int]] = field(default_factory=list)  # (level, style, ordinal)
    last_seen: dict[str, int] = field(default_factory=dict)  # per style, across parents: "(二) 4." after "3."
    last_at: int = -1
    in_annex: bool = False  # after `附件` come tables, not headings
    line_initial: int = 0  # headings opening a line
    inline: int = 0  # headings found inside one

    def expects(self, heading: Heading, after_lost_one: bool) -> bool:
        """`二、` after `一、` (or `三、` at a sentence boundary: one heading lost, the next ones not);
        under a new parent `1.` again or the next number of the whole document."""
        for level, style, ordinal in reversed(self.open):
            if level == heading.level and style == heading.style:
                return heading.ordinal == ordinal + 1 or (after_lost_one and heading.ordinal == ordinal + 2)
            if level < heading.level:
                break
        if heading.ordinal in (1, self.last_seen.get(heading.style, 0) + 1):
            return True
        # The first `一、` is often lost or printed as `1.` (a reply letter's "1. 近年…情况" then "二、").
        return heading.level <= TOP and heading.style not in self.last_seen and heading.ordinal == 2

    def under_title(self, folded: str, at: int, heading: Heading) -> bool:
        """A child marker right after its parent's name, with no space between: "一、总体要求(一)指导思想"."""
        parent = self.open[-1] if self.open else None
        return (
            parent is not None
            and parent[0] < heading.level
            and at - self.last_at <= HEADING_MAX_CHARS
            and not re.search(r"[。；;!?！？,，]", folded[self.last_at : at])
            and bool(_CJK_OR_CLOSE.match(folded[at - 1]))
        )

    def accept(self, heading: Heading, at: int) -> None:
        while self.open and self.open[-1][0] >= heading.level:
            self.open.pop()
        ordinal = heading.ordinal
        if heading.style == "bare":
            ordinal = self.last_seen.get("top", 0) + 1  # "主要任务" stands where "二、" would
            heading = Heading("top", TOP, ordinal, heading.title, True)
        self.open.append((heading.level, heading.style, ordinal))
        self.last_seen[heading.style] = ordinal
        if heading.level <= CHAPTER:
            self.last_seen = {style: n for style, n in self.last_seen.items() if style in ("chapter", "article")}
        self.last_at = at
