"""Scale run on synthetic clauses: flat vs HNSW vs IVF (build, query p50/p95, memory, recall) and BM25.

Vectors are random unit vectors (the hardest case for approximate search: no cluster structure) and
token lists are drawn from a Zipf vocabulary. Usage:
    .venv/bin/python benchmarks/bench_scale.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import statistics
import time

import bm25s
import faiss
import numpy as np

DIM = 384
QUERIES = 200
VOCAB = 50_000
TOKENS_PER_CLAUSE = 40


def unit_vectors(n: int, rng: np.random.Generator) -> np.ndarray:
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        block = rng.standard_normal((min(100_000, n - start), DIM)).astype(np.float32)
        out[start : start + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def latency(search, queries: np.ndarray) -> tuple[float, float, np.ndarray]:
    times, found = [], []
    for q in queries:
        start = time.perf_counter()
        _, ids = search(q.reshape(1, -1))
        times.append((time.perf_counter() - start) * 1000)
        found.append(ids[0])
    ordered = sorted(times)
    return statistics.median(times), ordered[int(0.95 * (len(ordered) - 1))], np.array(found)


def dense_rows(n: int, rng: np.random.Generator, kinds: list[str]) -> list[str]:
    vectors = unit_vectors(n, rng)
    # Queries near real points, as real queries land near relevant clauses.
    sources = rng.choice(n, QUERIES, replace=False)
    queries = vectors[sources] + 0.5 * unit_vectors(QUERIES, rng) / np.sqrt(2)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    rows = []
    for kind in kinds:
        start = time.perf_counter()
        if kind == "flat":
            index = faiss.IndexFlatIP(DIM)
        elif kind == "hnsw":
            index = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 64
        else:
            nlist = int(4 * np.sqrt(n))
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(DIM), DIM, nlist, faiss.METRIC_INNER_PRODUCT)
            index.train(vectors[rng.choice(n, min(n, 50 * nlist), replace=False)])
            index.nprobe = 16
        index.add(vectors)
        build = time.perf_counter() - start
        if kind == "hnsw":
            index.hnsw.efSearch = 128
        p50, p95, found = latency(lambda q, index=index: index.search(q, 10), queries)
        # Random vectors have no neighbourhoods beyond the planted one: recall = the source point is in the top 10.
        recall = float(np.mean([source in row for source, row in zip(sources, found, strict=True)]))
        memory = faiss.serialize_index(index).nbytes / 2**20
        rows.append(
            f"| {n:,} | {kind} | {build:.1f} s | {p50:.2f} ms | {p95:.2f} ms | {memory:,.0f} MiB | {recall:.3f} |"
        )
        del index
    return rows


def bm25_row(n: int, rng: np.random.Generator) -> str:
    ranks = np.arange(1, VOCAB + 1)
    p = 1.0 / ranks
    p /= p.sum()
    words = np.array([f"w{i}" for i in range(VOCAB)])
    corpus = [list(words[rng.choice(VOCAB, TOKENS_PER_CLAUSE, p=p)]) for _ in range(n)]
    start = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    build = time.perf_counter() - start
    times = []
    for _ in range(QUERIES):
        query = list(words[rng.choice(VOCAB, 4, p=p)])
        t = time.perf_counter()
        scores = retriever.get_scores(query)
        np.argpartition(-scores, 10)[:10]
        times.append((time.perf_counter() - t) * 1000)
    ordered = sorted(times)
    return f"| {n:,} | bm25 | {build:.1f} s | {statistics.median(times):.2f} ms | {ordered[int(0.95 * (len(ordered) - 1))]:.2f} ms | | |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--kinds", nargs="+", default=["flat", "hnsw", "ivf"])
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print("| clauses | index | build | query p50 | query p95 | memory | planted neighbour in top 10 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for n in args.sizes:
        for row in dense_rows(n, rng, args.kinds):
            print(row, flush=True)
        print(bm25_row(n, rng), flush=True)


if __name__ == "__main__":
    main()
