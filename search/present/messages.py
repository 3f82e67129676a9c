"""The app's messages that quote untrusted values (URL values, queries, corpus metadata, file names, errors),
as Streamlit Markdown with each quoted value escaped, so a link or markup in one is shown as text."""

from __future__ import annotations

from search.present.labels import query_reading
from search.present.markdown import escape_markdown
from search.records import IndexInfo, UploadOutcome
from search.retrieve.query_syntax import QuerySyntax

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
        f"日期 Date：{escape_markdown(meta.dated or '—')}　条款 Clauses：{outcome.clause_count}"
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


def read_as(syntax: QuerySyntax) -> str:
    """Under the search box, how a query with operators was read (`短语 保税维修 · 排除 飞机 · 城市 上海`) and any
    note on odd input; '' for plain words."""
    reading = query_reading(syntax)
    if not reading:
        return ""
    notes = "".join(f"  \n⚠ {escape_markdown(note)}" for note in syntax.notes)
    return f"检索式 Read as：{escape_markdown(reading)}{notes}"


def no_hits(why_empty: str | None) -> str:
    """No hit: why, when the query's constraints left nothing, else the usual advice."""
    if why_empty:
        return f"没有匹配的条款 No matching clauses: {escape_markdown(why_empty)}"
    return "没有匹配的条款。请放宽筛选条件或换个说法。 No matching clauses: widen the filters or rephrase."


# The help popover beside the search box. Fixed text, no untrusted value.
SYNTAX_HELP = r"""
| 写法 Syntax | 含义 Meaning |
| --- | --- |
| `"保税维修"` `“保税维修”` `「保税维修」` | 精确短语：每条结果都含此短语（繁简、全半角不论） Exact phrase in every hit |
| `-飞机` `-"飞机维修"` | 排除：结果不含此词 No hit contains it |
| `保税维修 \| 检测维修`, `A OR B` | 任一：每条结果至少含其一 Every hit holds one of them |
| `city:上海` `province:湖北` | 城市、省份（同筛选） City, province, like the filters |
| `type:方案` | 文件类型含“方案”（实施方案也算） Document type containing 方案 |
| `year:2022` `year:2020..2023` | 文件日期的年份 The year of the document's date |
| `doc:ID` | 某一文件（ID 或标题，见文件列表） One document, by id or title |

只有条件、没有检索词时，按日期列出全部匹配条款。 A query of constraints only lists the matching clauses by date.

`2020-2025` 与词中的 `-` 不是排除。 A `-` inside a word or a range is no exclusion.
"""
