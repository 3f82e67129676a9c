"""Citations: the other documents a document names, by 《title》 or 发文字号, clause by clause.

A title is the outermost 《…》 (`《关于印发〈X〉的通知》` is one title, X the one it encloses); a 简称 defined after it
(`(以下简称《目录》)`) stands for it wherever it is used later in the document. A 发文字号 is `机关代字〔年〕N号` in
any of the brackets pages print (〔〕 [] ［］ () （） ﹝﹞ 【】 „‟, traditional 號), normalised to 〔〕 as `metadata.py`
does, or a decree's `国务院令第588号`, `商务部公告2020年第5号`; one in brackets right after a title is that title's.
A document naming itself (`关于印发《X》的通知`, `《X》已经市政府同意，现印发给你们`) cites nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from search.ingest.metadata import normalise_doc_number
from search.ingest.repeals import Span, effects, list_act
from search.normalize import HAN, fold_width, to_simplified
from search.records import Clause, DocumentMeta, Effect, Reference

_OPENING, _CLOSING = "《〈", "》〉"
_MAY_CITE = re.compile(r"[《〈号號]")  # a clause with none of these cites nothing: most clauses, read no further
_BRACKET_OR_END = re.compile(r"[《〈》〉。]")
_MAX_TITLE_CHARS = 100
_SENTENCE_END = "。"  # a title may wrap onto the next line, never run past its sentence
# Titles in 《》 that name no policy document: a newspaper, magazine or gazette (《长江日报》受权发布, 《财富》世界500强,
# 《江西省人民政府公报》), a chronicle or yearbook (《哈尔滨市志》), a website, a form or certificate a procedure asks for
# (《申请表》, 《养犬登记证》, 《承诺书》), and the file a document-sharing site offers (《…实施细则.doc》由会员分享).
_SHARED_FILE = "由会员"
_NOT_A_DOCUMENT = re.compile(
    r"(日报|晚报|时报|周报|商报|杂志|周刊|月刊|画报|学报|公报|年鉴|[省市县区]志|网站|(?<!互联)网|表"
    r"|许可证|登记证|合格证|资格证|执照|证书|(?:承诺|申请|责任|任务|告知|委托|保证|确认)书)$"
    r"|^(财富|求是|福布斯)$|\.(docx?|pdf|wps)\b"
)
# A short name used without a definition (`《意见》的出台`, `贯彻《意见》`): a genre word, perhaps with a qualifier. It
# stands for the latest title cited before it with that ending; with none, it names no document a reader can tell.
_GENERIC_TITLE = re.compile(
    r"(?:本|该|此|上述|这一?)?((?:实施|若干|暂行|管理|工作|行动|具体|指导|补充|配套)*"
    r"(?:意见|通知|办法|细则|规定|方案|规划|纲要|决定|条例|计划|措施|规则|指引|指南|公告|通告|批复|目录|清单|预案))"
)
_SELF_BEFORE = "本"  # `按照本《实施细则》要求`: the document itself
# `国发〔2014〕67号`, `国发[2014]67号`, `国发(2014)第67号`, `国办发„2009‟3号` (a word processor's quotes for 〔〕);
# `渝商务发〔202020号` (the closing bracket lost: 2020, 20), `国发2019〕13号` (the opening one lost).
_NUMBER = re.compile(
    rf"([{HAN}]{{1,12}})\s*(?:[〔\[(﹝【〖„]\s*((?:19|20)\d{{2}})\s*[〕\])﹞】〗‟]\s*第?\s*(\d{{1,5}})"
    r"|〔((?:19|20)\d{2})(\d{1,4})"
    r"|((?:19|20)\d{2})\s*〕\s*第?\s*(\d{1,5}))\s*号"
)
# Where a number may stand: a year that opens a bracket, or one right after an ideograph that a 〕 closes.
_YEAR_IN_BRACKET = re.compile(rf"[〔\[(﹝【〖„]\s*(?:19|20)\d{{2}}|(?<=[{HAN}])(?:19|20)\d{{2}}\s*〕")
_CODE_SEARCH = 14  # the longest code (12 ideographs) and the spaces before its bracket
_IDEOGRAPHS_BEFORE = re.compile(rf"[{HAN}]{{1,12}}\s*$")
# `国务院令第588号`, `商务部令2019年第1号`, `海关总署公告2018年第5号`, `1989年省政府令第4号` (a province that numbers its
# decrees afresh each year: the year is part of the number); not from the 日 of a date before it
# (`2017年10月27日广西壮族自治区人民政府令第119号`).
_DECREE = re.compile(
    rf"(?:(?<!\d)((?:19|20)\d{{2}})\s*年\s*)?(?<!\d)([{HAN}]{{1,16}}?(?:令|公告))\s*(?:((?:19|20)\d{{2}})\s*年\s*)?"
    r"第\s*(\d{1,5})\s*号"
)
# `省人民政府126号令`: the decree number written after its issuer without 第.
_DECREE_AFTER = re.compile(rf"(?<!\d)([{HAN}]{{2,16}}?)\s*(\d{{1,5}})\s*号令")
_DECREE_ISSUERS = ("政府", "院", "部", "委", "局", "厅", "署", "办", "行")  # whose `N号令` a decree is
# Words a number's 机关代字 cannot hold, so a run of ideographs before the bracket is cut after the last of them:
# `按照国发〔2014〕67号` is 国发's; `根据商服贸发…` is 商服贸发's.
# `经` is not one of them: it opens 经信 and 经贸 in many codes (`皖经信电子〔2017〕217号`).
# Nor a genre word: `…的通知沪发改服务〔2009〕004号` is 沪发改服务's. A lone 据 is not one (`黔数据领办〔2017〕26号`).
_WORDS_BEFORE_CODE = (
    r"根据|依据|按照|参照|对照|落实|贯彻|执行|印发|转发|结合|以及|详见|参见|文件|精神|通知|意见|办法|规定|方案"
    r"|[和与及即见的了是按依对在为将由并等]"
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
# A notice that issues the documents it encloses: 关于印发《X》的通知, 关于印发《X》《Y》的通知, 关于印发《X》等四项制度的
# 通知, 关于发布X的公告, 关于批转市财政局《X》的通知, 转发市发改委等部门《X》的通知 (its own departments' text the
# government approves and issues: they are the document itself). Not 转发 of another body's document (a city
# forwarding its province's cites it) nor 修改/废止 (those act on another).
_ISSUING_TITLE = re.compile(
    r"(?:印发|发布|颁布|批转|转发(?=[市县区州盟旗][^《》省国]{1,30}?(?:局|委|办|部门|中心)))(.{4,}?)的?(?:通知|公告|决定|令)$"
)
# A draft published for comment is the document itself: 关于《X(草案)》公开征求意见的公告, 关于对《X》征求意见的通知,
# 关于征求《X》和《Y》公众意见的通告.
_CONSULTING_TITLE = re.compile(
    r"关于(?:对)?(.{4,}?)(?:向社会|向公众)?(?:公开)?征求(?:社会各界|社会公众|公众)?意见"
    r"|关于(?:公开)?征求(.{4,}?)的?(?:社会各界|社会公众|公众)?意见"
)
# What makes a title a draft's: `(征求意见稿)`, `(草案)`, `(草案送审稿)`, `(送审稿)`, `(修订草案)`.
_DRAFT_MARKS = re.compile(r"\([^()]{0,6}(?:征求意见稿|草案|送审稿)[^()]{0,6}\)|(?:征求意见稿|草案送审稿|草案)$")
# A draft named with its mark (`《X(草案)》`, `《X》(征求意见稿)`) is no document in force that a policy rests on: on a
# page that names it, it is the text the page publishes, explains or collects comments on.
_DRAFT_AFTER = re.compile(r"\s*\([^()]{0,6}(?:征求意见稿|草案|送审稿)")
# A year in brackets a law database adds to a title (`…管理规定(2005年)`): the document names itself without it.
_SITE_YEAR = re.compile(r"\s*\((?:19|20)\d{2}年?\)\s*$")
_ENCLOSED_MORE = re.compile(r"》?等[^《》]{0,12}$")
# A sentence that issues the document itself: `现将《X》印发给你们`, `《X》已经市人民政府同意，现予印发`, `特制定《X》，现印发
# 给你们`, `《A》、《B》等四项制度已经…同意，现印发给你们`. Its titles that stand alone (not inside a longer name:
# `现将天津市贯彻落实《某措施》实施方案印发给你们` cites 《某措施》) are the document itself, as is the one a page announces
# (`…发布《X》，自发布之日起施行`).
_ISSUING_SENTENCE = re.compile(
    r"现将[^。]{0,120}?(?:印\s*发|公布|公开|征求|批转)|将[^。]{0,120}?(?:印\s*发|批转)给?你们"
    r"|(?:现|特)(?:予以?)?\s*(?:印\s*发|公布|发布|批转)|特制定《|(?:起草|草拟)了《|自(?:发布|印发|公布)之日起"
    r"|(?:编制|起草|草拟|制定)了?《[^。]{0,200}?现[^。]{0,60}?征求[^。]{0,12}?意见"
    r"|(?:市|县|区)(?:人民)?政府同意[^。]{0,80}?现(?:予)?转发"
)
# `现将市财政局拟定的《X》`, `将市财政局关于《X》印发给你们`: a few words between 将 and the title (who drew it up).
# `会议通过《X》，现予公布`, `组织编制《X》`, `市人民政府同意市教育局修订的《X》，现转发`.
_OPENS_OWN_TITLE = re.compile(
    r"(?:将[^《》。,，;；:：]{0,16}|同意[^《》。,，;；:：]{0,16}|特制定|制定了?|起草了?|草拟了?|编制了?|通过了?"
    r"|(?:印发|发布|公布|颁布)了?)\s*$"
)
_CONTINUES_OWN_TITLES = re.compile(r"\s*(?:\([^()]*\))?\s*[、和及,，]?\s*")
_AFTER_OWN_TITLE = re.compile(
    r"^\s*(?:\([^()]*\))?\s*(?:[、和及,，《]|等|已经|已于|经|印\s*发|批转|现|向|全文|(?:\d+|[一二三四五六七八九十]+)[个项件])"
)
# An item of a list (`一、`, `1.`, `(一)`), and what may stand before the title it is about (`1.在《X》…`,
# not `三、根据《X》…`).
_ITEM = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|\d{1,3}[.、]|\([一二三四五六七八九十\d]{1,3}\))\s*")
_ITEM_LEAD = re.compile(r"(?:在|对|将|原)?")
# What labels a page's own number (`【字号】`, `发文字号:`, `文号 |`), and what may join a title to the number printed
# after it on one line.
_NUMBER_LABEL = re.compile(r"(?:发文字号|文号|字号)\s*[:：】\]|]?\s*$")
_TITLE_NUMBER_GLUE = re.compile(r"[\s\-—_|(（【\[]*$")
_MIN_OWN_TITLE_CHARS = 6
_UNQUOTED = re.compile(r"[《》〈〉“”\"'\s]")


@dataclass
class _Named:
    """What a document has named so far: the 简称 it defined, and the titles it cited, for a short name it uses
    without defining it."""

    short: dict[str, Reference] = field(default_factory=dict)
    titled: list[Reference] = field(default_factory=list)

    def antecedent(self, ending: str) -> Reference | None:
        """The latest title cited before whose name ends with `ending` (`《意见》` after `《…若干意见》`)."""
        return next((r for r in reversed(self.titled) if title_key(r.title or "").endswith(ending)), None)


@dataclass(frozen=True)
class _Title:
    start: int
    end: int  # after the closing 》
    text: str


def find_references(clauses: list[Clause], meta: DocumentMeta) -> list[Reference]:
    """Every citation in the document's clauses, in text order, with its effect; citations of the document
    itself left out. Annex rows that repeat a main-text clause are not read twice."""
    own = own_names(meta) | _issued_anywhere(clauses)
    named = _Named()
    found: list[Reference] = []
    announced: Effect | None = None  # what the sentence before a list of items does to the titles they open with
    for clause in clauses:
        text = to_simplified(fold_width(clause.text))
        item = _ITEM.match(text)
        carried = announced if item else None  # a list goes on only while its items do
        if item and carried is None and clause.section_path:  # `一、废止9部省政府规章` heading its items
            carried = list_act(clause.section_path[-1])
        announced = list_act(text) or carried
        if (clause.kind == "annex" and clause.linked_clause) or not _MAY_CITE.search(clause.text):
            continue
        spans = _references_in(text, named)
        own |= _issued_here(text, spans)
        same_length = len(text) == len(clause.text)  # else spans do not fit the clause's own text
        for n, (span, (effect, articles)) in enumerate(zip(spans, effects(text, spans), strict=True)):
            reference = span.reference
            if carried and effect is None and n == 0 and item and _ITEM_LEAD.fullmatch(text, item.end(), span.start):
                effect = carried
            if _names_itself(reference, own, meta.doc_number, effect) or _own_decree(reference, clause, meta):
                continue
            if _is_draft(reference, text, span.end) or _own_number_printed(reference, text, span.start, own):
                continue
            found.append(
                replace(
                    reference,
                    clause_id=clause.id,
                    start=span.start if same_length else -1,
                    end=span.end if same_length else -1,
                    effect=effect,
                    articles=articles,
                )
            )
    return found


def references_in(text: str) -> list[Reference]:
    """The citations of one text, without effects or clause: for a `documents --cites` argument and the tests."""
    return [span.reference for span in _references_in(to_simplified(fold_width(text)), _Named())]


@lru_cache(maxsize=65536)
def title_key(title: str) -> str:
    """A title as titles are compared: simplified, half-width, without quotation marks, brackets and spaces."""
    return _UNQUOTED.sub("", to_simplified(fold_width(title)))


def enclosed_title(title: str) -> str | None:
    """X of `关于印发《X》的通知` (and of 发布, 颁布): the document such a notice issues (the first, of several)."""
    titles = enclosed_titles(title)
    return titles[0] if titles else None


def enclosed_titles(title: str) -> list[str]:
    """The documents an issuing notice's title encloses: X of `关于印发《X》的通知` or `关于印发X的通知`, X and Y of
    `关于印发《X》《Y》的通知` and of `关于印发《X》等…的通知`."""
    match = _ISSUING_TITLE.search(to_simplified(fold_width(title)))
    if not match:
        return []
    enclosed = match.group(1)
    quoted = [t.text for t in _titles(enclosed)]
    return quoted if quoted else [_ENCLOSED_MORE.sub("", enclosed).strip("《》")]


def own_names(meta: DocumentMeta) -> set[str]:
    """The keys a document is known by (`own_key`): its title (with and without a year a law database adds), the
    titles its issuing notice encloses and the draft its call for comment publishes."""
    title = meta.title or ""
    names = {own_key(title), own_key(_SITE_YEAR.sub("", fold_width(title)))} if title else set()
    return names | {own_key(t) for t in [*enclosed_titles(title), *consulted_titles(title)]}


def consulted_titles(title: str) -> list[str]:
    """X of `关于《X(草案)》公开征求意见的公告`: the draft a call for comment publishes."""
    match = _CONSULTING_TITLE.search(to_simplified(fold_width(title)))
    if not match:
        return []
    consulted = match.group(1) or match.group(2)
    quoted = [t.text for t in _titles(consulted)]
    return quoted if quoted else [consulted.strip("《》")]


def own_key(title: str) -> str:
    """A title as a document's own names are compared: its `title_key` without a draft's mark (`(征求意见稿)`,
    `(草案)`), since a draft published for comment cites its own text under either name."""
    return title_key(_DRAFT_MARKS.sub("", to_simplified(fold_width(title))))


def _issued_here(text: str, spans: list[Span]) -> set[str]:
    """The title keys of the documents a sentence of `text` says it issues (`现将《X》印发给你们`): titles that open
    the sentence's object (after 现将, 制定, or at its start) or continue a list of such titles, and are followed by
    what issues them (已经…同意, 等…, 印发)."""
    found: set[str] = set()
    sentence_start, previous_end, previous_own = -1, 0, False
    for span in spans:
        if span.reference.title is None:
            continue
        start = text.rfind(_SENTENCE_END, 0, span.start) + 1
        if start != sentence_start:
            sentence_start, previous_end, previous_own = start, start, False
        end = text.find(_SENTENCE_END, span.end)
        sentence = text[start : end if end >= 0 else len(text)]
        between, after = text[previous_end : span.start], text[span.end : start + len(sentence)]
        opens = (previous_end == start and not between.strip()) or bool(_OPENS_OWN_TITLE.search(between))
        continues = previous_own and bool(_CONTINUES_OWN_TITLES.fullmatch(between))
        own = bool(_ISSUING_SENTENCE.search(sentence)) and (opens or continues) and bool(_AFTER_OWN_TITLE.match(after))
        if own:
            found.add(own_key(span.reference.title))
        previous_end, previous_own = span.end, own
    return found


def _is_draft(reference: Reference, text: str, end: int) -> bool:
    """A title a draft's mark ends or follows (see `_DRAFT_AFTER`)."""
    title = reference.title or ""
    return bool(title) and (bool(_DRAFT_MARKS.search(to_simplified(title))) or bool(_DRAFT_AFTER.match(text, end)))


def _issued_anywhere(clauses: list[Clause]) -> set[str]:
    """The title keys of what the document's issuing sentences issue, wherever they stand: a heading a wrap cut
    (`关于印发《X / (2010—2020年)》的通知`) names the document only through the sentence after it."""
    found: set[str] = set()
    for clause in clauses:
        if "《" in clause.text or "〈" in clause.text:
            text = to_simplified(fold_width(clause.text))
            found |= _issued_here(text, _references_in(text, _Named()))
    return found


def _own_number_printed(reference: Reference, text: str, start: int, own: set[str]) -> bool:
    """A number alone that the page prints as its own: in a labelled field (`【字号】…`, `文号:…`) or after its own
    title on the title's line (`…有关工作的通知沪发改服务〔2009〕004号`, `…办法-沪府发〔2009〕24号`)."""
    if reference.title or not reference.number:
        return False
    before = text[text.rfind("\n", 0, start) + 1 : start]
    if _NUMBER_LABEL.search(before):
        return True
    printed = _TITLE_NUMBER_GLUE.sub("", before)
    key = own_key(printed)
    return (
        not printed.endswith("》")
        and len(key) >= _MIN_OWN_TITLE_CHARS
        and any(key.endswith(name) for name in own if name)
    )


def _own_decree(reference: Reference, clause: Clause, meta: DocumentMeta) -> bool:
    """A decree number alone in the opening lines, above the first article, of a document whose number is not
    known: a rule is printed under its title with its own (`陕西省人民政府令第1号`, `(2017年10月27日…令第119号公布)`)."""
    number = reference.number or ""
    return not (reference.title or meta.doc_number) and clause.kind == "preamble" and "令" in number and "第" in number


def _names_itself(reference: Reference, own: set[str], own_number: str | None, effect: Effect | None) -> bool:
    """Its own number, or its own title without another number. A title it shares with a document it repeals or
    amends is that earlier document's (a notice that replaces a same-titled one of 2012)."""
    if reference.number and own_number:
        return reference.number == own_number
    if reference.number and effect is not None:
        return False
    return bool(reference.title) and own_key(reference.title) in own


def _references_in(text: str, named: _Named) -> list[Span]:
    """Titles (with a number in brackets right after them), then numbers standing alone, in text order; a short
    name's definition and each title are recorded in `named`, and a short name's uses resolved through it."""
    titles = _titles(text)
    numbers = _numbers(text)
    spans: list[Span] = []
    taken: set[int] = set()  # numbers that belong to a title, by start
    skip_until = -1
    for title in titles:
        if title.start < skip_until or text.startswith(_SHARED_FILE, title.end):
            continue  # the 《目录》 of `(以下简称《目录》)`: a definition, not a use; a shared file's name
        definition = _SHORT_NAME.match(text, title.end)  # `《X》(以下简称《通知》)(黔数据领办〔2017〕26号)`
        after = _CLOSE_BRACKET.match(text, definition.end()).end() if definition else title.end
        number = next((n for n in numbers if _follows(text, title.end, n[0]) or _follows(text, after, n[0])), None)
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


def _named_by(title: _Title, text: str, number: str | None, named: _Named) -> Reference | None:
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
    if text[max(0, title.start - 1) : title.start] == _SELF_BEFORE:
        return None
    return named.antecedent(generic.group(1))


def _titles(text: str) -> list[_Title]:
    """The outermost 《…》 of the text; an unclosed 《 (a garbled page) ends at the sentence."""
    found: list[_Title] = []
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
                    found.append(_Title(start, at + 1, inner.replace("〈", "《").replace("〉", "》")))
        elif depth and char == _SENTENCE_END:
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
            code = _code(match.group(2))
            if len(code) > 2 and not any(start <= match.start(2) < end for start, end, _ in found):
                year = match.group(1) or match.group(3)
                start = match.start(1) if match.group(1) else match.end(2) - len(code)
                found.append((start, match.end(), _decree_number(code, year, match.group(4))))
    if "号令" in text:
        for match in _DECREE_AFTER.finditer(text):
            code = _BEFORE_DECREE_CODE.sub("", match.group(1))
            if code.endswith(_DECREE_ISSUERS) and not any(start <= match.start() < end for start, end, _ in found):
                found.append((match.end(1) - len(code), match.end(), _decree_number(f"{code}令", None, match.group(2))))
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


def _follows(text: str, title_end: int, number_start: int) -> bool:
    """A number in brackets right after a title: `《X》(国发〔2014〕67号)`."""
    return number_start >= title_end and bool(_NUMBER_AFTER_TITLE.fullmatch(text, title_end, number_start))
