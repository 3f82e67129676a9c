"""The search box's operators, as drafters type them in policy databases: `"exact phrase"`, `-word`, `A | B` (or
`A OR B`) and field prefixes (`city:上海 province:湖北 type:方案 year:2020..2023 doc:ID`).

Read before anything else into plain lists: what every hit must contain, must not contain or must contain one of,
the filters the fields name, and the free words left to rank. Odd input is no error: an unbalanced quote is read
as a character and noted, so a mistyped operator shows in how the query was read. Only a year that is no year
(`year:abc`) is refused.

    "保税维修" -飞机 city:上海    phrase 保税维修, excluding 飞机, in 上海's documents
    2020-2025 跨境-电商          no operator: a `-` inside a word or a range is part of it
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.errors import UnknownFilterError
from search.ingest.facts.gazetteer import short_province
from search.normalize import fold_width, normalize
from search.records import Filters

FIELDS = ("city", "province", "type", "year", "doc")
# Each opening quote and its closing one; full-width ＂ is folded to " first.
_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』"}
_CLOSING = frozenset(_QUOTES.values()) - {'"'}
_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.S)
# year:2022, year:2020..2023 (or 2020-2023, 2020–2023, 2020~2023, 2020至2023), year:2020.. and year:..2023
_YEARS = re.compile(r"(\d{4})?(?:\s*(?:\.\.|-|–|—|~|至)\s*(\d{4})?)?")
_SPACES = re.compile(r"\s+")

UNBALANCED = "unbalanced quote {quote} read as a character (引号未配对，按字符处理)"
NESTED = "quotes inside a phrase are part of it: {phrase} (短语中的引号按字符匹配)"
EMPTY_PHRASE = "empty quotes ignored (空引号已忽略)"
DANGLING_OR = "OR or | needs a term on each side; ignored (“或”两边须有检索词)"
NO_VALUE = "{name}: has no value; ignored ({name}: 后缺少取值)"
NOT_A_FIELD = "{name}: is not a field ({fields}); read as words ({name}: 不是字段，按检索词处理)"
EXCLUDED_FIELD = "-{name}: cannot exclude; use {name}: to restrict, or the filters (字段不能排除)"
FIELD_ALTERNATIVE = "{name}:{value} applies to every hit, not as one alternative (字段不作为“或”的一项)"
EXCLUDED_ALTERNATIVE = "-{value} excludes from every hit, not as one alternative (排除项不作为“或”的一项)"
BACKWARDS = "year:{value} runs backwards; read as year:{start}..{end}"


@dataclass
class QuerySyntax:
    """A query as read: its constraints (phrases and terms normalised, so 保稅維修 is 保税维修; matched without their
    spaces) and its text."""

    text: str  # the free words, as typed: what is left when operators and fields are taken out
    ranked: str  # what the hybrid ranks: an operator-free query as typed, else its free, phrase and alternative words
    phrases: list[str] = field(default_factory=list)  # every hit holds each
    excluded: list[str] = field(default_factory=list)  # no hit holds any
    any_of: list[list[str]] = field(default_factory=list)  # every hit holds one term of each group
    fields: dict[str, list[str]] = field(default_factory=dict)  # field -> values as applied (湖北省 -> 湖北)
    notes: list[str] = field(default_factory=list)  # how odd input was read: an unbalanced quote, a dangling OR
    field_filters: Filters = field(default_factory=Filters)  # the fields as filters (year: a date range)

    @property
    def constrained(self) -> bool:
        return bool(self.phrases or self.excluded or self.any_of or self.fields)

    @property
    def only_constraints(self) -> bool:
        """No free word to rank by: the matching clauses are listed by date."""
        return self.constrained and not self.text

    def to_json(self) -> dict:
        return {
            "phrases": self.phrases,
            "excluded": self.excluded,
            "any_of": self.any_of,
            "fields": self.fields,
            "text": self.text,
            "notes": self.notes,
        }


@dataclass
class _Piece:
    kind: str  # word, phrase, field, or (| and OR), space
    value: str = ""
    negated: bool = False
    role: str = "free"  # free, phrase, alternative, excluded, field or dropped, once read


def parse_syntax(raw: str) -> QuerySyntax:
    """The query's operators and free text; UnknownFilterError for a year that is no year."""
    notes: list[str] = []
    pieces = _fields(_or_words(_pieces(fold_width(raw or ""), notes)), notes)
    syntax = QuerySyntax(text="", ranked="", notes=notes)
    for group in _groups(pieces, notes):
        _read_group(group, syntax)
    _read_fields(pieces, syntax)
    free = [p.value for p in pieces if p.role == "free" and p.kind == "word"]
    syntax.text = " ".join(free)
    if syntax.constrained or any(p.role == "dropped" for p in pieces):
        kept = ("free", "phrase", "alternative")
        ranked = "".join(p.value if p.role in kept and p.kind in ("word", "phrase") else " " for p in pieces)
        syntax.ranked = _SPACES.sub(" ", ranked).strip()
    else:
        syntax.ranked, syntax.text = raw, _SPACES.sub(" ", raw or "").strip()
    syntax.notes[:] = list(dict.fromkeys(notes))
    return syntax


def _pieces(query: str, notes: list[str]) -> list[_Piece]:
    """Words, quoted phrases, `|` and spaces; a `-` opening a word or a phrase marks it excluded."""
    pieces: list[_Piece] = []
    word: list[str] = []

    def end_word() -> None:
        if not word:
            return
        value = "".join(word)
        opens_term = not pieces or pieces[-1].kind in ("space", "or")
        negated = opens_term and len(value) > 1 and value[0] == "-" and value[1] != "-"
        pieces.append(_Piece("word", value[1:] if negated else value, negated))
        word.clear()

    position = 0
    while position < len(query):
        char = query[position]
        closing = _closing(query, position) if char in _QUOTES else None
        if char.isspace() or char == "|":
            end_word()
            pieces.append(_Piece("space" if char.isspace() else "or"))
            position += 1
        elif closing is not None:
            negated = word == ["-"] and (not pieces or pieces[-1].kind in ("space", "or"))
            if negated:
                word.clear()
            end_word()
            pieces.append(_Piece("phrase", query[position + 1 : closing], negated))
            position = closing + 1
        else:
            if char in _QUOTES or char in _CLOSING:
                notes.append(UNBALANCED.format(quote=char))
            word.append(char)
            position += 1
    end_word()
    return pieces


def _closing(query: str, start: int) -> int | None:
    """Where the quote opened at `start` closes; a curly or corner quote opened again inside nests, so
    `“纳入“单一窗口”试点”` is one phrase. None when it never closes."""
    opening = query[start]
    closing = _QUOTES[opening]
    depth = 1
    for position in range(start + 1, len(query)):
        char = query[position]
        if char == closing:
            depth -= 1
            if not depth:
                return position
        elif char == opening:
            depth += 1
    return None


def _or_words(pieces: list[_Piece]) -> list[_Piece]:
    """`OR` in capitals standing alone is the operator; a lowercase `or` is a word."""
    for n, piece in enumerate(pieces):
        alone = (n == 0 or pieces[n - 1].kind == "space") and (n + 1 == len(pieces) or pieces[n + 1].kind == "space")
        if piece.kind == "word" and piece.value == "OR" and not piece.negated and alone:
            piece.kind = "or"
    return pieces


def _fields(pieces: list[_Piece], notes: list[str]) -> list[_Piece]:
    """`city:上海`, and `doc:"a title"` with its value quoted; an unknown name (`cty:上海`) stays words, noted."""
    out: list[_Piece] = []
    for n, piece in enumerate(pieces):
        before = out[-1] if out else None
        if piece.kind == "phrase" and before is not None and before.kind == "field" and before.value.endswith(":"):
            before.value += piece.value  # the quoted value of the field it follows: doc:"a title"
            continue
        match = _FIELD.fullmatch(piece.value) if piece.kind == "word" else None
        if match is None:
            out.append(piece)
            continue
        name, value = match.group(1).lower(), match.group(2)
        if name not in FIELDS:
            if value and not value.startswith("//"):  # not a link's http://
                notes.append(NOT_A_FIELD.format(name=match.group(1), fields=", ".join(FIELDS)))
            out.append(piece)
            continue
        quoted = not value and n + 1 < len(pieces) and pieces[n + 1].kind == "phrase"
        if piece.negated:
            notes.append(EXCLUDED_FIELD.format(name=name))
        elif not (value or quoted):
            notes.append(NO_VALUE.format(name=name))
        role = "field" if (value or quoted) and not piece.negated else "dropped"
        out.append(_Piece("field", f"{name}:{value}", role=role))
    return out


def _groups(pieces: list[_Piece], notes: list[str]) -> list[list[_Piece]]:
    """Terms joined by OR or `|` into one group; every other term a group of its own."""
    groups: list[list[_Piece]] = []
    joining: _Piece | None = None  # the OR waiting for its right-hand term
    for piece in pieces:
        if piece.kind == "space":
            continue
        if piece.kind == "or":  # `||` and `| OR` join as one
            if not groups:
                notes.append(DANGLING_OR)
                piece.role = "dropped"
            joining = piece if groups else None
            continue
        if joining is not None:
            groups[-1].append(piece)
        else:
            groups.append([piece])
        joining = None
    if joining is not None:
        notes.append(DANGLING_OR)
        joining.role = "dropped"
    return groups


def _read_group(group: list[_Piece], syntax: QuerySyntax) -> None:
    """One term, or alternatives: each operand a word or a phrase (a field or an exclusion stands on its own)."""
    operands = []
    for piece in group:
        if piece.kind == "field":
            if len(group) > 1 and piece.role == "field":
                name, value = piece.value.split(":", 1)
                syntax.notes.append(FIELD_ALTERNATIVE.format(name=name, value=value))
        elif piece.negated:
            piece.role = "excluded"
            term = normalize(piece.value)
            if len(group) > 1:
                syntax.notes.append(EXCLUDED_ALTERNATIVE.format(value=piece.value))
            if term and term not in syntax.excluded:
                syntax.excluded.append(term)
        else:
            operands.append(piece)
    if len(operands) == 1 and operands[0].kind == "word":
        return  # a free word, ranked
    terms = [_term(piece, syntax) for piece in operands]
    if len(operands) == 1:
        if terms[0] and terms[0] not in syntax.phrases:
            syntax.phrases.append(terms[0])
        return
    for piece in operands:
        piece.role = "alternative"
    alternatives = list(dict.fromkeys(t for t in terms if t))
    if len(alternatives) > 1:
        syntax.any_of.append(alternatives)
    elif alternatives and alternatives[0] not in syntax.phrases:
        syntax.phrases.append(alternatives[0])


def _term(piece: _Piece, syntax: QuerySyntax) -> str:
    """A phrase or an alternative, normalised; quotes nested inside a phrase are matched as written."""
    if piece.kind == "phrase":
        piece.role = "phrase"
        if any(q in piece.value for q in (*_QUOTES, *_CLOSING)):
            syntax.notes.append(NESTED.format(phrase=piece.value))
    term = normalize(piece.value)
    if not term:
        piece.role = "dropped"
        syntax.notes.append(EMPTY_PHRASE)
    return term


def _read_fields(pieces: list[_Piece], syntax: QuerySyntax) -> None:
    """The fields as applied, and as filters: city, province (湖北省 read as 湖北), type, doc, year."""
    filters = syntax.field_filters
    for piece in pieces:
        if piece.kind != "field" or piece.role != "field":
            continue
        name, value = piece.value.split(":", 1)
        value = value.strip()
        if name == "year":
            start, end = _years(value, syntax.notes)
            filters.date_from = max(filter(None, [filters.date_from, start]), default=None)
            filters.date_to = min(filter(None, [filters.date_to, end]), default=None)
        elif name == "doc":
            filters.documents.append(value)
        else:
            value = normalize(value)
            if name == "province":
                value = short_province(value)
            {"city": filters.cities, "province": filters.provinces, "type": filters.doc_types}[name].append(value)
        values = syntax.fields.setdefault(name, [])
        if value not in values:
            values.append(value)


def _years(value: str, notes: list[str]) -> tuple[str | None, str | None]:
    """`2022` -> 2022-01-01..2022-12-31; `2020..2023`; an open end (`2020..`) stays open."""
    match = _YEARS.fullmatch(value)
    if not value or match is None or not (match.group(1) or match.group(2)):
        raise UnknownFilterError(
            f"year:{value} is no year: write a year or a range of years, e.g. year:2022 or year:2020..2023"
        )
    first, last = match.group(1), match.group(2)
    ranged = match.group(0) != (first or "")
    if not ranged:
        last = first
    if first and last and first > last:
        notes.append(BACKWARDS.format(value=value, start=last, end=first))
        first, last = last, first
    return (f"{first}-01-01" if first else None), (f"{last}-12-31" if last else None)
