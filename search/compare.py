"""Compare cities: each city's best matching provision for one query, side by side."""

from __future__ import annotations

from dataclasses import dataclass

from .records import Hit
from .retrieval import Filters, Searcher

POOL = 60


@dataclass
class CityRow:
    city: str
    hit: Hit


def compare_cities(searcher: Searcher, query: str, filters: Filters | None = None) -> list[CityRow]:
    """One row per city that has any matching clause, best city first."""
    result = searcher.search(query, filters, top_k=POOL)
    rows: dict[str, CityRow] = {}
    for hit in result.hits:
        city = hit.clause.city or "?"
        rows.setdefault(city, CityRow(city, hit))
    return list(rows.values())
