"""Draft check: a drafter's policy read clause by clause against the library, never added to it."""

import io
import json

import pytest

from search.cli import main
from search.errors import IngestError
from search.present import export
from search.present.presentation import draft_clause_html, draft_summary_html
from search.present.terminal import format_draft_report
from search.service import PolicySearch
from tests.document_copies import needs_chromium, print_pdf, word_bytes

# One clause copied from Yichang's plan (its first half, city name and punctuation changed), one reworded from
# Datong's, one that no city has.
DRAFT = """朔州市关于推动服务外包高质量发展的实施意见（征求意见稿）

一、支持保税维修、保税检测、再制造等新业态发展，推进飞机维修扩能技改、飞机拆解项目建设，做大做强飞机维修业务。
二、编制服务外包重点领域招商图谱，对跨国公司、上市公司和独角兽企业来我市设立总部、结算中心、共享服务中心的，开辟审批绿色通道。
三、设立服务外包企业算力券，企业租用本市智能算力中心算力开展大模型训练的，按实际费用的30%给予补助。
"""
LABELS = ["copied", "adapted", "novel"]
YICHANG_PLAN = "000_0f547d556893953a"
PRECEDENT_FIELDS = {"id", "doc_id", "city", "doc_title", "issued", "similarity", "validity"}


@pytest.fixture(scope="module")
def library(built_settings, searcher) -> PolicySearch:  # `searcher` builds the index once per session
    return PolicySearch(built_settings).open()


def test_each_clause_is_labelled_with_its_precedents(library):
    report = library.check_draft(DRAFT)
    assert [str(c.label) for c in report.clauses] == LABELS
    copied, adapted, novel = report.clauses
    assert copied.precedents[0].clause.doc_id == YICHANG_PLAN
    assert adapted.precedents[0].clause.city == "大同"
    assert 1 <= len(novel.precedents) <= library.settings.draft_precedents
    assert novel.alignment is None


def test_a_clause_copying_half_a_precedent_is_aligned_with_that_half(library):
    copied = library.check_draft(DRAFT).clauses[0]
    precedent = copied.precedents[0].clause.text
    start, end = copied.alignment.precedent_span
    assert precedent[start:end].startswith("。支持保税维修") or precedent[start:end].startswith("支持保税维修")
    assert end < len(precedent) / 2  # the second half of Yichang's clause is dropped, not aligned
    dropped = "".join(s.precedent for s in copied.alignment.segments if str(s.change) == "dropped")
    assert "凌云" in dropped and "“客改货”" in dropped


def test_the_summary_names_shares_cities_and_an_expired_precedent(library):
    summary = library.check_draft(DRAFT).summary
    assert {str(k): v for k, v in summary.counts.items()} == {"copied": 1, "adapted": 1, "novel": 1}
    assert {c.name for c in summary.cities} == {"宜昌", "大同"}
    # Yichang's 2022-2025 plan has ended on the session's day (POLICY_SEARCH_TODAY or the calendar's, 2026 on).
    outdated = [o for o in summary.outdated if o.precedent.clause.doc_id == YICHANG_PLAN]
    assert outdated and outdated[0].clause == 1 and outdated[0].precedent.validity.status == "已失效"
    assert all(a.adopters == sorted(a.adopters, key=lambda d: (d.issued is None, d.issued or ""))
               for a in summary.adoption)  # fmt: skip


def test_in_force_leaves_out_precedents_no_longer_in_force(library):
    report = library.check_draft(DRAFT, in_force=True)
    assert all(p.validity.status == "现行有效" for c in report.clauses for p in c.precedents)
    assert not report.summary.outdated


def test_the_same_draft_as_txt_docx_and_pdf_gets_the_same_labels(library, tmp_path):
    needs_chromium()
    pdf = print_pdf(DRAFT, tmp_path / "draft.pdf").read_bytes()
    for name, data in (("draft.txt", DRAFT.encode("utf-8")), ("draft.docx", word_bytes(DRAFT)), ("draft.pdf", pdf)):
        report = library.check_draft(data, name)
        assert [str(c.label) for c in report.clauses] == LABELS, name
        assert report.clauses[0].precedents[0].clause.doc_id == YICHANG_PLAN, name


def test_nothing_is_added_to_the_library(library):
    before = sorted(p.name for p in library.settings.corpus_dir.iterdir())
    library.check_draft(DRAFT, "my-draft.txt")
    assert sorted(p.name for p in library.settings.corpus_dir.iterdir()) == before
    assert PolicySearch(library.settings).status().value == "ok"


@pytest.mark.parametrize(
    ("draft", "name", "message"),
    [
        ("", "draft.txt", "the draft is empty"),
        ("  \n ", "draft.txt", "the draft is empty"),
        ("支持保税维修业务发展。", "draft.txt", "the draft is a single sentence"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "draft.doc", "save it as .docx or PDF"),
    ],
)
def test_a_draft_that_cannot_be_checked_is_refused_saying_why(library, draft, name, message):
    with pytest.raises(IngestError, match=message):
        library.check_draft(draft, name)


def test_a_scanned_pdf_is_refused(library):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 300), "white").save(buffer, format="PDF")
    with pytest.raises(IngestError, match="scan.pdf: scanned PDF without a text layer"):
        library.check_draft(buffer.getvalue(), "scan.pdf")


def test_a_draft_over_the_clause_limit_is_refused(library):
    from dataclasses import replace

    small = PolicySearch(replace(library.settings, max_draft_clauses=2)).load()
    with pytest.raises(IngestError, match="3 clauses, over the limit of 2 for one draft check"):
        small.check_draft(DRAFT)


def test_an_english_draft_is_checked_through_the_crosslingual_leg(library):
    draft = (
        "Draft opinions on service outsourcing\n\n"
        "1. Encourage the export credit insurance company to develop export credit insurance products suited to "
        "service outsourcing enterprises and support eligible small and medium enterprises.\n\n"
        "2. Give every resident a free bicycle and build cycling paths along both river banks.\n"
    )
    clauses = library.check_draft(draft).clauses[-2:]
    assert [str(c.label) for c in clauses] == ["adapted", "novel"]
    assert clauses[0].precedents[0].clause.id == "003_8068136c0a129969:022"  # Shanghai's export credit insurance


def test_cli_json_has_the_stated_shape(base_args_qa, tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    assert main([*base_args_qa, "draft-check", "--json", str(draft)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert set(record) == {"clauses", "summary"}
    assert [c["label"] for c in record["clauses"]] == LABELS
    assert all(set(c) == {"text", "label", "precedents"} for c in record["clauses"])
    precedent = record["clauses"][0]["precedents"][0]
    assert set(precedent) == PRECEDENT_FIELDS and set(precedent["validity"]) == {"status", "reason"}
    assert record["summary"]["counts"] == {"copied": 1, "adapted": 1, "novel": 1}


def test_cli_refuses_bad_drafts_with_one_line_and_exit_2(base_args_qa, tmp_path, capsys):
    one = tmp_path / "one.txt"
    one.write_text("支持保税维修业务发展。", encoding="utf-8")
    assert main([*base_args_qa, "draft-check", str(one)]) == 2
    assert main([*base_args_qa, "draft-check", str(tmp_path / "missing.txt")]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert any("single sentence" in line for line in errors) and any("missing.txt" in line for line in errors)
    assert all(line.startswith(("error:", "note:")) for line in errors)


def test_cli_text_shows_labels_and_differences(base_args_qa, tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    assert main([*base_args_qa, "draft-check", str(draft)]) == 0
    out = capsys.readouterr().out
    assert "[照搬 copied]" in out and "[新增 novel]" in out and "【-凌云】" in out


def test_exports_escape_the_draft_and_mark_differences(library):
    hostile = DRAFT.replace("开辟审批绿色通道", "开辟审批绿色通道<script>alert(1)</script>[x](http://evil.example)")
    report = library.check_draft(hostile)
    markdown = export.draft_markdown(report)
    assert "~~凌云~~" in markdown and "<script>" not in markdown and "[x](http" not in markdown
    html = draft_summary_html(report) + "".join(draft_clause_html(c) for c in report.clauses)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<del class="ps-dropped">凌云</del>' in html and 'data-label="novel"' in html
    rows = export.draft_csv(report).splitlines()
    assert rows[0].lstrip("\ufeff").startswith("clause,label,text,precedent,precedent_id")
    assert "照搬 copied" in format_draft_report(report)
