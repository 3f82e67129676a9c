"""Text normal forms: width folding and traditional-to-simplified (OpenCC t2s) for indexing."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_SPACES = re.compile(r"\s+")
# C0 and C1 control characters but line feed and tab: ESC would let a query or a document drive the terminal,
# and a NUL in a file name breaks the widgets that show it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with every control character shown as its escape (`\\x1b`), never passed on as is."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


# The ideographs every stage takes for Chinese text, as the inside of a regex character class: CJK Unified
# Ideographs and Extension A (rare characters of place and personal names). Radical and compatibility forms are
# mapped into these by `standard_ideographs`; `PRINTED_HAN` adds the compatibility block for text read before that.
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
PRINTED_HAN = HAN + "\uf900-\ufaff"


def is_han(character: str) -> bool:
    """Whether `character` is one of `HAN`'s ideographs."""
    return "\u4e00" <= character <= "\u9fff" or "\u3400" <= character <= "\u4dbf"


# What cleaning puts in place of a run of mojibake (鍏充簬鏈嶅姟): kept in the text, never quoted as an answer.
GARBLED = "[乱码]"


# Full-width ASCII (U+FF01-U+FF5E) to its half-width form, and the ideographic space to a space.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: ord(" ")}


def fold_width(text: str) -> str:
    """Full-width ASCII forms to half-width (`（一）１．` -> `(一)1.`); `①` and CJK punctuation stay."""
    return text.translate(_HALF_WIDTH)


# Radical and compatibility code points that PDF text layers produce for ordinary ideographs (`⼀、⼯作⽬标`):
# CJK radicals supplement, Kangxi radicals, CJK compatibility ideographs and their supplement. NFKC maps each
# to its standard ideograph; it is applied to these ranges only, because on the rest of the text it would also
# turn full-width punctuation (`（一）`, `：`) half-width, which documents keep as printed.
_IDEOGRAPH_VARIANT_RANGES = [(0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]
# NFKC leaves most of the radicals supplement alone, yet PDF readers give its simplified forms for everyday
# characters (`部⻔` for 部门, `⻜机` for 飞机): each to the ideograph its Unicode name says it is.
_SIMPLIFIED_RADICALS = dict(
    zip(
        "⺠⺰⺼⻅⻆⻈⻉⻋⻏⻐⻓⻔⻖⻘⻙⻚⻛⻜⻝⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰",
        "民纟月见角讠贝车阝钅长门阝青韦页风飞食饣马骨鬼鱼鸟卤麦黄黾齐齿龙",
        strict=True,
    )
)


@lru_cache(maxsize=1)
def _standard_ideographs() -> dict[int, str]:
    table = {ord(radical): standard for radical, standard in _SIMPLIFIED_RADICALS.items()}
    for first, last in _IDEOGRAPH_VARIANT_RANGES:
        for code in range(first, last + 1):
            standard = unicodedata.normalize("NFKC", chr(code))
            if standard != chr(code):
                table.setdefault(code, standard)
    return table


def standard_ideographs(text: str) -> str:
    """`⼀、⼯作⽬标` (Kangxi radicals) -> `一、工作目标`; everything else, punctuation included, unchanged."""
    return text.translate(_standard_ideographs())


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def normalize(text: str) -> str:
    """The indexing form: standard ideographs, half-width, simplified, single spaces, lower-case Latin."""
    return _SPACES.sub(" ", to_simplified(fold_width(standard_ideographs(text)))).strip().lower()


def compact(text: str) -> str:
    """`normalize` without any whitespace: for substring matching across line breaks."""
    return _SPACES.sub("", normalize(text))


def bigrams(text: str) -> set[str]:
    """Character bigrams of the compact form: a cheap fingerprint for near-duplicate text."""
    flat = compact(text)
    return {flat[i : i + 2] for i in range(len(flat) - 1)}


def bigram_overlap(first: set[str], second: set[str]) -> float:
    """Share of the smaller text's bigrams found in the other (1.0: one contains the other)."""
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))
