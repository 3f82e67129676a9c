"""Start the app on a free localhost port and drive Debian's chromium with Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from search.config import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(corpus: Path, index: Path, timeout: float = 60):
    """Yield the base URL of a streamlit server for this corpus and index; stop it afterwards."""
    with app_server(corpus, index, timeout=timeout) as (url, _):
        yield url


@contextmanager
def app_server(corpus: Path, index: Path, app: Path = ROOT / "app.py", timeout: float = 60):
    """Yield the base URL and the process of a streamlit server running `app` (the load benchmark reads its
    CPU time); stop it afterwards."""
    port = free_port()
    env = dict(os.environ, POLICY_SEARCH_CORPUS=str(corpus), POLICY_SEARCH_INDEX=str(index))
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("streamlit server did not start") from None
                time.sleep(0.3)
        yield url, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@contextmanager
def browser_page(width: int = 1400, height: int = 1600):
    with browser_pages(1, width, height) as [page]:
        yield page


@contextmanager
def browser_pages(count: int, width: int = 1400, height: int = 1600):
    """`count` pages, each in its own browser context: to the app, `count` separate visitors."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield [browser.new_context(viewport={"width": width, "height": height}).new_page() for _ in range(count)]
        finally:
            browser.close()
