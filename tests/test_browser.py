"""End to end in a real browser (Debian chromium via Playwright): search, safety of document text, ask mode."""

import shutil

import pytest
from browser_support import browser_page, running_app

from search.config import ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "test-output" / "browser"
PLANTED = (
    "黄石市服务外包保税维修工作方案\n一、主要任务\n"
    "（一）保税维修。支持保税维修业务发展<script>window.__pwned = 1</script>，"
    '推进飞机保税维修<img src=x onerror="window.__pwned = 2">项目建设。\n'
)


@pytest.fixture
def planted_corpus(built_settings, searcher, tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(built_settings.corpus_dir, corpus)
    shutil.copytree(built_settings.index_dir, index)
    (corpus / "zz_planted.txt").write_text(PLANTED, encoding="utf-8")
    return corpus, index


def test_search_then_ask_in_a_real_browser(planted_corpus):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with running_app(*planted_corpus) as url, browser_page() as page:
        page.goto(f"{url}/?q=保税维修")
        page.wait_for_selector(".ps-card", timeout=180_000)  # the planted document is indexed on first use
        page.wait_for_timeout(500)
        cities = {card.get_attribute("data-city") for card in page.query_selector_all(".ps-card") if card.is_visible()}
        assert len(cities) >= 3, cities
        assert page.evaluate("window.__pwned") is None
        planted = page.locator('.ps-card[data-city="黄石"]').first
        assert "<script>window.__pwned = 1</script>" in planted.inner_text()  # shown as text, never run
        page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)

        page.get_by_text("问答 Ask").click()
        page.get_by_text("出处 Sources").wait_for(timeout=60_000)
        assert "个城市有相关规定" in page.inner_text("body")
        assert page.evaluate("window.__pwned") is None
        page.screenshot(path=str(SCREENSHOTS / "ask.png"), full_page=True)
