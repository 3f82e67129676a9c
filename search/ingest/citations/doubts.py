"""Which citations a reader cannot be sure of, and why.

Nine hand checks on pages nobody had read (docs/lineage.md) found the wrong rows of the citation listing in a few
kinds of text, and each new set of pages brought new wordings of them that no sentence rule knew. So rather than
one more rule per wording, a citation standing in one of those kinds of text is kept as a *mention* with the reason
(`Doubt`): the document page shows it, marked, and it links nothing (no `cites`, `cited_by`, repeal or amendment).
A citation with an effect that a sentence states (`同时废止`, `作如下修改`) is never doubted for being near the
page's own title: a notice replacing a same-titled one of 2012 repeals that one. What the page may print as its
own is doubted wherever it stands: a number or title held in doubt as the page's is in doubt in every clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz.distance import Levenshtein

from search.ingest.citations.effects import ITEM_MARK, QUOTED_TITLE
from search.ingest.citations.names import GENRE, title_key, unquoted
from search.normalize import HAN
from search.records import Clause, DocumentMeta, Doubt, Reference

_BRACKETS_AFTER = re.compile(r"(?:\s*\([^()]*\))+\s*$")
_ACT = re.compile(r"废止|停止执行|不再执行|停止实施|不再实施|失效|修改|修订|删除|删去|改为")
# An item of a list (`一、`, `1.`, `(一)`): `ITEM` where one must stand, `_ITEM_HEAD` where one may.
ITEM = re.compile(rf"\s*{ITEM_MARK}\s*")
_ITEM_HEAD = re.compile(rf"\s*{ITEM_MARK}?\s*")
_ITEM_START = re.compile("^" + _ITEM_HEAD.pattern)
# A decree or a document numbered by a body named only by its level: `省政府令第6号`, `市政府令2004年第1号`.
_UNNAMED_ISSUER = re.compile(r"(?:省|市|县|区|州|自治区|自治州)(?:人民)?政府")
_DATE_WORDS = (
    r"(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?"
    r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
)
_PUNCTUATION = r"[\s()\[\]【】:：|,，.。、/—-]"
_DATE = re.compile(_DATE_WORDS)
# What stands beside a number a page prints as its own, on its line: a date, the issuer, a label (a journal index's
# `<正>` before a text), the verb of a dateline (`(1994年3月30日陕西省人民政府陕政发[1994]17号发布)`), brackets; and the
# addressees after it.
_BESIDE_OWN_NUMBER = re.compile(
    rf"{_DATE_WORDS}|[{HAN}]{{0,20}}?(?:人民政府|政府|办公厅|办公室|委员会|厅|局|委|部)令?"
    rf"|发\s*文\s*字\s*号|文\s*号|字\s*号|发布|印发|公布|<正>|{_PUNCTUATION}"
)
# A red header (`辽宁省人民政府文件`) before a number the addressees follow: the page's own head run into one line. A
# forwarding list's `省人民政府文件粤府〔2020〕5号` (no addressees after it) names another's.
_ABSTRACT_OPENING = re.compile(r"\s*<正>\s*")
_RED_HEADER = re.compile(rf"[{HAN}]{{2,20}}?(?:人民政府|政府|办公厅|办公室|委员会|厅|局|委|部)文件")
# What may stand beside a title on a dated line: the date, a number, brackets and punctuation.
_BESIDE_TITLE_LINE = re.compile(rf"{_DATE_WORDS}|[^\s〔〕()\[\]]{{0,12}}〔(?:19|20)\d{{2}}〕\s*\d+\s*号|{_PUNCTUATION}")
_ADDRESSEES = re.compile(r"各[^。:：]{1,60}[:：]")
# A document to be made, not one made: `立法项目…包括《X》`, `拟制定《X》`, `我市将…制定《X》`, said in the title's
# sentence or, when that goes on a list (`其中…包括`), in the sentence before; not one the sentence rests on
# (`根据《X》`) or says was made (`制定了《X》`).
_TO_BE_MADE = re.compile(
    r"立法(?:项目|计划|规划)|拟(?:制定|出台|起草|编制)|(?:将|计划|力争|抓紧|加快|研究|启动|待)[^。,，;；]{0,8}?(?:制定|出台|起草|编制)"
)
_SENTENCE_BREAK = re.compile(r"[。;；]")
_LIST = re.compile(r"其中|包括|主要有|分别是")
_MADE_BEFORE = re.compile(r"(?:了|已|通过)\s*$")
# The words a citing sentence rests on its grounds with.
RESTS_ON = re.compile(r"根据|依据|按照|依照|贯彻|落实|执行|遵照|参照|对照")
# `《X条例(修订)》`, `《X条例》(修订)`: a law in force that a plan revises
_REVISED = re.compile(r"\s*\((?:修订|修正)\)")
_REVISED_MARKS = ("(修订)", "(修正)")
# Characters before a title, titles masked, where a plan may speak of the list the title stands in (across the two
# clauses before: `立法项目共12件。` / `其中地方性法规有7件,包括《…》` / `省政府规章5件,包括《…》`).
_BEFORE_TITLE = 150
_LINE_AFTER = 40  # characters after an item's line where its act may stand (`一、《X》 / 将第十四条改为`)
_MIN_LINE_KEY = 6  # a shorter line is a heading word, not a title
_FULL_TEXT = re.compile(r"\s*\(?全文\)?\s*$")  # a reprint's heading `X全文`, `X(全文)`: the text of X follows
_MIN_NEAR_OWN = 8
_PROSE = re.compile(r"[,，;；]")  # what a sentence has and a page's head line does not
_CONTENTS = 3  # numbers a page prints as its own, from which they are a list of contents
# Doubts that say a name may be the page's own: they hold for the same name in every clause.
_OWN = (Doubt.CARRIED_IN_FULL, Doubt.NEAR_OWN_TITLE, Doubt.NUMBER_AT_HEAD, Doubt.NUMBER_ON_OWN_LINE)


@dataclass(frozen=True)
class _Page:
    """What a doubt looks at beyond the citing clause."""

    lines: set[str]  # keys of the lines that hold a title alone
    own: str  # the page's title, as a key
    first: str | None  # the first clause's id
    texts: list[str]  # the clauses' texts, for the words before a title (`_words_before`)


def doubted(
    references: list[Reference], clauses: list[Clause], texts: list[str], meta: DocumentMeta
) -> list[Reference]:
    """The references with `doubt` set where one of the kinds of text applies (`texts`: the clauses' texts as
    citations were read from them, simplified and half-width)."""
    if not references:
        return references
    where = {clause.id: n for n, clause in enumerate(clauses)}
    first = clauses[0].id if clauses else None
    page = _Page(_standalone_lines(clauses, texts), title_key(meta.title or ""), first, texts)
    found = []
    for reference in references:
        n = where.get(reference.clause_id or "")
        doubt = _doubt(reference, clauses[n] if n is not None else None, n, page)
        found.append(replace(reference, doubt=doubt) if doubt else reference)
    return _as_own_everywhere(_contents_cleared(found))


def _doubt(reference: Reference, clause: Clause | None, n: int | None, page: _Page) -> Doubt | None:
    """Why the reference, found in clause `n`, may not cite another document; None when nothing says so."""
    text = page.texts[n] if n is not None else ""
    if reference.title:
        return _title_doubt(reference, clause, n, page)
    number = reference.number or ""
    if _UNNAMED_ISSUER.match(number):
        return Doubt.NUMBER_WITHOUT_ISSUER
    if clause is None or reference.start < 0 or reference.effect:
        return None
    if clause.id == page.first and "。" not in text[: reference.start] and not _in_prose(text, reference.start):
        return Doubt.NUMBER_AT_HEAD
    if _printed_as_own(text, reference.start, reference.end):
        return Doubt.NUMBER_ON_OWN_LINE
    if clause.section_path and _ACT.search(QUOTED_TITLE.sub("", clause.section_path[-1])):
        return Doubt.UNDER_AN_ACT
    return None


def _title_doubt(reference: Reference, clause: Clause | None, n: int | None, page: _Page) -> Doubt | None:
    title = reference.title or ""
    if not reference.number and not GENRE.search(_BRACKETS_AFTER.sub("", title)):
        return Doubt.NOT_A_DOCUMENT_TYPE
    if reference.effect:
        return None
    key = title_key(title)
    if key in page.lines and not (reference.number and key == page.own):  # a number tells same titles apart
        return Doubt.CARRIED_IN_FULL
    if not reference.number and page.own and _near_own(key, page.own):
        return Doubt.NEAR_OWN_TITLE
    if clause is None or n is None or reference.start < 0:
        return None
    text = page.texts[n]
    if _dated_line(text, reference.start, reference.end):
        return Doubt.DATED_LINE
    if _item_under_act(clause, text, reference.start):
        return Doubt.UNDER_AN_ACT
    revised = _REVISED.match(text, reference.end) or title.endswith(_REVISED_MARKS)
    if not revised and (
        _to_be_made(_words_before(page.texts, n, reference.start)) or _planned_item(clause, text, reference.start)
    ):
        return Doubt.TO_BE_MADE
    return None


def _planned_item(clause: Clause, text: str, start: int) -> bool:
    """A title opening an item under a heading that plans what its items name (`二、立法项目安排` /
    `(一)需要年内提请审议的法规项目` over `1.《X条例》(省科技厅起草)`): a plan's project, not yet a document."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _ITEM_HEAD.fullmatch(text, line_start, start):
        return False
    return any(_to_be_made(QUOTED_TITLE.sub("", heading)) for heading in clause.section_path[-2:])


def heading_doubt(heading: str, start: int, end: int, above: str | None) -> Doubt | None:
    """Why a title a section heading names (from `start` to `end`, no effect read) may not cite another document:
    the kinds of text `_title_doubt` reads by a clause's offsets, which a heading's citation has none of. `above` is
    the heading over it, whose act may announce a list the title opens an item of."""
    if _dated_line(heading, start, end):
        return Doubt.DATED_LINE
    if _to_be_made(QUOTED_TITLE.sub("", heading[:start])):
        return Doubt.TO_BE_MADE
    if above is not None and _ITEM_HEAD.fullmatch(heading, 0, start) and _ACT.search(QUOTED_TITLE.sub("", above)):
        return Doubt.UNDER_AN_ACT
    return None


def _words_before(texts: list[str], n: int, start: int) -> str:
    """The words before a title, titles masked: its clause's up to it, after the two clauses before."""
    return QUOTED_TITLE.sub("", "\n".join([*texts[max(n - 2, 0) : n], texts[n][:start]]))


def _to_be_made(before: str) -> bool:
    """Whether the words before a title (its titles masked) plan it rather than cite it (see `_TO_BE_MADE`): in its
    sentence, or before it when the sentence lists (`其中`, `包括`)."""
    if _MADE_BEFORE.search(before):
        return False
    said = _SENTENCE_BREAK.split(before)[-1]
    if _LIST.search(said):
        said = before[-_BEFORE_TITLE:]
    planned = [m.end() for m in _TO_BE_MADE.finditer(said)]
    return bool(planned) and not RESTS_ON.search(said, planned[-1])


def _near_own(key: str, own: str) -> bool:
    """The page's own title in other words: a cited title without `关于` against the own title's words after it
    (`国务院《推动X的意见》` on the page of `国务院关于推动X的意见`, a few characters apart), else the whole titles, one
    character apart (a misprint; another city's title of the same wording differs by its name); or what the page's
    批转 notice approves (`批转省水利厅关于X的报告的通知` over `现将省水利厅《关于X的报告》转发给你们`)."""
    if len(key) < _MIN_NEAR_OWN:
        return False
    if "批转" in own and key in own:
        return True
    limit = 1
    if "关于" not in key:
        own, limit = own[own.rfind("关于") + 2 :] if "关于" in own else own, 1 + len(key) // 20
    return Levenshtein.distance(key, own, score_cutoff=limit) <= limit


def _in_prose(text: str, start: int) -> bool:
    """A number a sentence names on its line (`近日,省委省政府下发了…两个文件(川委发〔2013〕21号…)`): a news report's
    lead, not a page's head printing its own."""
    return bool(_PROSE.search(text, text.rfind("\n", 0, start) + 1, start))


def _printed_as_own(text: str, start: int, end: int) -> bool:
    """A number alone that its line prints as a page's: beside nothing but a date, an issuer, a label or a
    dateline's verb, or before the addressees (`杭政办〔2007〕32号各区、县(市)人民政府,…:`)."""
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    after = text[end : line_end if line_end >= 0 else len(text)]
    if _ABSTRACT_OPENING.fullmatch(text, line_start, start):
        return True  # a journal index's abstract opens with the document's own number: `<正>津政办规〔2022〕3号为…`
    addressed = bool(_ADDRESSEES.match(after))
    before = _RED_HEADER.sub("", text[line_start:start]) if addressed else text[line_start:start]
    if _BESIDE_OWN_NUMBER.sub("", before):
        return False
    return addressed or not _BESIDE_OWN_NUMBER.sub("", after)


def _dated_line(text: str, start: int, end: int) -> bool:
    """A title alone on its line with a date (and its number): a page's heading as a sharing site prints it
    (`2010.10.13《X》银监办发〔2010〕309号`) or a list of links, not a sentence that cites."""
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    beside = text[line_start:start] + " " + text[end : line_end if line_end >= 0 else len(text)]
    return bool(_DATE.search(beside)) and not _BESIDE_TITLE_LINE.sub("", beside)


def _item_under_act(clause: Clause, text: str, start: int) -> bool:
    """A title opening an item of a list (`三、《X》`) where the words before the list, its heading or the line
    after it repeal or amend (`省人民政府决定废止的省政府规章`, `将第十四条改为`), though no effect was read for it."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _ITEM_HEAD.fullmatch(text, line_start, start):
        return False
    line_end = text.find("\n", start)
    after = text[line_end : line_end + _LINE_AFTER] if line_end >= 0 else ""
    before = QUOTED_TITLE.sub("", text[:line_start] + " ".join(clause.section_path[-1:]))
    return bool(_ACT.search(before) or _ACT.search(QUOTED_TITLE.sub("", after)))


def _contents_cleared(references: list[Reference]) -> list[Reference]:
    """Three or more numbers each printed as a page's own are a list (a gazette's contents), not the page's."""
    printed = {r.number for r in references if r.doubt in (Doubt.NUMBER_AT_HEAD, Doubt.NUMBER_ON_OWN_LINE)}
    if len(printed) < _CONTENTS:
        return references
    return [replace(r, doubt=None) if r.number in printed and r.doubt in _OWN else r for r in references]


def _as_own_everywhere(references: list[Reference]) -> list[Reference]:
    """A name held in doubt as the page's own is in doubt in every clause: the page's number at its head and again
    at the head of a repeated paragraph, its title in a headline and in the lead."""
    own = {(r.title and title_key(r.title), r.number): r.doubt for r in references if r.doubt in _OWN}
    if not own:
        return references
    return [
        replace(r, doubt=own[key])
        if r.doubt is None and not r.effect and (key := (r.title and title_key(r.title), r.number)) in own
        else r
        for r in references
    ]


def _standalone_lines(clauses: list[Clause], texts: list[str]) -> set[str]:
    """The keys of lines that hold a title alone, not in 《》 (an item's number before it, `3.`, set aside; a title
    it names inside, `…关于修改《X》的决定`, is part of it): the head of a text the page carries. Headings repeat
    over the clauses under them and are keyed once."""
    lines = [_FULL_TEXT.sub("", _ITEM_START.sub("", line)) for text in texts for line in text.split("\n")]
    headings = {_ITEM_START.sub("", heading) for clause in clauses for heading in clause.section_path}
    keys = [unquoted(line) for line in lines if not line.startswith("《")]
    keys += [title_key(heading) for heading in headings if not heading.startswith("《")]
    return {key for key in keys if len(key) >= _MIN_LINE_KEY}
