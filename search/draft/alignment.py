"""The passages a draft clause shares with its precedent, and what the draft added or dropped around them.

A local alignment over characters, as the Legislative Influence Detector's Smith-Waterman finds reused passages:
difflib lays out the matching blocks of the two texts (its longest-common-run matching, exact and a few
milliseconds for two 600-character clauses), then the best-scoring stretch of them is kept (each shared
character +1, each character added, dropped or changed −`GAP`; Kadane's maximum-sum run), so a draft clause that
copies half of a long precedent is aligned with that half, not smeared over the whole. Characters are compared in
their folded forms (full-width punctuation, traditional script), so `，` against `,` is no change; each segment
shows the texts as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from search.normalize import fold_width, standard_ideographs, to_simplified

GAP = 0.5  # what a character outside the shared runs costs; two shared characters pay for one changed


class Change(StrEnum):
    SAME = "same"  # in both
    ADDED = "added"  # in the draft only
    DROPPED = "dropped"  # in the precedent only
    CHANGED = "changed"  # the draft's wording in place of the precedent's


@dataclass(frozen=True)
class Segment:
    change: Change
    draft: str  # '' when dropped
    precedent: str  # '' when added


@dataclass(frozen=True)
class Alignment:
    """The aligned stretch as segments; what lies outside it on either side is `added` or `dropped` at the ends."""

    segments: list[Segment]
    shared: int  # characters the two share within the stretch
    draft_span: tuple[int, int]
    precedent_span: tuple[int, int]

    def coverage(self, draft_length: int) -> float:
        """Share of the draft's characters found in the precedent."""
        return self.shared / draft_length if draft_length else 0.0


def _folded(text: str) -> str:
    """One character per character of `text`, in the form compared."""
    folded = fold_width(standard_ideographs(text))
    simplified = to_simplified(folded)
    return simplified if len(simplified) == len(folded) else folded


def align(draft: str, precedent: str) -> Alignment:
    """The draft clause against its precedent: the best local stretch, with the rest of each clause at its ends."""
    matcher = SequenceMatcher(None, _folded(draft), _folded(precedent), autojunk=False)
    codes = matcher.get_opcodes()
    first, last = _best_stretch(codes)
    if first > last:  # nothing shared: the clause as added, the precedent as dropped
        return Alignment(_ends(draft, precedent), 0, (0, 0), (0, 0))
    (a0, b0), (a1, b1) = (codes[first][1], codes[first][3]), (codes[last][2], codes[last][4])
    segments = _ends(draft[:a0], precedent[:b0])
    segments += [
        Segment(_CHANGES[tag], draft[i1:i2], precedent[j1:j2]) for tag, i1, i2, j1, j2 in codes[first : last + 1]
    ]
    segments += _ends(draft[a1:], precedent[b1:])
    shared = sum(i2 - i1 for tag, i1, i2, _, _ in codes[first : last + 1] if tag == "equal")
    return Alignment(segments, shared, (a0, a1), (b0, b1))


_CHANGES = {"equal": Change.SAME, "insert": Change.DROPPED, "delete": Change.ADDED, "replace": Change.CHANGED}


def _ends(draft: str, precedent: str) -> list[Segment]:
    """What lies outside the aligned stretch: the draft's part added, the precedent's dropped."""
    return ([Segment(Change.ADDED, draft, "")] if draft else []) + (
        [Segment(Change.DROPPED, "", precedent)] if precedent else []
    )


def _best_stretch(codes: list[tuple[str, int, int, int, int]]) -> tuple[int, int]:
    """First and last opcode of the highest-scoring run (Kadane); (1, 0) when nothing is shared."""
    best, best_span = 0.0, (1, 0)
    score, start = 0.0, 0
    for n, (tag, i1, i2, j1, j2) in enumerate(codes):
        gain = (i2 - i1) if tag == "equal" else -GAP * max(i2 - i1, j2 - j1)
        if score <= 0:
            score, start = 0.0, n
        score += gain
        if score > best:
            best, best_span = score, (start, n)
    return best_span
