"""Ingest source files: load -> clean -> detect metadata -> chunk. Problems are reported, never dropped."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from search.config import Settings
from search.errors import IngestError
from search.ingest.chunking import chunk_document
from search.ingest.cleaning import clean_text
from search.ingest.loading import SUPPORTED_SUFFIXES, SourceText, is_override_file, parse_bytes, read_source
from search.ingest.metadata import apply_override, detect_metadata, read_override
from search.records import Clause, Document

log = logging.getLogger(__name__)


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{len(self.documents)} documents read, {len(self.clauses)} clauses, {len(self.skipped)} files skipped"
        if self.skipped:
            text += ": " + "; ".join(s.reason for s in self.skipped)
        return text


def doc_id_for(path: Path) -> str:
    """A stable, URL-safe id from the file name (ids are for citing, the name is not metadata)."""
    stem = path.name
    for suffix in SUPPORTED_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    safe = re.sub(r"[^0-9A-Za-z_\-\u4e00-\u9fff]+", "_", stem).strip("_")
    return safe or hashlib.sha1(path.name.encode()).hexdigest()[:12]


def source_files(paths: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """Expand directories (sorted, override files excluded); a missing path is reported, not raised."""
    files: list[Path] = []
    missing: list[Skipped] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.iterdir())
                if p.is_file() and not is_override_file(p) and not p.name.startswith(".")
            )
        elif path.exists():
            files.append(path)
        else:
            missing.append(Skipped(str(path), f"{path}: no such file or directory"))
    return files, missing


def build_document(source: SourceText) -> Document:
    cleaned = clean_text(source.text, str(source.path))
    if not cleaned.text.strip():
        raise IngestError(f"{source.path}: nothing but page debris after cleaning")
    meta = apply_override(detect_metadata(source.text, cleaned.text), read_override(source.path))
    return Document(
        doc_id=doc_id_for(source.path),
        path=str(source.path),
        text=cleaned.text,
        meta=meta,
        content_hash=hashlib.sha256(source.raw).hexdigest(),
    )


def ingest_file(path: Path, settings: Settings, raw: bytes | None = None) -> tuple[Document, list[Clause], list[str]]:
    """One file to a document and its clauses; raises IngestError with a message naming the file."""
    source = parse_bytes(path, raw) if raw is not None else read_source(path)
    document = build_document(source)
    result = chunk_document(document, settings)
    return document, result.clauses, result.warnings


def load_corpus(paths: list[Path], settings: Settings) -> Corpus:
    corpus = Corpus()
    files, missing = source_files(paths)
    corpus.skipped.extend(missing)
    seen_ids: set[str] = set()
    for path in files:
        try:
            document, clauses, warnings = ingest_file(path, settings)
        except IngestError as error:
            corpus.skipped.append(Skipped(str(path), str(error)))
            log.warning("%s", error)
            continue
        if document.doc_id in seen_ids:
            corpus.skipped.append(Skipped(str(path), f"{path}: same document id as another file ({document.doc_id})"))
            continue
        seen_ids.add(document.doc_id)
        corpus.documents.append(document)
        corpus.clauses.extend(clauses)
        corpus.warnings.extend(warnings)
        for warning in warnings:
            log.warning("%s", warning)
    return corpus
