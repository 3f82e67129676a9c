"""PDF and Word copies of documents, made in the tests rather than committed: PDF by printing an HTML rendering
with Debian's chromium (which adds its own running header, footer and page numbers), Word with python-docx."""

from __future__ import annotations

import html
import io
import subprocess
from pathlib import Path

import docx
import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS

# A4 at 14pt in a CJK serif, a first-line indent: the look of a government document, lines wrapped by the page.
_PAGE_STYLE = (
    "body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:14pt;line-height:1.5}"
    "p{margin:0 0 .2em 0;text-indent:2em}"
)


# A government document's own page furniture, drawn by the page and not by chromium: a running header on
# every page and `- 3 -` page numbers at the foot (CSS page-margin boxes; printed with --no-pdf-header-footer).
GOVERNMENT_PAGES = (
    "@page{size:A4;margin:25mm 22mm;"
    "@top-center{content:'宜昌市人民政府办公室文件';font-family:'Noto Serif CJK SC';color:#c00}"
    "@bottom-center{content:'- ' counter(page) ' -';font-family:'Noto Serif CJK SC'}}"
)


def needs_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it)")


def html_page(text: str, title: str, page_style: str = "") -> str:
    paragraphs = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{_PAGE_STYLE}{page_style}</style></head><body>{paragraphs}</body></html>"
    )


def print_pdf(text: str, target: Path, government: bool = False) -> Path:
    """`text` printed to `target` by chromium, with chromium's header and footer (date, title, URL, page x/y),
    or with a government document's (`GOVERNMENT_PAGES`)."""
    page = target.with_suffix(".html")
    page.write_text(html_page(text, target.stem, GOVERNMENT_PAGES if government else ""), encoding="utf-8")
    profile = target.parent / f".chromium-{target.stem}"
    furniture = ["--no-pdf-header-footer"] if government else []
    subprocess.run(
        [CHROMIUM, *CHROMIUM_ARGS, *furniture, f"--user-data-dir={profile}", f"--print-to-pdf={target}", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    page.unlink()
    return target


def word_bytes(text: str) -> bytes:
    """A .docx with one paragraph per line of `text`."""
    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def copy_corpus(originals: list[Path], folder: Path, kind: str) -> Path:
    """`folder` holding a `kind` ("pdf" or "docx") copy of each original, with the original's name."""
    folder.mkdir(parents=True, exist_ok=True)
    for original in originals:
        text = original.read_text(encoding="utf-8")
        target = folder / f"{original.stem}.{kind}"
        if kind == "pdf":
            print_pdf(text, target)
        else:
            target.write_bytes(word_bytes(text))
    return folder
