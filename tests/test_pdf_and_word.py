"""PDF and Word copies of the bundled documents read like the originals; unreadable formats are refused by name."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import PurePath

import pypdfium2 as pdfium
import pytest
from document_copies import copy_corpus, needs_chromium, print_pdf, word_bytes
from helpers import find_clause, path_of

from search.config import ROOT
from search.errors import IngestError
from search.ingest.corpus import ingest_file, load_corpus
from search.ingest.files.loading import parse_bytes
from search.ingest.files.pdf import pdf_text
from search.ingest.files.word_numbering import chinese_number
from search.ingest.uploads import check_upload
from search.normalize import compact

ORIGINALS = sorted((ROOT / "corpus").glob("*.txt"))
# The golden clauses of test_chunking_golden: (city, heading start).
GOLDEN = [
    ("宜昌", "2.维修维护服务"),
    ("天津", "19.優化海關監管"),
    ("大同", "3.做好中国服务外包示范城市建设"),
    ("大同", "19.加强知识产权保护和信息安全"),
    ("重庆", "（四）提升物流和人才保障能力"),
    ("重庆", "（二）新兴数字化服务外包快速增长"),
    ("上海", "6.大力发展生物医药研发外包"),
]


@pytest.fixture(scope="session")
def pdf_corpus(tmp_path_factory, settings):
    needs_chromium()
    return load_corpus([copy_corpus(ORIGINALS, tmp_path_factory.mktemp("pdf"), "pdf")], settings)


@pytest.fixture(scope="session")
def word_corpus(tmp_path_factory, settings):
    return load_corpus([copy_corpus(ORIGINALS, tmp_path_factory.mktemp("docx"), "docx")], settings)


def outline(corpus) -> list[tuple]:
    return [(c.city, tuple(path_of(c)), compact(c.heading), c.kind, compact(c.text)) for c in corpus.clauses]


@pytest.mark.parametrize("copies", ["pdf_corpus", "word_corpus"])
def test_pdf_and_word_copies_keep_the_golden_clauses_paths_and_text(copies, corpus, request):
    copy = request.getfixturevalue(copies)
    assert not copy.skipped
    for city, heading in GOLDEN:
        original, copied = find_clause(corpus, city, heading), find_clause(copy, city, heading)
        assert path_of(copied) == path_of(original), (city, heading)
        assert compact(copied.text) == compact(original.text), (city, heading)


@pytest.mark.parametrize("copies", ["pdf_corpus", "word_corpus"])
def test_pdf_and_word_copies_give_the_same_clauses_as_the_originals(copies, corpus, request):
    """Every clause: same city, section path, heading, kind and text (spacing aside), tables included."""
    assert outline(request.getfixturevalue(copies)) == outline(corpus)


def test_pdf_page_furniture_never_reaches_the_clauses(pdf_corpus):
    text = "".join(c.text for c in pdf_corpus.clauses)
    assert "file://" not in text and ".html" not in text
    assert not any(compact(c.text).endswith("印发") for c in pdf_corpus.clauses)


def test_clauses_command_prints_the_clauses_of_a_pdf(pdf_corpus, tmp_path):
    pdf = next(iter({c.doc_id: c for c in pdf_corpus.clauses}))  # any document's id
    path = next(p for p in (d.path for d in pdf_corpus.documents) if pdf in p)
    result = subprocess.run(
        [sys.executable, "-m", "search", "clauses", path], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "0 files skipped" in result.stdout and "[clause]" in result.stdout


def test_a_word_table_reaches_the_table_reader_as_one_cell_per_line(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("表：服务外包执行额")
    table = document.add_table(rows=2, cols=2)
    for (row, col), value in {(0, 0): "年度", (0, 1): "执行额", (1, 0): "2020", (1, 1): "22.8"}.items():
        table.cell(row, col).text = value
    document.add_paragraph("一、总体要求")
    buffer = io.BytesIO()
    document.save(buffer)
    text = parse_bytes(tmp_path / "a.docx", buffer.getvalue()).text
    assert text.split("\n") == ["表：服务外包执行额", "年度", "执行额", "2020", "22.8", "一、总体要求"]


def refusal(tmp_path, name: str, raw: bytes) -> str:
    with pytest.raises(IngestError) as error:
        parse_bytes(tmp_path / name, raw)
    message = str(error.value)
    assert message.startswith(str(tmp_path / name)) and "\n" not in message
    return message


def test_a_scanned_pdf_without_text_is_refused(tmp_path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 300), "white").save(buffer, format="PDF")
    assert "scanned PDF without a text layer; OCR is not supported" in refusal(tmp_path, "scan.pdf", buffer.getvalue())


def test_an_encrypted_pdf_is_refused(tmp_path):
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "encrypted PDF" in refusal(tmp_path, "locked.pdf", buffer.getvalue())


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "save it as .docx or PDF"),
        ("old.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "save it as .docx or PDF"),
        ("renamed.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "legacy Office file"),
        ("e.ofd", b"PK\x03\x04", "export it to PDF"),
        ("page.pdf", b"<!DOCTYPE html><html><body>404</body></html>", "not a PDF (its content is an HTML page"),
        ("notes.docx", "一、总体要求".encode(), "not a Word .docx file"),
    ],
)
def test_unreadable_formats_are_refused_saying_what_to_do(tmp_path, name, raw, reason):
    assert reason in refusal(tmp_path, name, raw)


def test_uploads_accept_word_and_refuse_a_pdf_that_is_really_html(settings, tmp_path):
    from dataclasses import replace

    upload_settings = replace(settings, corpus_dir=tmp_path)
    _, document, clauses, _ = check_upload(
        upload_settings, "方案.docx", word_bytes("某市实施方案\n一、总体要求\n正文。")
    )
    assert len(clauses) >= 1 and "一、总体要求" in document.text
    with pytest.raises(IngestError, match="not a PDF"):
        check_upload(upload_settings, "方案.pdf", b"<html><body>login</body></html>")
    with pytest.raises(IngestError, match="方案.doc: legacy Word .doc is not supported; save it as .docx or PDF"):
        check_upload(upload_settings, "方案.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    assert not any(tmp_path.iterdir())  # nothing refused is saved


TOPICS = ["信息技术外包", "业务流程外包", "知识流程外包", "检验检测", "研发设计", "保税维修", "数字内容", "人才培训"]


def task(n: int, topic: str) -> str:
    return (
        f"（{chinese_number(n)}）发展{topic}。到{2020 + n}年，{topic}领域新增示范企业{n * 7}家、示范园区{n + 2}个，"
        f"业务执行额年均增长{n + 5}%以上。支持{topic}企业开展国际资质认证和品牌建设，对第{n}批认定企业给予资金"
        f"支持，推动{topic}与先进制造业深度融合，建设{topic}公共服务平台{n}个，培育{topic}龙头企业{n * 3}家。"
    )


GOVERNMENT_DOCUMENT = [
    "宜府办发〔2022〕12号",
    "宜昌市人民政府办公室关于印发宜昌市服务外包发展实施方案的通知",
    "各县市区人民政府，市政府各部门：",
    "《宜昌市服务外包发展实施方案》已经市人民政府同意，现印发给你们，请认真贯彻执行。",
    "一、主要任务",
    *[task(n, topic) for n, topic in enumerate(TOPICS, start=1)],
    "二、保障措施",
    "本方案自印发之日起施行。",
    "宜昌市人民政府办公室",
    "2022年5月7日",
    "（此件公开发布）",
    "抄送：市委各部门，市人大常委会办公室，市政协办公室，市中级人民法院，市人民检察院，宜昌军分区。",
    "宜昌市人民政府办公室 2022年5月7日印发",
]


@pytest.fixture(scope="module")
def government_pdf(tmp_path_factory):
    needs_chromium()
    return print_pdf("\n".join(GOVERNMENT_DOCUMENT), tmp_path_factory.mktemp("gov") / "方案.pdf", government=True)


def test_a_government_pdf_loses_its_page_numbers_and_running_header_counted(government_pdf):
    repaired = pdf_text(government_pdf, government_pdf.read_bytes())
    pages = len(pdfium.PdfDocument(government_pdf))
    assert pages >= 2
    assert repaired.removed == {"page number": pages, "running header/footer": pages}
    assert "宜昌市人民政府办公室文件" not in repaired.text and "- 2 -" not in repaired.text


def test_a_government_pdf_gives_each_task_whole_and_keeps_the_closing_block_out(government_pdf, settings):
    document, clauses, _ = ingest_file(government_pdf, settings, PurePath(government_pdf.name))
    tasks = [c for c in clauses if c.section_path and compact(c.section_path[0]) == compact("一、主要任务")]
    assert [compact(c.text) for c in tasks] == [compact(task(n, t)) for n, t in enumerate(TOPICS, start=1)]
    assert not any("抄送" in c.text or c.text.rstrip().endswith("印发") or "此件公开" in c.text for c in clauses)
    meta = document.meta
    assert (meta.doc_number, meta.issuer, meta.date_issued) == (
        "宜府办发〔2022〕12号",
        "宜昌市人民政府办公室",
        "2022-05-07",
    )


def test_a_pdf_encrypted_only_against_editing_is_read(government_pdf, tmp_path):
    """No password is needed to open it (an empty user password), so it is no refusal."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(government_pdf))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    text = parse_bytes(tmp_path / "protected.pdf", buffer.getvalue()).text
    assert compact(task(3, TOPICS[2])) in compact(text)


def _docx_without(parts: set[str]) -> bytes:
    """A valid Word file, as python-docx writes it, with `parts` and every reference to them removed."""
    import re
    import zipfile

    import docx

    document = docx.Document()
    for text in ("一、总体要求", "（一）发展目标。到2025年，服务外包执行额达到10亿美元。"):
        document.add_paragraph(text)
    written = io.BytesIO()
    document.save(written)
    source, stripped = zipfile.ZipFile(io.BytesIO(written.getvalue())), io.BytesIO()
    with zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            if item.filename in parts:
                continue
            data = source.read(item.filename)
            for part in parts:
                reference = (
                    rb"<(Relationship|Override)[^>]*" + re.escape(part.rsplit("/", 1)[-1].encode()) + rb"[^>]*/>"
                )
                data = re.sub(reference, b"", data)
            target.writestr(item, data)
    return stripped.getvalue()


@pytest.mark.parametrize(
    "missing",
    [{"word/numbering.xml"}, {"word/styles.xml"}, {"word/numbering.xml", "word/styles.xml", "word/settings.xml"}],
)
def test_a_word_file_without_numbering_or_styles_reads_like_any_other(tmp_path, missing):
    source = parse_bytes(tmp_path / "方案.docx", _docx_without(missing))
    assert source.text == "一、总体要求\n（一）发展目标。到2025年，服务外包执行额达到10亿美元。"
