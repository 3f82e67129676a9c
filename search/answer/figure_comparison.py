"""Figures side by side: each city's best provision's figure of the asked kind, in one unit, for a bar chart.

A figure counts when its unit can be put on one scale with the others': US dollars (亿美元, 万美元, 美元, shown in
亿美元), yuan (亿元, 万元, 元, shown in 万元), enterprises (家) or people (人, 万人, shown in 人). Each city's figure
is the one whose preceding words best match the query (`figures.best_figure`), of the units the query asks for
when it names any (执行额 asks for money). When the cities' figures are of different kinds (one city's 亿美元
against another's 家) there is nothing to compare, and no comparison is made.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.answer.compare import CityRow
from search.answer.figures import asked_units, best_figure
from search.index.tokenization import tokenize_normalized
from search.normalize import fold_width

# unit -> (the unit it is shown in, the factor that converts it)
_SCALES = {
    "亿美元": ("亿美元", 1.0),
    "万美元": ("亿美元", 1e-4),
    "美元": ("亿美元", 1e-8),
    "亿元": ("万元", 1e4),
    "万元": ("万元", 1.0),
    "元": ("万元", 1e-4),
    "家": ("家", 1.0),
    "万人": ("人", 1e4),
    "人": ("人", 1.0),
}
MIN_CITIES = 2  # a chart of one bar compares nothing


@dataclass(frozen=True)
class FigureBar:
    city: str | None
    value: float  # in the comparison's unit
    figure: str  # as the clause prints it: 5000万美元
    clause_id: str
    doc_id: str


@dataclass(frozen=True)
class FigureComparison:
    unit: str  # 亿美元, 万元, 家 or 人
    bars: list[FigureBar]


def compare_figures(query: str, rows: list[CityRow]) -> FigureComparison | None:
    """One bar per city whose provision states a comparable figure, in one unit; None when fewer than two cities
    state one or their figures are of different kinds."""
    terms = tokenize_normalized(query)
    wanted = (asked_units(query) & set(_SCALES)) or set(_SCALES)
    bars: list[tuple[str, FigureBar]] = []
    for row in rows:
        clause = row.hit.clause
        figure = best_figure(clause.text, terms, wanted)
        if figure is None or not (amount := _amount(figure.text, figure.unit)):
            continue
        unit, factor = _SCALES[figure.unit]
        bars.append((unit, FigureBar(row.city, amount * factor, figure.text, clause.id, clause.doc_id)))
    units = {unit for unit, _ in bars}
    if len(bars) < MIN_CITIES or len(units) != 1:
        return None
    return FigureComparison(units.pop(), [bar for _, bar in bars])


def _amount(text: str, unit: str) -> float | None:
    """`5000万美元` -> 5000.0; a figure in Chinese numerals (三十家) is left out: None."""
    number = fold_width(text).replace(unit, "").strip()
    try:
        return float(number)
    except ValueError:
        return None
