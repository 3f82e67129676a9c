"""Extract responsible departments: `（责任单位:…）`, `（牵头单位:…;责任单位:…）`, `（…按职责分工负责）`."""

from __future__ import annotations

import re

from search.normalize import fold_width

# One level of nested brackets is allowed: "各县(区)人民政府".
_INNER = r"((?:[^()]|\([^()]*\))*)"
_LABELLED = re.compile(rf"\(\s*((?:牵头|责任|配合|主办|协办)单位\s*[:：]{_INNER})\)")
_BY_DUTY = re.compile(rf"\({_INNER}按(?:职责|職責)分工(?:负责|負責)\)")
_LABEL = re.compile(r"(?:牵头|责任|配合|主办|协办)单位\s*[:：]")
_SEPARATORS = re.compile(r"[、,，;；\n]")


def extract_departments(text: str) -> list[str]:
    """Department names in order of first mention, in the document's own script."""
    folded = fold_width(text)
    found: list[str] = []
    for match in _LABELLED.finditer(folded):
        found.extend(_split(_LABEL.sub("、", match.group(1))))
    for match in _BY_DUTY.finditer(folded):
        found.extend(_split(match.group(1)))
    return unique(found)


def split_department_list(text: str) -> list[str]:
    """A free list of units, as in an annex's 责任单位 column."""
    return unique(_split(fold_width(text)))


def _split(text: str) -> list[str]:
    return [part.strip(" 。.") for part in _SEPARATORS.split(text) if part.strip(" 。.")]


def unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
