"""A library full of copies: the five bundled documents plus copies of Yichang's plan (a few with figures
changed, one adopted by Wuhan). Copies must not crowd other cities out of search results or answers."""

import pytest
from helpers import copy_library, write

from search import Filters, PolicySearch

YICHANG = "000_0f547d556893953a.txt"
COPIES = 12
CITIES = {"宜昌", "上海", "天津", "重庆"}


@pytest.fixture(scope="module")
def library(searcher, built_settings, tmp_path_factory) -> PolicySearch:
    """The session's bundled index copied, then the copies added: only the new texts are embedded."""
    settings = copy_library(built_settings, tmp_path_factory.mktemp("copied"))
    plan = (settings.corpus_dir / YICHANG).read_text(encoding="utf-8")
    for n in range(COPIES):
        text = plan.replace("2025", "2026").replace("10亿", "12亿") if n < 2 else plan
        write(settings.corpus_dir, f"copy_{n:02}.txt", text)
    write(settings.corpus_dir, "wuhan.txt", plan.replace("宜昌", "武汉"))
    return PolicySearch(settings).open()


def test_copies_leave_room_for_every_city_that_has_the_provision(library):
    hits = library.search("保税维修").hits
    assert {h.clause.city for h in hits} >= CITIES
    assert len(hits) == 10


def test_the_copied_provision_is_one_hit_naming_where_else_it_appears(library):
    hits = [h for h in library.search("保税维修").hits if "支持保税维修、保税检测" in h.clause.text]
    assert len(hits) == 1
    [hit] = hits
    assert hit.clause.city == "宜昌" and hit.clause.doc_id == YICHANG.removesuffix(".txt")
    assert hit.also_in == ["武汉"] and hit.copy_count == COPIES + 1
    assert hit.to_json()["also_in"] == ["武汉"] and hit.to_json()["copies"] == COPIES + 1


def test_every_city_is_answered_with_a_quote_from_its_own_document(library):
    answer = library.answer("各城市如何支持保税维修")
    assert CITIES | {"武汉"} <= {group.city for group in answer.by_city}
    documents = {d.doc_id: d.meta.city for d in library.documents()}
    for group in answer.by_city:
        for point in group.points:
            [citation] = [c for c in answer.citations if c.number == point.citation.number]
            clause_doc = citation.clause_id.rsplit(":", 1)[0]
            assert documents[clause_doc] == group.city


def test_the_comparison_gives_the_copying_city_its_own_row(library):
    rows = {row.city: row.hit.clause for row in library.compare("保税维修")}
    assert CITIES | {"武汉"} <= set(rows)
    assert rows["武汉"].doc_id == "wuhan" and "武汉" in rows["武汉"].doc_title


def test_a_filter_that_hides_the_representative_shows_a_member_that_passes(library):
    hits = library.search("保税维修", Filters(cities=["武汉"])).hits
    assert hits[0].clause.doc_id == "wuhan" and "支持保税维修、保税检测" in hits[0].clause.text
    assert hits[0].also_in == ["宜昌"]


def test_naming_the_copying_city_finds_its_own_copy(library):
    hits = library.search("武汉 保税维修").hits
    assert hits[0].clause.city == "武汉"
