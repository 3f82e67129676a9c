"""Question answering: quoted, cited sentences grouped by city; figures pulled out; honest 'no answer'."""

import json

import pytest

from search.answer.answering import Answerer
from search.cli import main
from search.errors import EmptyQueryError
from search.evaluation.qa_eval import evaluate_questions
from search.normalize import compact


@pytest.fixture(scope="module")
def answerer(searcher):
    return Answerer(searcher)


def test_dev_question_targets(answerer, eval_dir):
    results = evaluate_questions(answerer, eval_dir / "dev_questions.jsonl")
    assert all(r.min_cities_met for r in results if r.expected_cities)
    assert all(r.figure_found for r in results if r.figure)
    assert all(r.no_answer_correct for r in results if r.no_answer)
    answerable = [r for r in results if not r.no_answer]
    assert all(r.answered_cities for r in answerable)  # no false "no answer"


def test_cross_city_answer_quotes_each_city_verbatim_with_citations(answerer, searcher):
    answer = answerer.answer("各城市如何支持保税维修？")
    assert answer.summary.startswith("4个城市有相关规定")
    assert {g.city for g in answer.by_city} == {"宜昌", "重庆", "天津", "上海"}
    clauses = {c.id: c for c in searcher.index.clauses}
    for group in answer.by_city:
        assert 1 <= len(group.points) <= 3
        for point in group.points:
            cited = clauses[point.citation.clause_id]
            assert point.text in cited.text  # verbatim, original script
            assert cited.city == group.city
    assert [c.number for c in answer.citations] == list(range(1, len(answer.citations) + 1))


def test_cities_without_a_relevant_provision_are_left_out(answerer):
    answer = answerer.answer("哪些城市提出发展众包、云外包等新模式？")
    assert [g.city for g in answer.by_city] == ["上海", "天津"]
    for group in answer.by_city:
        assert "众包" in compact(group.points[0].text) or "眾包" in group.points[0].text


def test_quantitative_answer_pulls_out_the_figure(answerer):
    answer = answerer.answer("宜昌到2025年要打造多少个省级服务外包示范园区？")
    [group] = answer.by_city
    assert group.city == "宜昌" and group.points[0].figure == "10个"
    assert answer.summary == "宜昌：10个"
    assert "省级服务外包示范园区10个" in group.points[0].text


@pytest.mark.parametrize("question", ["你好", "今天天气怎么样", "北京的房价是多少"])
def test_questions_the_corpus_cannot_answer_get_no_answer(answerer, question):
    answer = answerer.answer(question)
    assert answer.summary is None and answer.by_city == [] and answer.citations == []
    assert not answer.answered and answer.no_answer == "未找到相关条款" and "未找到相关条款" not in answer.warnings


def test_english_question_gets_an_english_summary_and_original_quotes(answerer):
    answer = answerer.answer("Which cities support pharmaceutical R&D outsourcing?")
    assert "cities have a relevant provision" in answer.summary and "Shanghai" in answer.summary
    assert {"上海", "天津"} <= {g.city for g in answer.by_city}
    tianjin = next(g for g in answer.by_city if g.city == "天津")
    assert "研發" in tianjin.points[0].text  # quoted in its own (traditional) script


def test_empty_question_is_refused(answerer):
    with pytest.raises(EmptyQueryError):
        answerer.answer("   ")


def test_ask_cli_json_contract(base_args_qa, capsys):
    assert main([*base_args_qa, "ask", "--json", "大同多久召开一次领导小组成员会议？"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert set(record) == {"question", "answer", "no_answer", "translated_query", "by_city", "citations"}
    assert record["no_answer"] is None and record["translated_query"] is None  # a Chinese question is not rendered
    point = record["by_city"][0]["points"][0]
    assert record["by_city"][0]["city"] == "大同" and point["figure"] == "每季度"
    assert set(point) == {"text", "figure", "citation", "id", "doc_title", "section_path"}
    citation_keys = {"number", "city", "doc_title", "section_path", "clause_id", "validity", "uploaded", "reported"}
    assert set(record["citations"][0]) == citation_keys and record["citations"][0]["uploaded"] is False
    assert record["citations"][point["citation"] - 1]["clause_id"] == point["id"]


def test_ask_cli_text_numbers_citations_and_says_when_nothing_matches(base_args_qa, capsys):
    assert main([*base_args_qa, "ask", "重庆2020年数字化服务外包执行额是多少？"]) == 0
    out = capsys.readouterr().out
    assert "重庆：22.13亿美元" in out and "【22.13亿美元】" in out and "[1] 重庆 |" in out
    assert main([*base_args_qa, "ask", "你好"]) == 0
    assert "未找到相关条款" in capsys.readouterr().out
    assert main([*base_args_qa, "ask", "--json", "你好"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["answer"] is None and record["no_answer"] == "未找到相关条款" and record["by_city"] == []


def test_ask_cli_empty_question_exits_2(base_args_qa, capsys):
    assert main([*base_args_qa, "ask", " "]) == 2
    assert "error: empty query" in capsys.readouterr().err
