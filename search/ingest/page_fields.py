"""The metadata block a government page prints above a document, and reprint sites' labelled lines.

Read in every layout met: a table of label and value on one line (`发文字号：国办发〔2020〕8号`) or on two
(`索 引 号：` then `000014349/2020-00123`), several fields on one line, bracket fields (`[发文字号] …`) and
reprint labels (`发文标题: …`, `- 名称: …`). The block's lines are known by their index, so cleaning drops them
from the text and metadata reads them; neither guesses at the other's rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.ingest.doc_types import DOC_TYPE_PATTERN
from search.normalize import HAN, fold_width, to_simplified

TITLE, NUMBER, ISSUER, WRITTEN, PUBLISHED = "title", "number", "issuer", "written", "published"
# Each field under every label pages give it; `None` for labels read only so as to end another field's value.
_LABELS: dict[str, str | None] = {
    # 中文名: an encyclopedia's infobox (中文名 | 福田区政府工作报告(2020) | 发布单位 | 福田区人民政府 |)
    **dict.fromkeys(
        ["标题", "名称", "发文标题", "文件名称", "文件标题", "公文标题", "政策名称", "信息名称", "中文名"], TITLE
    ),
    **dict.fromkeys(["发文字号", "文号", "发文文号", "发布文号", "文件编号", "文件字号"], NUMBER),
    **dict.fromkeys(
        ["发文机关", "发布机构", "发文单位", "发布单位", "制发机关", "发文机构", "颁布机关", "文件来源"], ISSUER
    ),
    # 生成日期: when the information was made, "一般指文件的签署日期" (a portal's own definition)
    # 颁布时间: when it was promulgated (an encyclopedia's infobox: 頒布時間:2022年1月11日)
    **dict.fromkeys(
        ["成文日期", "发文日期", "签发日期", "制发日期", "成文时间", "生成日期", "颁布时间", "颁布日期"], WRITTEN
    ),
    **dict.fromkeys(
        ["发布日期", "公开日期", "发布时间", "发表时间", "公布日期", "时间", "日期", "撰写时间"], PUBLISHED
    ),
    **dict.fromkeys(
        [
            "索引号",
            "信息索引号",
            "信息有效性",
            "公开类别",
            "归档时间",
            "主题分类",
            "体裁分类",
            "组配分类",
            "主题词",
            "有效性",
            "时效性",
            "效力状态",
            "生效日期",
            "实施日期",
            "施行日期",
            "效力级别",
            "失效日期",
            "废止日期",
            "公开方式",
            "公开范围",
            "信息来源",
            "所属主题",
            "服务对象",
            "文种",
            "发文类型",
            "政策类型",
            "所属类别",
            "来源",
            "作者",
            "点击次数",
            "浏览次数",
            "浏览量",
            "阅读次数",
            "阅读",
        ],
        None,
    ),
}
# Labels also used in running text and event notices (时间：2021年5月8日 地点：…): a page's own only beside
# another label (时间:2023-04-26 来源:网络).
_ONLY_IN_COMPANY = {"时间", "日期", "来源", "作者"}
# A line of a site's post (时间:2023-04-26 来源:网络 浏览量:12): its time is the government's only when the source
# it names is a government body (信息来源: 丽水市政府, 来源:市司法局办公室), not a reprint site's (来源:网络).
_POST_TIME_LABELS = {"时间", "日期", "发布时间", "发表时间", "撰写时间"}
_POST_LABELS = {"来源", "信息来源", "作者", "点击次数", "浏览次数", "浏览量", "阅读次数", "阅读"}
_SOURCE_LABELS = ("来源", "信息来源")
_GOVERNMENT_SOURCE = re.compile(r"(政府|局|委|办|厅|办公室|委员会|中心|部|署)$")
# Words a table's header cells also print (名称 / 数量): a label without its colon only when it is no such word.
_WEAK_LABELS = _ONLY_IN_COMPANY | {"名称", "标题", "文号", "文种"}
# The spaces that pad a label's characters (`索 引 号`) may have reached the page as `?` (`標??題`: full-width spaces
# lost to the wrong encoding).
_LABEL_PADDING = r"[\s?？]"
_LABEL_GAP = _LABEL_PADDING + "*"
_STRONG_ALTERNATIVES = "|".join(
    _LABEL_GAP.join(map(re.escape, label)) for label in sorted(set(_LABELS) - _WEAK_LABELS, key=len, reverse=True)
)
# A label may be spaced out (`索 引 号`), bracketed (`[发文字号]`, `【标题】`), listed (`- 名称:`) or a cell of
# a table drawn with bars (`| 标题 | 关于…的通知 |`, `文号 | 汉政办发〔2021〕88号 |`, not `| 名称 | 数量 |`); otherwise it needs its colon, and it
# opens the line or follows a space: `项目名称：` in a table is not `名称：`.
_LABEL_ALTERNATIVES = "|".join(
    _LABEL_GAP.join(map(re.escape, label)) for label in sorted(_LABELS, key=len, reverse=True)
)
_LABEL = re.compile(
    rf"[\[【]\s*(?P<bracketed>{_LABEL_ALTERNATIVES})\s*[\]】]\s*[:：]?\s*"
    rf"|(?:^|(?<=\s)|(?<=[|│｜]))[-*·•]?\s*(?P<plain>{_LABEL_ALTERNATIVES})\s*[:：]\s*"
    rf"|(?:^|(?<=[|│｜]))\s*(?P<piped>{_STRONG_ALTERNATIVES}|标\s*题|文\s*号)\s*[|│｜]\s*"
)
# A label alone on its line (a table cell), its value on the next line: `索引号` or `索 引 号：`.
_LABEL_ONLY = re.compile(rf"^[-*·•]?\s*[\[【]?\s*(?P<label>{_LABEL_ALTERNATIVES})\s*[\]】]?\s*[:：]?$")
# A label and its value parted by spaces alone, opening a line (`文件编号 浦府〔2022〕1号`), then any label after a
# space on that line (`发布机构 自治区人民政府 文  号 内政发〔2013〕62号`).
_SPACED_LABEL = re.compile(rf"^[-*·•]?\s*(?P<plain>{_STRONG_ALTERNATIVES})\s+(?=\S)")
_WEAK_SPACED_LABEL = re.compile(r"^(?P<plain>名称|标题|文号)\s+(?=\S)")
_GLUED_LABEL = re.compile(rf"^(?P<plain>{_STRONG_ALTERNATIVES})(?=[{HAN}\d])")
_SPACED_NEXT_LABEL = re.compile(rf"(?<=\s)(?P<plain>{_LABEL_ALTERNATIVES})\s+(?=\S)")
_BLOCK_LINE_MAX = 200
# What a label's first character may be, in either script (發 of 發文字號): lines opening otherwise are not read.
_LABEL_FIRST = {label[0] for label in _LABELS} | set("發標時來閱點瀏歸實組體廢頒")
_GLUED_LINE_MAX = 60
_LABEL_LINE_MAX = 12
_TRAILING_TIME = re.compile(r"\s(\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)$")
_FIELD_MARK = re.compile(r"[:：\[\]【】［］]|\s\S")
# A disclosure list's index number and its dates, their labels lost: `• 005299478/2022-00137`, `• 2022-08-10`.
_INDEX_NUMBER = re.compile(r"^[•·●\-\s]*[0-9A-Za-z]{6,24}/\d{4}-\d{3,8}$")
_LISTED_DATE = re.compile(r"^[•·●\-\s]*(\d{4}-\d{1,2}-\d{1,2})(\s+\d{1,2}:\d{2}(:\d{2})?)?$")
_LISTED_FIELDS = 5
_LIST_TOP = 30
_TITLE_END = re.compile(rf"({DOC_TYPE_PATTERN}|[)）》])$")


@dataclass
class PageFields:
    """The fields a page's metadata block states (value text as printed) and the lines that print them."""

    values: dict[str, str] = field(default_factory=dict)
    lines: set[int] = field(default_factory=set)
    # The line above a site's post bar (时间:… 浏览次数:… 信息来源:…), where sites print the post's title.
    above_post_bar: str | None = None
    # Whether that bar names a government body as its source (信息来源: 丽水市政府), not a news site or none.
    posted_by_government: bool = False
    # That body, a hint of the document's place when nothing else names one (来源:华容县政府).
    government_source: str | None = None


class _FoldedLines:
    """A page's lines in half width and simplified script, each converted when first read: most never are."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._folded: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, index: int) -> str:
        if index not in self._folded:
            self._folded[index] = to_simplified(fold_width(self._lines[index])).strip()
        return self._folded[index]

    def blank(self, index: int) -> bool:
        return not self._lines[index].strip()


def read_page_fields(lines: list[str]) -> PageFields:
    """Each field's first statement on the page; `lines` are the page's lines, blank ones included."""
    found = PageFields()
    folded = _FoldedLines(lines)
    i = 0
    while i < len(folded):
        if not _may_be_field(lines[i]):
            i += 1
            continue
        line = folded[i]
        if not line:
            i += 1
            continue
        only = _LABEL_ONLY.match(line)
        if only and (_bare_label(only.group("label")) not in _WEAK_LABELS or line.endswith((":", "："))):
            value_at = _next_line(folded, i)
            if value_at is not None and not _is_label_line(folded[value_at]):
                _keep(found, only.group("label"), folded[value_at], [i, value_at], folded)
                i = value_at + 1
                continue
            found.lines.add(i)
            i += 1
            continue
        matches = (
            list(_LABEL.finditer(line)) or _spaced_labels(line) or _glued_label(folded, i) or _weak_label(folded, i)
        )
        values = _line_values(line, matches)
        if (
            not matches
            or line[: matches[0].start()].strip(" |│｜")  # a label opens the line (or its table's first cell)
            or (len(values) == 1 and values[0][0] in _ONLY_IN_COMPANY)
        ):
            i += 1
            continue
        reprint = _is_reprint_post(values)
        if _is_post_bar(values) and found.above_post_bar is None:
            above = next((j for j in range(i - 1, -1, -1) if not folded.blank(j)), None)
            if above is not None and above not in found.lines:
                found.above_post_bar = folded[above]
                found.posted_by_government = not reprint
            if not reprint:
                found.government_source = next((v for label, v in values if label in _SOURCE_LABELS and v), None)
        for label, value in values:
            if reprint and label in _POST_TIME_LABELS:
                value = ""  # when a reprint site posted it, not when the government published it
            _keep(found, label, value, [i], folded)
        i += 1
    if WRITTEN not in found.values and (listed := _unlabelled_list_date(folded)):
        found.values[WRITTEN] = listed
    return found


def _unlabelled_list_date(folded: _FoldedLines) -> str | None:
    """The first date of a disclosure list whose labels a page lost: `• 005299478/2022-00137`, `• 新郑市卫生健康委员会`,
    `• 应急`, `• 2022-08-10` (成文日期 first, as the labelled lists print them)."""
    top = range(min(len(folded), _LIST_TOP))
    start = next((i for i in top if not folded.blank(i) and _INDEX_NUMBER.match(folded[i])), None)
    if start is None:
        return None
    below = [i for i in range(start + 1, min(len(folded), start + 1 + 2 * _LISTED_FIELDS)) if not folded.blank(i)]
    return next((found.group(1) for i in below[:_LISTED_FIELDS] if (found := _LISTED_DATE.match(folded[i]))), None)


def _line_values(line: str, matches: list[re.Match[str]]) -> list[tuple[str, str]]:
    """Each label of a line with its value; a source followed by a bare time is a post bar whose time has no label:
    `来源:华容县政府   2021-03-23 10:56`."""
    if not matches:
        return []
    values = [
        (_label_of(match), line[match.end() : following.start() if following else len(line)].strip(" |│｜"))
        for match, following in zip(matches, [*matches[1:], None], strict=True)
    ]
    if len(values) == 1 and values[0][0] in _SOURCE_LABELS and (time := _TRAILING_TIME.search(values[0][1])):
        return [(values[0][0], values[0][1][: time.start()].strip()), ("时间", time.group(1))]
    return values


def _may_be_field(line: str) -> bool:
    """Cheaply, before folding and converting: a line a label may open (it holds a colon or a bracket, or starts as
    a label does) or a label alone on its line (short)."""
    stripped = line.strip()
    return len(line) <= _BLOCK_LINE_MAX and (
        len(stripped) <= _LABEL_LINE_MAX
        or (stripped[:1] in _LABEL_FIRST and len(stripped) <= _GLUED_LINE_MAX)
        or _FIELD_MARK.search(line) is not None
    )


def _glued_label(folded: _FoldedLines, index: int) -> list[re.Match[str]]:
    """`发文机关国务院办公厅` with `发文字号国办函〔1988〕2号` beside it: labels a page printed without a colon or a
    space, read only in a block of such lines."""
    glued = _GLUED_LABEL.match(folded[index])
    neighbours = [j for j in (index - 1, index + 1) if 0 <= j < len(folded) and not folded.blank(j)]
    if glued and any(_GLUED_LABEL.match(folded[j]) or _LABEL.match(folded[j]) for j in neighbours):
        return [glued]
    return []


def _weak_label(folded: _FoldedLines, index: int) -> list[re.Match[str]]:
    """`名称 市人民政府办公室关于…的通知` under `发布机构 文件有效性`: a label a table's header also prints, parted
    from its value by spaces alone, read only in a block of labelled lines."""
    weak = _WEAK_SPACED_LABEL.match(folded[index])
    neighbours = [j for j in (index - 1, index + 1) if 0 <= j < len(folded) and not folded.blank(j)]
    if weak and any(_SPACED_LABEL.match(folded[j]) or _LABEL.match(folded[j]) for j in neighbours):
        return [weak]
    return []


def _spaced_labels(line: str) -> list[re.Match[str]]:
    first = _SPACED_LABEL.match(line)
    if not first:
        return []
    return [first, *_SPACED_NEXT_LABEL.finditer(line, first.end())]


def _is_post_bar(values: list[tuple[str, str]]) -> bool:
    labels = {label for label, _ in values}
    return bool(labels & (_POST_TIME_LABELS | {"发布日期"}) and labels & _POST_LABELS)


def _is_reprint_post(values: list[tuple[str, str]]) -> bool:
    labels = {label for label, _ in values}
    if not labels & _POST_TIME_LABELS or not labels & _POST_LABELS:
        return False
    sources = [value for label, value in values if label in _SOURCE_LABELS]
    return not any(_GOVERNMENT_SOURCE.search(source) for source in sources)


def _bare_label(label: str) -> str:
    """A label as `_LABELS` names it: `索 引 号` -> `索引号`, `标??题` -> `标题`."""
    return re.sub(_LABEL_PADDING, "", label)


def _label_of(match: re.Match[str]) -> str:
    groups = match.groupdict()
    return _bare_label(groups.get("bracketed") or groups.get("piped") or groups["plain"])


def _keep(found: PageFields, label: str, value: str, at: list[int], folded: _FoldedLines) -> None:
    name = _LABELS[_bare_label(label)]
    found.lines.update(at)
    if name == TITLE and value and not _TITLE_END.search(value):
        # A title cut at the line's wrap goes on in the next line: 关于加快推进服务外包产业 / 跨越发展的实施意见.
        after = _next_line(folded, at[-1])
        if after is not None and _continues_title(folded[after]):
            value += folded[after]
            found.lines.add(after)
    if name and value and name not in found.values:
        found.values[name] = value


def _continues_title(line: str) -> bool:
    return not _is_label_line(line) and bool(_TITLE_END.search(line)) and len(line) <= 40 and "。" not in line


def _next_line(folded: _FoldedLines, index: int) -> int | None:
    return next((j for j in range(index + 1, min(index + 3, len(folded))) if not folded.blank(j)), None)


def _is_label_line(line: str) -> bool:
    return bool(_LABEL_ONLY.match(line) or _LABEL.match(line))
