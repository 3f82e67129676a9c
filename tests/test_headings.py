"""Each heading level is recognised on its own; figures, cross-references and sub-points are not headings."""

import pytest

from search.ingest.headings import PAREN_CN, match_bare_heading, match_heading


@pytest.mark.parametrize(
    ("line", "style", "ordinal"),
    [
        ("一、总体要求", "top", 1),
        ("十九、其他", "top", 19),
        ("（一）指导思想。以习近平新时代…", "paren_cn", 1),
        ("(二)发展目标。充分发挥…", "paren_cn", 2),
        ("1.信息技术外包服务(ITO)。信息技术研发…", "number", 1),
        ("１．全角数字标题。正文", "number", 1),
        ("12、启动实施服务外包人才引进计划。", "number", 12),
        ("（3）加强统计", "paren_number", 3),
        ("第十二条 本办法自发布之日起施行。", "article", 12),
        ("②建立协调机制", "circled", 2),
    ],
)
def test_heading_levels_are_recognised(line, style, ordinal):
    heading = match_heading(line)
    assert heading is not None
    assert (heading.style, heading.ordinal) == (style, ordinal)


@pytest.mark.parametrize(
    "line",
    [
        "2020年,全市离岸外包执行额达到22.8亿美元",
        "22.8",
        "1.05亿美元",
        "3.2%以上",
        "2.2022-2025年宜昌市服务外包执行额奋斗目标",
        "第三条规定的情形除外",
        "一是积极融入一带一路建设。二是积极落实双创战略。",
        "（一）至（三）项所列企业",
        "一、二等奖获得者",
        "(此件主动公开)",
    ],
)
def test_figures_cross_references_and_sub_points_are_not_headings(line):
    assert match_heading(line) is None


@pytest.mark.parametrize("line", ["（四）提升物流", "(四)提升物流"])
def test_full_width_and_half_width_brackets_are_both_paren_cn_headings(line):
    heading = match_heading(line)
    assert (heading.style, heading.level, heading.ordinal) == ("paren_cn", PAREN_CN, 4)
    assert heading.title == line


def test_heading_title_stops_at_first_full_stop():
    assert match_heading("2.维修维护服务。支持保税维修、保税检测").title == "2.维修维护服务"


def test_long_heading_is_cut_at_a_comma_not_mid_phrase():
    line = "2.建立市服务外包领导小组成员联席会议制度,每季度召开一次领导小组成员会议,定期听取示范城市建设进展情况。"
    assert match_heading(line).title == "2.建立市服务外包领导小组成员联席会议制度"


def test_bare_section_name_is_a_top_level_heading():
    assert match_bare_heading("主要任务", "(一)夯实数字化转型基础").level == 1
    assert match_bare_heading("重庆", "成都") is None
