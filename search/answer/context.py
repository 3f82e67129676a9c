"""A clause in its document: the neighbouring clauses around it, for "view in document"."""

from __future__ import annotations

from search.errors import PolicySearchError
from search.index.store import SearchIndex
from search.records import Clause


def clause_context(index: SearchIndex, clause_id: str, radius: int = 2) -> list[tuple[Clause, bool]]:
    """Up to `radius` clauses before and after, from the same document, in document order."""
    position = next((i for i, c in enumerate(index.clauses) if c.id == clause_id), None)
    if position is None:
        raise PolicySearchError(f"no clause with id {clause_id!r}")
    doc_id = index.clauses[position].doc_id
    same_doc = [i for i, c in enumerate(index.clauses) if c.doc_id == doc_id]
    at = same_doc.index(position)
    window = same_doc[max(0, at - radius) : at + radius + 1]
    return [(index.clauses[i], i == position) for i in window]
