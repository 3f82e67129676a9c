"""End to end in a real browser (Debian chromium via Playwright): search, compare and ask; document text and
link values shown as text, never run or followed."""

import csv
import shutil
from pathlib import Path

import pytest
from browser_support import browser_page, browser_pages, running_app

from search.config import ROOT
from search.normalize import compact

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "test-output" / "browser"
PLANTED = (
    "黄石市服务外包保税维修工作方案\n一、主要任务\n"
    "（一）保税维修。支持保税维修业务发展<script>window.__pwned = 1</script>，"
    '推进飞机保税维修<img src=x onerror="window.__pwned = 2">项目建设。\n'
)


@pytest.fixture(scope="module")
def app_url(built_settings, searcher, tmp_path_factory):
    """The app over the bundled corpus plus a document with markup in its text, started once for these tests."""
    root = tmp_path_factory.mktemp("browser")
    corpus, index = root / "corpus", root / "index"
    shutil.copytree(built_settings.corpus_dir, corpus)
    shutil.copytree(built_settings.index_dir, index)
    (corpus / "zz_planted.txt").write_text(PLANTED, encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with running_app(corpus, index) as url:
        yield url


def wait_until_painted(page) -> None:
    """The downloads come after every card or row the script writes, and an element the running script has not
    written again yet is marked stale: once the downloads show and nothing is stale, the page is complete. (The
    downloads alone are not enough after a change: the last run's button still shows while the cards above it
    are redrawn, and a sorted list was once read half redrawn.)"""
    settle(page)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=120_000)
    page.get_by_text("下载 CSV").wait_for(timeout=60_000)


def test_search_then_ask_in_a_real_browser(app_url):
    with browser_page() as page:
        page.goto(f"{app_url}/?q=保税维修")
        page.wait_for_selector(".ps-card", timeout=180_000)  # the planted document is indexed on first use
        wait_until_painted(page)
        cities = {card.get_attribute("data-city") for card in page.query_selector_all(".ps-card") if card.is_visible()}
        assert len(cities) >= 3, cities
        assert page.evaluate("window.__pwned") is None
        planted = page.locator('.ps-card[data-city="黄石"]').first
        assert "<script>window.__pwned = 1</script>" in planted.inner_text()  # shown as text, never run
        first = page.locator(".ps-result").first
        assert not first.locator(".ps-ctx-target").is_visible()
        first.get_by_text("在原文中查看 View in document").click()  # opens in the page, no rerun
        assert first.locator(".ps-ctx-target").is_visible() and first.locator(".ps-ctx").count() >= 2
        with page.expect_download() as download:  # the file is made when clicked
            page.get_by_text("下载 CSV").click()
        rows = list(csv.reader(Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines(keepends=True)))
        shown = [card.get_attribute("data-clause") for card in page.query_selector_all(".ps-card")]
        assert download.value.suggested_filename == "results.csv" and rows[0][4] == "clause_id"
        assert [row[4] for row in rows[1:]] == shown and len(shown) == 10  # the results shown, in their order
        page.get_by_text("最近检索 Recent searches").click()  # the panel is drawn once opened
        page.get_by_role("button", name="检索 · 保税维修").wait_for(timeout=60_000)
        page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)

        page.get_by_text("问答 Ask").click()
        page.get_by_text("出处 Sources").wait_for(timeout=60_000)
        assert "个城市有相关规定" in page.inner_text("body")
        assert page.evaluate("window.__pwned") is None
        page.screenshot(path=str(SCREENSHOTS / "ask.png"), full_page=True)


def test_compare_view_shows_markup_in_a_provision_as_text_in_a_real_browser(app_url):
    with browser_page() as page:
        page.goto(f"{app_url}/?mode=compare&q=保税维修")
        page.wait_for_selector(".ps-compare", timeout=180_000)
        wait_until_painted(page)
        rows = page.locator(".ps-compare tr[data-city]")
        cities = [rows.nth(n).get_attribute("data-city") for n in range(rows.count())]
        assert len(cities) == len(set(cities)) >= 4, cities
        planted = page.locator('.ps-compare tr[data-city="黄石"]')
        assert '<img src=x onerror="window.__pwned = 2">' in planted.inner_text()
        assert page.evaluate("window.__pwned") is None
        page.screenshot(path=str(SCREENSHOTS / "compare.png"), full_page=True)


def test_a_link_in_a_url_value_is_shown_as_text_not_a_link_in_a_real_browser(app_url):
    with browser_page() as page:
        page.goto(f"{app_url}/?q=保税维修&city=[Log in again](https://evil.example)")
        warning = page.locator('[data-testid="stAlert"]', has_text="Log in again")
        warning.wait_for(timeout=180_000)
        assert "[Log in again](https:" in warning.inner_text()
        assert warning.locator("a").count() == 0


def test_a_province_in_the_link_keeps_its_cities_and_the_sidebar_names_it_in_a_real_browser(app_url):
    with browser_page() as page:
        page.goto(f"{app_url}/?q=保税维修&province=湖北省")
        page.wait_for_selector(".ps-card", timeout=180_000)
        wait_until_painted(page)
        cities = {card.get_attribute("data-city") for card in page.query_selector_all(".ps-card") if card.is_visible()}
        assert cities and cities <= {"宜昌", "黄石"}, cities  # the bundled corpus's and the planted Hubei documents
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert "湖北" in sidebar.inner_text()
        page.screenshot(path=str(SCREENSHOTS / "province.png"), full_page=True)


def test_a_query_with_operators_shows_how_it_was_read_and_every_hit_obeys_it_in_a_real_browser(app_url):
    with browser_page() as page:
        page.goto(app_url)
        box = page.get_by_placeholder("例如 e.g. 保税维修 / 各城市如何支持保税维修？")
        box.wait_for(timeout=180_000)
        box.fill("「服務外包」 维修 -保税 year:2020..2021")
        box.press("Enter")
        page.get_by_text("检索式 Read as：短语 服务外包 · 排除 保税 · 年份 2020..2021 · 检索词 维修").wait_for(
            timeout=180_000
        )
        wait_until_painted(page)

        def shown() -> list[tuple[str, str]]:
            cards = page.query_selector_all(".ps-card")
            return [
                (compact(c.query_selector(".ps-text").inner_text()), c.query_selector(".ps-doc").inner_text())
                for c in cards
            ]

        hits = shown()
        assert hits and all("服务外包" in text and "保税" not in text for text, _ in hits)
        assert all(" · 2020-" in line or " · 2021-" in line for _, line in hits)  # the document's date

        page.get_by_role("button", name="语法 Syntax").click()
        page.get_by_text("精确短语").wait_for(timeout=30_000)
        page.keyboard.press("Escape")
        page.get_by_role("combobox", name="排序 Sort").click()
        page.get_by_role("option", name="最新 Newest").click()
        page.wait_for_url("**sort=newest**", timeout=60_000)
        wait_until_painted(page)
        dates = [line.split(" · ")[-1] for _, line in shown()]
        assert dates == sorted(dates, reverse=True) and {text for text, _ in shown()} == {text for text, _ in hits}
        page.screenshot(path=str(SCREENSHOTS / "syntax.png"), full_page=True)


def test_five_visitors_arriving_together_on_a_fresh_server_all_get_results(built_settings, searcher):
    with running_app(built_settings.corpus_dir, built_settings.index_dir) as url, browser_pages(5) as pages:
        for page in pages:
            page.goto(f"{url}/?q=保税维修", wait_until="commit")  # all five arrive together
        for n, page in enumerate(pages):
            page.wait_for_selector(".ps-card", timeout=120_000)
            assert "Error" not in page.inner_text("body"), n


UPLOADED = (
    "朔州市服务外包示范城市建设实施方案\n一、总体要求\n（一）指导思想。推动服务外包数字化转型。\n"
    "二、主要任务\n（一）煤机保税维修。支持煤矿机械企业开展全球保税维修和再制造业务，建设煤机检测维修中心。\n"
    "（二）人才培训。建设服务外包人才培训基地。\n"
)


def settle(page) -> None:
    """Wait out the script run that the last action started: an action taken during a rerun can be lost (the
    "Add and index" button once never appeared, on an idle machine, after an upload made mid-rerun)."""
    page.wait_for_timeout(500)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=120_000)


def open_upload_panel(page, app_url: str) -> None:
    page.goto(app_url)
    page.get_by_text("添加文件 Add documents").wait_for(timeout=120_000)
    settle(page)
    # Each step reruns the script; on a loaded machine that can take a while.
    page.get_by_text("添加文件 Add documents").click(timeout=120_000)
    settle(page)


def test_an_uploaded_pdf_is_indexed_and_its_clause_found_by_searching(app_url, tmp_path):
    from document_copies import needs_chromium, print_pdf

    needs_chromium()
    pdf = print_pdf(UPLOADED, tmp_path / "朔州方案.pdf")
    with browser_page() as page:
        open_upload_panel(page, app_url)
        page.locator("input[type=file]").set_input_files(str(pdf), timeout=120_000)
        settle(page)
        page.get_by_role("button", name="加入语料库并更新索引 Add and index").click(timeout=120_000)
        page.get_by_text("条款 Clauses").wait_for(timeout=240_000)
        assert "朔州" in page.inner_text("body")
        page.screenshot(path=str(SCREENSHOTS / "upload-pdf.png"), full_page=True)

        page.goto(f"{app_url}/?q=煤机保税维修")
        page.wait_for_selector('.ps-card[data-city="朔州"]', timeout=120_000)
        card = page.locator('.ps-card[data-city="朔州"]').first
        assert "煤矿机械企业开展全球保税维修和再制造业务" in card.inner_text()
        page.screenshot(path=str(SCREENSHOTS / "upload-pdf-found.png"), full_page=True)


SHADOW = "忻州市服务外包实施方案\n一、主要任务\n（一）动漫外包。支持动漫创意和游戏外包企业集聚发展。\n"


def test_an_upload_cannot_shadow_a_policy_and_a_bad_pdf_fails_alone_in_a_real_browser(app_url, tmp_path):
    from hostile_files import pdf_claiming_pages

    shadow = tmp_path / "001_8fc9245e4c94aa29.md"  # the id of 大同's policy in the bundled corpus
    shadow.write_text(SHADOW, encoding="utf-8")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(pdf_claiming_pages(100_000))
    with browser_page() as page:
        open_upload_panel(page, app_url)
        nul_name = {"name": "evil\x00.exe", "mimeType": "text/plain", "buffer": SHADOW.encode()}
        as_buffers = [{"name": f.name, "mimeType": "text/plain", "buffer": f.read_bytes()} for f in (shadow, bad)]
        page.locator("input[type=file]").set_input_files([*as_buffers, nul_name], timeout=120_000)
        settle(page)
        page.get_by_role("button", name="加入语料库并更新索引 Add and index").click(timeout=120_000)
        page.get_by_text("bad.pdf: 100,000 pages").wait_for(timeout=240_000)
        page.get_by_text("001_8fc9245e4c94aa29-2.md").wait_for(timeout=60_000)
        settle(page)
        body = page.inner_text("body")
        assert "001_8fc9245e4c94aa29-2.md" in body and "bad.pdf: 100,000 pages" in body, body
        assert "evil\\x00.exe: unsupported file type" in body  # a NUL in a name is shown, never a traceback
        assert "Traceback" not in body and "StreamlitAPIException" not in body
        page.screenshot(path=str(SCREENSHOTS / "upload-hostile.png"), full_page=True)

        page.goto(f"{app_url}/?q=动漫外包 大同")
        page.wait_for_selector('.ps-card[data-city="忻州"]', timeout=120_000)
        assert page.locator('.ps-card[data-city="大同"]').count() >= 1  # the policy it was named after is still there
        assert "上传 uploaded" in page.locator('.ps-card[data-city="忻州"]').first.inner_text()
        page.screenshot(path=str(SCREENSHOTS / "upload-hostile-found.png"), full_page=True)


DRAFT = (
    "朔州市关于推动服务外包高质量发展的实施意见（征求意见稿）\n"
    "一、支持保税维修、保税检测、再制造等新业态发展，推进飞机维修扩能技改、飞机拆解项目建设，做大做强飞机维修业务。\n"
    "二、设立服务外包企业算力券，企业租用本市智能算力中心算力开展大模型训练的，按实际费用的30%给予补助。\n"
)


def test_a_pasted_draft_is_checked_with_its_differences_and_kept_out_of_the_url(app_url):
    with browser_page() as page:
        page.goto(f"{app_url}/?mode=draft")
        page.get_by_label("草案全文 Draft text").fill(DRAFT, timeout=180_000)
        page.get_by_role("button", name="比对 Check").click()
        page.wait_for_selector(".ps-draft-clause", timeout=180_000)
        labels = [card.get_attribute("data-label") for card in page.query_selector_all(".ps-draft-clause")]
        assert labels == ["copied", "novel"]
        copied = page.locator('.ps-draft-clause[data-label="copied"]')
        assert copied.locator("del.ps-dropped", has_text="凌云").count() == 1
        assert "宜昌" in copied.locator(".ps-precedent").first.inner_text()
        assert "已失效" in page.locator(".ps-draft-summary").inner_text()  # Yichang's 2022-2025 plan has ended
        assert "保税" not in page.url and "mode=draft" in page.url
        page.screenshot(path=str(SCREENSHOTS / "draft-check.png"), full_page=True)


LINEAGE_PLANTED = (
    "<img src=x onerror=window.__pwned=3>朔州市服务外包促进办法\n"
    "第一条 为落实《国务院关于促进服务外包产业加快发展的意见》（国发〔2014〕67号）<script>window.__pwned = 4</script>，"
    "制定本办法。\n第二条 对服务外包企业新录用大学生并开展岗前培训的，按每人不超过3000元给予培训补贴。\n"
)


@pytest.fixture(scope="module")
def lineage_app_url(tmp_path_factory):
    """The app over the held-out lineage library plus a document with markup in its title and text, on a fixed
    day; the cross-lingual leg off (nothing here is asked in English)."""
    root = tmp_path_factory.mktemp("lineage-browser")
    corpus = root / "corpus"
    shutil.copytree(ROOT / "tests" / "data" / "lineage_library", corpus)
    (corpus / "山西").mkdir()
    (corpus / "山西" / "zz-planted.txt").write_text(LINEAGE_PLANTED, encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("POLICY_SEARCH_TODAY", "2026-12-01")
        env.setenv("POLICY_SEARCH_CROSSLINGUAL", "none")
        with running_app(corpus, root / "index", timeout=120) as url:
            yield url


def test_lineage_from_a_hit_to_its_document_page_and_on_to_the_document_it_cites_in_a_real_browser(lineage_app_url):
    with browser_page() as page:
        page.goto(f"{lineage_app_url}/?q=新录用大学生岗前培训补贴&k=3")
        page.wait_for_selector(".ps-card", timeout=300_000)  # the library is indexed on first use
        wait_until_painted(page)
        timeline = page.locator('[data-testid="stVegaLiteChart"]').first
        timeline.wait_for(timeout=60_000)
        timeline.locator("svg, canvas").first.wait_for(timeout=60_000)  # Vega drew it, offline
        page.screenshot(path=str(SCREENSHOTS / "lineage-search.png"), full_page=True)

        page.locator(".ps-card .ps-doclink").first.click()  # the hit's title opens its document's page
        page.wait_for_selector(".ps-docpage", timeout=60_000)
        assert "document=" in page.url
        page.goto(f"{lineage_app_url}/?document=湖北.武汉.wh-2015")
        page.wait_for_selector(".ps-docpage", timeout=60_000)
        assert page.locator(".ps-valid").first.inner_text() == "部分失效"
        page.screenshot(path=str(SCREENSHOTS / "lineage-document.png"), full_page=True)
        page.locator(".ps-text .ps-doclink").first.click()  # a citation in a clause opens the cited document
        page.wait_for_selector('.ps-docpage[data-doc="全国.gf-2014-67"]', timeout=60_000)
        cited_by = page.locator(".ps-lineage-part", has_text="被引用 Cited by").locator("a")
        assert cited_by.count() == 5  # the four local documents and the planted one
        planted = page.locator(".ps-lineage-part a", has_text="朔州市服务外包促进办法")
        assert "<img src=x onerror=window.__pwned=3>" in planted.inner_text()  # its title shown as text
        page.screenshot(path=str(SCREENSHOTS / "lineage-cited.png"), full_page=True)
        planted.click()
        page.wait_for_selector(".ps-docpage", timeout=60_000)
        assert "<script>window.__pwned = 4</script>" in page.locator(".ps-docpage").inner_text()
        assert page.evaluate("window.__pwned") is None


def test_the_compare_view_charts_the_cities_targets_and_names_the_first_adopter_in_a_real_browser(lineage_app_url):
    with browser_page() as page:
        page.goto(f"{lineage_app_url}/?mode=compare&q=服务外包执行额达到多少亿美元")
        page.wait_for_selector(".ps-compare", timeout=300_000)
        wait_until_painted(page)
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.locator("svg, canvas").first.wait_for(timeout=60_000)
        assert page.locator(".ps-compare th", has_text="首先采用 First adopted by").count() == 1
        page.screenshot(path=str(SCREENSHOTS / "lineage-compare.png"), full_page=True)
        box = chart.bounding_box()  # the bars are sorted, the highest first: its middle is a bar
        page.mouse.click(box["x"] + box["width"] * 0.15, box["y"] + box["height"] * 0.6)
        page.wait_for_selector(".ps-docpage", timeout=60_000)  # the bar's clause, on its document's page
        assert "document=" in page.url and "#clause-" in page.url
