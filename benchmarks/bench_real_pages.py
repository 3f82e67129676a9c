"""Per-field accuracy of ingestion on real government pages against a gold file.

    python benchmarks/bench_real_pages.py --pages DIR --gold gold.jsonl [--split split.json --half tune] [-v]

The gold file holds one JSON object per page: the page's file (`file`, `page`, `id` or `name`, with or without
`.txt`) and the fields city, province, district, title, number, issued and issuer (null when the page states none). City,
province, district and title are scored over every page; number, issued and issuer only over the pages whose gold
states them (the issuer, joint issuers included, compared without spaces and punctuation). A page is ingested as a build would (load, clean, detect metadata, chunk), and every clause is checked for
page furniture: a menu, breadcrumb or pinyin annotation in a clause is counted against the run.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path, PurePath

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search.config import load_settings  # noqa: E402
from search.errors import IngestError  # noqa: E402
from search.ingest.chunking.clauses import chunk_document  # noqa: E402
from search.ingest.corpus import build_document  # noqa: E402
from search.ingest.facts.metadata import normalise_doc_number  # noqa: E402
from search.ingest.files.loading import read_source  # noqa: E402
from search.normalize import compact  # noqa: E402

FIELDS = ("city", "province", "district", "title", "number", "issued", "issuer")
STATED_ONLY = ("number", "issued", "issuer")  # scored only where the gold states them
_PAGE_KEYS = ("file", "page", "id", "name", "path")
# What must never reach a clause: a breadcrumb, a menu of site sections, a pinyin annotation 关(guan)于.
_FURNITURE = {
    "breadcrumb": re.compile(r"(当前|现在)(的)?位置\s*[:：]|首页\s*[>＞»]"),
    "menu": re.compile(r"(首页|网站首页)\s+(政务公开|新闻中心|政务服务|互动交流)"),
    # a site's sections one a line, bulleted or not: two in one clause
    "menu lines": re.compile(
        r"(^[•·]?\s*(首页|网站首页|政务公开|政务服务|互动交流|新闻中心|信息公开|政民互动|要闻动态|通知公告)\s*$[\s\S]*){2}",
        re.M,
    ),
    "login bar": re.compile(r"^登录\s*[|/]?\s*注册$", re.M),
    # two in one clause: a lone "(ito)" after a word is an abbreviation
    "pinyin": re.compile(r"([\u4e00-\u9fff]\([a-zü]{1,6}[1-5]?\).*){2}"),
    "share/print bar": re.compile(r"【\s*(打印|关闭)\s*】|分享到\s*[:：]"),
}


def _page_path(record: dict, pages: Path) -> Path:
    for key in _PAGE_KEYS:
        if record.get(key):
            name = PurePath(str(record[key])).name
            path = pages / name
            return path if path.exists() else pages / f"{name}.txt"
    raise SystemExit(f"gold record names no page file ({', '.join(_PAGE_KEYS)}): {record}")


def _page_name(record: dict) -> str:
    return next(PurePath(str(record[key])).stem for key in _PAGE_KEYS if record.get(key))


def _same(field: str, found: str | None, gold: str | None) -> bool:
    if field in ("title", "issuer"):
        return compact(re.sub(r"[\s《》〈〉“”\"'()（）:：,，、]", "", found or "")) == compact(
            re.sub(r"[\s《》〈〉“”\"'()（）:：,，、]", "", gold or "")
        )
    if field == "number":
        return normalise_doc_number(found or "") == normalise_doc_number(gold or "")
    return (found or None) == (gold or None)


def read_page(path: Path, settings) -> tuple[dict, list[str], str | None]:
    """The fields ingestion finds on one page, the furniture left in its clauses, or why it was skipped."""
    try:
        document = build_document(read_source(path, settings.max_document_bytes), PurePath(path.name))
    except IngestError as error:
        return {}, [], str(error)
    meta = document.meta
    found = {
        "city": meta.city,
        "province": meta.province,
        "district": meta.district,
        "title": meta.title,
        "number": meta.doc_number,
        "issued": meta.dated,
        "issuer": meta.issuer,
    }
    furniture = [
        f"{kind}: {clause.text[:60]}"
        for clause in chunk_document(document, settings).clauses
        for kind, pattern in _FURNITURE.items()
        if pattern.search(clause.text)
    ]
    return found, furniture, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder of page files")
    parser.add_argument("--gold", type=Path, required=True, help="JSON Lines of the true fields per page")
    parser.add_argument("--split", type=Path, help='JSON {"tune": [...], "check": [...]} of page names')
    parser.add_argument("--half", default="tune", help="which half of --split to score (default tune)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = parser.parse_args(argv)

    records = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.split:
        chosen = {PurePath(str(name)).stem for name in json.loads(args.split.read_text(encoding="utf-8"))[args.half]}
        records = [record for record in records if _page_name(record) in chosen]
    settings = load_settings()
    right = dict.fromkeys(FIELDS, 0)
    scored = dict.fromkeys(FIELDS, 0)
    furniture_pages = 0
    skipped: list[str] = []
    for record in records:
        name = _page_name(record)
        found, furniture, skip = read_page(_page_path(record, args.pages), settings)
        if skip:
            skipped.append(skip)
        if furniture:
            furniture_pages += 1
            if args.verbose:
                print(f"{name} furniture in clauses: {furniture[:3]}")
        for field in FIELDS:
            gold = record.get(field)
            if field in STATED_ONLY and not gold:
                continue
            scored[field] += 1
            if _same(field, found.get(field), gold):
                right[field] += 1
            elif args.verbose:
                print(f"{name} {field}: found {found.get(field)!r}, gold {gold!r}")
    print(f"{len(records)} pages ({args.half if args.split else 'all'}), {len(skipped)} skipped")
    for field in FIELDS:
        share = right[field] / scored[field] if scored[field] else float("nan")
        print(f"{field:9} {right[field]:4}/{scored[field]:<4} {share:6.1%}")
    print(f"pages with furniture in a clause: {furniture_pages}")
    for reason in skipped:
        print(f"skipped: {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
