"""The facade the app and the CLI share: open (building the index when needed), search, answer, compare, add.

    from search import PolicySearch, load_settings
    library = PolicySearch(load_settings()).open()  # builds or updates the index on first use
    library.search("保税维修").hits
    library.answer("各城市如何支持保税维修？").by_city

A second face (an HTTP API, a notebook) would use this object too, never the store or the encoder directly.
"""

from __future__ import annotations

import datetime
import threading
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from search.answer.answering import Answerer
from search.answer.compare import CityRow, compare_cities
from search.answer.context import clause_context
from search.answer.figure_comparison import FigureComparison, compare_figures
from search.config import Settings
from search.draft.checking import DraftChecker
from search.draft.reading import PASTED, read_draft
from search.draft.report import DraftReport
from search.errors import IndexCorruptError, IngestError, PolicySearchError, UnknownFilterError
from search.evaluation.draft_eval import SplitReport, evaluate_drafts, format_draft_report
from search.evaluation.qa_eval import QuestionResult, evaluate_questions, format_qa_report
from search.evaluation.retrieval_eval import EvalReport, evaluate, format_report, load_queries
from search.index.embedding import Encoder, encoder_id, load_encoder
from search.index.health import IndexCheck, check_index
from search.index.manifest import Manifest
from search.index.search_index import Verify
from search.index.status import IndexStatus, Stage
from search.index.store import (
    Progress,
    SearchIndex,
    build_index,
    current_build,
    ensure_index,
    index_status,
    load_index,
)
from search.index.tokenization import tokenize_normalized
from search.ingest.corpus import Corpus, load_corpus
from search.ingest.facts.overrides import override_path, save_override
from search.ingest.files.folders import Skipped
from search.ingest.files.loading import os_reason
from search.ingest.upload_journal import UploadJournal
from search.ingest.uploads import check_upload, corpus_ids, save_upload
from search.normalize import printable
from search.records import (
    Answer,
    Clause,
    Document,
    DocumentPage,
    DocumentSummary,
    Filters,
    IndexInfo,
    Sort,
    UploadOutcome,
)
from search.retrieve.query_syntax import QuerySyntax, parse_syntax
from search.retrieve.retrieval import Searcher, SearchResult
from search.validity_rules import validity_status, validity_window

# What the faces name of the layers below, so that they import this module alone.
__all__ = [
    "CityRow",
    "DraftReport",
    "EvalReport",
    "FigureComparison",
    "IndexCheck",
    "IndexStatus",
    "Manifest",
    "PolicySearch",
    "Progress",
    "QuerySyntax",
    "QuestionResult",
    "SearchResult",
    "Stage",
    "Update",
    "SplitReport",
    "format_draft_report",
    "format_qa_report",
    "format_report",
]


@dataclass(frozen=True)
class Update:
    """What `PolicySearch.update` did: the index now served, and the notes on why it was built (if it was)."""

    info: IndexInfo
    notes: list[str] = field(default_factory=list)


class PolicySearch:
    """One library: its corpus and index on disk, the encoder they are built with and, once the index is opened,
    the searcher and answerer over it. Status, checks, builds and changes to the corpus need no open index."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.notes: list[str] = []  # why the index was built or not, when opening or building it
        self._index: SearchIndex | None = None
        self._searcher: Searcher | None = None
        self._answerer: Answerer | None = None
        self._documents: dict[str, Document] = {}

    @property
    def encoder(self) -> Encoder:
        """The library's encoder, loaded on first need (once per process: `load_encoder` keeps it)."""
        return load_encoder(self.settings.model)

    # -- opening and building
    def open(self, progress: Progress | None = None) -> PolicySearch:
        """Load the index, building or updating it first when missing, stale or corrupt (`.notes` say which)."""
        notes: list[str] = []
        return self._serve(ensure_index(self.settings, self.encoder, progress, notes), notes)

    def load(self) -> PolicySearch:
        """Load the current index as it is, without checking it against the corpus (fast; for a cached app)."""
        return self._serve(load_index(self.settings.index_dir), [])

    def update(self, progress: Progress | None = None) -> Update:
        """Build or update the index when needed, as `open` does, without keeping a searcher over it: for a
        background job whose result outlives it (the app loads the index itself, once per build)."""
        notes: list[str] = []
        return Update(ensure_index(self.settings, self.encoder, progress, notes).info(), notes)

    def build(self, full: bool = False, progress: Progress | None = None, ray: str | None = None) -> PolicySearch:
        """Build the index now and serve it; unless `full`, vectors of unchanged clauses are reused from the
        current one, once it has passed its checksums (a damaged index is noted and never donates vectors). With
        `ray`, the clauses are embedded on a Ray cluster: its address, 'auto', or '' for a Ray started here."""
        notes: list[str] = []
        previous = None
        if not full:
            try:
                previous = load_index(self.settings.index_dir, Verify.ALL)  # it may donate vectors
            except FileNotFoundError:
                previous = None
            except IndexCorruptError as error:
                notes.append(f"{error.reason}; building from scratch")
        if ray is None:
            return self._serve(build_index(self.settings, self.encoder, progress, previous, notes), notes)
        from search.index.distributed import ray_encoder

        with ray_encoder(self.settings.model, ray) as remote:
            return self._serve(build_index(self.settings, remote, progress, previous, notes), notes)

    def status(self) -> IndexStatus:
        """Missing, stale, corrupt or ok: whether `open` would have to build."""
        return index_status(self.settings, encoder_id(self.settings.model))

    def check(self) -> IndexCheck:
        """Verify without building: corpus readable, manifest and build inputs current, files match checksums."""
        return check_index(self.settings, encoder_id(self.settings.model))

    def build_name(self) -> str:
        """Name of the active build ('' when none): changes whenever the index is rebuilt (a cache key)."""
        return current_build(self.settings.index_dir)

    def read_documents(self, paths: list[Path]) -> Corpus:
        """Ingest files or folders without indexing them: documents, clauses, and what was skipped and why."""
        return load_corpus(paths, self.settings)

    def _serve(self, index: SearchIndex, notes: list[str]) -> PolicySearch:
        self.notes = notes
        self._index = index
        self._searcher = Searcher(index, self.encoder, self.settings)
        self._answerer = Answerer(self._searcher)
        self._documents = {d.doc_id: d for d in index.documents}
        for made_from_the_index in ("_clause_counts", "_draft_checker"):  # a new build: made again when asked
            self.__dict__.pop(made_from_the_index, None)
        return self

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            raise PolicySearchError("the library's index is not open: call open() or load() first")
        return self._index

    @property
    def searcher(self) -> Searcher:
        _ = self.index  # the same message when not open
        assert self._searcher is not None
        return self._searcher

    @property
    def answerer(self) -> Answerer:
        _ = self.index
        assert self._answerer is not None
        return self._answerer

    # -- what the library holds
    def cities(self) -> list[str]:
        return self.searcher.cities()

    def city_counts(self) -> dict[str, int]:
        return self.searcher.city_counts()

    def doc_types(self) -> list[str]:
        return self.searcher.doc_types()

    def info(self) -> IndexInfo:
        return self.index.info()

    @property
    def manifest(self) -> Manifest:
        """How the index was built and what it holds: counts, encoder, timings."""
        return self.index.manifest

    @property
    def path(self) -> Path:
        """The build folder being served."""
        return self.index.path

    @property
    def skipped(self) -> list[Skipped]:
        """Corpus files the build could not read, each with its reason."""
        return self.index.skipped

    def documents(self) -> list[Document]:
        return self.index.documents

    def document(self, doc_id: str) -> Document | None:
        return self._documents.get(doc_id)

    def document_summaries(self, ids: list[str] | None = None) -> list[DocumentSummary]:
        """The `documents` lines, in corpus order, or of the ids asked (UnknownFilterError for an unknown one)."""
        if ids:
            unknown = [i for i in ids if i not in self._documents]
            if unknown:
                raise UnknownFilterError(
                    f"unknown document id {', '.join(map(repr, unknown))}; {len(self._documents)} documents, "
                    "listed by `documents`"
                )
        chosen = [self._documents[i] for i in ids] if ids else self.index.documents
        return self._summaries(chosen)

    def citing(self, reference: str) -> list[DocumentSummary]:
        """The documents that cite `reference` (a 发文字号 in any brackets, or a title), whether the library holds
        it or not: "which local policies implement 国发〔2014〕67号". Corpus order."""
        if not reference.strip():
            raise UnknownFilterError("give a 发文字号 (国发〔2014〕67号) or a title to look for")
        return self._summaries([self._documents[i] for i in self.index.lineage.citing(reference)])

    def document_page(self, doc_id: str) -> DocumentPage | None:
        """A document's summary (with its lineage), its clauses in order and its citations of the library's
        documents; None for an id the library does not hold."""
        document = self._documents.get(doc_id)
        if document is None:
            return None
        [summary] = self._summaries([document])
        lineage = summary.lineage
        named = [c.id for c in lineage.cites if c.id] + lineage.cited_by + lineage.repeals + lineage.repealed_by
        named += lineage.repeals_part + lineage.partly_repealed_by + lineage.amends + lineage.amended_by
        titles = {i: self._documents[i].display_title for i in named}
        links = self.index.lineage.links(doc_id)
        return DocumentPage(summary, self.index.clauses.document_clauses(doc_id), links, titles)

    @cached_property
    def _clause_counts(self) -> dict[str, int]:
        return self.index.clauses.clause_counts()

    def _summaries(self, documents: list[Document]) -> list[DocumentSummary]:
        counts = self._clause_counts
        today = self.searcher.today()
        lineage = self.index.lineage
        summaries = []
        for document in documents:
            end = validity_window(document.meta)[1]
            validity = validity_status(document.meta, today, lineage.supersession(document.doc_id))
            expires = end.isoformat() if end else None
            summaries.append(
                DocumentSummary(
                    document, validity, expires, counts.get(document.doc_id, 0), lineage.of(document.doc_id)
                )
            )
        return summaries

    def province_counts(self) -> dict[str, int]:
        return self.searcher.facets.province_counts()

    def cities_by_province(self) -> dict[str, list[str]]:
        return self.searcher.facets.cities_by_province()

    def validate(self, filters: Filters) -> None:
        self.searcher.validate(filters)

    # -- asking
    def warm_up_in_background(self) -> threading.Thread:
        """Load what a first query would otherwise wait for on a background thread: jieba's dictionary (0.6 s),
        the cross-lingual encoder for English (about 3 s) and the corpus words by pinyin. A server calls this once per library; a one-query
        CLI process never does."""

        def warm_up() -> None:
            tokenize_normalized("服务外包")
            _ = self.searcher.crosslingual
            _ = self.searcher.romanised

        thread = threading.Thread(target=warm_up, name="warm-up", daemon=True)
        thread.start()
        return thread

    def search(
        self,
        query: str,
        filters: Filters | None = None,
        top_k: int | None = None,
        mode: str = "hybrid",
        sort: Sort = Sort.RELEVANCE,
    ) -> SearchResult:
        """Ranked hits; the query may hold operators (`"保税维修" -飞机 city:上海`, see `read_query`)."""
        return self.searcher.search(query, filters, top_k, mode, sort)

    @staticmethod
    def read_query(query: str) -> QuerySyntax:
        """How a query's operators are read (phrases, exclusions, alternatives, fields, free text), without
        searching: what a face shows under its search box. UnknownFilterError for a year that is no year."""
        return parse_syntax(query)

    def answer(self, question: str, filters: Filters | None = None) -> Answer:
        return self.answerer.answer(question, filters)

    def compare(self, query: str, filters: Filters | None = None) -> list[CityRow]:
        return compare_cities(self.searcher, query, filters, self.settings.compare_pool)

    @staticmethod
    def compare_figures(query: str, rows: list[CityRow]) -> FigureComparison | None:
        """The compared provisions' figures of the asked kind in one unit (a bar per city), or None when fewer
        than two cities state one or their units do not agree."""
        return compare_figures(query, rows)

    def context(self, clause_id: str, radius: int = 2) -> list[tuple[Clause, bool]]:
        return clause_context(self.index, clause_id, radius)

    def check_draft(self, draft: bytes | str, filename: str = PASTED, in_force: bool = False) -> DraftReport:
        """A drafter's text (pasted, str) or file (bytes, named) read as an upload is, never added to the library,
        and checked clause by clause: each clause's precedents and label, and a summary. `in_force`: precedents
        from documents in force today only."""
        return self._draft_checker.check(read_draft(self.settings, draft, filename), Filters(in_force=in_force))

    @cached_property
    def _draft_checker(self) -> DraftChecker:
        return DraftChecker(self.searcher)

    # -- measuring
    def evaluate(self, path: Path) -> EvalReport:
        """Retrieval quality on a JSONL file of judged queries, hybrid beside its baselines."""
        return evaluate(self.searcher, load_queries(path))

    def evaluate_draft_labels(self, path: Path) -> list[SplitReport]:
        """Draft check labels on a JSONL file of labelled draft clauses, per split (tune, check)."""
        return evaluate_drafts(self.check_draft, path)

    def evaluate_answers(self, path: Path) -> list[QuestionResult]:
        """Question-answering quality on a JSONL file of dev questions."""
        return evaluate_questions(self.answerer, path)

    # -- adding documents
    def add_documents(
        self,
        files: list[tuple[str, bytes]],
        progress: Progress | None = None,
        upload_id: str | None = None,
    ) -> list[UploadOutcome]:
        """Check each file on its own (a bad one is refused with its reason, the good ones go on), save the good
        ones into the corpus and update the index. The upload is journaled as pending first: if saving or
        indexing fails, or the process dies, the saved files are removed again (now, or at the next start), so
        the corpus and the index stay as they were."""
        settings = self.settings
        outcomes, accepted = _check_uploads(settings, files)
        if not accepted:
            return outcomes
        journal = UploadJournal(settings.corpus_dir)
        upload_id = upload_id or uuid.uuid4().hex
        journal.begin(upload_id, [target for target, _ in accepted])
        saved: list[Path] = []
        try:
            uploaded = datetime.datetime.now().isoformat(timespec="seconds")
            for target, data in accepted:
                saved.append(target)
                save_upload(target, data)
                save_override(target, uploaded=uploaded)  # marks it as a visitor's, not a city's own policy
            ensure_index(settings, self.encoder, progress, serve_stale=False)
        except BaseException as error:
            for path in saved:  # what was saved goes again, so corpus and index agree
                path.unlink(missing_ok=True)
                override_path(path).unlink(missing_ok=True)
            journal.end(upload_id)
            if isinstance(error, OSError):
                raise PolicySearchError(
                    f"saving the uploads failed, nothing was added: {error.filename}: {os_reason(error)}"
                ) from None
            if not isinstance(error, Exception):
                raise
            raise PolicySearchError(f"indexing the uploads failed, nothing was added: {error}") from error
        journal.end(upload_id)
        return outcomes

    def recover_uploads(self) -> list[str]:
        """Remove the files of uploads that a dead process left unconfirmed; one message per file removed."""
        return UploadJournal(self.settings.corpus_dir).recover()

    def correct(self, document_path: Path, progress: Progress | None = None, **fields: str) -> None:
        """Record corrected metadata (e.g. city, title) beside a document and update the index; a value of the
        wrong kind or size is refused (IngestError) before anything is written."""
        save_override(document_path, **fields)
        ensure_index(self.settings, self.encoder, progress, serve_stale=False)


def _check_uploads(
    settings: Settings, files: list[tuple[str, bytes]]
) -> tuple[list[UploadOutcome], list[tuple[Path, bytes]]]:
    """Each file's outcome, and the files to save with the names they will have: no two share a document id,
    with each other or with the corpus."""
    settings.corpus_dir.mkdir(parents=True, exist_ok=True)
    taken = corpus_ids(settings)
    outcomes: list[UploadOutcome] = []
    accepted: list[tuple[Path, bytes]] = []
    for filename, data in files:
        shown = printable(filename)  # a NUL or escape in a name is shown, never passed on
        try:
            target, document, clauses, warnings = check_upload(settings, shown, data, taken)
        except IngestError as error:
            outcomes.append(UploadOutcome(shown, False, str(error)))
            continue
        taken.add(document.doc_id)
        accepted.append((target, data))
        note = f"saved as {target.name}: {len(clauses)} clauses"
        note += f" ({'; '.join(warnings)})" if warnings else ""
        outcomes.append(UploadOutcome(shown, True, note, target, document, len(clauses)))
    return outcomes, accepted
