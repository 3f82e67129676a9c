"""Headings inside a page copied as one line are found by the line-initial rules plus stronger evidence."""

import pytest

from search.config import load_settings
from search.ingest.chunking.clauses import chunk_document
from search.ingest.chunking.inline_headings import document_line_starts, line_starts
from search.records import Document, DocumentMeta


def lines_of(text: str) -> list[str]:
    """The lines a flattened `text` is given back."""
    bounds = [0, *line_starts(text), len(text)]
    lines = [text[start:end].strip() for start, end in zip(bounds, bounds[1:], strict=False)]
    assert all(lines), "a line start is never a space"
    return lines


def chunk(text: str):
    document = Document(doc_id="d", path="d.txt", text=text, meta=DocumentMeta(title="示例"), content_hash="")
    return chunk_document(document, load_settings())


def test_the_issues_example_keeps_its_outline():
    text = "一、发展目标 1、城市品牌 到2015年:打造城市品牌。 2、产业规模 “十二五”期间,规模翻番。"
    assert lines_of(text) == [
        "一、发展目标",
        "1、城市品牌",
        "到2015年:打造城市品牌。",
        "2、产业规模",
        "“十二五”期间,规模翻番。",
    ]


@pytest.mark.parametrize(
    ("text", "heading_line"),
    [
        ("前言。一、总体要求。正文。二、主要任务。正文。", "二、主要任务。正文。"),
        ("一、总体要求。正文。(一)指导思想。正文。(二)发展目标。正文。", "(二)发展目标。正文。"),
        ("一、总体要求。正文。（一）指导思想。正文。（二）发展目标。正文。", "（二）发展目标。正文。"),
        ("(一)重点领域。1.信息技术外包。正文。2.维修维护服务。正文。", "2.维修维护服务。正文。"),
        ("(一)重点领域。1、信息技术外包。正文。2、维修维护服务。正文。", "2、维修维护服务。正文。"),
        ("1.加强保障。(1)资金保障。正文。(2)人才保障。正文。", "(2)人才保障。正文。"),
        ("第一章 总则 第一条 为了规范管理,制定本办法。第二条 本办法适用于本市。", "第二条 本办法适用于本市。"),
        ("1.建立机制。①建立协调机制。正文。②建立考核机制。正文。", "②建立考核机制。正文。"),
    ],
)
def test_each_heading_level_is_found_inline(text, heading_line):
    assert heading_line in lines_of(text)


def test_a_heading_glued_to_its_parents_name_is_found():
    assert lines_of("制定本方案。一、总体要求(一)指导思想。以习近平新时代中国特色社会主义思想为指导。") == [
        "制定本方案。",
        "一、总体要求",
        "(一)指导思想。以习近平新时代中国特色社会主义思想为指导。",
    ]


def test_a_flattened_regulation_keeps_its_chapters_and_articles():
    text = (
        "第一章 总则第一条 为促进服务外包发展,制定本办法。第二条 本办法适用于本市。"
        "第二章 支持措施第三条 对新认定的企业给予奖励。第四条 符合第三条规定的企业,按第五条执行。"
    )
    assert lines_of(text) == [
        "第一章 总则",
        "第一条 为促进服务外包发展,制定本办法。",
        "第二条 本办法适用于本市。",
        "第二章 支持措施",
        "第三条 对新认定的企业给予奖励。",
        "第四条 符合第三条规定的企业,按第五条执行。",
    ]


def test_numbering_restarts_under_a_new_parent_or_continues_across_parents():
    text = "(一)基础。1.园区。正文。2.主体。正文。(二)创新。3.科技。正文。(三)服务。1.人才。正文。"
    assert [line.split("。")[0] for line in lines_of(text)] == [
        "(一)基础",
        "1.园区",
        "2.主体",
        "(二)创新",
        "3.科技",
        "(三)服务",
        "1.人才",
    ]


def test_one_lost_heading_does_not_lose_the_ones_after_it():
    text = "一、总体要求。正文。三、保障措施。正文。四、组织实施。正文。"
    assert [line.split("。")[0] for line in lines_of(text)] == ["一、总体要求", "三、保障措施", "四、组织实施"]


def test_a_heading_after_a_bracketed_remark_is_found():
    text = "1.维修服务。支持保税维修。(责任单位:市商务局、各县(市、区)政府)2.检测服务。支持检测。"
    assert lines_of(text)[-1] == "2.检测服务。支持检测。"


def test_a_bare_section_name_before_its_first_sub_heading_opens_a_section():
    text = "一、发展目标。正文。主要任务(一)夯实基础。正文。(二)推动发展。正文。"
    assert lines_of(text)[1:3] == ["主要任务", "(一)夯实基础。正文。"]


def test_a_known_section_name_glued_to_its_text_is_cut_off():
    assert lines_of("一、发展目标。正文。二、组织实施各单位要提高政治站位,抓好落实。")[1:] == [
        "二、组织实施",
        "各单位要提高政治站位,抓好落实。",
    ]


def test_a_heading_glued_to_its_first_point_ends_before_it():
    text = "二、主要工作(一)落实国家战略一是融入一带一路建设。二是落实双创战略。"
    assert lines_of(text) == ["二、主要工作", "(一)落实国家战略", "一是融入一带一路建设。二是落实双创战略。"]


def test_a_space_between_two_sentences_was_a_line_break_but_not_inside_a_phrase():
    assert lines_of("前言。 第二段开始。") == ["前言。", "第二段开始。"]
    joint = "根据《财政部 国家发展改革委 国家林业局关于扶持政策的实施意见》,制定本办法。"
    assert lines_of(joint) == [joint]  # spaces parting joint issuers inside a title
    assert lines_of("对 “互联网+” 大学生创新创业大赛给予奖励,时间2024-09-08 09:32:56。") == [
        "对 “互联网+” 大学生创新创业大赛给予奖励,时间2024-09-08 09:32:56。"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "一、发展目标。到2015年,服务外包执行额达到1.5亿元。2015年目标全面完成。",  # a year, a figure
        "一、培训安排。每年3、4月开展集中培训。",  # months
        "第一条 为了规范管理,制定本办法。依照第三条规定的程序办理。第二条所列情形除外。",  # cross-references
        "(一)全面落实国家战略。一是融入一带一路建设。二是落实双创战略。",  # 一是…二是…
        "1.加强保障。主要包括:(1)资金;(2)人才;(3)土地。",  # list items inside a sentence
        "一、总体要求。正文。3.其他事项。正文。",  # out of sequence
        "一、总体要求。正文。按第五条执行。",  # an article named inside a sentence
    ],
)
def test_false_headings_inside_a_flattened_line_do_not_split_it(text):
    assert lines_of(text) == [text]


@pytest.mark.parametrize("text", ["(一)" * 5000, ")" * 50000 + "1.标题。", "。 " * 50000])
def test_pathological_lines_are_read_in_time_without_error(text):
    assert isinstance(document_line_starts([text]), list)


def test_the_bundled_documents_are_not_cut_anywhere():
    from search.config import ROOT

    for source in sorted((ROOT / "corpus").glob("*.txt")):
        lines = [line.strip() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert not any(document_line_starts(lines)), source.name


def test_a_copy_with_one_line_per_section_continues_its_numbering_across_lines():
    body = "支持企业发展,加强政策保障,推动服务外包转型升级。" * 12
    lines = [
        f"一、重点领域 (一)主要领域。{body} 1.信息技术。{body} 2.业务流程。{body}",
        f"二、主要任务 (一)夯实基础。{body} 3.做大园区。{body} 4.培育主体。{body}",
    ]
    second = lines[1]
    starts = document_line_starts(lines)[1]
    assert [second[at : at + 4] for at in starts if second[at] in "(34"] == ["(一)夯", "3.做大", "4.培育"]


def test_a_heading_marker_inside_a_sentence_of_a_formatted_document_does_not_split_it():
    text = "示例实施方案\n一、总体要求\n（一）指导思想。到2025年形成格局。1.加强保障。2.完善机制。\n（二）发展目标。提升能级。\n"
    result = chunk(text)
    assert [c.heading for c in result.clauses if c.heading] == ["（一）指导思想", "（二）发展目标"]


def test_a_flattened_document_is_chunked_along_its_inline_outline():
    result = chunk("示例实施方案 一、总体要求 （一）指导思想。以新发展理念为指导。 （二）发展目标。到2025年,规模翻番。")
    clauses = [c for c in result.clauses if c.heading]
    assert [(c.section_path, c.heading) for c in clauses] == [
        (["一、总体要求"], "（一）指导思想"),
        (["一、总体要求"], "（二）发展目标"),
    ]
    assert clauses[1].text == "（二）发展目标。到2025年,规模翻番。"
    assert not result.warnings


def test_a_flattened_document_without_any_structure_is_split_into_paragraphs_with_a_warning():
    first = "本市鼓励服务外包企业开拓国际市场。对符合条件的企业给予支持。"
    second = "各区要加强宣传,营造良好氛围,推动服务外包产业持续健康发展。"
    result = chunk(f"{first} {second}")
    assert [c.text for c in result.clauses] == [first, second]
    assert result.warnings == ["d.txt: no clause structure detected; split into paragraphs"]


def test_a_line_break_inside_a_title_or_bracket_ends_no_paragraph():
    body = "各地各部门要把思想和行动统一到党中央决策部署上来，切实抓好各项任务落实，确保取得实效。"
    text = (  # each line longer than a fragment that joins its neighbour anyway
        "为认真贯彻落实党的二十大精神和中共中央、国务院《关于全面加强生态环境保\n\n"
        "护坚决打好污染防治攻坚战的意见》和《国务院关于印发打赢蓝天保卫战三年行动计划的通知》(国发〔\n\n"
        f"2018 〕 22 号)精神，结合本市实际情况和发展需要，制定本实施方案。\n\n{body}\n\n{body}"
    )
    texts = [c.text for c in chunk(text).clauses]
    assert texts[0].startswith("为认真贯彻落实") and "22 号)精神" in texts[0], texts
    assert texts[1:] == [body, body]


def test_a_bracket_a_garbled_line_never_closes_does_not_swallow_the_paragraphs_after_it():
    body = "各地各部门要把思想和行动统一到党中央决策部署上来，切实抓好各项任务落实，确保取得实效。"
    text = "(未闭合的括号" + "之后是很长的一段正文内容" * 6 + f"。\n\n{body}\n\n{body}"
    texts = [c.text for c in chunk(text).clauses]
    assert texts[1:] == [body, body], texts


def test_a_long_heading_cut_at_its_comma_keeps_the_rest_of_its_line_when_children_follow():
    long_aim = "二、创建目标2022年8月底前全区各项创建指标全部达到国家创建标准的要求,评价总分值在90分以上,所有关键项均达到要求。"
    result = chunk(
        f"一、总体要求\n以新发展理念为指导。\n{long_aim}\n(一)农产品质量安全水平明显提高。抽检合格率达到98%以上。"
    )
    texts = [clause.text for clause in result.clauses]
    assert long_aim in texts  # the heading's own sentence is a clause, not lost to the section path
    [child] = [clause for clause in result.clauses if clause.text.startswith("(一)")]
    assert child.section_path == ["二、创建目标2022年8月底前全区各项创建指标全部达到国家创建标准的要求"]
    short = chunk("一、总体要求\n以新发展理念为指导。\n二、创建目标\n(一)抽检合格率达到98%以上。")
    assert "二、创建目标" not in [clause.text for clause in short.clauses]  # a heading alone lives on in the path


def test_an_item_whose_line_ends_inside_a_title_goes_on_to_the_next_line():
    text = (
        "近年来,我区旅游业迅速发展。\n一、保持价格稳定。自治区、各市、县物价部门对已调价的各游览参观点的门票价格"
        "执行日期一律推迟到五月十日后执行,不得随意提价。\n二、严格执行明码标价的规定。各类旅行社、旅游涉外饭店以及"
        "游览参观点单位必须严格执行国家计委颁布的《\n关于商品和服务实行明码标价的规定》,必须用规范的文字在显著位置标明价格。\n"
    )
    [second] = [clause for clause in chunk(text).clauses if clause.text.startswith("二、")]
    assert "《\n关于商品和服务实行明码标价的规定》" in second.text
