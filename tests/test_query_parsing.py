"""Query understanding: cities named in Chinese or in English, language, length cap, unsearchable input."""

import pytest

from search.errors import EmptyQueryError
from search.retrieve.query import city_romanisation, parse_query

CITIES = ["上海", "大同", "天津", "宜昌", "重庆"]


@pytest.mark.parametrize(
    ("query", "cities"),
    [
        ("宜昌市 保税维修", ["宜昌"]),
        ("bonded maintenance in Shanghai", ["上海"]),
        ("CHONGQING and Tianjin talent training", ["天津", "重庆"]),
        ("yichang", ["宜昌"]),
        ("保税维修", []),
        ("Shanghaiese cuisine", []),  # a whole word, not a prefix
    ],
)
def test_cities_are_recognised_in_chinese_and_by_their_english_names(query, cities):
    assert parse_query(query, CITIES, 500).cities == cities


def test_romanisation_is_lower_case_pinyin_without_tones():
    assert city_romanisation("重庆") == "chongqing" and city_romanisation("大同") == "datong"


def test_language_follows_the_script_of_most_of_the_query():
    assert parse_query("保税维修 policy", CITIES, 500).chinese
    assert not parse_query("bonded maintenance policy", CITIES, 500).chinese


def test_traditional_and_full_width_queries_are_normalised():
    parsed = parse_query("保稅維修（ＡＢＣ）", CITIES, 500)
    assert parsed.text == "保税维修(abc)" and "保税维修" in parsed.tokens


def test_an_over_long_query_is_cut_with_a_warning():
    parsed = parse_query("人才" * 400, CITIES, 500)
    assert len(parsed.text) == 500 and parsed.warnings == ["query was 800 characters; only the first 500 were used"]


@pytest.mark.parametrize("query", ["", "   ", "的了吗", "？！。"])
def test_a_query_without_searchable_words_is_refused(query):
    with pytest.raises(EmptyQueryError):
        parse_query(query, CITIES, 500)


def test_an_english_city_name_boosts_that_citys_clauses(searcher):
    def first_rank(query: str, city: str) -> int:
        return next(h.rank for h in searcher.search(query).hits if h.clause.city == city)

    assert searcher.search("talent training in Chongqing").query.cities == ["重庆"]
    assert first_rank("talent training in Chongqing", "重庆") < first_rank("talent training", "重庆")
