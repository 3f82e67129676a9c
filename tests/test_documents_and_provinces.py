"""`documents` lists what each document is (place, number, dates, validity, size); `--province` filters like
`--city`, in the CLI, the facade and the URL; an override naming a province must name a real one."""

from __future__ import annotations

import json

import pytest
from helpers import write

from search.cli import main
from search.config import load_settings
from search.errors import IngestError, UnknownFilterError
from search.ingest.facts.overrides import read_override
from search.present.url_state import ViewState
from search.records import Filters

DOCUMENT_KEYS = {
    "id", "title", "city", "province", "district", "issuer", "number", "issued", "effective", "expires",
    "validity", "clauses", "uploaded", "reported",
    "cites", "cited_by", "repeals", "repealed_by", "repeals_part", "partly_repealed_by", "amends", "amended_by",
    "mentions",
}  # fmt: skip


@pytest.fixture(scope="module")
def base_args(built_settings, searcher):  # `searcher` makes sure the index is built
    return ["--corpus", str(built_settings.corpus_dir), "--index", str(built_settings.index_dir)]


def test_documents_json_gives_one_line_per_document_with_its_facts(base_args, capsys):
    assert main([*base_args, "documents", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 5 and all(set(r) == DOCUMENT_KEYS for r in records)
    by_city = {r["city"]: r for r in records}
    assert by_city["宜昌"]["province"] == "湖北" and by_city["宜昌"]["expires"] == "2025-12-31"
    assert by_city["重庆"]["number"] == "渝商务函〔2021〕114号" and by_city["重庆"]["issued"] == "2021-04-02"
    assert all(r["clauses"] > 0 and r["validity"]["status"] for r in records)


def test_documents_of_given_ids_and_an_unknown_id(base_args, capsys):
    assert main([*base_args, "documents", "004_e84f59bfac9362f6"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("004_e84f59bfac9362f6 | ") and "重庆" in line and "渝商务函〔2021〕114号" in line
    assert main([*base_args, "documents", "nope"]) == 2
    assert "unknown document id 'nope'" in capsys.readouterr().err


def test_province_filters_like_city_and_accepts_the_full_name(searcher):
    for name in ("湖北", "湖北省"):
        hits = searcher.search("保税维修", Filters(provinces=[name])).hits
        assert hits and {h.clause.province for h in hits} == {"湖北"} and {h.clause.city for h in hits} == {"宜昌"}
    with pytest.raises(UnknownFilterError, match="unknown province '西藏'"):
        searcher.validate(Filters(provinces=["西藏"]))


def test_query_json_hits_carry_province_and_district(base_args, capsys):
    assert main([*base_args, "query", "--json", "--province", "上海", "保税维修"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and all(h["province"] == "上海" and "district" in h for h in hits)


def test_a_link_may_name_a_province_and_an_unknown_one_is_reported():
    state = ViewState.from_params({"q": ["x"], "province": ["湖北省", "火星"]}, load_settings())
    checked = state.checked_filters(["宜昌"], [], [], ["湖北", "上海"])
    assert checked.provinces == ["湖北"] and checked.rejected == ["火星"]
    assert state.to_params(load_settings())["province"] == ["湖北省", "火星"]


@pytest.mark.parametrize(
    "values, message",
    [
        ({"province": "湖北省"}, "unknown province '湖北省': give its short name"),
        ({"province": "火星"}, "unknown province '火星'"),
        ({"province": "湖北", "city": "深圳"}, "city '深圳' is not in province '湖北'"),
    ],
)
def test_an_override_naming_an_unknown_province_or_a_city_outside_it_names_its_file(tmp_path, values, message):
    document = write(tmp_path, "a.txt", "x")
    write(tmp_path, "a.txt.meta.json", json.dumps(values, ensure_ascii=False))
    with pytest.raises(IngestError, match=message):
        read_override(document)


def test_an_override_may_use_the_names_documents_prints(tmp_path):
    document = write(tmp_path, "a.txt", "x")
    write(tmp_path, "a.txt.meta.json", json.dumps({"number": "鄂政发〔2022〕1号", "expires": "2025-12-31"}))
    assert read_override(document) == {"doc_number": "鄂政发〔2022〕1号", "valid_until": "2025-12-31"}
