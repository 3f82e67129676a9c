"""The stable CLI contract of `query` and `eval`, and its exit codes on bad input."""

import json

import pytest

from search.cli import main

# The README's contract for `query --json`.
HIT_FIELDS = {
    "rank",
    "score",
    "id",
    "city",
    "doc_title",
    "section_path",
    "heading",
    "text",
    "departments",
    "highlights",
    "also_in",
    "copies",
    "validity",
    "uploaded",
    "province",
    "district",
    "date",
    "adopted",
    "reported",
}


@pytest.fixture(scope="module")
def base_args(built_settings, searcher):  # `searcher` makes sure the index is built
    return ["--corpus", str(built_settings.corpus_dir), "--index", str(built_settings.index_dir)]


def test_query_json_prints_one_line_per_query(base_args, capsys):
    assert main([*base_args, "query", "--json", "--top-k", "3", "保税维修", "医药研发外包"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["query"] for r in records] == ["保税维修", "医药研发外包"]
    assert all(len(r["hits"]) == 3 for r in records)
    assert all(set(hit) == HIT_FIELDS for r in records for hit in r["hits"])
    first = records[0]["hits"][0]
    marked = {first["text"][start:end] for start, end in first["highlights"]}
    assert marked and marked <= {"保税维修", "保税", "维修"}


def test_query_text_output_marks_matched_terms(base_args, capsys):
    assert main([*base_args, "query", "--city", "宜昌", "保税维修"]) == 0
    out = capsys.readouterr().out
    assert " 1. [宜昌]" in out and "【保税维修】" in out


def test_empty_query_exits_2(base_args, capsys):
    assert main([*base_args, "query", "  "]) == 2
    assert "error: empty query" in capsys.readouterr().err


def test_unknown_city_exits_2_and_lists_known_cities(base_args, capsys):
    assert main([*base_args, "query", "--city", "北京", "人才"]) == 2
    assert "unknown city '北京'; known: 上海, 大同, 天津, 宜昌, 重庆" in capsys.readouterr().err


def test_huge_query_warns_and_still_answers(base_args, capsys):
    assert main([*base_args, "query", "--json", "人才培训" * 2500]) == 0
    captured = capsys.readouterr()
    assert "warning: query was 10000 characters" in captured.err
    assert json.loads(captured.out)["hits"]


def test_eval_prints_hybrid_and_both_baselines(base_args, eval_dir, capsys):
    assert main([*base_args, "eval", str(eval_dir / "dev_queries.jsonl")]) == 0
    out = capsys.readouterr().out
    for mode in ("hybrid", "lexical", "dense"):
        assert f"overall        {mode}" in out
    assert "crosslingual" in out and "strict R@10" in out


def test_eval_on_a_missing_file_exits_2(base_args, tmp_path, capsys):
    assert main([*base_args, "eval", str(tmp_path / "none.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize("top_k", ["0", "-5"])
def test_top_k_below_one_is_refused(base_args, top_k, capsys):
    assert main([*base_args, "query", "--top-k", top_k, "人才"]) == 2
    assert f"top-k must be at least 1, not {top_k}" in capsys.readouterr().err


def test_ask_has_no_top_k_option_to_ignore(base_args):
    with pytest.raises(SystemExit) as exit_:
        main([*base_args, "ask", "--top-k", "3", "各城市如何支持保税维修？"])
    assert exit_.value.code == 2


def test_control_characters_in_a_query_are_shown_escaped_not_sent_to_the_terminal(base_args, capsys):
    assert main([*base_args, "query", "--top-k", "1", "保税维修\x1b[2J\x07"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "# 保税维修\\x1b[2J\\x07" in out


def test_query_json_tells_how_each_query_was_read(base_args, capsys):
    assert main([*base_args, "query", "--json", '"保稅維修" -飞机 city:重庆', "人才培训"]) == 0
    operators, plain = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert operators["parsed"] == {
        "phrases": ["保税维修"],
        "excluded": ["飞机"],
        "any_of": [],
        "fields": {"city": ["重庆"]},
        "text": "",
        "notes": [],
    }
    assert operators["hits"] and all(hit["city"] == "重庆" for hit in operators["hits"])
    assert plain["parsed"]["text"] == "人才培训" and plain["why_empty"] is None


def test_query_sorted_newest_first_with_undated_documents_last(base_args, capsys):
    assert main([*base_args, "query", "--json", "--sort", "newest", "--top-k", "20", "人才培训"]) == 0
    dates = [hit["date"] for hit in json.loads(capsys.readouterr().out)["hits"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[len(dated) :] == [None] * (len(dates) - len(dated))


def test_query_text_output_shows_how_it_was_read_and_why_nothing_matched(base_args, capsys):
    assert main([*base_args, "query", '"保税维修" -保税']) == 0
    out = capsys.readouterr().out
    assert "  read as: 短语 保税维修 · 排除 保税" in out
    assert "  no matching clauses: every clause matching the rest of the query holds what -保税 excludes" in out


def test_a_field_with_an_unknown_value_exits_2_with_one_line(base_args, capsys):
    assert main([*base_args, "query", "维修 city:火星"]) == 2
    err = capsys.readouterr().err
    assert err == "error: city:火星 matches none of the library's 5 cities (上海, 大同, 天津, 宜昌, 重庆)\n"


def test_an_unbalanced_quote_is_a_warning_not_an_error(base_args, capsys):
    assert main([*base_args, "query", "--top-k", "2", '"保税维修']) == 0
    captured = capsys.readouterr()
    assert 'warning: unbalanced quote " read as a character' in captured.err and " 1. [" in captured.out
