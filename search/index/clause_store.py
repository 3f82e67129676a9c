"""Clause records on disk (SQLite), fetched for the hits shown instead of held in memory for the whole library.

Why SQLite: it is in the standard library, reads a few rows by key in microseconds, serves many reader threads
from one file, and needs no server. A library of a million clauses holds about 1.5 GB of clause text; a query
shows ten of them. Arrow/Parquet would add a 90 MB dependency for column scans we never do.

Positions number every clause in corpus order (a document's clauses are consecutive); rows number the indexed
ones in vector order (the FAISS and BM25 ids). Each indexed clause also keeps its BM25 tokens and the key of
its indexed text, so an incremental build re-tokenizes and re-embeds only what changed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import asdict
from itertools import groupby
from pathlib import Path

from search.records import Clause

FILE = "clauses.sqlite"
_SCHEMA = """
CREATE TABLE clauses (
    position INTEGER PRIMARY KEY,  -- corpus order
    row INTEGER UNIQUE,            -- vector order; NULL for clauses that are kept but not indexed
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL,
    text_key TEXT,                 -- digest of the indexed text: unchanged text, reusable vector and tokens
    tokens TEXT,                   -- BM25 tokens, joined by U+0001
    record TEXT NOT NULL           -- the Clause as JSON
);
CREATE INDEX clauses_by_doc ON clauses (doc_id, position);
"""
_SEPARATOR = "\x01"  # never inside a jieba token of cleaned text


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def write_store(
    folder: Path,
    clauses: list[Clause],
    rows: dict[int, int],
    tokens: list[list[str] | None],
    keys: list[str],
    previous: ClauseStore | None = None,
    unchanged: Collection[str] = (),
) -> None:
    """Write every clause; `rows` maps a clause's position to its vector row, whose key and (unless copied,
    below) tokens are given.

    The clauses of `unchanged` documents (read from the same sources, with the same pipeline and tokenizer) are
    copied from the `previous` store, only renumbered: turning 100k clauses back into JSON took seconds.
    """
    connection = sqlite3.connect((folder / FILE).resolve().as_uri(), uri=True)  # a URI: it may attach one
    try:
        connection.executescript(_SCHEMA)
        starts = previous.document_starts(unchanged) if previous is not None and unchanged else {}
        if starts:
            connection.execute("ATTACH DATABASE ? AS previous", (_read_only_uri(previous.path),))
        with connection:
            for doc_id, first, count in _runs(clauses):
                if doc_id in starts:
                    old_position, old_row = starts[doc_id]
                    new_row = next((rows[p] for p in range(first, first + count) if p in rows), None)
                    connection.execute(
                        "INSERT INTO clauses SELECT position + ?, row + ?, id, doc_id, text_key, tokens, record"
                        " FROM previous.clauses WHERE doc_id = ? ORDER BY position",
                        (first - old_position, (new_row or 0) - (old_row or 0), doc_id),
                    )
                    continue
                connection.executemany(
                    "INSERT INTO clauses VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (_record(p, clauses[p], rows.get(p), tokens, keys) for p in range(first, first + count)),
                )
    finally:
        connection.close()


def _record(position: int, clause: Clause, row: int | None, tokens: list[list[str] | None], keys: list[str]) -> tuple:
    return (
        position,
        row,
        clause.id,
        clause.doc_id,
        None if row is None else keys[row],
        None if row is None else _SEPARATOR.join(tokens[row]),
        json.dumps(asdict(clause), ensure_ascii=False),
    )


def _runs(clauses: list[Clause]) -> Iterator[tuple[str, int, int]]:
    """(doc_id, first position, clause count) of each document, in corpus order: its clauses are consecutive."""
    for doc_id, run in groupby(enumerate(clauses), key=lambda item: item[1].doc_id):
        positions = [position for position, _ in run]
        yield doc_id, positions[0], len(positions)


def _read_only_uri(path: Path) -> str:
    # immutable: no locks and no journal, so a read-only index folder serves as well
    return f"{path.resolve().as_uri()}?mode=ro&immutable=1"


class ClauseStore:
    """Read-only access to a build's clauses, shared by a server's threads.

    One connection, opened at once and used under a lock (each read takes a millisecond): a newer build removes
    this build's folder, and a connection opened later, say by a new page's thread, would then find no file,
    while one already open keeps reading the removed file until the last reader lets go of it.
    """

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing")
        self.path = path
        self._connection = sqlite3.connect(_read_only_uri(path), uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        [(count, indexed)] = self._read("SELECT count(*), count(row) FROM clauses")
        self.count: int = count
        self.indexed: int = indexed

    def verify(self, indexed: int, clauses: int) -> None:
        if (self.indexed, self.count) != (indexed, clauses):
            raise ValueError(
                f"{FILE} holds {self.count} clauses ({self.indexed} indexed), the manifest {clauses} ({indexed})"
            )

    def _read(self, query: str, parameters: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            return self._connection.execute(query, parameters).fetchall()

    def by_rows(self, rows: Iterable[int]) -> dict[int, Clause]:
        """The indexed clauses at these vector rows."""
        wanted = sorted({int(r) for r in rows})
        found: dict[int, Clause] = {}
        for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT row, record FROM clauses WHERE row IN ({marks})"
            found.update((row, _clause(record)) for row, record in self._read(query, chunk))
        return found

    def around(self, clause_id: str, radius: int) -> list[tuple[Clause, bool]]:
        """The clause and up to `radius` clauses of its document before and after it, in document order."""
        found = self._read("SELECT position, doc_id FROM clauses WHERE id = ?", (clause_id,))
        if not found:
            return []
        [(position, doc_id)] = found
        rows = self._read(
            "SELECT position, record FROM clauses WHERE doc_id = ? AND position BETWEEN ? AND ? ORDER BY position",
            (doc_id, position - radius, position + radius),
        )
        return [(_clause(record), at == position) for at, record in rows]

    def __iter__(self) -> Iterator[Clause]:
        """Every clause in corpus order (annex rows included)."""
        for (record,) in self._read("SELECT record FROM clauses ORDER BY position"):
            yield _clause(record)

    def indexed_clauses(self) -> Iterator[Clause]:
        """The indexed clauses in vector order."""
        for (record,) in self._read("SELECT record FROM clauses WHERE row IS NOT NULL ORDER BY row"):
            yield _clause(record)

    def clause_counts(self) -> dict[str, int]:
        """Clauses per document id (indexed or not)."""
        return dict(self._read("SELECT doc_id, COUNT(*) FROM clauses GROUP BY doc_id"))

    def rows_by_key(self) -> dict[str, int]:
        """Indexed text key -> its vector row: what an incremental build may reuse (vectors, term counts)."""
        return dict(self._read("SELECT text_key, row FROM clauses WHERE row IS NOT NULL"))

    def tokens_at(self, rows: Iterable[int]) -> dict[int, list[str]]:
        """The BM25 tokens of the indexed clauses at these vector rows."""
        wanted = sorted({int(r) for r in rows})
        found: dict[int, list[str]] = {}
        for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
            chunk = wanted[start : start + 500]
            query = f"SELECT row, tokens FROM clauses WHERE row IN ({','.join('?' * len(chunk))})"
            found.update((row, tokens.split(_SEPARATOR) if tokens else []) for row, tokens in self._read(query, chunk))
        return found

    def document_starts(self, documents: Collection[str]) -> dict[str, tuple[int, int | None]]:
        """Each of these documents' first position and first vector row (None when none of it is indexed)."""
        wanted = set(documents)
        found = self._read("SELECT doc_id, min(position), min(row) FROM clauses GROUP BY doc_id")
        return {doc_id: (position, row) for doc_id, position, row in found if doc_id in wanted}

    def document_clauses(self, doc_id: str) -> list[Clause]:
        query = "SELECT record FROM clauses WHERE doc_id = ? ORDER BY position"
        return [_clause(record) for (record,) in self._read(query, (doc_id,))]


def _clause(record: str) -> Clause:
    return Clause(**json.loads(record))
