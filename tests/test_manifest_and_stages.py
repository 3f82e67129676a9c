"""The manifest is a dataclass that reads and writes the same JSON, and build stages carry their own labels."""

import json

from search.index.manifest import Counts, Manifest, read_manifest
from search.index.status import Stage


def test_the_manifest_reads_back_to_the_json_it_was_written_from(searcher):
    path = searcher.index.path
    written = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    manifest = read_manifest(path)
    assert isinstance(manifest.counts, Counts) and manifest.counts.indexed == len(searcher.index.dense.vectors)
    assert manifest.to_json() == written
    assert list(manifest.to_json()) == list(written)  # the keys in the order they have always been written


def test_a_manifest_before_sealing_has_no_files_or_digest(searcher):
    unsealed = Manifest.from_json(json.loads((searcher.index.path / "manifest.json").read_text(encoding="utf-8")))
    record = Manifest(**{**unsealed.__dict__, "files": {}, "digest": ""}).to_json()
    assert "files" not in record and "digest" not in record


def test_every_build_stage_has_a_chinese_and_english_label_for_the_app():
    assert Stage.READING.label == "读取文件 Reading documents"
    assert Stage.EMBEDDING_CROSSLINGUAL.label == "向量化条款（英文检索）Embedding clauses for English queries"
    assert all(stage.label.endswith(stage.value[1:]) for stage in Stage)
    assert Stage("writing index") is Stage.WRITING and str(Stage.WRITING) == "writing index"
