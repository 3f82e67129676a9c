"""Bytes to text: a byte-order mark, else UTF-8, else GB18030 or Big5, whichever reads as plausible Chinese.

GB18030 decodes almost any bytes, so a legacy reading is judged by what it reads as: Big5 read as GB18030
is full of kana, private-use and rare characters (天津市商務局 -> ぱ瑉カ坝叭Ы), and real text is not.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from search.errors import IngestError
from search.normalize import fold_width

# A byte-order mark and the codec for the bytes after it.
_BOMS = [
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
]
# Legacy encodings in order of preference when two readings are equally plausible (only a few characters
# long): mainland policy documents are far more often GBK than Big5. cp950 is Big5 as Windows writes it.
_LEGACY = [("gb18030", "GB18030"), ("cp950", "Big5")]
# A reading is garbled when over this share of its letters (and more than one) are rare or unassigned.
# Real policy text has well under 1%; Big5 read as GB18030, or GBK read as Big5, has 40-70%.
_RARE_SHARE_MAX = 0.1


@dataclass
class _Reading:
    codec: str
    label: str
    text: str
    letters: int = field(init=False)
    rare: list[str] = field(init=False)

    def __post_init__(self) -> None:
        letters = _letters(self.text)
        self.letters = len(letters)
        self.rare = [ch for ch in letters if ch not in _common_hanzi()]

    @property
    def rare_share(self) -> float:
        return len(self.rare) / self.letters if self.letters else 0.0

    @property
    def garbled(self) -> bool:
        return len(self.rare) > 1 and self.rare_share > _RARE_SHARE_MAX


def decode(path: Path, raw: bytes) -> tuple[str, str]:
    """The text and the codec it was read with; IngestError naming the file when no reading is sound."""
    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec), codec
            except UnicodeDecodeError as error:
                raise IngestError(
                    f"{path}: starts with a {label} byte-order mark but is not valid {label} "
                    f"({error.reason} at offset {len(bom) + error.start})"
                ) from None
    # Strict UTF-8 first: legacy bytes are almost never valid UTF-8 by chance. The exception is a file of two or
    # three hanzi and no punctuation (GBK 通知 is UTF-8 '֪ͨ'); it is read as UTF-8, as it always was.
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        return _legacy(path, raw, error.start)


def _legacy(path: Path, raw: bytes, utf8_error_offset: int) -> tuple[str, str]:
    reading = _best_legacy_reading(raw)
    if reading is None:
        bad = raw[utf8_error_offset]
        raise IngestError(
            f"{path}: not valid UTF-8 or GB18030 (byte 0x{bad:02x} at offset {utf8_error_offset}), nor Big5"
        )
    if reading.garbled:
        raise IngestError(
            f"{path}: not valid UTF-8, and as {reading.label} it reads as garbled text "
            f"({len(reading.rare)} of {reading.letters} letters rare or unassigned, e.g. {''.join(reading.rare[:6])!r}); "
            "save it as UTF-8"
        )
    return reading.text, reading.codec


def _best_legacy_reading(raw: bytes) -> _Reading | None:
    """The strict legacy reading with the smallest share of rare letters; on a tie the earlier in `_LEGACY`."""
    readings = []
    for codec, label in _LEGACY:
        try:
            readings.append(_Reading(codec, label, raw.decode(codec)))
        except UnicodeDecodeError:
            continue
    return min(readings, key=lambda reading: reading.rare_share, default=None)


def _letters(text: str) -> list[str]:
    """Non-ASCII letters and unassigned or private-use code points; punctuation, digits and symbols aside."""
    return [ch for ch in fold_width(text) if not ch.isascii() and _is_letter_or_unknown(unicodedata.category(ch))]


def _is_letter_or_unknown(category: str) -> bool:
    return category[0] == "L" or category in ("Co", "Cn")


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    """The characters GB2312 and Big5 each list as everyday: GB2312 level 1 (3,755) and Big5 level 1 (5,401)."""
    gb2312 = _decode_pairs(range(0xB0, 0xD8), range(0xA1, 0xFF), "gb2312")
    big5 = _decode_pairs(range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], "big5", last=0xC67E)
    return frozenset(gb2312 | big5)


def _decode_pairs(leads: range, trails: range | list[int], codec: str, last: int = 0xFFFF) -> set[str]:
    chars = set()
    for lead in leads:
        for trail in trails:
            if lead << 8 | trail <= last:
                try:
                    chars.add(bytes([lead, trail]).decode(codec))
                except UnicodeDecodeError:
                    continue
    return chars
