"""Bad files are refused with a message naming the file; debris goes, policy text stays."""

from pathlib import Path

import pytest
from helpers import write

from search.config import load_settings
from search.errors import IngestError
from search.ingest.cleaning import clean_text
from search.ingest.corpus import load_corpus
from search.ingest.files.loading import read_source

POLICY = "一、总体要求\n（一）发展目标。到2025年，服务外包执行额达到10亿美元。\n（二）保障措施。加强组织领导。\n"


def test_utf8_with_bom_and_gb18030_decode_to_the_same_text(tmp_path):
    bom = read_source(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + POLICY.encode("utf-8")))
    gbk = read_source(write(tmp_path, "b.txt", POLICY.encode("gb18030")))
    assert bom.text == gbk.text == POLICY
    assert gbk.encoding == "gb18030"


def test_html_drops_scripts_and_navigation(tmp_path):
    html = "<html><body><nav>首页 政务公开</nav><script>alert(1)</script><p>一、总体要求</p><p>正文。</p></body></html>"
    text = read_source(write(tmp_path, "p.html", html)).text
    assert "alert" not in text and "首页" not in text
    assert "一、总体要求" in text and "正文。" in text


def test_markdown_marks_are_removed_but_numbering_kept(tmp_path):
    text = read_source(write(tmp_path, "p.md", "# 标题\n\n**一、总体要求**\n\n1. 加强[领导](http://x)。\n")).text
    assert "#" not in text and "**" not in text and "http" not in text
    assert "一、总体要求" in text and "1. 加强领导。" in text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("nul.txt", b"\x00\x01\x02" * 50, "binary file"),
        ("bad.txt", b"\x81\x30\xff\xfe\xff abc", "not valid UTF-8 or GB18030 (byte 0x81 at offset 0)"),
        ("doc.pdf", b"%PDF-1.4", "damaged PDF"),
        ("scan.xls", b"a,b", "unsupported file type '.xls'"),
    ],
)
def test_bad_files_are_refused_with_a_reason_naming_the_file(tmp_path, name, content, reason):
    path = write(tmp_path, name, content)
    with pytest.raises(IngestError) as error:
        read_source(path)
    assert str(path) in str(error.value)
    assert reason in str(error.value)


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    write(tmp_path, "good.txt", POLICY)
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "plain.txt", "这是一段没有任何编号结构的说明文字。它应当被切成段落。")
    corpus = load_corpus([tmp_path, Path(tmp_path / "missing.txt")], load_settings())
    assert [Path(d.path).name for d in corpus.documents] == ["good.txt", "plain.txt"]
    reasons = " | ".join(s.reason for s in corpus.skipped)
    assert "empty.txt: empty file" in reasons and "missing.txt: no such file" in reasons
    assert any("plain.txt: no clause structure detected" in w for w in corpus.warnings)
    assert "2 documents read" in corpus.summary() and "2 files skipped" in corpus.summary()


def test_web_debris_is_removed_and_counted():
    page = "\n".join(
        [
            "首页 政务公开 政务服务 互动交流 专题专栏",
            "当前位置:首页 > 政策法规",
            "来源:某某体育 发布时间:2024-09-08 09:32:56",
            "字号:",
            "一、总体要求",
            "支持保税维修。",
            "分享:",
            "扫一扫在手机打开当前页",
            "商务投诉热线",
            "您访问的链接即将离开",
            "是否继续?",
            "继续访问 取消",
        ]
    )
    result = clean_text(page)
    assert result.text == "一、总体要求\n支持保税维修。"
    assert result.removed["navigation bar"] == 1
    assert result.removed["spam source line"] == 1
    assert result.removed["page footer"] >= 3


def test_policy_lines_that_resemble_debris_are_kept():
    text = "一、当前位置优势\n分享经济是重点。支持共享平台建设，推动分享经济与制造业融合发展。"
    assert clean_text(text).text == text


def test_only_the_reply_grade_beside_the_disclosure_flag_is_removed():
    # Proposal-reply pages print a grade letter beside 同意公开; a letter in a list is text.
    page = "渝商务函〔2021〕114号\n\nA\n\n同意公开\n\n评价等级：\nA\n优秀。\nB\n良好。"
    assert clean_text(page).text == "渝商务函〔2021〕114号\n评价等级：\nA\n优秀。\nB\n良好。"


def test_another_sites_header_above_a_breadcrumb_is_removed():
    page = "天津市商务局 Tianjin Municipal Commission of Commerce\nshangwu.tj.gov.cn\n您现在的位置：首页 > 政务公开\n一、总体要求\n正文。"
    result = clean_text(page)
    assert result.text == "一、总体要求\n正文。"
    assert result.removed["site header"] == 2


def test_title_and_doc_number_above_a_breadcrumb_are_kept():
    page = "关于印发实施方案的通知\n津商务发〔2021〕5号\n当前位置：首页 > 政策文件\n一、总体要求\n正文。"
    assert clean_text(page).text == "关于印发实施方案的通知\n津商务发〔2021〕5号\n一、总体要求\n正文。"


def test_short_title_lines_above_body_text_are_kept():
    text = "宜昌市实施方案\n宜府办发〔2022〕5号\n各县市区人民政府：\n一、总体要求\n正文。"
    assert clean_text(text).text == text
