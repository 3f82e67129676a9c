"""Metadata is detected from the content of each bundled document; what is not stated stays None."""

import json

import pytest
from helpers import write

from search.config import load_settings
from search.ingest.corpus import load_corpus

EXPECTED = {
    "宜昌": dict(
        title="宜昌市建设中国服务外包示范城市实施方案(2022-2025年)",
        issuer="宜昌市人民政府办公室",
        doc_number=None,
        date_issued="2022-05-07",
        doc_type="实施方案",
    ),
    "大同": dict(title="大同市创建中国服务外包示范城市工作实施方案", doc_type="实施方案", doc_number=None, issuer=None),
    "天津": dict(title=None, date_written="2020-07-24", doc_type="实施意见"),
    "上海": dict(
        title="上海市商务委员会等八部门关于印发《上海市推动服务外包加快转型升级的实施方案》的通知",
        issuer="上海市商务委员会等八部门",
        date_written="2020-11-23",
        doc_type="实施方案",
    ),
    "重庆": dict(
        title="重庆市商务委员会关于政协重庆市委员会第五届四次会议第0168号提案办理情况的答复函",
        issuer="重庆市商务委员会",
        doc_number="渝商务函〔2021〕114号",
        date_written="2021-04-02",
        date_published="2021-09-09",
        doc_type="答复函",
    ),
}


@pytest.mark.parametrize("city", sorted(EXPECTED))
def test_bundled_document_metadata(corpus, city):
    [document] = [d for d in corpus.documents if d.meta.city == city]
    for field, value in EXPECTED[city].items():
        assert getattr(document.meta, field) == value, field


def test_tianjin_issuers_come_from_its_signature_block(corpus):
    [tianjin] = [d for d in corpus.documents if d.meta.city == "天津"]
    assert tianjin.meta.issuer.startswith("市商务局、市委网信办")
    assert tianjin.meta.issuer.endswith("天津海关")
    assert tianjin.display_title == "天津实施意见（原文无标题）"


def test_city_comes_from_content_not_file_name(tmp_path):
    write(tmp_path, "shanghai_policy.txt", "大同市服务外包实施方案\n一、总体要求\n（一）目标。大同市将加快发展。\n")
    [document] = load_corpus([tmp_path], load_settings()).documents
    assert document.meta.city == "大同"


def test_override_file_corrects_detected_metadata(tmp_path):
    path = write(tmp_path, "doc.txt", "大同市服务外包实施方案\n一、总体要求\n（一）目标。大同市将加快发展。\n")
    (tmp_path / "doc.txt.meta.json").write_text(json.dumps({"city": "朔州", "title": "正确标题"}), encoding="utf-8")
    corpus = load_corpus([tmp_path], load_settings())
    [document] = corpus.documents
    assert (document.meta.city, document.meta.title) == ("朔州", "正确标题")
    assert corpus.clauses[0].city == "朔州"
    assert str(path) == document.path


def test_a_title_set_by_override_is_the_pages_own_though_a_lead_reported_it(tmp_path):
    lead = "日前，大同市人民政府印发了《大同市服务外包实施方案》。方案提出，大同市将加快发展服务外包。\n"
    write(tmp_path, "news.txt", lead)
    write(tmp_path, "copy.txt", lead)
    (tmp_path / "copy.txt.meta.json").write_text(json.dumps({"title": "大同市服务外包实施方案"}), encoding="utf-8")
    reported = {d.path.rsplit("/", 1)[-1]: d.meta.reported for d in load_corpus([tmp_path], load_settings()).documents}
    assert reported == {"news.txt": True, "copy.txt": False}


@pytest.mark.parametrize("value", ["false", None, 0])
def test_reported_in_an_override_must_be_true_or_false(tmp_path, value):
    write(tmp_path, "doc.txt", "日前，大同市人民政府印发了《大同市服务外包实施方案》。方案提出加快发展。\n")
    (tmp_path / "doc.txt.meta.json").write_text(json.dumps({"reported": value}), encoding="utf-8")
    corpus = load_corpus([tmp_path], load_settings())
    assert corpus.documents == [] and "reported must be true or false" in corpus.skipped[0].reason
    (tmp_path / "doc.txt.meta.json").write_text(json.dumps({"reported": False}), encoding="utf-8")
    assert load_corpus([tmp_path], load_settings()).documents[0].meta.reported is False


def test_override_with_unknown_field_is_refused(tmp_path):
    write(tmp_path, "doc.txt", "一、总体要求\n正文。\n")
    (tmp_path / "doc.txt.meta.json").write_text(json.dumps({"town": "x"}), encoding="utf-8")
    corpus = load_corpus([tmp_path], load_settings())
    assert corpus.documents == []
    assert "unknown field(s) town" in corpus.skipped[0].reason


def test_chinese_numeral_signature_date_is_the_date_written(tmp_path):
    write(tmp_path, "doc.txt", "一、总体要求\n（一）目标。加快发展服务外包。\n大同市商务局\n二〇二一年十二月三十一日\n")
    [document] = load_corpus([tmp_path], load_settings()).documents
    assert document.meta.date_written == "2021-12-31"
    assert document.meta.issuer == "大同市商务局"


def test_impossible_page_dates_are_left_empty(tmp_path):
    page = "[ 成文日期 ] 2021年13月45日 [ 发布日期 ] 2021-02-30\n一、总体要求\n（一）目标。加快发展服务外包。\n"
    write(tmp_path, "doc.txt", page)
    [document] = load_corpus([tmp_path], load_settings()).documents
    assert (document.meta.date_written, document.meta.date_published) == (None, None)
