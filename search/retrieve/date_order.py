"""Hits by the date their documents bear: newest or oldest first, undated last."""

from __future__ import annotations

import numpy as np

from search.index.facets import Facets
from search.records import Sort

_UNDATED = np.iinfo(np.int64).max


def date_keys(facets: Facets, rows: np.ndarray, sort: Sort) -> np.ndarray:
    """A key per row that sorts ascending into `sort`'s order (a listing asked for relevance is newest first)."""
    dates = facets.date_of_doc[facets.doc_of_row[rows]].astype(np.int64)  # yyyymmdd, negative when undated
    keys = dates if sort is Sort.OLDEST else -dates
    return np.where(dates >= 0, keys, _UNDATED)
