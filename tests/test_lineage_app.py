"""Lineage in the app (Streamlit's AppTest) on the held-out mini-library: a hit's title opens its document's page,
which shows its validity and reason, what it cites (links), what cites it and what repealed or amended it, with
citations in its clauses as links; a provision held by several documents gets its adoption timeline; the compare
view names who adopted first and charts comparable figures."""

from __future__ import annotations

import html
import json

import pyarrow
import pytest
from streamlit.testing.v1 import AppTest

from search.config import ROOT, load_settings
from search.service import PolicySearch

APP = str(ROOT / "app.py")
LIBRARY = ROOT / "tests" / "data" / "lineage_library"
TODAY = "2026-12-01"


@pytest.fixture(scope="module")
def mini_index(tmp_path_factory):
    index = tmp_path_factory.mktemp("lineage-app-index")
    PolicySearch(load_settings(corpus_dir=LIBRARY, index_dir=index, today=TODAY, crosslingual_model="none")).open()
    return index


@pytest.fixture
def app_env(mini_index, monkeypatch):
    monkeypatch.setenv("POLICY_SEARCH_CORPUS", str(LIBRARY))
    monkeypatch.setenv("POLICY_SEARCH_INDEX", str(mini_index))
    monkeypatch.setenv("POLICY_SEARCH_TODAY", TODAY)
    monkeypatch.setenv("POLICY_SEARCH_CROSSLINGUAL", "none")


def run_app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def page_html(at: AppTest) -> str:
    return "".join(block.value for block in at.html)


def charts(at: AppTest) -> list[tuple[dict, list[dict]]]:
    """Each Vega-Lite chart's spec and its data rows (Streamlit sends a chart's inline data as an Arrow table)."""
    found = []
    for element in at.get("vega_lite_chart"):
        rows = pyarrow.ipc.open_stream(element.proto.data.data).read_all().to_pylist()
        found.append((json.loads(element.proto.spec), rows))
    return found


def test_a_document_page_shows_validity_lineage_and_linked_citations(app_env):
    at = run_app(document="湖北.武汉.wh-2015")
    assert not at.exception
    page = page_html(at)
    assert '<h3 class="ps-doctitle">关于加快服务外包产业发展的实施意见</h3>' in page
    assert '<span class="ps-valid ps-valid-changed">部分失效</span>' in page
    assert "第五条已被《武汉市服务外包人才支持办法》(武政规〔2022〕3号)废止" in page
    assert "<th>发文字号 Number</th><td>武政〔2015〕12号</td>" in page
    national = html.escape("?document=%E5%85%A8%E5%9B%BD.gf-2014-67")
    # the citation in the text and the cited document in the lineage both lead to the national document
    assert page.count(f'href="{national}"') == 2
    assert (
        f'<a class="ps-doclink" href="{national}" target="_self">《国务院关于促进服务外包产业加快发展的意见》</a>'
        in page
    )
    assert "被部分废止 Partly repealed by" in page and "武汉市服务外包人才支持办法</a>" in page


def test_an_unresolved_citation_is_listed_as_not_in_the_library(app_env):
    page = page_html(run_app(document="江西.南昌.nc-2019"))
    assert '《关于加快服务外包产业发展的实施意见》 <span class="ps-notheld">库中无 not in the library</span>' in page
    assert "现行有效" in page and "废止 Repeals" in page
    assert "引用与废止关系由程序从正文读出" in page  # the lineage is machine-read, and says so


def test_an_unknown_document_in_a_link_is_reported_not_a_traceback(app_env):
    at = run_app(document="<script>alert(1)</script>")
    assert not at.exception
    assert [w.value for w in at.warning] == ["文件不存在 No such document: \\<script\\>alert\\(1\\)\\<\\/script\\>"]


def test_a_hit_links_its_document_and_a_shared_provision_gets_its_timeline(app_env):
    at = run_app(q="新录用大学生岗前培训补贴", k="3")
    assert not at.exception
    page = page_html(at)
    assert 'class="ps-doclink" href="?document=' in page
    spec, values = charts(at)[0]
    assert spec["encoding"]["x"]["field"] == "date" and spec["encoding"]["href"] == {"field": "url"}
    assert [v["city"] for v in values] == ["武汉", "合肥", "南昌", "长沙"]
    assert values[0]["adopter"] == "首个采用 first" and values[1]["adopter"] == "随后采用 later"


def test_the_compare_view_names_the_first_adopter_and_charts_figures_in_one_unit(app_env):
    at = run_app(q="服务外包执行额达到多少亿美元", mode="compare")
    assert not at.exception
    table = page_html(at)
    assert "<th>首先采用 First adopted by</th>" in table
    [(spec, values)] = charts(at)
    assert spec["encoding"]["y"]["title"] == "亿美元"
    bars = {v["city"]: v for v in values}
    assert bars["长沙"]["value"] == pytest.approx(0.5) and bars["长沙"]["figure"] == "5000万美元"
    assert bars["长沙"]["url"].startswith("?document=") and "#clause-" in bars["长沙"]["url"]
