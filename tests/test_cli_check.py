"""`check` says in one line whether the corpus is readable and the index whole and current, and never builds."""

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, copy_library, small_library, write

from search.cli import main
from search.index.store import current_build
from search.service import PolicySearch


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return small_library(tmp_path_factory.mktemp("pristine"), SHUOZHOU_DOC, JINZHONG_DOC)


@pytest.fixture
def small(pristine, tmp_path):
    return copy_library(pristine, tmp_path)


def _check(settings, capsys) -> tuple[int, str, str]:
    code = main(["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir), "check"])
    out, err = capsys.readouterr()
    return code, out, err


def _build_dir(settings) -> Path:
    return settings.index_dir / current_build(settings.index_dir)


def test_a_whole_current_index_checks_ok_with_a_one_line_summary(small, capsys):
    code, out, err = _check(small, capsys)
    assert code == 0 and err == ""
    assert re.fullmatch(r"ok: 2 documents, \d+ clauses, built \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d, \d+\.\d MiB\n", out)
    report = PolicySearch(small).check()
    assert report.ok and report.documents == 2 and report.size_bytes > 0


def test_a_changed_corpus_checks_stale_and_nothing_is_built(small, capsys):
    before = current_build(small.index_dir)
    write(small.corpus_dir, "c.txt", SHUOZHOU_DOC.replace("朔州", "大同"))
    code, out, err = _check(small, capsys)
    assert (code, out) == (2, "")
    assert err == "stale: corpus changed since the index was built; run `python -m search build`\n"
    assert current_build(small.index_dir) == before


def test_a_damaged_vector_file_checks_corrupt(small, capsys):
    vectors = _build_dir(small) / "vectors.npy"
    data = bytearray(vectors.read_bytes())
    data[-5] ^= 0xFF
    vectors.write_bytes(bytes(data))
    code, _, err = _check(small, capsys)
    assert code == 2
    assert err.startswith("corrupt: index at ") and "(vectors.npy does not match its checksum)" in err
    assert err.count("\n") == 1


def test_a_wrong_shaped_manifest_checks_corrupt(small, capsys):
    (_build_dir(small) / "manifest.json").write_text(json.dumps({"encoder": "x"}))
    code, _, err = _check(small, capsys)
    assert code == 2 and err.startswith("corrupt: ") and "schema version None" in err


def test_no_index_checks_missing(small, capsys):
    shutil.rmtree(small.index_dir)
    assert _check(small, capsys) == (
        2,
        "",
        f"missing: no index in {small.index_dir}; run `python -m search build`\n",
    )
    assert not small.index_dir.exists()


def test_an_unreadable_corpus_file_is_named(small, capsys, monkeypatch):
    open_ = Path.open

    def refuse(path, *args, **kwargs):
        if path.name == "b.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return open_(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    code, _, err = _check(small, capsys)
    assert code == 2
    assert err == f"cannot read the corpus: {small.corpus_dir / 'b.txt'}: permission denied\n"


def test_a_missing_corpus_folder_is_named(small, capsys):
    shutil.rmtree(small.corpus_dir)
    code, _, err = _check(small, capsys)
    assert code == 2 and err == f"cannot read the corpus: {small.corpus_dir}: no such file or directory\n"


def test_check_and_status_never_load_the_embedding_model(small, capsys, monkeypatch):
    def no_model(name):
        raise AssertionError(f"loaded the model {name}")

    monkeypatch.setattr("search.service.load_encoder", no_model)
    assert PolicySearch(small).status() == "ok"
    code, out, _ = _check(small, capsys)
    assert code == 0 and out.startswith("ok: ")
