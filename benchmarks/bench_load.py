"""Load on one app server from several browser sessions at once (localhost only, bounded): N Chromium
contexts in one headless browser each run 5 searches; reports time from Enter to the new first card
(p50/p95/max), errors, and per search: the server process's CPU time, the browser's CPU time (every Chromium
process, utime+stime from /proc), the bytes the server sent over the pages' websockets, and the pages' DOM size.
Browser against server CPU says where the time of a slow page goes when both share the cores.

Every search of a run is a different query, so a results cache cannot flatter the figures.

Usage: .venv/bin/python benchmarks/bench_load.py --sessions 1 5 10 [--app PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser_support import CHROMIUM, CHROMIUM_ARGS, app_server  # noqa: E402

from search.config import load_settings  # noqa: E402
from search.service import PolicySearch  # noqa: E402

SEARCHES_PER_SESSION = 5
MAX_SESSIONS = 20  # bounded: this is a local check, not a stress tool
TIMEOUT_MS = 30_000
ERRORS = ROOT / "test-output" / "bench_load"  # a screenshot of the page for each error
PLACEHOLDER = "例如 e.g. 保税维修 / 各城市如何支持保税维修？"
TERMS = ["保税维修", "人才培训", "数据中心", "医药研发", "服务外包", "国际贸易", "跨境电商", "软件信息", "金融支持",
         "示范园区", "知识产权", "数字贸易", "离岸外包", "资金奖励", "统计监测"]  # fmt: skip


# Waits on the page's own DOM changes. Playwright's wait_for_function polls on every animation frame, work
# done only for the benchmark's sake in each waiting page (it made no difference measurable through the noise,
# about 430 against 500 ms of browser CPU per search with 10 sessions, but it measures nothing the user sees).
WATCH_FIRST_CARD = """old => { window.__firstCard = new Promise(resolve => {
    const changed = () => { const e = document.querySelector('.ps-card'); return e && e.innerHTML !== old; };
    const observer = new MutationObserver(() => { if (changed()) { observer.disconnect(); resolve(); } });
    observer.observe(document.body, {childList: true, subtree: true, characterData: true});
}); }"""


def queries(count: int) -> list[str]:
    """`count` different queries: the terms, then pairs of them."""
    pool = TERMS + [f"{a} {b}" for a, b in itertools.combinations(TERMS, 2)]
    return pool[:count]


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (fields 14 and 15 of /proc/<pid>/stat, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browser_cpu_seconds(server_pid: int) -> float:
    """CPU time of this process's descendants except the server: the Chromium processes and Playwright's driver."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue  # the process ended while listed
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    total, pending = 0.0, [pid for pid in children.get(os.getpid(), []) if pid != server_pid]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, []))
        try:
            total += cpu_seconds(pid)
        except OSError:
            continue
    return total


async def open_session(browser, url: str, received: list[int]):
    """A visitor's page, counting into `received` the bytes the server sends over its websocket."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1200})
    page = await context.new_page()
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
    await page.goto(url, timeout=120_000)
    await page.get_by_text("输入关键词或问题").first.wait_for(timeout=120_000)  # index loaded, page complete
    return context, page


async def search(page, text: str) -> float:
    """Type, press Enter, and time until the first card differs from what was shown before."""
    before = await page.evaluate("(document.querySelector('.ps-card') || {}).innerHTML || ''")
    box = page.get_by_placeholder(PLACEHOLDER)
    await box.fill(text)
    await page.evaluate(WATCH_FIRST_CARD, before)
    started = time.perf_counter()
    await box.press("Enter")
    await asyncio.wait_for(page.evaluate("window.__firstCard"), TIMEOUT_MS / 1000)
    return (time.perf_counter() - started) * 1000


async def run_session(page, texts: list[str], times: list[float], errors: list[str]) -> None:
    for text in texts:
        try:
            times.append(await search(page, text))
        except Exception as error:  # a timeout or a page error counts as an error, and the session goes on
            alerts = await page.locator('[data-testid="stAlert"], [data-testid="stException"]').all_inner_texts()
            errors.append(f"{text}: {type(error).__name__} {' | '.join(alerts)[:300]}")
            ERRORS.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(ERRORS / f"error-{len(errors)}.png"), full_page=True)


async def measure(url: str, pid: int, sessions: int) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            received: list[int] = []
            first, _ = await open_session(browser, url, received)  # a first visitor warms the server up
            await first.close()
            opened = await asyncio.gather(*(open_session(browser, url, received) for _ in range(sessions)))
            texts = queries(sessions * SEARCHES_PER_SESSION)
            times: list[float] = []
            errors: list[str] = []
            received.clear()
            cpu_before, browser_before = cpu_seconds(pid), browser_cpu_seconds(pid)
            await asyncio.gather(
                *(
                    run_session(page, texts[n * SEARCHES_PER_SESSION : (n + 1) * SEARCHES_PER_SESSION], times, errors)
                    for n, (_, page) in enumerate(opened)
                )
            )
            cpu, browser_cpu = cpu_seconds(pid) - cpu_before, browser_cpu_seconds(pid) - browser_before
            nodes = [await page.evaluate("document.getElementsByTagName('*').length") for _, page in opened]
        finally:
            await browser.close()
    searches = max(1, len(times))
    return {
        "sessions": sessions,
        "times": times,
        "errors": errors,
        "cpu_per_search": cpu / searches,
        "browser_cpu_per_search": browser_cpu / searches,
        "bytes_per_search": sum(received) / searches,
        "dom_nodes": statistics.mean(nodes),
    }


def report(result: dict) -> str:
    times = sorted(result["times"]) or [float("nan")]
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return (
        f"| {result['sessions']} | {len(result['times'])} | {statistics.median(times):.0f} ms | {p95:.0f} ms "
        f"| {times[-1]:.0f} ms | {len(result['errors'])} | {1000 * result['cpu_per_search']:.0f} ms "
        f"| {1000 * result['browser_cpu_per_search']:.0f} ms | {result['bytes_per_search'] / 1024:.1f} KiB "
        f"| {result['dom_nodes']:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--app", type=Path, default=ROOT / "app.py", help="the app to serve (e.g. an older copy)")
    args = parser.parse_args()
    if max(args.sessions) > MAX_SESSIONS:
        parser.error(f"at most {MAX_SESSIONS} sessions")
    settings = load_settings()
    PolicySearch(settings).open()  # a built index: this measures searching, not the first build
    print(
        "| sessions | searches | p50 | p95 | max | errors | server CPU per search | browser CPU per search "
        "| sent per search | DOM nodes per page |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for sessions in args.sessions:
        with app_server(settings.corpus_dir, settings.index_dir, app=args.app) as (url, server):
            result = asyncio.run(measure(url, server.pid, sessions))
        print(report(result), flush=True)
        for error in result["errors"][:5]:
            print(f"  error: {error}", file=sys.stderr)


if __name__ == "__main__":
    main()
