"""The product's promises about how each bundled document is split into clauses."""

from helpers import clauses_of, find_clause, path_of

from search.normalize import compact


def test_yichang_bonded_maintenance_clause_is_its_own_chunk(corpus):
    clause = find_clause(corpus, "宜昌", "2.维修维护服务")
    assert path_of(clause) == [compact("二、重点领域"), compact("（二）宜昌优势及潜力领域")]
    assert "保税维修" in clause.text
    assert "3.新能源和新材料技术研发服务" not in clause.text
    assert clause.departments == ["市商务局", "市交通运输局"]


def test_tianjin_customs_clause_sits_under_trade_facilitation(corpus):
    clause = find_clause(corpus, "天津", "19.優化海關監管")
    assert path_of(clause) == [compact("三、工作任務"), compact("（六）推進貿易便利化")]
    assert clause.text.startswith("19.優化海關監管")  # displayed in its original script
    assert "单一窗口" in clause.search_text  # indexed in simplified form
    assert clause.departments == ["市商務局", "天津海關"]


def test_datong_nineteen_numbered_measures_are_nineteen_clauses(corpus):
    measures = [
        c
        for c in clauses_of(corpus, "大同")
        if c.heading[:3].rstrip(".").isdigit() or c.heading[:2].rstrip(".").isdigit()
    ]
    assert [int(c.heading.split(".")[0]) for c in measures] == list(range(1, 20))
    last = measures[-1]
    assert last.heading == "19.加强知识产权保护和信息安全"
    assert (
        "成立创建工作领导小组,组织召开创建动员大会" not in last.text
    )  # the stage plans that follow are not measure 19


def test_datong_lead_and_responsible_units_are_both_extracted(corpus):
    clause = find_clause(corpus, "大同", "3.做好中国服务外包示范城市建设")
    assert clause.departments[:2] == ["市数字政府服务中心", "市发改委"]
    assert "各县(区)人民政府和大同经开区管委会" in clause.departments


def test_chongqing_logistics_clause_sits_under_next_steps_and_footer_is_gone(corpus):
    clause = find_clause(corpus, "重庆", "（四）提升物流和人才保障能力")
    assert path_of(clause) == [compact("三、下一步工作")]
    chongqing_text = "".join(c.text for c in clauses_of(corpus, "重庆"))
    for debris in ["扫一扫在手机打开当前页", "继续访问", "公平竞争审查投诉热线", "首页 政务公开", "[ 索引号 ]"]:
        assert debris not in chongqing_text


def test_chongqing_lost_first_heading_is_restored_as_top_level(corpus):
    clause = find_clause(corpus, "重庆", "（二）新兴数字化服务外包快速增长")
    assert path_of(clause) == [compact("1. 近年重庆服务外包发展情况")]


def test_chongqing_long_paragraphs_are_split_at_sentence_ends(corpus, settings):
    parts = [c for c in clauses_of(corpus, "重庆") if c.part]
    assert parts, "expected over-long Chongqing clauses to be split"
    for part in parts:
        assert len(part.text) <= settings.max_clause_chars + 200
        assert part.text.rstrip()[-1] in "。；;！？?!…\u3002" or part.text.rstrip().endswith(("%", "）", ")"))


def test_chongqing_statistics_table_reads_as_rows(corpus):
    tables = [c for c in clauses_of(corpus, "重庆") if c.kind == "table"]
    assert len(tables) == 1
    rows = tables[0].text.split("\n")
    assert "重庆 2020年：执行额 22.8 亿美元，全国占比 2.1" in rows
    assert "武汉 2016年：执行额 5.8 亿美元，全国占比 0.8" in rows


def test_shanghai_bare_main_tasks_heading_is_top_level(corpus):
    clause = find_clause(corpus, "上海", "6.大力发展生物医药研发外包")
    assert path_of(clause) == [compact("主要任务"), compact("（二）推动重点领域发展")]


def test_shanghai_annex_rows_link_to_their_measure_and_give_it_their_units(corpus):
    measure = find_clause(corpus, "上海", "1.推动建设高质量的数字基础设施")
    assert "市规划资源局" in measure.departments  # only the annex names this unit
    annex_rows = [c for c in clauses_of(corpus, "上海") if c.kind == "annex"]
    assert len(annex_rows) == 45
    assert all(row.linked_clause for row in annex_rows)
    assert {row.linked_clause for row in annex_rows if "数字基础设施" in row.heading} == {measure.id}


def test_every_clause_has_offsets_into_the_cleaned_document(corpus):
    documents = {d.doc_id: d for d in corpus.documents}
    for clause in corpus.clauses:
        if clause.kind == "table":
            continue
        assert documents[clause.doc_id].text[clause.start : clause.end] == clause.text


def test_clause_ids_are_unique_and_stable(corpus, settings):
    from search.config import ROOT
    from search.ingest.corpus import load_corpus

    again = load_corpus([ROOT / "corpus"], settings)
    assert [c.id for c in again.clauses] == [c.id for c in corpus.clauses]
    assert len({c.id for c in corpus.clauses}) == len(corpus.clauses)


def test_indexed_text_carries_city_title_and_section_context(corpus):
    clause = find_clause(corpus, "大同", "2.建立市服务外包领导小组成员联席会议制度")
    assert clause.search_text.startswith("大同 大同市创建中国服务外包示范城市工作实施方案")


def test_chongqing_long_reply_paragraph_is_split_at_its_numbered_points(corpus):
    """(四) runs 1,100 characters through 一是…四是: its talent point is a clause, not the tail of the aviation one."""
    parts = [c for c in clauses_of(corpus, "重庆") if path_of(c)[-1:] == [compact("三、下一步工作")]]
    talent = [c for c in parts if c.text.startswith("四是强化服务外包人才支撑")]
    assert len(talent) == 1 and "建设一批服务外包人才培训基地" in talent[0].text
    assert "航空" not in talent[0].text
    assert compact(talent[0].heading) == compact("(四)提升物流和人才保障能力") and talent[0].part == 4
