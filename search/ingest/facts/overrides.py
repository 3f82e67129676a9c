"""`<file>.meta.json` beside a document: metadata a person states (a correction, a status, an upload's mark),
which replaces what detection found. Every key is checked for its type and length before it is used or saved,
so a wrong override is a one-line error naming its file, never a crash later in the build.
"""

from __future__ import annotations

import json
import re
import typing
from dataclasses import dataclass, fields
from pathlib import Path

from search.errors import IngestError
from search.ingest.dates import iso_date
from search.ingest.facts.gazetteer import city_provinces, province_names
from search.ingest.facts.metadata import normalise_doc_number
from search.ingest.files.loading import OVERRIDE_SUFFIX
from search.records import MAX_NAME_CHARS, MAX_TITLE_CHARS, Document, DocumentMeta
from search.validity_rules import STATUSES

# Links to another document of the library, by its id or its 发文字号; checked once the library is read.
LINK_FIELDS = ("repealed_by", "amended_by")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PLAN_PERIOD = re.compile(r"(19|20)\d{2}-(19|20)\d{2}")
MAX_TEXT_CHARS = 200  # any other text field: an issuer, a document number
MAX_LIST_ITEMS = 50
_NAME_FIELDS = {"city", "province", "district", "doc_type"}
_DATE_FIELDS = {"date_written", "date_issued", "date_published", "effective_date", "valid_until", "uploaded"}


@dataclass(frozen=True)
class _Rule:
    kind: type
    max_chars: int = MAX_TEXT_CHARS
    choices: tuple[str, ...] = ()


def _rules() -> dict[str, _Rule]:
    """One rule per field of DocumentMeta, from its type: text, a whole number, true or false, or a list of texts."""
    hints = typing.get_type_hints(DocumentMeta)
    rules: dict[str, _Rule] = {}
    for field in fields(DocumentMeta):
        kind = _kind(hints[field.name])
        max_chars = MAX_TITLE_CHARS if field.name == "title" else MAX_NAME_CHARS if field.name in _NAME_FIELDS else 0
        rules[field.name] = _Rule(kind, max_chars or MAX_TEXT_CHARS)
    rules["status"] = _Rule(str, choices=STATUSES)
    rules["trial"] = _Rule(str, choices=("试行", "暂行"))
    return rules


def _kind(hint: object) -> type:
    if typing.get_origin(hint) is list:
        return list
    if hint is bool:
        return bool
    return int if int in typing.get_args(hint) else str


RULES = _rules()


# The names `documents` prints, accepted for the fields they show (the old names stay accepted).
ALIASES = {"number": "doc_number", "issued": "date_written", "effective": "effective_date", "expires": "valid_until"}


def override_path(path: Path) -> Path:
    return path.with_name(path.name + OVERRIDE_SUFFIX)


def read_override(path: Path) -> dict:
    """The override beside `path` (empty when there is none), checked; IngestError naming the file otherwise."""
    override = override_path(path)
    if not override.exists():
        return {}
    try:
        values = json.loads(override.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IngestError(f"{override}: not a valid JSON override ({error})") from None
    if isinstance(values, dict):
        values = {ALIASES.get(name, name): value for name, value in values.items()}
    problem = override_problem(values)
    if problem:
        raise IngestError(f"{override}: {problem}")
    return values


def override_problem(values: object) -> str | None:
    """What is wrong with an override's values, in a few words; None when every key is known and well formed."""
    if not isinstance(values, dict):
        return "not a JSON object of fields"
    unknown = set(values) - set(RULES)
    if unknown:
        return f"unknown field(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(RULES))}"
    for name, value in values.items():
        problem = _value_problem(name, value, RULES[name])
        if problem:
            return problem
    return _place_problem(values.get("province"), values.get("city"))


def _place_problem(province: str | None, city: str | None) -> str | None:
    """A province must be one (short name, or 全国); a city, when the province is stated too, must lie in it."""
    if province is None:
        return None
    if province not in province_names():
        return f"unknown province {_shown(province)}: give its short name, e.g. 湖北 (or 全国 for a national document)"
    if city is not None and city_provinces(city) and province not in city_provinces(city):
        return f"city {_shown(city)} is not in province {_shown(province)}"
    return None


def _value_problem(name: str, value: object, rule: _Rule) -> str | None:
    if rule.kind is bool:
        return None if isinstance(value, bool) else f"{name} must be true or false, not {_shown(value)}"
    if value is None:
        return None
    if rule.kind is int:
        if name == "valid_years" and not (isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 100):
            return f"valid_years must be a number of years, not {_shown(value)}"
        return None
    if rule.kind is list:
        if name == "repeals" and not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
            return f"repeals must be a list of titles or document numbers, not {_shown(value)}"
        if len(value) > MAX_LIST_ITEMS:
            return f"{name} lists {len(value)} items, more than {MAX_LIST_ITEMS}"
        return next((p for item in value if (p := _text_problem(name, item, MAX_TITLE_CHARS))), None)
    if not isinstance(value, str):
        return f"{name} must be text, not {_shown(value)}"
    if rule.choices and value not in rule.choices:
        return f"{name} must be one of {', '.join(rule.choices)}, not {_shown(value)}"
    if name in _DATE_FIELDS and not iso_date(value):
        return f"{name} must be a date like 2021-04-02 or 2021年4月2日, not {_shown(value)}"
    if name == "plan_period" and not _PLAN_PERIOD.fullmatch(value):
        return f"plan_period must be two years like 2022-2025, not {_shown(value)}"
    return _text_problem(name, value, rule.max_chars)


def _text_problem(name: str, value: str, max_chars: int) -> str | None:
    if not value.strip():
        return f"{name} is empty"
    if len(value) > max_chars:
        return f"{name} has {len(value):,} characters, more than {max_chars}"
    if _CONTROL.search(value):
        return f"{name} contains a line break or control character"
    return None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def stated_target(value: str, documents: list[Document]) -> str | None:
    """The document a link names, by its id, else by its 发文字号 in any brackets; None when none does."""
    if any(d.doc_id == value for d in documents):
        return value
    number = normalise_doc_number(value)
    return next((d.doc_id for d in documents if number and d.meta.doc_number == number), None)


def link_problems(documents: list[Document]) -> dict[str, str]:
    """Per document whose override links to no document of `documents` (or to itself), what is wrong, naming
    its override file. A document refused for this is no target either, so the check runs until none is left."""
    problems: dict[str, str] = {}
    while True:
        kept = [d for d in documents if d.doc_id not in problems]
        found = {}
        for document in kept:
            for name in LINK_FIELDS:
                value = getattr(document.meta, name)
                target = stated_target(value, kept) if value else None
                if value and target is None:
                    found[document.doc_id] = (
                        f"{override_path(Path(document.path))}: {name} {_shown(value)} is no document of the library "
                        "(give its id, as `documents` lists it, or its 发文字号)"
                    )
                elif value and target == document.doc_id:
                    found[document.doc_id] = f"{override_path(Path(document.path))}: {name} names the document itself"
        if not found:
            return problems
        problems |= found


def apply_override(meta: DocumentMeta, values: dict) -> DocumentMeta:
    """`meta` with the override's values; a title set by hand is the page's own, whatever its lead reported."""
    for name, value in values.items():
        setattr(meta, name, value)
    if "title" in values and "reported" not in values:
        meta.reported = False
    return meta


def save_override(document_path: Path, **changes: str | None) -> Path:
    """Merge `changes` (e.g. a corrected city and title) into the document's override and write it whole;
    blank values leave a field as it was. IngestError, with nothing written, when a value is not acceptable."""
    override = override_path(document_path)
    values = read_override(document_path)
    values.update({name: value for name, value in changes.items() if value})
    problem = override_problem(values)
    if problem:
        raise IngestError(f"{document_path.name}: {problem}")
    tmp = override.with_name(f".{override.name}.partial")
    tmp.write_text(json.dumps(values, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(override)
    return override
