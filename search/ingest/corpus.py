"""Ingest source files: load -> clean -> detect metadata -> chunk. Problems are reported, never dropped."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from search.config import Settings
from search.errors import IngestError
from search.ingest.chunking import chunk_document
from search.ingest.cleaning import clean_text
from search.ingest.folders import Skipped, scan
from search.ingest.loading import SUPPORTED_SUFFIXES, SourceText, parse_bytes, read_bytes, read_source
from search.ingest.metadata import apply_override, detect_metadata, override_path, read_override
from search.records import Clause, Document

log = logging.getLogger(__name__)

# Given a document id and the hash of its sources, the document and clauses ingested from the same sources
# before (an incremental build's previous index), or None to ingest the file.
Reuse = Callable[[str, str], tuple[Document, list[Clause]] | None]


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


def doc_id_for(relative: PurePath) -> str:
    """A stable, URL-safe id from the file's path in the corpus (ids are for citing, the name is not metadata).

    A top-level file keeps the id of its name alone (`000_0f547d556893953a`), as before folders were read, so
    existing indexes keep their ids. In a sub-folder the folders come first, joined by dots, which the id of a
    name never contains: `广东/广州/a.txt` -> `广东.广州.a` clashes neither with `江苏/南京/a.txt` nor with `a.txt`.
    """
    *folders, name = relative.parts
    stem = name
    for suffix in SUPPORTED_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return ".".join([*(_id_part(folder, folder) for folder in folders), _id_part(stem, name)])


def _id_part(text: str, name: str) -> str:
    safe = re.sub(r"[^0-9A-Za-z_\-\u4e00-\u9fff]+", "_", text).strip("_")
    return safe or hashlib.sha1(name.encode()).hexdigest()[:12]


def source_hash(path: Path, raw: bytes) -> str:
    """What a document is made from: the file's bytes and its metadata override, if any."""
    digest = hashlib.sha256(raw)
    override = override_path(path)
    try:
        digest.update(b"\0override\0" + override.read_bytes())
    except FileNotFoundError:
        pass
    except OSError as error:  # ingesting the file will say what is wrong with its override
        digest.update(f"\0unreadable override: {error}".encode())
    return digest.hexdigest()


def build_document(source: SourceText, relative: PurePath) -> Document:
    cleaned = clean_text(source.text, str(source.path))
    if not cleaned.text.strip():
        raise IngestError(f"{source.path}: nothing but page debris after cleaning")
    meta = apply_override(detect_metadata(source.text, cleaned.text), read_override(source.path))
    return Document(
        doc_id=doc_id_for(relative),
        path=str(source.path),
        text=cleaned.text,
        meta=meta,
        content_hash=source_hash(source.path, source.raw),
    )


def ingest_file(
    path: Path, settings: Settings, relative: PurePath, raw: bytes | None = None
) -> tuple[Document, list[Clause], list[str]]:
    """One file (`relative` to the corpus folder) to a document and its clauses; IngestError names the file."""
    source = parse_bytes(path, raw) if raw is not None else read_source(path, settings.max_document_bytes)
    document = build_document(source, relative)
    result = chunk_document(document, settings)
    return document, result.clauses, result.warnings


def load_corpus(paths: list[Path], settings: Settings, reuse: Reuse | None = None) -> Corpus:
    """Ingest every supported file under `paths`; a file `reuse` already knows (same id, same sources) is only
    read and hashed, not decoded, cleaned and chunked again."""
    corpus = Corpus()
    found = scan(paths, settings.corpus_dir)
    corpus.skipped.extend(found.skipped)
    seen_ids: set[str] = set()
    for source_file in found.files:
        path = source_file.path
        try:
            if reuse is None:
                document, clauses, warnings = ingest_file(path, settings, source_file.relative)
            else:
                raw = read_bytes(path, settings.max_document_bytes)
                earlier = reuse(doc_id_for(source_file.relative), source_hash(path, raw))
                if earlier is None:
                    document, clauses, warnings = ingest_file(path, settings, source_file.relative, raw)
                else:
                    (document, clauses), warnings = earlier, []
        except IngestError as error:
            corpus.skipped.append(Skipped(str(path), str(error)))
            log.warning("%s", error)
            continue
        except Exception as error:  # a defect met by one odd file must not stop a library's build
            log.exception("%s: ingesting failed", path)
            reason = f"{path}: could not be processed ({type(error).__name__}: {error}); please report this file"
            corpus.skipped.append(Skipped(str(path), reason))
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
