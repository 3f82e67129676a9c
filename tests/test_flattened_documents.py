"""A page copied without its line breaks keeps the outline of the original: each bundled document, flattened."""

from __future__ import annotations

import pytest
from helpers import clauses_of, find_clause, path_of

from search.config import ROOT
from search.ingest.cleaning import clean_text
from search.ingest.corpus import load_corpus
from search.ingest.headings import match_heading
from search.normalize import compact

# The clauses tests/test_chunking_golden.py promises for the originals.
GOLDEN = [
    ("宜昌", "2.维修维护服务"),
    ("天津", "19.優化海關監管"),
    ("大同", "3.做好中国服务外包示范城市建设"),
    ("大同", "19.加强知识产权保护和信息安全"),
    ("上海", "6.大力发展生物医药研发外包"),
    ("上海", "1.推动建设高质量的数字基础设施"),
    ("重庆", "（四）提升物流和人才保障能力"),
]


def _flatten(folder, separator: str, settings, keep_sections: bool = False):
    """The bundled corpus with every document's lines joined into one (or one per `一、` section), ingested as
    `clauses` ingests it."""
    for source in sorted((ROOT / "corpus").glob("*.txt")):
        lines = [line.strip() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
        text = "".join(("\n" if keep_sections and _is_section(line) else separator) + line for line in lines)
        (folder / source.name).write_text(text.strip(), encoding="utf-8")
    return load_corpus([folder], settings)


def _is_section(line: str) -> bool:
    heading = match_heading(line)
    return heading is not None and heading.style == "top"


@pytest.fixture(scope="module")
def space_joined(tmp_path_factory, settings):
    """Joined with spaces: a web page's paragraphs pasted as one."""
    return _flatten(tmp_path_factory.mktemp("space-joined"), " ", settings)


@pytest.fixture(scope="module")
def unseparated(tmp_path_factory, settings):
    """Joined with nothing at all."""
    return _flatten(tmp_path_factory.mktemp("unseparated"), "", settings)


@pytest.fixture(scope="module")
def per_section(tmp_path_factory, settings):
    """Joined with spaces within each `一、` section: a copy that kept only a break per section."""
    return _flatten(tmp_path_factory.mktemp("per-section"), " ", settings, keep_sections=True)


@pytest.fixture(params=["space_joined", "unseparated", "per_section"])
def flattened(request):
    return request.getfixturevalue(request.param)


@pytest.fixture(params=["space_joined", "per_section"])
def spaced(request):
    """The copies where a space marks each lost line break."""
    return request.getfixturevalue(request.param)


def _key(clause) -> tuple:
    return clause.doc_id, tuple(path_of(clause)), compact(clause.heading)


def _headed(corpus) -> list:
    return [c for c in corpus.clauses if c.kind == "clause" and c.heading and c.part <= 1]


def _full_text(corpus, clause) -> str:
    """A clause's text across the parts an over-long clause is split into."""
    return "".join(c.text for c in corpus.clauses if _key(c) == _key(clause))


def test_every_flattened_document_is_read_and_has_an_outline(flattened):
    assert len(flattened.documents) == 5
    assert not flattened.skipped
    assert not [w for w in flattened.warnings if "no clause structure" in w]


def test_flattened_clauses_have_offsets_into_the_page(flattened):
    documents = {d.doc_id: d for d in flattened.documents}
    for clause in flattened.clauses:
        assert documents[clause.doc_id].text[clause.start : clause.end] == clause.text


def test_golden_clauses_keep_their_section_paths_and_text(corpus, flattened):
    for city, heading in GOLDEN:
        original, copy = find_clause(corpus, city, heading), find_clause(flattened, city, heading)
        assert path_of(copy) == path_of(original), (city, heading)
        assert copy.heading == original.heading
        # Unseparated, a paragraph after the last item of a list runs on into it (Datong's stage plans).
        assert compact(_full_text(flattened, copy)).startswith(compact(_full_text(corpus, original))), heading


def test_yichang_bonded_maintenance_clause_is_its_own_chunk_when_flattened(flattened):
    clause = find_clause(flattened, "宜昌", "2.维修维护服务")
    assert path_of(clause) == [compact("二、重点领域"), compact("（二）宜昌优势及潜力领域")]
    assert "3.新能源和新材料技术研发服务" not in clause.text
    assert clause.departments == ["市商务局", "市交通运输局"]


def test_datong_nineteen_measures_survive_flattening(flattened):
    measures = [c for c in clauses_of(flattened, "大同") if c.heading.split(".")[0].isdigit() and c.part <= 1]
    assert [int(c.heading.split(".")[0]) for c in measures] == list(range(1, 20))


def test_spaced_copy_keeps_every_headed_clause_of_the_original(corpus, spaced):
    assert {_key(c) for c in _headed(corpus)} <= {_key(c) for c in _headed(spaced)}
    measure = find_clause(spaced, "大同", "19.加强知识产权保护和信息安全")
    assert "成立创建工作领导小组" not in measure.text  # the stage plans after it were lines of their own
    lost_first = find_clause(spaced, "重庆", "（二）新兴数字化服务外包快速增长")
    assert path_of(lost_first) == [compact("1. 近年重庆服务外包发展情况")]
    for city, heading in GOLDEN:
        original, copy = find_clause(corpus, city, heading), find_clause(spaced, city, heading)
        assert compact(_full_text(spaced, copy)) == compact(_full_text(corpus, original)), heading


def test_unseparated_copy_keeps_the_outline_where_headings_end_in_a_full_stop(corpus, unseparated):
    """Glued to its text with nothing between, a heading's name ends only where its sentence does."""
    for city in ["宜昌", "大同", "上海"]:
        assert {_key(c) for c in _headed(corpus) if c.city == city} <= {_key(c) for c in _headed(unseparated)}
    recovered = {_key(c) for c in _headed(corpus)} & {_key(c) for c in _headed(unseparated)}
    assert len(recovered) >= 0.9 * len(_headed(corpus))


def test_no_heading_inside_a_flattened_copy_is_invented(corpus, flattened):
    """Every heading found in a flattened copy opens a clause of the original (or its glued first words)."""
    originals = {compact(c.heading) for c in corpus.clauses if c.heading}
    for clause in _headed(flattened):
        assert any(compact(clause.heading).startswith(heading) for heading in originals), clause.heading


def test_a_flattened_page_opening_with_debris_is_not_dropped_as_debris():
    page = (
        "首页 政务公开 政务服务 互动交流 " + "一、总体要求 (一)指导思想。以新发展理念为指导,推动服务外包转型升级。" * 8
    )
    assert clean_text(page).text == page
