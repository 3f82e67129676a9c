"""Uploaded files: a safe name that never overwrites, validation by ingesting the bytes, metadata corrections."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path, PurePath

from search.config import Settings
from search.errors import IngestError
from search.ingest.corpus import ingest_file
from search.ingest.formats import CONVERT_FIRST
from search.ingest.loading import OVERRIDE_SUFFIX, SUPPORTED_SUFFIXES
from search.records import Document

_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]+")
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


def free_path(directory: Path, name: str) -> Path:
    """Never overwrite: `x.txt` becomes `x-2.txt`, `x-3.txt`… when taken (keep both)."""
    candidate = directory / name
    stem, suffix = candidate.stem, candidate.suffix
    number = 2
    while candidate.exists():
        candidate = directory / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def check_upload(settings: Settings, filename: str, data: bytes) -> tuple[Path, Document, int, list[str]]:
    """Validate type, size, encoding and content; raise IngestError with a message naming the file."""
    name = safe_filename(filename)
    if Path(name).suffix.lower() in CONVERT_FIRST:
        raise IngestError(f"{filename}: {CONVERT_FIRST[Path(name).suffix.lower()]}")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise IngestError(f"{filename}: unsupported file type (supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    if len(data) > settings.max_upload_bytes:
        raise IngestError(
            f"{filename}: {len(data) / 2**20:.1f} MiB is over the {settings.max_upload_bytes / 2**20:.0f} MiB limit"
        )
    target = free_path(settings.corpus_dir, name)
    document, clauses, warnings = ingest_file(target, settings, PurePath(target.name), raw=data)
    return target, document, len(clauses), warnings


def save_override(document_path: Path, **fields: str | None) -> Path:
    """Record corrected metadata (e.g. city, title) beside the document; detection is kept for the rest."""
    override = document_path.with_name(document_path.name + OVERRIDE_SUFFIX)
    values = json.loads(override.read_text(encoding="utf-8")) if override.exists() else {}
    values.update({k: v for k, v in fields.items() if v})
    override.write_text(json.dumps(values, ensure_ascii=False, indent=1), encoding="utf-8")
    return override


def save_upload(path: Path, data: bytes) -> None:
    """Write the file whole or not at all: a reader of the corpus never sees half an upload."""
    tmp = path.with_name(f".{path.name}.partial")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
