"""`python -m search clauses` prints clause records and a summary; bad files make it exit 2."""

import json

import pytest
from helpers import write

from search.cli import main

# The README's contract for `clauses --json`.
FIELDS = {
    "id",
    "doc_id",
    "city",
    "doc_title",
    "section_path",
    "heading",
    "text",
    "kind",
    "departments",
    "province",
    "district",
    "start",
    "end",
    "part",
    "linked_clause",
}


@pytest.fixture(autouse=True)
def bundled_corpus(monkeypatch):
    """These tests read the bundled corpus whatever the caller's environment points at."""
    monkeypatch.delenv("POLICY_SEARCH_CORPUS", raising=False)


def test_clauses_json_lines_have_the_contract_fields(capsys):
    assert main(["clauses", "--json"]) == 0
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert all(set(r) == FIELDS for r in records)
    assert {r["city"] for r in records} == {"宜昌", "大同", "天津", "上海", "重庆"}
    assert "5 documents read" in err and "0 files skipped" in err


def test_clauses_outline_is_readable(capsys):
    assert main(["clauses"]) == 0
    out = capsys.readouterr().out
    assert "== 宜昌 | 宜昌市建设中国服务外包示范城市实施方案(2022-2025年)" in out
    assert "[clause] 2.维修维护服务" in out
    assert out.rstrip().endswith("0 files skipped")


def test_clauses_reports_skipped_files_and_exits_2(tmp_path, capsys):
    good = write(tmp_path, "good.txt", "一、总体要求\n（一）目标。加快发展服务外包。\n")
    empty = write(tmp_path, "empty.txt", "")
    assert main(["clauses", str(good), str(empty), str(tmp_path / "nope.txt")]) == 2
    captured = capsys.readouterr()
    assert f"skipped: {empty}: empty file" in captured.err
    assert "nope.txt: no such file or directory" in captured.err
    assert "1 documents read" in captured.out and "2 files skipped" in captured.out


def test_a_corpus_that_is_one_file_is_read_as_a_library_of_one_document(tmp_path, capsys):
    policy = write(tmp_path, "a.txt", "宜昌市服务外包扶持办法\n一、总体要求\n（一）目标。加快发展服务外包。\n")
    assert main(["--corpus", str(policy), "clauses", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records and {r["doc_id"] for r in records} == {"a"}
