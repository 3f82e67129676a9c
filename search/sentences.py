"""Split Chinese text into sentences at 。；！？ and line ends, never inside quotes or brackets."""

from __future__ import annotations

_ENDS = set("。；;！!？?")
_OPEN = set("（(“‘《【[「")
_CLOSE = set("）)”’》】]」")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trailing punctuation included, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == "\n" or (ch in _ENDS and depth == 0):
            _append(spans, text, start, i + 1)
            start = i + 1
            if ch == "\n":
                depth = 0  # a bracket never spans paragraphs
    _append(spans, text, start, len(text))
    return spans


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
