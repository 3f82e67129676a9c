"""HTML of the app's cards, comparison table, quotes and clause context: every value escaped, layout kept."""

import re
from dataclasses import replace

from records_support import clause

from search.answer.compare import CityRow
from search.present.presentation import (
    comparison_html,
    context_html,
    document_page_html,
    hit_card_html,
    quote_html,
)
from search.present.terminal import format_document, format_hit
from search.records import (
    Adoption,
    CitedDocument,
    Document,
    DocumentLineage,
    DocumentMeta,
    DocumentPage,
    DocumentSummary,
    Doubt,
    Effect,
    Hit,
    Mention,
    Validity,
)

MARKUP = "<img src=x onerror=alert(7)>"


def test_compare_view_escapes_a_city_name_with_markup():
    html = comparison_html([CityRow(MARKUP, Hit(1, 0.9, clause(city=MARKUP)))])
    assert "<img" not in html
    assert '<span class="ps-badge">&lt;img src=x onerror=alert(7)&gt;</span>' in html


def test_compare_view_names_a_missing_city_as_unknown_like_the_cards():
    hit = Hit(1, 0.9, clause(city=None))
    html = comparison_html([CityRow(None, hit)])
    assert '<span class="ps-badge">未识别城市</span>' in html and "None" not in html and ">?<" not in html
    assert '<span class="ps-badge">未识别城市</span>' in hit_card_html(hit, None)


def test_a_national_or_provincial_document_is_badged_with_its_province_not_as_unplaced():
    national = Hit(1, 0.9, replace(clause(city=None), province="全国"))
    assert '<span class="ps-badge">全国</span>' in hit_card_html(national, None)
    assert '<span class="ps-badge">全国</span>' in comparison_html([CityRow(None, national)])


def test_an_uploaded_document_is_badged_as_an_upload_on_cards_and_comparisons():
    uploaded, published = Hit(1, 0.9, clause(), uploaded=True), Hit(2, 0.8, clause())
    assert "上传 uploaded" in hit_card_html(uploaded, None) and "上传 uploaded" not in hit_card_html(published, None)
    assert "上传 uploaded" in comparison_html([CityRow("宜昌", uploaded)])


def test_a_report_is_badged_as_one_on_cards_comparisons_and_the_terminal():
    report, text = Hit(1, 0.9, clause(), reported=True), Hit(2, 0.8, clause())
    assert "报道 report" in hit_card_html(report, None) and "报道 report" not in hit_card_html(text, None)
    assert "报道 report" in comparison_html([CityRow("宜昌", report)])
    assert "[报道 report]" in format_hit(report) and "报道" not in format_hit(text)


def test_compare_view_has_one_row_per_city_with_its_section_and_highlighted_provision():
    shanghai = clause("推进保税维修。", city="上海", id="sh-1", doc_title="上海市实施方案", section_path=[], heading="")
    rows = [CityRow("宜昌", Hit(1, 0.9, clause(), [(6, 10)])), CityRow("上海", Hit(2, 0.8, shanghai, [(2, 6)]))]
    html = comparison_html(rows)
    assert re.findall(r'<tr data-city="([^"]*)" data-clause="([^"]*)">', html) == [("宜昌", "yc-1"), ("上海", "sh-1")]
    assert "宜昌市建设中国服务外包示范城市实施方案</a><br>一、主要任务 › 2.维修维护服务" in html
    assert (
        '<a class="ps-doclink" href="?document=yc" target="_self">上海市实施方案</a><br>（正文前言 preamble）' in html
    )
    assert "支持开展飞机<mark>保税维修</mark>业务。" in html and "推进<mark>保税维修</mark>。" in html


def test_every_html_builder_escapes_markup_in_every_field():
    hostile = clause(
        f"正文{MARKUP}",
        city=MARKUP,
        id=f"id{MARKUP}",
        doc_title=f"标题{MARKUP}",
        section_path=[f"一、{MARKUP}"],
        heading=f"2.{MARKUP}",
        departments=[f"市商务局{MARKUP}"],
    )
    meta = DocumentMeta(city=MARKUP, title=MARKUP, doc_number=f"宜政发{MARKUP}", date_issued=f"2022{MARKUP}")
    document = Document("yc", "x.txt", "", meta, "hash")
    hit = Hit(1, 0.9, hostile, [(0, 2)], adopted=[Adoption(MARKUP, f"d{MARKUP}", f"2020{MARKUP}")])
    lineage = DocumentLineage(
        cites=[CitedDocument(MARKUP, MARKUP, None), CitedDocument(MARKUP, None, "x")],
        mentions=[Mention(MARKUP, MARKUP, "x", Doubt.CARRIED_IN_FULL)],
    )
    summary = DocumentSummary(document, Validity(MARKUP, MARKUP), MARKUP, 1, lineage)
    pages = [
        hit_card_html(hit, document),
        comparison_html([CityRow(MARKUP, hit)]),
        document_page_html(DocumentPage(summary, [hostile], {hostile.id: [(0, 2, MARKUP)]}, {"x": MARKUP})),
        context_html([(hostile, True), (hostile, False)]),
        quote_html(f"目标{MARKUP}亿美元", MARKUP, 1),
    ]
    for page in pages:
        assert "<img" not in page and "&lt;img src=x onerror=alert(7)&gt;" in page


def test_a_mention_in_doubt_shows_with_its_reason_and_no_link():
    document = Document("yc", "x.txt", "", DocumentMeta(title="宜昌市某办法"), "hash")
    lineage = DocumentLineage(mentions=[Mention("门前五包", None, "other", Doubt.NOT_A_DOCUMENT_TYPE)])
    summary = DocumentSummary(document, Validity("现行有效", ""), None, 0, lineage)
    html = document_page_html(DocumentPage(summary, [], {}, {"other": "门前五包"}))
    mention = re.search(r'<li class="ps-mention">(.*?)</li>', html)
    assert mention and mention.group(1).startswith("《门前五包》") and "名称不似文件" in mention.group(1)
    assert "?document=other" not in html


def test_a_report_titled_by_the_document_it_reports_is_badged_as_a_report():
    pages = {}
    for reported in (True, False):
        document = Document("yc", "x.txt", "", DocumentMeta(title="宜昌市某办法", reported=reported), "hash")
        summary = DocumentSummary(document, Validity("现行有效", ""), None, 0)
        pages[reported] = document_page_html(DocumentPage(summary, [], {}, {}))
    assert "报道 report</span>" in pages[True] and "报道 report" not in pages[False]
    line = format_document(
        DocumentSummary(Document("yc", "x.txt", "", DocumentMeta(reported=True), "h"), None, None, 3)
    )
    assert line.endswith(" | 3 clauses | 报道 report")


def test_view_in_document_shows_the_clause_among_its_neighbours_itself_marked():
    before, target, after = (clause(f"第{n}条。", id=f"yc-{n}", heading=f"{n}.") for n in (1, 2, 3))
    html = context_html([(before, False), (target, True), (after, False)])
    blocks = re.findall(r'<div class="(ps-ctx[^"]*)">.*?<div>(.*?)</div></div>', html)
    assert blocks == [("ps-ctx", "第1条。"), ("ps-ctx ps-ctx-target", "第2条。"), ("ps-ctx", "第3条。")]


def test_a_card_says_which_other_cities_hold_the_same_provision_escaped():
    hit = Hit(1, 0.9, clause(), also_in=["武汉", MARKUP], copy_count=3)
    html = hit_card_html(hit, None)
    assert (
        '<div class="ps-also">同见 also in: 武汉、&lt;img src=x onerror=alert(7)&gt; (3 other documents)</div>' in html
    )
    assert "ps-also" not in hit_card_html(Hit(1, 0.9, clause()), None)


def test_a_national_adopter_is_named_by_its_province_in_the_first_adopter_column():
    national = Hit(1, 0.9, clause(city=None), adopted=[Adoption(None, "全国.gf-2014-67", "2014-12-24", "全国")])
    assert "全国 2014-12-24" in comparison_html([CityRow(None, national)])


def test_what_a_document_does_to_each_cited_one_shows_beside_it_held_or_not():
    document = Document("bj", "x.txt", "", DocumentMeta(title="北京市人民政府关于修改部分规章的决定"), "hash")
    lineage = DocumentLineage(
        cites=[
            CitedDocument("北京市公路养路费征收管理办法", None, None, Effect.AMENDS),
            CitedDocument("北京市旧办法", None, "old", Effect.REPEALS),
            CitedDocument("中华人民共和国治安管理处罚法", None, None),
        ]
    )
    summary = DocumentSummary(document, Validity("现行有效", ""), None, 0, lineage)
    items = re.findall(r"<li>(.*?)</li>", document_page_html(DocumentPage(summary, [], {}, {"old": "北京市旧办法"})))
    assert "修改 amended by this document" in items[0] and "库中无" in items[0]
    assert "?document=old" in items[1] and "废止 repealed by this document" in items[1]
    assert "ps-effect" not in items[2]  # only cited
