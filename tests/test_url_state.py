"""Links: what a URL restores (mode, query, filters, number of results) and what it reports as invalid."""

import datetime

from search.config import Settings
from search.present.url_state import EARLIEST_DATE, LATEST_DATE, ViewState

SETTINGS = Settings(top_k=7, max_top_k=20)
CORPUS = {"cities": ["上海", "宜昌"], "documents": ["上海市实施方案"], "doc_types": ["实施方案"]}


def state(**params: str | list[str]) -> ViewState:
    return ViewState.from_params({k: v if isinstance(v, list) else [v] for k, v in params.items()}, SETTINGS)


def test_number_of_results_defaults_to_and_is_capped_by_the_settings():
    assert state().top_k == 7
    assert state(k="99").top_k == 20
    assert state(k="many").top_k == 7
    assert "k" not in state(q="保税维修").to_params(SETTINGS)
    assert state(k="12").to_params(SETTINGS)["k"] == "12"


def test_a_link_round_trips_mode_query_and_filters():
    params = {"mode": "compare", "q": "人才培训", "city": ["上海", "宜昌"], "from": "2020-01-01", "k": "3"}
    assert state(**params).to_params(SETTINGS) == params


def test_unknown_cities_documents_and_types_are_rejected_and_known_ones_kept():
    checked = state(city=["上海", "北京"], doc=["上海市实施方案", "无此文件"], type="通知").checked_filters(**CORPUS)
    assert (checked.cities, checked.documents, checked.doc_types) == (["上海"], ["上海市实施方案"], [])
    assert checked.rejected == ["北京", "无此文件", "通知"]


def test_dates_in_a_link_become_dates_for_the_date_pickers():
    checked = state(**{"from": "2020-07-24", "to": "2021-04-02"}).checked_filters(**CORPUS)
    assert (checked.date_from, checked.date_to) == (datetime.date(2020, 7, 24), datetime.date(2021, 4, 2))


def test_an_early_or_late_date_is_kept_within_the_date_pickers_range():
    assert state(**{"from": "1989-12-31"}).checked_filters(**CORPUS).date_from == datetime.date(1989, 12, 31)
    checked = state(**{"from": "1800-01-01", "to": "2300-01-01"}).checked_filters(**CORPUS)
    assert (checked.date_from, checked.date_to, checked.rejected) == (EARLIEST_DATE, LATEST_DATE, [])


def test_a_date_that_is_no_date_is_rejected_like_an_unknown_filter():
    checked = state(city="北京", **{"from": "2020-13-45", "to": "yesterday"}).checked_filters(**CORPUS)
    assert (checked.date_from, checked.date_to) == (None, None)
    assert checked.rejected == ["北京", "from=2020-13-45", "to=yesterday"]


def test_a_date_order_round_trips_and_relevance_leaves_the_link_short():
    assert state(q="人才", sort="newest").to_params(SETTINGS) == {"q": "人才", "sort": "newest"}
    assert state(q="人才", sort="relevance").to_params(SETTINGS) == {"q": "人才"}
    assert state(q="人才", sort="oldest").sort == "oldest"


def test_an_unknown_order_in_a_link_is_reported_and_relevance_used():
    unknown = state(q="人才", sort="random")
    assert unknown.sort == "relevance"
    assert unknown.checked_filters(**CORPUS).rejected == ["sort=random"]


def test_a_query_with_operators_travels_in_the_link_as_typed():
    query = '"保税维修" -飞机 city:上海 | year:2020..2023'
    assert state(q=query).to_params(SETTINGS) == {"q": query}
