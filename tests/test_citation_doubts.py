"""Citations in doubt: a name standing in a kind of text where the held-out checks found most wrong rows is kept
as a mention with its reason, and links nothing; a plain citation is asserted as before."""

from __future__ import annotations

from dataclasses import replace

import pytest

from search.ingest.citations.reading import find_references
from search.lineage.graph import LineageGraph
from search.records import Clause, Document, DocumentMeta, Doubt, Effect, Mention


def clause(text: str, n: int = 1, section: list[str] | None = None) -> Clause:
    return Clause(f"d:{n:03d}", "d", "武汉", "t", section or [], "", text, "clause", 0, len(text))


def doubts(*texts: str, title: str = "武汉市某办法", section: list[str] | None = None) -> list[Doubt | None]:
    clauses = [clause(text, n, section if n > 1 else None) for n, text in enumerate(texts, 1)]
    return [r.doubt for r in find_references(clauses, DocumentMeta(title=title))]


@pytest.mark.parametrize(
    "text",
    [
        "一、根据《中华人民共和国行政许可法》，制定本办法。",
        "二、按照《国务院关于促进服务外包产业加快发展的意见》(国发〔2014〕67号)要求。",
        "三、落实《服务外包产业重点发展领域指导目录(2018年版)》。",
        "四、按照国发〔2014〕67号文件精神。",
        "五、贯彻《湖北省突发事件总体应急预案(试行)》。",
    ],
)
def test_a_plain_citation_is_asserted(text):
    assert doubts("武汉市某办法", text) == [None]


def test_an_environmental_impact_report_is_a_document():
    assert doubts("某通知", "一、《某港区液体散货泊位工程环境影响报告书》获得批复。") == [None]


@pytest.mark.parametrize("name", ["门前五包", "蜀川胜概图", "人与生物圈保护网络"])
def test_a_title_no_genre_word_ends_is_in_doubt(name):
    assert doubts("武汉市某办法", f"一、临街商户要履行《{name}》的要求。") == [Doubt.NOT_A_DOCUMENT_TYPE]


def test_a_title_with_a_number_is_a_document_whatever_it_ends_with():
    assert doubts("武汉市某办法", "一、落实《通化市招商引资暨项目建设责任制》(通发〔2006〕6号)。") == [None]


def test_a_title_the_page_prints_as_the_head_of_a_text_it_carries_is_in_doubt():
    carried = "天津市劳动防护用品管理规定"
    texts = ("市劳动局拟定的《天津市劳动防护用品管理规定》请遵照执行。", f"{carried}\n第一条 为了保护劳动者")
    assert doubts(*texts, title="关于批转的通知") == [Doubt.CARRIED_IN_FULL]


def test_a_reprints_heading_naming_the_full_text_it_carries_puts_the_title_in_doubt():
    texts = ("某市物业管理办法全文", "《某市物业管理办法》从2005年7月20日开始实行,下面是整理的办法全文:")
    assert doubts(*texts, title="") == [Doubt.CARRIED_IN_FULL]
    assert doubts("某市物业管理办法的由来", texts[1], title="") == [None]


def test_a_same_titled_document_with_its_own_number_is_not_the_page_carried():
    title = "关于开展规范性文件集中清理工作的通知"
    text = f"根据自治州《{title}》(巴政办发〔2023〕35号)要求，现开展全县清理。"
    [reference] = find_references(
        [clause(title), clause(text, 2)], DocumentMeta(title=title, doc_number="和政办发〔2023〕5号")
    )
    assert reference.doubt is None


def test_the_pages_own_title_without_关于_in_a_headline_is_in_doubt():
    title = "国务院关于推动内蒙古高质量发展奋力书写中国式现代化新篇章的意见"
    headline = "【中国法令】国务院《推动内蒙古高质量发展奋力书写中国式现代化新篇章的意见》友善列印"
    assert doubts(headline, title=title) == [Doubt.NEAR_OWN_TITLE]


def test_another_citys_document_of_the_same_wording_is_not_near_the_own_title():
    text = "一、根据《长沙市人民政府关于加快服务外包发展的实施意见》，结合我市实际。"
    assert doubts("某办法", text, title="武汉市人民政府关于加快服务外包发展的实施意见") == [None]


def test_a_number_alone_at_the_head_of_the_page_is_in_doubt_below_it_not():
    head = "云南省人民政府关于印发某实施方案的通知 财建〔2021〕148号 各州、市人民政府:"
    assert doubts(head, "一、按照国发〔2014〕67号文件精神。") == [Doubt.NUMBER_AT_HEAD, None]


def test_a_decree_number_naming_its_issuer_by_level_only_is_in_doubt():
    text = "(一)《黑龙江省犬类管理规定》(1987年10月13日公布,2006年省政府令第11号修正)。"
    found = doubts("某决定", text)
    assert found == [None, Doubt.NUMBER_WITHOUT_ISSUER]


def test_items_of_an_annex_that_repeals_or_amends_with_no_effect_read_are_in_doubt():
    annex = "附件1\n省人民政府决定废止的省政府规章\n一、《山西省肥料管理办法》\n二、《山西省散装水泥促进办法》"
    assert doubts("某决定", annex) == [Doubt.UNDER_AN_ACT, Doubt.UNDER_AN_ACT]
    amended = "附件2\n一、《山西省城市绿化实施办法》\n将第十四条改为:“任何单位不得擅自砍伐。”"
    assert doubts("某决定", amended) == [Doubt.UNDER_AN_ACT]


def test_a_repeal_the_text_states_is_never_in_doubt_for_the_pages_own_title():
    title = "武汉市人民政府关于印发武汉市服务外包扶持办法的通知"
    text = f"本办法自印发之日起施行，《{title}》(武政〔2012〕3号)同时废止。"
    [reference] = find_references([clause(text)], DocumentMeta(title=title, doc_number="武政〔2016〕9号"))
    assert reference.effect is Effect.REPEALS and reference.doubt is None


def document(doc_id: str, title: str, text: str, number: str | None = None) -> Document:
    meta = DocumentMeta(title=title, doc_number=number)
    clauses = [Clause(f"{doc_id}:001", doc_id, "武汉", title, [], "", text, "clause", 0, len(text))]
    return Document(doc_id, f"{doc_id}.txt", text, meta, doc_id, references=find_references(clauses, meta))


def test_a_mention_in_doubt_is_listed_with_its_reason_and_links_nothing():
    cited = document("a", "门前五包", "一、各商户做好门前卫生。")
    citing = document(
        "b", "武汉市某办法", "为做好工作，制定本办法。临街商户要履行《门前五包》责任制，按照国发〔2014〕67号文件精神。"
    )
    graph = LineageGraph.build([cited, citing])
    lineage = graph.of("b")
    assert lineage.mentions == [Mention("门前五包", None, "a", Doubt.NOT_A_DOCUMENT_TYPE)]
    assert [c.number for c in lineage.cites] == ["国发〔2014〕67号"]
    assert graph.of("a").cited_by == [] and graph.links("b") == {}
    assert graph.citing("门前五包") == [] and graph.citing("国发〔2014〕67号") == ["b"]


def test_mentions_survive_the_lineage_file(tmp_path):
    citing = document("b", "武汉市某办法", "一、临街商户要履行《门前五包》责任制。")
    LineageGraph.build([citing]).save(tmp_path)
    loaded = LineageGraph.load(tmp_path, [citing])
    assert loaded.of("b").mentions == [Mention("门前五包", None, None, Doubt.NOT_A_DOCUMENT_TYPE)]


@pytest.mark.parametrize(
    "line",
    [
        "(1994年3月30日陕西省人民政府陕政发[1994]17号发布)",  # a dateline under the heading
        "北京市人民政府令\n第293号",  # a decree's number under its issuer
        "杭政办〔2007〕32号各区、县(市)人民政府,市政府各部门:服务外包产业是现代高端服务业的重要组成部分。",
        # a journal index's abstract of a decision: its red header, number and addressees run into one line
        "<正>辽宁省人民政府文件辽政发[2021]19号各市人民政府,省政府各厅委、各直属机构:根据有关要求,决定取消一批事项。",
        "<正>津政办规〔2022〕3号为健全完善科技成果评价机制,推动科技成果转化,制定本措施。",  # the abstract's opening
    ],
)
def test_a_number_its_line_prints_as_the_pages_own_is_in_doubt_below_the_head(line):
    assert doubts("某通知", "为做好工作，特通知如下。", line) == [Doubt.NUMBER_ON_OWN_LINE]


def test_a_forwarding_lists_numbers_after_their_red_headers_are_asserted():
    forwarded = "现将以下文件转发给你们，请遵照执行。\n省人民政府文件粤府〔2020〕5号\n省商务厅文件粤商务〔2020〕3号"
    assert doubts("某通知", forwarded, "按照粤府〔2020〕5号要求落实。") == [None, None, None]


def test_a_number_in_a_sentence_on_its_own_line_is_asserted():
    assert doubts("某通知", "为做好工作，特通知如下。", "按照国发〔2014〕67号文件要求执行。") == [None]


def test_three_numbers_each_on_a_line_of_its_own_are_a_gazettes_contents_not_the_pages():
    contents = "市政府关于表彰的决定\n(徐政发〔2019〕14号)\n市政府关于实施的意见\n(徐政发〔2019〕15号)\n某通知\n(徐政发〔2019〕16号)"
    assert doubts(contents) == [None, None, None]


def test_the_pages_own_number_held_in_doubt_at_its_head_is_in_doubt_where_a_paragraph_repeats_it():
    assert doubts("词条 释义 甘发改规划〔2006〕1065号", "甘发改规划〔2006〕1065号未来5年，是关键时期。") == [
        Doubt.NUMBER_AT_HEAD,
        Doubt.NUMBER_AT_HEAD,
    ]


def test_what_a_批转_notice_approves_is_near_its_own_title():
    texts = ("某通知", "现将省水利厅《关于加强水资源统一管理的报告》转发给你们，请认真遵照执行。")
    assert doubts(*texts, title="陕西省人民政府批转省水利厅关于加强水资源统一管理的报告的通知") == [
        Doubt.NEAR_OWN_TITLE
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("力争年内完成的立法项目共12件。其中地方性法规有2件，包括《湖南省大气污染防治条例》、《湖南省散装水泥条例(修订)》。",
         [Doubt.TO_BE_MADE, None]),  # a plan's projects; one a law in force it revises
        ("我市拟制定《武汉市数据条例》，明年提请审议。", [Doubt.TO_BE_MADE]),
        ("我市于2009年制定了《银川市城市住房保障管理试行办法》。", [None]),  # made
        ("提高立法项目的质量，根据《规章制定程序条例》和《河南省规章制定程序规定》开展工作。", [None, None]),
        ("我市将根据自治区要求，制定《通辽市污染源普查实施方案》。", [None]),  # the words after the plan rest on a text
    ],
)  # fmt: skip
def test_a_document_a_plan_means_to_make_is_in_doubt_one_made_or_rested_on_not(text, expected):
    assert doubts("某通知", text) == expected


def test_an_item_numbered_line_holding_a_title_alone_heads_a_text_the_page_carries():
    texts = (
        "某通知",
        "省财政厅制定了《云南省科技揭榜制实施管理办法》,请遵照执行。",
        "3.云南省科技揭榜制实施管理办法\n第一条 为了推动",
    )
    assert doubts(*texts) == [Doubt.CARRIED_IN_FULL]


def test_a_decision_the_page_prints_under_its_own_heading_line_is_carried_in_full():
    decision = "杭州市人民代表大会常务委员会关于修改《杭州市城市供水管理条例》的决定"
    texts = (
        f"会议审议通过的《{decision}》，现予公布。",
        f"{decision}\n杭州市第十二届人民代表大会常务委员会决定作如下修改:",
    )
    assert doubts(*texts, title="杭州市人大常委会公告第37号")[0] == Doubt.CARRIED_IN_FULL


def test_a_title_alone_on_a_dated_line_is_a_heading_or_a_link_not_a_citation():
    line = "2010.10.13《中国银监会办公厅关于做好融资平台贷款清查工作的通知》银监办发〔2010〕309号"
    assert doubts("某通知", f"相关文件\n{line}") == [Doubt.DATED_LINE]
    assert doubts("某通知", "1.《中华人民共和国行政许可法》") == [None]  # an item of grounds: no date


def test_a_number_a_news_leads_sentence_names_at_the_head_is_no_own_number():
    lead = "四川新闻网讯\n近日,省委省政府下发了关于加快县域经济发展的两个文件(川委发〔2013〕21号和川委办〔2013〕19号)"
    assert doubts(lead) == [None, None]


def test_items_under_a_heading_that_plans_legislation_are_to_be_made_a_ground_is_not():
    plan = Clause(
        "d:002", "d", "杭州", "t", ["二、立法项目安排", "(一)需要年内提请审议的法规项目"], "", "", "clause", 0, 0
    )
    item = "1.《浙江省电力条例》(省发展改革委起草)"
    found = find_references([replace(plan, text=item, end=len(item))], DocumentMeta())
    assert [r.doubt for r in found] == [Doubt.TO_BE_MADE]
    ground = replace(plan, text="根据《规章制定程序条例》,制定本计划。", section_path=["一、立法项目安排的依据"])
    assert [r.doubt for r in find_references([ground], DocumentMeta())] == [None]
