"""Detect document metadata from the content (never the file name); an override file may correct it."""

from __future__ import annotations

import re

from search.ingest.cleaning import without_markup, without_pinyin
from search.ingest.dates import CN_DATE, date_line, iso_date
from search.ingest.doc_types import DOC_TYPE_PATTERN, DOC_TYPES
from search.ingest.facts.places import locate
from search.ingest.page_fields import ISSUER, NUMBER, PUBLISHED, TITLE, WRITTEN, PageFields, read_page_fields
from search.normalize import HAN, fold_width, to_simplified
from search.records import DocumentMeta

# A kind of document ends a title, or a national law's name does: 中华人民共和国国家通用语言文字法; so does what a body
# posts 关于 a list or a policy (关于…名单的公示, 关于…的通知的解读), though a site's 公示 or 解读 alone names none.
_TITLE_LINE = re.compile(
    rf"^.{{4,150}}({DOC_TYPE_PATTERN})(\(.{{0,20}}\))?$|^中华人民共和国[{HAN}]{{2,30}}法$|^关于.{{4,150}}的(公示|解读)$"
)
_ENCLOSED = re.compile(r"印发《(.+?)》")
# What a notice says of the text it prints (《X》已经市政府同意,现印发给你们), or a decree of the rules it promulgates,
# which then are what the page is cited as (《X》已经市人民政府同意,现予发布; 《X》已经…常务会议通过,现予公布).
_INLINE_TITLE = re.compile(
    r"《([^《》]{6,60})》(?:(?:已经|经)[^。；;]{0,12}同意[,，]?\s*现(?:印发|予以印发)"
    r"|(?:已经|经)[^。；;]{0,40}?(?:同意|通过)[,，]?\s*现予以?(?:发布|公布))"
)
# A document number in any of the brackets pages print: 国办发〔2020〕8号, 国办发[2020]8号, 国办发（2020）8号,
# 渝商务函﹝2021﹞114号; 第 and spaces allowed (国办发 〔2020〕 第8号).
_BRACKETED_NUMBER = re.compile(
    rf"([{HAN}]{{1,12}})\s*[〔\[［(（﹝【〖]\s*((?:19|20)\d{{2}})\s*[〕\]］)）﹞】〗]\s*第?\s*(\d{{1,5}})\s*号"
)
# A number alone on its line whose closing bracket and 号 a page lost: 南兴府办函〔202058 (〔2020〕58号).
_CUT_NUMBER = re.compile(rf"^([{HAN}]{{2,12}})[〔\[［(（﹝【〖]((?:19|20)\d{{2}})(\d{{1,4}})$")
# A date right after a number that opens its line: a gazette prints a document's number and date together.
_GLUED_DATE = re.compile(rf"\s*({CN_DATE})")
# ——2008年1月23日在区五届人大三次会议上, ——王卫同志2020年1月14日在龙华区第一届 (the wrap cut the rest),
# (2016年12月27日在成都市成华区第七届人民代表大会第一次会议上)
_DELIVERED = re.compile(rf"^(?:[—－-]+[{HAN}]{{0,8}}?|[(（])?({CN_DATE})在[{HAN}]{{2,}}")
_DELIVERED_SQUASHED = re.compile(rf"^[—－-]*[(（]?((?:19|20)\d{{3,5}})日在[{HAN}]{{2,}}")
_SIGNATURE_LINE_MAX = 60
_ENCLOSING_VERB = re.compile(r"(印发|转发|发布)$")
_SIGNATURE_TAIL = re.compile(r"([?？]+|[(（]此件.{0,8}[)）])+$")
# How the name of a body that signs ends: 商务局, 发展改革委, 人民政府, 国务院, 行政公署.
_BODY_END = "局|委|办|厅|会|部|院|政府|海关|室|中心|公署"
# A signature inside a page run into one line: …请认真组织实施。 鄂尔多斯市人民政府 2025年3月21日 鄂尔多斯市…方案, also
# glued to the promulgated rules' first article: …现予发布。市长袁宝成东莞市人民政府2012年10月26日第一条为…
_RUN_SIGNATURE = re.compile(
    rf"[。！]\s*[{HAN}、 ]{{2,40}}?(?:{_BODY_END})(?:\s+({CN_DATE})\s|({CN_DATE})(?=第一[条章]))"
)
_SIGNATORY_BEFORE_DATE = re.compile(rf"^[{HAN}、]{{2,40}}?({_BODY_END})(?=[\d〇零○一二])")
# A signatory after its date, or both in brackets under a title: 1999年7月13日,国家海洋局; (一九九六年五月十五日 国务院).
_SIGNATORY_AFTER_DATE = re.compile(rf"(?<=日)[,，]?[{HAN}]{{2,20}}({_BODY_END})$")
# A date whose 年月日 a page lost, alone on its line: 20151214, 202134 (2021-3-4), 2022128 (1-28 or 12-8).
_SQUASHED_DATE = re.compile(r"^(19[89]|20[0-3])\d{3,5}$")
_NUMBER_LABEL = re.compile(r"^.*(发文字号|发布文号|文件编号|文号|字号|编号)")
_ISSUED_LINE = re.compile(rf"^(\S{{2,30}}?)\s*({CN_DATE})印发$")
_SIGNATORY = re.compile(rf"^[{HAN}]{{2,20}}({_BODY_END})$")
# An issuer a title names without its place (市人民政府办公厅, 县人民政府): the page names it in full elsewhere.
_PLACELESS_ISSUER = re.compile(r"^(市|县|区|州|省|自治区)")
_LETTER_SPACED = re.compile(rf"^[{HAN}](\s+[{HAN}])+$")  # 政 府 工 作 报 告
_SPACED_NAME = re.compile(rf"(?<=[{HAN}]) (?=[{HAN}])")
_SIGNATORIES_MAX = 6
# Joint issuers a heading names by the first of them: 甘肃省发展和改革委员会等10部门.
_AND_OTHERS = re.compile(r"等\s*\d{1,3}\s*个?(部门|单位)$")
# An issuer's line ending in the verb of the title under it: 鹤岗市人民政府 鹤岗市中级人民法院印发 / 关于…的通知.
_ISSUING_VERB = re.compile(r"(印发|转发)$")
# An issuer announcing what the line under it names, no part of that title: 达州市人民政府发布 / 达州市…管理办法.
_ANNOUNCING_VERB = re.compile(r"(发布|公布|印发)$")
# What only ends a title, cut from its line by a wrap: (2008—2012年)的通知, 的通知, 》的通知.
_TITLE_TAIL = re.compile(r"^([(（]\d{4}|的|》)")
_TYPE_IN_TEXT = re.compile(rf"(提出|制定|印发)(了)?(我市|本市|本)?({DOC_TYPE_PATTERN})")
_HEAD_LINES = 25
# A line too short to be a whole title, or a title's end that shows a line wrap cut it: the line above it goes
# with it when that line opens a title (关于…, a place's name) and is no sentence: 宜昌市人民政府关于加快推进服务外包
# / 跨越发展的实施意见.
_TITLE_OPENING = re.compile(rf"关于|《[^》]*$|^[{HAN}]{{2,12}}(省|市|区|县|州)")
_DATE_ONLY = re.compile(rf"^\s*({CN_DATE}|\d{{4}}-\d{{1,2}}-\d{{1,2}})\s*$")
_EMPTY_BRACKETS = re.compile(r"[(（]\s*[)）]")
_GAZETTE_ISSUE = re.compile(r"[(（]\d{4}年(第)?\d{1,3}号[)）]$")
_GLUED_AFTER_TITLE = re.compile(r"(?<=[^\s])(?=(?:来源|时间|发布时间|发布日期|作者|浏览次数)[:：])")
_WORD_GAP = re.compile(rf"(?<=[{HAN}》)）])\s+(?=[{HAN}《(（])")
_DECREE_NUMBER = re.compile(rf"\s+[{HAN}]{{2,20}}令\s*第?\s*\d{{1,4}}\s*号$")
# The addressee after a title on a page run into one line: `… 各区县人民政府、…：`, glued to it (…的实施意见各区县…：),
# or a member a reply answers (…提案的答复 武瑜芳委员：).
_ADDRESSEE_AFTER_TITLE = re.compile(
    rf"(?<=[{HAN})）])\s*各[^。\s]{{2,60}}[:：]|(?<=[{HAN})）])\s+[{HAN}]{{2,4}}(委员|代表)[:：]"
)
# A document-sharing site names the file it shows: 《福建省…实施细则.doc》由会员分享.
_SHARED_FILE = re.compile(r"《([^《》]{6,90})\.(?:docx?|pdf|wps)》")
_SITE_TAG = re.compile(r"^【[^】]{1,10}】")
# A sharing site's region before a title: (湖北省)荆州市…纲要; not (2021年) nor (试行).
_REGION_TAG = re.compile(rf"^[(（][{HAN}]{{2,8}}(省|市|自治区)[)）]")
# A site's category before a dash or a bar: 应急预案—和田市突发公共事件总体应急预案, 政务服务丨济宁市人民政府关于….
_CATEGORY_DASH = re.compile(rf"^[{HAN}]{{2,6}}([—－]+|[丨｜|])(?=[{HAN}])")
# A law database's revision note or year after a notice's title: …的通知(2019修订), …的批复(2007年); the rules
# a notice encloses keep theirs (…工作规则(2019年11月修订)).
_REVISION_NOTE = re.compile(rf"^(.+的(?:{DOC_TYPE_PATTERN}))\s*[(（]\d{{4}}年?(?:\d{{1,2}}月)?(?:修订|修正)?[)）]$")
_LIST_ITEM = re.compile(r"^(\d{1,2}\s*[.、]|[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十\d]{1,3}[)）])")
_ADDRESSEE = re.compile(r"各[^。]{0,40}(政府|部门|单位|机构|局|委|办|厅|管委会)|人民政府[:：]$")
_CONTENTS = re.compile(r"^目\s*录$")
# The note under a law's or a rule's heading: (1991年3月26日济南市人民政府令19号发布), (2022年9月30日…会议通过 …批准),
# a plan's (2021年3月2日市十二届人大八次会议审议批准).
_ADOPTION_NOTE = re.compile(rf"^[(（]\s*({CN_DATE})[^()（）]{{0,80}}?(通过|发布|公布|批准)")
# The same note unbracketed on its own line: 1949年10月18日中国人民政治协商会议…第一次会议通过.
_ADOPTION_LINE = re.compile(rf"^({CN_DATE})[^()（）。]{{0,80}}(通过|发布|公布|批准)$")
# A number a metadata row prints after its label without a colon: `文号 靖政发〔2018〕53号 时效 有效`.
_NUMBER_BEFORE = re.compile(r"(发文字号|发布文号|文件编号|文号|字号)\s*[:：]?\s*$")
# A news lead naming the document it reports on: …正式印发《内蒙古自治区党委自治区人民政府关于…的意见》.
# A news lead under a site's headline and post bar: 中国经济网北京2月12日讯 日前,甘肃省政府正式印发《…》.
_NEWS_MARK = re.compile(r"\d{1,2}月\d{1,2}日[讯电]|^(日前|近日)|[讯电]\s*(日前|近日)")
_ISSUE_VERBS = "印发|下发|发布|出台|公布|颁布"
_LEAD_TITLE = re.compile(rf"({_ISSUE_VERBS}|向大会作)了?《([^《》]{{4,90}}(?:{DOC_TYPE_PATTERN}))》")
# A document's own block (its number, its addressee) starts on the line under its heading.
_BLOCK_REACH = 1
# A news lead's paragraph is short; a longer first line is a whole page run together.
_LEAD_MAX = 300
_NOT_TITLE_PART = re.compile(r"[。；;：:！？!?，,]|\d{4}年\d{1,2}月|\d号|号$|篇")
# An indent a scrape turned into question marks: ??2018年5月14日.
_LOST_INDENT = re.compile(r"^[?？]+\s*")
# The government a report's speaker delivers it for: 湛江市人民政府市长 姜建军, …代表湛江市人民政府向大会作《政府工作报告》.
_SPEAKER = re.compile(
    rf"^([{HAN}]{{2,20}}人民政府)(代理|代)?(省长|市长|区长|县长|州长|主席)|代表((?:(?!代表)[{HAN}]){{2,20}}人民政府)向"
)
# A gazette issue's own heading, no document's: 2020年第1期政府公报(总第56期), 兴安盟行政公署公报2019年1-3期.
_GAZETTE_HEADING = re.compile(r"公报.{0,12}第?[\d-]+期|[(（]总第\d+期[)）]$")
# A Q&A or encyclopedia page numbers the texts it quotes: ⑴ 合肥市殡葬管理办法, ① ….
_ITEM_MARK = re.compile(r"^[\u2460-\u2487]\s*")
# What sites glue after a title: a reprint's (全文) after 《title》, the document's date in brackets
# (…的通知 ((1990年11月16日))), a report's delivery line (…政府工作报告——2013年1月5日在…会议上).
_FULL_TEXT_AFTER = re.compile(r"(?<=》)\s*[(（]全文[)）]$")
_DATE_AFTER = re.compile(rf"\s*[(（]+\s*({CN_DATE})\s*[)）]+$")
_DELIVERY_AFTER = re.compile(rf"(?<=[{HAN}])\s*[—－]{{1,2}}[{HAN}]{{0,8}}?{CN_DATE}在[{HAN}].*$")
# A disclosure site's note on whether a document is in force: …的通知(有效), …的决定（已废止）.
_VALIDITY_AFTER = re.compile(r"\s*[(（](现行)?(有效|失效|已失效|废止|已废止|部分失效)[)）]$")
# An item of a site's list of documents runs its title, post date and number into one line:
# `● 临沂市人民政府公告2025-09-09临政字〔2025〕75号为让…`; the bullet and the date are no part of the title.
_LIST_BULLET = re.compile(r"^[●•■◆◇▪►▶★☆]\s*")
_YEAR_TAG = re.compile(r"[(（](?:19|20)\d{2}年?[)）]$")  # a site's year after a heading: 政府工作报告(2022年)
_CELL_EDGE = re.compile(r"^[|│｜]\s*|\s*[|│｜]$")  # a table cell's border left beside its text (TITLE |)
_POST_DATE_AFTER = re.compile(r"\s*\d{4}-\d{1,2}-\d{1,2}$")
# A news page reporting a State Council reply: its headline (国务院批复遵义区划调整:…) or lead (国务院对贵州省人民政府
# 《…的请示》作出批复); the reply is the document, the place it is about is not the document's.
_REPORTED_REPLY = re.compile(r"^(国务院(?:办公厅)?)(?:正式)?批复|(国务院(?:办公厅)?)对[^。]{2,80}?作出(?:了)?批复")
_REPORT_LINES = 5
_OTHER_TITLE_LINE = re.compile(r"《[^《》]{4,90}》")  # a cited document's name alone on its line
# What opens the text of the document a lead reports, on the lines under the lead when the page prints it: a speech's
# salutation (`各位代表:`), a drafting sentence (`特制定…工作计划`, not a lead's `特制定并印发了《X》`), `全文如下`.
_CARRIED_TEXT = re.compile(
    r"^各位[^。]{0,12}[:：]$|特制定(?![并了])|制定本(?:办法|方案|规定|意见|计划|细则|措施)|现予?印发|(?:全文|原文|内容)如下"
)
_CARRIED_REACH = 4  # lines under a lead where the text it reports opens, when the page prints it
_SPOKEN = re.compile(r"介绍|表示|指出|说")  # a line quoting someone (`负责人介绍,…特制定本方案`) is the report's
# A sentence reporting that a document was issued (`2008年,中共中央办公厅下发《X》,决定实施…`); not a document issuing
# itself (`现发布《X》`, `决定公布《X》`).
_REPORTED_ISSUE = re.compile(rf"(?<!现)(?<!特)(?<!决定)(?<!予以)(?:{_ISSUE_VERBS})了?《([^《》]{{4,90}})》")
_BASIS = re.compile(r"(?:根据|依据)([^。]*)")
_BASIS_LINES = 3
_NEWS_EVENT = re.compile(rf"^[{HAN}]{{2,12}}?(主持召开|召开|主持|出席|会见|调研|考察|走访|督导|看望|慰问)")


def detect_metadata(raw_text: str, clean_text: str) -> DocumentMeta:
    """Fill what the text states; leave the rest None."""
    text = to_simplified(fold_width(clean_text))
    lines = [line for raw in text.split("\n") if (line := _LOST_INDENT.sub("", raw.strip()))]
    block = read_page_fields(without_pinyin(without_markup(raw_text)).split("\n"))
    page = block.values
    meta = DocumentMeta()
    heading = _title(lines, _post_title(block))
    lead = None if heading else _lead(lines)
    meta.title = _page_title(_stated_title(page.get(TITLE)), heading or (lead and lead[0]))
    meta.reported = _is_report(lines, meta.title, lead)
    number, number_date = _number_in_head(lines, meta.title, page.get(TITLE))
    meta.doc_number = normalise_doc_number(page.get(NUMBER, "")) or number
    meta.date_published = iso_date(page.get(PUBLISHED, ""))
    signed, first_date = _signature_date(lines, meta.date_published)
    # The dates the document itself prints (under its signature, or the meeting a report was delivered at) before a
    # site's 成文日期 field, which may differ by days.
    meta.date_written = (
        signed
        or _delivered_date(lines, meta.date_published)
        or iso_date(page.get(WRITTEN, ""))
        or _adoption_date(lines)
        or first_date
        or number_date
    )
    meta.issuer, meta.date_issued = _issuer_and_issue_date(meta.title, lines, page.get(ISSUER))
    meta.doc_type = _doc_type(meta.title, text)
    place = locate(meta.issuer, meta.title, meta.doc_number, text, block.government_source)
    meta.province, meta.city, meta.district = place.province, place.city, place.district
    return meta


def normalise_doc_number(text: str) -> str | None:
    """The first document number in `text`, its year in 〔〕: `国办发[2020]8号` -> `国办发〔2020〕8号`."""
    match = _BRACKETED_NUMBER.search(to_simplified(fold_width(text)))
    if not match:
        return None
    issuer_code = _NUMBER_LABEL.sub("", match.group(1))  # 发文字号国办函 printed without its colon
    return f"{issuer_code}〔{match.group(2)}〕{match.group(3)}号" if issuer_code else None


def _number_in_head(lines: list[str], title: str | None, stated: str | None) -> tuple[str | None, str | None]:
    """A number printed near the top: on its own line, glued to the title, or beside the document's date
    (盐政发〔2013〕99号  2013年4月25日); with that date. Not a number under another document's name in marks (an
    explainer's basis: `《柳州市…实施计划》 / (柳环规〔2018〕3号)`)."""
    head = [stated or "", *lines[:_HEAD_LINES]]
    for above, line in zip(["", *head], head, strict=False):
        if _OTHER_TITLE_LINE.fullmatch(above) and above.strip("《》") != title:
            continue
        match = _BRACKETED_NUMBER.search(line)
        if not match:
            if cut := _CUT_NUMBER.match(line):
                return f"{cut.group(1)}〔{cut.group(2)}〕{cut.group(3)}号", None
            continue
        rest = _without_number(line).strip(" ()（）")  # (宁政办发〔2001〕99号 2001年5月29日)
        if re.fullmatch(r"《[^《》]+》", rest):
            rest = rest[1:-1]  # 《…的若干意见》(苏园管[2019]82号)
        dated = iso_date(rest) if _DATE_ONLY.match(rest) else None
        if match.start() == 0 and (glued := _GLUED_DATE.match(line, match.end())):
            dated = iso_date(glued.group(1))  # 赣府厅字[2018]87号2018年9月18日各市、县(区)人民政府…
        if (
            len(rest) < 4
            or dated
            or title in (line, rest)
            or line == stated
            or _TITLE_LINE.match(rest)
            or _before_number(line)
            or _NUMBER_BEFORE.search(line[: match.start()])
        ):
            return normalise_doc_number(match.group(0)), dated
    return None, None


def _without_number(line: str) -> str:
    """`关于…的通知（宜府办发〔2022〕5号）` -> `关于…的通知`, also a gazette's issue number (`…的批复(2000年32号)`);
    a line with no number as it is."""
    rest = _GAZETTE_ISSUE.sub("", _BRACKETED_NUMBER.sub("", line))
    return rest if rest == line else _EMPTY_BRACKETS.sub("", rest).strip().lstrip("—－–-~ ")  # 临安委〔2011〕3号—…


def _stated_title(value: str | None) -> str | None:
    """A metadata block's title, with a number, a date or a report's delivery line glued to it split off."""
    if not value:
        return None
    title = _without_notes(_without_number(value))
    return (re.sub(r"\s+", "", title) if _LETTER_SPACED.match(title) else title) or None


def _without_notes(title: str) -> str:
    """What a site glues after a title: `《…的通知》(全文)` -> `《…的通知》`, `…的通知 ((1990年11月16日))` ->
    `…的通知`, `…政府工作报告——2013年1月5日在…会议上` -> `…政府工作报告`, `…的通知(有效)` -> `…的通知`."""
    return _DELIVERY_AFTER.sub("", _DATE_AFTER.sub("", _FULL_TEXT_AFTER.sub("", _VALIDITY_AFTER.sub("", title))))


def _page_title(stated: str | None, heading: str | None) -> str | None:
    """A metadata block's title, unless it leaves out the issuer the page's own heading of the same kind names before
    关于 (标题: 印发关于…办法的通知, heading 甘南藏族自治州人民政府关于印发…办法的通知): the heading is the title as cited."""
    if stated and heading and stated.startswith(("关于", "印发")) and heading[-2:] == stated[-2:]:
        issuer = heading.split("关于", 1)[0] if "关于" in heading else ""
        if len(issuer) >= 2 and "。" not in issuer:
            return heading
    return stated or heading


def _title(lines: list[str], above_post_bar: str | None) -> str | None:
    """The title line above the text (and the lines a wrap cut from it), else the title before the number on a
    page run into one line, the title a notice encloses, the line a site prints above its post bar or a shared
    file's name."""
    head = _head(lines)
    after = lines[len(head)] if len(head) < len(lines) else None  # the addressee, or the first sentence
    if not head:
        head, after = _below_lead(lines), None
    cited = _basis_titles(lines[len(head) : len(head) + _BASIS_LINES])
    titles = [
        (index, _joined_title(head, index, candidate))
        for index, line in enumerate(head)
        if (candidate := _title_candidate(line)) and candidate not in cited
    ]
    if titles:
        return _best_title(head, after, titles)[1]
    if twice := _printed_twice(head):
        return twice
    for line in _above_contents(lines):
        if _is_addressee(line):
            break
        if before_number := _before_number(line):
            return before_number
        if match := _INLINE_TITLE.search(line):
            return match.group(1)
    if above_post_bar:
        return above_post_bar
    shared = next((match for line in lines[:_HEAD_LINES] if (match := _SHARED_FILE.search(line))), None)
    return shared.group(1) if shared else None


def _lead(lines: list[str]) -> tuple[str, int] | None:
    """The document a news lead or an explainer's first sentence reports (`…印发了《X》。`), and the lead's line, on a
    page that prints no heading of its own: X titles the page, though the page may be a report on X."""
    if any(_is_addressee(line) for line in lines[:_HEAD_LINES]):
        return None
    return next(
        (
            (match.group(2), index)
            for index, line in enumerate(lines[:_REPORT_LINES])
            if len(line) <= _LEAD_MAX and (index < 2 or _NEWS_MARK.search(line)) and (match := _LEAD_TITLE.search(line))
        ),
        None,
    )


def _is_report(lines: list[str], title: str | None, lead: tuple[str, int] | None) -> bool:
    """A page titled by the document its lead reports (`…印发了《X》`), or printing X's name in marks over a sentence
    reporting X's issue (a newspaper's link box: `《X》 / 2008年,…下发《X》,决定实施…`), that does not go on to print
    X's text: a report on X, not X."""
    if title is None:
        return False
    reporting = lead[1] if lead and lead[0] == title else _link_box(lines, title)
    return reporting is not None and not _carries_text(lines[reporting + 1 : reporting + 1 + _CARRIED_REACH])


def _link_box(lines: list[str], title: str) -> int | None:
    """The line under `《title》` alone on its line that reports that document's issue; None when there is none or
    the page is addressed to someone (the document itself). A heading is printed without marks."""
    plain = re.sub(r"\s+", "", title)
    head = [re.sub(r"\s+", "", line) for line in lines[:_HEAD_LINES]]
    if f"《{plain}》" not in head or any(_is_addressee(line) for line in lines[:_HEAD_LINES]):
        return None
    below = head.index(f"《{plain}》") + 1
    return next(
        (
            index
            for index in range(below, min(below + _REPORT_LINES, len(head)))
            if any(match.group(1) == plain for match in _REPORTED_ISSUE.finditer(head[index]))
        ),
        None,
    )


def _carries_text(lines: list[str]) -> bool:
    """Whether the lines under a lead open the text it reports: its delivery line (`——2022年1月9日在…会议上`), a
    speech's salutation, a drafting sentence (`_CARRIED_TEXT`); not a report's own section heading (`一、制定本办法的
    背景`) or a quoted speaker."""
    return any(
        _CARRIED_TEXT.search(line) or _DELIVERED.match(line)
        for line in lines
        if not _LIST_ITEM.match(line) and not _SPOKEN.search(line)
    )


def _printed_twice(head: list[str]) -> str | None:
    """A heading a page prints twice around its byline, whatever kind of text it names
    (…《关于禁止燃放烟花爆竹的通告》(征求意见稿)的反馈情况); not a site's section name printed twice (产业招商)."""
    seen = set()
    for line in head:
        if line in seen and "关于" in line and 8 <= len(line) <= 90 and not _NOT_TITLE_PART.search(line):
            return line
        seen.add(line)
    return None


def _basis_titles(lines: list[str]) -> set[str]:
    """The documents the text's first sentences name as its basis (根据《国务院殡葬管理条例》《云南省殡葬管理条例》等规定):
    a site's headline naming one of them (a law over a county's rules that implement it) is not this text's title."""
    return {
        cited
        for line in lines
        for basis in _BASIS.finditer(line)
        for cited in re.findall(r"《([^《》]+)》", basis.group(1))
    }


def _best_title(head: list[str], after: str | None, titles: list[tuple[int, str]]) -> tuple[int, str]:
    """The candidate that reads most like this document's heading: printed twice (a page's headline over the
    document's heading), directly above the document's own block (its number, its addressee) or its issuer's name
    opening it; the first of equals. A heading naming the enclosed plan (数字威海建设2023年工作要点) gives way to
    the notice that prints it. A site's headline adding its year to the heading printed under it
    (政 府 工 作 报 告(2022年) / 政府工作报告) gives way to that heading."""
    plain = {title for _, title in titles}
    titles = [(i, t) for i, t in titles if not (_YEAR_TAG.search(t) and _YEAR_TAG.sub("", t) in plain)]
    counts = {
        title: sum(1 for _, other in titles if other.endswith(title) or title.endswith(other)) for _, title in titles
    }

    def score(entry: tuple[int, str]) -> int:
        index, title = entry
        below = [*head, after or ""][index + 1 : index + 1 + _BLOCK_REACH]
        opens_block = any(_BRACKETED_NUMBER.search(line) or _is_addressee(line) for line in below)
        # the document's own heading, its issuer named before 关于, right above its text (a site's headline above it)
        opens_text = index == len(head) - 1 and bool(_title_issuer(title))
        return 2 * (counts[title] > 1) + (opens_block or opens_text) + bool(_TITLE_OPENING.search(title))

    # a sharing site's headline, tagged with its region ((海南省)…规划(2022年更新)), loses to the heading under it
    best = max(titles, key=lambda entry: (score(entry), not _REGION_TAG.match(head[entry[0]]), -entry[0]))
    best = next(entry for entry in titles if entry[1] == best[1])  # its first printing: the line above the second
    return next(((i, t) for i, t in titles if best[1] in t and best[1] != t), best)  # may be its issuer's name


def _below_lead(lines: list[str]) -> list[str]:
    """The lines under a news lead that opens a page (two paragraphs about the document, then its heading): up to the
    next sentence, unless a signature or a date line comes first (an enclosed plan's title follows those)."""
    start = next((index for index, line in enumerate(lines[:3]) if "。" in line), None)
    if start is None:
        return []
    lead = start
    while start < len(lines) and "。" in lines[start] and len(lines[start]) <= _LEAD_MAX:
        start += 1
    if start == lead or start - lead > 3:
        return []  # no lead: a page run into one line, or a text without its heading
    below = []
    for line in lines[start:_HEAD_LINES]:
        if "。" in line or _is_addressee(line):
            break
        if _SIGNATORY.match(line) or _DATE_ONLY.match(line):
            return []
        below.append(line)
    return below


def _post_title(block: PageFields) -> str | None:
    """The line a site prints above its post bar, when it reads as a title: a kind of document (…的通知), what a body
    says 关于 a subject (…关于…领海基线的声明), or any heading a government body posted (市政府工作报告重点工作责任分解);
    a news site's headline (江苏无锡打造服务外包高质量发展新样板) is no document's."""
    line = _without_number(block.above_post_bar or "")
    if not line or _NOT_TITLE_PART.search(line) or _GAZETTE_HEADING.search(line) or not 6 <= len(line) <= 90:
        return None
    if _reports_an_event(_WORD_GAP.sub("", line)):
        return None
    return line if block.posted_by_government or _TITLE_LINE.match(line) or "关于" in line else None


def _before_number(line: str) -> str | None:
    """The title a page run into one line prints before its number or its addressee: `商务部…的通知
    (商资函[2006]102号) 各省、自治区…`, `南京市人民政府关于…的实施意见 各区县人民政府、…：`, a list item's
    `● title2025-09-09number…`; of two headings side by side there (a related page's, then the document's), the one
    the addressee follows."""
    number = _BRACKETED_NUMBER.search(line)
    for match in [number] if number else _ADDRESSEE_AFTER_TITLE.finditer(line):
        before = _POST_DATE_AFTER.sub("", _LIST_BULLET.sub("", line[: match.start()].rstrip(" (（,，")))
        if not _TITLE_LINE.match(before) or "。" in before:
            continue
        *others, last = before.split()
        if others and last.startswith("关于") and _TITLE_LINE.match(last) and not _are_signatories(" ".join(others)):
            return last
        return before
    return None


def _above_contents(lines: list[str]) -> list[str]:
    """The top of a page, above a gazette's table of contents (目 录), which lists other documents' titles."""
    top = lines[:_HEAD_LINES]
    return top[: next((index for index, line in enumerate(top) if _CONTENTS.match(line)), len(top))]


def _head(lines: list[str]) -> list[str]:
    """The lines above the text: up to the addressee (各区人民政府：), else the first sentence. A title below them
    is an enclosed document's (the notice's own title was not copied), or another page's in a sidebar."""
    top = _above_contents(lines)
    addressee = next((index for index, line in enumerate(top) if _is_addressee(line)), None)
    if addressee is not None:
        return top[:addressee]
    return top[: next((index for index, line in enumerate(top) if "。" in line), len(top))]


def _is_addressee(line: str) -> bool:
    """`各区人民政府，市政府各部门：`, also glued to a site's words (Policies and regulations各区人民政府…:)."""
    return line.endswith((":", "：")) and "。" not in line and bool(_ADDRESSEE.search(line))


def _title_candidate(line: str) -> str | None:
    """A line that is a title, once what pages glue to it is removed: a site's category (【商务意见】, 应急预案—) or region
    ((湖北省)), a table cell's border (… |), a
    database's revision note (…的通知(2019修订)), a list's bullet, a reprint's (全文), a date or a report's delivery
    line after the title, a number,
    a decree's number (… 广西壮族自治区人民政府令 第116号), a post bar (…的通知来源:某网站 时间:…), the spaces
    a PDF put between words."""
    line = _LIST_BULLET.sub("", _ITEM_MARK.sub("", _CELL_EDGE.sub("", line)))
    line = _DECREE_NUMBER.sub("", _GLUED_AFTER_TITLE.split(line, maxsplit=1)[0])
    candidate = _without_number(_CATEGORY_DASH.sub("", _SITE_TAG.sub("", _REGION_TAG.sub("", _WORD_GAP.sub("", line)))))
    candidate = _without_notes(_REVISION_NOTE.sub(r"\1", candidate))
    if candidate.startswith("《") and candidate.endswith("》") and candidate.count("《") == 1:
        candidate = candidate[1:-1]
    if "。" in candidate or candidate.endswith(("：", ":")) or _LIST_ITEM.match(candidate):
        return None
    if _GAZETTE_HEADING.search(candidate) or _reports_an_event(candidate):
        return None
    return candidate if _TITLE_LINE.match(candidate) else None


def _reports_an_event(line: str) -> bool:
    """A news headline on who met or chaired what (朱伟主持召开市政府常务会议 加快恢复…落实…政策措施), however it
    ends: no document's title opens so."""
    event = _NEWS_EVENT.match(line)
    return bool(event) and "关于" not in event.group(0)


def _joined_title(lines: list[str], index: int, title: str) -> str:
    """The title with the line(s) above it that a line wrap cut from it (广东省人民政府办公厅关于印发广东省 /
    进一步…生长 / 实行方案的通知; 四川省…发展规划 / (2008—2012年)的通知), and its issuer printed on the line above
    a title opening with 关于 (盐城市人民政府 / 关于…; 鹤岗市人民政府 鹤岗市中级人民法院印发 / 关于…的通知)."""
    start, fragment = index, ""
    for above in range(index - 1, max(index - 4, -1), -1):
        line = lines[above]
        if "关于" in title or not _may_join(lines, above, fragment + title):
            break
        if _TITLE_OPENING.search(line):
            title, start, fragment = line + fragment + title, above, ""
        elif fragment or _TITLE_OPENING.search(title):
            break
        else:
            fragment = line  # a middle line of a heading cut in three, kept if a title's opening is above it
    issuers = _ISSUING_VERB.sub("", lines[start - 1].strip()) if start > 0 else ""
    if title.startswith("关于") and _are_signatories(issuers) and not _is_byline(lines, start - 1, title):
        title = re.sub(r"\s+", "、", lines[start - 1].strip()) + title  # 中共杭州市委 杭州市人民政府 -> 、
    elif start > 0 and _opens_cut_name(lines[start - 1].strip(), title):
        title = lines[start - 1].strip() + title
    return title


def _opens_cut_name(line: str, title: str) -> bool:
    """Whether `line` opens the issuers' names that a wrap cut before the title's words before 关于
    (中共惠州大亚湾经济技术开发区委 惠州大亚湾 / 经济技术开发区管理委员会关于印发…): its last word names no body, and
    with those words it names the issuers; the names before it are whole (a site's words glued to a heading's issuer,
    名称描述内容 / 深圳市…人民政府关于…, are none)."""
    if "关于" not in title or title.startswith("关于") or _NOT_TITLE_PART.search(line):
        return False
    *whole, cut = line.split() or [""]
    before = _ISSUING_VERB.sub("", title.split("关于", 1)[0])
    return bool(whole) and _are_signatories(" ".join(whole)) and bool(_SIGNATORY.match(cut + before))


def _may_join(lines: list[str], index: int, title: str) -> bool:
    """Whether the line at `index` may be part of the title below it: no sentence, number, reprint headline
    (湛江市“十三五”规划建议全文) or byline, no issuer announcing it (达州市人民政府发布 / 达州市…管理办法), and no whole
    title of its own unless the line below only ends one (…发展规划 / (2008—2012年)的通知)."""
    line = lines[index]
    if _NOT_TITLE_PART.search(line) or len(line) > 60 or _is_byline(lines, index, title):
        return False
    if _BRACKETED_NUMBER.search(line) or line.endswith(("》", "全文")):
        return False
    if _ANNOUNCING_VERB.search(line) and _are_signatories(_ANNOUNCING_VERB.sub("", line)):
        return False
    return not _TITLE_LINE.match(line) or bool(_TITLE_TAIL.match(title))


def _is_byline(lines: list[str], index: int, title: str) -> bool:
    """A law site prints a title, its issuer, then the title again: the issuer line is no part of the heading."""
    return index > 0 and _are_signatories(lines[index]) and _WORD_GAP.sub("", lines[index - 1]).endswith(title)


def _are_signatories(line: str) -> bool:
    """`盐城市人民政府`, or joint issuers on one line: `中共杭州市委 杭州市人民政府`, `市商务局、市财政局`,
    `甘肃省发展和改革委员会等10部门`."""
    names = [name for name in re.split(r"[\s、]+", _AND_OTHERS.sub("", line.strip())) if name]
    return 0 < len(names) <= _SIGNATORIES_MAX and all(_SIGNATORY.match(name) for name in names)


def _delivered_date(lines: list[str], published: str | None) -> str | None:
    """The date a report bears under its heading: ——2008年1月23日在区五届人大三次会议上的报告, also with its 年月
    lost (2019116日在拱墅区第七届人民代表大会第三次会议上), read against the publication date."""
    for line in [*_head(lines), *_below_lead(lines)]:
        if found := _DELIVERED.match(line):
            return iso_date(found.group(1))
        if found := _DELIVERED_SQUASHED.match(line):
            return _squashed_date(found.group(1), published)
    return None


def _adoption_date(lines: list[str]) -> str | None:
    """The first date of the note under a law's or a rule's heading (the day it was adopted or published), or the
    date a chronicle prints after a title (…的通知 ((1990年11月16日)))."""
    for line in lines[:_HEAD_LINES]:
        if _is_addressee(line):
            return None  # an enclosed rule's note, under the notice that prints it
        if found := _ADOPTION_NOTE.match(line) or _ADOPTION_LINE.match(line):
            return iso_date(found.group(1))
        if (found := _DATE_AFTER.search(line)) and _TITLE_LINE.match(line[: found.start()]):
            return iso_date(found.group(1))
    return None


def _signature_date(lines: list[str], published: str | None = None) -> tuple[str | None, str | None]:
    """The date under a signatory (宜昌市人民政府 / 2022年5月7日) or under the text's last sentence, and the first
    line that is only a date: a date alone at the top of a page is more often the site's than the document's."""
    dates = [(index, found) for index, line in enumerate(lines) if (found := _signed_date(line, published))]
    signed = next((found for index, found in dates if index > 0 and _SIGNATORY.match(lines[index - 1])), None)
    run_together = (
        found for line in lines if len(line) > _SIGNATURE_LINE_MAX and (found := _RUN_SIGNATURE.search(line))
    )
    signed = signed or next((iso_date(found.group(1) or found.group(2)) for found in run_together), None)
    # A date alone under the notice's last sentence is its signature's, the signatory's name left out or lost.
    closing = (found for index, found in dates if index > 0 and lines[index - 1].endswith("。"))
    return signed or next(closing, None), next((found for _, found in dates), None)


def _signed_date(line: str, published: str | None = None) -> str | None:
    """The date of a signature line, however a page mangles it: spaced out (`2024 年 10 月 15 日`), after the
    signatory (`杭州市人民政府 2024年10月15日`) or before it (`1999年7月13日,国家海洋局`), before `(此件公开发布)` or the `????` of lost full-width spaces,
    or with its 年月日 lost (`20151214`, `202134`, `2014424日`; `2022128` read as the day nearest before `published`)."""
    if len(line) > _SIGNATURE_LINE_MAX:
        return None
    bare = _SIGNATURE_TAIL.sub("", re.sub(r"\s+", "", line))
    bare = _SIGNATORY_AFTER_DATE.sub("", _SIGNATORY_BEFORE_DATE.sub("", bare.strip("()（）")))
    digits = bare.removesuffix("日")  # `2014424日`: 年 and 月 lost, 日 kept
    if _SQUASHED_DATE.match(digits):
        return _squashed_date(digits, published)
    return date_line(bare)


def _squashed_date(digits: str, published: str | None) -> str | None:
    year, rest = digits[:4], digits[4:]
    readings = [iso_date(f"{year}-{rest[:cut]}-{rest[cut:]}") for cut in (1, 2) if 1 <= len(rest) - cut <= 2]
    readings = [day for day in readings if day]
    if len(readings) == 1:
        return readings[0]
    before = [day for day in readings if published and day <= published]
    return max(before) if before else None


def _issuer_and_issue_date(
    title: str | None, lines: list[str], stated_issuer: str | None
) -> tuple[str | None, str | None]:
    issued = printed = None
    for line in lines[-5:]:
        match = _ISSUED_LINE.match(line)
        if match:
            printed, issued = match.group(1), iso_date(match.group(2))
    # Who the page names as the issuer, in order of trust, each looked for only when needed: the title's words
    # before 关于 (中共岳阳市委办公室岳阳市人民政府办公室印发《关于…》的通知 stops where the enclosed title opens),
    # the printing line (宜昌市人民政府办公室 2022年5月7日印发), the metadata block, a header line, the signature.
    named = iter(
        (
            lambda: _title_issuer(title),
            lambda: printed,
            lambda: stated_issuer,
            lambda: _signature_block(lines),
            lambda: _header_issuer(lines, title),
            lambda: _speaker_government(lines),
            lambda: _reported_reply(lines),
        )
    )
    first = next((name for find in named if (name := find())), None)
    if first and _PLACELESS_ISSUER.match(first):
        # 市政府办公室 in the title, 徐州市人民政府办公室 under the text: the same body, named with its place.
        short = first.replace("人民", "")
        fuller = (name for find in named if (name := find()) and _names_in_full(name.replace("人民", ""), short))
        first = next(fuller, first)
    return first, issued


def _speaker_government(lines: list[str]) -> str | None:
    """The government a report is delivered for, from its speaker's line or a lead naming whom the speaker stood for."""
    found = next((match for line in lines[:_HEAD_LINES] if (match := _SPEAKER.search(line))), None)
    return (found.group(1) or found.group(4)) if found else None


def _reported_reply(lines: list[str]) -> str | None:
    """The State Council, when a news page's headline or lead reports its reply."""
    found = next((match for line in lines[:_REPORT_LINES] if (match := _REPORTED_REPLY.search(line))), None)
    return (found.group(1) or found.group(2)) if found else None


def _names_in_full(name: str, short: str) -> bool:
    return len(name) > len(short) and name.endswith(short)


def _title_issuer(title: str | None) -> str | None:
    if not title or "关于" not in title or title.startswith("关于"):
        return None
    return _ENCLOSING_VERB.sub("", title.split("关于", 1)[0].split("《", 1)[0]) or None


def _header_issuer(lines: list[str], title: str | None) -> str | None:
    """A body printed on its own line above the text: a red header (贵阳市人民政府办公厅) or a law site's line under
    the title (国务院, 辽宁省沈阳市人民政府)."""
    return next((line for line in _head(lines) if line != title and _SIGNATORY.match(line)), None)


def _signature_block(lines: list[str]) -> str | None:
    """Issuing bodies listed one per line just above the closing date, some letter-spaced (国 土 资 源 部), or the one
    body printed before the date on its line (国务院 一九九六年十二月二日). The first signature is the page's own: a
    notice forwarding a text prints that text's signature after its own."""
    for index in range(len(lines)):
        if _signed_date(lines[index]):
            same_line = _SIGNATORY_BEFORE_DATE.match(re.sub(r"\s+", "", lines[index]))
            if same_line and _SIGNATORY.match(signatory := same_line.group(0)):
                return signatory
            names = []
            j = index - 1
            while j >= 0 and _SIGNATORY.match(
                signatory := _SPACED_NAME.sub("", _SIGNATURE_TAIL.sub("", lines[j].strip()))
            ):
                names.append(signatory)
                j -= 1
            if names:
                return "、".join(reversed(names))
    return None


def _doc_type(title: str | None, text: str) -> str | None:
    if title:
        enclosed = _ENCLOSED.search(title)
        subject = enclosed.group(1) if enclosed else title
        subject = re.sub(r"\(.{0,20}\)$", "", subject)
        for doc_type in DOC_TYPES:
            if subject.endswith(doc_type):
                return doc_type
    match = _TYPE_IN_TEXT.search(text)
    return match.group(4) if match else None
