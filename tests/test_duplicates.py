"""Build-time grouping of exact and near-identical clauses (index/duplicates.py) and the search over its groups
(retrieve/copies.py)."""

import numpy as np
from records_support import clause

from search.index import duplicates
from search.index.duplicates import duplicate_groups, group_copies
from search.index.facets import Facets
from search.records import Document, DocumentMeta
from search.retrieve.copies import CopyGroups

YICHANG = "支持保税维修、保税检测、再制造等新业态发展，推进飞机维修扩能技改，力争到2025年保税维修业务规模达到10亿元。"
TALENT = "建设服务外包人才培训基地，支持高校与企业共建实训中心，每年培训服务外包人才3000人以上。"
DATA = "保障大型数据中心用地和能耗指标，对新建数据中心给予电价优惠，推动算力基础设施集约化发展。"


def test_exact_copies_join_the_first_ones_group_whatever_their_width_script_or_spacing():
    traditional = (
        "支持保稅維修、保稅檢測、再製造等新業態發展，推進飛機維修擴能技改，力爭到２０２５年保稅維修業務規模達到10億元。"
    )
    texts = [TALENT, YICHANG, YICHANG, f" {YICHANG}\n", traditional]
    assert duplicate_groups(texts).tolist() == [0, 1, 1, 1, 1]


def test_a_copy_with_its_figures_or_city_changed_is_grouped():
    changed = YICHANG.replace("2025", "2026").replace("10亿", "15亿")
    renamed = "武汉市" + YICHANG.replace("飞机", "船舶")
    assert duplicate_groups([YICHANG, changed, renamed]).tolist() == [0, 0, 0]


def test_different_provisions_are_not_grouped_even_when_they_share_words():
    shares_words = "支持保税维修业务发展，简化海关监管手续，推动检测维修企业集聚。"
    texts = [YICHANG, TALENT, DATA, shares_words, "", "。"]
    assert duplicate_groups(texts).tolist() == list(range(6))


def test_groups_are_deterministic_and_every_member_points_at_its_lowest_position():
    texts = [DATA, YICHANG.replace("10亿", "12亿"), TALENT, YICHANG, DATA, YICHANG]
    group = duplicate_groups(texts)
    assert group.tolist() == [0, 1, 2, 1, 0, 1]
    assert (duplicate_groups(texts) == group).all()


def test_an_update_groups_as_from_scratch_and_normalises_only_the_new_texts(monkeypatch):
    before = [DATA, YICHANG.replace("10亿", "12亿"), TALENT, YICHANG, "。"]
    _, known = group_copies(before)
    after = [YICHANG, DATA, "。", YICHANG.replace("飞机", "船舶"), TALENT, DATA, YICHANG.replace("10亿", "12亿")]
    normalised = []
    real_compact = duplicates.compact
    monkeypatch.setattr(duplicates, "compact", lambda text: normalised.append(text) or real_compact(text))
    groups, prints = group_copies(after, known)
    assert normalised == ["。", YICHANG.replace("飞机", "船舶")]  # the new text, and one too short to have a MinHash
    assert groups.tolist() == duplicate_groups(after).tolist() == [0, 1, 2, 0, 4, 1, 0]
    assert prints.tobytes() == group_copies(after)[1].tobytes()


def _copies() -> CopyGroups:
    rows = [("yc", "宜昌"), ("wh", "武汉"), ("nj", "南京"), ("yc2", "宜昌"), ("sh", "上海")]
    documents = [Document(doc_id, f"{doc_id}.txt", "", DocumentMeta(city=city), "") for doc_id, city in rows]
    clauses = [clause(id=f"{doc_id}-1", doc_id=doc_id, city=city) for doc_id, city in rows]
    return CopyGroups(np.array([0, 0, 0, 0, 4]), Facets.build(documents, clauses))


def test_the_legs_see_one_clause_per_group():
    assert _copies().leaders(None).tolist() == [True, False, False, False, True]


def test_a_filtered_out_representative_hands_its_group_to_a_member_that_passes():
    allowed = np.array([False, False, True, True, True])
    assert _copies().leaders(allowed).tolist() == [False, False, True, False, True]


def test_a_named_citys_copy_leads_its_group():
    preferred = np.array([False, True, False, False, False])
    assert _copies().leaders(None, preferred).tolist() == [False, True, False, False, True]


def test_a_hit_knows_the_other_cities_and_documents_holding_its_provision():
    copies = _copies()
    assert copies.also_in(0) == (["武汉", "南京"], 3)
    assert copies.also_in(4) == ([], 0)
    assert copies.in_other_cities(0, None) == [1, 2]
    assert copies.in_other_cities(0, np.array([True, False, True, True, True])) == [2]
