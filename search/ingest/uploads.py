"""Uploaded files: a safe name that never overwrites nor shares a document id, validation by ingesting the bytes."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path, PurePath

from search.config import Settings
from search.errors import IngestError
from search.ingest.corpus import doc_id_for, ingest_file
from search.ingest.files.folders import scan
from search.ingest.files.formats import CONVERT_FIRST
from search.ingest.files.loading import SUPPORTED_SUFFIXES
from search.normalize import HAN
from search.records import Clause, Document

log = logging.getLogger(__name__)

_UNSAFE = re.compile(rf"[^\w.\-{HAN}]+")
MAX_NAME_CHARS = 100


def safe_filename(name: str) -> str:
    """`../../etc/passwd.txt` -> `passwd.txt`; `政策 文件(1).txt` -> `政策_文件_1_.txt`."""
    base = re.split(r"[\\/]", name)[-1]
    base = _UNSAFE.sub("_", base).lstrip("._") or "upload"
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem[: MAX_NAME_CHARS - len(suffix) - 1] or "upload"
    return f"{stem}.{suffix.lower()}" if suffix else stem


def free_path(directory: Path, name: str, taken_ids: set[str] | frozenset[str] = frozenset()) -> Path:
    """Never overwrite and never share a document id: `x.txt` becomes `x-2.txt`, `x-3.txt`… when `x.txt` exists
    or another file's id is already `x` (`x.md`, `x.pdf`): an upload can never shadow a document."""
    candidate = directory / name
    stem, suffix = candidate.stem, candidate.suffix
    number = 2
    while candidate.exists() or doc_id_for(PurePath(candidate.name)) in taken_ids:
        candidate = directory / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def corpus_ids(settings: Settings) -> set[str]:
    """The document ids the corpus folder's files have (sub-folders included)."""
    found = scan([settings.corpus_dir], settings.corpus_dir)
    return {doc_id_for(source.relative) for source in found.files}


def check_upload(
    settings: Settings, filename: str, data: bytes, taken_ids: set[str] | frozenset[str] = frozenset()
) -> tuple[Path, Document, list[Clause], list[str]]:
    """Validate type, size, encoding and content and choose the name it will have; IngestError naming the file,
    whatever went wrong in reading it (an upload is one visitor's file: it never fails its batch). Nothing is
    written: a draft to check is read through here too."""
    name = safe_filename(filename)
    if Path(name).suffix.lower() in CONVERT_FIRST:
        raise IngestError(f"{filename}: {CONVERT_FIRST[Path(name).suffix.lower()]}")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise IngestError(f"{filename}: unsupported file type (supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    if len(data) > settings.max_upload_bytes:
        raise IngestError(
            f"{filename}: {len(data) / 2**20:.1f} MiB is over the {settings.max_upload_bytes / 2**20:.0f} MiB limit"
        )
    target = free_path(settings.corpus_dir, name, taken_ids)
    try:
        document, clauses, warnings = ingest_file(target, settings, PurePath(target.name), raw=data)
    except IngestError as error:  # named as the visitor named it: the server's folders are none of theirs
        raise IngestError(str(error).replace(str(target), filename)) from None
    except Exception as error:  # a parser's own failure on a hostile or broken file: this file's problem alone
        log.debug("%s: reading failed", filename, exc_info=True)
        raise IngestError(f"{filename}: cannot be read ({type(error).__name__}: {error})") from None
    return target, document, clauses, warnings


def save_upload(path: Path, data: bytes) -> None:
    """Write the file whole or not at all: a reader of the corpus never sees half an upload."""
    tmp = path.with_name(f".{path.name}.partial")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
