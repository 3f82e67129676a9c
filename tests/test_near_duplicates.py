"""Near-identical clauses (two cities copying one provision) collapse into the better-ranked hit."""

import pytest
from helpers import small_corpus

from search import Filters, PolicySearch, load_settings

SHARED = "（一）保税维修。支持企业开展飞机、船舶和精密仪器的保税维修与再制造业务，简化海关监管手续。"
DOC_A = f"朔州市服务外包实施方案\n一、主要任务\n{SHARED}\n（二）人才培训。建设服务外包人才培训基地。\n"
DOC_B = f"晋中市服务外包实施意见\n一、重点任务\n{SHARED}\n（二）数据中心。保障大型数据中心用地和能耗。\n"


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("dups")
    corpus = small_corpus(root, DOC_A, DOC_B)
    return PolicySearch(load_settings(corpus_dir=corpus, index_dir=root / "index")).open()


def test_a_provision_copied_by_two_cities_is_shown_once(library):
    hits = library.search("保税维修 再制造").hits
    copies = [h for h in hits if "精密仪器的保税维修" in h.clause.text]
    assert len(copies) == 1
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


def test_the_hidden_copy_is_still_found_with_its_city_filter(library):
    shown = next(h for h in library.search("保税维修 再制造").hits if "精密仪器" in h.clause.text).clause.city
    other = ({"朔州", "晋中"} - {shown}).pop()
    hits = library.search("保税维修 再制造", Filters(cities=[other])).hits
    assert hits[0].clause.city == other and "精密仪器的保税维修" in hits[0].clause.text
