"""A corpus file that cannot be read is skipped and reported; it never stops the others or the index check."""

import os
from pathlib import Path

import pytest
from helpers import write

from search.config import load_settings
from search.index.provenance import corpus_fingerprint
from search.ingest.corpus import load_corpus

POLICY = "一、总体要求\n（一）发展目标。到2025年，服务外包执行额达到10亿美元。\n"


def deny_reading(monkeypatch, name: str) -> None:
    """As if `name` had no read permission (tests run as root, which ignores file permissions)."""
    real_open = Path.open

    def guarded_open(self, *args, **kwargs):
        if self.name == name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)


def test_an_unreadable_file_is_skipped_with_a_reason_and_the_others_are_read(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt", "c.txt"):
        write(tmp_path, name, POLICY)
    deny_reading(monkeypatch, "b.txt")
    corpus = load_corpus([tmp_path], load_settings())
    assert [Path(d.path).name for d in corpus.documents] == ["a.txt", "c.txt"]
    assert [s.reason for s in corpus.skipped] == [f"{tmp_path / 'b.txt'}: cannot read (permission denied)"]


def test_the_corpus_fingerprint_survives_an_unreadable_file_and_changes_once_it_is_readable(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", POLICY)
    write(tmp_path, "b.txt", POLICY)
    settings = load_settings(corpus_dir=tmp_path)
    readable = corpus_fingerprint(settings)
    with monkeypatch.context() as patch:
        deny_reading(patch, "b.txt")
        unreadable = corpus_fingerprint(settings)
    assert unreadable != readable
    assert corpus_fingerprint(settings) == readable


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_file_without_read_permission_is_skipped_and_fingerprinted(tmp_path):
    write(tmp_path, "a.txt", POLICY)
    locked = write(tmp_path, "b.txt", POLICY)
    locked.chmod(0)
    try:
        corpus = load_corpus([tmp_path], load_settings())
        fingerprint = corpus_fingerprint(load_settings(corpus_dir=tmp_path))
    finally:
        locked.chmod(0o644)
    assert [s.reason for s in corpus.skipped] == [f"{locked}: cannot read (permission denied)"]
    assert fingerprint != corpus_fingerprint(load_settings(corpus_dir=tmp_path))
