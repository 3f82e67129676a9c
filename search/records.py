"""Plain records passed between pipeline stages: Document, Clause, Filters, Validity, Hit, Answer, UploadOutcome."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

# The longest title and place name a person may state (a `.meta.json` override, the app's correction form): the
# longest title in the bundled and real-page sets has 60 characters, the longest prefecture name 10.
MAX_TITLE_CHARS = 200
MAX_NAME_CHARS = 20


@dataclass
class DocumentMeta:
    """What a document says about itself; a field the text does not state stays None."""

    city: str | None = None  # short: 深圳 (an autonomous prefecture whole); None for a provincial or national document
    title: str | None = None
    # The title is the document a news lead or an explainer reports (`…印发了《X》。`), not a heading the page prints:
    # the page is a report on X, not X, so it cites X and is no citation's target.
    reported: bool = False
    province: str | None = None  # short: 广东; 全国 for a national document; 北京 is province and city
    district: str | None = None  # in full: 南山区, 义乌市 (a county-level city under its prefecture)
    issuer: str | None = None
    doc_number: str | None = None
    date_written: str | None = None
    date_issued: str | None = None
    date_published: str | None = None
    doc_type: str | None = None
    # Validity as the text states it (`ingest/facts/validity.py`); `status` is never detected, only set by an override.
    effective_date: str | None = None  # ISO: 自2021年1月1日起施行, or 自印发之日起施行 with a known issue date
    valid_until: str | None = None  # ISO: 有效期至2025年12月31日, or 有效期5年 counted from the effective date
    valid_years: int | None = None  # 有效期5年, kept when the effective date is unknown
    trial: str | None = None  # 试行 or 暂行
    plan_period: str | None = None  # `2022-2025`: the period a plan's title names
    status: str | None = None  # one of `validity_rules.STATUSES`, from a `.meta.json` override only
    # From a `.meta.json` override only: links the text does not state (what it states is in its references).
    repeals: list[str] = field(default_factory=list)  # titles or numbers of documents it repeals
    repealed_by: str | None = None  # a document of the library that repeals this one: its id or number
    amended_by: str | None = None  # a document of the library that amends this one: its id or number
    uploaded: str | None = None  # when a visitor added it through the app (ISO), from its override: not a city's own

    @property
    def date(self) -> str | None:
        """The date it was issued (印发), else written, else published: what "自印发之日起施行" counts from."""
        return self.date_issued or self.date_written or self.date_published

    @property
    def dated(self) -> str | None:
        """The date the document bears: written (成文日期, or under its signature), else issued, else published."""
        return self.date_written or self.date_issued or self.date_published


class Effect(StrEnum):
    """What a citing sentence does to the document it cites, when it does more than name it."""

    REPEALS = "repeals"  # 原《X》同时废止, 《X》停止执行
    REPEALS_PART = "repeals_part"  # 《X》第五条同时废止: the rest stays in force
    AMENDS = "amends"  # 将《X》第五条修改为…, 对《X》作如下修改, 关于修改《X》的决定


class Doubt(StrEnum):
    """Why a name found in a text may not be a citation of another document. Each is a kind of text where the
    held-out hand checks found most wrong rows (docs/lineage.md): such a mention is shown, marked, and links nothing."""

    NOT_A_DOCUMENT_TYPE = "not_a_document_type"  # 《门前五包》, 《蜀川胜概图》: no genre word ends the title
    CARRIED_IN_FULL = "carried_in_full"  # the page prints the text under that title: it may be the page's own
    NEAR_OWN_TITLE = "near_own_title"  # the page's title in other words (a headline without 关于, a misprint)
    NUMBER_AT_HEAD = "number_at_head"  # a number alone above the body, where a page prints its own
    NUMBER_ON_OWN_LINE = "number_on_own_line"  # alone on its line, in a dateline, before the addressees
    NUMBER_WITHOUT_ISSUER = "number_without_issuer"  # 省政府令第6号: whose province, which year?
    DATED_LINE = "dated_line"  # 2010.10.13《X》…号 alone on its line: a page's heading or a list of links
    UNDER_AN_ACT = "under_an_act"  # an item of a list that repeals or amends, with no effect read for it
    TO_BE_MADE = "to_be_made"  # 立法项目…包括《X》, 拟制定《X》: a document planned, not made


@dataclass(slots=True)
class Reference:
    """One citation of another document, as written: its 《title》 (a 简称 stands for the title it abbreviates) and
    or its 发文字号 (brackets normalised to 〔〕), the clause it occurs in with its span there, and its effect.
    Slotted: a library of 100k clauses loads 11,000 of them with its documents."""

    title: str | None
    number: str | None
    clause_id: str | None = None  # None: from a `.meta.json` override, or outside every clause
    start: int = -1  # the span in the clause's text, -1 when unknown
    end: int = -1
    effect: Effect | None = None
    articles: str | None = None  # 第五条 of a partial repeal
    doubt: Doubt | None = None  # why it may not be another document's citation: then it links nothing

    def to_row(self) -> list:
        """The record as a JSON row (documents.json): half the bytes of an object, and read twice as fast."""
        return [self.title, self.number, self.clause_id, self.start, self.end, self.effect, self.articles, self.doubt]

    @classmethod
    def from_row(cls, row: list) -> Reference:
        title, number, clause_id, start, end, effect, articles, doubt = row
        return cls(
            title,
            number,
            clause_id,
            start,
            end,
            Effect(effect) if effect else None,
            articles,
            Doubt(doubt) if doubt else None,
        )


@dataclass
class Document:
    """A cleaned source document, ready for chunking."""

    doc_id: str
    path: str
    text: str
    meta: DocumentMeta
    content_hash: str
    references: list[Reference] = field(default_factory=list)  # the other documents it cites, in text order

    def to_json(self) -> dict:
        """The record as documents.json holds it: its citations as rows (`Reference.to_row`)."""
        record = asdict(self)
        record["references"] = [reference.to_row() for reference in self.references]
        return record

    @property
    def display_title(self) -> str:
        """The title, or an honest stand-in when the document states none."""
        if self.meta.title:
            return self.meta.title
        parts = [self.meta.city or "", self.meta.doc_type or "文件"]
        return "".join(parts) + "（原文无标题）"


@dataclass
class Clause:
    """One clause of a document: the unit that is indexed, retrieved and cited."""

    id: str
    doc_id: str
    city: str | None
    doc_title: str
    section_path: list[str]
    heading: str
    text: str
    kind: str  # clause / preamble / table / annex
    start: int
    end: int
    departments: list[str] = field(default_factory=list)
    province: str | None = None
    district: str | None = None
    part: int = 0  # >0 when an over-long clause was split at sentence boundaries
    linked_clause: str | None = None  # annex rows point at the main-text clause they repeat
    search_text: str = ""  # simplified, width-normalised, with city/title/section context

    @property
    def outline(self) -> list[str]:
        """Where the clause stands in its document: the section path, then its own heading."""
        return self.section_path + ([self.heading] if self.heading else [])

    def to_json(self) -> dict:
        record = asdict(self)
        record.pop("search_text")
        return record


@dataclass
class Filters:
    """Hard restrictions on what a search may return; shared by retrieval, answers and the URL state."""

    cities: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # doc ids or titles
    doc_types: list[str] = field(default_factory=list)
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    in_force: bool = False  # only documents whose validity status is 现行有效 on the day of the search
    provinces: list[str] = field(default_factory=list)  # short names (湖北); 湖北省 is read as 湖北

    def active(self) -> bool:
        return bool(
            self.cities
            or self.provinces
            or self.documents
            or self.doc_types
            or self.date_from
            or self.date_to
            or self.in_force
        )


class Sort(StrEnum):
    """The order of hits: by relevance, or by the date their document bears (undated last, relevance order kept
    within a day)."""

    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


@dataclass
class Validity:
    """Whether a document is in force on the day asked, and why we say so (`有效期至2025-12-31`)."""

    status: str  # one of `validity_rules.STATUSES`
    reason: str


@dataclass(frozen=True)
class LinkedDocument:
    """A document of the library as a link or a reason names it: `《title》(number)`."""

    id: str
    title: str
    number: str | None = None
    articles: str | None = None  # of a partial repeal: 第五条

    @property
    def cited_as(self) -> str:
        """`《关于修改〈X〉的决定》(合政〔2021〕7号)`: a title inside the title in 〈〉, as it is printed."""
        title = self.title.replace("《", "〈").replace("》", "〉")
        return f"《{title}》" + (f"({self.number})" if self.number else "")


@dataclass(frozen=True)
class Supersession:
    """The later documents of the library that repealed, partly repealed or amended a document: what its validity
    reads besides its own dates."""

    repealed_by: tuple[LinkedDocument, ...] = ()
    partly_repealed_by: tuple[LinkedDocument, ...] = ()
    amended_by: tuple[LinkedDocument, ...] = ()


@dataclass(frozen=True)
class CitedDocument:
    """What a document cites, once per document cited: `id` is None when the library does not hold it. `effect`
    is what the citing document does to it (repeals, in part, or amends), shown whether or not the library holds
    it: a decision amending fifty-nine rules says so even when none of them is in the library."""

    title: str | None
    number: str | None
    id: str | None
    effect: Effect | None = None


@dataclass(frozen=True)
class Mention:
    """A name a document's text gives that may not cite another document (`Doubt`): shown, never linked."""

    title: str | None
    number: str | None
    id: str | None  # the document of the library it would name
    doubt: Doubt


@dataclass
class DocumentLineage:
    """Where a document stands among the others of the library: what it cites and what cites it, what it repeals
    (in whole or in part) or amends and what repealed or amended it; every link a document id."""

    cites: list[CitedDocument] = field(default_factory=list)
    cited_by: list[str] = field(default_factory=list)
    repeals: list[str] = field(default_factory=list)
    repealed_by: list[str] = field(default_factory=list)
    repeals_part: list[str] = field(default_factory=list)
    partly_repealed_by: list[str] = field(default_factory=list)
    amends: list[str] = field(default_factory=list)
    amended_by: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Adoption:
    """One document holding a provision, for its dated lineage (`Hit.adopted`): oldest first, undated last."""

    city: str | None
    id: str  # the document's id
    date: str | None  # the date the document bears (`DocumentMeta.dated`)
    province: str | None = None  # 全国 for a national document: where one without a city was adopted


@dataclass
class Hit:
    """A ranked clause with the evidence for its rank."""

    rank: int
    score: float
    clause: Clause
    highlights: list[tuple[int, int]] = field(default_factory=list)
    also_in: list[str] = field(default_factory=list)  # other cities whose documents hold the same provision
    copy_count: int = 0  # how many other documents hold it (exact or near-identical copies)
    row: int = -1  # the clause's vector row in the index it came from (the answerer reads its vector)
    validity: Validity | None = None  # of the clause's document, on the day of the search
    uploaded: bool = False  # its document was added by a visitor through the app, not a city's published policy
    date: str | None = None  # of its document: what the date filter and the date sort read
    adopted: list[Adoption] = field(default_factory=list)  # every document holding the provision, oldest first
    reported: bool = False  # its document is a news item or explainer titled by the document it reports

    def to_json(self) -> dict:
        c = self.clause
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "id": c.id,
            "city": c.city,
            "doc_title": c.doc_title,
            "section_path": c.section_path,
            "heading": c.heading,
            "text": c.text,
            "departments": c.departments,
            "highlights": [list(span) for span in self.highlights],
            "also_in": self.also_in,
            "copies": self.copy_count,
            "validity": asdict(self.validity) if self.validity else None,
            "uploaded": self.uploaded,
            "province": c.province,
            "district": c.district,
            "date": self.date,
            "adopted": [asdict(a) for a in self.adopted],
            "reported": self.reported,
        }


@dataclass
class Citation:
    """Where a quoted sentence comes from."""

    number: int
    city: str | None
    doc_title: str
    section_path: list[str]
    clause_id: str
    validity: Validity | None = None  # of the cited document, on the day of the answer
    uploaded: bool = False  # the cited document was added by a visitor through the app
    reported: bool = False  # the cited document is a news item or explainer on the document its title names


@dataclass
class AnswerPoint:
    """One quoted sentence with the figure it states, if the question asked for one."""

    text: str
    figure: str | None
    citation: Citation
    score: float = 0.0


# How a document whose city is not stated (or not detected) is named where a city would stand.
UNKNOWN_CITY = "未识别城市"


@dataclass
class CityAnswer:
    city: str | None  # None: the cited documents state no city
    points: list[AnswerPoint]


@dataclass
class Answer:
    """An extractive answer: quotes grouped by city, or no answer at all (`no_answer` says so)."""

    question: str
    summary: str | None
    by_city: list[CityAnswer]
    citations: list[Citation]
    warnings: list[str] = field(default_factory=list)
    no_answer: str | None = None  # the message shown instead of an answer when no provision matches
    translated_query: str | None = None  # how an English question was searched in Chinese ("保税维修 支持/扶持")

    @property
    def answered(self) -> bool:
        return self.no_answer is None

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.summary,
            "no_answer": self.no_answer,
            "translated_query": self.translated_query,
            "by_city": [
                {
                    "city": group.city,
                    "points": [
                        {
                            "text": p.text,
                            "figure": p.figure,
                            "citation": p.citation.number,
                            "id": p.citation.clause_id,
                            "doc_title": p.citation.doc_title,
                            "section_path": p.citation.section_path,
                        }
                        for p in group.points
                    ],
                }
                for group in self.by_city
            ],
            "citations": [asdict(c) for c in self.citations],
        }


@dataclass
class UploadOutcome:
    """What became of one uploaded file: saved and indexed, or refused with a message naming it."""

    filename: str  # as the user named it
    ok: bool
    message: str
    saved_as: Path | None = None
    document: Document | None = None
    clause_count: int = 0


@dataclass
class IndexInfo:
    """What the loaded index is, for a person: when it was built, its size on disk, what it holds."""

    built_at: str
    size_bytes: int
    documents: int
    clauses: int


@dataclass
class DocumentSummary:
    """One line of `documents`: the facts a drafter cites a document by, its validity today and its size."""

    document: Document
    validity: Validity
    expires: str | None  # its last day in force as stated: 有效期至, else the end of a plan's period
    clauses: int
    lineage: DocumentLineage = field(default_factory=DocumentLineage)

    def to_json(self) -> dict:
        meta = self.document.meta
        return {
            "id": self.document.doc_id,
            "title": self.document.display_title,
            "city": meta.city,
            "province": meta.province,
            "district": meta.district,
            "issuer": meta.issuer,
            "number": meta.doc_number,
            "issued": meta.dated,
            "effective": meta.effective_date,
            "expires": self.expires,
            "validity": asdict(self.validity),
            "clauses": self.clauses,
            "uploaded": bool(meta.uploaded),
            "reported": meta.reported,
        } | self.lineage.to_json()


@dataclass
class DocumentPage:
    """One document as its page shows it: what it is and how it stands (its summary), its clauses, where its
    clauses cite documents of the library, and the titles of every document the page names."""

    summary: DocumentSummary
    clauses: list[Clause]
    links: dict[str, list[tuple[int, int, str]]]  # clause id -> (start, end, document id) of each resolved citation
    titles: dict[str, str]  # document id -> its display title
