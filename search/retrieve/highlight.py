"""Where the query's terms occur in a clause's original text (spans survive t2s and width folding)."""

from __future__ import annotations

from search.index.tokenization import is_content_term
from search.normalize import fold_width, to_simplified


def highlight_spans(text: str, terms: list[str], phrases: list[str] = ()) -> list[tuple[int, int]]:
    """Merged (start, end) spans of the terms in `text`, longest terms first; each of `phrases` (compact form) as
    one span wherever it occurs, even across a line break."""
    folded = to_simplified(fold_width(text)).lower()
    if len(folded) != len(text):  # a conversion changed length: match the original text instead
        folded = fold_width(text).lower()
    spans: list[tuple[int, int]] = []
    for term in sorted({t for t in terms if is_content_term(t)}, key=len, reverse=True):
        start = folded.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + len(term))
    if phrases:
        spans += _phrase_spans(folded, phrases)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _phrase_spans(folded: str, phrases: list[str]) -> list[tuple[int, int]]:
    """Spans of each phrase in the text with its whitespace skipped, mapped back onto the text."""
    kept = [n for n, char in enumerate(folded) if not char.isspace()]
    flat = "".join(folded[n] for n in kept)
    spans = []
    for phrase in phrases:
        start = flat.find(phrase) if phrase else -1
        while start != -1:
            spans.append((kept[start], kept[start + len(phrase) - 1] + 1))
            start = flat.find(phrase, start + len(phrase))
    return spans
