"""The benchmark's generated library: other cities that the loader recognises, copies that are not identical."""

from __future__ import annotations

import sys

from search.config import ROOT, load_settings
from search.service import PolicySearch

sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic_library import CITIES, SOURCES, documents_for, generate_document, write_library  # noqa: E402

CORPUS = ROOT / "corpus"


def test_each_generated_document_is_attributed_to_its_new_city(tmp_path):
    documents = write_library(tmp_path, len(SOURCES) * 2, CORPUS)
    corpus = PolicySearch(load_settings(corpus_dir=tmp_path)).read_documents([tmp_path])
    detected = {d.path: d.meta.city for d in corpus.documents}
    assert not corpus.skipped
    assert {str(tmp_path / d.relative): d.city for d in documents} == detected
    assert {d.source for d in documents} == {name for name, _ in SOURCES}


def test_generation_is_deterministic_and_copies_differ():
    assert generate_document(7, CORPUS) == generate_document(7, CORPUS)
    first_city_again = len(SOURCES) * len(CITIES)
    same_source = [generate_document(i, CORPUS) for i in (0, len(SOURCES), first_city_again)]
    assert len({d.text for d in same_source}) == 3
    assert same_source[0].city == same_source[2].city and same_source[0].relative != same_source[2].relative


def test_library_size_is_counted_in_clauses():
    per_source = {name: 10 for name, _ in SOURCES}
    assert documents_for(95, per_source) == 10
    assert documents_for(0, per_source) == 0
