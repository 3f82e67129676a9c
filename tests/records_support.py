"""Small records for the presentation tests: a clause of Yichang's plan unless told otherwise."""

from __future__ import annotations

from search.records import Clause


def clause(text: str = "支持开展飞机保税维修业务。", city: str | None = "宜昌", **fields) -> Clause:
    values = {
        "id": "yc-1",
        "doc_id": "yc",
        "doc_title": "宜昌市建设中国服务外包示范城市实施方案",
        "section_path": ["一、主要任务"],
        "heading": "2.维修维护服务",
        "kind": "clause",
        "start": 0,
        "end": len(text),
    }
    return Clause(city=city, text=text, **(values | fields))
