"""Validity on a given day: the statuses, and the rules that turn what a document states (its dates, from
`ingest/facts/validity.py`) and what later documents of the library did to it (`Supersession`, from `lineage/`) into
one status with its reason.

Shared by ingestion (an override's status), the index (the in-force facet), retrieval and the faces. The status is
computed when asked, never stored, because it changes with the calendar while the index does not.
"""

from __future__ import annotations

import datetime

from search.records import DocumentMeta, Supersession, Validity

IN_FORCE = "现行有效"
EXPIRED = "已失效"  # its stated end, or its plan's period, has passed
REPEALED = "已废止"  # a later document of the library repeals it
AMENDED = "已被修改"  # a later document of the library amends it: in force as amended
NOT_YET_IN_FORCE = "尚未生效"  # its stated effective date is still to come
PARTLY_REPEALED = "部分失效"  # a later document repeals some of its articles: the rest stays in force
UNKNOWN = "未知"
STATUSES = (IN_FORCE, EXPIRED, UNKNOWN, REPEALED, AMENDED, NOT_YET_IN_FORCE, PARTLY_REPEALED)
# What the in-force filter keeps: a document amended or partly repealed is in force as amended.
IN_FORCE_STATUSES = frozenset({IN_FORCE, AMENDED, PARTLY_REPEALED})
# What a precedent no longer in force is: past its end, or repealed by a later document.
ENDED_STATUSES = frozenset({EXPIRED, REPEALED})
OVERRIDE_REASON = "据人工标注 (.meta.json)"
NOTHING_DONE = Supersession()


def validity_window(meta: DocumentMeta) -> tuple[datetime.date | None, datetime.date | None]:
    """(first day, last day) the document applies, as far as stated: an explicit end wins over a plan's period,
    whose last day is 31 December of its last year."""
    start = _date(meta.effective_date)
    end = _date(meta.valid_until)
    if end is None and meta.plan_period:
        end = datetime.date(int(meta.plan_period[-4:]), 12, 31)
    return start, end


def validity_status(meta: DocumentMeta, today: datetime.date, done: Supersession = NOTHING_DONE) -> Validity:
    """The rules ([docs/validity.md](../docs/validity.md)), first that applies: an override's status; 已废止 when
    a later document repeals it (a repeal wins over expiry); 已失效 past its stated end or plan period; 尚未生效
    before its stated effective date; 部分失效 or 已被修改 when a later document repealed some articles or amended
    it; 现行有效 within a stated end; else 未知 with what is known."""
    if meta.status in STATUSES:
        return Validity(meta.status, OVERRIDE_REASON)
    if done.repealed_by:
        return Validity(REPEALED, f"已被{_named(done.repealed_by)}废止")
    start, end = validity_window(meta)
    trial = f"{meta.trial}，" if meta.trial else ""
    if end is not None and today > end:
        if meta.valid_until:
            return Validity(EXPIRED, f"{trial}有效期至{end.isoformat()}，已届满")
        return Validity(EXPIRED, f"{trial}规划期{meta.plan_period}年已结束")
    if start is not None and today < start:
        return Validity(NOT_YET_IN_FORCE, f"自{start.isoformat()}起施行")
    if done.partly_repealed_by:
        articles = "、".join(dict.fromkeys(d.articles for d in done.partly_repealed_by if d.articles))
        return Validity(PARTLY_REPEALED, f"{articles or '部分条款'}已被{_named(done.partly_repealed_by)}废止")
    if done.amended_by:
        return Validity(AMENDED, f"已被{_named(done.amended_by)}修改")
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


def _named(documents: tuple) -> str:
    """`《A》(甲〔2020〕1号)、《B》`: each document once, in the order found."""
    return "、".join(dict.fromkeys(d.cited_as for d in documents))


def _date(iso: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None
