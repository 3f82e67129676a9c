"""Citations: the other documents a document names, clause by clause, with what each citing sentence does to them.

The names themselves (《titles》, 发文字号, short names) are found by `names`; here each is given its effect
(`effects`), and those that are the document itself are left out: its own title and number, what its notice issues
(`关于印发《X》的通知`, `《X》已经市政府同意，现印发给你们`), the draft it publishes for comment, a number it prints as its
own.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace

from search.ingest.citations.doubts import ITEM, RESTS_ON, doubted, heading_doubt
from search.ingest.citations.effects import (
    ITEM_MARK,
    QUOTED_TITLE,
    Span,
    effects,
    heading_act,
    list_act,
    opens_an_amendment,
)
from search.ingest.citations.names import GENRE, SENTENCE_END, Named, spans_in, title_key, titles_in
from search.normalize import HAN, fold_width, to_simplified
from search.records import Clause, DocumentMeta, Effect, Reference

_MAY_CITE = re.compile(r"[《〈号號]")  # a clause with none of these cites nothing
# A notice that issues the documents it encloses: 关于印发《X》的通知 (or 通告), 关于印发《X》《Y》的通知, 关于印发《X》等四项制度的
# 通知, 关于发布X的公告, 关于批转市财政局《X》的通知, 转发市发改委等部门《X》的通知 (its own departments' text the
# government approves and issues: they are the document itself). Not 转发 of another body's document (a city
# forwarding its province's cites it) nor 修改/废止 (those act on another).
_ISSUING_TITLE = re.compile(
    r"(?:印发|发布|颁布|批转|转发(?=[市县区州盟旗][^《》省国]{1,30}?(?:局|委|办|部门|中心)))(.{4,}?)的?(?:通知|通告|公告|决定|令)$"
)
# A draft published for comment is the document itself: 关于《X(草案)》公开征求意见的公告, 关于对《X》征求意见的通知,
# 关于征求《X》和《Y》公众意见的通告.
_CONSULTING_TITLE = re.compile(
    r"关于(?:对)?(.{4,}?)(?:向社会|向公众)?(?:公开)?征求(?:社会各界|社会公众|公众)?意见"
    r"|关于(?:公开)?征求(.{4,}?)的?(?:社会各界|社会公众|公众)?意见"
)
# What makes a title a draft's: `(征求意见稿)`, `(草案)`, `(草案送审稿)`, `(送审稿)`, `(修订草案)`.
_DRAFT_MARKS = re.compile(r"\([^()]{0,12}(?:征求意见稿|草案|送审稿)[^()]{0,12}\)|(?:征求意见稿|草案送审稿|草案)$")
# A draft named with its mark (`《X(草案)》`, `《X》(征求意见稿)`) is no document in force that a policy rests on: on a
# page that names it, it is the text the page publishes, explains or collects comments on.
_DRAFT_AFTER = re.compile(r"\s*\([^()]{0,6}(?:征求意见稿|草案|送审稿)")
# A year in brackets a law database adds to a title (`…管理规定(2005年)`): the document names itself without it.
_SITE_YEAR = re.compile(r"\s*\((?:19|20)\d{2}年?\)\s*$")
_BRACKETED = re.compile(r"\([^()]*\)")  # `(试行)` after a title is still the title's
_HAN_RUN = re.compile(rf"[{HAN}]{{2,}}")  # words after a notice's quoted titles, not a separator
_ENCLOSED_MORE = re.compile(r"》?等[^《》]{0,12}$")
# `关于印发云南省科技金融结合专项资金管理办法和云南省科技保险险种保费补助资金实施细则的通知`: two texts without marks.
_JOINED_TITLES = re.compile(r"和|及|、")
# A sentence that issues the document itself: `现将《X》印发给你们`, `《X》已经市人民政府同意，现予印发`, `特制定《X》，现印发
# 给你们`, `《A》、《B》等四项制度已经…同意，现印发给你们`. Its titles that stand alone (not inside a longer name:
# `现将天津市贯彻落实《某措施》实施方案印发给你们` cites 《某措施》) are the document itself, as is the one a page announces
# (`…发布《X》，自发布之日起施行`).
_ISSUING_SENTENCE = re.compile(
    r"现将[^。]{0,120}?(?:印\s*发|公布|公开|征求|批转)|将[^。]{0,120}?(?:印\s*发|批转)给?你们"
    r"|(?:现|特)(?:予以?)?\s*(?:印\s*发|公布|发布|批转)|特(?:制[定订]|编制)《|(?:起草|草拟)了《|自(?:发布|印发|公布)之日起"
    r"|(?:编制|起草|草拟|制[定订])了?《[^。]{0,200}?现[^。]{0,60}?征求[^。]{0,12}?意见|编制《[^。]{4,200}?》\s*[,，]\s*主要阐明"
    r"|(?:省|市|县|区)(?:人民)?政府[^。]{0,8}?同意[^。]{0,80}?现\s*(?:予)?\s*转\s*发|现[^。]{0,20}?征求[^。]{0,12}?《|全文(?:如下|发布)|(?:内容|原文)如下"
)
# `现将市财政局拟定的《X》`, `将市财政局关于《X》印发给你们`: a few words between 将 and the title (who drew it up).
# `会议通过《X》，现予公布`, `组织编制《X》`, `市人民政府同意市教育局修订的《X》，现转发`, `现向社会各界征求《X》意见`.
_OPENS_OWN_TITLE = re.compile(
    r"(?:将[^《》。,，;；:：]{0,16}|同意[^《》。,，;；:：]{0,16}|特制[定订]|制[定订]了?(?:新的?)?|起草了?|草拟了?|编制了?|通过了?|形成了?"
    r"|征求(?:社会各界|社会公众|公众)?(?:对)?"
    r"|(?:印发|发布|公布|颁布)了?)\s*$"
)
# The government's own departments that drew up the title after them, opening its sentence (`省人力资源社会保障厅、省
# 教育厅…《X》已经省政府同意,现转发给你们`): the government issues their text as its own.
_OWN_DEPARTMENTS = re.compile(
    rf"^\s*(?:(?:省|市|县|区|州|人民银行)(?:(?!转发|印发|关于|国家|国务院)[{HAN}]){{1,16}}?"
    r"(?:厅|局|委|委员会|办|办公室|行|中心)\s*[、,，和及]?\s*)+$"
)
_FORWARDS = re.compile(r"同意[^。]{0,80}?现\s*(?:予)?\s*转\s*发")  # what the government does to its departments' text
_CONTINUES_OWN_TITLES = re.compile(r"\s*(?:\([^()]*\))?\s*[、和及,，]?\s*")
# What follows a title the sentence issues: more titles, how it was passed (`已经…同意`, `于2002年3月29日经…通过`), the
# issuing verb, or the sentence's end (`特编制《X》(简称《规划》)。`).
_AFTER_OWN_TITLE = re.compile(
    r"^\s*(?:\([^()]*\))?\s*(?:[、和及,，《]|等|已经|业经|已于|经|于\s*(?:19|20)\d{2}\s*年[^。]{0,60}?(?:通过|批准)"
    r"|印\s*发|批转|现|向|全文"
    r"|的?(?:修改)?意见|(?:\d+|[一二三四五六七八九十]+)[个项件]|$)"
)
_ISSUES_NEXT = re.compile(r"\s*现(?:予以?|将其)?\s*(?:印\s*发|发布|公布)")
# A sentence saying how the title that opens it was passed (`《X》于…经…会议通过,并于…经…批准`), whose next sentence
# publishes it (`现予公布`): a standing committee's announcement of its own regulation.
_PASSED = re.compile(r"(?:通过|批准)\s*$")
# What may stand between an item's mark (`doubts.ITEM`) and the title it is about (`1.在《X》…`, not
# `三、根据《X》…`).
_ITEM_LEAD = re.compile(r"(?:在|对|将|原)?")
# A heading that names the document the items under it change (`(一)关于《X》` over `1.将第三条…修改为…`).
_ABOUT_ONE_TITLE = re.compile(r"(?:关于|对)?")
# What labels a page's own number (`【字号】`, `发文字号:`, `文号 |`), and what may join a title to the number printed
# after it on one line.
_NUMBER_LABEL = re.compile(r"(?:发\s*文\s*字\s*号|文\s*号|字\s*号)\s*[:：】\]|]?\s*$")
_TITLE_NUMBER_GLUE = re.compile(r"[\s\-—_|(（【\[]*$")
_MIN_OWN_TITLE_CHARS = 6
_SHARED_OPENING = 2  # characters two titles issued side by side open with alike (云南省…, 某市…)
# A decree number that continues a list after another (`国务院令第709号、第710号`) is cited with the first, not the
# page's own decree.
_LISTED_AFTER = re.compile(r"号\s*[、,和及与]\s*$")
# A decree number in brackets after a rule's name without marks (`2015食品生产许可管理办法(总局令第16号)与…`) is that
# rule's, not the page's own decree (printed under its issuer, `国家食品药品监督管理总局令 第16号`).
_RULE_BEFORE = re.compile(r"(?:办法|规定|条例|细则|规则|决定)\s*\(\s*$")
# A page that explains or reports on another document (`关于《X》的政策解读`, `…答记者问`, `《X》起草说明`) reports that
# document's acts (`…决定废止《Y》等16份规范性文件`): they are not the page's own, so it repeals and amends nothing.
# Its title (cited titles masked) or heading line ends so; a document on explainers (`…加强政策解读工作的通知`) is none.
_REPORTING_HEADING = re.compile(
    r"(?:政策)?解读(?:材料)?$|答记者问$|答问$|问答$|(?:起草|制定|修订|修改)?说明$|新闻发布会(?:实录)?$"
)
_HEAD_CLAUSES = 3  # where a page's heading stands among its clauses
# An item's mark before a title, at a line's start or after the last item's quoted text (`…处罚。”四、《X》`).
_ITEM_BEFORE = re.compile(rf"(?:^|\n|[”\"])\s*{ITEM_MARK}\s*$")
_FILE_NAME_AFTER = re.compile(r"[^\s。，,;；()]{0,120}?\.(?:docx?|pdf|wps|xlsx?|zip|rar)\b")
# A newspaper's lead: what the page says was done, it reports (`记者10月8日获悉`, `本报讯`, `新华社北京3月2日电`).
_NEWS_LEAD = re.compile(r"记者[^。,，]{0,20}?获悉|本报讯|(?:^|\n)据悉[,，]|\d{1,2}月\d{1,2}日[讯电]")
_RULE_REACH = 12  # characters before a decree number where its list or its rule's name stands


def find_references(clauses: list[Clause], meta: DocumentMeta) -> list[Reference]:
    """Every citation in the document's clauses, in text order, with its effect and, where the text leaves it in
    doubt, why (`doubts`); citations of the document itself left out. Annex rows that repeat a main-text
    clause are not read twice."""
    if meta.reported:  # a report names no document of its own: the one it reports, by title or number, it cites
        meta = replace(meta, title=None, doc_number=None)
    named = Named()
    texts = [to_simplified(fold_width(clause.text)) for clause in clauses]
    spans = [spans_in(text, named) if _may_cite(clause) else [] for clause, text in zip(clauses, texts, strict=True)]
    reporting = _reports_on_another(meta, texts)
    own = _own_names_in(meta, texts, spans, reporting)
    found: list[Reference] = []
    headed: set[tuple[str, ...]] = set()  # section paths whose headings were read
    announced: Effect | None = None  # what the sentence before a list of items does to the titles they open with
    announcing: Effect | None = None  # what the clause before, itself, announces (not a list it carries on)
    for at, (clause, text, clause_spans) in enumerate(zip(clauses, texts, spans, strict=True)):
        item = ITEM.match(text)
        carried = announced if item else None  # a list goes on only while its items do
        if item and carried is None and clause.section_path:  # `一、废止9部省政府规章` heading its items
            carried = heading_act(fold_width(clause.section_path[-1]))
        found += _from_headings(clause, text, headed, named, own, meta, announcing)
        announcing = heading_act(text) if _only_a_heading(clause, text) else list_act(text)
        announced = announcing or carried
        if not clause_spans:
            continue
        same_length = len(text) == len(clause.text)  # else spans do not fit the clause's own text
        following = texts[at + 1] if at + 1 < len(texts) else ""
        for n, (span, (effect, articles)) in enumerate(zip(clause_spans, effects(text, clause_spans), strict=True)):
            reference = span.reference
            if carried and effect is None and n == 0 and item and _ITEM_LEAD.fullmatch(text, item.end(), span.start):
                effect = carried
            if effect is None and _amended_item(text, span.start, span.end, following):
                effect = Effect.AMENDS
            own_decree = _own_decree(reference, clause, meta) and not _cited_before(text, span.start, own)
            if _names_itself(reference, own, meta.doc_number, effect) or own_decree:
                continue
            if _is_draft(reference, text, span.end) or _own_number_printed(reference, text, span.start, own):
                continue
            if reference.number and not reference.title and _FILE_NAME_AFTER.match(text, span.end):
                continue  # a download link's file name (`点击下载:怀民〔2023〕135号关于…的通知.doc`), as 《….doc》 is
            found.append(
                replace(
                    reference,
                    clause_id=clause.id,
                    start=span.start if same_length else -1,
                    end=span.end if same_length else -1,
                    effect=effect,
                    articles=articles,
                )
            )
    if reporting:
        found = [replace(reference, effect=None, articles=None) for reference in found]
    return doubted(found, clauses, texts, meta)


def _own_names_in(meta: DocumentMeta, texts: list[str], spans: list[list[Span]], reporting: bool) -> set[str]:
    """The document's own names: its metadata's, and what its issuing sentences issue, in every clause, those before
    the sentence too (a heading a wrap cut, `关于印发《X / (2010—2020年)》的通知`, names the document only through
    the sentence after it). A report's lead (`…印发了《X》,自印发之日起施行`) and an explainer's account (`…特制定
    《X》。`) issue nothing."""
    explains = reporting and not consulted_titles(meta.title or "")
    if meta.reported or explains:
        return own_names(meta)
    return own_names(meta).union(*(_issued_here(text, found) for text, found in zip(texts, spans, strict=True)))


def _from_headings(
    clause: Clause,
    text: str,
    headed: set[tuple[str, ...]],
    named: Named,
    own: set[str],
    meta: DocumentMeta,
    announcing: Effect | None,
) -> list[Reference]:
    """The citations of the section headings first met over `clause` (`(一)关于《X》`), given to it: a heading is
    no clause's text, yet it may name what the items under it change. Its effect is its own sentence's, else the
    act of the heading or sentence above it on an item it opens with (`二、《X》` under `…作如下修改:`), else an
    amendment when the items under it amend (`1.第三条修改为…`)."""
    found: list[Reference] = []
    for depth, raw in enumerate(clause.section_path):
        path = tuple(clause.section_path[: depth + 1])
        if path in headed:
            continue
        headed.add(path)
        heading = to_simplified(fold_width(raw))
        spans = spans_in(heading, named) if _MAY_CITE.search(heading) else []
        item = ITEM.match(heading)
        parent = fold_width(clause.section_path[depth - 1]) if depth else None
        above = (heading_act(parent) if parent else announcing) if item else None
        for n, (span, (effect, articles)) in enumerate(zip(spans, effects(heading, spans), strict=True)):
            opens = bool(item) and n == 0 and bool(_ABOUT_ONE_TITLE.fullmatch(heading, item.end(), span.start))
            if effect is None and opens:
                effect = above or (Effect.AMENDS if opens_an_amendment(text) else None)
            reference = span.reference
            if _names_itself(reference, own, meta.doc_number, effect) or _is_draft(reference, heading, span.end):
                continue
            doubt = None if effect or not reference.title else heading_doubt(heading, span.start, span.end, parent)
            found.append(
                replace(reference, clause_id=clause.id, start=-1, end=-1, effect=effect, articles=articles, doubt=doubt)
            )
    if clause.heading:  # a clause opens with its own heading: its children's path holds a heading already read
        headed.add(tuple(clause.outline))
    return found


def _only_a_heading(clause: Clause, text: str) -> bool:
    """A clause that is its heading and nothing more (`一、废止下列规章`, its colon cut off)."""
    return bool(clause.heading) and len(text.strip().rstrip(":：")) <= len(clause.heading)


def _reports_on_another(meta: DocumentMeta, texts: list[str]) -> bool:
    """An explainer, a report or a call for comment (it proposes, `决定对《X》进行修订`, and acts on nothing yet): its
    title was read from its lead, a news lead opens it (`记者10月8日获悉,…联合发出《X》,废止了29个…`), or its title or
    a heading line among its first clauses (not a numbered section's) says so."""
    if meta.reported or consulted_titles(meta.title or ""):
        return True
    if any(_NEWS_LEAD.search(text) for text in texts[:_HEAD_CLAUSES]):
        return True
    head = (_head_line(text) for text in texts[:_HEAD_CLAUSES])
    lines = [line for line in head if line and SENTENCE_END not in line and not ITEM.match(line)]
    heads = [meta.title or "", *lines]  # a section heading (`一、加强政策解读`) is not the page's
    unquoted = (QUOTED_TITLE.sub("", to_simplified(fold_width(head.strip()))) for head in heads if head)
    return any(_REPORTING_HEADING.search(head) for head in unquoted)


def _head_line(text: str) -> str | None:
    """A clause as one heading line: its only line, or its first when the lines after it print that heading again
    (a site's headline over the heading a wrap broke); None for a clause of several lines of their own (a site's
    column name over a notice's heading)."""
    first, *more = text.strip().split("\n")
    if not more or re.sub(r"\s", "", first) == re.sub(r"\s", "", "".join(more)):
        return first
    return None


def _may_cite(clause: Clause) -> bool:
    """Most clauses have no 《, 〈 or 号 and are read no further; an annex row repeating a main-text clause is not
    read twice."""
    return not (clause.kind == "annex" and clause.linked_clause) and bool(_MAY_CITE.search(clause.text))


def enclosed_titles(title: str) -> list[str]:
    """The documents an issuing notice's title encloses: X of `关于印发《X》的通知` or `关于印发X的通知`, X and Y of
    `关于印发《X》《Y》的通知` and of `关于印发《X》等…的通知`; of `关于印发A和B的通知`, A和B as one name and, when A and B
    are each a document's title opening alike (`云南省…办法和云南省…细则`), A and B too."""
    match = _ISSUING_TITLE.search(to_simplified(fold_width(title)))
    if not match:
        return []
    enclosed = _ENCLOSED_MORE.sub("", match.group(1))
    quoted = titles_in(enclosed)
    # `关于印发《X》实施方案的通知` issues the 实施方案 and cites X: the quoted titles are what it issues unless words
    # follow the last of them (words before it name who drew them up: `批转市财政局《X》`).
    if quoted and not _HAN_RUN.search(_BRACKETED.sub("", enclosed[quoted[-1].end :])):
        return [t.text for t in quoted]
    whole = enclosed.strip("《》")
    return [whole, *_side_by_side(whole)]


def _side_by_side(name: str) -> list[str]:
    """The titles an unquoted name joins with 和, 及 or 、 when each is a document's title of its own, opening with
    the same place or body (`云南省科技金融…办法和云南省科技保险…细则`); none of one title that joins words
    (`…“十四五”规划和二〇三五年远景目标纲要`, `促进就业政策和措施`)."""
    parts = _JOINED_TITLES.split(name)
    alike = len(os.path.commonprefix(parts)) >= _SHARED_OPENING
    if len(parts) < 2 or not alike or any(len(p) < _MIN_OWN_TITLE_CHARS for p in parts):
        return []
    return parts if all(GENRE.search(_BRACKETED.sub("", part)) for part in parts) else []


def own_names(meta: DocumentMeta) -> set[str]:
    """The keys a document is known by (`own_key`): its title (with and without a year a law database adds), the
    titles its issuing notice encloses and the draft its call for comment publishes."""
    title = meta.title or ""
    names = {own_key(title), own_key(_SITE_YEAR.sub("", fold_width(title)))} if title else set()
    return names | {own_key(t) for t in [*enclosed_titles(title), *consulted_titles(title)]}


def consulted_titles(title: str) -> list[str]:
    """X of `关于《X(草案)》公开征求意见的公告`: the draft a call for comment publishes."""
    match = _CONSULTING_TITLE.search(to_simplified(fold_width(title)))
    if not match:
        return []
    consulted = match.group(1) or match.group(2)
    quoted = [t.text for t in titles_in(consulted)]
    return quoted if quoted else [consulted.strip("《》")]


def own_key(title: str) -> str:
    """A title as a document's own names are compared: its `title_key` without a draft's mark (`(征求意见稿)`,
    `(草案)`), since a draft published for comment cites its own text under either name."""
    return title_key(_DRAFT_MARKS.sub("", to_simplified(fold_width(title))))


def _issued_here(text: str, spans: list[Span]) -> set[str]:
    """The title keys of the documents a sentence of `text` says it issues (`现将《X》印发给你们`): titles that open
    the sentence's object (after 现将, 制定, the government's own departments that drew it up, or at its start) or
    continue a list of such titles, and are followed by what issues them (已经…同意, 等…, 印发), or end a sentence
    that says they were made or passed (`《X》于…通过,并于…批准。`) before the next one publishes them (`现予公布`). A
    colon opens a sentence too: the addressees' (`各县人民政府:《X》已经…`)."""
    found: set[str] = set()
    sentence_start, previous_end, previous_own = -1, 0, False
    for span in spans:
        if span.reference.title is None:
            continue
        start = max(text.rfind(SENTENCE_END, 0, span.start), text.rfind(":", 0, span.start)) + 1
        if start != sentence_start:
            sentence_start, previous_end, previous_own = start, start, False
        end = text.find(SENTENCE_END, span.end)
        sentence = text[start : end if end >= 0 else len(text)]
        between, after = text[previous_end : span.start], text[span.end : start + len(sentence)]
        opens = (previous_end == start and not between.strip()) or bool(_OPENS_OWN_TITLE.search(between))
        forwarded = previous_end == start and bool(_OWN_DEPARTMENTS.match(between)) and bool(_FORWARDS.search(sentence))
        opens = opens or forwarded
        continues = previous_own and bool(_CONTINUES_OWN_TITLES.fullmatch(between))
        # `我部制定了《X》。现印发给你们`: the sentence after issues what this one names last, or what it says was passed
        closes = not after.strip() or bool(_PASSED.search(after))
        issued_next = end >= 0 and closes and bool(_ISSUES_NEXT.match(text, end + 1))
        issuing = bool(_ISSUING_SENTENCE.search(sentence)) and bool(_AFTER_OWN_TITLE.match(after))
        own = (issuing or issued_next) and (opens or continues)
        if own:
            found.add(own_key(span.reference.title))
        previous_end, previous_own = span.end, own
    return found


def _is_draft(reference: Reference, text: str, end: int) -> bool:
    """A title a draft's mark ends or follows (see `_DRAFT_AFTER`)."""
    title = reference.title or ""
    return bool(title) and (bool(_DRAFT_MARKS.search(to_simplified(title))) or bool(_DRAFT_AFTER.match(text, end)))


def _own_number_printed(reference: Reference, text: str, start: int, own: set[str]) -> bool:
    """A number alone that the page prints as its own: in a labelled field (`【字号】…`, `文号:…`) or after its own
    title on the title's line (`…有关工作的通知沪发改服务〔2009〕004号`, `…办法-沪府发〔2009〕24号`)."""
    if reference.title or not reference.number:
        return False
    before = text[text.rfind("\n", 0, start) + 1 : start]
    if _NUMBER_LABEL.search(before):
        return True
    printed = _TITLE_NUMBER_GLUE.sub("", before)
    key = own_key(printed)
    return (
        not printed.endswith("》")
        and len(key) >= _MIN_OWN_TITLE_CHARS
        and any(key.endswith(name) for name in own if name)
    )


def _amended_item(text: str, start: int, end: int, following: str) -> bool:
    """A title opening an item of an amendment decision (`五、《X》(…令第7号)。`, or after the last item's quoted new
    text on the same line: `…实施处罚。”四、《X》(…)。`) whose next sentence, in this clause or the next, is an
    amendment (`删去第九条第二款`, `将第十条修改为:“…`): it amends X, as under an item heading, though the sentence
    announcing the list was lost."""
    if not _ITEM_BEFORE.search(text, 0, start):
        return False
    stop = text.find(SENTENCE_END, end)
    after = text[stop + 1 :].strip() if stop >= 0 else ""
    return opens_an_amendment(after or following)


def _cited_before(text: str, start: int, own: set[str]) -> bool:
    """A decree number its sentence rests on (`根据…条例,国务院令第460号`), that continues a list after another
    (`国务院令第709号、第710号`) or that another rule's name carries on its line (`…管理办法(总局令第16号)与…`): cited,
    not the page's own decree printed under its title (`食品生产许可管理办法 / (…总局令第16号)`)."""
    sentence = text[text.rfind(SENTENCE_END, 0, start) + 1 : start]
    line_start = text.rfind("\n", 0, start) + 1
    reach = max(line_start, start - _RULE_REACH)
    before = text[reach:start]
    rule = _RULE_BEFORE.search(before)
    bracket = reach + rule.end() - 1 if rule else start  # the `(` after the rule's name
    named = rule is not None and own_key(text[line_start:bracket]) not in own
    return bool(RESTS_ON.search(sentence) or _LISTED_AFTER.search(before) or named)


def _own_decree(reference: Reference, clause: Clause, meta: DocumentMeta) -> bool:
    """A decree or announcement number alone in the opening lines, above the first article, of a document whose
    number is not known: a rule or an announcement is printed under its title with its own (`陕西省人民政府令第1号`,
    `(2017年10月27日…令第119号公布)`, `四川省人民代表大会常务委员会公告第28号`)."""
    number = reference.number or ""
    return (
        not (reference.title or meta.doc_number)
        and clause.kind == "preamble"
        and ("令" in number or "公告" in number)
        and "第" in number
    )


def _names_itself(reference: Reference, own: set[str], own_number: str | None, effect: Effect | None) -> bool:
    """Its own number, or its own title without another number. A title it shares with a document it repeals or
    amends is that earlier document's (a notice that replaces a same-titled one of 2012; `对《X》进行修订和整合,制定了新
    的《X》`)."""
    if reference.number and own_number:
        return reference.number == own_number
    if effect is not None:
        return False
    return bool(reference.title) and own_key(reference.title) in own
