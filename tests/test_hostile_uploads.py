"""A hostile visitor can neither remove a policy, nor stall or crash the library: ids never collide, files are
checked against resource limits before they are parsed, each upload fails alone, overrides are checked, and an
upload interrupted by a killed server is rolled back at the next start."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, small_library, write
from hostile_files import docx_with_body, pdf_claiming_pages, pdf_with_content

from search.cli import main
from search.config import load_settings
from search.errors import IngestError
from search.ingest.facts.overrides import read_override, save_override
from search.ingest.files.limits import ReadLimits
from search.ingest.files.loading import parse_bytes
from search.ingest.upload_journal import UploadJournal
from search.present.url_state import ViewState
from search.service import PolicySearch

DATONG_DOC = "大同市服务外包实施方案\n一、主要任务\n（一）软件外包。支持软件和信息技术外包。\n（二）动漫外包。支持动漫创意外包。\n"


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """Two documents, indexed once: a.txt (朔州) and b.txt (晋中)."""
    return small_library(tmp_path_factory.mktemp("hostile"), SHUOZHOU_DOC, JINZHONG_DOC)


@pytest.fixture
def own_library(library, tmp_path):
    from helpers import copy_library

    return copy_library(library, tmp_path)


def cities_found(settings, query: str) -> set[str]:
    return {hit.clause.city for hit in PolicySearch(settings).open().search(query).hits}


# -- ids that cannot collide


def test_an_upload_named_like_an_existing_policy_is_saved_apart_and_removes_nothing(own_library):
    [outcome] = PolicySearch(own_library).add_documents([("a.md", DATONG_DOC.encode())])
    assert outcome.ok and outcome.saved_as.name == "a-2.md"
    names = {d.doc_id: d.meta.city for d in PolicySearch(own_library).open().documents()}
    assert names == {"a": "朔州", "b": "晋中", "a-2": "大同"}
    assert {"朔州", "大同"} <= cities_found(own_library, "保税维修 软件外包")


def test_two_uploads_of_one_batch_never_share_an_id(own_library):
    outcomes = PolicySearch(own_library).add_documents([("c.txt", DATONG_DOC.encode()), ("c.md", DATONG_DOC.encode())])
    assert [o.saved_as.name for o in outcomes] == ["c.txt", "c-2.md"]


def test_a_file_copied_in_beside_an_indexed_one_is_the_one_skipped_by_build_and_check(own_library, capsys):
    # `a.md` sorts before `a.txt`: the indexed file keeps its id all the same, in an update and a full build.
    write(own_library.corpus_dir, "a.md", DATONG_DOC)
    args = ["--corpus", str(own_library.corpus_dir), "--index", str(own_library.index_dir)]
    for build in (["build"], ["build", "--full"]):
        assert main([*args, *build]) == 2
        err = capsys.readouterr().err
        assert f"{own_library.corpus_dir / 'a.md'}: same document id (a) as {own_library.corpus_dir / 'a.txt'}" in err
        assert {d.meta.city for d in PolicySearch(own_library).open().documents()} == {"朔州", "晋中"}
    assert main([*args, "check"]) == 2
    out = capsys.readouterr()
    assert "conflict:" in out.err and "a.md" in out.err and "a.txt" in out.err and "Traceback" not in out.err


# -- limits checked before parsing


TIGHT = ReadLimits(
    unpacked_bytes=2**20, compression_ratio=100, paragraphs=500, elements=5_000, html_tags=5_000, characters=50_000, pdf_pages=20,
    pdf_content_bytes=2**20, seconds=60,
)  # fmt: skip


@pytest.mark.parametrize(
    "name, raw, reason",
    [
        ("empty-paragraphs.docx", docx_with_body(600), "over 500 paragraphs (max_paragraphs)"),
        ("spaces.docx", docx_with_body(1, "x", padding=3 * 2**20), "MiB, over the 1 MiB limit (max_unpacked_bytes)"),
        ("ratio.docx", docx_with_body(1, "x", padding=8 * 2**20), "times (over 100, max_compression_ratio)"),
        ("long-text.docx", docx_with_body(100, "政" * 600), "over 50,000 characters"),
        ("runs.docx", docx_with_body(2000, "政"), "over 5,000 XML elements (max_elements)"),
        ("tags.html", b"<p>" + b"<b>x</b>" * 6000, "over 5,000 HTML tags (max_html_tags)"),
        ("claims-pages.pdf", pdf_claiming_pages(100_000), "100,000 pages, over the 20 page limit"),
        ("content.pdf", pdf_with_content(2), "unpacks to over 1 MiB (max_pdf_content_bytes)"),
    ],
)
def test_a_file_over_a_limit_is_refused_with_one_line_naming_it(name, raw, reason):
    looser = {"ratio.docx": {"unpacked_bytes": 2**30}, "runs.docx": {"paragraphs": 10_000}}
    limits = replace(TIGHT, **looser.get(name, {}))
    with pytest.raises(IngestError) as refused:
        parse_bytes(Path(name), raw, limits)
    message = str(refused.value)
    assert message.startswith(f"{name}: ") and reason in message and "\n" not in message


def test_a_page_the_page_tree_promises_but_does_not_hold_is_a_damaged_pdf_not_a_crash():
    with pytest.raises(IngestError, match=r"x.pdf: damaged PDF, page 2 cannot be read"):
        parse_bytes(Path("x.pdf"), pdf_claiming_pages(3))


def test_reading_past_the_time_budget_is_refused():
    with pytest.raises(IngestError, match=r"x.docx: reading it took over 0 s .*max_seconds_per_file"):
        parse_bytes(Path("x.docx"), docx_with_body(1200, "政策"), replace(TIGHT, paragraphs=5000, seconds=0))


def test_the_default_limits_refuse_the_audits_bombs_quickly():
    for name, raw in [("a.docx", docx_with_body(300_000)), ("b.pdf", pdf_with_content(64))]:
        with pytest.raises(IngestError, match="refused unread"):
            parse_bytes(Path(name), raw)


# -- each upload on its own


def test_one_bad_pdf_in_a_batch_fails_alone_and_the_good_files_are_added(own_library):
    files = [("bad.pdf", pdf_claiming_pages(100_000)), ("lies.pdf", pdf_claiming_pages(3))]
    files += [(f"good{n}.txt", DATONG_DOC.replace("大同", city).encode()) for n, city in enumerate(["长治", "忻州"])]
    outcomes = PolicySearch(own_library).add_documents(files)
    assert [o.ok for o in outcomes] == [False, False, True, True]
    assert outcomes[0].message.startswith("bad.pdf: ") and "page limit" in outcomes[0].message
    assert outcomes[1].message.startswith("lies.pdf: damaged PDF")
    assert {"长治", "忻州"} <= {d.meta.city for d in PolicySearch(own_library).open().documents()}


def test_a_nul_byte_in_a_file_name_is_shown_escaped_and_never_reaches_the_disk(own_library):
    [outcome] = PolicySearch(own_library).add_documents([("evil\x00.txt.pdf", b"%PDF-1.4 junk")])
    assert not outcome.ok and outcome.filename == "evil\\x00.txt.pdf" and "\x00" not in outcome.message
    [saved] = PolicySearch(own_library).add_documents([("x\x00y.txt", DATONG_DOC.encode())])
    assert saved.ok and "\x00" not in saved.saved_as.name


def test_an_upload_is_marked_as_one_in_hits_and_citations(own_library):
    PolicySearch(own_library).add_documents([("visit.txt", DATONG_DOC.replace("大同", "阳泉").encode())])
    library = PolicySearch(own_library).open()
    hits = library.search("软件外包 阳泉").hits
    assert any(h.uploaded for h in hits if h.clause.city == "阳泉")
    assert not any(h.uploaded for h in hits if h.clause.city != "阳泉")
    assert json.loads(read_override_text(own_library.corpus_dir / "visit.txt"))["uploaded"]


def read_override_text(path: Path) -> str:
    return path.with_name(path.name + ".meta.json").read_text(encoding="utf-8")


def test_the_cli_reports_a_hostile_pdf_in_one_line_without_a_traceback(tmp_path, capsys):
    write(tmp_path, "bad.pdf", pdf_claiming_pages(3))
    assert main(["clauses", str(tmp_path / "bad.pdf")]) == 2
    err = capsys.readouterr().err
    assert "bad.pdf: damaged PDF, page 2 cannot be read" in err and "Traceback" not in err


# -- overrides


@pytest.mark.parametrize(
    "values, message",
    [
        ({"title": 123}, "title must be text, not 123"),
        ({"title": "政" * 100_000}, "title has 100,000 characters, more than 200"),
        ({"city": "朔州市朔城区某某街道某某社区居民委员会所在地"}, "city has 22 characters, more than 20"),
        ({"title": "朔州\n方案"}, "title contains a line break"),
        ({"city": ""}, "city is empty"),
        ({"date_issued": "去年"}, "date_issued must be a date"),
        ({"repeals": ["《甲》"] * 60}, "repeals lists 60 items"),
        ([1, 2], "not a JSON object"),
    ],
)
def test_an_override_of_the_wrong_type_or_size_is_one_line_naming_its_file(tmp_path, values, message):
    document = write(tmp_path, "a.txt", SHUOZHOU_DOC)
    write(tmp_path, "a.txt.meta.json", json.dumps(values, ensure_ascii=False))
    with pytest.raises(IngestError) as refused:
        read_override(document)
    assert str(refused.value).startswith(f"{tmp_path / 'a.txt.meta.json'}: ") and message in str(refused.value)


def test_a_refused_correction_writes_nothing(tmp_path):
    document = write(tmp_path, "a.txt", SHUOZHOU_DOC)
    with pytest.raises(IngestError, match="a.txt: title has 300 characters"):
        save_override(document, title="政" * 300)
    assert not (tmp_path / "a.txt.meta.json").exists()
    save_override(document, city="朔州", title="")
    assert json.loads(read_override_text(document)) == {"city": "朔州"}


def test_a_build_skips_a_document_with_a_bad_override_in_one_line(own_library, capsys):
    write(own_library.corpus_dir, "b.txt.meta.json", json.dumps({"title": 123}))
    args = ["--corpus", str(own_library.corpus_dir), "--index", str(own_library.index_dir)]
    assert main([*args, "build"]) == 2
    err = capsys.readouterr().err
    assert "b.txt.meta.json: title must be text, not 123" in err and "Traceback" not in err


# -- the upload journal


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_an_upload_left_pending_by_a_dead_server_is_removed_at_the_next_start(own_library):
    journal = UploadJournal(own_library.corpus_dir)
    journal.begin("u1", [own_library.corpus_dir / "x.pdf"])
    write(own_library.corpus_dir, "x.pdf", b"%PDF-1.4")
    write(own_library.corpus_dir, "x.pdf.meta.json", "{}")
    entry = journal.folder / "u1.json"
    entry.write_text(json.dumps(json.loads(entry.read_text()) | {"pid": dead_pid()}))
    assert PolicySearch(own_library).recover_uploads() == [
        "an interrupted upload of x.pdf was removed (上传中断，已撤销)"
    ]
    assert sorted(p.name for p in own_library.corpus_dir.iterdir()) == ["a.txt", "b.txt"]
    assert PolicySearch(own_library).recover_uploads() == []  # said once


def test_an_upload_under_way_in_a_live_process_is_left_alone(own_library):
    journal = UploadJournal(own_library.corpus_dir)
    journal.begin("u2", [own_library.corpus_dir / "y.txt"])
    write(own_library.corpus_dir, "y.txt", DATONG_DOC)
    assert PolicySearch(own_library).recover_uploads() == [] and (own_library.corpus_dir / "y.txt").exists()
    journal.end("u2")
    assert not journal.folder.exists()


# -- links


def test_link_values_that_are_not_understood_are_reported_not_dropped():
    settings = load_settings()
    state = ViewState.from_params({"q": ["x"], "valid": ["in-force", "all"], "k": ["abc"], "mode": ["x"]}, settings)
    assert state.valid == "in-force" and state.top_k == settings.top_k
    assert state.checked_filters([], [], []).rejected == ["mode=x", "k=abc", "valid=all"]
    clamped = ViewState.from_params({"k": ["999"]}, settings)
    assert clamped.top_k == settings.max_top_k and clamped.unread == [f"k=999 (1-{settings.max_top_k}: 50 used)"]


KILLED_MID_INDEXING = """
import sys, time
import search.service
from search.config import load_settings
from search.service import PolicySearch

def stalled(*args, **kwargs):
    print("indexing", flush=True)
    time.sleep(120)

search.service.ensure_index = stalled
settings = load_settings(corpus_dir=sys.argv[1], index_dir=sys.argv[2])
PolicySearch(settings).add_documents([("late.txt", sys.argv[3].encode())])
"""


def test_kill_9_during_an_uploads_indexing_leaves_nothing_after_the_next_start(own_library):
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_INDEXING, own_library.corpus_dir, own_library.index_dir, DATONG_DOC],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "indexing"  # saved, journaled, and now indexing
    assert (own_library.corpus_dir / "late.txt").exists()
    child.kill()
    child.wait()
    assert PolicySearch(own_library).recover_uploads() == [
        "an interrupted upload of late.txt was removed (上传中断，已撤销)"
    ]
    assert sorted(p.name for p in own_library.corpus_dir.iterdir()) == ["a.txt", "b.txt"]
    assert PolicySearch(own_library).check().ok  # the index was never touched: corpus and index agree again
