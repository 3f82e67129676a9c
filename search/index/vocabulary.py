"""The expansion vocabulary, the build's part in `terms.json`, `term_vectors.npy` and `crosslingual_terms.npy`:
corpus terms a query's words may be expanded to, with their vectors in each encoder's space."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from search.index.status import Progress, Stage
from search.index.tokenization import domain_terms, is_content_term

if TYPE_CHECKING:
    from search.index.crosslingual import CrossLingualEncoder
    from search.index.embedding import Encoder

MAX_TERMS = 1500
TERMS_FILE = "terms.json"
TERM_VECTORS_FILE = "term_vectors.npy"
CROSSLINGUAL_TERMS_FILE = "crosslingual_terms.npy"


@dataclass
class Vocabulary:
    """The terms, the dense encoder's vector of each (none, 0 rows, when nothing reads them) and the cross-lingual
    leg's (when the leg is on)."""

    terms: list[str]
    vectors: np.ndarray
    crosslingual: np.ndarray | None = None

    @classmethod
    def build(
        cls,
        terms: list[str],
        encoder: Encoder,
        crosslingual: np.ndarray | None,
        previous: Vocabulary | None,
        same_encoder: bool,
        report: Progress,
    ) -> Vocabulary:
        """The terms with the cross-lingual leg's vectors of them (`crosslingual_term_vectors`, made beside the
        dense encoder's work; None without the leg) and, when something reads them, the dense encoder's, encoding
        only the terms `previous` lacks when its vectors came from the same encoder.

        The dense encoder's find an English phrase's terms only when there is no cross-lingual leg, and measure
        the scale of an encoder with no tuned calibration. The default encoder with the leg needs neither: 4.4 s
        of a 22 s build of the bundled corpus saved."""
        vectors = np.zeros((0, encoder.dim), np.float32)
        if crosslingual is None or encoder.calibration is None:
            cached = previous.vectors if same_encoder and previous and len(previous.vectors) else None
            vectors = _term_vectors(encoder.encode_queries, encoder.dim, terms, previous, cached, report)
        return cls(terms, vectors, crosslingual)

    def save(self, folder: Path) -> None:
        if self.crosslingual is not None:
            np.save(folder / CROSSLINGUAL_TERMS_FILE, self.crosslingual)
        (folder / TERMS_FILE).write_text(json.dumps(self.terms, ensure_ascii=False), encoding="utf-8")
        np.save(folder / TERM_VECTORS_FILE, self.vectors)

    @classmethod
    def load(cls, folder: Path, crosslingual: bool) -> Vocabulary:
        return cls(
            json.loads((folder / TERMS_FILE).read_text(encoding="utf-8")),
            np.load(folder / TERM_VECTORS_FILE),
            np.load(folder / CROSSLINGUAL_TERMS_FILE) if crosslingual else None,
        )

    def verify(self, dim: int, crosslingual_dim: int) -> None:
        """A vector per term in each space that has them, of the manifest's dimensions."""
        count = len(self.terms)
        if self.vectors.shape not in ((0, dim), (count, dim)) or (
            self.crosslingual is not None and self.crosslingual.shape != (count, crosslingual_dim)
        ):
            raise ValueError(f"the vocabulary's vectors do not match its {count} terms")


def crosslingual_term_vectors(
    crosslingual: CrossLingualEncoder,
    terms: list[str],
    previous: Vocabulary | None,
    same_crosslingual: bool,
    report: Progress,
) -> np.ndarray:
    """The cross-lingual leg's vectors of the terms, for the English phrases the glossary lacks: their nearest
    corpus terms, in the leg's own space. A term `previous` holds keeps its vector when the leg is the same."""
    cached = previous.crosslingual if same_crosslingual and previous else None
    return _term_vectors(crosslingual.encode_passages, crosslingual.dim, terms, previous, cached, report)


def expansion_vocabulary(document_frequency: dict[str, int]) -> list[str]:
    """Content terms found in two or more clauses, plus domain terms present: candidates for query expansion.
    The most frequent first, ties in term order: the same terms whatever the order of the clauses."""
    df = {t: n for t, n in document_frequency.items() if n and is_content_term(t)}
    present = {t for t in domain_terms() if t in df}
    common = sorted((t for t, n in df.items() if n >= 2 and t not in present), key=lambda t: (-df[t], t))
    return sorted(present) + common[: MAX_TERMS - len(present)]


def _term_vectors(
    encode: Callable[[list[str]], np.ndarray],
    dim: int,
    terms: list[str],
    previous: Vocabulary | None,
    previous_vectors: np.ndarray | None,
    report: Progress,
) -> np.ndarray:
    """The terms' vectors, encoding only the terms the previous build lacked (`previous_vectors` is None when
    they came from another encoder)."""
    cached = {}
    if previous is not None and previous_vectors is not None:
        cached = dict(zip(previous.terms, previous_vectors, strict=True))
    new_terms = [t for t in terms if t not in cached]
    report(Stage.EMBEDDING_VOCABULARY, 0, len(new_terms))
    fresh = encode(new_terms) if new_terms else np.zeros((0, dim), np.float32)
    cached.update(zip(new_terms, fresh, strict=True))
    report(Stage.EMBEDDING_VOCABULARY, len(new_terms), len(new_terms))
    return np.array([cached[t] for t in terms], dtype=np.float32).reshape(len(terms), dim)
