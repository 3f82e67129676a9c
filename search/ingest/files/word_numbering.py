"""The numbers Word draws before list paragraphs (`一、`, `（一）`, `1.`), which are not in the paragraph's text.

A heading numbered by Word's lists rather than typed would otherwise reach the chunker as `总体要求`, not
`一、总体要求`. Counted per list (`numId`) and level: a level restarts when a higher one moves on. A level
formatted as a bullet or as nothing gives no label.
"""

from __future__ import annotations

from collections import defaultdict

from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

_CN_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CHINESE_FORMATS = {
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "ideographTraditional",
    "japaneseCounting",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
}


def chinese_number(number: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 35 -> 三十五; from 100 on, digits."""
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    text = ("" if tens == 1 else _CN_DIGITS[tens]) + "十" if tens else ""
    return text + (_CN_DIGITS[units] if units else "")


def format_number(number: int, number_format: str) -> str:
    """A counter in one of Word's number formats (`decimal`, `chineseCounting`, `decimalEnclosedCircle`…)."""
    if number_format in _CHINESE_FORMATS:
        return chinese_number(number)
    if number_format == "decimalEnclosedCircle" and 0 < number <= len(_CIRCLED):
        return _CIRCLED[number - 1]
    if number_format in ("lowerLetter", "upperLetter") and 0 < number <= 26:
        letter = chr(ord("a") + number - 1)
        return letter.upper() if number_format == "upperLetter" else letter
    return str(number)


class ListNumbers:
    """Follows a document's lists paragraph by paragraph and gives each numbered paragraph its label."""

    def __init__(self, document: Document):
        try:
            self._numbering = document.part.numbering_part.element
        except NotImplementedError:  # a file without a numbering part (python-docx will not make one): no lists
            self._numbering = None
        self._counters: dict[str, dict[int, int]] = defaultdict(dict)
        self._lists: dict[str, dict[int, tuple[int, str, str]]] = {}

    def label(self, paragraph: Paragraph) -> str:
        """`一、` for the first top-level item of a `chineseCounting` list with text `%1、`; "" for the rest."""
        found = _numbering_of(paragraph) if self._numbering is not None else None
        if found is None:
            return ""
        num_id, level = found
        if num_id not in self._lists:
            self._lists[num_id] = self._levels(num_id)
        levels = self._lists[num_id]
        if level not in levels:
            return ""
        counters = self._counters[num_id]
        start, number_format, text = levels[level]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        if number_format in ("bullet", "none"):
            return ""
        for shown in range(level, -1, -1):
            if f"%{shown + 1}" in text and shown in levels:
                value = counters.get(shown, levels[shown][0])
                text = text.replace(f"%{shown + 1}", format_number(value, levels[shown][1]))
        return text

    def _levels(self, num_id: str) -> dict[int, tuple[int, str, str]]:
        """Level -> (start, number format, label text) of the list `num_id`."""
        num = next((n for n in self._numbering.iterchildren(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
        abstract_id = num.find(qn("w:abstractNumId")) if num is not None else None
        if abstract_id is None:
            return {}
        abstract = next(
            (
                a
                for a in self._numbering.iterchildren(qn("w:abstractNum"))
                if a.get(qn("w:abstractNumId")) == abstract_id.get(qn("w:val"))
            ),
            None,
        )
        levels = {}
        for lvl in abstract.iterchildren(qn("w:lvl")) if abstract is not None else []:
            levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                int(_value(lvl, "w:start") or 1),
                _value(lvl, "w:numFmt") or "decimal",
                _value(lvl, "w:lvlText") or "",
            )
        return levels


def _numbering_of(paragraph: Paragraph) -> tuple[str, int] | None:
    """The list and level a paragraph is numbered in: its own, else its style's (or a style it is based on)."""
    elements = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        elements.append(style.element.pPr)
        style = style.base_style
    for properties in elements:
        num_pr = properties.find(qn("w:numPr")) if properties is not None else None
        if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
            num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
            level = num_pr.find(qn("w:ilvl"))
            return (num_id, int(level.get(qn("w:val"))) if level is not None else 0) if num_id != "0" else None
    return None


def _value(element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None
