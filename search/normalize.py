"""Text normal forms: width folding and traditional-to-simplified (OpenCC t2s) for indexing."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

_SPACES = re.compile(r"\s+")


# Full-width ASCII (U+FF01-U+FF5E) to its half-width form, and the ideographic space to a space.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: ord(" ")}


def fold_width(text: str) -> str:
    """Full-width ASCII forms to half-width (`（一）１．` -> `(一)1.`); `①` and CJK punctuation stay."""
    return text.translate(_HALF_WIDTH)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def normalize(text: str) -> str:
    """The indexing form: half-width, simplified, single spaces, lower-case Latin."""
    return _SPACES.sub(" ", to_simplified(fold_width(text))).strip().lower()


def compact(text: str) -> str:
    """`normalize` without any whitespace: for substring matching across line breaks."""
    return _SPACES.sub("", normalize(text))


def bigrams(text: str) -> set[str]:
    """Character bigrams of the compact form: a cheap fingerprint for near-duplicate text."""
    flat = compact(text)
    return {flat[i : i + 2] for i in range(len(flat) - 1)}


def bigram_overlap(first: set[str], second: set[str]) -> float:
    """Share of the smaller text's bigrams found in the other (1.0: one contains the other)."""
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))
