"""Ingest source files: load -> clean -> detect metadata -> chunk. Problems are reported, never dropped."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from search.config import Settings
from search.errors import IngestError
from search.ingest.chunking.clauses import chunk_document
from search.ingest.citations.reading import find_references
from search.ingest.cleaning import clean_text, is_debris_only
from search.ingest.facts.metadata import detect_metadata
from search.ingest.facts.overrides import apply_override, link_problems, override_path, read_override
from search.ingest.facts.validity import with_validity
from search.ingest.files.file_digests import FileDigests
from search.ingest.files.folders import Skipped, SourceFile, scan
from search.ingest.files.limits import ReadLimits
from search.ingest.files.loading import SUPPORTED_SUFFIXES, SourceText, os_reason, parse_bytes, read_source
from search.normalize import HAN
from search.parallel import ordered_map, worker_count
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
    safe = re.sub(rf"[^0-9A-Za-z_\-{HAN}]+", "_", text).strip("_")
    return safe or hashlib.sha1(name.encode()).hexdigest()[:12]


def source_hash(path: Path, raw: bytes | None = None, digests: FileDigests | None = None) -> str:
    """What a document is made from: the file's bytes (given, else their digest from `digests`, which reads the
    file only when its stat changed) and its metadata override, if any."""
    file_digest = hashlib.sha256(raw).hexdigest() if raw is not None else (digests or FileDigests()).digest(path)
    digest = hashlib.sha256(file_digest.encode())
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
    if is_debris_only(cleaned.text):
        raise IngestError(
            f"{source.path}: nothing but page debris after cleaning (no sentence of text, only short lines: "
            "menus, links, titles)"
        )
    override = read_override(source.path)
    meta = apply_override(detect_metadata(source.text, cleaned.with_closing), override)
    meta = with_validity(meta, cleaned.with_closing, overridden=override.keys())
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
    limits = ReadLimits.of(settings)
    source = (
        parse_bytes(path, raw, limits) if raw is not None else read_source(path, settings.max_document_bytes, limits)
    )
    document = build_document(source, relative)
    result = chunk_document(document, settings)
    document.references = find_references(result.clauses, document.meta)
    return document, result.clauses, result.warnings


# One file's outcome: its document, clauses and warnings, or why it was skipped.
Outcome = tuple[Document, list[Clause], list[str]] | Skipped
MIN_FILES_FOR_WORKERS = 16  # below this, spawning worker processes costs more than it saves
ProgressFn = Callable[[int, int], None]


def load_corpus(
    paths: list[Path],
    settings: Settings,
    reuse: Reuse | None = None,
    progress: ProgressFn | None = None,
    digests: FileDigests | None = None,
    incumbents: Mapping[str, str] | None = None,
) -> Corpus:
    """Ingest every supported file under `paths`, on every core (`settings.build_workers`); a file `reuse`
    already knows (same id, same sources) is not decoded, cleaned and chunked again, and not even read when
    `digests` remembers it by its stat. Of files sharing an id, the one `incumbents` (id -> path, from the
    index) names keeps it and the others are skipped (see `id_conflicts`)."""
    corpus = Corpus()
    found = scan(paths, settings.corpus_dir)
    corpus.skipped.extend(found.skipped)
    report = progress or (lambda done, total: None)
    outcomes: list[Outcome | None] = [None] * len(found.files)
    todo: list[tuple[int, tuple[Path, PurePath, bytes | None, Settings]]] = []
    for n, source_file in enumerate(found.files):
        path, relative = source_file.path, source_file.relative
        if reuse is None:
            todo.append((n, (path, relative, None, settings)))
            continue
        try:
            source = source_hash(path, digests=digests)
        except OSError as error:
            outcomes[n] = Skipped(str(path), f"{path}: cannot read ({os_reason(error)})")
            continue
        earlier = reuse(doc_id_for(relative), source)
        if earlier is None:
            todo.append((n, (path, relative, None, settings)))  # read again by its worker: never all at once
        else:
            outcomes[n] = (*earlier, [])
    done = len(found.files) - len(todo)
    report(done, len(found.files))
    jobs = [job for _, job in todo]
    for (n, _), outcome in zip(
        todo, ordered_map(_ingest, jobs, worker_count(settings.build_workers), MIN_FILES_FOR_WORKERS), strict=True
    ):
        outcomes[n] = outcome
        done += 1
        report(done, len(found.files))
    shadowed = id_conflicts(found.files, incumbents or {})
    for source_file, outcome in zip(found.files, outcomes, strict=True):
        if source_file.path in shadowed:
            outcome = shadowed[source_file.path]
        if isinstance(outcome, Skipped):
            corpus.skipped.append(outcome)
            log.warning("%s", outcome.reason)
            continue
        document, clauses, warnings = outcome
        corpus.documents.append(document)
        corpus.clauses.extend(clauses)
        corpus.warnings.extend(warnings)
        for warning in warnings:
            log.warning("%s", warning)
    _refuse_unknown_links(corpus)
    return corpus


def _refuse_unknown_links(corpus: Corpus) -> None:
    """A document whose override links to no document of the library is skipped with its reason, as any other
    wrong override is: a link the drafter states must lead somewhere."""
    problems = link_problems(corpus.documents)
    if not problems:
        return
    for document in corpus.documents:
        if document.doc_id in problems:
            corpus.skipped.append(Skipped(document.path, problems[document.doc_id]))
            log.warning("%s", problems[document.doc_id])
    corpus.documents = [d for d in corpus.documents if d.doc_id not in problems]
    corpus.clauses = [c for c in corpus.clauses if c.doc_id not in problems]


def id_conflicts(files: list[SourceFile], incumbents: Mapping[str, str]) -> dict[Path, Skipped]:
    """The files to skip because another file has their document id (`x.md` beside `x.txt`), each naming both.
    The file that held the id in the index (`incumbents`: id -> path) keeps it, else the first in path order: a
    newcomer never takes an indexed document's place, and ids never change. Files are compared by name (two
    files of one id lie in one folder), so a corpus moved since it was indexed keeps its incumbents."""
    by_id: dict[str, list[SourceFile]] = {}
    for source_file in files:
        by_id.setdefault(doc_id_for(source_file.relative), []).append(source_file)
    skipped: dict[Path, Skipped] = {}
    for doc_id, sharing in by_id.items():
        if len(sharing) < 2:
            continue
        incumbent = Path(incumbents.get(doc_id, "")).name
        keeper = next((f for f in sharing if f.path.name == incumbent), sharing[0])
        for other in sharing:
            if other is not keeper:
                reason = (
                    f"{other.path}: same document id ({doc_id}) as {keeper.path}, which keeps it; "
                    "rename or remove one of them"
                )
                skipped[other.path] = Skipped(str(other.path), reason)
    return skipped


def _ingest(job: tuple[Path, PurePath, bytes | None, Settings]) -> Outcome:
    """One file, in a worker process or not: never raises, so one odd file cannot stop a library's build."""
    path, relative, raw, settings = job
    try:
        return ingest_file(path, settings, relative, raw)
    except IngestError as error:
        return Skipped(str(path), str(error))
    except Exception as error:
        log.debug("%s: ingesting failed", path, exc_info=True)  # the traceback only with --verbose
        return Skipped(
            str(path), f"{path}: could not be processed ({type(error).__name__}: {error}); please report this file"
        )
