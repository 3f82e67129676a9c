"""Every citation found in a set of documents, how many resolved to a document of the set, and a random sample to
check by hand (docs/lineage.md has the check of the bundled corpus with the real-page set). The sample is drawn
from the citations the library asserts; those it leaves in doubt (`Reference.doubt`: shown as mentions, linked to
nothing) are counted by reason, and listed apart with `--all`.

Each document is read as the library reads it (`PolicySearch.read_documents`), the set's lineage is built as a
build does (`LineageGraph.build`), and each citation is listed with its document, clause, title, number, what its
sentence does to it and what it resolved to, with the sentence it stands in.

Usage: .venv/bin/python benchmarks/bench_citations.py corpus tests/data/real_pages/pages [--sample 30 --seed 24]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search import PolicySearch, load_settings  # noqa: E402
from search.lineage.graph import LineageGraph  # noqa: E402

_CONTEXT = 40  # characters either side of a citation in the listing


def citations(paths: list[Path]) -> list[dict]:
    """One row per citation, in document and text order."""
    root = paths[0] if paths[0].is_dir() else paths[0].parent  # a file as the corpus folder has no id
    corpus = PolicySearch(load_settings(corpus_dir=root)).read_documents(paths)
    clauses = {c.id: c for c in corpus.clauses}
    graph = LineageGraph.build(corpus.documents)
    rows = []
    for document in corpus.documents:
        for reference, target in zip(document.references, graph.resolved[document.doc_id], strict=False):
            clause = clauses.get(reference.clause_id or "")
            context = ""
            if clause is not None and reference.start >= 0:
                start, end = max(0, reference.start - _CONTEXT), reference.end + _CONTEXT
                context = clause.text[start:end].replace("\n", " ")
            rows.append(
                {
                    "document": document.doc_id,
                    "clause": reference.clause_id,
                    "title": reference.title,
                    "number": reference.number,
                    "effect": str(reference.effect) if reference.effect else "",
                    "resolved": target,
                    "context": context,
                    "doubt": str(reference.doubt or ""),
                }
            )
    return rows


def cell(value: object) -> str:
    return str(value or "").replace("|", "\\|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", type=Path, help="folders or files of documents")
    parser.add_argument("--sample", type=int, default=30, help="citations drawn at random for a hand check")
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--all", action="store_true", help="list every citation, not only the counts and sample")
    args = parser.parse_args()
    found = citations(args.paths)
    rows = [r for r in found if not r["doubt"]]
    doubtful = [r for r in found if r["doubt"]]
    documents = len({r["document"] for r in rows})
    resolved = sum(1 for r in rows if r["resolved"])
    kinds = Counter(
        "title and number" if r["title"] and r["number"] else "title" if r["title"] else "number" for r in rows
    )
    effects = Counter(r["effect"] for r in rows if r["effect"])
    print(f"{len(rows)} citations in {documents} documents; {resolved} resolved to a document of the set")
    print("by form: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("by effect: " + (", ".join(f"{k} {n}" for k, n in effects.most_common()) or "none"))
    reasons = Counter(r["doubt"] for r in doubtful)
    print(f"left in doubt: {len(doubtful)}" + "".join(f", {k} {n}" for k, n in reasons.most_common()))
    shown = rows if args.all else random.Random(args.seed).sample(rows, min(args.sample, len(rows)))
    table(shown, ("document", "clause", "title", "number", "effect", "resolved", "context"))
    if args.all and doubtful:
        print("\nleft in doubt:")
        table(doubtful, ("document", "clause", "title", "number", "doubt", "resolved", "context"))


def table(rows: list[dict], columns: tuple[str, ...]) -> None:
    print()
    print("| # | " + " | ".join(c if c != "context" else "in context" for c in columns) + " |")
    print("| --- " * (len(columns) + 1) + "|")
    for n, row in enumerate(rows, 1):
        print(f"| {n} | " + " | ".join(cell(row[k]) for k in columns) + " |")


if __name__ == "__main__":
    main()
