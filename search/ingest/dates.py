"""Read the dates policy documents print (2021年4月2日, 二〇二一年四月二日, 2021-04-02) as ISO dates.

A small converter of our own rather than a numeral library: dates need only a year read digit by digit
(二〇二一) and a month or day of at most 三十一, and every reading is checked against the calendar.
"""

from __future__ import annotations

import re
from datetime import date

# Zero is printed as 〇, 零, or by pages typed without 〇 as a white circle ○ or a letter O (二○○九年).
_CN_DIGITS = {ch: value for value, ch in enumerate("〇一二三四五六七八九")} | dict.fromkeys("零○OＯ", 0)
_YEAR = r"(?:\d{4}|[〇零○OＯ一二三四五六七八九]{4})"
# Month or day: "4", "04", "四", "〇四", "十", "十二", "二十", "三十一"; not "十十" or "四十五".
_MONTH_DAY = r"(?:\d{1,2}|[一二三]?十[一二三四五六七八九]?|[〇零○]?[一二三四五六七八九])"

# For use inside other patterns, e.g. "宜昌市人民政府办公室 2022年5月7日印发".
CN_DATE = rf"{_YEAR}年{_MONTH_DAY}月{_MONTH_DAY}日"
_CN_DATE = re.compile(rf"({_YEAR})年({_MONTH_DAY})月({_MONTH_DAY})日")
# 2021-04-02, also spaced out by a page's template: 2022- 04- 27.
_ISO_DATE = re.compile(r"(\d{4})-\s?(\d{1,2})-\s?(\d{1,2})")


def iso_date(text: str) -> str | None:
    """The first real date in `text` as YYYY-MM-DD (2021-04-02 form before 年月日); 2021年13月45日 is no date."""
    for pattern in (_ISO_DATE, _CN_DATE):
        for match in pattern.finditer(text):
            found = _calendar_date(*match.groups())
            if found:
                return found
    return None


def date_line(line: str) -> str | None:
    """The date, when the whole line is one date, as under a signature block."""
    match = _CN_DATE.fullmatch(line)
    return _calendar_date(*match.groups()) if match else None


def _calendar_date(year: str, month: str, day: str) -> str | None:
    try:
        return date(_number(year), _number(month), _number(day)).isoformat()
    except ValueError:
        return None


def _number(numeral: str) -> int:
    """'2021', '２０２１' (full width) or '二〇二一' -> 2021; '〇四' -> 4; '十二' -> 12; '三十一' -> 31."""
    if numeral.isdigit():
        return int(numeral)
    tens, ten, ones = numeral.rpartition("十")
    if ten:
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return int("".join(str(_CN_DIGITS[ch]) for ch in numeral))
