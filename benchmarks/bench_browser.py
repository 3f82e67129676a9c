"""Speed in a real browser (Debian chromium): first paint after start-up with a built index, and the time
from submitting a search or a question to its results appearing (warm).

Usage: .venv/bin/python benchmarks/bench_browser.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser_support import browser_page, running_app  # noqa: E402

from search.config import load_settings  # noqa: E402
from search.service import PolicySearch  # noqa: E402

SEARCHES = ["保税维修", "人才培训基地", "国际贸易单一窗口", "医药研发外包", "数据中心"]
PLACEHOLDER = "例如 e.g. 保税维修 / 各城市如何支持保税维修？"
QUESTIONS = [
    "各城市如何支持保税维修？",
    "大同多久召开一次领导小组成员会议？",
    "宜昌到2025年要打造多少个省级服务外包示范园区？",
]


def submit_and_wait(page, text: str, selector: str) -> float:
    """Type, press Enter, and time until the first result differs from what was shown before."""
    before = page.evaluate(f"(document.querySelector('{selector}') || {{}}).innerHTML || ''")
    box = page.get_by_placeholder(PLACEHOLDER)
    box.fill(text)
    started = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(
        "([sel, old]) => { const e = document.querySelector(sel); return e && e.innerHTML !== old; }",
        arg=[selector, before],
        timeout=30_000,
    )
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = load_settings()
    PolicySearch(settings).open()  # make sure the index is built: this measures start-up *with* a built index
    with browser_page() as page:
        started = time.perf_counter()
        with running_app(settings.corpus_dir, settings.index_dir) as url:
            measure(page, url, started, args.repeat)


def measure(page, url: str, started: float, repeat: int) -> None:
    page.goto(url)
    page.get_by_placeholder(PLACEHOLDER).wait_for(timeout=60_000)
    print(f"first paint after start-up (server start to search box): {time.perf_counter() - started:.2f} s")
    page.get_by_text("输入关键词或问题").first.wait_for(timeout=60_000)
    print(f"index loaded and page complete: {time.perf_counter() - started:.2f} s")
    submit_and_wait(page, "服务外包", ".ps-card")  # warm-up
    search_ms = [submit_and_wait(page, q, ".ps-card") for _ in range(repeat) for q in SEARCHES]
    print(
        f"search in the browser (warm, {len(search_ms)} runs): p50 {statistics.median(search_ms):.0f} ms, max {max(search_ms):.0f} ms"
    )
    page.get_by_text("问答 Ask").click()
    page.wait_for_timeout(1000)
    ask_ms = [submit_and_wait(page, q, ".ps-quote") for _ in range(repeat) for q in QUESTIONS]
    print(
        f"answer in the browser (warm, {len(ask_ms)} runs): p50 {statistics.median(ask_ms):.0f} ms, max {max(ask_ms):.0f} ms"
    )


if __name__ == "__main__":
    main()
