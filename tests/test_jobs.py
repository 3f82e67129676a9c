"""Index work owned by the server process: one build per index folder whoever asks, jobs on one folder in
turn, and an upload interrupted while indexing rolled back and reported."""

import threading
import time

from helpers import SHUOZHOU_DOC, small_corpus

from search.config import load_settings
from search.jobs import JobRegistry
from search.service import PolicySearch, Stage, Update


def test_many_sessions_asking_for_the_same_index_at_once_start_one_build(tmp_path, monkeypatch):
    release, calls = threading.Event(), []

    def slow_update(library, progress=None):
        calls.append(library.settings.index_dir)
        progress(Stage.EMBEDDING, 1, 2)
        release.wait(10)
        return Update("index info", ["no index; building it"])

    monkeypatch.setattr(PolicySearch, "update", slow_update)
    registry = JobRegistry()
    settings = load_settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    jobs = []
    askers = [threading.Thread(target=lambda: jobs.append(registry.open_index(settings))) for _ in range(8)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert len({id(job) for job in jobs}) == 1 and registry.building(settings) is jobs[0]
    assert (jobs[0].stage, jobs[0].done, jobs[0].total) == ("embedding clauses", 1, 2)  # every session sees it
    release.set()
    assert jobs[0].outcome() == "index info" and calls == [settings.index_dir]
    assert jobs[0].notes == ["no index; building it"]
    assert registry.building(settings) is None


def test_a_failed_build_is_reported_and_the_next_request_tries_again(tmp_path, monkeypatch):
    def broken_update(library, progress=None):
        raise OSError("disk full")

    monkeypatch.setattr(PolicySearch, "update", broken_update)
    registry = JobRegistry()
    settings = load_settings(index_dir=tmp_path / "index")
    failed = registry.open_index(settings)
    failed.wait(10)
    assert failed.error == "disk full"
    assert registry.open_index(settings) is not failed


def test_work_on_one_index_folder_runs_one_job_after_another(tmp_path):
    registry, order, release = JobRegistry(), [], threading.Event()

    def first(job):
        order.append("first starts")
        release.wait(10)
        order.append("first ends")

    registry.start("first", tmp_path, first)
    time.sleep(0.1)
    second = registry.start("second", tmp_path, lambda job: order.append("second"))
    time.sleep(0.2)
    assert second.running and order == ["first starts"]
    release.set()
    second.wait(10)
    assert order == ["first starts", "first ends", "second"]


def test_an_upload_interrupted_while_indexing_is_rolled_back_and_reported(tmp_path, monkeypatch):
    corpus = small_corpus(tmp_path, SHUOZHOU_DOC)
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("search.service.ensure_index", interrupted)
    job = JobRegistry().add_documents(settings, [("new.txt", SHUOZHOU_DOC.replace("朔州", "忻州").encode())], "u1")
    job.wait(30)
    assert job.error == "KeyboardInterrupt"
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]
