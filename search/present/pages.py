"""What one page of the app shows, as plain records the app caches between reruns.

They live in a module, not in app.py: Streamlit pickles cached values, and a class defined in the script
belongs to a `__main__` that every session swaps in and out, so under concurrent sessions it failed to pickle
or unpickle (10 visitors: 20 of 50 searches never showed results)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from search.service import SearchResult


class FilterOptions(NamedTuple):
    """The sidebar's choices: provinces and cities with their clause counts (and which cities lie in which
    province), document titles, document types."""

    city_counts: dict[str, int]
    documents: list[str]
    doc_types: list[str]
    province_counts: dict[str, int]
    cities_by_province: dict[str, list[str]]


class SearchPage(NamedTuple):
    """The hits, their cards (each with its "view in document" context) as one block of HTML, and the downloads."""

    result: SearchResult
    cards_html: str
    csv: str
    markdown: str
