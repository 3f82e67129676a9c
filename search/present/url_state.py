"""What a browser URL holds: mode, query and filters, so a search can be bookmarked, shared and restored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from search.records import Filters

MODES = ("search", "ask", "compare")
DEFAULT_TOP_K = 10
MAX_TOP_K = 50


@dataclass
class ViewState:
    mode: str = "search"
    query: str = ""
    cities: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    doc_types: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    top_k: int = DEFAULT_TOP_K

    @classmethod
    def from_params(cls, params: Mapping[str, list[str]]) -> ViewState:
        """Lenient: an unknown mode or a bad top-k falls back to the default (filters are validated later)."""

        def first(key: str) -> str | None:
            values = params.get(key) or []
            return values[0] if values else None

        mode = first("mode") or "search"
        try:
            top_k = min(MAX_TOP_K, max(1, int(first("k") or DEFAULT_TOP_K)))
        except ValueError:
            top_k = DEFAULT_TOP_K
        return cls(
            mode=mode if mode in MODES else "search",
            query=first("q") or "",
            cities=list(params.get("city") or []),
            documents=list(params.get("doc") or []),
            doc_types=list(params.get("type") or []),
            date_from=first("from"),
            date_to=first("to"),
            top_k=top_k,
        )

    def to_params(self) -> dict[str, str | list[str]]:
        """Only what differs from the defaults, so a plain search has a short link."""
        values = {
            "mode": self.mode if self.mode != "search" else None,
            "q": self.query,
            "city": self.cities,
            "doc": self.documents,
            "type": self.doc_types,
            "from": self.date_from,
            "to": self.date_to,
            "k": str(self.top_k) if self.top_k != DEFAULT_TOP_K else None,
        }
        return {key: value for key, value in values.items() if value}

    def filters(self) -> Filters:
        return Filters(self.cities, self.documents, self.doc_types, self.date_from, self.date_to)
