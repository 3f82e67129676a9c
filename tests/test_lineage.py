"""Lineage end to end on a held-out mini-library (tests/data/lineage_library, written for these tests): a national
document cited by full title, by number in other brackets and by a near title; a repeal, a partial repeal, an
amendment, a repeal stated in `.meta.json`; a document not yet in force; a 不废止 guard; one provision adopted by
four documents over four years. Then the graph's rules on small libraries: cycles, self-repeal, older documents,
overrides."""

from __future__ import annotations

import datetime
import json

import pytest
from helpers import write

from search.cli import main
from search.config import ROOT, load_settings
from search.index.facets import Facets
from search.ingest.corpus import load_corpus
from search.lineage.graph import LineageGraph
from search.records import Document, DocumentMeta, Effect, Reference, Validity
from search.service import PolicySearch
from search.validity_rules import (
    AMENDED,
    EXPIRED,
    IN_FORCE,
    IN_FORCE_STATUSES,
    NOT_YET_IN_FORCE,
    PARTLY_REPEALED,
    REPEALED,
    UNKNOWN,
    validity_status,
)

LIBRARY = ROOT / "tests" / "data" / "lineage_library"
TODAY = "2026-12-01"
NATIONAL = "全国.gf-2014-67"
WUHAN_2015, WUHAN_2022, WUHAN_2026 = "湖北.武汉.wh-2015", "湖北.武汉.wh-2022", "湖北.武汉.wh-2026"
NANCHANG_2012, NANCHANG_2016, NANCHANG_2019 = "江西.南昌.nc-2012", "江西.南昌.nc-2016", "江西.南昌.nc-2019"
CHANGSHA_2017, CHANGSHA_2020 = "湖南.长沙.cs-2017", "湖南.长沙.cs-2020"
HEFEI_2018, HEFEI_2021 = "安徽.合肥.hf-2018", "安徽.合肥.hf-2021"
LINEAGE_KEYS = {"cites", "cited_by", "repeals", "repealed_by", "amends", "amended_by"}


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """The mini-library indexed once (the cross-lingual leg off: nothing here is asked in English)."""
    index = tmp_path_factory.mktemp("lineage-index")
    settings = load_settings(corpus_dir=LIBRARY, index_dir=index, today=TODAY, crosslingual_model="none")
    return PolicySearch(settings).open()


@pytest.fixture
def cli(mini, monkeypatch, capsys):
    """`python -m search …` on the mini-library, on TODAY; returns (exit status, stdout lines)."""
    monkeypatch.setenv("POLICY_SEARCH_TODAY", TODAY)
    monkeypatch.setenv("POLICY_SEARCH_CROSSLINGUAL", "none")

    def run(*args: str) -> tuple[int, list[str]]:
        status = main(["--corpus", str(LIBRARY), "--index", str(mini.settings.index_dir), *args])
        out, run.err = capsys.readouterr()
        return status, out.splitlines()

    return run


def documents_json(cli, *args: str) -> dict[str, dict]:
    status, lines = cli("documents", "--json", *args)
    assert status == 0
    return {record["id"]: record for record in map(json.loads, lines)}


# -- the mini-library through the CLI


def test_documents_json_gives_each_documents_citations_and_links(cli):
    records = documents_json(cli)
    assert len(records) == 11 and all(set(r) >= LINEAGE_KEYS for r in records.values())
    assert records[NATIONAL]["cited_by"] == [HEFEI_2018, NANCHANG_2016, WUHAN_2015, CHANGSHA_2020]
    assert records[WUHAN_2015]["cites"] == [
        {
            "title": "国务院关于促进服务外包产业加快发展的意见",
            "number": "国发〔2014〕67号",
            "id": NATIONAL,
            "effect": None,
        }
    ]
    assert records[NANCHANG_2019]["repeals"] == [NANCHANG_2016]
    assert [c["effect"] for c in records[NANCHANG_2019]["cites"] if c["id"] == NANCHANG_2016] == ["repeals"]
    assert records[NANCHANG_2016]["repealed_by"] == [NANCHANG_2019]
    assert records[HEFEI_2021]["amends"] == [HEFEI_2018] and records[HEFEI_2018]["amended_by"] == [HEFEI_2021]


def test_the_national_document_is_found_by_full_title_by_number_in_other_brackets_and_by_a_near_title(cli):
    records = documents_json(cli)
    by = {doc_id: records[doc_id]["cites"][0] for doc_id in (WUHAN_2015, NANCHANG_2016, HEFEI_2018, CHANGSHA_2020)}
    assert by[WUHAN_2015]["title"] == "国务院关于促进服务外包产业加快发展的意见"  # full title and number
    assert by[NANCHANG_2016] == {
        "title": None,
        "number": "国发〔2014〕67号",
        "id": NATIONAL,
        "effect": None,
    }  # 国发[2014]67号
    assert by[HEFEI_2018] == {
        "title": None,
        "number": "国发〔2014〕67号",
        "id": NATIONAL,
        "effect": None,
    }  # 国发［2014］67号
    assert by[CHANGSHA_2020] == {
        "title": "国务院关于促进服务外包产业加快发展意见",
        "number": None,
        "id": NATIONAL,
        "effect": None,
    }


def test_a_local_title_of_the_same_wording_as_another_citys_stays_unresolved(cli):
    records = documents_json(cli)
    # 南昌 cites its own earlier 《关于加快服务外包产业发展的实施意见》: 武汉's of that title is not it.
    assert {"title": "关于加快服务外包产业发展的实施意见", "number": None, "id": None, "effect": None} in records[
        NANCHANG_2019
    ]["cites"]
    assert NANCHANG_2019 not in records[WUHAN_2015]["cited_by"]
    # 合肥's amendment names its 办法 with one character changed (补助 for 补贴): within one issuer, it resolves.
    assert records[HEFEI_2021]["cites"] == [
        {"title": "合肥市服务外包人才培训补贴办法", "number": None, "id": HEFEI_2018, "effect": "amends"}
    ]


@pytest.mark.parametrize(
    "doc_id, status, reason",
    [
        (NATIONAL, UNKNOWN, "未写明施行日期和有效期"),
        (NANCHANG_2016, REPEALED, "已被《南昌市服务外包产业发展扶持办法》(洪府发〔2019〕11号)废止"),
        (NANCHANG_2012, REPEALED, "已被《南昌市服务外包产业扶持办法》(洪府发〔2016〕5号)废止"),  # .meta.json
        (NANCHANG_2019, IN_FORCE, "有效期至2029-06-30"),
        (
            HEFEI_2018,
            AMENDED,
            "已被《合肥市人民政府关于修改〈合肥市服务外包人才培训补贴办法〉的决定》(合政〔2021〕7号)修改",
        ),
        (WUHAN_2015, PARTLY_REPEALED, "第五条已被《武汉市服务外包人才支持办法》(武政规〔2022〕3号)废止"),
        (WUHAN_2026, NOT_YET_IN_FORCE, "自2027-01-01起施行"),
        (CHANGSHA_2017, IN_FORCE, "有效期至2030-12-31"),  # 《…》不废止，继续执行
    ],
)
def test_each_document_has_its_validity_status_and_reason(cli, doc_id, status, reason):
    assert documents_json(cli, doc_id)[doc_id]["validity"] == {"status": status, "reason": reason}


def test_repeal_wins_over_expiry_and_the_stated_end_is_still_reported(cli):
    record = documents_json(cli, NANCHANG_2016)[NANCHANG_2016]
    assert record["validity"]["status"] == REPEALED and record["expires"] == "2018-12-31"


@pytest.mark.parametrize(
    "ref", ["国发〔2014〕67号", "国发[2014]67号", "国发(2014)第67号", "《国务院关于促进服务外包产业加快发展的意见》"]
)
def test_documents_cites_lists_the_documents_implementing_the_national_one(cli, ref):
    assert list(documents_json(cli, "--cites", ref)) == [HEFEI_2018, NANCHANG_2016, WUHAN_2015, CHANGSHA_2020]


def test_documents_cites_a_document_outside_the_library_by_what_its_citations_say(cli):
    assert list(documents_json(cli, "--cites", "关于加快服务外包产业发展的实施意见")) == [WUHAN_2022]  # 武汉's
    assert list(documents_json(cli, "--cites", "长政办发〔2017〕8号")) == [CHANGSHA_2020]
    status, lines = cli("documents", "--cites", "国发〔2099〕1号")
    assert status == 0 and lines == ["no document cites 国发〔2099〕1号"]


def test_documents_cites_with_ids_is_refused_in_one_line(cli):
    status, _ = cli("documents", "--cites", "国发〔2014〕67号", NATIONAL)
    assert status == 2 and cli.err == "error: give document ids or --cites, not both\n"


def test_in_force_keeps_amended_and_partly_repealed_documents_and_drops_the_rest(cli):
    status, lines = cli("query", "--json", "--in-force", "--top-k", "50", "服务外包")
    kept = {hit["id"].split(":")[0] for hit in json.loads(lines[0])["hits"]}
    assert {HEFEI_2018, WUHAN_2015, NANCHANG_2019} <= kept
    assert not kept & {NANCHANG_2016, NANCHANG_2012, WUHAN_2026, NATIONAL}


def test_a_provision_adopted_by_four_documents_lists_them_oldest_first(cli):
    status, lines = cli("query", "--json", "--top-k", "1", "新录用大学生岗前培训补贴")
    [hit] = json.loads(lines[0])["hits"]
    assert hit["adopted"] == [
        {"city": "武汉", "id": WUHAN_2015, "date": "2015-03-10", "province": "湖北"},
        {"city": "合肥", "id": HEFEI_2018, "date": "2018-05-20", "province": "安徽"},
        {"city": "南昌", "id": NANCHANG_2019, "date": "2019-06-12", "province": "江西"},
        {"city": "长沙", "id": CHANGSHA_2020, "date": "2020-09-15", "province": "湖南"},
    ]


def test_the_in_force_facet_agrees_with_each_documents_status(mini):
    graph, documents = mini.index.lineage, mini.documents()
    day = datetime.date.fromisoformat(TODAY)
    expected = [
        validity_status(d.meta, day, graph.supersession(d.doc_id)).status in IN_FORCE_STATUSES for d in documents
    ]
    assert mini.searcher.facets.in_force(day).tolist() == expected
    for other in (datetime.date(2016, 6, 1), datetime.date(2027, 6, 1), datetime.date(2031, 1, 1)):
        statuses = [validity_status(d.meta, other, graph.supersession(d.doc_id)).status for d in documents]
        assert mini.searcher.facets.in_force(other).tolist() == [s in IN_FORCE_STATUSES for s in statuses], other


def test_a_document_page_links_each_resolved_citation_in_its_clause(mini):
    page = mini.document_page(WUHAN_2015)
    assert page.summary.lineage.cited_by == [WUHAN_2022] and page.titles[WUHAN_2022] == "武汉市服务外包人才支持办法"
    [(clause_id, [(start, end, target)])] = page.links.items()
    clause = next(c for c in page.clauses if c.id == clause_id)
    assert clause.text[start:end] == "《国务院关于促进服务外包产业加快发展的意见》" and target == NATIONAL
    assert mini.document_page("no-such-id") is None


def test_compared_targets_are_one_chart_in_one_unit(mini):
    rows = mini.compare("服务外包执行额达到多少亿美元")
    figures = mini.compare_figures("服务外包执行额达到多少亿美元", rows)
    assert figures is not None and figures.unit == "亿美元"
    by_city = {bar.city: bar for bar in figures.bars}
    assert by_city["长沙"].figure == "5000万美元" and by_city["长沙"].value == pytest.approx(0.5)
    assert by_city["武汉"].value in (50.0, 120.0)


# -- the graph's rules on small libraries


def doc(doc_id: str, title: str, *references: Reference, date: str | None = None, **meta) -> Document:
    return Document(
        doc_id, f"{doc_id}.txt", "", DocumentMeta(title=title, date_written=date, **meta), "", list(references)
    )


def test_a_citation_cycle_is_two_links_and_nothing_loops():
    a = doc("a", "朔州市甲办法", Reference("朔州市乙办法", None))
    b = doc("b", "朔州市乙办法", Reference("朔州市甲办法", None))
    graph = LineageGraph.build([a, b])
    assert (graph.of("a").cited_by, graph.of("b").cited_by) == (["b"], ["a"])
    assert graph.citing("朔州市甲办法") == ["b"]


def test_a_document_repealing_itself_repeals_nothing():
    a = doc("a", "朔州市甲办法", Reference("朔州市甲办法", None, effect=Effect.REPEALS), doc_number="朔政发〔2020〕1号")
    b = doc("b", "朔州市乙办法", Reference(None, "朔政发〔2020〕1号", effect=Effect.REPEALS))
    graph = LineageGraph.build([a, b])
    assert graph.of("a").repealed_by == ["b"] and graph.of("a").repeals == [] and graph.of("b").repealed_by == []


def test_an_older_document_cannot_repeal_a_newer_one():
    old = doc("old", "朔州市甲办法", Reference("朔州市乙办法", None, effect=Effect.REPEALS), date="2016-01-01")
    new = doc("new", "朔州市乙办法", date="2020-01-01")
    graph = LineageGraph.build([old, new])
    assert graph.of("new").repealed_by == [] and graph.of("new").cited_by == ["old"]
    assert [c.effect for c in graph.of("old").cites] == [None]  # nor is it shown repealing it


def test_a_lineage_saved_before_cites_held_their_effect_still_loads(tmp_path):
    a = doc("a", "朔州市甲办法", Reference("朔州市乙办法", "朔政发〔2020〕2号", effect=Effect.AMENDS))
    LineageGraph.build([a]).save(tmp_path)
    saved = json.loads((tmp_path / "lineage.json").read_text(encoding="utf-8"))
    assert saved["lineages"]["a"]["cites"] == [["朔州市乙办法", "朔政发〔2020〕2号", None, "amends"]]
    saved["lineages"]["a"]["cites"] = [["朔州市乙办法", "朔政发〔2020〕2号", None]]
    (tmp_path / "lineage.json").write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    [cited] = LineageGraph.load(tmp_path, [a]).of("a").cites
    assert (cited.title, cited.effect) == ("朔州市乙办法", None)


def test_repeal_by_two_and_amendment_name_every_document_in_the_reason():
    old = doc("old", "朔州市甲办法", valid_until="2030-12-31")
    first = doc(
        "r1", "朔州市乙办法", Reference("朔州市甲办法", None, effect=Effect.REPEALS), doc_number="朔政发〔2021〕1号"
    )
    second = doc("r2", "朔州市丙办法", Reference("朔州市甲办法", None, effect=Effect.REPEALS))
    graph = LineageGraph.build([old, first, second])
    done = graph.supersession("old")
    assert validity_status(old.meta, datetime.date(2026, 1, 1), done) == Validity(
        REPEALED, "已被《朔州市乙办法》(朔政发〔2021〕1号)、《朔州市丙办法》废止"
    )


def test_an_amended_document_past_its_end_has_expired():
    meta = DocumentMeta(title="甲", valid_until="2020-12-31")
    amended = doc("a", "甲", valid_until="2020-12-31")
    graph = LineageGraph.build([amended, doc("b", "乙", Reference("甲", None, effect=Effect.AMENDS))])
    assert validity_status(meta, datetime.date(2026, 1, 1), graph.supersession("a")).status == EXPIRED
    assert validity_status(meta, datetime.date(2020, 6, 1), graph.supersession("a")).status == AMENDED


def test_the_lineage_survives_saving_and_loading(tmp_path):
    documents = [
        doc("a", "朔州市甲办法", doc_number="朔政发〔2020〕1号"),
        doc("b", "朔州市乙办法", Reference(None, "朔政发〔2020〕1号", effect=Effect.REPEALS_PART, articles="第五条")),
    ]
    graph = LineageGraph.build(documents)
    graph.save(tmp_path)
    loaded = LineageGraph.load(tmp_path, documents)
    assert [loaded.of(d) for d in ("a", "b")] == [graph.of(d) for d in ("a", "b")] and loaded.resolved == graph.resolved
    assert loaded.supersession("a").partly_repealed_by[0].articles == "第五条"
    assert Facets.build(documents, [], loaded).in_force(datetime.date(2026, 1, 1)).tolist() == [True, False]


# -- links stated in .meta.json


def two_documents(tmp_path):
    write(
        tmp_path,
        "old.txt",
        "朔州市服务外包扶持办法\n朔政发〔2016〕2号\n一、总则\n对服务外包企业给予支持，所需资金由市财政安排。\n",
    )
    write(
        tmp_path,
        "new.txt",
        "朔州市服务外包促进办法\n朔政发〔2021〕3号\n一、总则\n对服务外包企业给予奖励，所需资金由市财政安排。\n",
    )


@pytest.mark.parametrize("target", ["new", "朔政发[2021]3号"])
def test_an_override_may_state_who_repealed_or_amended_a_document_by_id_or_number(tmp_path, target):
    two_documents(tmp_path)
    write(tmp_path, "old.txt.meta.json", json.dumps({"repealed_by": target}))
    documents = load_corpus([tmp_path], load_settings(corpus_dir=tmp_path)).documents
    graph = LineageGraph.build(documents)
    assert graph.of("old").repealed_by == ["new"] and graph.of("new").repeals == ["old"]
    write(tmp_path, "old.txt.meta.json", json.dumps({"amended_by": target}))
    graph = LineageGraph.build(load_corpus([tmp_path], load_settings(corpus_dir=tmp_path)).documents)
    assert graph.of("old").amended_by == ["new"]


@pytest.mark.parametrize(
    "values, message",
    [
        ({"repealed_by": "朔政发〔2099〕9号"}, "repealed_by '朔政发〔2099〕9号' is no document of the library"),
        ({"amended_by": "nowhere"}, "amended_by 'nowhere' is no document of the library"),
        ({"repealed_by": "old"}, "repealed_by names the document itself"),
    ],
)
def test_an_override_linking_to_no_document_of_the_library_skips_it_with_one_line_naming_the_file(
    tmp_path, values, message
):
    two_documents(tmp_path)
    write(tmp_path, "old.txt.meta.json", json.dumps(values))
    corpus = load_corpus([tmp_path], load_settings(corpus_dir=tmp_path))
    assert [d.doc_id for d in corpus.documents] == ["new"]
    assert all(c.doc_id == "new" for c in corpus.clauses)
    [skipped] = corpus.skipped
    assert skipped.reason.startswith(f"{tmp_path / 'old.txt.meta.json'}: {message}") and "\n" not in skipped.reason


def test_the_cli_build_reports_an_unknown_link_target_and_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("POLICY_SEARCH_CROSSLINGUAL", "none")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    two_documents(corpus)
    write(corpus, "old.txt.meta.json", json.dumps({"repealed_by": "国发〔2099〕1号"}))
    assert main(["--corpus", str(corpus), "--index", str(tmp_path / "index"), "build"]) == 2
    err = capsys.readouterr().err
    assert "old.txt.meta.json: repealed_by '国发〔2099〕1号' is no document of the library" in err
    assert "Traceback" not in err
