"""The one entry point the app and the CLI share: encoder + index (built if needed) -> Searcher."""

from __future__ import annotations

from .config import Settings
from .embedding import load_encoder
from .retrieval import Searcher
from .store import ProgressFn, ensure_index


def open_searcher(settings: Settings, progress: ProgressFn | None = None, notes: list[str] | None = None) -> Searcher:
    """Load the encoder and the index, building or updating the index first when needed."""
    encoder = load_encoder(settings.model)
    index = ensure_index(settings, encoder, progress, notes)
    return Searcher(index, encoder, settings)
