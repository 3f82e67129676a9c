"""Draft check labels against the labelled set of tests/data/drafts, on a library of the bundled documents and
the real pages the set draws on (with every tenth other page beside them); thresholds were tuned on the tune half."""

import json
import shutil

import pytest

from search.config import ROOT, load_settings
from search.service import PolicySearch

DRAFTS = ROOT / "tests" / "data" / "drafts"
PAGES = ROOT / "tests" / "data" / "real_pages" / "pages"
# The pages there were when the labels and thresholds were set (001-198): a later set of pages added to the real-page
# folder changes no figure of this test. With the fourth set's 靖江 river-course plan beside them, the novel
# "cycling paths along both river banks" reads as adapted (similarity 0.29).
LIBRARY_PAGES = 198


def _pages_used() -> set[str]:
    """`NNN.txt` of each real page a labelled clause was made from."""
    used = set()
    for line in (DRAFTS / "labelled_clauses.jsonl").read_text(encoding="utf-8").splitlines():
        source = json.loads(line)["source"] or ""
        if source.startswith("real_pages."):
            used.add(source.split(".")[1].split(":")[0] + ".txt")
    return used


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> PolicySearch:
    root = tmp_path_factory.mktemp("draft-library")
    corpus = root / "corpus"
    (corpus / "real_pages").mkdir(parents=True)
    for path in (ROOT / "corpus").glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    used = _pages_used()
    for n, path in enumerate(sorted(PAGES.glob("*.txt"))[:LIBRARY_PAGES]):
        if path.name in used or n % 10 == 0:
            shutil.copy(path, corpus / "real_pages" / path.name)
    return PolicySearch(load_settings(corpus_dir=corpus, index_dir=root / "index")).open()


def test_labels_are_right_for_nine_in_ten_clauses_of_each_half(library):
    tune, check = library.evaluate_draft_labels(DRAFTS / "labelled_clauses.jsonl")
    assert (tune.split, check.split) == ("tune", "check")
    assert len(tune.outcomes) + len(check.outcomes) >= 60
    assert tune.accuracy >= 0.9 and check.accuracy >= 0.9


def test_every_copied_clause_names_its_source_document_first(library):
    for half in library.evaluate_draft_labels(DRAFTS / "labelled_clauses.jsonl"):
        first, copied = half.source_first_rate()
        assert copied >= 15 and first == copied, half.split


def test_english_clauses_are_labelled_through_the_crosslingual_leg(library):
    tune, check = library.evaluate_draft_labels(DRAFTS / "english_clauses.jsonl")
    assert tune.accuracy == 1.0 and check.accuracy >= 5 / 6
