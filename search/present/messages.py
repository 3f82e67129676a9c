"""The app's messages that quote untrusted values (URL values, queries, corpus metadata, file names, errors),
as Streamlit Markdown with each quoted value escaped, so a link or markup in one is shown as text."""

from __future__ import annotations

from search.present.markdown import escape_markdown
from search.records import IndexInfo, UploadOutcome

UNKNOWN = "未识别 unknown"


def rejected_filters(values: list[str]) -> str:
    """Filters from a link that the corpus does not have, or dates that are no dates."""
    quoted = ", ".join(escape_markdown(v) for v in values)
    return f"链接中的筛选条件无效 Unknown or invalid filter in the link: {quoted}（已忽略 ignored）"


def results_caption(hits: int, cities: int, elapsed_ms: float, translated_query: str | None) -> str:
    return f"{hits} 条结果，来自 {cities} 个城市，用时 {elapsed_ms:.0f} ms{searched_as(translated_query, '；')}"


def searched_as(translated_query: str | None, lead: str = "") -> str:
    """How an English query was searched in Chinese, so a user can spot a wrong rendering and rephrase; nothing
    for a Chinese query."""
    if translated_query is None:
        return ""
    return f"{lead}按中文检索 searched as：{escape_markdown(translated_query or '—')}"


def history_label(mode_label: str, query: str) -> str:
    return f"{mode_label} · {escape_markdown(query[:24])}"


def upload_summary(outcome: UploadOutcome) -> str:
    """What an accepted file became: its saved name and the city, title, date and clause count detected."""
    meta = outcome.document.meta
    saved_as = outcome.saved_as.name
    return (
        f"{escape_markdown(outcome.filename)} → {escape_markdown(saved_as)}\n\n"
        f"城市 City：{escape_markdown(meta.city or UNKNOWN)}　标题 Title：{escape_markdown(meta.title or UNKNOWN)}　"
        f"日期 Date：{escape_markdown(meta.date or '—')}　条款 Clauses：{outcome.clause_count}"
    )


def upload_problem(outcome: UploadOutcome) -> str:
    """Why a file was refused, named as the user named it (the message may name the path it would have had)."""
    named = f"{outcome.filename}: "
    if outcome.message.startswith(named):
        return escape_markdown(outcome.message)
    return escape_markdown(named + outcome.message.split(": ", 1)[-1])


def index_summary(info: IndexInfo) -> str:
    """The sidebar's line about the loaded index: when it was built, its size on disk, what it holds."""
    return escape_markdown(
        f"索引 Index：建于 built {info.built_at.replace('T', ' ')} · {info.size_bytes / 2**20:.1f} MiB · "
        f"{info.documents} 个文件 documents · {info.clauses} 条条款 clauses"
    )
