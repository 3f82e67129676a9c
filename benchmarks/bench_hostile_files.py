"""Peak memory (RSS growth over the process's baseline) and time of ingesting the worst files we can build within
the upload limit (5 MiB) and the document limit (20 MiB): each file is read in a fresh process.

    .venv/bin/python benchmarks/bench_hostile_files.py            # all cases
    .venv/bin/python benchmarks/bench_hostile_files.py docx-runs  # one

The target (hostile-uploads issue): every case stays within 1 GiB of growth, refused or read.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_files import docx_with_body, docx_with_xml, pdf_claiming_pages, pdf_of, pdf_with_content  # noqa: E402

MIB = 2**20


def docx_runs(runs_per_paragraph: int, paragraphs: int, chars_per_run: int = 1) -> bytes:
    """Paragraphs of bold runs of random ideographs (random, so that the file compresses no more than a real one
    and passes the ratio check): with one character a run, the most XML elements a .docx within the limits holds."""
    import random

    rng = random.Random(7)

    def paragraph() -> str:
        runs = (
            "<w:r><w:rPr><w:b/></w:rPr><w:t>"
            + "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(chars_per_run))
            + "</w:t></w:r>"
            for _ in range(runs_per_paragraph)
        )
        return "<w:p>" + "".join(runs) + "</w:p>"

    return docx_with_xml("".join(paragraph() for _ in range(paragraphs)))


def pdf_pages(pages: int, lines_per_page: int) -> bytes:
    """`pages` pages of text, each its own content stream of `lines_per_page` text lines."""
    import zlib

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    content = b"".join(
        b"BT /F1 10 Tf 72 %d Td (Policy text line) Tj ET\n" % (700 - n % 60 * 10) for n in range(lines_per_page)
    )
    data = zlib.compress(content, 9)
    font = 3
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for _ in range(pages):
        objects.append(f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream")
        stream = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {stream} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()
    return pdf_of(objects)


def html_tags(size: int) -> bytes:
    return b"<html><body>" + b"<b>x</b>" * ((size - 27) // 8) + b"</body></html>"


def text_file(size: int) -> bytes:
    line = "（一）支持保税维修业务发展，推进飞机保税维修项目建设，落实相关税收政策。\n".encode()
    return line * (size // len(line))


def first_items(size: int) -> bytes:
    """Many lone `1.` items under one top heading: each could stand for a lost `一、` heading."""
    item = "1.总体要求\n支持企业发展。\n".encode()
    return "宜昌市方案\n一、总则\n支持服务外包发展。\n".encode() + item * ((size - 60) // len(item))


CASES = {
    # name: (suffix, bytes, the limit it must stay within)
    "docx-empty-paragraphs": (".docx", lambda: docx_with_body(300_000), 5 * MIB),
    "docx-max-paragraphs": (".docx", lambda: docx_runs(1, 19_999, 100), 5 * MIB),
    "docx-runs": (".docx", lambda: docx_runs(60, 19_999), 5 * MIB),
    "docx-runs-at-limit": (".docx", lambda: docx_runs(12, 19_999), 5 * MIB),
    "pdf-claims-pages": (".pdf", lambda: pdf_claiming_pages(100_000), 5 * MIB),
    "pdf-content-bomb": (".pdf", lambda: pdf_with_content(500), 5 * MIB),
    "pdf-content-at-limit": (".pdf", lambda: pdf_with_content(46), 5 * MIB),
    "pdf-1000-pages": (".pdf", lambda: pdf_pages(1000, 180), 20 * MIB),
    "html-tags-5mib": (".html", lambda: html_tags(5 * MIB), 5 * MIB),
    "html-tags-20mib": (".html", lambda: html_tags(20 * MIB - 64), 20 * MIB),
    "html-tags-at-limit": (".html", lambda: html_tags(8 * 99_000), 20 * MIB),
    "text-20mib": (".txt", lambda: text_file(20 * MIB - 200), 20 * MIB),
    "text-first-items-5mib": (".txt", lambda: first_items(5 * MIB - 200), 5 * MIB),
}

CHILD = """
import json, resource, sys, time
from pathlib import Path, PurePath
from search.config import load_settings
from search.errors import IngestError
from search.ingest.corpus import ingest_file
path = Path(sys.argv[1]); settings = load_settings()
ingest_file(Path("warm.txt"), settings, PurePath("warm.txt"), raw="宜昌市方案\\n一、总则\\n（一）支持。\\n".encode())
def rss():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]) * 1024
def now():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) * 1024
raw = path.read_bytes(); base = now()
open("/proc/self/clear_refs", "w").write("5")  # resets the high-water mark to the current RSS
started = time.perf_counter()
try:
    document, clauses, _ = ingest_file(path, settings, PurePath(path.name), raw=raw); outcome = f"read: {len(clauses)} clauses"
except IngestError as error:
    outcome = "refused: " + str(error).split(": ", 1)[1]
print(json.dumps({"seconds": time.perf_counter() - started, "growth": rss() - base, "outcome": outcome}))
"""


def main() -> None:
    import tempfile

    wanted = sys.argv[1:] or list(CASES)
    print(f"{'case':24} {'file':>9} {'growth':>10} {'seconds':>8}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for name in wanted:
            suffix, make, limit = CASES[name]
            raw = make()
            assert len(raw) <= limit, f"{name}: {len(raw)} bytes is over its {limit} byte limit"
            path = Path(folder) / f"{name}{suffix}"
            path.write_bytes(raw)
            result = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
            )
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"{name:24} {len(raw) / MIB:8.2f}M {figures['growth'] / MIB:9.0f}M {figures['seconds']:8.1f}  "
                f"{figures['outcome'][:90]}",
                flush=True,
            )


if __name__ == "__main__":
    main()
