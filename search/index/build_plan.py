"""What a build takes from the previous one, decided once before anything is written.

The previous build (verified by `load_index` before it may donate anything) gives a document's clauses when its
source and everything that shapes clauses are unchanged, a text's BM25 term counts when the tokenizer is the
same, and its vectors when the encoder is the same. Everything else is computed anew.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from search.index.clause_store import ClauseStore, text_key
from search.index.crosslingual import CrossLingualEncoder
from search.index.provenance import CLAUSE_INPUTS, TOKEN_INPUTS, unchanged
from search.ingest.corpus import Reuse
from search.normalize import compact
from search.records import Clause, Document

if TYPE_CHECKING:
    from search.index.search_index import SearchIndex


def is_searchable(clause: Clause) -> bool:
    """Annex rows that repeat a linked measure, and a preamble that is only the title, add nothing to search:
    the measure and every clause's indexed context already carry them."""
    if clause.kind == "annex" and clause.linked_clause:
        return False
    return not (clause.kind == "preamble" and compact(clause.text) == compact(clause.doc_title))


def reuse_documents(previous: SearchIndex | None, current_inputs: dict[str, str]) -> Reuse | None:
    """Documents of the previous build whose sources are unchanged keep their clauses, as long as nothing that
    shapes clauses (the pipeline, the normaliser) changed: an added file is then the only one chunked."""
    if previous is None or not unchanged(previous.manifest.build_inputs, current_inputs, CLAUSE_INPUTS):
        return None
    known = {d.doc_id: d for d in previous.documents}

    def reuse(doc_id: str, source: str) -> tuple[Document, list[Clause]] | None:
        document = known.get(doc_id)
        if document is None or document.content_hash != source:
            return None
        return document, previous.clauses.document_clauses(doc_id)

    return reuse


@dataclass
class BuildPlan:
    """Per vector row of the new build its clause and text key, and per part what comes from the previous
    build: rows are the previous build's vector rows by text key (empty: nothing of that part is reused)."""

    previous: SearchIndex | None
    indexed: list[int]  # vector row n is clause `indexed[n]`
    keys: list[str]  # per vector row, its text's key
    clauses_reused: bool  # unchanged documents kept their clauses (and grouping fingerprints)
    reused_documents: set[str]
    same_encoder: bool
    same_crosslingual: bool
    vector_rows: dict[str, int]  # whose dense vector is kept
    crosslingual_rows: dict[str, int]  # whose cross-lingual vector is kept
    token_rows: np.ndarray  # per vector row, the previous row whose tokens it shares, else -1
    phrase_rows: np.ndarray  # per vector row, the previous row whose phrase text it shares, else -1

    @classmethod
    def make(
        cls,
        previous: SearchIndex | None,
        clauses: list[Clause],
        documents: list[Document],
        clauses_reused: bool,
        encoder_id: str,
        crosslingual: CrossLingualEncoder | None,
        current_inputs: dict[str, str],
    ) -> BuildPlan:
        indexed = [i for i, c in enumerate(clauses) if is_searchable(c)]
        keys = [text_key(clauses[i].search_text) for i in indexed]
        same_encoder = previous is not None and previous.manifest.encoder.id == encoder_id
        same_tokenizer = previous is not None and unchanged(
            previous.manifest.build_inputs, current_inputs, TOKEN_INPUTS
        )
        same_crosslingual = (
            previous is not None
            and crosslingual is not None
            and previous.crosslingual is not None
            and previous.manifest.crosslingual.id == crosslingual.id
        )
        wanted = same_encoder or same_tokenizer or same_crosslingual or clauses_reused
        known_rows = previous.clauses.rows_by_key() if wanted else {}
        token_rows = [known_rows.get(key, -1) if same_tokenizer else -1 for key in keys]
        # A text's phrase form is the clause's own, normalised as the clauses were: kept while clauses are.
        phrase_rows = [known_rows.get(key, -1) if clauses_reused else -1 for key in keys]
        return cls(
            previous=previous,
            indexed=indexed,
            keys=keys,
            clauses_reused=clauses_reused,
            reused_documents=_reused_documents(previous, documents) if clauses_reused else set(),
            same_encoder=same_encoder,
            same_crosslingual=same_crosslingual,
            vector_rows=known_rows if same_encoder else {},
            crosslingual_rows=known_rows if same_crosslingual else {},
            token_rows=np.array(token_rows, dtype=np.int64),
            phrase_rows=np.array(phrase_rows, dtype=np.int64),
        )

    def donor_rows(self, rows: dict[str, int]) -> np.ndarray:
        """Per vector row, the previous build's row that donates its vector, else -1."""
        return np.array([rows.get(key, -1) for key in self.keys], dtype=np.int64)

    def listed(self, clauses: list[Clause]) -> list[int]:
        """Vector rows whose tokens are wanted as lists: the clause store is written from them for the
        clauses of documents read anew."""
        return [n for n, position in enumerate(self.indexed) if clauses[position].doc_id not in self.reused_documents]

    @property
    def previous_clauses(self) -> ClauseStore | None:
        """The clause store that donates the reused documents' clauses."""
        return self.previous.clauses if self.clauses_reused and self.previous is not None else None

    @property
    def previous_fingerprints(self) -> np.ndarray | None:
        return self.previous.groups.fingerprints if self.clauses_reused and self.previous is not None else None


def _reused_documents(previous: SearchIndex | None, documents: list[Document]) -> set[str]:
    """The documents `reuse_documents` took from the previous build: same id, same sources."""
    hashes = {d.doc_id: d.content_hash for d in previous.documents} if previous is not None else {}
    return {d.doc_id for d in documents if hashes.get(d.doc_id) == d.content_hash}
