"""A query's constraints as rows of the index, applied before the top k is cut: the phrases, alternatives and
exclusions through the phrase index, within the rows the filters and the query's fields keep.

Exclusions are exact from the start. A phrase of three characters or more first keeps every row holding all its
bigrams (a superset, found from the postings alone), and `admits` confirms the few rows that come to be shown,
so a phrase in half the library costs no more than a rare one. When nothing is left, `why_empty` says which
constraint emptied the result.
"""

from __future__ import annotations

import numpy as np

from search.index.phrases import PhraseIndex
from search.normalize import compact
from search.retrieve.query_syntax import QuerySyntax

MATCHES_NOTHING = "no clause contains {term}, so -{term} excludes nothing (没有条款含“{term}”)"


class RowConstraints:
    """The rows a query may return (`allowed`, None when nothing restricts it) and the check of shown rows."""

    def __init__(self, syntax: QuerySyntax, phrases: PhraseIndex, filtered: np.ndarray | None) -> None:
        self.syntax = syntax
        self._phrases = phrases
        self._filtered = filtered  # the rows the filters and the query's fields keep; None: all
        self.allowed = self._allowed()

    @property
    def confirms(self) -> bool:
        """Whether shown rows need `admits`: the allowed rows may hold a phrase's bigrams without the phrase."""
        return bool(self.syntax.phrases or self.syntax.any_of)

    def _allowed(self) -> np.ndarray | None:
        syntax = self.syntax
        if not (syntax.phrases or syntax.any_of or syntax.excluded):
            return self._filtered
        allowed = np.ones(self._phrases.rows, dtype=bool) if self._filtered is None else self._filtered.copy()
        for phrase in syntax.phrases:
            allowed &= self._phrases.candidates(compact(phrase))
        for group in syntax.any_of:
            allowed &= np.logical_or.reduce([self._phrases.candidates(compact(term)) for term in group])
        for term in syntax.excluded:
            holding = self._phrases.containing(compact(term))
            note = MATCHES_NOTHING.format(term=term)
            if not holding.any() and note not in syntax.notes:  # once, though copies and answers ask again
                syntax.notes.append(note)
            allowed &= ~holding
        return allowed

    def admits(self, rows: list[int]) -> np.ndarray:
        """Per row (of the allowed ones), whether it holds every phrase and a term of each group of alternatives."""
        kept = np.ones(len(rows), dtype=bool)
        for phrase in self.syntax.phrases:
            kept &= self._phrases.holds(rows, compact(phrase))
        for group in self.syntax.any_of:
            kept &= np.logical_or.reduce([self._phrases.holds(rows, compact(term)) for term in group])
        return kept

    def why_empty(self) -> str | None:
        """Which constraint leaves no clause: the filters and fields, a phrase, a group of alternatives, the
        phrases together, or the exclusions (the usual surprise: `维修 -保税` where every match holds 保税)."""
        syntax = self.syntax
        within = np.ones(self._phrases.rows, dtype=bool) if self._filtered is None else self._filtered
        scope = " within the filters and fields" if self._filtered is not None else ""
        if not within.any():
            fields = " ".join(f"{name}:{value}" for name, values in syntax.fields.items() for value in values)
            return f"no clause lies within the filters{' and ' + fields if fields else ''} (筛选范围内没有条款)"
        found = within.copy()
        for phrase in syntax.phrases:
            holding = self._phrases.containing(compact(phrase))
            if not (within & holding).any():
                return f"no clause{scope} contains “{phrase}” (没有条款含此短语)"
            found &= holding
        for group in syntax.any_of:
            holding = np.logical_or.reduce([self._phrases.containing(compact(term)) for term in group])
            if not (within & holding).any():
                return f"no clause{scope} contains any of {' | '.join(group)} (没有条款含其中任一词)"
            found &= holding
        if not found.any():
            return f"no clause{scope} contains all of the phrases and alternatives together (没有条款同时满足)"
        removed = int(found.sum())
        excluded = " ".join(f"-{term}" for term in syntax.excluded)
        if excluded and self.allowed is not None and not (found & self.allowed).any():
            return (
                f"every clause matching the rest of the query holds what {excluded} excludes: {removed} removed "
                f"(排除词去掉了全部 {removed} 条结果)"
            )
        return None
