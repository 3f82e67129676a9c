"""Cost of grouping near-duplicate clauses at build time, on synthetic libraries made from the bundled corpus.

A third of the clauses are exact copies, a sixth near copies (a figure and the city changed), the rest new
texts (sentences of different clauses joined, each with its own figures), so most clauses start a group.
Usage:
    .venv/bin/python benchmarks/bench_duplicates.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from search.config import load_settings
from search.index.duplicates import duplicate_groups
from search.ingest.corpus import load_corpus
from search.sentences import sentence_spans

CITIES = ["武汉", "南京", "成都", "西安", "长沙", "合肥", "郑州", "济南"]


def synthetic_texts(n: int, seed: int = 0) -> list[str]:
    settings = load_settings()
    clauses = [c.text for c in load_corpus([settings.corpus_dir], settings).clauses]
    sentences = [text[s:e] for text in clauses for s, e in sentence_spans(text) if e - s >= 8]
    rng = random.Random(seed)
    texts: list[str] = []
    while len(texts) < n:
        roll = rng.random()
        if texts and roll < 1 / 3:
            texts.append(rng.choice(texts))
        elif texts and roll < 1 / 2:
            base = rng.choice(texts)
            texts.append(f"{rng.choice(CITIES)}市" + base.replace("2025", str(rng.randint(2023, 2030)), 1))
        else:
            picked = rng.sample(sentences, 3)
            texts.append("".join(f"{s}力争达到{rng.randint(1, 999)}亿元。" for s in picked))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    for size in args.sizes:
        texts = synthetic_texts(size)
        before_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        group = duplicate_groups(texts)
        seconds = time.perf_counter() - start
        grouped = int((group != range(len(group))).sum())
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{size:>9,} clauses: {seconds:7.1f} s, {size / seconds:8.0f} clauses/s, "
            f"{grouped:,} joined a group, peak RSS {peak_mib:.0f} MiB ({before_mib:.0f} MiB before grouping)"
        )


if __name__ == "__main__":
    main()
