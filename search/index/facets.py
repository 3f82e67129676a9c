"""What each indexed clause is filtered on (city, document, type, date, validity) as arrays, one entry per vector
row or per document.

A filter then costs a few vectorised comparisons over the library instead of a Python loop over every clause,
and the facet counts the app shows are a bincount.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search.ingest.facts.gazetteer import short_province
from search.lineage.graph import LineageGraph
from search.records import Clause, Document, DocumentMeta, Filters, Supersession
from search.validity_rules import (
    AMENDED,
    IN_FORCE_STATUSES,
    PARTLY_REPEALED,
    REPEALED,
    STATUSES,
    validity_window,
)

FILE = "facets.npz"
_NONE = -1  # no city, no type, no date


@dataclass
class Facets:
    cities: list[str]  # sorted; codes index into it
    city_of_row: np.ndarray  # int32 code per vector row
    doc_ids: list[str]  # in corpus order; codes index into it
    doc_of_row: np.ndarray  # int32 code per vector row
    doc_titles: list[str]  # display title per document code
    doc_types: list[str]  # sorted
    type_of_doc: np.ndarray  # int32 code per document
    date_of_doc: np.ndarray  # int32 yyyymmdd per document, _NONE when undated
    # Validity as stated (`ingest/facts/validity.py`); whether that is in force is asked with the day (`in_force`).
    start_of_doc: np.ndarray  # int32 yyyymmdd the document takes effect, _NONE when not stated
    end_of_doc: np.ndarray  # int32 yyyymmdd of its last day (有效期至, or a plan period's end), _NONE
    status_of_doc: np.ndarray  # int8 index into STATUSES when an override states it, else _NONE
    provinces: list[str]  # sorted short names (湖北, 全国); codes index into it
    province_of_doc: np.ndarray  # int32 code per document, _NONE when no province is stated
    # int8 index into STATUSES of what later documents did to it (已废止, 部分失效, 已被修改), else _NONE
    superseded_of_doc: np.ndarray

    @classmethod
    def build(cls, documents: list[Document], indexed: list[Clause], lineage: LineageGraph | None = None) -> Facets:
        cities = sorted({c.city for c in indexed if c.city})
        city_code = {city: n for n, city in enumerate(cities)}
        doc_code = {d.doc_id: n for n, d in enumerate(documents)}
        doc_types = sorted({d.meta.doc_type for d in documents if d.meta.doc_type})
        type_code = {t: n for n, t in enumerate(doc_types)}
        provinces = sorted({d.meta.province for d in documents if d.meta.province})
        province_code = {p: n for n, p in enumerate(provinces)}
        return cls(
            cities=cities,
            city_of_row=np.array([city_code.get(c.city or "", _NONE) for c in indexed], dtype=np.int32),
            doc_ids=[d.doc_id for d in documents],
            doc_of_row=np.array([doc_code[c.doc_id] for c in indexed], dtype=np.int32),
            doc_titles=[d.display_title for d in documents],
            doc_types=doc_types,
            type_of_doc=np.array([type_code.get(d.meta.doc_type or "", _NONE) for d in documents], dtype=np.int32),
            date_of_doc=np.array([_day(d.meta.dated) for d in documents], dtype=np.int32),
            start_of_doc=np.array([_day(_iso(validity_window(d.meta)[0])) for d in documents], dtype=np.int32),
            end_of_doc=np.array([_day(_iso(validity_window(d.meta)[1])) for d in documents], dtype=np.int32),
            status_of_doc=np.array([_stated_status(d.meta) for d in documents], dtype=np.int8),
            provinces=provinces,
            province_of_doc=np.array([province_code.get(d.meta.province or "", _NONE) for d in documents], np.int32),
            superseded_of_doc=np.array(
                [_superseded(lineage.supersession(d.doc_id)) if lineage else _NONE for d in documents], dtype=np.int8
            ),
        )

    def save(self, folder: Path) -> None:
        names = {
            "cities": self.cities,
            "doc_ids": self.doc_ids,
            "doc_titles": self.doc_titles,
            "types": self.doc_types,
            "provinces": self.provinces,
        }
        np.savez(
            folder / FILE,
            names=np.array(json.dumps(names, ensure_ascii=False)),
            city_of_row=self.city_of_row,
            doc_of_row=self.doc_of_row,
            type_of_doc=self.type_of_doc,
            date_of_doc=self.date_of_doc,
            start_of_doc=self.start_of_doc,
            end_of_doc=self.end_of_doc,
            status_of_doc=self.status_of_doc,
            province_of_doc=self.province_of_doc,
            superseded_of_doc=self.superseded_of_doc,
        )

    @classmethod
    def load(cls, folder: Path) -> Facets:
        with np.load(folder / FILE, allow_pickle=False) as arrays:
            names = json.loads(str(arrays["names"]))
            return cls(
                cities=names["cities"],
                city_of_row=arrays["city_of_row"],
                doc_ids=names["doc_ids"],
                doc_of_row=arrays["doc_of_row"],
                doc_titles=names["doc_titles"],
                doc_types=names["types"],
                type_of_doc=arrays["type_of_doc"],
                date_of_doc=arrays["date_of_doc"],
                start_of_doc=arrays["start_of_doc"],
                end_of_doc=arrays["end_of_doc"],
                status_of_doc=arrays["status_of_doc"],
                provinces=names["provinces"],
                province_of_doc=arrays["province_of_doc"],
                superseded_of_doc=arrays["superseded_of_doc"],
            )

    def verify(self, rows: int) -> None:
        if len(self.city_of_row) != rows or len(self.doc_of_row) != rows:
            raise ValueError(f"{FILE} holds facets of {len(self.city_of_row)} rows, the manifest {rows} clauses")

    def city_counts(self) -> dict[str, int]:
        """Indexed clauses per city, by city name."""
        counts = np.bincount(self.city_of_row[self.city_of_row >= 0], minlength=len(self.cities))
        return {city: int(n) for city, n in zip(self.cities, counts, strict=True)}

    def province_counts(self) -> dict[str, int]:
        """Indexed clauses per province, by its short name."""
        of_row = self.province_of_doc[self.doc_of_row]
        counts = np.bincount(of_row[of_row >= 0], minlength=len(self.provinces))
        return {province: int(n) for province, n in zip(self.provinces, counts, strict=True)}

    def cities_by_province(self) -> dict[str, list[str]]:
        """Each province's cities that have indexed clauses (a document's city lies in its province)."""
        pairs = np.unique(np.stack([self.province_of_doc[self.doc_of_row], self.city_of_row]), axis=1)
        found: dict[str, list[str]] = {}
        for province, city in pairs.T.tolist():
            if province >= 0 and city >= 0:
                found.setdefault(self.provinces[province], []).append(self.cities[city])
        return found

    def city_codes(self, names: list[str]) -> np.ndarray:
        wanted = set(names)
        return np.array([n for n, city in enumerate(self.cities) if city in wanted], dtype=np.int32)

    def in_force(self, today: datetime.date) -> np.ndarray:
        """True per document in force on `today` (现行有效, 已被修改 or 部分失效): the rules of `validity_status`, over
        all documents at once. An override's status wins; else a repealed document is out, and so is one past its
        stated end or before its stated start; an amended or partly repealed one is in, and so is one within a
        stated end."""
        day = _day(today.isoformat())
        in_force = [STATUSES.index(status) for status in IN_FORCE_STATUSES]
        overridden = self.status_of_doc != _NONE
        repealed = self.superseded_of_doc == STATUSES.index(REPEALED)
        expired = (self.end_of_doc != _NONE) & (day > self.end_of_doc)
        not_started = (self.start_of_doc != _NONE) & (day < self.start_of_doc)
        amended = self.superseded_of_doc != _NONE
        within = (self.end_of_doc != _NONE) & (day <= self.end_of_doc)
        open_question = ~overridden & ~repealed & ~expired & ~not_started
        return (overridden & np.isin(self.status_of_doc, in_force)) | (open_question & (amended | within))

    def mask(self, filters: Filters, today: datetime.date | None = None) -> np.ndarray:
        """True for the vector rows the filters keep (the values are known: validated by the caller); `today`
        is the day validity is judged on (the real today when None)."""
        keep_doc = np.ones(len(self.doc_ids), dtype=bool)
        if filters.in_force:
            keep_doc &= self.in_force(today or datetime.date.today())
        if filters.documents:
            wanted = set(filters.documents)
            keep_doc &= np.array(
                [d in wanted or t in wanted for d, t in zip(self.doc_ids, self.doc_titles, strict=True)]
            )
        if filters.provinces:
            codes = [n for n, p in enumerate(self.provinces) if p in {short_province(p) for p in filters.provinces}]
            keep_doc &= np.isin(self.province_of_doc, codes)
        if filters.doc_types:  # 方案 keeps every type holding it, 实施方案 too
            codes = [n for n, t in enumerate(self.doc_types) if any(value in t for value in filters.doc_types)]
            keep_doc &= np.isin(self.type_of_doc, codes)
        if filters.date_from:
            keep_doc &= self.date_of_doc >= _day(filters.date_from)
        if filters.date_to:
            keep_doc &= (self.date_of_doc <= _day(filters.date_to)) & (self.date_of_doc != _NONE)
        keep = keep_doc[self.doc_of_row]
        if filters.cities:
            keep &= np.isin(self.city_of_row, self.city_codes(filters.cities))
        return keep


def _stated_status(meta: DocumentMeta) -> int:
    """An override's status: what wins over everything else."""
    return STATUSES.index(meta.status) if meta.status in STATUSES else _NONE


def _superseded(done: Supersession) -> int:
    """已废止, else 部分失效, else 已被修改, as `validity_status` reads them; _NONE when no later document acted."""
    for status, by in (
        (REPEALED, done.repealed_by),
        (PARTLY_REPEALED, done.partly_repealed_by),
        (AMENDED, done.amended_by),
    ):
        if by:
            return STATUSES.index(status)
    return _NONE


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(iso: str | None) -> int:
    """2021-04-02 -> 20210402, comparable as an integer; _NONE when there is no date, or none that is ISO (a
    `.meta.json` override may say `2021年4月2日`): such a document is undated, as for the date filter before."""
    try:
        day = datetime.date.fromisoformat(iso) if iso else None
    except ValueError:
        return _NONE
    return day.year * 10_000 + day.month * 100 + day.day if day else _NONE
