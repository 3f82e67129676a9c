"""What one page of the app shows, as plain records the app caches between reruns.

They live in a module, not in app.py: Streamlit pickles cached values, and a class defined in the script
belongs to a `__main__` that every session swaps in and out, so under concurrent sessions it failed to pickle
or unpickle (10 visitors: 20 of 50 searches never showed results)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from search.service import CityRow, SearchResult


class FilterOptions(NamedTuple):
    """The sidebar's choices: provinces and cities with their clause counts (and which cities lie in which
    province), document titles, document types."""

    city_counts: dict[str, int]
    documents: list[str]
    doc_types: list[str]
    province_counts: dict[str, int]
    cities_by_province: dict[str, list[str]]


class SearchPage(NamedTuple):
    """The hits, their cards (each with its "view in document" context) as HTML, the timeline of who adopted
    each hit's provision (a Vega-Lite chart, None when fewer than two documents hold it), and the downloads."""

    result: SearchResult
    cards: list[str]
    timelines: list[dict | None]
    csv: str
    markdown: str


class ComparisonPage(NamedTuple):
    """Each city's best provision, and the chart of their figures (None when there is nothing to compare)."""

    rows: list[CityRow]
    figures: dict | None
