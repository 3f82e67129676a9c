"""Where a text names documents: each outermost 《title》 and each 发文字号, with the short names it defines.

A title is the outermost 《…》 (`《关于印发〈X〉的通知》` is one title, X the one it encloses); a 简称 defined after it
(`(以下简称《目录》)`) stands for it wherever it is used later in the document, and a generic one used without a
definition (`《意见》`) for the latest title cited before it with that ending. A 发文字号 is `机关代字〔年〕N号` in any of
the brackets pages print (〔〕 [] ［］ () （） ﹝﹞ 【】 „‟, traditional 號), normalised to 〔〕 as `facts/metadata.py` does, or a
decree's `国务院令第588号`, `商务部公告2020年第5号`, `1989年省政府令第4号`; one right after a title is that title's.
What a citing sentence does to them, and which are the document itself, `reading.py` reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from search.ingest.citations.effects import Span
from search.ingest.facts.metadata import normalise_doc_number
from search.normalize import HAN, fold_width, to_simplified
from search.records import Reference

# What ends the title of a document a policy rests on, once brackets after it (`(试行)`, `(2021—2025年)`) are off.
GENRE = re.compile(
    r"(?:法|条例|规定|办法|细则|规则|规程|意见|通知|决定|决议|方案|规划|纲要|计划|目录|清单|指南|指引|标准|规范|措施"
    r"|举措|政策|公告|通告|公示|批复|函|报告|报告书|报告表|要点|安排|章程|守则|制度|准则|名录|导则|大纲|战略|行动|答复|请示|建议"
    r"|提案|白皮书|说明|令|通则|协定|公约|条约|宪法|议定书|备忘录|纪要|解释|预案|格式|机制)$"
)
_OPENING, _CLOSING = "《〈", "》〉"
_BRACKET_OR_END = re.compile(r"[《〈》〉。]")
_MAX_TITLE_CHARS = 100
SENTENCE_END = "。"  # a title may wrap onto the next line, never run past its sentence
# Titles in 《》 that name no policy document: a newspaper, magazine or gazette (《长江日报》受权发布, 《财富》世界500强,
# 《江西省人民政府公报》), a chronicle or yearbook (《哈尔滨市志》), a website, a form or certificate a procedure asks for
# (《申请表》, 《养犬登记证》, 《承诺书》), a template (`《关于××届…的答复》`), a file a sharing site offers (《….doc》),
# and a government or its series of decrees or papers named as a kind (《黑龙江省人民政府令》 用于发布省政府规章).
_NOT_A_DOCUMENT = re.compile(
    rf"^[{HAN}]{{2,14}}?(?:人民政府|政府|办公厅|办公室)(?:令|文件)?$"
    r"|(日报|晚报|时报|周报|商报|杂志|周刊|月刊|画报|学报|公报|年鉴\s*(?:\(?\d{4}年?\)?)?|[省市县区]志|网站|(?<!互联)网|表"
    r"|许可证|登记证|合格证|资格证|执照|证书|(?:承诺|申请|责任|任务|告知|委托|保证|确认|协议)书)$"
    r"|^(财富|求是|福布斯)$|\.(docx?|pdf|wps)\b|××|XX"
)
# Nor do titles in some places: a sharing site's file (`《…》由会员分享`) and search banner (`小编为你整理了多篇相关的《X》`,
# `还可以找到更多《X》`: the page's own text), a law proposed, not yet made (`关于制定《X》的议案`), a work of art
# (`舞蹈作品《三线礼赞》`).
_SHARED_FILE = "由会员"
_SHARING_BANNER = re.compile(r"(?:多篇相关的|找到更多)\s*$")
_PROPOSED_BEFORE = re.compile(r"(?:关于)?(?:制定|出台|起草)\s*$")
_PROPOSED_AFTER = re.compile(r"\s*的?(?:议案|提案|建议)")
_WORK_OF_ART_BEFORE = re.compile(r"(?:作品|歌曲|舞蹈|电影|影片|图书|书籍|专著|小说|诗歌|剧目|节目)\s*$")
# A kind of document named by its usual title, not one document: `各省陆续出台了地方性《殡葬管理条例》或《殡葬管理办法》`.
_KIND_REACH = 60  # back to the 地方性 of the first of two kinds
_KIND_BEFORE = re.compile(r"地方性\s*$|地方性《[^《》]*》\s*(?:或|和|及|、)\s*$")
# A short name used without a definition (`《意见》的出台`, `贯彻《意见》`): a genre word, perhaps with a qualifier. It
# stands for the latest title cited before it with that ending; with none, it names no document a reader can tell.
_GENERIC_TITLE = re.compile(
    r"(?:本|该|此|上述|这一?)?((?:实施|若干|暂行|管理|工作|行动|具体|指导|补充|配套|总体|专项|综合)*"
    r"(?:意见|通知|办法|细则|规定|方案|规划|纲要|决定|条例|计划|措施|规则|指引|指南|公告|通告|批复|目录|清单|预案|报告|制度))"
)
_SELF_BEFORE = "本"  # `按照本《实施细则》要求`: the document itself
# `四个《指引》`: a short name counted stands for several documents at once, not the latest.
_COUNTED = re.compile(
    r"(?<![第\d一二三四五六七八九十])(?:[2-9]|\d{2,}|[二三四五六七八九两几多]|十[一二三四五六七八九]?)\s*[个项部件份]\s*$"
)
# `国发〔2014〕67号`, `国发[2014]67号`, `国发(2014)第67号`, `国办发„2009‟3号` (a word processor's quotes for 〔〕);
# `渝商务发〔202020号` (the closing bracket lost: 2020, 20), `国发2019〕13号` (the opening one lost).
_NUMBER = re.compile(
    rf"([{HAN}]{{1,12}})\s*(?:[〔\[(﹝【〖„]\s*((?:19|20)\d{{2}})\s*[〕\])﹞】〗‟]\s*\)?\s*第?\s*(\d{{1,5}})"
    r"|〔((?:19|20)\d{2})(\d{1,4})"
    r"|((?:19|20)\d{2})\s*〕\s*第?\s*(\d{1,5}))\s*号"
)
# Where a number may stand: a year that opens a bracket, or one right after an ideograph that a 〕 closes.
_YEAR_IN_BRACKET = re.compile(rf"[〔\[(﹝【〖„]\s*(?:19|20)\d{{2}}|(?<=[{HAN}])(?:19|20)\d{{2}}\s*〕")
_CODE_SEARCH = 14  # the longest code (12 ideographs) and the spaces before its bracket
_IDEOGRAPHS_BEFORE = re.compile(rf"[{HAN}]{{1,12}}\s*$")
# The issuers of a joint decree before the last (`商务部、公安部令2005年第8号`): each a name ending as a body's does.
_JOINT_ISSUER = rf"[{HAN}]{{1,10}}?(?:部|委|局|署|院|厅|办|行|会)、"
# `国务院令第588号`, `商务部令2019年第1号`, `海关总署公告2018年第5号`, `1989年省政府令第4号` (a province that numbers its
# decrees afresh each year: the year is part of the number); not from the 日 of a date before it
# (`2017年10月27日广西壮族自治区人民政府令第119号`).
_DECREE = re.compile(
    rf"(?:(?<!\d)((?:19|20)\d{{2}})\s*年\s*)?(?<!\d)((?:{_JOINT_ISSUER})*[{HAN}]{{1,16}}?(?:令|公告))\s*"
    r"(?:((?:19|20)\d{2})\s*年\s*)?第\s*(\d{1,5})\s*号"
)
# More decrees of the same issuer after the first: `国务院令第709号、第710号、第714号`.
_MORE_DECREES = re.compile(r"\s*[、,和及与]\s*第\s*(\d{1,5})\s*号")
# `省人民政府126号令`, `交通运输部2021年第16号令`: the decree number written after its issuer, with or without 第.
_DECREE_AFTER = re.compile(rf"(?<!\d)([{HAN}]{{2,16}}?)\s*(?:((?:19|20)\d{{2}})\s*年\s*)?第?\s*(\d{{1,5}})\s*号令")
_DECREE_ISSUERS = ("政府", "院", "部", "委", "局", "厅", "署", "办", "行")  # whose `N号令` a decree is
# Words a number's 机关代字 cannot hold, so a run of ideographs before the bracket is cut after the last of them:
# `按照国发〔2014〕67号` is 国发's; `根据商服贸发…` is 商服贸发's.
# `经` is not one of them: it opens 经信 and 经贸 in many codes (`皖经信电子〔2017〕217号`).
# Nor a genre word: `…的通知沪发改服务〔2009〕004号` is 沪发改服务's. A lone 据 is not one (`黔数据领办〔2017〕26号`).
_WORDS_BEFORE_CODE = (
    r"根据|依据|依照|遵照|按照|参照|对照|符合|落实|贯彻|执行|印发|转发|结合|以及|详见|参见|文件|精神|中华人民共和国"
    r"|通知|意见|办法|规定|方案"
    r"|会同|联合|[与及即见的了是按依对在为将由并等以]|(?<!共)(?<!工业)(?<!发展)和"  # 和 inside a body's name opens no code:
    # `中华人民共和国农业部公告`, `工业和信息化部令`, `国家发展和改革委员会令`
)
_BEFORE_CODE = re.compile(rf".*(?:{_WORDS_BEFORE_CODE}|政府|办公厅|办公室|委员会)")
# A decree's number is its issuer's: `山东省政府令第336号`, `银川市人民政府令〔2010〕第15号` keep 政府.
_BEFORE_DECREE_CODE = re.compile(rf".*(?:{_WORDS_BEFORE_CODE})")
# `(以下简称《目录》)`, `(国发〔2014〕67号，下称“意见”)`: a short name the document then uses for the title before it.
_SHORT_NAME = re.compile(
    r"\s*\((?:[^()《》]{0,24}[,;]\s*)?(?:以下|下文|下)?简?称[:：为]?\s*[《〈“\"']([^》〉”\"'()]{1,20})[》〉”\"']"
)
# `《X》(国发〔2014〕67号)`, `《X》国发[2014]67号`, and a decree's with its date: `《X》(2016年12月1日常州市人民政府令第2号发布)`.
_CLOSE_BRACKET = re.compile(r"\s*\)?")
_NUMBER_AFTER_TITLE = re.compile(r"\s*\(?\s*(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)?\s*")
_NOTE_AFTER = re.compile(r"\([^()]{1,12}\)$")  # `(试行)`, `(暂行)`, `(2021年修订)` after a title
_UNQUOTED = re.compile(r"[《》〈〉“”\"'\s]")


@dataclass
class Named:
    """What a document has named so far: the 简称 it defined, and the titles it cited, for a short name it uses
    without defining it."""

    short: dict[str, Reference] = field(default_factory=dict)
    titled: list[Reference] = field(default_factory=list)

    def antecedent(self, ending: str) -> Reference | None:
        """The latest title cited before whose name ends with `ending` (`《意见》` after `《…若干意见》`)."""
        return next((r for r in reversed(self.titled) if _ends_with(title_key(r.title or ""), ending)), None)


def _ends_with(key: str, ending: str) -> bool:
    """Whether a title ends so, a note in brackets after it aside (`…管理办法(试行)` ends with `办法`)."""
    return key.endswith(ending) or _NOTE_AFTER.sub("", key).endswith(ending)


@dataclass(frozen=True)
class TitleMark:
    start: int
    end: int  # after the closing 》
    text: str


def references_in(text: str) -> list[Reference]:
    """The citations of one text, without effects or clause: for a `documents --cites` argument and the tests."""
    return [span.reference for span in spans_in(to_simplified(fold_width(text)), Named())]


@lru_cache(maxsize=65536)
def title_key(title: str) -> str:
    """A title as titles are compared: simplified, half-width, without quotation marks, brackets and spaces."""
    return unquoted(to_simplified(fold_width(title)))


def unquoted(text: str) -> str:
    """`title_key` of a text already simplified and half-width."""
    return _UNQUOTED.sub("", text)


def spans_in(text: str, named: Named) -> list[Span]:
    """Titles (with a number in brackets right after them), then numbers standing alone, in text order; a short
    name's definition and each title are recorded in `named`, and a short name's uses resolved through it."""
    titles = titles_in(text)
    numbers = _numbers(text)
    spans: list[Span] = []
    taken: set[int] = set()  # numbers that belong to a title, by start
    skip_until = -1
    for title in titles:
        if title.start < skip_until or _names_no_document(text, title):
            continue  # the 《目录》 of `(以下简称《目录》)`: a definition, not a use
        definition = _SHORT_NAME.match(text, title.end)  # `《X》(以下简称《通知》)(黔数据领办〔2017〕26号)`
        after = _CLOSE_BRACKET.match(text, definition.end()).end() if definition else title.end
        number = next((n for n in numbers if _follows(text, title.end, n[0]) or _follows(text, after, n[0])), None)
        if definition is None and number is not None:  # `《X》(国发〔2014〕67号)(以下简称《意见》)`
            definition = _SHORT_NAME.match(text, _CLOSE_BRACKET.match(text, number[1]).end())
        reference = _named_by(title, text, number[2] if number else None, named)
        if reference is None:
            continue
        if number is not None:
            taken.add(number[0])
        spans.append(Span(title.start, title.end, reference))
        if definition:
            named.short[title_key(definition.group(1))] = reference
            skip_until = definition.end()
    inside_titles = {n[0] for n in numbers for t in titles if t.start < n[0] < t.end}
    spans += [
        Span(start, end, Reference(None, number))
        for start, end, number in numbers
        if start not in taken and start not in inside_titles
    ]
    return sorted(spans, key=lambda span: span.start)


def _names_no_document(text: str, title: TitleMark) -> bool:
    """A sharing site's file or banner, a law only proposed, a kind of document, or a work of art (see the patterns
    above)."""
    before = text[max(0, title.start - 8) : title.start]
    proposed = _PROPOSED_BEFORE.search(before) and _PROPOSED_AFTER.match(text, title.end)
    shared = text.startswith(_SHARED_FILE, title.end) or _SHARING_BANNER.search(before)
    kind = _KIND_BEFORE.search(text, max(0, title.start - _KIND_REACH), title.start)
    return bool(shared or proposed or kind or _WORK_OF_ART_BEFORE.search(before))


def _named_by(title: TitleMark, text: str, number: str | None, named: Named) -> Reference | None:
    """The document a title names: a defined short name's, a generic short name's antecedent, or its own text;
    None for a generic one that stands for the document itself or for nothing cited before."""
    key = title_key(title.text)
    if number is None and key in named.short:
        return named.short[key]
    generic = _GENERIC_TITLE.fullmatch(key) if number is None else None
    if generic is None:
        reference = Reference(title.text, number)
        named.titled.append(reference)
        return reference
    if text[max(0, title.start - 1) : title.start] == _SELF_BEFORE or _COUNTED.search(text, 0, title.start):
        return None
    return named.antecedent(generic.group(1))


def titles_in(text: str) -> list[TitleMark]:
    """The outermost 《…》 of the text; an unclosed 《 (a garbled page) ends at the sentence."""
    found: list[TitleMark] = []
    depth, start = 0, -1
    for match in _BRACKET_OR_END.finditer(text):
        at, char = match.start(), match.group()
        if char in _OPENING:
            if depth == 0:
                start = at
            depth += 1
        elif char in _CLOSING and depth:
            depth -= 1
            if depth == 0:
                inner = re.sub(r"\s*\n\s*", "", text[start + 1 : at]).strip()
                if 2 <= len(inner) <= _MAX_TITLE_CHARS and not _NOT_A_DOCUMENT.search(inner):
                    found.append(TitleMark(start, at + 1, inner.replace("〈", "《").replace("〉", "》")))
        elif depth and char == SENTENCE_END:
            depth = 0
    return found


def _numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised number) of each 发文字号 and decree number, the start after any leading words.
    Looked for only where a year opens a bracket or a 号 closes a decree: trying the number's pattern at every
    ideograph of a clause cost more than the rest of the parse."""
    found = []
    for year in _YEAR_IN_BRACKET.finditer(text):
        run = _IDEOGRAPHS_BEFORE.search(text, max(0, year.start() - _CODE_SEARCH), year.start())
        match = _NUMBER.match(text, _after_date(text, run.start())) if run else None
        if match is None:
            continue
        code = _code(match.group(1))
        year_text, number = next((match.group(n), match.group(n + 1)) for n in (2, 4, 6) if match.group(n))
        normalised = normalise_doc_number(f"{code}〔{year_text}〕{int(number)}号") if code else None
        if normalised:
            found.append((match.end(1) - len(code), match.end(), normalised))
    if "第" in text:
        for match in _DECREE.finditer(text):
            code = _decree_code(match.group(2))
            if len(code) > 2 and not any(start <= match.start(2) < end for start, end, _ in found):
                year = match.group(1) or match.group(3)
                start = match.start(1) if match.group(1) else match.end(2) - len(code)
                found.append((start, match.end(), _decree_number(code, year, match.group(4))))
                more = _MORE_DECREES.match(text, match.end())
                while more:
                    found.append(
                        (text.index("第", more.start()), more.end(), _decree_number(code, year, more.group(1)))
                    )
                    more = _MORE_DECREES.match(text, more.end())
    if "号令" in text:
        for match in _DECREE_AFTER.finditer(text):
            code = _BEFORE_DECREE_CODE.sub("", match.group(1))
            if code.endswith(_DECREE_ISSUERS) and not any(start <= match.start() < end for start, end, _ in found):
                number = _decree_number(f"{code}令", match.group(2), match.group(3))
                found.append((match.end(1) - len(code), match.end(), number))
    return sorted(found)


def _decree_number(code: str, year: str | None, number: str) -> str:
    """`省政府令2012年第1号`: one form for a decree number, wherever the page writes its year."""
    return f"{code}{year}年第{int(number)}号" if year else f"{code}第{int(number)}号"


def _after_date(text: str, start: int) -> int:
    """Where a run of ideographs before a number starts once a date's 年, 月 or 日 is left out: `5日国发〔…〕`."""
    return start + 1 if start and text[start - 1].isdigit() and text[start] in "年月日" else start


def _code(run: str) -> str:
    """The 机关代字 at the end of a run of ideographs: what follows the last word a code cannot hold. A code is
    never a bare 令 or 公告: a decree's keeps the issuer before it."""
    code = _BEFORE_CODE.sub("", run)
    return _BEFORE_DECREE_CODE.sub("", run) if code.startswith(("令", "公告")) else code


def _decree_code(run: str) -> str:
    """A decree's issuers: `_code` of a single one; of a joint decree (`国家发展和改革委员会、商务部令`) the words before
    the first issuer are cut and the issuers kept whole."""
    first, joint, rest = run.partition("、")
    return _BEFORE_DECREE_CODE.sub("", first) + joint + rest if joint else _code(run)


def _follows(text: str, title_end: int, number_start: int) -> bool:
    """A number in brackets right after a title: `《X》(国发〔2014〕67号)`."""
    return number_start >= title_end and bool(_NUMBER_AFTER_TITLE.fullmatch(text, title_end, number_start))
