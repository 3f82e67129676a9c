"""Speed on the bundled corpus: index build, warm query latency (query embedding included) for Chinese and English
queries and questions, peak memory.

Usage: .venv/bin/python benchmarks/bench_query.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search.config import ROOT, load_settings  # noqa: E402
from search.evaluation.retrieval_eval import read_jsonl  # noqa: E402
from search.index.embedding import load_encoder  # noqa: E402
from search.service import PolicySearch  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed(fn, items: list[str], repeat: int) -> list[float]:
    for item in items[:3]:
        fn(item)  # warm-up
    times = []
    for _ in range(repeat):
        for item in items:
            start = time.perf_counter()
            fn(item)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = ROOT / "tests" / "data"
    queries = [r["q"] for r in read_jsonl(data / "dev_queries.jsonl")]
    questions = [r["q"] for r in read_jsonl(data / "dev_questions.jsonl")]
    # English: rendered in Chinese first, with an encoder call for its rendering and its unknown phrases.
    english = [r["q"] for name in ("dev_queries_en.jsonl", "heldout_queries_en.jsonl") for r in read_jsonl(data / name)]
    english_questions = [r["q"] for r in read_jsonl(data / "dev_questions_en.jsonl")]
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(index_dir=Path(tmp))
        started = time.perf_counter()
        load_encoder(settings.model)
        load_seconds = time.perf_counter() - started
        library = PolicySearch(settings).build(full=True)
        m = library.manifest
        print(f"encoder load: {load_seconds:.2f} s ({m.encoder.id})")
        print(
            f"index build: {m.build_seconds:.1f} s for {m.counts.documents} documents, "
            f"{m.counts.clauses} clauses ({m.counts.indexed} indexed), "
            f"{m.clauses_per_second} clauses/s embedded, {m.counts.terms} expansion terms"
        )
        for label, items in (("search", queries), ("search, English", english)):
            search_ms = timed(lambda q: library.search(q), items, args.repeat)
            print(
                f"{label} (warm, {len(search_ms)} runs): p50 {statistics.median(search_ms):.1f} ms, "
                f"p95 {percentile(search_ms, 0.95):.1f} ms, max {max(search_ms):.1f} ms"
            )
        for label, items in (("ask", questions), ("ask, English", english_questions)):
            ask_ms = timed(lambda q: library.answer(q), items, args.repeat)
            print(
                f"{label} (warm, {len(ask_ms)} runs): p50 {statistics.median(ask_ms):.1f} ms, "
                f"p95 {percentile(ask_ms, 0.95):.1f} ms"
            )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
