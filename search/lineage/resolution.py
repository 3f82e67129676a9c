"""Which document of the library a citation names: by its 发文字号 first, else by its title, exactly or nearly.

A near title is a library title key at most `NEAR_TITLE_EDITS` = 1 character dropped, added or changed away from
the cited one (rapidfuzz's Levenshtein distance), for titles of `MIN_NEAR_CHARS` = 10 characters or more: 的
dropped from a 20-character title, 补助 for 补贴. Two characters are too many: 《贵州省预算审查监督条例》 replaced
《贵州省省级预算审查监督条例》 (docs/lineage.md has the measurement). Whether exact or near, a title never resolves
across places: the places the cited title names must be the candidate's (a 南昌 document citing 《南昌市…办法》 does
not reach 武汉's), and a title that names none is read as the citing document's own place or a national one (a
南昌 document's 《关于加快服务外包发展的意见》 is not 武汉's 意见 of the same wording). The numbers a title holds
(years, counts, 十四五) must agree too: 《2021年工作要点》 is not 《2022年工作要点》. Among several candidates the
one the citing document could cite wins: issued on or before it, the latest such; then its own city's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from search.ingest.citations.names import title_key
from search.ingest.citations.reading import enclosed_titles
from search.ingest.facts.gazetteer import gazetteer
from search.ingest.facts.metadata import normalise_doc_number
from search.ingest.facts.places import NATIONAL
from search.records import Document, Reference

NEAR_TITLE_EDITS = 1
MIN_NEAR_CHARS = 10
_NUMERALS = re.compile(r"\d+|[一二三四五六七八九十百千零〇两]+")


@dataclass(frozen=True)
class Candidate:
    """A library document as resolution sees it."""

    position: int  # in the library's document order
    id: str
    keys: frozenset[str]  # its title's key, and the keys of the titles its issuing notice encloses
    number: str | None
    date: str | None  # ISO, the date it bears
    city: str | None
    province: str | None
    district: str | None

    @classmethod
    def of(cls, position: int, document: Document) -> Candidate:
        meta = document.meta
        title = "" if meta.reported else meta.title or ""  # a report is not the document it reports
        keys = {title_key(t) for t in (title, *enclosed_titles(title)) if t}
        return cls(
            position,
            document.doc_id,
            frozenset(keys),
            None if meta.reported else meta.doc_number,
            meta.dated,
            meta.city,
            meta.province,
            meta.district,
        )

    @property
    def place(self) -> frozenset[str]:
        """Where it governs, when its title names no place: its city, else its province (none when national)."""
        named = self.city or (self.province if self.province != NATIONAL else None)
        return frozenset([named]) if named else frozenset()


class Resolver:
    """The library's documents by number and by title key, and the near-title search over those keys."""

    def __init__(self, documents: list[Document]) -> None:
        self.candidates = [Candidate.of(n, d) for n, d in enumerate(documents)]
        self._by_number: dict[str, list[Candidate]] = {}
        self._by_key: dict[str, list[Candidate]] = {}
        for candidate in self.candidates:
            if candidate.number:
                self._by_number.setdefault(candidate.number, []).append(candidate)
            for key in candidate.keys:
                self._by_key.setdefault(key, []).append(candidate)
        self._keys = list(self._by_key)
        self._near: dict[str, list[str]] = {}  # by key: many documents cite the same title

    def resolve(self, reference: Reference, citing: Candidate | None = None) -> Candidate | None:
        """The document `reference` names (never `citing` itself), or None when the library holds none."""
        found = self.matches(reference, citing)
        return _likeliest(found, citing) if found else None

    def matches(self, reference: Reference, citing: Candidate | None = None) -> list[Candidate]:
        """Every library document the reference could name: those of its number when any, else of its title
        (exact, else near), within the place rule."""
        own = citing.id if citing else None
        if reference.number:
            by_number = [c for c in self._by_number.get(reference.number, []) if c.id != own]
            if by_number:
                return by_number
        if not reference.title:
            return []
        key = title_key(reference.title)
        keys = {key} | {title_key(enclosed) for enclosed in enclosed_titles(reference.title)}
        cited_places = places_named(key)
        exact = [c for k in keys for c in self._by_key.get(k, []) if c.id != own]
        found = [c for c in exact if self._same_place(c, cited_places, citing)]
        if found or len(key) < MIN_NEAR_CHARS:
            return found
        near = [
            c
            for k in self.near_keys(key)
            for c in self._by_key[k]
            if c.id != own and self._same_place(c, cited_places, citing)
        ]
        return list(dict.fromkeys(near))

    def near_keys(self, key: str, keys: list[str] | None = None) -> list[str]:
        """Title keys (the library's, or `keys`) one edit away from `key` whose numbers agree, nearest first."""
        if keys is None and key in self._near:
            return self._near[key]
        scored = process.extract(
            key,
            self._keys if keys is None else keys,
            scorer=Levenshtein.distance,
            score_cutoff=NEAR_TITLE_EDITS,
            limit=None,
        )
        numbers = _NUMERALS.findall(key)
        found = [k for k, _, _ in scored if len(k) >= MIN_NEAR_CHARS and _NUMERALS.findall(k) == numbers]
        if keys is None:
            self._near[key] = found
        return found

    def _same_place(self, candidate: Candidate, cited_places: frozenset[str], citing: Candidate | None) -> bool:
        named = self._title_places.get(candidate.id) or candidate.place
        if cited_places:
            return named == cited_places
        if not named or citing is None:
            return True
        return named <= {citing.city, citing.province, citing.district}

    @cached_property
    def _title_places(self) -> dict[str, frozenset[str]]:
        return {c.id: places_named(min(c.keys, key=len)) for c in self.candidates if c.keys}


@lru_cache(maxsize=65536)
def places_named(text: str) -> frozenset[str]:
    """The places a title names, by the name a document is placed by: 武汉 for 武汉市, 湖北 for 湖北省."""
    found = set()
    for mention in gazetteer().scan(text):
        place = mention.places[0]
        found.add(place.district or place.city or place.province)
    return frozenset(found)


def reference_of(text: str) -> Reference:
    """What a person asks about (`documents --cites`): a 发文字号 in any bracket style, or a title (《》 optional)."""
    number = normalise_doc_number(text)
    title = text.strip().strip("《》〈〉")
    return Reference(None if number else title, number)


def _likeliest(found: list[Candidate], citing: Candidate | None) -> Candidate:
    """The candidate the citing document most likely means: issued on or before it (the latest such), then
    undated, then later ones; among equals its own city's, then the first in the library."""
    date = citing.date if citing else None

    def rank(candidate: Candidate) -> tuple:
        before = candidate.date is not None and (date is None or candidate.date <= date)
        undated = candidate.date is None
        order = (0, _negated(candidate.date)) if before else (1, "") if undated else (2, candidate.date or "")
        same_city = citing is not None and candidate.city == citing.city
        return (*order, not same_city, candidate.position)

    return min(found, key=rank)


def _negated(date: str | None) -> str:
    """A key that sorts later dates first."""
    return "".join(chr(0x10FFFF - ord(c)) for c in date or "")
