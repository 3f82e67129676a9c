"""Adding documents is all or nothing: a save that fails part-way leaves the corpus as it was."""

import pytest
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, small_corpus

import search.service
from search.config import load_settings
from search.errors import PolicySearchError
from search.ingest.uploads import save_upload
from search.service import PolicySearch


def test_a_save_that_fails_on_the_second_file_removes_the_first_and_says_why(tmp_path, monkeypatch):
    settings = load_settings(corpus_dir=small_corpus(tmp_path, SHUOZHOU_DOC), index_dir=tmp_path / "index")
    before = sorted(p.name for p in settings.corpus_dir.iterdir())

    def disk_full_on_second(path, data):
        if path.name.startswith("second"):
            raise OSError(28, "No space left on device", str(path))
        save_upload(path, data)

    monkeypatch.setattr(search.service, "save_upload", disk_full_on_second)
    files = [("first.txt", SHUOZHOU_DOC.encode()), ("second.txt", JINZHONG_DOC.encode())]
    with pytest.raises(PolicySearchError, match="saving the uploads failed, nothing was added: .*second.txt: no space"):
        PolicySearch(settings).add_documents(files)
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == before


def test_an_upload_is_written_whole_and_leaves_no_partial_file(tmp_path):
    target = tmp_path / "x.txt"
    save_upload(target, "政策".encode())
    assert target.read_text(encoding="utf-8") == "政策" and [p.name for p in tmp_path.iterdir()] == ["x.txt"]
