"""What a browser URL holds: mode, query, filters and order, so a search can be bookmarked, shared and restored."""

from __future__ import annotations

import datetime
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from search.config import Settings
from search.ingest.facts.gazetteer import short_province
from search.records import Filters, Sort

MODES = ("search", "ask", "compare", "draft")  # a draft's text is never put in a link: it may be confidential
# The date pickers' range. No PRC local policy is older than the first day, so an earlier `from` or `to`
# moved onto it selects the same documents (likewise after the last day), and the widget never refuses it.
EARLIEST_DATE = datetime.date(1949, 10, 1)
LATEST_DATE = datetime.date(2099, 12, 31)
IN_FORCE_VALUE = "in-force"  # `?valid=in-force`: only documents in force (现行有效) on the day of the search
DOCUMENT_PARAM = "document"  # `?document=ID`: the page of one document (its metadata, validity, citations and clauses)


def document_url(doc_id: str, clause_id: str | None = None, base: str = "") -> str:
    """The link to a document's page, `?document=湖北.武汉.a`, and to one of its clauses there (`#clause-…`),
    after `base` (the app's own URL, see `link_base`; '' for a link relative to the page): percent-encoded, so an
    id is never read as more of the URL than it is."""
    anchor = f"#{clause_anchor(clause_id)}" if clause_id else ""
    return base + "?" + urllib.parse.urlencode({DOCUMENT_PARAM: doc_id}) + anchor


def link_base(url: str | None) -> str:
    """The app's URL as the browser reports it, for links that must be absolute (a Vega chart follows no
    relative link): an http(s) URL without its query or fragment, '' for anything else."""
    parts = urllib.parse.urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def clause_anchor(clause_id: str) -> str:
    """The id of a clause's element on its document's page; percent-encoded like the rest of the link."""
    return "clause-" + urllib.parse.quote(clause_id, safe="")


@dataclass(kw_only=True)
class ViewState:
    mode: str = "search"
    query: str = ""
    cities: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    doc_types: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    valid: str | None = None  # IN_FORCE_VALUE or None; any other value the link held is in `unread`
    top_k: int
    sort: str = Sort.RELEVANCE  # `sort=newest`: by the date the document bears
    unread: list[str] = field(default_factory=list)  # `k=abc`, `valid=all`, `mode=x`, `sort=x`: reported, then ignored

    @classmethod
    def from_params(cls, params: Mapping[str, list[str]], settings: Settings) -> ViewState:
        """Lenient: an unknown mode or a bad top-k falls back to the default (filters are checked later)."""

        def first(key: str) -> str | None:
            values = params.get(key) or []
            return values[0] if values else None

        mode = first("mode") or "search"
        unread = [] if mode in MODES else [f"mode={mode}"]
        top_k = settings.top_k
        if first("k"):
            try:
                top_k = min(settings.max_top_k, max(1, int(first("k") or "")))
            except ValueError:
                unread.append(f"k={first('k')}")
            else:
                if str(top_k) != first("k"):
                    unread.append(f"k={first('k')} (1-{settings.max_top_k}: {top_k} used)")
        valid = params.get("valid") or []
        unread += [f"valid={value}" for value in valid if value != IN_FORCE_VALUE]
        sort = first("sort") or Sort.RELEVANCE
        if sort not in list(Sort):
            unread.append(f"sort={sort}")
        return cls(
            mode=mode if mode in MODES else "search",
            query=first("q") or "",
            cities=list(params.get("city") or []),
            provinces=list(params.get("province") or []),
            documents=list(params.get("doc") or []),
            doc_types=list(params.get("type") or []),
            date_from=first("from"),
            date_to=first("to"),
            valid=IN_FORCE_VALUE if IN_FORCE_VALUE in valid else None,
            top_k=top_k,
            sort=Sort(sort) if sort in list(Sort) else Sort.RELEVANCE,
            unread=unread,
        )

    def to_params(self, settings: Settings) -> dict[str, str | list[str]]:
        """Only what differs from the defaults, so a plain search has a short link."""
        values = {
            "mode": self.mode if self.mode != "search" else None,
            "q": self.query,
            "province": self.provinces,
            "city": self.cities,
            "doc": self.documents,
            "type": self.doc_types,
            "from": self.date_from,
            "to": self.date_to,
            "valid": self.valid,
            "k": str(self.top_k) if self.top_k != settings.top_k else None,
            "sort": self.sort if self.sort != Sort.RELEVANCE else None,
        }
        return {key: value for key, value in values.items() if value}

    def filters(self) -> Filters:
        return Filters(
            self.cities,
            self.documents,
            self.doc_types,
            self.date_from,
            self.date_to,
            self.valid == IN_FORCE_VALUE,
            self.provinces,
        )

    def checked_filters(
        self, cities: list[str], documents: list[str], doc_types: list[str], provinces: list[str] = ()
    ) -> CheckedFilters:
        """The filters as the sidebar widgets take them, against what the corpus holds; the rest is rejected.
        A province may be written in full (湖北省)."""
        dates = {"from": self.date_from, "to": self.date_to}
        parsed = {key: widget_date(value) for key, value in dates.items() if value}
        short = {value: short_province(value) for value in self.provinces}
        return CheckedFilters(
            provinces=[short[p] for p in self.provinces if short[p] in provinces],
            cities=[c for c in self.cities if c in cities],
            documents=[d for d in self.documents if d in documents],
            doc_types=[t for t in self.doc_types if t in doc_types],
            date_from=parsed.get("from"),
            date_to=parsed.get("to"),
            in_force=self.valid == IN_FORCE_VALUE,
            rejected=[p for p in self.provinces if short[p] not in provinces]
            + [c for c in self.cities if c not in cities]
            + [d for d in self.documents if d not in documents]
            + [t for t in self.doc_types if t not in doc_types]
            + [f"{key}={value}" for key, value in dates.items() if value and parsed[key] is None]
            + self.unread,
        )


@dataclass
class CheckedFilters:
    provinces: list[str]
    cities: list[str]
    documents: list[str]
    doc_types: list[str]
    date_from: datetime.date | None
    date_to: datetime.date | None
    in_force: bool
    rejected: list[str]  # as the link wrote them, to be reported


def widget_date(value: str) -> datetime.date | None:
    """`2021-04-02` as a date the pickers accept (moved into their range); None when it is no date at all."""
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return min(max(day, EARLIEST_DATE), LATEST_DATE)
