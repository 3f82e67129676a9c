"""Reading the search box's operators: phrases, exclusions, alternatives and fields, alone and combined, and odd
input read as written with a note, never refused."""

import pytest

from search.errors import UnknownFilterError
from search.retrieve.query_syntax import parse_syntax


def read(query: str) -> dict:
    return parse_syntax(query).to_json()


def test_a_query_without_operators_is_ranked_exactly_as_typed():
    syntax = parse_syntax("各城市如何支持 保税维修？")
    assert not syntax.constrained and syntax.ranked == "各城市如何支持 保税维修？"
    assert syntax.text == "各城市如何支持 保税维修？" and syntax.notes == []


@pytest.mark.parametrize(
    "query", ['"保税维修"', "“保税维修”", "「保税维修」", "『保税维修』", "＂保税维修＂", '"保稅維修"']
)
def test_a_phrase_in_any_quotes_or_script_is_one_exact_phrase(query):
    syntax = parse_syntax(query)
    assert syntax.phrases == ["保税维修"] and syntax.text == "" and syntax.only_constraints


def test_an_exclusion_of_a_word_or_a_phrase():
    assert read("维修 -保税")["excluded"] == ["保税"]
    syntax = parse_syntax('保税 -"飛機 維修" －检测')  # the phrase normalised; a full-width minus too
    assert syntax.excluded == ["飞机 维修", "检测"] and syntax.text == "保税" and syntax.ranked == "保税"


@pytest.mark.parametrize("query", ["2020-2025", "跨境-电商", "cross-border data flows", "- 维修", "--x"])
def test_a_dash_inside_a_word_or_a_range_or_standing_alone_is_no_exclusion(query):
    syntax = parse_syntax(query)
    assert syntax.excluded == [] and syntax.ranked == query


def test_alternatives_with_a_bar_or_or_in_capitals_but_not_a_lowercase_or():
    assert read("保税维修 | 检测维修 政策")["any_of"] == [["保税维修", "检测维修"]]
    assert read('保税维修|"检测 维修"|再制造')["any_of"] == [["保税维修", "检测 维修", "再制造"]]
    assert read("BPO OR KPO")["any_of"] == [["bpo", "kpo"]]
    lowercase = parse_syntax("BPO or KPO")
    assert lowercase.any_of == [] and lowercase.ranked == "BPO or KPO"


def test_alternatives_are_ranked_with_the_free_words_but_are_not_free_words():
    syntax = parse_syntax("保税维修 | 检测维修 支持")
    assert syntax.text == "支持" and syntax.ranked == "保税维修 检测维修 支持"


def test_fields_become_filters_a_province_in_full_and_a_range_of_years():
    syntax = parse_syntax("人才 city:上海 province:湖北省 type:方案 year:2020..2023 doc:003_8068136c0a129969")
    assert syntax.fields == {
        "city": ["上海"],
        "province": ["湖北"],
        "type": ["方案"],
        "year": ["2020..2023"],
        "doc": ["003_8068136c0a129969"],
    }
    filters = syntax.field_filters
    assert (filters.cities, filters.provinces, filters.doc_types) == (["上海"], ["湖北"], ["方案"])
    assert (filters.date_from, filters.date_to, filters.documents) == (
        "2020-01-01",
        "2023-12-31",
        ["003_8068136c0a129969"],
    )
    assert syntax.text == "人才" and syntax.ranked == "人才"


@pytest.mark.parametrize(
    ("value", "dates"),
    [
        ("2022", ("2022-01-01", "2022-12-31")),
        ("2020-2023", ("2020-01-01", "2023-12-31")),
        ("２０２０..２０２１", ("2020-01-01", "2021-12-31")),
        ("2020..", ("2020-01-01", None)),
        ("..2021", (None, "2021-12-31")),
    ],
)
def test_a_year_a_range_or_an_open_range(value, dates):
    filters = parse_syntax(f"year:{value}").field_filters
    assert (filters.date_from, filters.date_to) == dates


def test_a_backwards_range_is_read_forwards_with_a_note():
    syntax = parse_syntax("year:2023..2020")
    assert (syntax.field_filters.date_from, syntax.field_filters.date_to) == ("2020-01-01", "2023-12-31")
    assert syntax.notes == ["year:2023..2020 runs backwards; read as year:2020..2023"]


@pytest.mark.parametrize("value", ["abc", "2022-05", "22", ".."])
def test_a_year_that_is_no_year_is_refused_with_what_to_write(value):
    with pytest.raises(UnknownFilterError, match=r"e\.g\. year:2022 or year:2020\.\.2023"):
        parse_syntax(f"保税 year:{value}")


def test_a_quoted_field_value_and_a_full_width_colon():
    assert read('doc:"宜昌 实施方案" 维修')["fields"] == {"doc": ["宜昌 实施方案"]}
    assert read("ｃｉｔｙ：上海 维修")["fields"] == {"city": ["上海"]}


def test_every_operator_combined():
    syntax = parse_syntax('"保税维修" 支持 -飞机 再制造 | 检测 city:宜昌 year:2022')
    assert syntax.to_json() == {
        "phrases": ["保税维修"],
        "excluded": ["飞机"],
        "any_of": [["再制造", "检测"]],
        "fields": {"city": ["宜昌"], "year": ["2022"]},
        "text": "支持",
        "notes": [],
    }
    assert syntax.ranked == "保税维修 支持 再制造 检测"


@pytest.mark.parametrize("query", ['"保税维修', "保税维修”", "「保税维修", '“保税"维修'])
def test_an_unbalanced_quote_is_read_as_a_character_with_a_note(query):
    syntax = parse_syntax(query)
    assert syntax.phrases == [] and syntax.ranked == query
    assert syntax.notes and "unbalanced quote" in syntax.notes[0]


def test_nested_quotes_are_part_of_the_phrase_with_a_note():
    syntax = parse_syntax("“纳入国际贸易“单一窗口”试点”")
    assert syntax.phrases == ["纳入国际贸易“单一窗口”试点"]
    assert syntax.notes == [
        "quotes inside a phrase are part of it: 纳入国际贸易“单一窗口”试点 (短语中的引号按字符匹配)"
    ]
    assert parse_syntax('"纳入“单一窗口”试点"').phrases == ["纳入“单一窗口”试点"]


def test_quotes_inside_a_word_make_a_phrase_of_what_they_hold():
    syntax = parse_syntax("纳入“单一窗口”管理")
    assert syntax.phrases == ["单一窗口"] and syntax.ranked == "纳入单一窗口管理"


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("OR 维修", "OR or | needs a term on each side"),
        ("维修 |", "OR or | needs a term on each side"),
        ('""', "empty quotes ignored"),
        ("city: 维修", "city: has no value"),
        ("cty:上海 维修", "cty: is not a field (city, province, type, year, doc)"),
        ("-city:上海 维修", "-city: cannot exclude"),
    ],
)
def test_a_mistyped_operator_is_noted_and_never_refused(query, note):
    syntax = parse_syntax(query)
    assert any(n.startswith(note) for n in syntax.notes), syntax.notes
    assert "OR" not in syntax.ranked.split() and "city:" not in syntax.ranked


def test_a_link_is_not_taken_for_a_field():
    assert parse_syntax("https://www.gov.cn/zhengce").notes == []
