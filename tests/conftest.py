"""Shared fixtures: the bundled corpus is ingested once per test session."""

from __future__ import annotations

import pytest

from search.config import ROOT, load_settings
from search.ingest.corpus import Corpus, load_corpus

CORPUS_DIR = ROOT / "corpus"
EVAL_DIR = ROOT / "tests" / "data"  # copies of ../shared/eval, so the suite runs anywhere


@pytest.fixture(scope="session")
def settings():
    return load_settings(corpus_dir=CORPUS_DIR)


@pytest.fixture(scope="session")
def corpus(settings) -> Corpus:
    return load_corpus([CORPUS_DIR], settings)


@pytest.fixture(scope="session")
def eval_dir():
    return EVAL_DIR


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory):
    """The bundled corpus indexed once per session with the default (bundled) encoder."""
    return load_settings(corpus_dir=CORPUS_DIR, index_dir=tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def searcher(built_settings):
    from search.service import PolicySearch

    return PolicySearch(built_settings).open().searcher


@pytest.fixture(scope="session")
def base_args_qa(built_settings, searcher):
    """CLI arguments pointing at the session's built index (the `searcher` fixture builds it)."""
    return ["--corpus", str(built_settings.corpus_dir), "--index", str(built_settings.index_dir)]
