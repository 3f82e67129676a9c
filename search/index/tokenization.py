"""Lexical tokens: jieba search-mode words of the normalised text, with a domain dictionary and stopwords."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from functools import lru_cache
from pathlib import Path

import jieba

from search.normalize import HAN, is_han

jieba.setLogLevel(60)

DOMAIN_TERMS_FILE = Path(__file__).parent / "resources" / "domain_terms.txt"
DOMAIN_TERM_FREQ = 20000  # high enough that jieba keeps a domain term whole rather than splitting it
# Bump when the way words are cut changes: 2: every dictionary word inside a long word, not only 2-3 characters,
# and quotation marks dropped first.
TOKENIZER_VERSION = 2

# Function words and question words: they match everywhere and rank nothing.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "等",
        "在",
        "对",
        "为",
        "是",
        "将",
        "把",
        "要",
        "以",
        "并",
        "或",
        "其",
        "之",
        "于",
        "中",
        "上",
        "下",
        "个",
        "各",
        "有",
        "由",
        "被",
        "从",
        "向",
        "到",
        "也",
        "都",
        "而",
        "及其",
        "如何",
        "怎么",
        "怎样",
        "哪些",
        "哪个",
        "什么",
        "多少",
        "是否",
        "吗",
        "呢",
        "吧",
        "啊",
        "请问",
        "一下",
        "有关",
        "相关",
        "进行",
        "方面",
        "我",
        "我们",
        "你",
        "他们",
        "这",
        "那",
        "这些",
        "那些",
        "the",
        "a",
        "an",
        "of",
        "for",
        "and",
        "or",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "is",
        "are",
        "was",
        "were",
        "be",
        "how",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "as",
        "about",
        "into",
    ]
)
_WORD = re.compile(rf"[\w{HAN}]")
# Quotation marks set a term apart (纳入国际贸易“单一窗口”) but do not end a word: without them the text cuts as it
# does where a document prints the term bare (纳入国际贸易单一窗口).
_QUOTES = str.maketrans("", "", "“”‘’「」『』\"'")


_LOADING = threading.Lock()


def _tokenizer() -> jieba.Tokenizer:
    """jieba with the domain terms, loaded once per process (0.6 s: its dictionary). A server loads it on a
    warm-up thread; a first query arriving meanwhile waits for that load instead of starting a second."""
    with _LOADING:
        return _loaded_tokenizer()


@lru_cache(maxsize=1)
def _loaded_tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for term in domain_terms():
        tokenizer.add_word(term, freq=DOMAIN_TERM_FREQ)
    return tokenizer


@lru_cache(maxsize=1)
def domain_terms() -> tuple[str, ...]:
    lines = DOMAIN_TERMS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(t.strip() for t in lines if t.strip() and not t.startswith("#"))


def tokenizer_fingerprint() -> str:
    """Hash of what tokens depend on (domain terms as loaded, their weight, stopwords, the cutting's version).

    Taken from the loaded terms, not the file, so an edit counts once the process reads it and tokenises with it.
    """
    resources = [list(domain_terms()), DOMAIN_TERM_FREQ, sorted(STOPWORDS), TOKENIZER_VERSION]
    return hashlib.sha256(json.dumps(resources, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def tokenize_normalized(text: str) -> list[str]:
    """Search-mode tokens of normalised text: `保税维修` gives `保税`, `维修`, `保税维修`; stopwords dropped."""
    text = text.translate(_QUOTES)
    return [t for t in _search_words(_tokenizer(), text) if _WORD.search(t) and t.strip() and t not in STOPWORDS]


def _search_words(tokenizer: jieba.Tokenizer, text: str) -> list[str]:
    """Each word jieba cuts, preceded by every dictionary word inside it. jieba's own search mode looks only at
    two- and three-character pieces, so `国际贸易单一窗口` (one word) would not give `国际贸易` or `单一窗口`,
    which the same words get wherever punctuation splits them (`国际贸易“单一窗口”`)."""
    words: list[str] = []
    for word in tokenizer.cut(text):
        for size in range(2, len(word)):
            words.extend(piece for i in range(len(word) - size + 1) if tokenizer.FREQ.get(piece := word[i : i + size]))
        words.append(word)
    return words


def is_content_term(token: str) -> bool:
    """A token worth offering as a query expansion or a highlight: two or more CJK characters, or a word."""
    cjk = sum(map(is_han, token))
    return cjk >= 2 or (cjk == 0 and len(token) >= 3 and token.isalpha())
