"""Dates are read as policy documents print them, in digits or Chinese numerals; impossible dates are not dates."""

import pytest

from search.ingest.dates import date_line, iso_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年4月2日", "2021-04-02"),
        ("２０２１年４月２日", "2021-04-02"),
        ("二〇二一年四月二日", "2021-04-02"),
        ("二〇二一年十二月三十一日", "2021-12-31"),
        ("二零二零年十月十日", "2020-10-10"),
        ("二〇二二年五月二十日", "2022-05-20"),
        ("2021-04-02", "2021-04-02"),
        ("[ 成文日期 ] 2021-4-2", "2021-04-02"),
    ],
)
def test_dates_in_digits_and_chinese_numerals_are_read(text, expected):
    assert iso_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2021年13月45日", "2021年2月30日", "2021-13-45", "二〇二一年十三月一日", "二〇二一年二月三十日", "2021年0月1日"],
)
def test_impossible_dates_are_not_dates(text):
    assert iso_date(text) is None


def test_a_real_date_after_an_impossible_one_is_found():
    assert iso_date("2021年13月45日印发，2021年4月2日施行") == "2021-04-02"


def test_a_date_line_is_a_line_that_is_only_a_date():
    assert date_line("二〇二一年四月二日") == "2021-04-02"
    assert date_line("2020年7月24日") == "2020-07-24"
    assert date_line("2021年13月45日") is None
    assert date_line("到2025年12月31日前完成") is None
