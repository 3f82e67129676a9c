"""A clause in its document: the neighbouring clauses around it, for "view in document"."""

from __future__ import annotations

from search.errors import PolicySearchError
from search.index.store import SearchIndex
from search.records import Clause


def clause_context(index: SearchIndex, clause_id: str, radius: int = 2) -> list[tuple[Clause, bool]]:
    """Up to `radius` clauses before and after, from the same document, in document order."""
    window = index.clauses.around(clause_id, radius)
    if not window:
        raise PolicySearchError(f"no clause with id {clause_id!r}")
    return window
