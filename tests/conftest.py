"""Shared fixtures: the bundled corpus is ingested once per test session."""

from __future__ import annotations

import pytest

from search.config import ROOT, load_settings
from search.corpus import Corpus, load_corpus

CORPUS_DIR = ROOT / "corpus"
EVAL_DIR = ROOT / "tests" / "data"  # copies of ../shared/eval, so the suite runs anywhere


@pytest.fixture(scope="session")
def settings():
    return load_settings(corpus_dir=CORPUS_DIR)


@pytest.fixture(scope="session")
def corpus(settings) -> Corpus:
    return load_corpus([CORPUS_DIR], settings)
