"""Which citations a reader cannot be sure of, and why.

Nine hand checks on pages nobody had read (docs/lineage.md) found the wrong rows of the citation listing in a few
kinds of text, and each new set of pages brought new wordings of them that no sentence rule knew. So rather than
one more rule per wording, a citation standing in one of those kinds of text is kept as a *mention* with the reason
(`Doubt`): the document page shows it, marked, and it links nothing (no `cites`, `cited_by`, repeal or amendment).
A citation with an effect that a sentence states (`同时废止`, `作如下修改`) is never doubted for being near the
page's own title: a notice replacing a same-titled one of 2012 repeals that one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from search.ingest.cited_names import title_key, unquoted
from search.records import Clause, DocumentMeta, Doubt, Reference

# What ends the title of a document a policy rests on, once brackets after it (`(试行)`, `(2021—2025年)`) are off.
_GENRE = re.compile(
    r"(?:法|条例|规定|办法|细则|规则|规程|意见|通知|决定|决议|方案|规划|纲要|计划|目录|清单|指南|指引|标准|规范|措施"
    r"|举措|政策|公告|通告|公示|批复|函|报告|要点|安排|章程|守则|制度|准则|名录|导则|大纲|战略|行动|答复|请示|建议"
    r"|提案|白皮书|说明|令|通则|协定|公约|条约|宪法|议定书|备忘录|纪要|解释|预案|格式)$"
)
_BRACKETS_AFTER = re.compile(r"(?:\s*\([^()]*\))+\s*$")
_ACT = re.compile(r"废止|停止执行|不再执行|停止实施|不再实施|失效|修改|修订|删除|删去|改为")
_QUOTED = re.compile(r"《[^《》]*》")
_ITEM_HEAD = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|\d{1,3}[.、]|\([一二三四五六七八九十\d]{1,3}\))?\s*")
# A decree or a document numbered by a body named only by its level: `省政府令第6号`, `市政府令2004年第1号`.
_UNNAMED_ISSUER = re.compile(r"(?:省|市|县|区|州|自治区|自治州)(?:人民)?政府")
_LINE_AFTER = 40  # characters after an item's line where its act may stand (`一、《X》 / 将第十四条改为`)
_MIN_LINE_KEY = 6  # a shorter line is a heading word, not a title
_MIN_NEAR_OWN = 8


def doubted(
    references: list[Reference], clauses: list[Clause], texts: list[str], meta: DocumentMeta
) -> list[Reference]:
    """The references with `doubt` set where one of the kinds of text applies (`texts`: the clauses' texts as
    citations were read from them, simplified and half-width)."""
    if not references:
        return references
    by_id = {clause.id: (clause, text) for clause, text in zip(clauses, texts, strict=True)}
    lines = _standalone_lines(clauses, texts)
    own = title_key(meta.title or "")
    first = clauses[0].id if clauses else None
    found = []
    for reference in references:
        clause, text = by_id.get(reference.clause_id or "", (None, ""))
        doubt = _doubt(reference, clause, text, lines, own, first)
        found.append(replace(reference, doubt=doubt) if doubt else reference)
    return found


def _doubt(
    reference: Reference, clause: Clause | None, text: str, lines: set[str], own: str, first: str | None
) -> Doubt | None:
    if reference.title:
        return _title_doubt(reference, clause, text, lines, own)
    number = reference.number or ""
    if _UNNAMED_ISSUER.match(number):
        return Doubt.NUMBER_WITHOUT_ISSUER
    if clause is None or reference.start < 0 or reference.effect:
        return None
    if clause.id == first and "。" not in text[: reference.start]:
        return Doubt.NUMBER_AT_HEAD
    if clause.section_path and _ACT.search(_QUOTED.sub("", clause.section_path[-1])):
        return Doubt.UNDER_AN_ACT
    return None


def _title_doubt(reference: Reference, clause: Clause | None, text: str, lines: set[str], own: str) -> Doubt | None:
    title = reference.title or ""
    if not reference.number and not _GENRE.search(_BRACKETS_AFTER.sub("", title)):
        return Doubt.NOT_A_DOCUMENT_TYPE
    if reference.effect:
        return None
    key = title_key(title)
    if key in lines and not (reference.number and key == own):  # a number tells a same-titled document apart
        return Doubt.CARRIED_IN_FULL
    if not reference.number and own and _near_own(key, own):
        return Doubt.NEAR_OWN_TITLE
    if clause is not None and reference.start >= 0 and _item_under_act(clause, text, reference.start):
        return Doubt.UNDER_AN_ACT
    return None


def _near_own(key: str, own: str) -> bool:
    """The page's own title in other words: a cited title without `关于` against the own title's words after it
    (`国务院《推动X的意见》` on the page of `国务院关于推动X的意见`, a few characters apart), else the whole titles, one
    character apart (a misprint; another city's title of the same wording differs by its name)."""
    if "关于" in key:
        limit = 1
    else:
        own, limit = own[own.rfind("关于") + 2 :], 1 + len(key) // 20
    return len(key) >= _MIN_NEAR_OWN and Levenshtein.distance(key, own, score_cutoff=limit) <= limit


def _item_under_act(clause: Clause, text: str, start: int) -> bool:
    """A title opening an item of a list (`三、《X》`) where the words before the list, its heading or the line
    after it repeal or amend (`省人民政府决定废止的省政府规章`, `将第十四条改为`), though no effect was read for it."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _ITEM_HEAD.fullmatch(text, line_start, start):
        return False
    line_end = text.find("\n", start)
    after = text[line_end : line_end + _LINE_AFTER] if line_end >= 0 else ""
    before = _QUOTED.sub("", text[:line_start] + " ".join(clause.section_path[-1:]))
    return bool(_ACT.search(before) or _ACT.search(_QUOTED.sub("", after)))


def _standalone_lines(clauses: list[Clause], texts: list[str]) -> set[str]:
    """The keys of lines that hold a title alone, outside 《》: the head of a text the page carries."""
    found = set()
    for clause, text in zip(clauses, texts, strict=True):
        keys = [unquoted(line) for line in text.split("\n") if "《" not in line]
        keys += [title_key(heading) for heading in clause.section_path if "《" not in heading]
        found.update(key for key in keys if len(key) >= _MIN_LINE_KEY)
    return found
