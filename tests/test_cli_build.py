"""`build` builds or updates the index (only new clauses embedded; --full re-embeds); `eval-qa` reports QA quality."""

import re
from pathlib import Path

import pytest
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, small_corpus, write

from search.cli import main


@pytest.fixture
def args(tmp_path):
    corpus = small_corpus(tmp_path, SHUOZHOU_DOC)
    return ["--corpus", str(corpus), "--index", str(tmp_path / "index")]


def counts(out: str) -> dict[str, int]:
    found = re.search(r"(\d+) documents, (\d+) clauses \((\d+) indexed, (\d+) embedded, (\d+) reused\)", out)
    assert found, out
    return dict(zip(["documents", "clauses", "indexed", "embedded", "reused"], map(int, found.groups()), strict=True))


def test_build_embeds_new_clauses_only_and_full_re_embeds_all(args, capsys):
    corpus = args[1]
    assert main([*args, "build"]) == 0
    first = counts(capsys.readouterr().out)
    assert first["documents"] == 1 and first["embedded"] == first["indexed"] > 0 and first["reused"] == 0

    write(Path(corpus), "b.txt", JINZHONG_DOC)
    assert main([*args, "build"]) == 0
    second = counts(capsys.readouterr().out)
    assert second["documents"] == 2 and second["reused"] == first["indexed"]
    assert second["embedded"] == second["indexed"] - first["indexed"]

    assert main([*args, "build", "--full"]) == 0
    full = counts(capsys.readouterr().out)
    assert full["reused"] == 0 and full["embedded"] == second["indexed"]


def test_build_reports_a_skipped_file_and_exits_2(args, capsys):
    write(Path(args[1]), "broken.txt", b"\x00\x01\x02 binary")
    assert main([*args, "build"]) == 2
    captured = capsys.readouterr()
    assert counts(captured.out)["documents"] == 1
    assert "skipped:" in captured.err and "broken.txt" in captured.err


def test_eval_qa_prints_coverage_figures_and_no_answer_accuracy(base_args_qa, eval_dir, capsys):
    assert main([*base_args_qa, "eval-qa", str(eval_dir / "dev_questions.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "qd5: cities=重庆" in out and "figure 22.13亿美元 found=True" in out
    assert out.rstrip().splitlines()[-1].startswith("city coverage: 1.000  min_cities met: 7/7  figures found: 4/4")
