"""PDF repairs before chunking: page numbers, running headers, wrapped lines, radicals, the closing block."""

from search.ingest.cleaning import clean_text
from search.ingest.files.page_repair import (
    PageLine,
    drop_page_numbers,
    drop_running_lines,
    is_page_number,
    is_table_row,
    join_wrapped_lines,
)
from search.normalize import normalize, standard_ideographs


def lines(*texts: str) -> list[PageLine]:
    return [PageLine(text) for text in texts]


def test_page_number_forms_are_recognised():
    for line in ["- 3 -", "— 3 —", "－3－", "第3页 共10页", "共10页 第3页", "第 3 页", "3/10", "Page 3 of 10"]:
        assert is_page_number(line), line


def test_figures_and_fractions_are_not_page_numbers():
    for line in ["3.2%", "2020年", "1/3以上", "22.8", "一、总体要求", "3"]:
        assert not is_page_number(line), line


def test_page_numbers_at_the_foot_of_pages_are_removed_and_counted():
    pages = [lines("一、总体要求", "正文。", "- 1 -"), lines("正文续。", "- 2 -")]
    kept, count = drop_page_numbers(pages)
    assert [[line.text for line in page] for page in kept] == [["一、总体要求", "正文。"], ["正文续。"]]
    assert count == 2


def test_a_table_row_numbered_like_its_page_stays_when_pages_carry_no_bare_numbers():
    pages = [lines("序号", "事项"), lines("2", "支持研发。"), lines("说明。")]
    kept, count = drop_page_numbers(pages)
    assert count == 0 and kept[1][0].text == "2"


def test_bare_page_numbers_go_when_most_pages_carry_them():
    pages = [lines("正文。", "1"), lines("续文。", "2"), lines("完。", "3")]
    kept, count = drop_page_numbers(pages)
    assert count == 3


def test_a_running_header_repeated_on_most_pages_is_removed_numbers_aside():
    pages = [
        lines("××市人民政府文件 第1页", "一、总体要求", "正文。"),
        lines("××市人民政府文件 第2页", "二、主要任务"),
        lines("××市人民政府文件 第3页", "三、保障措施"),
    ]
    kept, count = drop_running_lines(pages)
    assert count == 3
    assert [page[0].text for page in kept] == ["一、总体要求", "二、主要任务", "三、保障措施"]


def test_a_line_on_one_page_only_is_not_a_running_header():
    pages = [lines("××市人民政府文件", "一、总体要求"), lines("二、主要任务"), lines("三、保障措施")]
    assert drop_running_lines(pages)[1] == 0


def full(text: str, indent: float = 0.0) -> PageLine:
    return PageLine(text, short_of_margin=0.0, indent=indent)


def short(text: str) -> PageLine:
    return PageLine(text, short_of_margin=10.0)


def test_a_line_cut_at_the_margin_mid_sentence_joins_the_next():
    assert join_wrapped_lines([full("根据《意见》(商服贸发"), short("〔2020〕12号),制定本方案。")]) == [
        "根据《意见》(商服贸发〔2020〕12号),制定本方案。"
    ]


def test_a_heading_after_a_full_line_stays_a_heading():
    assert join_wrapped_lines([full("推动服务外包发展"), short("二、重点领域")]) == ["推动服务外包发展", "二、重点领域"]
    assert join_wrapped_lines([full("推动服务外包发展"), short("（一）指导思想")]) == [
        "推动服务外包发展",
        "（一）指导思想",
    ]


def test_a_short_line_or_a_closed_sentence_is_not_joined():
    assert join_wrapped_lines([short("一、总体要求"), short("正文。")]) == ["一、总体要求", "正文。"]
    assert join_wrapped_lines([full("制定本方案。"), short("附件")]) == ["制定本方案。", "附件"]


def test_an_unindented_line_after_a_full_stop_continues_an_indented_paragraph():
    text = [
        full("第一段开头，", 2),
        full("句子在行尾结束。"),
        short("仍是第一段。"),
        full("第二段。", 2),
        short("续。"),
    ]
    assert join_wrapped_lines(text)[0] == "第一段开头，句子在行尾结束。仍是第一段。"


def test_after_a_full_stop_at_the_margin_an_unindented_document_starts_a_new_paragraph():
    text = [full("第一段在行尾结束。"), short("第二段。"), full("第三段在行尾也结束。"), short("第四段。")]
    assert join_wrapped_lines(text) == ["第一段在行尾结束。", "第二段。", "第三段在行尾也结束。", "第四段。"]


def test_a_table_row_is_never_joined_to_its_caption_or_the_next_row():
    text = [full("表1：中西部城市离岸服务外包情况"), full("城市 年度 执行额 全国占比"), full("重庆 2020 22.8 2.1")]
    assert join_wrapped_lines(text) == [
        "表1：中西部城市离岸服务外包情况",
        "城市 年度 执行额 全国占比",
        "重庆 2020 22.8 2.1",
    ]
    assert is_table_row("重庆 2020 22.8 2.1")
    assert not is_table_row("通过实施“海河英才”行动计划, 支持引进服务外包中高级人才")
    assert not is_table_row("support for ISO 9000 certification.")


def test_latin_words_cut_at_the_margin_keep_their_space():
    assert join_wrapped_lines([full("support for"), short("ISO 9000 certification.")]) == [
        "support for ISO 9000 certification."
    ]


def test_kangxi_radicals_become_standard_ideographs_and_punctuation_stays():
    assert standard_ideographs("⼀、⼯作⽬标") == "一、工作目标"
    assert standard_ideographs("商务部等8部⻔，⻜机保税维修，⻓江") == "商务部等8部门，飞机保税维修，长江"
    assert standard_ideographs("（一）指导思想：") == "（一）指导思想："
    assert normalize("⼯作⽬标") == normalize("工作目标")


def test_the_closing_block_is_kept_out_of_the_text_and_counted():
    text = "一、总体要求\n正文。\n宜昌市人民政府\n2022年5月7日\n（此件公开发布）\n抄送：市委各部门，市人大常委会办公室。\n宜昌市人民政府办公室 2022年5月7日印发"
    cleaned = clean_text(text)
    assert cleaned.text == "一、总体要求\n正文。\n宜昌市人民政府\n2022年5月7日"
    assert cleaned.removed["closing block"] == 3
    assert cleaned.closing[-1].endswith("印发")


def test_printing_sentences_in_the_text_are_not_a_closing_block():
    text = "关于印发实施方案的通知\n现印发给你们，请认真贯彻落实。\n本方案自印发之日起施行。"
    assert clean_text(text).text == text
