"""Helpers shared by the tests."""

from __future__ import annotations

from pathlib import Path

from search.ingest.corpus import Corpus
from search.normalize import compact


def clauses_of(corpus: Corpus, city: str):
    return [c for c in corpus.clauses if c.city == city]


def find_clause(corpus: Corpus, city: str, heading_start: str):
    """The clause of `city` whose heading starts with `heading_start` (compared width- and script-folded)."""
    wanted = compact(heading_start)
    matches = [c for c in clauses_of(corpus, city) if compact(c.heading).startswith(wanted)]
    assert matches, f"no clause of {city} with heading {heading_start!r}"
    return matches[0]


def path_of(clause) -> list[str]:
    return [compact(p) for p in clause.section_path]


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path
