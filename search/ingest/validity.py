"""Validity (时效性): what a document states about when it applies, and what that means on a given day.

Detection reads only what the text says: the effective date (`自印发之日起施行`, `自2021年1月1日起施行`), the end
(`有效期至2025年12月31日`, `有效期5年` from the effective date), trial status (`试行`, `暂行`) and the period a
plan's title names (`(2022-2025年)`, `“十四五”`), and the documents it repeals (`原《…》同时废止`), which
`mark_repealed` finds in the same library. Nothing is inferred from habit (e.g. "规范性文件 last five years"): a
document that states no end stays unknown. The status is computed when asked, never stored, because
it changes with the calendar while the index does not.
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
from search.records import Document, DocumentMeta, Validity

IN_FORCE = "现行有效"
EXPIRED = "已失效"
UNKNOWN = "未知"
STATUSES = (IN_FORCE, EXPIRED, UNKNOWN)
OVERRIDE_REASON = "据人工标注 (.meta.json)"

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
# `原《宜昌市服务外包扶持办法》(宜府办发〔2018〕12号)同时废止`, `《A》和《B》予以废止`: the titles before 废止.
_REPEAL = re.compile(r"(?:同时|予以|一并)废止|原《[^《》]+》.{0,40}废止")
_QUOTED_TITLE = re.compile(r"《([^《》]{4,80})》")
_ARTICLE = re.compile(r"》[^《》，,]{0,30}第[^，,《》]{1,6}条")  # `《X》第五条同时废止`: X stays in force
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[(]\d{4}[〕\])]\d{1,4}号")
_ENCLOSED_TITLE = re.compile(r"印发《([^《》]+)》")
_NUMERALS = {ch: n for n, ch in enumerate("一二三四五六七八九十", 1)} | {"两": 2}
_LONGEST_PLAN_YEARS = 15


def with_validity(meta: DocumentMeta, text: str, overridden: Collection[str] = ()) -> DocumentMeta:
    """`meta` with the validity the text states filled in; a field named in the override is kept as given
    (dates in either written form), and the effective date it gives starts a stated `有效期N年`."""
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
    if "repeals" not in overridden:
        found.repeals = repealed_documents(sentences)
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


def repealed_documents(sentences: list[str]) -> list[str]:
    """Titles and document numbers the document says it repeals (`原《…》(…号)同时废止`); `及时废止与本办法不一致
    的规定` names none."""
    found: list[str] = []
    for sentence in sentences:
        match = _REPEAL.search(sentence)
        if match:
            # Only the phrase that repeals: `根据《某意见》制定本办法，原《X》同时废止` repeals X alone.
            start = max(sentence.rfind(mark, 0, match.start()) for mark in "，,") + 1
            phrase = sentence[start : match.end()]
            if not _ARTICLE.search(phrase):
                found += _QUOTED_TITLE.findall(phrase) + _DOC_NUMBER.findall(phrase)
    return list(dict.fromkeys(_key(name) for name in found))


def mark_repealed(documents: list[Document]) -> list[Document]:
    """The documents, `repealed_by` set on each that another document of the library repeals, by its title (or
    the title it encloses, `关于印发《…》的通知`) or its number, and cleared on the others: a document reused
    from an earlier build keeps no stale mark. Copies, never changed in place: an earlier index may be serving
    the same records."""
    repealers: dict[str, str] = {}
    for document in documents:
        for name in document.meta.repeals:
            repealers.setdefault(_key(name), document.doc_id)
    titles = {d.doc_id: d.display_title for d in documents}
    marked = []
    for document in documents:
        meta = document.meta
        names = [meta.title, meta.doc_number, *_ENCLOSED_TITLE.findall(to_simplified(fold_width(meta.title or "")))]
        repealer = next((repealers[_key(n)] for n in names if n and _key(n) in repealers), None)
        repealed_by = titles[repealer] if repealer and repealer != document.doc_id else None
        if repealed_by != meta.repealed_by:
            document = replace(document, meta=replace(meta, repealed_by=repealed_by))
        marked.append(document)
    return marked


def _key(name: str) -> str:
    return re.sub(r"\s+", "", to_simplified(fold_width(name)))


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


# -- on a given day


def validity_window(meta: DocumentMeta) -> tuple[datetime.date | None, datetime.date | None]:
    """(first day, last day) the document applies, as far as stated: an explicit end wins over a plan's period,
    whose last day is 31 December of its last year."""
    start = _date(meta.effective_date)
    end = _date(meta.valid_until)
    if end is None and meta.plan_period:
        end = datetime.date(int(meta.plan_period[-4:]), 12, 31)
    return start, end


def validity_status(meta: DocumentMeta, today: datetime.date) -> Validity:
    """The rules (README "Validity"): an override's status wins; a document another of the library repeals is
    已失效; past its end a document is 已失效 (a plan
    whose period ended too: its targets and measures were set for that period); within a stated end it is
    现行有效; a document that states no end, or has not yet taken effect, is 未知 with what is known."""
    if meta.status in STATUSES:
        return Validity(meta.status, OVERRIDE_REASON)
    if meta.repealed_by:
        return Validity(EXPIRED, f"已被《{meta.repealed_by}》废止")
    start, end = validity_window(meta)
    trial = f"{meta.trial}，" if meta.trial else ""
    if end is not None and today > end:
        if meta.valid_until:
            return Validity(EXPIRED, f"{trial}有效期至{end.isoformat()}，已届满")
        return Validity(EXPIRED, f"{trial}规划期{meta.plan_period}年已结束")
    if start is not None and today < start:
        return Validity(UNKNOWN, f"尚未施行：自{start.isoformat()}起施行")
    if end is not None:
        if meta.valid_until:
            return Validity(IN_FORCE, f"{trial}有效期至{end.isoformat()}")
        return Validity(IN_FORCE, f"{trial}规划期{meta.plan_period}年内")
    if meta.valid_years and start is None:
        return Validity(UNKNOWN, f"{trial}有效期{meta.valid_years}年，起算日不详")
    if meta.trial:
        return Validity(UNKNOWN, f"{meta.trial}，未写明有效期")
    if start is not None:
        return Validity(UNKNOWN, f"自{start.isoformat()}起施行，未写明有效期")
    return Validity(UNKNOWN, "未写明施行日期和有效期")


def _date(iso: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None
