"""CSV and Markdown downloads: the documented columns, a BOM for Excel, citations, and escaped document text."""

import csv
import io
import re

from records_support import clause

from search.answer.compare import CityRow
from search.present.export import (
    COLUMNS,
    answer_csv,
    answer_markdown,
    comparison_csv,
    comparison_markdown,
    hits_csv,
    hits_markdown,
)
from search.present.markdown import WORD_JOINER
from search.records import Adoption, Answer, AnswerPoint, Citation, CityAnswer, Hit

TEXT = '支持开展飞机保税维修业务，"两头在外"，\n年增长 10%。'
PHISHING = "[Log in again](https://evil.example) <img src=x onerror=alert(7)>"


def rows_of(csv_text: str) -> list[list[str]]:
    assert csv_text.startswith("\ufeff")  # Excel reads the file as UTF-8 only with a BOM
    return list(csv.reader(io.StringIO(csv_text[1:])))


def hits() -> list[Hit]:
    return [Hit(1, 0.91234, clause(TEXT)), Hit(2, 0.5, clause("推进保税维修。", city=None, id="x-1"))]


def answer() -> Answer:
    citation = Citation(1, "宜昌", "宜昌市实施方案", ["一、主要任务", "2.维修维护服务"], "yc-1")
    point = AnswerPoint(f"到2025年，执行额达到2.5亿美元。{PHISHING}", "2.5亿美元", citation)
    return Answer("保税维修执行额目标是多少？", "1个城市有相关规定：宜昌。", [CityAnswer("宜昌", [point])], [citation])


def test_search_results_csv_has_the_documented_columns_and_keeps_the_text_whole():
    header, first, second = rows_of(hits_csv([Hit(1, 0.91234, clause(TEXT, province="湖北")), hits()[1]]))
    columns = ["rank", "city", "document", "section_path", "clause_id", "score", "text", "validity", "also_in"]
    assert header == COLUMNS == [*columns, "copies", "province", "first_adopted_by"]  # only ever added at the end
    assert first == [
        "1",
        "宜昌",
        "宜昌市建设中国服务外包示范城市实施方案",
        "一、主要任务 › 2.维修维护服务",
        "yc-1",
        "0.9123",
        TEXT,
        "",  # a hit made outside a search carries no validity
        "",
        "0",
        "湖北",
        "",  # nor who adopted it first
    ]
    assert second[1] == ""  # a missing city stays empty in data


def test_csv_names_the_first_document_to_adopt_the_provision():
    adopted = [Adoption("武汉", "湖北.武汉.wh-2015", "2015-03-10"), Adoption("合肥", "安徽.合肥.hf-2018", "2018-05-20")]
    [_, row] = rows_of(hits_csv([Hit(1, 0.5, clause(TEXT), adopted=adopted)]))
    assert row[COLUMNS.index("first_adopted_by")] == "武汉 2015-03-10 (湖北.武汉.wh-2015)"
    rows = [CityRow("合肥", Hit(1, 0.5, clause(TEXT), adopted=adopted))]
    assert rows_of(comparison_csv(rows))[1][-1] == "武汉 2015-03-10 (湖北.武汉.wh-2015)"
    assert comparison_markdown("培训补贴", rows).splitlines()[-1].endswith("| 武汉 2015-03-10 (湖北.武汉.wh-2015) |")


def test_search_results_csv_names_every_city_holding_the_same_provision():
    cities = ["武汉", "南京", "苏州", "无锡", "杭州", "合肥", "南昌", "长沙", "成都", "西安"]
    [_, row] = rows_of(hits_csv([Hit(1, 0.5, clause(TEXT), also_in=cities, copy_count=12)]))
    assert row[8:10] == ["、".join(cities), "12"]  # all ten, where the screen names eight


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_stay_text():
    attacks = ['=HYPERLINK("https://evil.example","点击")', "+1+2", "-2+3", "@SUM(A1)", "\t=1"]
    rows = rows_of(hits_csv([Hit(n, 0.5, clause(text)) for n, text in enumerate(attacks, start=1)]))[1:]
    assert [row[6] for row in rows] == ["'" + text for text in attacks]
    assert rows_of(hits_csv(hits()))[1][6] == TEXT  # ordinary text and numbers are left as they are
    assert rows_of(hits_csv(hits()))[1][0] == "1"


def test_answer_csv_has_one_row_per_quote_with_its_citation_number_and_figure():
    header, row = rows_of(answer_csv(answer()))
    assert header == COLUMNS
    assert row[:6] == ["1", "宜昌", "宜昌市实施方案", "一、主要任务 › 2.维修维护服务", "yc-1", "2.5亿美元"]
    assert row[-3:] == ["", "", ""]  # an answer quotes each city from its own document: no copies column


def test_comparison_csv_numbers_one_row_per_city():
    rows = [CityRow("宜昌", hits()[0]), CityRow(None, hits()[1])]
    assert [row[:2] for row in rows_of(comparison_csv(rows))[1:]] == [["1", "宜昌"], ["2", "未识别城市"]]


def test_search_results_markdown_quotes_each_clause_under_its_citation():
    lines = hits_markdown("保税维修", hits()).splitlines()
    assert lines[0] == "# 检索结果 Search results: 保税维修"
    assert lines[2:7] == [
        "## 1. 宜昌 · 宜昌市建设中国服务外包示范城市实施方案",
        "*一、主要任务 › 2.维修维护服务* (`yc-1`)",
        "",
        '> 支持开展飞机保税维修业务，"两头在外"，',
        "> 年增长 10%。",
    ]
    assert "## 2. 未识别城市 · 宜昌市建设中国服务外包示范城市实施方案" in lines  # as on the cards


def test_answer_markdown_numbers_each_quote_and_lists_its_sources():
    text = answer_markdown(answer())
    assert text.startswith(
        "# 保税维修执行额目标是多少？\n\n1个城市有相关规定：宜昌。\n\n## 宜昌\n- “到2025年，执行额达到2.5亿美元。"
    )
    assert text.endswith("## 出处 Sources\n1. 宜昌 · 宜昌市实施方案 · 一、主要任务 › 2.维修维护服务 (`yc-1`)")
    assert re.search(r"^- “.*” \[1\]$", text, re.MULTILINE)


def test_markdown_downloads_escape_links_and_markup_in_document_text():
    hostile = [Hit(1, 0.9, clause(PHISHING, doc_title=PHISHING))]
    downloads = [
        hits_markdown(PHISHING, hostile),
        answer_markdown(answer()),
        comparison_markdown(PHISHING, [CityRow("宜昌", hostile[0])]),
    ]
    for text in downloads:
        assert r"\[Log in again\](https:" + WORD_JOINER + r"//evil.example) \<img src=x onerror=alert(7)\>" in text
        assert "https://" not in text  # a bare address in a document is no link either
        assert "[Log" not in text.replace(r"\[Log", "") and "<img" not in text.replace(r"\<img", "")


def test_comparison_markdown_keeps_a_pipe_and_a_line_break_of_the_text_inside_its_cell():
    row = CityRow("宜昌", Hit(1, 0.9, clause("甲|乙\n丙")))
    *_, line = comparison_markdown("保税维修", [row]).splitlines()
    assert line == r"| 宜昌 | 宜昌市建设中国服务外包示范城市实施方案 › 一、主要任务 › 2.维修维护服务 | 甲\|乙 丙 |  |"
    assert len(re.findall(r"(?<!\\)\|", line)) == 5  # four cells, as in the header


def test_search_results_markdown_says_where_else_a_copied_clause_appears():
    copied = Hit(1, 0.9, clause(TEXT), also_in=["武汉", "南京"], copy_count=4)
    assert "同见 also in: 武汉、南京 (4 other documents)" in hits_markdown("保税维修", [copied]).splitlines()


def test_markdown_exports_say_how_an_english_query_was_searched_and_escape_it():
    english = hits_markdown("single window", hits(), "单一窗口 [x](https://evil.example)").splitlines()
    assert r"按中文检索 searched as: 单一窗口 \[x\](https:" + WORD_JOINER + "//evil.example)" in english
    assert not any("searched as" in line for line in hits_markdown("单一窗口", hits()).splitlines())
    rendered = answer()
    rendered.translated_query = "保税维修"
    assert "按中文检索 searched as: 保税维修" in answer_markdown(rendered).splitlines()
