"""A draft read exactly as an upload is (type, size, format, decoding, cleaning, chunking), and then held to what a
draft check needs: several sentences and at most `max_draft_clauses` clauses. Nothing is written."""

from __future__ import annotations

from dataclasses import dataclass

from search.config import Settings
from search.errors import IngestError
from search.ingest.uploads import check_upload
from search.normalize import compact, printable
from search.records import Clause, Document
from search.sentences import sentence_spans

PASTED = "draft.txt"  # the name a pasted draft is read under


class DraftError(IngestError):
    """The draft cannot be checked as it is (empty, one sentence, too long); the message says what to do."""


@dataclass
class Draft:
    """The draft as a library document would be: its document record and its clauses, the title line left out."""

    document: Document
    clauses: list[Clause]
    warnings: list[str]


def read_draft(settings: Settings, data: bytes | str, filename: str = PASTED) -> Draft:
    """Pasted text (str) or a file's bytes, read through the upload checks; DraftError or IngestError naming the
    file when it cannot be checked."""
    shown = printable(filename)
    if isinstance(data, str):
        if not data.strip():
            raise DraftError("the draft is empty: paste its text or choose a file (txt, docx or pdf)")
        data = data.encode("utf-8")
    _, document, clauses, warnings = check_upload(settings, shown, data)
    title = compact(document.meta.title or "")
    checked = [c for c in clauses if not title or compact(c.text) != title]
    if len(sentence_spans(document.text)) < 2 or not checked:
        raise DraftError(
            f"{shown}: the draft is a single sentence; a draft check reads a policy clause by clause "
            "(to look for one provision, search for it)"
        )
    if len(checked) > settings.max_draft_clauses:
        raise DraftError(
            f"{shown}: {len(checked)} clauses, over the limit of {settings.max_draft_clauses} for one draft check "
            "(max_draft_clauses); check it in parts"
        )
    return Draft(document, checked, warnings)
