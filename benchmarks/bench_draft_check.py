"""Draft check speed: a 40-clause draft checked against the bundled corpus and against a library of 100k clauses.

The draft is the first 40 clauses of the labelled set (tests/data/drafts), checked as one draft, in one process
that has loaded the library (the first check, which loads jieba and warms the encoder, is not timed). The
embedding of the 40 clauses is timed apart, in the same process, so its share of a check can be read off.

The large library is the library benchmark's (`bench_library.py`: the bundled documents rewritten for other
cities, built through the CLI with its stand-in encoder); its vectors mean nothing, so its labels do too: only
its time is read. The cross-lingual leg is off there, as in that benchmark.

Usage: .venv/bin/python benchmarks/bench_draft_check.py [--clauses 100000] [--repeat 3] [--threads 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["HF_HUB_OFFLINE"] = "1"

from bench_library import clauses_per_source, load_average, make_library, make_standin_encoder, run_cli  # noqa: E402

DRAFT_CLAUSES = 40
LABELLED = ROOT / "tests" / "data" / "drafts" / "labelled_clauses.jsonl"


def draft_text() -> str:
    from search.evaluation.draft_eval import draft_of, load_labelled

    return draft_of(load_labelled(LABELLED)[:DRAFT_CLAUSES])


def timings(settings, repeat: int) -> dict[str, str]:
    """Median seconds of a whole check and of embedding the draft's clauses alone, after one untimed check."""
    from search import PolicySearch
    from search.normalize import normalize

    library = PolicySearch(settings).load()
    draft = draft_text()
    report = library.check_draft(draft)
    texts = [normalize(c.clause.text) for c in report.clauses]
    checks, embeds = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        library.check_draft(draft)
        checks.append(time.perf_counter() - started)
        started = time.perf_counter()
        library.encoder.encode_passages(texts)
        embeds.append(time.perf_counter() - started)
    check, embed = statistics.median(checks), statistics.median(embeds)
    return {
        "library clauses": f"{library.info().clauses:,}",
        "draft clauses": str(len(report.clauses)),
        "check (median)": f"{check:.2f} s",
        "embedding the draft (median)": f"{embed:.2f} s ({embed / check:.0%} of a check)",
        "the rest": f"{check - embed:.2f} s",
        "labels": " · ".join(f"{label} {n}" for label, n in report.summary.counts.items()),
        "load": load_average(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clauses", type=int, default=100_000, help="the large library's size (0: skip it)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, help="OMP_NUM_THREADS for every process")
    parser.add_argument("--workdir", type=Path, help="where the large library goes (default: a temporary folder)")
    args = parser.parse_args()
    if args.threads:
        os.environ["OMP_NUM_THREADS"] = str(args.threads)
    from search import load_settings

    print("bundled corpus, default encoder:")
    for key, value in timings(load_settings(), args.repeat).items():
        print(f"  {key}: {value}")
    if not args.clauses:
        return
    os.environ["POLICY_SEARCH_CROSSLINGUAL"] = "none"
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-draft-"))
    try:
        model = make_standin_encoder(workdir / "standin-encoder")
        library = workdir / f"library-{args.clauses}"
        if not (library / "index").exists():
            shutil.rmtree(library, ignore_errors=True)
            make_library(library, args.clauses, clauses_per_source())
            run_cli(["build", "--full"], library, model)
        settings = load_settings(corpus_dir=library / "corpus", index_dir=library / "index", model=str(model))
        print(f"{args.clauses:,}-clause library, stand-in encoder:")
        for key, value in timings(settings, args.repeat).items():
            print(f"  {key}: {value}")
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
