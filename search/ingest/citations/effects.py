"""Repeals and amendments: what a sentence does to the documents it cites, besides naming them.

Read phrase by phrase (a sentence cut at its commas and semicolons; titles and brackets masked first, so neither
the words of a cited title (`《关于废止部分规章的决定》`) nor a comma in `(国发〔2014〕67号，以下简称…)` count):

- repeal: `原《X》(…号)同时废止`, `《A》和《B》予以废止`, `《X》停止执行`, `不再执行`, `同时失效`, `决定废止《X》`,
  `关于废止《X》的决定`; a phrase of its own continues the one before (`原《X》，自2021年1月1日起废止`);
- a partial repeal: the same with articles after the title (`《X》第五条、第六条同时废止`);
- amendment: `将《X》第五条修改为…`, `对《X》作如下修改`, `对《X》部分条款进行修订`, `关于修改《X》的决定`,
  `删去《X》第十七条`;
- a list: `决定对以下2件规章予以废止:`, `修改下列地方性法规:` or a heading `一、废止9部省政府规章` acts on the titles
  its items open with (`list_act`, carried from clause to clause by `reading.find_references`).

Guarded: a negation or a saving clause in the phrase (`不废止`, `不予废止`, `继续执行`, `继续有效`, `仍然有效`), a
word that makes it a proposal or a report rather than an act (`拟废止`, `建议废止`, `应当及时废止`, `已废止`,
`废止后`, `修改后的《X》`), a phrase inside quotation marks (`“……同时废止”的规定` quotes another document), and a
decision listed by name, in a site's dated list of related items or a gazette's contents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.records import Effect, Reference

_MASK = "□"
# An item's mark: `一、`, `1.`, `(一)`.
ITEM_MARK = r"(?:[一二三四五六七八九十]{1,3}、|\d{1,3}[.、]|\([一二三四五六七八九十\d]{1,3}\))"
# A title with its marks: what the words of an act are read around (`关于废止《…规定》的决定` names, it does not act).
QUOTED_TITLE = re.compile(r"《[^《》]*》")
# Every word an act below needs; a text with none of them repeals and amends nothing.
_ACTS = re.compile(r"废止|停止执行|不再执行|停止实施|不再实施|失效|修改|修订|修正|删除|删去")
_PHRASE_BREAK = re.compile(r"[,;:，；：。!?！？\n]")
# The act after the titles it applies to: `《X》同时废止`, `《X》自2021年1月1日起停止执行`.
_REPEAL_AFTER = re.compile(r"(?:同时|予以|一并|即行|自行|宣布|决定)?(?:废止|停止执行|不再执行|停止实施|不再实施|失效)")
# The act before them: `决定废止《X》`, `关于废止《X》的决定`, `现将《X》予以废止` is the form above.
_REPEAL_BEFORE = re.compile(r"(?:决定|宣布|现|同时|予以|一并|关于)?废止(?:原)?《")
# `将《X》第五条修改为`, `对《X》作如下修改`, `对《X》(…号)等5件文件予以修改`, `对长府发〔2018〕3号作如下修改`,
# `根据本决定对《X》部分条文的文字…作相应的修改和调整`,
# `关于修改《X》的决定`, `删去《X》第十七条第二款`; not `对照《X》进行修改` (the document revising itself by another).
_AMEND = re.compile(
    r"将(?:原)?《[^将]*?(?:修改为|修订为|调整为|删除)"
    r"|删(?:去|除)《[^《》]*》(?:中的?)?第"
    r"|(?:对|就)(?!照)[^对就]{0,80}?(?:作|作出|进行|予以)了?(?:如下|以下|部分)?(?:修改|修订|修正)"
    # `相应` only with the title as the object: not `对与《X》相关的配套文件作相应的修改` (the files change)
    r"|(?:对|就)\s*《[^《》]*》[^对就《》。,，;；]{0,40}?作出?相应的?(?:修改|修订|修正)"
    r"|(?:关于|决定)(?:修改|修订)(?:原)?《"
)
# A phrase that is nothing but the repeal of what the phrase before named: `原《X》(…)，自2021年1月1日起废止`.
_CONTINUED_REPEAL = re.compile(
    r"\s*(?:同时|并|一并|均|自[^,;]{0,20}起)?\s*(?:予以|同时|一并)?(?:废止|停止执行|不再执行)\s*"
)
# `未列入《X》的规章…即行废止`: what X leaves out is repealed, not X.
_SAVED = re.compile(
    r"不废止|不予废止|暂不废止|继续执行|继续有效|仍然有效|仍有效|继续实施|继续适用|不再废止|保留|未列入|未纳入"
)
# A decision named without marks in a list of contents, its act a word of its name (`重庆市人民政府关于废止部分市政府规范性
# 文件的决定…1)`, its page number or the next section after it): it names that decision, and what follows it is not
# repealed by the phrase.
_NAMED_DECISION = re.compile(
    r"关于(?:废止|修改|修订|宣布失效)(?![《□]|原《)[^《》,;，；。□]{1,40}?的(?:决定|通知|公告)"
    r"(?=\s*(?:…|\.{2}|\(?\d{1,3}\)|【))"
)
# A title in a site's list of related items, each a name and its date (`关于修改《X》的决定 2013-08-30`): the list names
# other documents, so the act a listed decision's name states is no act of the page.
_DATED_ROW = re.compile(r"\s*的?(?:决定|通知|公告|批复)\s*(?:19|20)\d{2}-\d{1,2}-\d{1,2}")
# Words that make the verb a proposal, a duty or a report of something past rather than this document's act.
_NOT_AN_ACT = re.compile(
    r"(?:拟|建议|是否|应当|(?<!相)应|及时|可以|可|待|需|需要|提请|研究|已经|已|被|申请|要求)(?:同时|予以|一并)?"
    r"(?:废止|停止执行|不再执行|失效|修改|修订)"
    r"|(?<!现)(?:将|要|须|需)(?:对|就)[^。]{0,80}?(?:修改|修订)"  # a plan or a duty: `我市将对《X》作相应的修改`
    r"|(?:废止|失效|修改|修订)(?:后|以后|以来|之后|前|以前|的|了)"
    # a plan further off in the phrase: `拟对…《X》进行修改和完善` (not 拟定, drew up: `拟定的《X》同时废止`)
    r"|(?:拟(?![定订])|建议|计划|准备)[^,;，；。]{0,60}?(?:废止|修改|修订)"
    r"|暂时(?:停止|调整)实施"  # a suspension for a time, not a repeal
)
# A suspension within an area is no repeal either: `在自由贸易试验区内…,停止实施《X》` (X stays in force elsewhere).
_AREA = re.compile(r"试验区|自贸区|示范区|(?:区|范围|区域)内")
_SUSPENDS = re.compile(r"(?:停止|调整)实施")
# A sentence that acts on the list below it: `市政府决定对以下2件市政府规章予以废止:`, `决定废止下列规章:`,
# `修改下列地方性法规:`, or a heading line that counts what it acts on (`一、废止9部省政府规章`, `二、宣布失效一批文件`).
# Its items (`一、《X》…`, `(一)《X》…`) are what it repeals or amends.
_LIST_ACT = re.compile(
    r"(?:以下|下列)[^:;：；。《]{0,30}?(?:予以|同时|一并|进行)?(废止|停止执行|修改|修订)[^:;：；。《]{0,10}[:：]\s*$"
    r"|(废止|修改|修订)(?:以下|下列)[^:;：；。《]{0,30}[:：]\s*$"
    r"|(?:作|作出|进行)(?:如下|以下)(修改|修订|修正)[:：]\s*$"
    r"|(?:^|\n)\s*(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.、])?\s*(?:决定)?(?:予以)?(废止|宣布失效|修改|修订)"
    r"(?:[\d一二三四五六七八九十两]+\s*[部件项个]|部分|一批)[^:;：；。《\n]{0,16}?(?:规章|文件|法规|决定|办法|规定)\s*[:：]?\s*$"
)
# An amendment item: new words for an article (`第三条修改为:“…”`, `第四条中的“市公路局”改为“市公路管理机构”`), an
# article struck out (`删去第十条`) or added (`在第五条后增加一条`).
_ARTICLE = r"第[一二三四五六七八九十百零〇\d]+条"
_AMENDING_ITEM = re.compile(
    rf"\s*{ITEM_MARK}?\s*"
    rf"(?:将\s*)?(?:{_ARTICLE}[^。]{{0,80}}?(?:修改为|改为|调整为)\s*[:：“「\"]"
    rf"|(?:删去|删除){_ARTICLE}|在{_ARTICLE}[^。]{{0,40}}?增加(?:一|[二三四五六七八九十]+)[条款项])"
)
# A heading that holds its act back or leaves it to be done announces no list.
_HELD_BACK = re.compile(
    r"(?:暂不|不予|无需|不需|不再|需要?|须|(?<![相适响对供反效])应当?|拟|建议|报请?)[^,;:，；：。]{0,12}?(?:废止|修改|修订|失效)"
)
_BASIS = re.compile(r"\s*(?:根据|依据|按照|依照|参照|为落实|为贯彻|落实|贯彻)")
_ARTICLES = re.compile(rf"\s*(?:中的?|的)?((?:{_ARTICLE}(?:第[一二三四五六七八九十\d]+款)?[、和及与,，]?\s*)+)")
# What else of a document a repeal may name: `《X》中的《Y》` (Y, issued with X), `《X》确定的省级特色小镇名单`, what it
# says on one matter.
_PART = re.compile(
    r"\s*(?:中的?(《[^《》]*》)|(?:确定|规定|所列|列明|公布)的([^,;，；]{1,20}?)(?:同时|即行|予以|一并)?(?:废止|停止执行|不再执行)"
    # what it says on one matter: `《X》(…)关于企业预案管理的相关内容同时废止`
    r"|((?:中)?(?:关于)?[^,;，；。□]{1,30}?的?(?:相关|有关)(?:内容|规定|条款|要求))\s*(?:同时|即行|予以|一并)?(?:废止|停止执行|不再执行))"
)


@dataclass(frozen=True)
class Span:
    """A citation found in a text: where it stands (the title, or the number standing alone) and what it names."""

    start: int
    end: int
    reference: Reference


def effects(text: str, spans: list[Span]) -> list[tuple[Effect | None, str | None]]:
    """Per citation, what its phrase does to it and, for a partial repeal, the articles it repeals."""
    found: list[tuple[Effect | None, str | None]] = [(None, None)] * len(spans)
    if not _ACTS.search(text):
        return found  # most citing clauses only name what they rest on: nothing to read phrase by phrase
    masked, quoted = _masked(text, spans)
    previous: list[int] = []  # the citations of the phrase before, when that one did nothing to them
    for start, end in _phrases(masked):
        phrase = masked[start:end]
        inside = [n for n, span in enumerate(spans) if start <= span.start < end and not quoted[span.start]]
        if _SAVED.search(phrase):
            previous = []
            continue
        effect = _act(_NAMED_DECISION.sub(_MASK, phrase))
        if effect is Effect.REPEALS and _SUSPENDS.search(phrase) and _AREA.search(_sentence(masked, start, end)):
            effect = None
        targets = inside or (previous if _CONTINUED_REPEAL.fullmatch(phrase) else [])
        for n in targets:
            if _DATED_ROW.match(text, spans[n].end):
                continue
            if effect is Effect.REPEALS:
                articles = _articles(text, masked, spans[n])
                found[n] = (Effect.REPEALS_PART, articles) if articles else (Effect.REPEALS, None)
            elif effect is Effect.AMENDS:
                found[n] = (Effect.AMENDS, None)
        previous = inside if effect is None and not _opens_a_basis(phrase) else []
    return found


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]."""
    stop = text.find("。", end)
    return text[text.rfind("。", 0, start) + 1 : stop if stop >= 0 else len(text)]


def list_act(text: str) -> Effect | None:
    """What a text's last sentence does to the list after it, when it ends by announcing one (`…予以废止:`)."""
    match = _LIST_ACT.search(text)
    if match is None:
        return None
    sentence = text[text.rfind("。", 0, match.start()) + 1 :]
    if _SAVED.search(sentence) or _NOT_AN_ACT.search(sentence):
        return None
    verb = next(group for group in match.groups() if group)
    return Effect.AMENDS if verb.startswith("修") else Effect.REPEALS


def heading_act(heading: str) -> Effect | None:
    """What a section heading does to the items under it: a heading is a list's announcing line with its colon cut
    off (`二、废止下列规章`), or one that counts what it acts on (`一、废止9部省政府规章`); not one that holds the act
    back or leaves it to be done (`以下规章暂不修改`, `以下事项需报市政府修订`)."""
    heading = heading.rstrip()
    if _HELD_BACK.search(QUOTED_TITLE.sub("", heading)):
        return None
    return list_act(heading if heading.endswith((":", "：")) else heading + ":")


def opens_an_amendment(text: str) -> bool:
    """Whether a text opens with an amendment item (`1.第三条修改为:“…”`, `2.删去第十条`, `在第五条后增加一条`): what
    the items under a heading that names one document do to it."""
    return bool(_AMENDING_ITEM.match(text))


def _act(phrase: str) -> Effect | None:
    """What the phrase does, if it does anything: an amendment is read before a repeal (`将《X》第五条删除`)."""
    if _NOT_AN_ACT.search(phrase):
        return None
    if _AMEND.search(phrase):
        return Effect.AMENDS
    if _REPEAL_BEFORE.search(phrase) or _REPEAL_AFTER.search(phrase):
        return Effect.REPEALS
    return None


def _articles(text: str, masked: str, span: Span) -> str | None:
    """What part of the cited document a repeal names after its title (and number): `第五条、第六条`, a document
    issued with it (`中的《Y》`) or what it set out (`确定的省级特色小镇名单`); None when it names none (a whole
    repeal)."""
    bracket = re.match(r"\s*\([^()]*\)", masked[span.end :])
    at = span.end + (bracket.end() if bracket else 0)
    match = _ARTICLES.match(masked, at) or _PART.match(masked, at)
    if not match:
        return None
    group = next(n for n in range(1, (match.lastindex or 0) + 1) if match.group(n))
    return text[match.start(group) : match.end(group)].strip(" 、和及与,，")


def _masked(text: str, spans: list[Span]) -> tuple[str, list[bool]]:
    """The text with each citation's words, everything in brackets and everything quoted masked (same length),
    and per position whether it lies inside “…”: only the sentence's own words are read for the act, a title
    stays one unit of its phrase, and quoted words (another document's) neither act nor are acted on."""
    chars = list(text)
    for span in spans:
        inner_end = span.end - 1 if text[span.end - 1 : span.end] in "》〉" else span.end
        for at in range(span.start + 1, inner_end):
            chars[at] = _MASK
    quoted = [False] * len(text)
    brackets = quotes = 0
    for at, char in enumerate(chars):
        if char == "(":
            brackets += 1
        elif char == ")" and brackets:
            brackets -= 1
        elif char == "“":
            quotes += 1
        elif char == "”" and quotes:
            quotes -= 1
        elif brackets or quotes:
            chars[at] = _MASK if char not in "《》" else char
        quoted[at] = quotes > 0
    return "".join(chars), quoted


def _phrases(masked: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _PHRASE_BREAK.finditer(masked):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(masked)))
    return [(s, e) for s, e in bounds if e > s]


def _opens_a_basis(phrase: str) -> bool:
    """`根据《X》`, `按照《X》规定`: the document a sentence rests on, which the phrase after it never repeals."""
    return bool(_BASIS.match(phrase))
