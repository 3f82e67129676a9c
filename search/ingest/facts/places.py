"""Where a document governs: its province, city and district, from its issuer, title and text (in that order).

The issuer and the title decide when they name a place: a 宜昌 plan that cites 深圳's example stays 宜昌's. Only a
document whose issuer and title name none is placed by its text, by the city it names most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.ingest.facts.gazetteer import (
    CITY,
    COMMON_WORD_NAMES,
    DISTRICT,
    MUNICIPALITIES,
    PROVINCE,
    Mention,
    Place,
    demonstration_city,
    gazetteer,
)
from search.normalize import HAN

NATIONAL = "全国"

# A central body opening an issuer or a title: 国务院办公厅, 商务部等8部门, 国家发展改革委, 海关总署.
# Not 市商务局 (a city's bureau, its city named elsewhere) nor 中共宜昌市委 (a place in it decides first).
_NATIONAL_BODY = re.compile(
    rf"^(中华人民共和国)?(中共中央|国务院|政府$|主席|全国人民代表大会|全国人大|中央|国家[{HAN}]{{1,12}}(委|局|署|部|院)|"
    rf"中国人民政治协商会议|全国政协|最高人民法院|最高人民检察院|"
    rf"[{HAN}]{{1,9}}部(?!门)|海关总署|[{HAN}]{{1,8}}总局|中国人民银行|人民银行|国务院国资委)"
)
# A city's body that names no place (市府办, 市商务局): the document is a city's, whatever its text says of 全省.
_CITY_BODY = re.compile(r"^市(?!场)")
# A local body that names no place, its place being the text's: 市委宣传部, 省商务厅, 区政府办公室.
_LOCAL_BODY = re.compile(r"^(市|省|区|县|州|自治区|自治州|旗)|[市省区县]委|[市省区县]政府")
# A province's body named without its province: 省人民政府, 省商务厅, 自治区人民政府办公厅.
_PROVINCIAL_BODY = re.compile(rf"^(省|自治区)[{HAN}]{{0,12}}(政府|厅|委|局|办)|^中共[{HAN}]{{0,3}}省委")
# A central document number: 国发〔2020〕1号, 国办发, 国办函, 商服贸发, 商资函, 财税〔2018〕44号; not 商政 (商丘's).
_NATIONAL_NUMBER = re.compile(
    r"^(国发|国办发|国函|国办函|商(服贸|资|产|贸|办|财|运|合|外|流|电)|财税|财关税|署税发|发改)"
)
# How a text speaks of its own province or city: 我省 / 全省 against 我市 / 全市.
_OWN_PROVINCE = re.compile(r"[我全本]省")
_OWN_CITY = re.compile(r"[我全本]市")
_OWN_DISTRICT = re.compile(r"[我全本]区|区委|区政府|[我全本]县|县委|县政府")
# A functional zone the gazetteer does not list, named after its city (青岛西海岸新区, 苏州工业园区, 厦门火炬高新区)
# or opening an issuer (天府新区成都管委会).
_ZONE_KINDS = r"(新区|高新区|工业园区|经济技术开发区|高新技术产业开发区|经济开发区|开发区|自贸片区|合作区)"
_ZONE = re.compile(rf"[{HAN}]{{0,6}}?{_ZONE_KINDS}")
_ZONE_FIRST = re.compile(rf"^[{HAN}]{{2,4}}?{_ZONE_KINDS}")
# Only a central body writes to every province: 各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
_ALL_PROVINCES = re.compile(r"^各省[、，,\s]*自治区[^。\n]{0,80}[:：]\s*$", re.M)
# Only a province's government or its offices write to the province's departments: 惠州市人民政府,省政府各部门、各直属机构：
_PROVINCE_DEPARTMENTS = re.compile(r"^[^。\n]{0,60}省(?:政府各|直各(?!驻))[^。\n]{0,60}[:：]\s*$", re.M)
# The place a news item was filed from, not the document's: 中国经济网北京2月27日讯, 新华社北京3月1日电.
_DATELINE = re.compile(rf"[{HAN}]{{2,3}}(?=\d{{1,2}}月\d{{1,2}}日[讯电])")


@dataclass(frozen=True)
class Location:
    province: str | None = None  # short: 广东, 全国 for a national document; 北京 for 北京
    city: str | None = None  # short: 深圳; None for a provincial or national document
    district: str | None = None  # in full: 南山区, 义乌市 (a county-level city keeps its prefecture as city)


def locate(
    issuer: str | None, title: str | None, doc_number: str | None, text: str, source: str | None = None
) -> Location:
    """The place a document governs; an empty Location when nothing in it names one. `source` is the government body
    a site says posted it (来源:华容县政府), heard after the issuer and the title."""
    scan = gazetteer().scan
    body = scan(_DATELINE.sub("", text))
    # What the text names beyond doubt decides what an ambiguous name is.
    named = {name for mention in body if len(mention.places) == 1 for name in mention.places[0].names()}
    stated = [part for part in (issuer, _title_issuer(title), source) if part]
    for part in stated:
        mentions = _stated_mentions(part)
        if mentions:
            return _stated_location(part, mentions, named)
        if _NATIONAL_BODY.match(part) and not _LOCAL_BODY.search(part):
            return Location(province=NATIONAL)
    if doc_number and _NATIONAL_NUMBER.match(doc_number):
        return Location(province=NATIONAL)
    if title and _NATIONAL_BODY.match(title) and not _LOCAL_BODY.search(title) and not _stated_mentions(title):
        return Location(province=NATIONAL)  # 中国人民政治协商会议全国委员会工作条例, its issuer not read
    if title and (mentions := _stated_mentions(title)):
        found = _stated_location(title, mentions, named)
    elif _ALL_PROVINCES.search(text):
        return Location(province=NATIONAL)
    else:
        found = _from_body(body, text, named, any(_CITY_BODY.match(part) for part in stated))
        if found.city and not stated and _PROVINCE_DEPARTMENTS.search(text):
            # the province's document, one of its cities among the addressees
            return Location(found.province, found.province if found.province in MUNICIPALITIES else None)
    if any(_PROVINCIAL_BODY.match(part) for part in stated) and found.province:
        # 省人民政府 issuing 关于同意深圳市…的批复: the province's document about one of its cities.
        return Location(found.province, found.province if found.province in MUNICIPALITIES else None)
    return found


def _stated_mentions(stated: str) -> list[Mention]:
    """The places an issuer or a title names; a county of two characters only as the name it opens with
    (南县住房和城乡建设局, not 县级)."""
    mentions = [mention for mention in gazetteer().scan(stated) if not _misnamed_province(stated, mention)]
    opener = gazetteer().openers.get(stated[:2])
    if mentions or not opener or stated[2:3] in ("级", "域", "城", ""):
        return mentions
    return [Mention(0, 2, stated[:2], opener)]


def _misnamed_province(stated: str, mention: Mention) -> bool:
    """A province's name taken for a city's (贵州市人民政府办公厅, a reprint's slip for 贵阳市): no such place."""
    return stated[mention.end : mention.end + 1] == "市" and all(
        place.level == PROVINCE and place.province not in MUNICIPALITIES for place in mention.places
    )


def _stated_location(stated: str, mentions: list[Mention], named: set[str]) -> Location:
    """The place an issuer or a title names; a city's functional zone (青岛西海岸新区) as its district."""
    place, last = _place_of(mentions, named)
    location = _location(place)
    if location.city and not location.district:
        zone = _ZONE.match(stated, last.end) or _ZONE_FIRST.match(stated)
        if zone:
            named_zone = zone.group(0) if zone.start() == 0 else location.city + zone.group(0)
            return Location(location.province, location.city, named_zone)
        # a zone's body inside a city's: 金华市生态环境局金华经济技术开发区分局
        inner = re.compile(rf"{location.city}(?:市)?[{HAN}]{{0,6}}?{_ZONE_KINDS}").search(stated, last.end)
        if inner:
            return Location(
                location.province, location.city, inner.group(0).replace(f"{location.city}市", location.city)
            )
    return location


def _title_issuer(title: str | None) -> str | None:
    """`商务部等8部门` of `商务部等8部门关于…的通知`: who the title says issues it."""
    if not title or "关于" not in title:
        return None
    return title.split("关于", 1)[0] or None


def _place_of(mentions: list[Mention], named: set[str]) -> tuple[Place, Mention]:
    """The first place named, made precise by the names that follow it at once (广东省深圳市南山区); with the
    last mention read."""
    place, last = _choose(mentions[0].places, named), mentions[0]
    for mention in mentions[1:]:
        if mention.start != last.end:
            break
        inside = [candidate for candidate in mention.places if place.contains(candidate) and candidate != place]
        if not inside:
            break
        place, last = inside[0], mention
    return place, last


def _choose(places: tuple[Place, ...], named: set[str]) -> Place:
    """One of the divisions a name may be: a province before a prefecture of its name (吉林, 海南); a district of a
    city the text names elsewhere, else of a demonstration city (南山区 of 深圳, not of 鹤岗)."""
    if len(places) == 1:
        return places[0]
    provinces = [place for place in places if place.level == PROVINCE]
    if provinces:
        return provinces[0]
    return next(
        (place for place in places if place.city in named),
        next((place for place in places if demonstration_city(place)), places[0]),
    )


def _body_district(body: list[Mention], city: str, named: set[str]) -> str | None:
    """The district of `city` a text names most."""
    counts: dict[str, int] = {}
    for mention in body:
        place = _choose(mention.places, named)
        if place.level == DISTRICT and place.city == city:
            counts[place.district] = counts.get(place.district, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _location(place: Place) -> Location:
    if place.level == PROVINCE:
        return Location(place.province, place.province if place.province in MUNICIPALITIES else None)
    return Location(place.province, place.city, place.district if place.level == DISTRICT else None)


def _from_body(body: list[Mention], text: str, named: set[str], city_body: bool = False) -> Location:
    """The city the text names most (a short name that is also a word only with its suffix); a province when the
    text speaks of 我省 more than 我市 and no city's body issues it, or when it names no city."""
    cities: dict[str, int] = {}
    provinces: dict[str, int] = {}
    places: dict[str, Place] = {}
    named_itself: set[str] = set()  # cities the text names, not only through one of their districts
    for mention in body:
        if mention.name in COMMON_WORD_NAMES:
            continue
        place = _choose(mention.places, named)
        provinces[place.province] = provinces.get(place.province, 0) + 1
        places.setdefault(place.province, place)
        if place.level in (CITY, DISTRICT) or place.province in MUNICIPALITIES:
            city = place.city or place.province
            cities[city] = cities.get(city, 0) + 1
            places.setdefault(city, place)
            if place.level != DISTRICT:
                named_itself.add(city)
    own_city = len(_OWN_CITY.findall(text))
    provincial = len(_OWN_PROVINCE.findall(text)) > own_city
    if cities and (city_body or not (provincial and provinces)):
        best = max(cities, key=cities.get)  # the first named wins a tie: dicts keep their order
        place = places[best]
        city = place.city or place.province
        # The district a text speaks from, when it says 全区 / 区政府 more than 全市 / 我市 (a city's text names its
        # districts without being theirs), or when it never names its city at all: a county-level city's text
        # (永安市人民政府…, 全市) speaks for itself, not for the prefecture it does not name.
        speaks_for_district = len(_OWN_DISTRICT.findall(text)) > own_city or city not in named_itself
        district = _body_district(body, city, named) if speaks_for_district else None
        return Location(place.province, city, district)
    if provinces:
        best = max(provinces, key=provinces.get)
        return Location(best, best if best in MUNICIPALITIES else None)
    return Location()
