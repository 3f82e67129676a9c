"""The CLI's text: one line per hit with its source, matched terms in 【】, no raw control characters."""

from records_support import clause

from search.present.terminal import format_hit, printable
from search.records import Hit


def test_a_hit_shows_rank_city_document_section_and_the_matched_terms():
    text = "支持开展飞机保税维修业务。"
    line = format_hit(Hit(1, 0.5, clause(text), highlights=[(6, 10)]))
    assert line.startswith(" 1. [宜昌] 宜昌市建设中国服务外包示范城市实施方案 | 一、主要任务 › 2.维修维护服务")
    assert "支持开展飞机【保税维修】业务。" in line


def test_a_clause_without_a_city_is_named_as_unknown_not_none():
    line = format_hit(Hit(3, 0.2, clause(city=None)))
    assert "[未识别城市]" in line and "None" not in line and "[?]" not in line


def test_control_characters_are_escaped_but_line_breaks_and_tabs_kept():
    assert printable("a\x1b[31mb\x07\x9b\n\tc") == "a\\x1b[31mb\\x07\\x9b\n\tc"


def test_a_hit_with_copies_says_where_else_it_appears():
    assert format_hit(Hit(1, 0.9, clause(), also_in=["武汉"], copy_count=1)).endswith(
        "\n    同见 also in: 武汉 (1 other document)"
    )
    assert format_hit(Hit(1, 0.9, clause(), copy_count=300)).endswith("\n    同见 also in 300 other documents")
    assert "同见" not in format_hit(Hit(1, 0.9, clause()))
