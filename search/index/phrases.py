"""Which clauses contain a piece of text: character-bigram postings over each indexed clause's heading and text,
and that text itself, to confirm a phrase of three characters or more.

A query's exact phrases, exclusions and alternatives bind the whole library before the top k is cut, so the
clauses holding `保税维修` are looked up (the rows of its rarest bigrams, confirmed in their text), never found by
reading every clause. Texts are in the `compact` form (simplified, half-width, lower-case, no whitespace), so
`保稅維修` and a phrase broken across a line both match. Each row's text is its heading and its text, each
followed by a newline: every character then opens a bigram, so a single character is looked up the same way,
and no phrase (it has no whitespace) can match across the heading's end.

Files in `phrases/`: `grams.npy` (each block's distinct bigrams, sorted), `starts.npy` (where each bigram's rows
begin in `rows.npy`), `blocks.npy` (where each block's bigrams begin), `rows.npy` (vector rows, ascending per
bigram) and `text.bin` with `text_starts.npy` (each row's compact text, UTF-8). Postings are built per block of
rows, so a build holds one block's bigram pairs at a time, not a million clauses' 100 million.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import numpy as np

from search.normalize import compact

FOLDER = "phrases"
_BLOCK = 1 << 15  # rows per block (a row's number within it fits the 16 bits a pair keeps): 50 MiB arrays
_CHAR_BITS = 21  # every code point fits in 21 bits, so a bigram is one 42-bit key
_ROWS_PART = "rows.part"  # the postings' rows while they are written, before rows.npy
_COPY = 1 << 24  # rows copied into rows.npy at a time: 64 MiB


def phrase_text(heading: str, text: str) -> str:
    """What a clause is searched in for phrases: its heading and its text, each compacted and closed by a newline."""
    return f"{compact(heading)}\n{compact(text)}\n"


def write_phrase_index(folder: Path, texts: Iterable[str]) -> None:
    """Postings and texts of each vector row's `phrase_text`, in row order, block by block. The rows of the
    postings (4 bytes per bigram per clause: 440 MB at a million clauses) go to disk as each block is done."""
    folder.mkdir()
    grams, starts, blocks, text_starts = [], [], [0], [np.zeros(1, np.int64)]
    posted = written = 0
    with (folder / "text.bin").open("wb") as text_file, (folder / _ROWS_PART).open("wb") as rows_file:
        for first_row, block in _blocks(texts):
            encoded = [text.encode("utf-8") for text in block]
            text_file.write(b"".join(encoded))
            text_starts.append(written + np.cumsum([len(e) for e in encoded], dtype=np.int64))
            written = int(text_starts[-1][-1])
            keys, key_starts, key_rows = _block_postings(block)
            grams.append(keys)
            starts.append(posted + key_starts[:-1])
            rows_file.write((key_rows + np.uint32(first_row)).tobytes())
            posted += len(key_rows)
            blocks.append(blocks[-1] + len(keys))
    np.save(folder / "grams.npy", np.concatenate([np.zeros(0, np.uint64), *grams]))
    np.save(folder / "starts.npy", np.concatenate([*starts, [posted]]).astype(np.int64))
    np.save(folder / "blocks.npy", np.array(blocks, dtype=np.int64))
    np.save(folder / "text_starts.npy", np.concatenate(text_starts))
    _rows_to_npy(folder, posted)


def _rows_to_npy(folder: Path, count: int) -> None:
    """`rows.npy` from the raw rows written block by block, copied a slice at a time."""
    part = folder / _ROWS_PART
    target = np.lib.format.open_memmap(folder / "rows.npy", mode="w+", dtype=np.uint32, shape=(count,))
    if count:
        source = np.memmap(part, dtype=np.uint32, mode="r", shape=(count,))
        for start in range(0, count, _COPY):
            target[start : start + _COPY] = source[start : start + _COPY]
        del source
    target.flush()
    del target
    part.unlink()


def _blocks(texts: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    iterator = iter(texts)
    first = 0
    while block := list(islice(iterator, _BLOCK)):
        yield first, block
        first += len(block)


def _block_postings(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A block's distinct bigram keys (sorted), where each one's rows start (one more entry than keys), and the
    rows (within the block) of each in turn: whole-array work in place, not a set per clause."""
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    row_of = np.repeat(np.arange(len(texts), dtype=np.uint16), [len(text) for text in texts])
    pairs = codes[:-1].astype(np.uint64)  # (first char << 21 | second char) << 16 | row within the block
    pairs <<= _CHAR_BITS
    pairs |= codes[1:]
    pairs <<= 16
    pairs |= row_of[:-1]
    pairs = pairs[row_of[:-1] == row_of[1:]]  # not the pair that runs from one row's text into the next
    del codes, row_of
    pairs.sort()  # numpy's own unique hashes 64-bit keys, 5x slower than sorting them here
    pairs = pairs[np.append(True, pairs[1:] != pairs[:-1])]
    grams = pairs >> 16
    first = np.flatnonzero(np.append(True, grams[1:] != grams[:-1]))
    return grams[first], np.append(first, len(pairs)).astype(np.int64), (pairs & 0xFFFF).astype(np.uint32)


class PhraseIndex:
    """The loaded postings (memory-mapped) and texts (a read-only mapping of `text.bin`)."""

    def __init__(self, folder: Path) -> None:
        self._grams = np.load(folder / "grams.npy", mmap_mode="r")
        self._starts = np.load(folder / "starts.npy", mmap_mode="r")
        self._rows = np.load(folder / "rows.npy", mmap_mode="r")
        self._blocks = np.load(folder / "blocks.npy")
        self._text_starts = np.load(folder / "text_starts.npy", mmap_mode="r")
        self.rows = len(self._text_starts) - 1
        with (folder / "text.bin").open("rb") as text_file:
            size = text_file.seek(0, 2)
            self._text = mmap.mmap(text_file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        if len(self._starts) != len(self._grams) + 1 or self._blocks[-1] != len(self._grams):
            raise ValueError("phrase postings are inconsistent")
        if self._text_starts[-1] != len(self._text) or (len(self._starts) and self._starts[-1] != len(self._rows)):
            raise ValueError("phrase texts or rows do not match their offsets")

    @classmethod
    def load(cls, build: Path) -> PhraseIndex:
        """The phrase index of a build folder (its `phrases/`)."""
        return cls(build / FOLDER)

    def verify(self, rows: int) -> None:
        if self.rows != rows:
            raise ValueError(f"{FOLDER}/ holds the texts of {self.rows} clauses, the manifest {rows}")

    def containing(self, term: str) -> np.ndarray:
        """True for each row whose heading or text holds `term` (in the compact form): every candidate confirmed."""
        found = np.zeros(self.rows, dtype=bool)
        rows = self._candidate_rows(term)
        found[rows[self.holds(rows, term)] if len(term) > 2 else rows] = True
        return found

    def candidates(self, term: str) -> np.ndarray:
        """True for each row that may hold `term`: every row that does, and for a term of three characters or more
        a few that only hold all its bigrams (`holds` tells them apart for the rows that come to be shown)."""
        found = np.zeros(self.rows, dtype=bool)
        found[self._candidate_rows(term)] = True
        return found

    def holds(self, rows: np.ndarray, term: str) -> np.ndarray:
        """Per row, whether its text holds `term` (UTF-8 is self-synchronising: a byte match is a text match)."""
        rows = np.asarray(rows, dtype=np.int64)
        needle, starts, text = term.encode("utf-8"), self._text_starts, self._text
        bounds = zip(starts[rows].tolist(), starts[rows + 1].tolist(), strict=True)
        return np.array([text.find(needle, start, end) >= 0 for start, end in bounds], dtype=bool)

    def texts(self, rows: list[int]) -> list[str]:
        """The rows' `phrase_text`s, as built: what the next build reuses for an unchanged clause."""
        starts, text = self._text_starts, self._text
        return [text[starts[row] : starts[row + 1]].decode("utf-8") for row in rows]

    def _candidate_rows(self, term: str) -> np.ndarray:
        if not term:
            return np.zeros(0, np.int64)
        return (self._with_character(term) if len(term) == 1 else self._with_every_bigram(term)).astype(np.int64)

    def _with_character(self, char: str) -> np.ndarray:
        """Rows with the character, some more than once: every character opens a bigram, and the bigrams one
        opens are adjacent."""
        bounds = np.array([ord(char) << _CHAR_BITS, (ord(char) + 1) << _CHAR_BITS], dtype=np.uint64)
        parts = []
        for start, end in self._block_ranges():
            first, last = np.searchsorted(self._grams[start:end], bounds) + start
            parts.append(self._rows[self._starts[first] : self._starts[last]])  # a row once per bigram
        return np.concatenate(parts) if parts else np.zeros(0, np.uint32)

    def _with_every_bigram(self, term: str) -> np.ndarray:
        """Rows holding every bigram of `term`, rarest bigram first."""
        pairs = {(ord(a) << _CHAR_BITS) | ord(b) for a, b in zip(term, term[1:], strict=False)}
        keys = np.array(sorted(pairs), dtype=np.uint64)
        parts = []
        for start, end in self._block_ranges():
            block = self._grams[start:end]
            if not len(block):
                continue
            places = np.searchsorted(block, keys)
            if (places >= len(block)).any() or (block[np.minimum(places, len(block) - 1)] != keys).any():
                continue  # a bigram missing from the block: none of its rows holds the term
            bounds = self._starts[places + start], self._starts[places + start + 1]
            spans = sorted(zip(bounds[0].tolist(), bounds[1].tolist(), strict=True), key=lambda s: s[1] - s[0])
            rows = np.asarray(self._rows[spans[0][0] : spans[0][1]])
            for first, last in spans[1:]:
                postings = self._rows[first:last]
                at = np.minimum(np.searchsorted(postings, rows), len(postings) - 1)
                rows = rows[postings[at] == rows]
                if not len(rows):
                    break
            parts.append(rows)
        return np.concatenate(parts) if parts else np.zeros(0, np.uint32)

    def _block_ranges(self) -> Iterator[tuple[int, int]]:
        bounds = self._blocks.tolist()
        return zip(bounds, bounds[1:], strict=False)
