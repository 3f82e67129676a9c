"""Vega-Lite specifications for the app's charts, drawn by Streamlit's built-in Vega-Lite (`st.vega_lite_chart`),
which renders offline: who adopted a provision and when, and the compared cities' figures.

Document text reaches a chart only as data values, which Vega draws as SVG text, never as markup; its tooltips
escape HTML. Links are built by `url_state` (percent-encoded), after `base`, the app's own URL: Vega follows no
relative link.
"""

from __future__ import annotations

from search.answer.figure_comparison import FigureComparison
from search.present.labels import city_label
from search.present.url_state import document_url
from search.records import Adoption

MAX_ADOPTERS = 30  # a provision 300 documents share: its first 30 adopters, the rest counted below the chart
_ROW_PIXELS = 22


def adoption_chart(adopted: list[Adoption], base: str = "") -> dict | None:
    """A timeline of who adopted the provision: one point per dated document (city by date, oldest first), the
    first adopter marked; None when fewer than two documents hold it with a date."""
    dated = [a for a in adopted if a.date][:MAX_ADOPTERS]
    if len(dated) < 2:
        return None
    values = [
        {
            "city": city_label(a.city, a.province),
            "date": a.date,
            "id": a.id,
            "adopter": "首个采用 first" if n == 0 else "随后采用 later",
            "url": document_url(a.id, base=base),
        }
        for n, a in enumerate(dated)
    ]
    cities = list(dict.fromkeys(v["city"] for v in values))  # the rows, first adopter on top
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": values},
        "height": {"step": _ROW_PIXELS},
        "mark": {"type": "point", "filled": True, "size": 90, "cursor": "pointer"},
        "encoding": {
            "x": {
                "field": "date",
                "type": "temporal",
                "title": "采用时间 adopted",
                "axis": {"format": "%Y", "tickCount": "year"},
            },
            "y": {"field": "city", "type": "nominal", "title": None, "sort": cities},
            "color": {
                "field": "adopter",
                "type": "nominal",
                "title": None,
                "scale": {"domain": ["首个采用 first", "随后采用 later"], "range": ["#b42318", "#667085"]},
            },
            "shape": {
                "field": "adopter",
                "type": "nominal",
                "title": None,
                "scale": {"domain": ["首个采用 first", "随后采用 later"], "range": ["diamond", "circle"]},
            },
            "href": {"field": "url"},
            "tooltip": [
                {"field": "city", "title": "城市"},
                {"field": "date", "title": "日期"},
                {"field": "id", "title": "文件"},
            ],
        },
    }


def figure_chart(comparison: FigureComparison, base: str = "") -> dict:
    """A bar per city, its figure in the comparison's unit, each bar linked to its clause."""
    values = [
        {
            "city": city_label(bar.city),
            "value": bar.value,
            "figure": bar.figure,
            "url": document_url(bar.doc_id, bar.clause_id, base),
        }
        for bar in comparison.bars
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": values},
        "height": 220,
        "encoding": {
            "x": {"field": "city", "type": "nominal", "title": None, "sort": "-y", "axis": {"labelAngle": 0}},
            "y": {"field": "value", "type": "quantitative", "title": comparison.unit},
            "href": {"field": "url"},
            "tooltip": [
                {"field": "city", "title": "城市"},
                {"field": "figure", "title": "原文 as written"},
                {"field": "value", "title": comparison.unit, "format": ",.4~g"},
            ],
        },
        "layer": [
            {"mark": {"type": "bar", "cursor": "pointer"}},
            {"mark": {"type": "text", "dy": -8}, "encoding": {"text": {"field": "figure"}}},  # as the clause says it
        ],
    }
