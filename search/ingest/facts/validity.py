"""Validity (时效性) as a document states it: when it applies, from its own words.

Detection reads only what the text says: the effective date (`自印发之日起施行`, `自2021年1月1日起施行`), the end
(`有效期至2025年12月31日`, `有效期5年` from the effective date), trial status (`试行`, `暂行`) and the period a
plan's title names (`(2022-2025年)`, `“十四五”`). Nothing is inferred from habit (e.g. "规范性文件 last five
years"): a document that states no end stays unknown. What that means on a given day is `validity_rules.py`'s;
what later documents did to it (repeals, amendments) is found across the library (`lineage/`).
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Collection
from dataclasses import replace

from search.ingest.dates import CN_DATE, iso_date
from search.ingest.doc_types import DOC_TYPE_PATTERN
from search.normalize import fold_width, to_simplified
from search.records import DocumentMeta

_SENTENCE_END = re.compile(r"[。;；\n]")
# `起施行`, `起实施`…, but not `起实施的项目` (a measure's own start, in a clause about something else).
_TAKES_EFFECT = r"(?:施行|实施|执行|生效)(?!的)"
# The document speaking of itself: `本办法`, `本方案`, `本政策`… (not `《某办法》`, which names another document).
_ITSELF = re.compile(rf"本(?:{DOC_TYPE_PATTERN}|政策|措施|文件|规定|条例)")
# `自印发之日起施行`, `自发布之日起实施`; the date is the document's own.
_FROM_ISSUE = re.compile(rf"自(印发|下发|发布|公布|颁布)之日起{_TAKES_EFFECT}")
# `自2021年1月1日起施行`, `2021年1月1日起实施`; not `自2021年1月1日起，…` (no verb: a date in a measure).
_FROM_DATE = re.compile(rf"(?:自|从|于)?({CN_DATE})起{_TAKES_EFFECT}")
# `有效期自2021年1月1日起至2025年12月31日止`, `有效期为2021年1月1日至2025年12月31日`.
_SPAN = re.compile(rf"有效期(?:为|自|是)?\s*({CN_DATE})(?:起)?\s*(?:至|到)\s*({CN_DATE})")
# `有效期至2025年12月31日`, `有效期到2025年底`.
_UNTIL = re.compile(rf"有效期(?:至|到|截至|截止到?)\s*({CN_DATE})")
_UNTIL_YEAR_END = re.compile(r"有效期(?:至|到|截至|截止到?)\s*(\d{4})年(?:底|末)")
# `有效期至2025年6月`, `有效期至2025年6月底`: the month's last day (a day, when written, is read by _UNTIL).
_UNTIL_MONTH_END = re.compile(r"有效期(?:至|到|截至|截止到?)\s*(\d{4})年(\d{1,2})月(?:底|末)?(?![\d日号])")
# `有效期5年`, `有效期为三年`, `有效期两年`; not `有效期内` nor `有效期限届满`.
_YEARS = re.compile(r"有效期(?:限)?(?:为|是)?\s*(\d{1,2}|[一二两三四五六七八九十])\s*年")
_TRIAL_IN_TEXT = re.compile(rf"{_ITSELF.pattern}[^《》]{{0,20}}试行|试行期")
# A plan's period in its title: `(2022-2025年)`, `(2021—2023年)`, `2022年至2025年`; years 1949-2099.
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:-|—|–|~|至|到)+\s*((?:19|20)\d{2})\s*年")
# `“十四五”` names a national five-year plan period: 十一五 2006-2010 … 十五五 2026-2030.
_FIVE_YEAR_PLAN = re.compile(r"十([一二三四五])五")
_NUMERALS = {ch: n for n, ch in enumerate("一二三四五六七八九十", 1)} | {"两": 2}
_LONGEST_PLAN_YEARS = 15


def with_validity(meta: DocumentMeta, text: str, overridden: Collection[str] = ()) -> DocumentMeta:
    """`meta` with the validity the text states filled in; a field named in the override is kept as given
    (dates in either written form), and the effective date it gives starts a stated `有效期N年`. A report on another
    document (`meta.reported`) states no validity of its own: what it says of dates and periods is the other's."""
    if meta.reported:
        return replace(meta)
    text = to_simplified(fold_width(text))
    title = to_simplified(fold_width(meta.title or ""))
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    found = replace(meta)
    if "effective_date" in overridden:
        found.effective_date = _iso(meta.effective_date)
    else:
        found.effective_date = effective_date(sentences, meta)
    start, until, years = validity_term(sentences)
    if "effective_date" not in overridden and start:
        found.effective_date = start
    if "valid_years" not in overridden:
        found.valid_years = years
    if "valid_until" in overridden:
        found.valid_until = _iso(meta.valid_until)
    else:
        found.valid_until = until or _years_after(found.effective_date, found.valid_years)
    if "trial" not in overridden:
        found.trial = trial_mark(title, sentences)
    if "plan_period" not in overridden:
        found.plan_period = plan_period(title)
    return found


def effective_date(sentences: list[str], meta: DocumentMeta) -> str | None:
    """The last statement of when the document takes effect (the closing clause), unless it speaks of another
    document (`《某办法》自…起施行`); `自印发之日起` is the issue date, when the document states one."""
    for sentence in reversed(sentences):
        for match in reversed(list(_FROM_DATE.finditer(sentence))):
            if _about_itself(sentence, match.start()):
                return iso_date(match.group(1))
        match = _FROM_ISSUE.search(sentence)
        if match and _about_itself(sentence, match.start()):
            if match.group(1) in ("发布", "公布"):
                return meta.date_published or meta.date
            return meta.date
    return None


def validity_term(sentences: list[str]) -> tuple[str | None, str | None, int | None]:
    """(start, end, years) of the document's own `有效期`. A sentence counts when it is the document's validity
    clause: it says when the document takes effect, names the document (`本办法有效期…`) or starts with 有效期;
    `高新技术企业资格有效期3年` or `在有效期内` is about something else."""
    for sentence in sentences:
        at = sentence.find("有效期")
        if at < 0 or not _is_validity_clause(sentence, at):
            continue
        if span := _SPAN.search(sentence, at):
            return iso_date(span.group(1)), iso_date(span.group(2)), None
        if until := _UNTIL.search(sentence, at):
            return None, iso_date(until.group(1)), None
        if year_end := _UNTIL_YEAR_END.search(sentence, at):
            return None, f"{year_end.group(1)}-12-31", None
        if month_end := _UNTIL_MONTH_END.search(sentence, at):
            return None, _month_end(int(month_end.group(1)), int(month_end.group(2))), None
        if years := _YEARS.search(sentence, at):
            return None, None, _count(years.group(1))
    return None, None, None


def _is_validity_clause(sentence: str, at: int) -> bool:
    before = sentence[:at]
    if "》" in before and not _ITSELF.search(before):
        return False
    stated = sentence.strip().lstrip("0123456789.、一二三四五六七八九十()（）第条 ")
    return bool(stated.startswith("有效期") or _ITSELF.search(before) or re.search(rf"起{_TAKES_EFFECT}", sentence))


def trial_mark(title: str, sentences: list[str]) -> str | None:
    """`试行` or `暂行` when the title says so, or the text says the document itself is on trial
    (`本办法自印发之日起试行`); a quoted `《某暂行办法》` is another document's."""
    for word in ("试行", "暂行"):
        if word in title:
            return word
    for sentence in sentences:
        match = _TRIAL_IN_TEXT.search(sentence)
        if match and _about_itself(sentence, match.start()):
            return "试行"
    return None


def plan_period(title: str) -> str | None:
    """`2022-2025` from a title's `(2022-2025年)` or `“十四五”`; a period in the body (a target table's
    `2022-2025年…目标`) is not the document's."""
    match = _PERIOD.search(title)
    if match:
        first, last = int(match.group(1)), int(match.group(2))
        if first <= last <= first + _LONGEST_PLAN_YEARS:
            return f"{first}-{last}"
    match = _FIVE_YEAR_PLAN.search(title)
    if match:
        first = 2006 + 5 * (_NUMERALS[match.group(1)] - 1)
        return f"{first}-{first + 4}"
    return None


def _about_itself(sentence: str, at: int) -> bool:
    """False when a `《…》` title comes before the phrase and `本办法` does not: it is then another document's."""
    before = sentence[:at]
    return "》" not in before or bool(_ITSELF.search(before))


def _count(numeral: str) -> int:
    return int(numeral) if numeral.isdigit() else _NUMERALS[numeral]


def _years_after(start: str | None, years: int | None) -> str | None:
    """`有效期5年` from 2021-01-01 runs to 2025-12-31: the day before the fifth anniversary."""
    if not start or not years:
        return None
    day = datetime.date.fromisoformat(start)
    try:
        anniversary = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        anniversary = day.replace(year=day.year + years, day=28) + datetime.timedelta(days=1)
    return (anniversary - datetime.timedelta(days=1)).isoformat()


def _month_end(year: int, month: int) -> str | None:
    if not 1 <= month <= 12:
        return None
    return datetime.date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def _iso(value: object) -> str | None:
    """An override's date as ISO (`2025-12-31` or `2025年12月31日`); anything else leaves the field unknown."""
    return iso_date(value) if isinstance(value, str) else None
