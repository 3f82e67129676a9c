"""`build --ray` embeds on Ray actors and writes the same index a local build writes (one local Ray per module)."""

import time

import numpy as np
import pytest
import ray
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, small_corpus

from search.cli import main
from search.config import load_settings
from search.index.distributed import LOCAL, connect
from search.index.store import load_index


@pytest.fixture(scope="module")
def local_ray():
    """A Ray on this machine's cores, joined by every `--ray` build of the module (so it starts once)."""
    connect(LOCAL)
    yield
    ray.shutdown()


def built(tmp_path, name: str, *extra: str):
    corpus = tmp_path / "corpus"
    args = ["--corpus", str(corpus), "--index", str(tmp_path / name)]
    assert main([*args, "build", *extra]) == 0
    return load_index(load_settings(corpus_dir=corpus, index_dir=tmp_path / name).index_dir)


def test_ray_build_equals_a_local_build(tmp_path, local_ray):
    small_corpus(tmp_path, SHUOZHOU_DOC, JINZHONG_DOC)
    local = built(tmp_path, "local")
    on_ray = built(tmp_path, "ray", "--ray")
    assert on_ray.manifest.encoder == local.manifest.encoder
    assert on_ray.manifest.counts == local.manifest.counts
    assert [c.id for c in on_ray.clauses.indexed_clauses()] == [c.id for c in local.clauses.indexed_clauses()]
    assert np.sum(on_ray.vectors * local.vectors, axis=1).min() >= 0.9999
    assert on_ray.term_vectors.shape == local.term_vectors.shape  # none: e5 and the cross-lingual leg need none
    # The build's actors are gone (ray.kill returns at once; Ray frees their CPUs soon after).
    deadline = time.monotonic() + 30
    while ray.available_resources().get("CPU") != ray.cluster_resources()["CPU"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ray.available_resources().get("CPU") == ray.cluster_resources()["CPU"]


def test_a_cluster_that_cannot_be_joined_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    def refuse(**options):
        try:  # what Ray 2.60 raises when the cluster wants a token the driver lacks
            raise RuntimeError(
                "Failed to connect to GCS. Last connection error: Traceback (most recent call last):\n  File …\n"
                "ray.exceptions.AuthenticationError: RPC error: InvalidAuthToken: Authentication token is missing "
                "or incorrect. Note: RAY_AUTH_MODE is currently 'disabled'"
            )
        except RuntimeError as cause:
            raise ConnectionError("Failed to connect to Ray cluster at 1.2.3.4:6379") from cause

    small_corpus(tmp_path, SHUOZHOU_DOC)
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", refuse)
    args = ["--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index"), "build", "--ray", "1.2.3.4:6379"]
    assert main(args) == 2
    assert capsys.readouterr().err.strip() == (
        "error: cannot join the Ray cluster at 1.2.3.4:6379: Failed to connect to Ray cluster at 1.2.3.4:6379 "
        "(RPC error: InvalidAuthToken: Authentication token is missing or incorrect)"
    )
    assert not any((tmp_path / "index").glob("build-*"))
