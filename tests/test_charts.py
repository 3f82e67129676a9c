"""The app's charts: who adopted a provision when, and the compared cities' figures in one unit (none when their
units disagree); document text reaches them only as data values, links only percent-encoded."""

from __future__ import annotations

import pytest
from records_support import clause

from search.answer.compare import CityRow
from search.answer.figure_comparison import compare_figures
from search.present.charts import MAX_ADOPTERS, adoption_chart, figure_chart
from search.present.url_state import link_base
from search.records import Adoption, Hit

MARKUP = "<img src=x onerror=alert(7)>"


def row(city: str, text: str) -> CityRow:
    return CityRow(city, Hit(1, 0.9, clause(text, city=city, id=f"{city}-1", doc_id=city)))


def test_a_timeline_marks_the_first_adopter_and_leaves_out_undated_documents():
    adopted = [Adoption("武汉", "wh", "2015-03-10"), Adoption("合肥", "hf", "2018-05-20"), Adoption("南昌", "nc", None)]
    values = adoption_chart(adopted)["data"]["values"]
    assert [(v["city"], v["adopter"]) for v in values] == [("武汉", "首个采用 first"), ("合肥", "随后采用 later")]
    assert values[0]["url"] == "?document=wh"


def test_no_timeline_for_a_provision_one_document_holds():
    assert adoption_chart([Adoption("武汉", "wh", "2015-03-10"), Adoption("合肥", "hf", None)]) is None


def test_a_provision_hundreds_of_documents_hold_charts_its_first_adopters():
    adopted = [Adoption(f"城{n}", f"d{n}", f"20{10 + n % 10}-01-01") for n in range(300)]
    assert len(adoption_chart(adopted)["data"]["values"]) == MAX_ADOPTERS


def test_chart_values_carry_markup_as_data_and_ids_percent_encoded_in_links():
    values = adoption_chart([Adoption(MARKUP, "a&b=c#d", "2015-01-01"), Adoption("合肥", "hf", "2016-01-01")])
    first = values["data"]["values"][0]
    assert first["city"] == MARKUP  # drawn by Vega as SVG text, never parsed as HTML
    assert first["url"] == "?document=a%26b%3Dc%23d"


def test_figures_in_different_dollar_units_are_put_on_one_scale():
    rows = [
        row("武汉", "到2020年，服务外包执行额达到50亿美元。"),
        row("长沙", "到2022年，服务外包执行额达到5000万美元。"),
    ]
    comparison = compare_figures("服务外包执行额目标", rows)
    assert comparison.unit == "亿美元"
    assert [(b.city, b.value, b.figure) for b in comparison.bars] == [
        ("武汉", 50.0, "50亿美元"),
        ("长沙", 0.5, "5000万美元"),
    ]
    spec = figure_chart(comparison)
    assert spec["encoding"]["y"]["title"] == "亿美元"
    assert spec["data"]["values"][1]["url"] == "?document=%E9%95%BF%E6%B2%99#clause-%E9%95%BF%E6%B2%99-1"  # 长沙


def test_subsidies_in_yuan_and_wan_yuan_and_counts_of_enterprises_each_compare():
    money = compare_figures(
        "培训补贴标准", [row("武汉", "按每人不超过4500元给予补贴。"), row("合肥", "给予不超过1万元补贴。")]
    )
    assert (money.unit, [b.value for b in money.bars]) == ("万元", [pytest.approx(0.45), 1.0])
    firms = compare_figures("培育多少家企业", [row("武汉", "培育龙头企业30家。"), row("合肥", "培育龙头企业25家。")])
    assert (firms.unit, [b.value for b in firms.bars]) == ("家", [30.0, 25.0])


def test_no_chart_when_the_units_disagree_or_one_city_states_a_figure():
    disagreeing = [row("武汉", "执行额达到50亿美元。"), row("合肥", "培育龙头企业25家。")]
    assert compare_figures("服务外包发展目标", disagreeing) is None
    assert compare_figures("执行额", [row("武汉", "执行额达到50亿美元。"), row("合肥", "加快发展服务外包。")]) is None


@pytest.mark.parametrize(
    "url, base",
    [
        ("http://127.0.0.1:8501/", "http://127.0.0.1:8501/"),
        ("https://policies.example/app?q=x#top", "https://policies.example/app"),
        ("javascript:alert(1)", ""),
        (None, ""),
    ],
)
def test_chart_links_are_absolute_on_the_apps_own_http_url_and_nothing_else(url, base):
    assert link_base(url) == base
    adopted = [Adoption("武汉", "wh", "2015-03-10"), Adoption("合肥", "hf", "2018-05-20")]
    assert adoption_chart(adopted, link_base(url))["data"]["values"][0]["url"] == f"{base}?document=wh"
