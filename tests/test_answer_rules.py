"""The rules that shape a cross-city answer: which cities join, how many points each, no repeated point."""

import pytest

from search.answer.answering import CITY_RELATIVE, Answerer, Candidate
from search.records import Clause


def candidate(city: str, evidence: float, sentence: str | None = None) -> Candidate:
    clause = Clause(f"{city}:1", city, city, f"{city}实施方案", [], "", "", "clause", 0, 0)
    return Candidate(clause, sentence or f"{city}支持保税维修业务发展第{evidence}条", 1.0, evidence)


@pytest.fixture(scope="module")
def answerer(searcher):
    return Answerer(searcher)


def test_a_city_joins_when_its_best_point_reaches_60_percent_of_the_best_citys(answerer):
    assert CITY_RELATIVE == 0.6
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
