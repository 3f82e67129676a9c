"""A library organised in folders is read whole, in path order, with ids unique across folders and stable."""

import json
import os
from pathlib import Path, PurePosixPath

from helpers import JINZHONG_DOC, SHUOZHOU_DOC, write

from search.config import load_settings
from search.index.provenance import corpus_fingerprint
from search.ingest.corpus import doc_id_for, load_corpus
from search.service import PolicySearch

POLICY = "一、总体要求\n（一）发展目标。到2025年，服务外包执行额达到10亿美元。\n"


def library(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for name in ("广东/广州/a.txt", "江苏/南京/a.txt", "江苏/b.md", "top.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        write(root, name, POLICY)
    return root


def test_a_library_in_province_and_city_folders_is_read_recursively_in_path_order(tmp_path):
    root = library(tmp_path)
    corpus = load_corpus([root], load_settings())
    read = [Path(d.path).relative_to(root).as_posix() for d in corpus.documents]
    assert read == ["top.txt", "广东/广州/a.txt", "江苏/b.md", "江苏/南京/a.txt"]
    assert corpus.skipped == []


def test_files_of_the_same_name_in_different_folders_get_distinct_ids(tmp_path):
    corpus = load_corpus([library(tmp_path)], load_settings())
    assert [d.doc_id for d in corpus.documents] == ["top", "广东.广州.a", "江苏.b", "江苏.南京.a"]
    assert len({c.id for c in corpus.clauses}) == len(corpus.clauses)


def test_a_file_has_the_same_id_whether_it_its_folder_or_the_whole_corpus_is_read(tmp_path):
    root = library(tmp_path)
    settings = load_settings(corpus_dir=root)
    whole = {d.path: d.doc_id for d in load_corpus([root], settings).documents}
    for part in (root / "江苏", root / "江苏" / "南京" / "a.txt", root / "top.txt"):
        assert {d.path: d.doc_id for d in load_corpus([part], settings).documents}.items() <= whole.items()
    elsewhere = load_settings(corpus_dir=tmp_path / "elsewhere")
    assert [d.doc_id for d in load_corpus([root / "江苏"], elsewhere).documents] == ["b", "南京.a"]


def test_top_level_files_keep_the_ids_they_had_before_folders_were_read():
    assert doc_id_for(PurePosixPath("000_0f547d556893953a.txt")) == "000_0f547d556893953a"
    assert doc_id_for(PurePosixPath("政策 文件(1).txt")) == "政策_文件_1"
    assert doc_id_for(PurePosixPath("广东_广州_a.txt")) != doc_id_for(PurePosixPath("广东/广州/a.txt"))


def test_hidden_folders_are_left_out_and_overrides_in_sub_folders_apply(tmp_path):
    root = library(tmp_path)
    (root / ".git").mkdir()
    write(root / ".git", "HEAD.txt", POLICY)
    write(root / "江苏", "b.md.meta.json", json.dumps({"city": "苏州"}))
    corpus = load_corpus([root], load_settings())
    assert all(".git" not in d.path for d in corpus.documents)
    assert {d.doc_id: d.meta.city for d in corpus.documents}["江苏.b"] == "苏州"


def test_a_symlink_loop_is_reported_and_not_followed(tmp_path):
    root = library(tmp_path)
    os.symlink(root, root / "广东" / "back")
    corpus = load_corpus([root], load_settings())
    assert len(corpus.documents) == 4
    assert [s.reason for s in corpus.skipped] == [
        f"{root / '广东' / 'back'}: symbolic link loop (leads back to {root}), not followed"
    ]


def test_a_broken_link_is_reported_not_silently_ignored(tmp_path):
    root = library(tmp_path)
    os.symlink(root / "gone.txt", root / "link.txt")
    corpus = load_corpus([root], load_settings())
    assert [s.reason for s in corpus.skipped] == [
        f"{root / 'link.txt'}: broken symbolic link (no such file or directory)"
    ]


def test_the_fingerprint_sees_changes_and_moves_in_sub_folders(tmp_path):
    root = library(tmp_path)
    settings = load_settings(corpus_dir=root)
    before = corpus_fingerprint(settings)
    write(root / "江苏" / "南京", "a.txt", POLICY + "（二）保障措施。加强组织领导。\n")
    changed = corpus_fingerprint(settings)
    (root / "江苏" / "南京" / "a.txt").rename(root / "江苏" / "a.txt")
    moved = corpus_fingerprint(settings)
    write(root / "江苏", "b.md.meta.json", json.dumps({"city": "苏州"}))
    overridden = corpus_fingerprint(settings)
    assert len({before, changed, moved, overridden}) == 4


def test_an_upload_beside_sub_folders_is_indexed_with_them_under_its_own_id(tmp_path):
    root = tmp_path / "corpus"
    (root / "山西" / "朔州").mkdir(parents=True)
    write(root / "山西" / "朔州", "a.txt", SHUOZHOU_DOC)
    settings = load_settings(corpus_dir=root, index_dir=tmp_path / "index")
    [outcome] = PolicySearch(settings).add_documents([("a.txt", JINZHONG_DOC.encode())])
    assert outcome.ok and outcome.saved_as == root / "a.txt"
    library = PolicySearch(settings).load()
    assert {d.doc_id: d.meta.city for d in library.documents()} == {"a": "晋中", "山西.朔州.a": "朔州"}
    assert PolicySearch(settings).status() == "ok"
