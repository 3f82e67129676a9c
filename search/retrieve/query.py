"""Query understanding: normalise, bound the length, tokenise, and notice cities named in the query."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pypinyin import lazy_pinyin

from search.errors import EmptyQueryError
from search.index.tokenization import tokenize_normalized
from search.normalize import HAN, normalize

_CJK = re.compile(f"[{HAN}]")
_LATIN_WORD = re.compile(r"[a-z]+")


@dataclass
class ParsedQuery:
    raw: str
    text: str  # simplified, half-width, single-spaced
    tokens: list[str]
    cities: list[str]  # corpus cities the query names (宜昌, 宜昌市, Yichang)
    chinese: bool  # written mostly in Chinese: the lexical leg can match it directly
    warnings: list[str] = field(default_factory=list)


def romanise(text: str) -> str:
    """'重庆' -> 'chongqing'."""
    return "".join(lazy_pinyin(text)).lower()


@lru_cache(maxsize=256)
def city_romanisation(city: str) -> str:
    """'重庆' -> 'chongqing': lets English queries name a city."""
    return romanise(city)


def unranked_query(text: str) -> ParsedQuery:
    """A query of constraints only: nothing is ranked, but its phrases' words (`text`, maybe empty) mark hits
    and weigh an answer's sentences."""
    normalized = normalize(text)
    return ParsedQuery(raw=text, text=normalized, tokens=tokenize_normalized(normalized), cities=[], chinese=True)


def parse_query(raw: str, known_cities: list[str], max_chars: int) -> ParsedQuery:
    """Raise EmptyQueryError for a blank query; truncate an over-long one with a warning."""
    if raw is None or not raw.strip():
        raise EmptyQueryError("empty query: type a few words, e.g. 保税维修 or 'bonded maintenance'")
    warnings = []
    text = normalize(raw)
    if len(text) > max_chars:
        warnings.append(f"query was {len(text)} characters; only the first {max_chars} were used")
        text = text[:max_chars]
    tokens = tokenize_normalized(text)
    if not tokens:
        raise EmptyQueryError(f"query has no searchable words: {raw.strip()[:40]!r}")
    cjk = len(_CJK.findall(text))
    latin_words = set(_LATIN_WORD.findall(text))
    cities = [city for city in known_cities if city in text or city_romanisation(city) in latin_words]
    return ParsedQuery(
        raw=raw, text=text, tokens=tokens, cities=cities, chinese=cjk >= len(latin_words), warnings=warnings
    )
