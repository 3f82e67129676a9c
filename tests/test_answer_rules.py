"""The rules that shape a cross-city answer: which cities join, how many points each, no repeated point, either
script, never mojibake."""

import pytest

from search.answer.answering import Answerer, Candidate
from search.answer.figures import asked_units, best_figure
from search.normalize import GARBLED
from search.records import Clause, Hit


def candidate(city: str, evidence: float, sentence: str | None = None) -> Candidate:
    clause = Clause(f"{city}:1", city, city, f"{city}实施方案", [], "", "", "clause", 0, 0)
    return Candidate(clause, sentence or f"{city}支持保税维修业务发展第{evidence}条", 1.0, evidence)


@pytest.fixture(scope="module")
def answerer(searcher):
    return Answerer(searcher)


def test_a_city_joins_when_its_best_point_reaches_60_percent_of_the_best_citys(answerer):
    assert answerer.rules.city_relative == 0.6
    relevant = [candidate("宜昌", 0.90), candidate("上海", 0.54), candidate("天津", 0.53)]
    groups = answerer._group(relevant, all_cities=True, per_city=3)
    assert [city for city, _ in groups] == ["宜昌", "上海"]  # 0.54 = 60% of 0.90; 0.53 is below


def test_a_single_city_answer_keeps_only_the_best_city(answerer):
    relevant = [candidate("宜昌", 0.90), candidate("上海", 0.85)]
    assert [city for city, _ in answerer._group(relevant, all_cities=False, per_city=1)] == ["宜昌"]


def test_a_city_keeps_only_points_nearly_as_good_as_its_best_and_no_near_repeats(answerer):
    best = candidate("宜昌", 0.90, "支持开展飞机保税维修和再制造业务。")
    repeat = candidate("宜昌", 0.89, "支持开展飞机保税维修和再制造业务")
    close = candidate("宜昌", 0.75, "建设全国区域性飞机维修和改装基地。")
    weak = candidate("宜昌", 0.70, "推进凌云飞机维修扩能技改项目。")
    [(city, chosen)] = answerer._group([best, repeat, close, weak], all_cities=True, per_city=3)
    assert chosen == [best, close]  # the repeat shares its wording; 0.70 < 80% of 0.90


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("到2025年，服務外包執行額達到10億美元。", "10億美元"),
        ("培育示範園區12個。", "12個"),
        ("服务外包执行额达到10亿美元。", "10亿美元"),
    ],
)
def test_a_figure_in_either_script_answers_a_simplified_question(sentence, figure):
    found = best_figure(sentence, ["执行额", "示范园区"], asked_units("执行额达到多少亿美元？多少个？"))
    assert found is not None and found.text == figure


def test_a_traditional_clause_answers_a_simplified_question_and_the_reverse(answerer):
    simplified = answerer.answer("天津服务外包企业数量达到多少家？")
    traditional = answerer.answer("天津服務外包企業數量達到多少家？")
    assert simplified.summary == traditional.summary == "天津：1500家"


def test_a_sentence_with_mojibake_is_never_quoted(answerer):
    clause = Clause(
        "x:1",
        "x",
        "天津",
        "天津实施意见",
        [],
        "",
        f"支持发展保税维修{GARBLED}业务。支持发展保税维修和再制造业务。",
        "clause",
        0,
        0,
    )
    sought = answerer._term_weights(["保税", "维修"])
    sentences = [c.sentence for c in answerer._candidates([Hit(1, 1.0, clause, row=0)], sought, None)]
    assert sentences == ["支持发展保税维修和再制造业务。"]
