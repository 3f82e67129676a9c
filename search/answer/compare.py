"""Compare cities: each city's best matching provision for one query, side by side."""

from __future__ import annotations

from dataclasses import dataclass

from search.records import Filters, Hit
from search.retrieve.retrieval import Searcher


@dataclass
class CityRow:
    city: str | None  # None: the documents state no city
    hit: Hit


def compare_cities(searcher: Searcher, query: str, filters: Filters | None, pool: int) -> list[CityRow]:
    """One row per city among the best `pool` hits and their copies in other cities, best city first."""
    result = searcher.search(query, filters, top_k=pool)
    rows: dict[str | None, CityRow] = {}
    for hit in searcher.with_copies(result, filters):
        rows.setdefault(hit.clause.city, CityRow(hit.clause.city, hit))
    return list(rows.values())
