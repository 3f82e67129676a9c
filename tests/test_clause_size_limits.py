"""Clauses stay within the size limit even without sentence ends; an oversized document is refused by name."""

from pathlib import PurePosixPath

from helpers import write

from search.config import load_settings
from search.ingest.corpus import ingest_file, load_corpus

HEAD = "关于支持服务外包发展的若干措施\n一、总体要求\n"
PHRASE = "各地区要支持服务外包企业发展数字贸易和保税维修业务并加强人才培训基地建设"


def clauses_of(tmp_path, text: str, **settings):
    path = write(tmp_path, "a.txt", HEAD + text + "\n")
    document, clauses, _ = ingest_file(path, load_settings(**settings), PurePosixPath("a.txt"))
    return document, [c for c in clauses if c.heading == "一、总体要求"]


def test_a_line_without_sentence_ends_is_cut_into_parts_within_the_limit_sharing_the_section(tmp_path):
    line = (PHRASE * 6000)[:200_000]
    document, parts = clauses_of(tmp_path, line)
    assert parts[0].text == "一、总体要求"
    assert all(590 < len(p.text) <= 600 for p in parts[1:])
    assert "".join(p.text for p in parts).replace("\n", "") == "一、总体要求" + line
    assert all(p.section_path == parts[0].section_path and p.heading == "一、总体要求" for p in parts)
    assert [p.part for p in parts] == list(range(1, len(parts) + 1))
    assert all(document.text[p.start : p.end] == p.text for p in parts)


def test_a_long_sentence_is_cut_after_a_comma_near_the_limit_rather_than_mid_word(tmp_path):
    sentence = "，".join([PHRASE] * 40) + "。"
    _, parts = clauses_of(tmp_path, sentence, max_clause_chars=300)
    assert len(parts) == 6
    assert all(len(p.text) <= 300 and p.text.endswith(("，", "。")) for p in parts[1:])


def test_a_corpus_document_over_the_size_limit_is_refused_naming_the_file_and_the_limit(tmp_path):
    write(tmp_path, "big.txt", HEAD + PHRASE * 12_000)  # 1.2 MiB
    write(tmp_path, "small.txt", HEAD + PHRASE)
    corpus = load_corpus([tmp_path], load_settings(max_document_bytes=2**20))
    assert [d.doc_id for d in corpus.documents] == ["small"]
    assert [s.reason for s in corpus.skipped] == [
        f"{tmp_path / 'big.txt'}: 1.2 MiB is over the 1 MiB limit for one document (max_document_bytes); "
        "split it into smaller files"
    ]


def test_a_long_paragraph_is_split_at_the_points_it_numbers_and_a_short_point_stays_with_the_one_before(tmp_path):
    points = [
        "推进以下工作。一是加强航空物流。" + "航空货运航线加密。" * 40,
        "二是降低物流成本。" + "推广多式联运。" * 40,
        "三是强化服务外包人才支撑。建设一批服务外包人才培训基地。" + "鼓励校企合作。" * 5,
        "四是其他。",  # under min_clause_chars: kept with the third point
    ]
    document, parts = clauses_of(tmp_path, "".join(points))
    assert [p.text for p in parts] == ["一、总体要求\n" + points[0], points[1], points[2] + points[3]]
    assert all(document.text[p.start : p.end] == p.text for p in parts)
    assert [p.part for p in parts] == list(range(1, len(parts) + 1))


def test_points_that_do_not_count_up_from_one_are_not_split_points(tmp_path):
    text = "一是" + "推广多式联运。" * 5 + "三是" + "鼓励校企合作。" * 100
    _, parts = clauses_of(tmp_path, text)
    assert len(parts) == 2 and all(300 < len(p.text) <= 600 for p in parts)  # near-equal, not cut at 三是


def test_a_long_sentence_is_not_cut_inside_a_title_it_cites(tmp_path):
    title = "《财政部 国家发展改革委 农业部 国家税务总局 国家林业局关于发展生物质能源和生物化工财税扶持政策的实施意见》"
    sentence = PHRASE * 4 + "据" + title + PHRASE * 5 + "。"  # its spaces fall where a cut is looked for
    _, parts = clauses_of(tmp_path, sentence, max_clause_chars=300)
    assert len(parts) > 1 and sum(title in p.text for p in parts) == 1
