"""Validity (时效性): each phrase a policy uses to say when it applies, what does not count, the status on a
given day, the override, and the in-force filter."""

import csv
import datetime
import io
import json
from dataclasses import replace

import pytest
from helpers import write
from records_support import clause

from search.answer.compare import CityRow
from search.config import Settings, load_settings
from search.errors import IngestError
from search.index.facets import Facets
from search.ingest.corpus import load_corpus
from search.ingest.facts.validity import with_validity
from search.lineage.graph import LineageGraph
from search.present.export import COLUMNS, hits_csv, hits_markdown
from search.present.presentation import comparison_html, hit_card_html, sources_html
from search.present.terminal import format_hit
from search.present.url_state import ViewState
from search.records import Citation, Document, DocumentMeta, Filters, Hit, Validity
from search.retrieve.retrieval import Searcher
from search.validity_rules import EXPIRED, IN_FORCE, NOT_YET_IN_FORCE, REPEALED, UNKNOWN, validity_status

DAY = datetime.date(2026, 11, 27)


def stated(text: str, title: str | None = None, **meta: str) -> DocumentMeta:
    return with_validity(DocumentMeta(title=title, **meta), text)


# -- effective date


def test_in_force_from_issue_is_the_issue_date_when_the_document_states_one():
    assert stated("本方案自印发之日起施行。", date_issued="2022-05-07").effective_date == "2022-05-07"
    assert stated("本方案自印发之日起施行。", date_written="2020-07-24").effective_date == "2020-07-24"


def test_in_force_from_issue_without_an_issue_date_stays_unknown():
    assert stated("本方案自印发之日起施行。").effective_date is None


def test_in_force_from_publication_prefers_the_publication_date():
    meta = stated("本办法自发布之日起实施。", date_written="2021-04-02", date_published="2021-09-09")
    assert meta.effective_date == "2021-09-09"


def test_a_stated_effective_date_in_either_numeral_form():
    assert stated("本办法自2021年1月1日起施行。").effective_date == "2021-01-01"
    assert stated("本办法自二〇二一年一月一日起施行。").effective_date == "2021-01-01"
    assert stated("本辦法自2021年3月1日起施行。").effective_date == "2021-03-01"  # traditional characters


def test_a_report_states_no_validity_of_its_own():
    title, text = (
        "某市“十三五”服务外包发展规划",
        "日前，某市印发了《某市“十三五”服务外包发展规划》，自2016年1月1日起施行。",
    )
    reported = with_validity(DocumentMeta(title=title, reported=True), text)
    assert (reported.plan_period, reported.effective_date) == (None, None)
    assert with_validity(DocumentMeta(title=title), text).plan_period == "2016-2020"


def test_another_documents_effective_date_is_not_this_ones():
    assert stated("《宜昌市服务外包扶持办法》自2019年1月1日起施行，继续执行。").effective_date is None


def test_a_date_in_a_measure_is_no_effective_date():
    assert stated("自2023年1月1日起，对新认定的企业给予奖励。").effective_date is None
    meta = stated("对自2023年1月1日起实施的项目给予补贴，认定有效期3年。")
    assert (meta.effective_date, meta.valid_years) == (None, None)


# -- end of validity


def test_valid_until_a_date():
    assert stated("本办法有效期至2025年12月31日。").valid_until == "2025-12-31"
    assert stated("本政策自印发之日起施行，有效期到2024年底。").valid_until == "2024-12-31"
    assert stated("本措施有效期至2025年2月。").valid_until == "2025-02-28"


def test_validity_years_are_counted_from_the_effective_date():
    meta = stated("本办法自2021年1月1日起施行，有效期5年。")
    assert (meta.effective_date, meta.valid_until, meta.valid_years) == ("2021-01-01", "2025-12-31", 5)
    meta = stated("本方案自印发之日起施行，有效期三年。", date_issued="2022-05-07")
    assert meta.valid_until == "2025-05-06"


def test_validity_years_without_a_start_keep_the_term_but_no_end():
    meta = stated("本办法有效期5年。")
    assert (meta.valid_until, meta.valid_years) == (None, 5)
    assert validity_status(meta, DAY) == Validity(UNKNOWN, "有效期5年，起算日不详")


def test_a_validity_span_gives_start_and_end():
    meta = stated("十、本办法有效期自2021年1月1日起至2023年12月31日止。")
    assert (meta.effective_date, meta.valid_until) == ("2021-01-01", "2023-12-31")


@pytest.mark.parametrize(
    "text",
    [
        "高新技术企业资格有效期3年，期满后需重新认定。",  # a certificate's term
        "对在有效期内的技术先进型服务企业给予支持。",
        "到2025年，全市服务外包执行额达到10亿美元。",  # a target year
        "《某市服务外包扶持办法》有效期至2020年12月31日，期满后另行制定。",  # another document's end
    ],
)
def test_other_validity_and_target_years_are_no_end_of_validity(text):
    meta = stated(text)
    assert (meta.valid_until, meta.valid_years) == (None, None)


# -- trial status and plan period


def test_trial_and_interim_documents_are_known_by_title_or_by_their_own_words():
    assert stated("", title="宜昌市服务外包专项资金管理办法(试行)").trial == "试行"
    assert stated("", title="上海市服务外包企业认定暂行办法").trial == "暂行"
    assert stated("本办法自印发之日起试行，试行期两年。").trial == "试行"


def test_a_quoted_interim_document_does_not_make_this_one_a_trial():
    assert stated("依据《服务外包企业认定暂行办法》和《人才培训试行办法》，制定本方案。").trial is None


@pytest.mark.parametrize(
    "title, period",
    [
        ("宜昌市建设中国服务外包示范城市实施方案(2022-2025年)", "2022-2025"),
        ("南京市服务外包三年行动计划（2021—2023年）", "2021-2023"),
        ("2022—2025年合肥市服务外包发展规划", "2022-2025"),
        ("武汉市“十四五”服务外包发展规划", "2021-2025"),
        ("大同市创建中国服务外包示范城市工作实施方案", None),
        ("某市实施方案(2025-2022年)", None),  # not a period
    ],
)
def test_a_plans_period_is_read_from_its_title(title, period):
    assert stated("", title=title).plan_period == period


def test_a_period_in_the_body_is_not_the_documents():
    assert stated("2022-2025年宜昌市服务外包执行额奋斗目标", title="宜昌市实施方案").plan_period is None


# -- status on a day


@pytest.mark.parametrize(
    "meta, day, status, reason",
    [
        (DocumentMeta(valid_until="2025-12-31"), datetime.date(2025, 12, 31), IN_FORCE, "有效期至2025-12-31"),
        (DocumentMeta(valid_until="2025-12-31"), datetime.date(2026, 1, 1), EXPIRED, "有效期至2025-12-31，已届满"),
        (DocumentMeta(plan_period="2022-2025"), datetime.date(2024, 6, 1), IN_FORCE, "规划期2022-2025年内"),
        (DocumentMeta(plan_period="2022-2025"), DAY, EXPIRED, "规划期2022-2025年已结束"),
        (DocumentMeta(plan_period="2022-2025", valid_until="2027-06-30"), DAY, IN_FORCE, "有效期至2027-06-30"),
        (DocumentMeta(trial="试行"), DAY, UNKNOWN, "试行，未写明有效期"),
        (DocumentMeta(trial="试行", valid_until="2027-01-01"), DAY, IN_FORCE, "试行，有效期至2027-01-01"),
        (DocumentMeta(effective_date="2021-01-01"), DAY, UNKNOWN, "自2021-01-01起施行，未写明有效期"),
        (
            DocumentMeta(effective_date="2027-01-01", valid_until="2031-12-31"),
            DAY,
            NOT_YET_IN_FORCE,
            "自2027-01-01起施行",
        ),
        (DocumentMeta(), DAY, UNKNOWN, "未写明施行日期和有效期"),
        (DocumentMeta(plan_period="2022-2025", status=IN_FORCE), DAY, IN_FORCE, "据人工标注 (.meta.json)"),
    ],
)
def test_status_on_a_day(meta, day, status, reason):
    assert validity_status(meta, day) == Validity(status, reason)


def test_the_in_force_facet_agrees_with_the_status_of_every_document():
    metas = [
        DocumentMeta(valid_until="2025-12-31"),
        DocumentMeta(plan_period="2022-2025"),
        DocumentMeta(trial="试行"),
        DocumentMeta(effective_date="2027-01-01", valid_until="2031-12-31"),
        DocumentMeta(plan_period="2020-2022", status=IN_FORCE),
        DocumentMeta(valid_until="2030-01-01", status=EXPIRED),
        DocumentMeta(),
    ]
    documents = [Document(f"d{n}", "", "", meta, "") for n, meta in enumerate(metas)]
    facets = Facets.build(documents, [])
    for day in (datetime.date(2024, 6, 1), datetime.date(2025, 12, 31), DAY, datetime.date(2027, 3, 1)):
        expected = [validity_status(meta, day).status == IN_FORCE for meta in metas]
        assert facets.in_force(day).tolist() == expected, day


# -- the bundled documents and the override


def test_bundled_documents_validity(corpus):
    found = {d.meta.city: validity_status(d.meta, DAY) for d in corpus.documents}
    assert found["宜昌"].status == EXPIRED and found["宜昌"].reason == "规划期2022-2025年已结束"
    for city in ("大同", "天津", "上海", "重庆"):  # none states when it takes effect or ends
        assert found[city].status == UNKNOWN, city


def test_an_override_sets_the_validity_and_wins(tmp_path):
    write(tmp_path, "a.txt", "朔州市服务外包实施方案\n一、总体要求\n本方案自印发之日起施行，有效期至2030年12月31日。\n")
    write(tmp_path, "a.txt.meta.json", json.dumps({"valid_until": "2025年6月30日", "trial": "试行"}))
    [document] = load_corpus([tmp_path], load_settings(corpus_dir=tmp_path)).documents
    assert (document.meta.valid_until, document.meta.trial) == ("2025-06-30", "试行")
    assert validity_status(document.meta, DAY).reason == "试行，有效期至2025-06-30，已届满"


def test_an_overrides_effective_date_starts_the_stated_term(tmp_path):
    write(tmp_path, "a.txt", "朔州市服务外包实施方案\n一、总体要求\n本方案自印发之日起施行，有效期3年。\n")
    write(tmp_path, "a.txt.meta.json", json.dumps({"effective_date": "2024-01-01"}))
    [document] = load_corpus([tmp_path], load_settings(corpus_dir=tmp_path)).documents
    assert document.meta.valid_until == "2026-12-31"


def test_an_override_with_an_unknown_status_names_the_file(tmp_path):
    write(tmp_path, "a.txt", "朔州市服务外包实施方案\n一、总体要求\n支持保税维修。\n")
    override = write(tmp_path, "a.txt.meta.json", json.dumps({"status": "有效"}))
    corpus = load_corpus([tmp_path], load_settings(corpus_dir=tmp_path))
    assert not corpus.documents
    [skipped] = corpus.skipped
    assert str(override) in skipped.reason and "现行有效, 已失效, 未知" in skipped.reason


@pytest.mark.parametrize(
    "values, message",
    [
        ({"valid_years": "五年"}, "valid_years must be a number of years"),
        ({"repeals": "《朔州市扶持办法》"}, "repeals must be a list of titles or document numbers"),
    ],
)
def test_read_override_refuses_validity_fields_of_the_wrong_kind(tmp_path, values, message):
    from search.ingest.facts.overrides import read_override

    document = write(tmp_path, "a.txt", "x")
    write(tmp_path, "a.txt.meta.json", json.dumps(values))
    with pytest.raises(IngestError, match=message):
        read_override(document)


# -- searching


def searcher_on(searcher: Searcher, day: str) -> Searcher:
    return Searcher(searcher.index, searcher.encoder, replace(searcher.settings, today=day))


def test_in_force_keeps_only_documents_in_force_on_the_day(searcher):
    during = searcher_on(searcher, "2024-06-01").search("保税维修", Filters(in_force=True), top_k=5).hits
    assert during and {h.clause.city for h in during} == {"宜昌"}
    assert all(h.validity.status == IN_FORCE and h.validity.reason == "规划期2022-2025年内" for h in during)
    after = searcher_on(searcher, "2026-11-27").search("保税维修", Filters(in_force=True), top_k=5)
    assert after.hits == []
    assert after.warnings == [
        "no document is in force on 2026-11-27 (无现行有效文件): 1 expired, 0 repealed, 0 not yet in force, 4 of "
        "unknown validity (no effective date or end stated); search without the in-force filter to see them"
    ]
    assert not searcher_on(searcher, "2024-06-01").search("保税维修", Filters(in_force=True)).warnings


def test_every_hit_carries_its_documents_validity_in_json(searcher):
    hits = searcher_on(searcher, "2026-11-27").search("保税维修", top_k=5).hits
    by_city = {h.clause.city: h.to_json()["validity"] for h in hits}
    assert by_city["宜昌"] == {"status": EXPIRED, "reason": "规划期2022-2025年已结束"}
    assert by_city["上海"]["status"] == UNKNOWN


def test_cli_in_force_and_json_validity(base_args_qa, capsys, monkeypatch):
    from search.cli import main

    monkeypatch.setenv("POLICY_SEARCH_TODAY", "2024-06-01")
    assert main([*base_args_qa, "query", "--json", "--in-force", "--top-k", "3", "保税维修"]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [h["validity"]["status"] for h in record["hits"]] == [IN_FORCE] * len(record["hits"]) != []
    assert main([*base_args_qa, "ask", "宜昌", "保税维修"]) == 0
    assert "| 现行有效（规划期2022-2025年内）" in capsys.readouterr().out


def test_cli_rejects_a_day_that_is_no_date(base_args_qa, capsys, monkeypatch):
    from search.cli import main

    monkeypatch.setenv("POLICY_SEARCH_TODAY", "tomorrow")
    assert main([*base_args_qa, "query", "--in-force", "保税维修"]) == 2
    assert "error: POLICY_SEARCH_TODAY must be a date like 2026-01-31, not 'tomorrow'" in capsys.readouterr().err


# -- showing it


def expired_hit() -> Hit:
    return Hit(1, 0.9, clause(), validity=Validity(EXPIRED, "规划期2022-2025年已结束"))


def test_result_cards_and_answer_sources_show_the_badge_with_its_reason_escaped():
    card = hit_card_html(expired_hit(), None)
    assert (
        '<span class="ps-valid ps-valid-out">已失效</span><span class="ps-valid-why">规划期2022-2025年已结束</span>'
        in card
    )
    citation = Citation(1, "宜昌", "宜昌市实施方案", ["一、主要任务"], "yc-1", Validity(IN_FORCE, "<b>有效期</b>"))
    sources = sources_html([citation], [""])
    assert 'ps-valid-in">现行有效' in sources and "&lt;b&gt;有效期&lt;/b&gt;" in sources and "<b>" not in sources
    assert 'ps-valid-out">已失效' in comparison_html([CityRow("宜昌", expired_hit())])


def test_terminal_and_exports_name_the_status_and_reason():
    assert format_hit(expired_hit()).endswith("\n    时效 validity: 已失效（规划期2022-2025年已结束）")
    [_, row] = csv.reader(io.StringIO(hits_csv([expired_hit()])))
    assert row[COLUMNS.index("validity")] == "已失效（规划期2022-2025年已结束）"
    assert "时效 Validity: 已失效（规划期2022-2025年已结束）" in hits_markdown("保税维修", [expired_hit()]).splitlines()


def test_a_link_keeps_the_in_force_filter_and_reports_other_values():
    settings = Settings()
    state = ViewState.from_params({"q": ["保税维修"], "valid": ["in-force"]}, settings)
    assert state.filters().in_force and state.to_params(settings)["valid"] == "in-force"
    assert state.checked_filters([], [], []).in_force
    bogus = ViewState.from_params({"valid": ["all"]}, settings).checked_filters([], [], [])
    assert (bogus.in_force, bogus.rejected) == (False, ["valid=all"])


# -- repeals and amendments: what later documents of the library did (tests/test_lineage.py has the rest)


def test_a_repealed_document_of_the_library_is_repealed_and_says_by_which_and_its_number(tmp_path):
    write(
        tmp_path, "old.txt", "朔州市服务外包扶持办法\n一、总则\n本办法自2018年1月1日起施行，有效期至2030年12月31日。\n"
    )
    write(
        tmp_path,
        "new.txt",
        "朔州市服务外包促进办法\n朔政发〔2021〕3号\n一、总则\n本办法自印发之日起施行，《朔州市服务外包扶持办法》同时废止。\n",
    )
    documents = load_corpus([tmp_path], load_settings(corpus_dir=tmp_path)).documents
    graph = LineageGraph.build(documents)
    old = next(d for d in documents if d.meta.title == "朔州市服务外包扶持办法")
    done = graph.supersession(old.doc_id)
    assert validity_status(old.meta, DAY, done) == Validity(
        REPEALED, "已被《朔州市服务外包促进办法》(朔政发〔2021〕3号)废止"
    )
    assert Facets.build(documents, [], graph).in_force(DAY).tolist() == [False, False]
