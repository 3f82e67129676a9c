"""Figures in policy sentences (`10亿美元`, `1500家`, `每季度`) and which one a question asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.normalize import HAN, fold_width, to_simplified

_UNITS = "亿美元|万美元|亿元|万元|美元|元|万人|人次|人|家|个|项|件|条|所|座|倍|%|％|万平方米|平方米|亿|万"
# "22.13亿美元", "1000家以上", "3.2%"; a bare year ("2025年") is not a figure.
_AMOUNT = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*({_UNITS})")
_FREQUENCY = re.compile(r"每(?:年|半年|季度|个?月|周|两年|三年)")
_CN_AMOUNT = re.compile(rf"(?<![{HAN}])([一二两三四五六七八九十百千]+)\s*({_UNITS})")

# What a question's wording asks for -> the units that answer it.
_ASKS = [
    (re.compile(r"多久|多长时间|频率|how often"), {"frequency"}),
    (re.compile(r"多少家|几家|企业数|企业数量|how many (companies|firms|enterprises)"), {"家"}),
    (re.compile(r"多少个|几个"), {"个"}),
    (re.compile(r"多少人|人数|how many people"), {"人", "万人", "人次"}),
    (re.compile(r"执行额|金额|规模|美元|how much"), {"亿美元", "万美元", "美元", "亿元", "万元", "亿", "万"}),
    (re.compile(r"占比|比重|增速|增长|百分|percent|share"), {"%", "％"}),
]
QUANTITY_QUESTION = re.compile(r"多少|几[家个项人]|多久|目标是|how (many|much|often)|what is the target", re.I)


@dataclass(frozen=True)
class Figure:
    text: str
    unit: str
    start: int
    end: int


def find_figures(sentence: str) -> list[Figure]:
    """The figures of a sentence in either script (10億美元 is 10亿美元), each as the sentence prints it."""
    folded = fold_width(sentence)
    # Read in simplified script, as retrieval reads it; t2s keeps the length of such text, so spans hold for both.
    simplified = to_simplified(folded)
    printed = folded if len(simplified) == len(folded) else simplified
    figures = [
        Figure(printed[m.start() : m.end()], m.group(2), m.start(), m.end()) for m in _AMOUNT.finditer(simplified)
    ]
    figures += [
        Figure(printed[m.start() : m.end()], m.group(2), m.start(), m.end()) for m in _CN_AMOUNT.finditer(simplified)
    ]
    figures += [
        Figure(printed[m.start() : m.end()], "frequency", m.start(), m.end()) for m in _FREQUENCY.finditer(simplified)
    ]
    return sorted(figures, key=lambda f: f.start)


def asked_units(question: str) -> set[str]:
    text = to_simplified(fold_width(question)).lower()
    units: set[str] = set()
    for pattern, wanted in _ASKS:
        if pattern.search(text):
            units |= wanted
    return units


def is_quantity_question(question: str) -> bool:
    return bool(QUANTITY_QUESTION.search(to_simplified(fold_width(question))))


def best_figure(sentence: str, question_terms: list[str], units: set[str]) -> Figure | None:
    """The figure whose unit the question asks for and whose preceding words best match the question."""
    simplified = to_simplified(fold_width(sentence)).lower()
    candidates = [f for f in find_figures(sentence) if not units or f.unit in units]
    if not candidates:
        return None

    def context_score(figure: Figure) -> tuple[int, int]:
        window = simplified[max(0, figure.start - 14) : figure.start]
        matched = sum(len(t) for t in question_terms if t in window)
        return matched, -figure.start

    return max(candidates, key=context_score)
