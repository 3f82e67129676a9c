"""Remove web-page debris (navigation, share bars, footers, spam lines) without touching policy text."""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from search.ingest.dates import CN_DATE, iso_date
from search.ingest.doc_types import DOC_TYPE_PATTERN
from search.ingest.page_fields import read_page_fields
from search.normalize import GARBLED, HAN, fold_width, to_simplified

log = logging.getLogger(__name__)

# A bar of page tools and nothing else: "【打印本页】【关闭窗口】", "[ 打印 ] [ 关闭 ]", "分享到：微信 微博 QQ空间",
# "【字体：大 中 小】 打印 收藏". Not "打印机采购" (a word of text) nor any line with a word outside the bar.
_TOOL_WORDS = (
    "打印本页|打印|关闭窗口|关闭本页|关闭|收藏|返回顶部|返回|纠错|我要纠错|分享到|分享|微信|微博|QQ空间|QQ|"
    "字体|字号|默认|大|中|小|繁体|简体|无障碍|长者模式|保存|下载|视力保护色|Top|TOP|qq|空间"
)
_TOOLBAR = re.compile(
    rf"^(?=.*(打印|关闭|收藏|返回|纠错|分享|字体|字号))([\[【]?\s*({_TOOL_WORDS})\s*[:：]?\s*[\]】]?\s*[|｜]?\s*)+$"
)
_PUBLICATION_FLAG = re.compile(r"^(同意公开|不予公开)$")
# Proposal-reply pages print a grade letter (A-D) beside the publication flag: "A" above "同意公开".
# A lone "A" anywhere else (a list item, a table cell) is text, so this is no line rule of its own.
_REPLY_GRADE = re.compile(r"^[A-D]$")

# Each rule names what it removes; a matching line is dropped whole.
# e.g. "当前位置:首页 > 政策法规 > 地方政策" is a breadcrumb; "一、当前位置优势" is not (must start the line).
_LINE_RULES: list[tuple[str, re.Pattern[str]]] = [
    # "当前位置:", "您所在的位置:", "您的位置:", "您当前的位置是:", "您的当前位置:", "当前页面:", also without its colon before the
    # site's home ("当前位置  首页 > 政务公开"); not "位置:" alone, a field of a form
    (
        "breadcrumb",
        re.compile(
            r"^(您(的)?(当前|當前|現在|现在)?|当前|當前|現在|现在)(所处|所在)?(的)?(位置|页面|頁面)\s*(是|為|为)?"
            r"\s*([:：]|(?=(网站)?首[页頁]))"
        ),
    ),
    # a breadcrumb's continuation or its pieces one a line: ">> 专题专栏 >> 归档专题", "首頁>", "政務公開>"
    ("breadcrumb", re.compile(r"^\s*(>|»|›)|^[^\s>]{1,10}\s*(>|»)$")),
    ("crawl date", re.compile(r"^(今天是\s*)?\d{4}年\d{1,2}月\d{1,2}日\s*星期[一二三四五六日天]$")),
    ("slogan banner", re.compile(r"^社会主义核心价值观\s*[:：]")),
    ("empty table cell", re.compile(r"^[|│｜\s]+$")),
    ("font-size bar", re.compile(r"^[\[【]?\s*字[号体]\s*[:：]?\s*([\[【]?\s*[大中小]\s*[\]】]?\s*)*[\]】]?$")),
    # "首页 > 政策文件 > 正文", "网站首页>>政务公开", "返回首页 > 您现在的位置: …": a breadcrumb without 当前位置 first.
    ("breadcrumb", re.compile(r"^(网站|返回)?首页\s*(>|>>|»|›|→|/|＞)")),
    # a site's path with no home page named: "金华本地宝 > 资讯快递 > 动态 > 2021年义乌市第三号疫情防控通告",
    # "中国文化产业网>文化产业政策>"
    ("breadcrumb", re.compile(r"^([^\s>»›＞]{1,10}\s*(>>|>|»|›|＞)\s*){2,}[^>»›＞]{0,40}$")),
    ("share bar", re.compile(r"^分享(到)?\s*([:：].{0,30})?$")),
    ("qr-code prompt", re.compile(r"^扫一扫在手机(上)?打开(当前页|本页)?$")),
    ("print/close bar", _TOOLBAR),
    # "版权所有：宜昌市人民政府 鄂ICP备05003327号"; not "保护版权所有人的合法权益" (a sentence of text).
    (
        "copyright line",
        re.compile(
            r"^[\s|·]*(版权所有|Copyright|©)|版权所有\s*[:：©(（]|ICP备\s*\d|公网安备|网站标识码|^技术支持\s*[:：]"
        ),
    ),
    ("spam source line", re.compile(r"^(来源|稿源)\s*[:：].{0,40}(发布时间|时间)\s*[:：]")),
    (
        "page metadata",
        re.compile(r"^\[\s*(索引号|发文字号|主题分类|体裁分类|发布机构|成文日期|发布日期|文号|有效性)\s*\]"),
    ),
    ("publication flag", _PUBLICATION_FLAG),
    ("visit counter", re.compile(r"^(浏览次数|点击数|阅读量|访问量)\s*[:：]\s*\d*$")),
    ("login bar", re.compile(r"^登录\s*[|/｜]?\s*注册$")),
    ("tool message", re.compile(r"^(取消)?收藏成功[!！]?$")),
    ("related links", re.compile(r"^(相关|更多)(办事指南|文件|链接|政策|新闻|阅读|推荐|信息)$")),
]

_NAV_WORDS = {
    "首页",
    "政务公开",
    "政务服务",
    "互动交流",
    "专题专栏",
    "党建工作",
    "新闻中心",
    "政策法规",
    "办事服务",
    "走进",
    "信息公开",
    "网上办事",
    "公众参与",
    "数据开放",
    "机构职能",
    "网站首页",
    "政府信息公开",
    "政策文件",
    "政策解读",
    "通知公告",
    "工作动态",
    "政务动态",
    "部门动态",
    "办事指南",
    "在线访谈",
    "征集调查",
    "联系我们",
    "领导信息",
    "机构设置",
    "图片新闻",
    "视频新闻",
    "热点专题",
    "网站地图",
    "无障碍",
    "English",
    "登录",
    "注册",
    "搜索",
    "要闻动态",
    "政民互动",
    "政府数据",
    "手机版",
    "客户端",
    "微信公众号",
    "长者模式",
    "无障碍浏览",
}
# A menu printed one item a line: a run of at least this many short lines, half of them or more site sections.
_MENU_RUN = 3
_MENU_ITEM_MAX = 8
_LEAVE_SITE = re.compile(r"^您访问的链接即将离开")
_LEAVE_SITE_END = re.compile(r"(继续访问|取消)\s*$")
_FOOTER_START = re.compile(r"^(扫一扫在手机(上)?打开|版权所有|主办单位|网站标识码|网站地图)")
_FOOTER_LINE_MAX = 30
# Debris is a short line; a longer one is policy text, perhaps a whole page copied without its line breaks
# ("来源:… 发布时间:… 《大同市…》已经市人民政府同意…"), which no rule may drop whole.
_DEBRIS_LINE_MAX = 300
# A breadcrumb with at most this many lines kept above it is at the top of the page, under the site's header.
_SITE_HEADER_LINES = 3
# What a document says of itself stays even above a breadcrumb: a title ("…实施方案", "关于…"), a number
# ("津商务发〔2021〕5号"), a date or a sentence. "媒体监测和推荐平台", "地方政策", a site's URL are the site's.
_DOCUMENT_IDENTITY = re.compile(rf"关于|({DOC_TYPE_PATTERN})(\(.{{0,20}}\))?$|[〔\[(]\d{{4}}[〕\])]\d{{1,4}}号|。")


# The closing block under a government document's text, kept out of its clauses: the copy list ("抄送：市委各部门，
# …"), the printing line ("宜昌市人民政府办公室 2022年5月7日印发", "印发日期：…") and the publication note
# ("（此件公开发布）"). Not "现印发给你们" nor "自印发之日起施行" (sentences of the text).
_CLOSING_START = re.compile(
    rf"^(抄送|抄报|分送)\s*[:：]|^.{{0,40}}?{CN_DATE}\s*(印发|印制)$|^(印发|打印)(日期|时间)\s*[:：]|^[(（]此件.{{0,12}}[)）]$"
)
# The closing block is the last few lines, each of them short (a copy list wraps onto a line or two).
CLOSING_MAX_LINES = 6
_CLOSING_LINE_MAX = 120


@dataclass
class CleanResult:
    text: str
    removed: Counter = field(default_factory=Counter)
    closing: list[str] = field(default_factory=list)  # the closing block's lines, for metadata (issuer, date)

    @property
    def with_closing(self) -> str:
        return "\n".join([self.text, *self.closing])


def _is_nav_bar(line: str) -> bool:
    words = line.split()
    return len(words) >= 3 and sum(w in _NAV_WORDS for w in words) >= 3


def _menu_run(lines: list[str], start: int, first: str) -> int:
    """How many lines from `start` (`first`, folded) make a menu printed one item a line (0 when they make none); a
    menu opens with a site's section (首页), a bullet (• 蒙古文版) or its first item (1. 目录)."""
    if _menu_item(first) in _NAV_WORDS:
        return _section_menu(lines, start)
    if _BULLET.match(first):
        return _bulleted_menu(lines, start)
    if first[:1] == "1":
        return _numbered_menu(lines, start)
    return 0


_BULLET = re.compile(r"^[•·▪◆●■]\s*")
# A bulleted menu's item: "• 无障碍浏览", "• 亮丽内蒙古"; a bulleted line of text has punctuation or runs longer.
_BULLETED_ITEM = re.compile(r"^[•·▪◆●■]\s*[^\s，。、；：,.;:]{1,10}$")


def _menu_item(line: str) -> str:
    return _BULLET.sub("", line.strip())


def _bulleted_menu(lines: list[str], start: int) -> int:
    """Bulleted short items (and the short captions some repeat under them) up to the last bulleted one."""
    end = last_item = start
    items = 0
    while end < len(lines) and (not lines[end] or len(lines[end]) <= _MENU_ITEM_MAX or _BULLET.match(lines[end])):
        if lines[end]:
            if not _BULLETED_ITEM.match(fold_width(lines[end])) and _BULLET.match(lines[end]):
                break
            if _BULLET.match(lines[end]):
                items, last_item = items + 1, end + 1
        end += 1
    return last_item - start if items >= _MENU_RUN else 0


# A site's menu tree flattened into numbered lines whose numbering starts again at 1 under each heading:
# "1. 目录" "2. 旗人民政府" "1. 旗政府工作部门" "1. 国民经济和社会发展规划". A document's list counts on.
_MENU_NUMBER = re.compile(r"^([\d０-９]{1,2})\s*[.．、]\s*\S")
_NUMBERED_MENU_ITEM_MAX = 20
_NUMBERED_MENU_RESTARTS = 3


def _numbered_menu(lines: list[str], start: int) -> int:
    end, restarts = start, 0
    while end < len(lines) and (
        not lines[end] or (len(lines[end]) <= _NUMBERED_MENU_ITEM_MAX and _MENU_NUMBER.match(lines[end]))
    ):
        if lines[end]:
            restarts += _MENU_NUMBER.match(lines[end]).group(1) in ("1", "１")
        end += 1
    if restarts < _NUMBERED_MENU_RESTARTS:
        return 0
    while end > start and not lines[end - 1]:
        end -= 1
    return end - start


def _section_menu(lines: list[str], start: int) -> int:
    """Short lines, half of them or more a site's sections, up to the last section: "首页" "政务公开" "政策文件"."""
    items: list[str] = []
    end = last_section = start
    while end < len(lines) and (not lines[end] or len(_menu_item(lines[end])) <= _MENU_ITEM_MAX):
        if lines[end]:
            items.append(_menu_item(fold_width(lines[end])))
            if items[-1] in _NAV_WORDS:
                last_section = end + 1
        end += 1
    items = items[: len([line for line in lines[start:last_section] if line])]
    sections = sum(item in _NAV_WORDS for item in items)
    if len(items) >= _MENU_RUN and sections >= 2 and 2 * sections >= len(items):
        return last_section - start
    return 0


# Ruby text scraped as 字(pinyin): 关(guān)于 or 关(guan1)于. Removed only when a page has several, so a lone
# "(ai)" or an abbreviation "(BPO)" (capitals) after a word is left alone.
_PINYIN = re.compile(rf"(?<=[{HAN}])[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{{1,6}}[1-5]?)[)）]")
_PINYIN_MIN = 3


def without_pinyin(text: str, removed: Counter | None = None) -> str:
    """The text without the pinyin a page scraped from ruby text (counted in `removed`); metadata reads it so too."""
    found = len(_PINYIN.findall(text))
    if found < _PINYIN_MIN:
        return text
    if removed is not None:
        removed["pinyin annotation"] += found
    return _PINYIN.sub("", text)


# HTML pasted into a text file: <p style="…">各位代表:</p>, &nbsp;, &ldquo;. Read as text only when a page has several
# layout tags, so a lone "<5%" or "<<条例>>" is left alone, and any other markup (<script>, <img>) stays visible as
# the text it is; a closing block tag ends its line.
_MARKUP_TAG = re.compile(
    r"</?(p|div|span|br|strong|b|em|i|u|font|center|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th)(\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_MARKUP_BREAK = re.compile(r"</(p|div|h[1-6]|li|tr|table)>|<br\s*/?>", re.IGNORECASE)
_MARKUP_MIN = 3


def without_markup(text: str, removed: Counter | None = None) -> str:
    """The text of HTML a page pasted as text (its tags counted in `removed`); metadata reads it so too."""
    found = len(_MARKUP_TAG.findall(text))
    if found < _MARKUP_MIN:
        return text
    if removed is not None:
        removed["html markup"] += found
    return html.unescape(_MARKUP_TAG.sub("", _MARKUP_BREAK.sub("\n", text)))


# A PDF transcription that puts a space after every character: "青 海 省 人 民 政 府 关 于 印 发". Joined when
# most characters of the line are so spaced; "第一章 总 则" or "2024 年" alone are left as they are.
_SPACED_CHARACTER = re.compile(rf"(?<=[{HAN}，。、；：“”《》（）]) (?=[{HAN}，。、；：“”《》（）])")
_SPACED_MIN = 6
_SPACED_SHARE = 0.6
# A short heading spaced out as a whole: "政 府 工 作 报 告" (not "第一章 总 则").
_SPACED_HEADING = re.compile(rf"^[{HAN}]( [{HAN}]){{3,}}$")


def _without_letter_spacing(line: str, removed: Counter) -> str:
    gaps = len(_SPACED_CHARACTER.findall(line))
    spaced = gaps >= _SPACED_MIN and gaps >= _SPACED_SHARE * len(line.replace(" ", ""))
    if not spaced and not _SPACED_HEADING.match(line):
        return line
    removed["letter-spaced line"] += 1
    return _SPACED_CHARACTER.sub("", line)


# Text decoded in the wrong encoding: UTF-8 read as GBK (鍏充簬鏈嶅姟) or as Latin-1 (å…³äºŽ), and runs of
# replacement characters. Such a run is marked, never quoted. A run is mojibake when encoding it back and reading
# the bytes as UTF-8 gives Chinese: ordinary Chinese gives replacement characters and stray letters (职业院校 in
# GBK reads as Hebrew points), never Chinese.
_CJK_RUN = re.compile(rf"[{HAN}\ufffd]{{4,}}")
_LATIN_RUN = re.compile(
    r"[\u00c0-\u00ff][\u0080-\u00ff\u0152-\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122\ufffd]{2,}"
)
_REPLACEMENTS = re.compile(r"\ufffd{2,}")
_IDEOGRAPH = re.compile(rf"[{HAN}]")
_MOJIBAKE_CHINESE_MIN = 0.4
_MOJIBAKE_LINE_MIN = 3


def _mark_mojibake(line: str, removed: Counter) -> str:
    # The common case, told by one round trip of the whole line: ordinary text gives a stray ideograph or two.
    round_trip = line.encode("gbk", errors="replace").decode("utf-8", errors="replace")
    if (
        "\ufffd" not in line
        and len(_IDEOGRAPH.findall(round_trip)) < _MOJIBAKE_LINE_MIN
        and not _LATIN_RUN.search(line)
    ):
        return line

    def mark(match: re.Match[str], encoding: str) -> str:
        run = match.group(0)
        decoded = run.encode(encoding, errors="replace").decode("utf-8", errors="replace")
        if len(_IDEOGRAPH.findall(decoded)) < max(2, _MOJIBAKE_CHINESE_MIN * len(decoded)):
            return run
        removed["mojibake run"] += 1
        return GARBLED

    line = _CJK_RUN.sub(lambda match: mark(match, "gbk"), line)
    line = _LATIN_RUN.sub(lambda match: mark(match, "cp1252"), line)
    if _REPLACEMENTS.search(line):
        removed["mojibake run"] += len(_REPLACEMENTS.findall(line))
        line = _REPLACEMENTS.sub(GARBLED, line)
    return line


def clean_text(text: str, name: str = "") -> CleanResult:
    """Drop debris lines and blank lines; keep every policy line as it was (trimmed)."""
    removed: Counter = Counter()
    text = without_pinyin(without_markup(text, removed), removed)
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    block = read_page_fields(lines).lines
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        folded = fold_width(line).strip()
        i += 1
        if not folded:
            continue
        if menu := _menu_run(lines, i - 1, folded):
            removed["navigation menu"] += sum(1 for x in lines[i - 1 : i - 1 + menu] if x)
            i += menu - 1
            continue
        if len(folded) > _DEBRIS_LINE_MAX:
            kept.append(line)
            continue
        if _LEAVE_SITE.match(folded):
            # A leave-site dialog spans a few lines up to "继续访问 取消".
            removed["leave-site dialog"] += 1
            for j in range(i, min(i + 5, len(lines))):
                if _LEAVE_SITE_END.search(fold_width(lines[j])):
                    removed["leave-site dialog"] += j - i + 1
                    i = j + 1
                    break
            continue
        if _FOOTER_START.match(folded) and _only_short_lines_follow(lines[i:]):
            rest = [x for x in lines[i - 1 :] if x.strip()]
            removed["page footer"] += len(rest)
            break
        if _is_nav_bar(folded):
            removed["navigation bar"] += 1
            continue
        if _REPLY_GRADE.match(folded) and _beside_publication_flag(lines, i - 1):
            removed["reply grade"] += 1
            continue
        rule = next((name_ for name_, pattern in _LINE_RULES if pattern.search(folded)), None)
        if rule:
            if rule == "breadcrumb" and len(kept) <= _SITE_HEADER_LINES and (dropped := _drop_site_header(kept)):
                removed["site header"] += dropped
            removed[rule] += 1
            continue
        if i - 1 in block:
            removed["page metadata"] += 1
            continue
        kept.append(line)
    kept = [_mark_mojibake(_without_letter_spacing(line, removed), removed) for line in kept]
    closing = split_closing_block(kept)
    if closing:
        removed["closing block"] += len(closing)
    if removed:
        log.debug("%s: removed %s", name or "document", dict(removed))
    return CleanResult(text="\n".join(kept), removed=removed, closing=closing)


# A page of links and titles (an index page, an error page, a notice whose text is only an attachment) ends a
# sentence nowhere and opens no section (一、 第一条); a table without sentences is longer than this.
_SENTENCE_END = re.compile(r"[。！？；!?;]")
_SECTION_OPENING = re.compile(r"^\s*([一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十百]{1,4}[章条])", re.M)
_DEBRIS_PAGE_MAX_CHARS = 200


def is_debris_only(text: str) -> bool:
    """Whether cleaned text is too little to hold a provision: no sentence end, no section, and short."""
    return (
        not _SENTENCE_END.search(text)
        and not _SECTION_OPENING.search(text)
        and len(re.sub(r"\s", "", text)) < _DEBRIS_PAGE_MAX_CHARS
    )


def split_closing_block(lines: list[str]) -> list[str]:
    """Remove the closing block (抄送, …印发, 此件公开) from the end of `lines` and return it."""
    tail = len(lines) - min(CLOSING_MAX_LINES, len(lines))
    for start in range(tail, len(lines)):
        rest = lines[start:]
        if _CLOSING_START.search(fold_width(lines[start])) and all(len(x) <= _CLOSING_LINE_MAX for x in rest):
            del lines[start:]
            return rest
    return []


def _beside_publication_flag(lines: list[str], index: int) -> bool:
    """Whether the nearest non-blank line above or below line `index` is 同意公开 / 不予公开."""
    above = next((line for line in reversed(lines[:index]) if line), "")
    below = next((line for line in lines[index + 1 :] if line), "")
    return any(_PUBLICATION_FLAG.match(fold_width(line)) for line in (above, below))


def _drop_site_header(kept: list[str]) -> int:
    """Remove the site's name and channel kept above a top-of-page breadcrumb; return how many lines went."""
    identity = [line for line in kept if _is_document_identity(line)]
    dropped = len(kept) - len(identity)
    kept[:] = identity
    return dropped


def _is_document_identity(line: str) -> bool:
    folded = to_simplified(fold_width(line))
    return bool(_DOCUMENT_IDENTITY.search(folded) or iso_date(folded))


def _only_short_lines_follow(rest: list[str]) -> bool:
    return all(len(x.strip()) <= _FOOTER_LINE_MAX for x in rest)
