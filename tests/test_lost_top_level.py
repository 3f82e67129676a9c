"""A lone `1. 标题` followed by `二、` stands for a lost `一、`: the one-pass rule decides as the plain reading of the
rule does (each `1.` looking down to the first top heading or its own next number), on random outlines."""

from __future__ import annotations

import random

from search.ingest.chunking.clauses import _promote_lost_top_level
from search.ingest.headings import TOP, Heading


def promoted_by_reading_down(headings: list[Heading | None]) -> list[Heading | None]:
    """The rule as stated, one look down the document per `1.` line: the baseline the pass is held to."""
    out = list(headings)
    for i, heading in enumerate(headings):
        if not heading or heading.style != "number" or not heading.standalone:
            continue
        for later in headings[i + 1 :]:
            if later and later.style == "number" and later.ordinal == heading.ordinal + 1:
                break
            if later and later.style == "top":
                if later.ordinal == heading.ordinal + 1:
                    out[i] = Heading("top", TOP, heading.ordinal, heading.title, True)
                break
    return out


def random_outline(rng: random.Random, length: int) -> list[Heading | None]:
    headings: list[Heading | None] = []
    for n in range(length):
        kind = rng.choice(["top", "number", "number", "paren", None])
        ordinal = rng.randint(1, 4)
        headings.append(Heading(kind, 1, ordinal, f"h{n}", rng.random() < 0.7) if kind else None)
    return headings


def test_the_one_pass_rule_agrees_with_reading_down_on_random_outlines():
    rng = random.Random(2026)
    for _ in range(500):
        outline = random_outline(rng, rng.randint(1, 30))
        expected = promoted_by_reading_down(outline)
        _promote_lost_top_level(outline)
        assert outline == expected


def test_a_lone_first_item_before_a_second_top_heading_becomes_the_first_top_heading():
    outline = [Heading("number", 3, 1, "1.总体要求", True), None, Heading("top", TOP, 2, "二、主要任务", True)]
    _promote_lost_top_level(outline)
    assert outline[0] == Heading("top", TOP, 1, "1.总体要求", True)
    kept = [
        Heading("number", 3, 1, "1.甲", True),
        Heading("number", 3, 2, "2.乙", True),
        Heading("top", TOP, 2, "二、", True),
    ]
    _promote_lost_top_level(kept)
    assert kept[0].style == "number"  # its own `2.` comes first: a list, nothing lost
