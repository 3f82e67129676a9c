"""A document's province, city and district come from the gazetteer, whatever the words around the names."""

import pytest

from search.ingest.facts.metadata import detect_metadata
from search.ingest.facts.places import NATIONAL, locate

BODY = "一、总体要求\n（一）发展目标。加快发展服务外包，建设示范城市。\n"


def place_of(text: str) -> tuple[str | None, str | None, str | None]:
    meta = detect_metadata(text, text)
    return meta.province, meta.city, meta.district


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # a name inside the longer word jieba keeps whole
        ("深圳市人民政府关于加快发展服务外包的实施意见\n" + BODY, ("广东", "深圳", None)),
        # a city ending in 城, and 城市 that is no city
        ("盐城市服务外包发展实施方案\n" + BODY, ("江苏", "盐城", None)),
        ("聊城市人民政府办公室关于印发服务外包扶持办法的通知\n" + BODY, ("山东", "聊城", None)),
        ("晋城市商务局关于推进服务外包的实施意见\n" + BODY, ("山西", "晋城", None)),
        # a district-level document keeps its district
        ("湖州市南浔区人民政府关于服务外包的实施意见\n" + BODY, ("浙江", "湖州", "南浔区")),
        # a county-level city stands under its prefecture
        ("义乌市人民政府关于加快服务外包发展的若干意见\n" + BODY, ("浙江", "金华", "义乌市")),
        # a district that does not name its prefecture
        ("南山区人民政府关于支持服务外包的若干措施\n" + BODY, ("广东", "深圳", "南山区")),
        # a provincial document has no city; a municipality is province and city
        ("广东省人民政府关于印发深圳服务外包示范城市建设方案的通知\n" + BODY, ("广东", None, None)),
        ("北京市商务局关于服务外包的实施意见\n" + BODY, ("北京", "北京", None)),
    ],
)
def test_issuer_and_title_place_the_document(page, expected):
    assert place_of(page) == expected


@pytest.mark.parametrize(
    ("issuer", "title", "number"),
    [
        ("国务院办公厅", None, None),
        (None, "商务部等8部门关于推动服务外包加快转型升级的指导意见", None),
        (None, None, "国办发〔2014〕67号"),
        ("中华人民共和国国务院", None, None),
        (None, None, "商资函〔2006〕102号"),
    ],
)
def test_national_documents_are_nationwide_with_no_city(issuer, title, number):
    assert locate(issuer, title, number, "支持北京、上海、深圳等示范城市先行先试。").province == NATIONAL
    assert locate(issuer, title, number, "").city is None


def test_a_body_sentence_names_its_city_without_shi():
    text = "一、总体目标\n丽水将加快发展服务外包。到2025年，丽水服务外包执行额达到1亿美元。青岛经验值得借鉴。"
    assert place_of(text) == ("浙江", "丽水", None)


def test_a_district_is_placed_by_its_city_named_elsewhere():
    place = locate("朝阳区商务局", None, None, "长春市朝阳区加快发展服务外包。长春将建设示范城市。")
    assert (place.province, place.city, place.district) == ("吉林", "长春", "朝阳区")


def test_a_plan_citing_another_city_stays_with_its_own():
    text = "宜昌市服务外包实施方案\n一、总体要求\n学习深圳、深圳前海和深圳南山的经验，深圳模式在深圳落地。"
    assert place_of(text)[1] == "宜昌"


@pytest.mark.parametrize(
    "sentence",
    ["积极对接三大都市经济圈，发展服务外包。", "北京、上海等直辖市率先开展试点。", "推动城市更新，世界大同。"],
)
def test_words_are_never_taken_for_cities(sentence):
    province, city, _ = place_of("一、总体要求\n" + sentence)
    assert city in (None, "北京") and city not in ("大都", "直辖", "城", "大同")
    assert province in (None, "北京")


def test_a_provincial_text_speaks_of_its_province():
    text = "一、总体要求\n全省服务外包加快发展，我省支持广州、深圳建设示范城市。广东将加大投入。"
    assert place_of(text) == ("广东", None, None)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("关于印发青岛西海岸新区养老服务实施方案的通知\n" + BODY, ("山东", "青岛", "青岛西海岸新区")),
        ("苏州工业园区管委会关于促进服务业发展的若干意见\n" + BODY, ("江苏", "苏州", "苏州工业园区")),
        ("天府新区成都管委会关于印发产业政策的通知\n" + BODY, ("四川", "成都", "天府新区")),
    ],
)
def test_a_functional_zone_is_the_district_of_its_city(page, expected):
    assert place_of(page) == expected


def test_a_district_named_after_its_city_without_its_suffix_is_found():
    place = locate(None, "广州南沙深化面向世界的粤港澳全面合作白皮书", None, "")
    assert (place.city, place.district) == ("广州", "南沙区")


def test_a_districts_text_without_title_is_placed_in_its_district():
    text = "一、总体要求\n结合官渡区实际，全区加快发展服务外包。我区支持企业上市。昆明市加大投入。"
    assert place_of(text) == ("云南", "昆明", "官渡区")
    city_text = "一、总体要求\n全市支持南山区、福田区发展服务外包。深圳市加大投入。"
    assert place_of(city_text) == ("广东", "深圳", None)


def test_a_local_bureau_that_names_no_place_is_not_national():
    place = locate("市委宣传部", None, None, "大同市加快发展服务外包。")
    assert (place.province, place.city) == ("山西", "大同")


def test_an_autonomous_prefecture_is_named_whole_however_the_page_shortens_it():
    place = locate(None, "黔南州人民政府关于加快发展服务外包的实施意见", None, "")
    assert (place.province, place.city) == ("贵州", "黔南布依族苗族自治州")


def test_a_provinces_reply_about_one_of_its_cities_is_provincial():
    place = locate("省人民政府", "关于同意深圳市设立服务外包示范园区的批复", None, "深圳市人民政府：你市请示收悉。")
    assert (place.province, place.city, place.district) == ("广东", None, None)


def test_a_county_level_city_that_never_names_its_prefecture_speaks_for_itself():
    text = "3月11日,永安市人民政府办公室发布通知。全市分布式光伏项目应当符合永安市国土空间规划。"
    place = locate(None, None, None, text)
    assert (place.province, place.city, place.district) == ("福建", "三明", "永安市")
    prefecture = "三明市推进光伏发展。全市各县(市、区)按照规划实施,永安市率先试点,三明市统筹。"
    assert locate(None, None, None, prefecture).district is None


def test_a_county_of_two_characters_is_named_where_its_issuer_opens_with_it():
    place = locate(
        "南县住房和城乡建设局", "南县住房和城乡建设局2018年度绩效评价报告", None, "依据《湖南省人民政府…》。"
    )
    assert (place.province, place.city, place.district) == ("湖南", "益阳", "南县")
    inside_words = locate(None, "县级政府信息县域公开办法", None, "各区和县要做好信息县域工作。我市")
    assert inside_words.district is None


def test_a_citys_body_named_without_its_place_keeps_a_text_about_its_province_the_citys():
    text = (
        "发布机构:市府办\n各县(市、区)人民政府:\n《浙江省大花园核心区(丽水市)实施方案》已经市政府同意。\n"
        "为建设浙江省大花园核心区，打造全省大花园最美核心区，全省标杆，浙江省样板，特制定本方案。\n"
    )
    assert place_of(text)[:2] == ("浙江", "丽水")


def test_a_reprints_slip_naming_a_province_as_a_city_places_nothing():
    assert locate("贵州市人民政府办公厅", None, None, "贵阳市生活垃圾分类制度实施方案。贵阳市要加快推进。") == (
        locate(None, None, None, "贵阳市生活垃圾分类制度实施方案。贵阳市要加快推进。")
    )
    assert locate("吉林市人民政府", None, None, "").city == "吉林"


def test_a_title_opening_with_a_central_body_is_national_whatever_its_text_names():
    text = "中国人民政治协商会议全国委员会工作条例\n第四条 其不常驻北京者，得以书面提供意见。\n"
    assert place_of(text) == (NATIONAL, None, None)


def test_a_text_addressed_to_the_provinces_departments_is_the_provinces_though_a_city_heads_the_list():
    text = (
        "宜昌市人民政府,省政府各部门、各直属机构:\n《宜昌新区发展总体规划》业经省人民政府同意,现印发给你们。\n"
        "一、规划建设宜昌新区,是湖北省的重要举措。宜昌市和省各有关部门要认真组织实施。\n"
        "二、宜昌市是新区开发建设的主体,要加强组织领导。\n"
    )
    assert place_of(text) == ("湖北", None, None)
    city_text = "各县(市、区)人民政府,市政府各部门:\n宜昌市推进新区建设。宜昌市要加强组织领导,湖北省支持。\n"
    stationed = "各县(市、区)人民政府,市政府各部门,中央、省直各驻宜单位:\n宜昌市推进新区建设。宜昌市要加强组织领导。\n"
    assert place_of(stationed)[:2] == ("湖北", "宜昌")  # the province's offices stationed in the city
    assert place_of(city_text)[:2] == ("湖北", "宜昌")


def test_a_reply_signed_by_the_state_council_on_its_dates_line_is_national():
    text = (
        "湖北省人民政府: 你省《关于调整荆沙市与荆门市行政区域的请示》(鄂政文(1996)63号)收悉。同意将荆州市管辖的京山县"
        "划归荆门市管辖。\n国务院 一九九六年十二月二日\n"
    )
    meta = detect_metadata(text, text)
    assert (meta.issuer, meta.dated) == ("国务院", "1996-12-02")
    assert (meta.province, meta.city) == (NATIONAL, None)
