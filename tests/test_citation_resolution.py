"""Resolving a citation to a document of the library: by number first, then by title, exact or near (one character
dropped or changed), never across places, never to a title whose numbers differ, never to the citing document."""

from __future__ import annotations

import pytest

from search.lineage.resolution import Candidate, Resolver
from search.records import Document, DocumentMeta, Reference


def document(doc_id: str, title: str, city: str | None = None, number: str | None = None, **meta) -> Document:
    province = meta.pop("province", "全国" if city is None else None)
    return Document(
        doc_id, "", "", DocumentMeta(title=title, city=city, province=province, doc_number=number, **meta), ""
    )


LIBRARY = [
    document("gf", "国务院关于促进服务外包产业加快发展的意见", number="国发〔2014〕67号", date_written="2014-12-24"),
    document("wh", "关于加快服务外包产业发展的实施意见", "武汉", "武政〔2015〕12号", province="湖北"),
    document("whb", "武汉市服务外包人才支持办法", "武汉", province="湖北"),
    document("hf", "合肥市服务外包人才培训补贴办法", "合肥", province="安徽"),
    document("y21", "宜昌市2021年服务外包工作要点", "宜昌", province="湖北"),
    document(
        "sh", "上海市商务委员会关于印发《上海市推动服务外包加快转型升级的实施方案》的通知", "上海", province="上海"
    ),
]
RESOLVER = Resolver(LIBRARY)
CITING = {c.id: c for c in RESOLVER.candidates}


def citing(city: str, province: str, date: str | None = None, doc_id: str = "x") -> Candidate:
    return Candidate(99, doc_id, frozenset(), None, date, city, province, None)


def resolved(title: str | None, number: str | None = None, by: Candidate | None = None) -> str | None:
    found = RESOLVER.resolve(Reference(title, number), by)
    return found.id if found else None


def test_a_number_resolves_whatever_title_it_is_cited_with():
    assert resolved("某个写错的标题", "国发〔2014〕67号") == "gf"
    assert resolved(None, "国发〔2014〕67号") == "gf"


def test_a_report_titled_by_the_document_it_reports_is_not_that_document():
    report = document("news", "关于促进软件外包发展的意见", number="国发〔2030〕1号", reported=True)
    assert Resolver([report]).resolve(Reference("关于促进软件外包发展的意见", None)) is None
    assert Resolver([report]).resolve(Reference(None, "国发〔2030〕1号")) is None
    printed = document("text", "关于促进软件外包发展的意见")
    assert Resolver([report, printed]).resolve(Reference("关于促进软件外包发展的意见", None)).id == "text"


def test_a_notice_issuing_two_texts_is_found_by_either():
    notice = document("n", "关于印发某省科技金融专项资金管理办法和某省科技保险保费补助实施细则的通知", province="某省")
    resolver = Resolver([notice])
    for title in ("某省科技金融专项资金管理办法", "某省科技保险保费补助实施细则"):
        assert resolver.resolve(Reference(title, None)).id == "n"


def test_an_unknown_number_falls_back_on_the_title():
    assert resolved("国务院关于促进服务外包产业加快发展的意见", "国发〔2099〕1号") == "gf"


@pytest.mark.parametrize(
    "cited",
    [
        "国务院关于促进服务外包产业加快发展的意见",  # exact
        "国务院关于促进服务外包产业加快发展意见",  # 的 dropped
        "国务院关于推进服务外包产业加快发展的意见",  # one character changed
        "國務院關於促進服務外包產業加快發展的意見",  # traditional script
        "国务院关于促进“服务外包”产业加快发展的意见",  # quotation marks
    ],
)
def test_a_title_resolves_exactly_or_nearly(cited):
    assert resolved(cited, by=citing("长沙", "湖南")) == "gf"


def test_a_title_far_from_every_library_title_stays_unresolved():
    assert resolved("国务院关于加快发展服务贸易的若干意见", by=citing("长沙", "湖南")) is None


def test_a_near_title_within_one_issuers_naming_resolves():
    assert resolved("合肥市服务外包人才培训补助办法", by=citing("合肥", "安徽")) == "hf"


def test_a_title_differing_only_in_its_place_never_resolves():
    assert resolved("南昌市服务外包人才支持办法", by=citing("南昌", "江西")) is None
    assert resolved("武汉市服务外包人才支持办法", by=citing("南昌", "江西")) == "whb"  # named: the place is given


def test_a_title_naming_no_place_is_read_as_the_citing_documents_own():
    assert resolved("关于加快服务外包产业发展的实施意见", by=citing("南昌", "江西")) is None
    assert resolved("关于加快服务外包产业发展的实施意见", by=citing("武汉", "湖北")) == "wh"
    assert resolved("关于加快服务外包产业发展的实施意见") == "wh"  # asked without a citing document


def test_a_title_whose_numbers_differ_is_another_document():
    assert resolved("宜昌市2022年服务外包工作要点", by=citing("宜昌", "湖北")) is None
    assert resolved("宜昌市2021年服务外包工作要点", by=citing("宜昌", "湖北")) == "y21"


def test_the_title_a_notice_encloses_resolves_to_the_notice():
    assert resolved("上海市推动服务外包加快转型升级的实施方案", by=citing("上海", "上海")) == "sh"


def test_a_citation_never_resolves_to_the_citing_document():
    assert resolved("国务院关于促进服务外包产业加快发展的意见", "国发〔2014〕67号", by=CITING["gf"]) is None


def test_of_two_versions_the_one_issued_before_the_citing_document_wins():
    versions = Resolver(
        [
            document("v2016", "朔州市服务外包扶持办法", "朔州", province="山西", date_written="2016-03-01"),
            document("v2021", "朔州市服务外包扶持办法", "朔州", province="山西", date_written="2021-03-01"),
        ]
    )
    by_2019 = Candidate(9, "x", frozenset(), None, "2019-05-01", "朔州", "山西", None)
    by_2023 = Candidate(9, "x", frozenset(), None, "2023-05-01", "朔州", "山西", None)
    assert versions.resolve(Reference("朔州市服务外包扶持办法", None), by_2019).id == "v2016"
    assert versions.resolve(Reference("朔州市服务外包扶持办法", None), by_2023).id == "v2021"


def test_one_changed_character_in_an_eleven_character_title_still_resolves():
    short = Resolver([document("dt", "大同市服务外包扶持办法", "大同", province="山西")])
    assert short.resolve(Reference("大同市服务外包支持办法", None), citing("大同", "山西")).id == "dt"


def test_two_characters_away_is_another_document():
    # the page says so: 《贵州省省级预算审查监督条例》【已废止，最新为：《贵州省预算审查监督条例》】
    library = Resolver([document("gz", "贵州省预算审查监督条例", None, province="贵州")])
    assert library.resolve(Reference("贵州省省级预算审查监督条例", None), citing("贵阳", "贵州")) is None


def test_a_title_too_short_to_tell_a_changed_character_from_another_document_must_match_exactly():
    library = Resolver([document("cs", "长沙市人才新政", "长沙", province="湖南")])
    assert library.resolve(Reference("长沙市人才新规", None), citing("长沙", "湖南")) is None
