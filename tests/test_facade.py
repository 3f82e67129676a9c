"""The facade before its index is opened: what it can do without one, and the message when a search needs one."""

import pytest

from search.config import load_settings
from search.errors import PolicySearchError
from search.service import PolicySearch


def test_searching_a_library_that_was_not_opened_says_to_open_it(tmp_path):
    library = PolicySearch(load_settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index"))
    with pytest.raises(PolicySearchError, match="not open"):
        library.search("保税维修")


def test_a_library_opened_again_after_its_corpus_changed_reports_the_new_documents_clauses(tmp_path):
    """What the facade keeps from one index (clause counts, the draft checker) is made again from the next."""
    corpus = tmp_path / "corpus"
    (corpus / "湖北" / "武汉").mkdir(parents=True)
    (corpus / "湖北" / "武汉" / "a.txt").write_text(
        "武汉市服务外包扶持办法\n一、对新录用大学生的服务外包企业给予培训补贴。\n二、支持保税维修业务发展。\n",
        encoding="utf-8",
    )
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index", crosslingual_model="none")
    library = PolicySearch(settings).open()
    [first] = library.document_summaries()
    library.check_draft("一、支持保税维修业务发展。\n二、给予培训补贴。")
    (corpus / "湖北" / "武汉" / "b.txt").write_text(
        "武汉市数字贸易促进办法\n一、支持数字贸易企业开拓国际市场。\n二、对认定的数字贸易平台给予奖励。\n三、加强人才培养。\n",
        encoding="utf-8",
    )
    library.open()
    counts = {s.document.doc_id: s.clauses for s in library.document_summaries()}
    assert counts.pop(first.document.doc_id) == first.clauses
    assert list(counts.values())[0] >= 3  # counted in the new index, not 0 from the first one's counts
    report = library.check_draft("一、加强人才培养。\n二、支持数字贸易企业开拓国际市场。")
    assert report.clauses[1].precedents[0].clause.doc_id.endswith(".b")  # a clause of the new document
