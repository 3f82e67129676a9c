"""The app's messages about uploads and links: what they say, with every quoted value Markdown-escaped."""

from pathlib import Path

from search.config import load_settings
from search.present.markdown import escape_markdown
from search.present.messages import index_summary, rejected_filters, results_caption, upload_problem, upload_summary
from search.records import Document, DocumentMeta, IndexInfo, UploadOutcome
from search.service import PolicySearch

PHISHING = "[Log in again](https://evil.example)"


def refused(tmp_path: Path, filename: str, data: bytes) -> UploadOutcome:
    settings = load_settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    [outcome] = PolicySearch(settings).add_documents([(filename, data)])
    assert not outcome.ok and not any(settings.corpus_dir.iterdir())
    return outcome


def test_an_upload_of_an_unsupported_type_is_refused_naming_the_file(tmp_path):
    problem = upload_problem(refused(tmp_path, "notes.xlsx", b"PK"))
    assert problem.startswith(escape_markdown("notes.xlsx: unsupported file type (supported: .docx, .htm, .html"))


def test_an_upload_refused_for_its_content_is_named_as_the_user_named_it_not_by_its_path(tmp_path):
    problem = upload_problem(refused(tmp_path, "../报告 1.txt", b"\x81\x30\xff\xfe\xff"))
    assert problem.startswith(escape_markdown("../报告 1.txt: not valid UTF-8 or GB18030"))
    assert "corpus" not in problem


def test_an_upload_summary_escapes_what_the_file_says_and_shows_the_documents_date():
    meta = DocumentMeta(city=PHISHING, title="<b>方案</b>", date_published="2023-01-05")
    document = Document("d", "x.txt", "", meta, "hash")
    outcome = UploadOutcome(PHISHING + ".txt", True, "", Path("corpus/Log_in_again.txt"), document, 3)
    assert upload_summary(outcome) == (
        f"{escape_markdown(PHISHING + '.txt')} → Log\\_in\\_again\\.txt\n\n"
        f"城市 City：{escape_markdown(PHISHING)}　标题 Title：\\<b\\>方案\\<\\/b\\>　"
        "日期 Date：2023\\-01\\-05　条款 Clauses：3"
    )


def test_rejected_filters_from_a_link_are_listed_escaped():
    message = rejected_filters(["北京", PHISHING, "from=2020-13-45"])
    assert message == (
        "链接中的筛选条件无效 Unknown or invalid filter in the link: "
        f"北京, {escape_markdown(PHISHING)}, from\\=2020\\-13\\-45（已忽略 ignored）"
    )


def test_the_index_line_shows_a_link_in_the_manifest_as_text():
    line = index_summary(IndexInfo(built_at=PHISHING, size_bytes=3 * 2**20, documents=5, clauses=176))
    assert escape_markdown(PHISHING) in line and "](https" not in line
    assert "3\\.0 MiB" in line and "5 个文件" in line and "176 条条款" in line


def test_results_caption_says_how_an_english_query_was_searched_and_a_chinese_one_says_nothing():
    assert results_caption(3, 2, 12.4, "保税维修 *x*").endswith(r"；按中文检索 searched as：保税维修 \*x\*")
    assert results_caption(3, 2, 12.4, None) == "3 条结果，来自 2 个城市，用时 12 ms"
