"""Search over the index's groups of copies: one candidate per group, and where else a provision appears, and
when: the documents holding it, oldest first (its dated lineage).

The legs search only each group's leader, so 300 copies of one plan take one place in the candidate pool, not
300. The leader is the group's first clause that passes the filters (a filtered-out representative hands over
to a member that passes), and for a query naming cities, its first clause in a named city, so the city boost
still reaches a provision that city copied from another.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from search.index.facets import Facets
from search.records import Adoption


class CopyGroups:
    """`groups[i]`: the vector row of row i's group representative (its lowest row), as `duplicates.py`
    computes it at build time; cities and documents come from the index's facet arrays, and each document's date
    (the one it bears, ISO) from `dated`, by document code."""

    def __init__(self, groups: np.ndarray, facets: Facets, dated: list[str | None] | None = None) -> None:
        self.groups = groups
        self._facets = facets
        self._dated = dated or [None] * len(facets.doc_ids)
        self._representatives = groups == np.arange(len(groups))
        self.any = not bool(self._representatives.all())
        # Members of a group are contiguous in `_order`, in row order: found by binary search.
        self._order = np.argsort(groups, kind="stable")
        self._sorted = groups[self._order]
        self._spread = lru_cache(maxsize=8192)(self._group_spread)
        self._adoptions = lru_cache(maxsize=8192)(self._group_adoptions)

    def leaders(self, allowed: np.ndarray | None, preferred: np.ndarray | None = None) -> np.ndarray | None:
        """Which clauses the legs may return: one per group among the `allowed` ones (None: every clause
        allowed), a `preferred` one first where its group has one. None when that is every allowed clause."""
        if not self.any:
            return allowed
        lead = self._representatives if allowed is None else self._first_per_group(allowed)
        if preferred is not None:
            favoured = preferred if allowed is None else preferred & allowed
            if favoured.any():
                first = self._first_per_group(favoured)
                has_favoured = np.zeros(len(self.groups), dtype=bool)
                has_favoured[self.groups[first]] = True
                lead = (lead & ~has_favoured[self.groups]) | first
        return lead

    def members(self, position: int) -> np.ndarray:
        """Every clause of `position`'s group, itself included, in position order."""
        if not self.any:
            return np.array([position])
        group = self.groups[position]
        start, end = np.searchsorted(self._sorted, [group, group + 1])
        return self._order[start:end]

    def also_in(self, position: int) -> tuple[list[str], int]:
        """The other cities whose documents hold this provision, and how many other documents hold it."""
        cities, documents = self._spread(int(self.groups[position]))
        own_city = self._facets.city_of_row[position]
        return [self._facets.cities[c] for c in cities if c != own_city], documents - 1

    def adopted(self, position: int) -> list[Adoption]:
        """Every document holding this provision (its own included), oldest first, undated last, ties in corpus
        order: who adopted it, where and when."""
        return self._adoptions(int(self.groups[position]))

    def _group_adoptions(self, group: int) -> list[Adoption]:
        members = self.members(group)
        documents, first = np.unique(self._facets.doc_of_row[members], return_index=True)
        cities = self._facets.city_of_row[members[first]]
        order = sorted(
            range(len(documents)),
            key=lambda n: (self._dated[documents[n]] is None, self._dated[documents[n]] or "", documents[n]),
        )
        return [
            Adoption(
                self._facets.cities[cities[n]] if cities[n] >= 0 else None,
                self._facets.doc_ids[documents[n]],
                self._dated[documents[n]],
                self._province(documents[n]),
            )
            for n in order
        ]

    def _province(self, document: int) -> str | None:
        code = self._facets.province_of_doc[document]
        return self._facets.provinces[code] if code >= 0 else None

    def _group_spread(self, group: int) -> tuple[list[int], int]:
        """A group's cities (first seen first) and how many documents hold it: the same for all its members, so
        kept. At a million clauses a group has thousands of members, and going through them again for each of an
        answer's 150 candidates took 300 ms of the answer."""
        members = self.members(group)  # the group's representative is its own lowest row
        cities = self._facets.city_of_row[members]
        found, first = np.unique(cities[cities >= 0], return_index=True)
        return found[np.argsort(first)].tolist(), len(np.unique(self._facets.doc_of_row[members]))

    def in_other_cities(self, position: int, allowed: np.ndarray | None) -> list[int]:
        """One copy per city other than `position`'s own (its first allowed row there), in row order."""
        members = self.members(position)
        cities = self._facets.city_of_row[members]
        kept = cities != self._facets.city_of_row[position]
        if allowed is not None:
            kept &= allowed[members]
        _, first = np.unique(cities[kept], return_index=True)
        return np.sort(members[kept][first]).tolist()

    def _first_per_group(self, allowed: np.ndarray) -> np.ndarray:
        positions = np.flatnonzero(allowed)  # ascending, so the first of each group is its lowest position
        _, first = np.unique(self.groups[positions], return_index=True)
        lead = np.zeros(len(self.groups), dtype=bool)
        lead[positions[first]] = True
        return lead
