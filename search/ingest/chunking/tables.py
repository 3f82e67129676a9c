"""Tables flattened into one cell per line by web copies: find them and render readable rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.normalize import fold_width

CELL_MAX_CHARS = 8
MIN_TABLE_CELLS = 8
_NUMBER = re.compile(r"^-?\d+(\.\d+)?%?$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_CAPTION = re.compile(r"^表\s*\d*\s*[:：]?")
_UNIT = re.compile(r"^单位\s*[:：]\s*(.+)$")
_SOURCE = re.compile(r"^(数据)?来源\s*[:：]")
_PROSE = re.compile(r"[。，,；;：:]")


def is_cell(line: str) -> bool:
    folded = fold_width(line).strip()
    return 0 < len(folded) <= CELL_MAX_CHARS and not _PROSE.search(folded) or bool(_UNIT.match(folded))


@dataclass
class TableSpan:
    first: int  # index of the first line (caption included)
    last: int  # index of the last line (source note included)


def find_tables(lines: list[str]) -> list[TableSpan]:
    """Runs of at least MIN_TABLE_CELLS short cell lines, with caption above and source note below."""
    spans: list[TableSpan] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and is_cell(lines[j]):
            j += 1
        numeric = sum(bool(_NUMBER.match(fold_width(x).strip())) for x in lines[i:j])
        if j - i >= MIN_TABLE_CELLS and numeric >= MIN_TABLE_CELLS // 2:
            first = i - 1 if i > 0 and _CAPTION.match(fold_width(lines[i - 1]).strip()) else i
            last = j if j < len(lines) and _SOURCE.match(fold_width(lines[j]).strip()) else j - 1
            spans.append(TableSpan(first, last))
            i = last + 1
        else:
            i = max(j, i + 1)
    return spans


def render_table(lines: list[str]) -> str:
    """Caption, then one readable line per row and column group, e.g.
    `重庆 2020年：执行额 22.8 亿美元，全国占比 2.1`; falls back to `a | b | c` rows."""
    folded = [fold_width(x).strip() for x in lines]
    caption = [x for x in folded if _CAPTION.match(x) and not is_cell(x)]
    source = [x for x in folded if _SOURCE.match(x)]
    unit = next((m.group(1) for m in map(_UNIT.match, folded) if m), "")
    cells = [x for x in folded if is_cell(x) and not _UNIT.match(x) and x not in source]
    first_number = next((k for k, c in enumerate(cells) if _NUMBER.match(c)), len(cells))
    header, data = cells[:first_number], cells[first_number:]
    rows = _rows(data)
    out = [c + (f"（单位：{unit}）" if unit else "") for c in caption] or ([f"单位：{unit}"] if unit else [])
    groups, labels = _header_groups(header, rows)
    if rows and groups:
        per_group = len(labels)
        for g, group in enumerate(groups):
            for row in rows:
                values = row[1 + g * per_group : 1 + (g + 1) * per_group]
                parts = [
                    f"{label} {value}{(' ' + unit) if k == 0 and unit else ''}"
                    for k, (label, value) in enumerate(zip(labels, values, strict=False))
                ]
                out.append(f"{group} {row[0]}年：" + "，".join(parts))
    else:
        out.append(" | ".join(header))
        out.extend(" | ".join(row) for row in rows or [data])
    out.extend(source)
    return "\n".join(out)


def _rows(data: list[str]) -> list[list[str]]:
    years = [k for k, c in enumerate(data) if _YEAR.match(c)]
    if len(years) < 2 or years[0] != 0:
        return []
    width = years[1]
    if width < 2 or len(data) % width or any(not _YEAR.match(data[k]) for k in range(0, len(data), width)):
        return []
    return [data[k : k + width] for k in range(0, len(data), width)]


def _header_groups(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[str]]:
    """Split a header like `重庆 成都 年度 执行额 全国 占比 …` into groups and per-group labels."""
    if not rows or "年度" not in header:
        return [], []
    pivot = header.index("年度")
    groups, sub = header[:pivot], header[pivot + 1 :]
    values = len(rows[0]) - 1
    if not groups or values % len(groups) or len(sub) % len(groups):
        return [], []
    per_group, tokens = values // len(groups), sub[: len(sub) // len(groups)]
    if len(tokens) < per_group:
        return [], []
    labels = tokens[: per_group - 1] + ["".join(tokens[per_group - 1 :])]
    return groups, labels
