"""`build --ray` embeds on Ray actors and writes the same index a local build writes (one local Ray per module);
joining a cluster fails in seconds when nothing answers or a service that is not Ray does, and sends this machine's token when the head wants one."""

import socket
import threading
import time
from contextlib import contextmanager

import numpy as np
import pytest
import ray
from helpers import JINZHONG_DOC, SHUOZHOU_DOC, small_corpus

from search.cli import main
from search.config import load_settings
from search.index import distributed
from search.index.distributed import LOCAL, connect, token_auth_environment
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
    assert np.sum(on_ray.dense.vectors * local.dense.vectors, axis=1).min() >= 0.9999
    assert (
        on_ray.vocabulary.vectors.shape == local.vocabulary.vectors.shape
    )  # none: e5 and the cross-lingual leg need none
    # The build's actors are gone (ray.kill returns at once; Ray frees their CPUs soon after).
    deadline = time.monotonic() + 30
    while ray.available_resources().get("CPU") != ray.cluster_resources()["CPU"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ray.available_resources().get("CPU") == ray.cluster_resources()["CPU"]


def test_a_cluster_that_wants_a_token_this_machine_lacks_says_what_to_set(tmp_path, monkeypatch, capsys):
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
    without_ray_settings(monkeypatch, home=tmp_path)
    monkeypatch.setattr(distributed, "_probe", lambda address, where: None)  # as if a head answered there
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", refuse)
    args = ["--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index"), "build", "--ray", "1.2.3.4:6379"]
    assert main(args) == 2
    assert capsys.readouterr().err.strip() == (
        "error: cannot join the Ray cluster at 1.2.3.4:6379: it asks for a token and this machine has none: set "
        "RAY_AUTH_TOKEN to the head's token (`ray get-auth-token` on the head prints it) or write it to "
        f"{tmp_path}/.ray/auth_token"
    )
    assert not any((tmp_path / "index").glob("build-*"))


def without_ray_settings(monkeypatch, home):
    """No Ray variables of the user's, and `home` as the home folder (where Ray looks for ~/.ray/auth_token)."""
    for name in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH", "RAY_gcs_server_port_wait_time_s"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))


def test_an_address_where_nothing_listens_fails_in_seconds_with_one_line(tmp_path, monkeypatch, capsys):
    small_corpus(tmp_path, SHUOZHOU_DOC)
    without_ray_settings(monkeypatch, home=tmp_path)
    monkeypatch.setattr(ray, "is_initialized", lambda: False)  # not the module's local Ray: a cluster to join
    with socket.socket() as free:  # a port nothing listens on: bound, then let go
        free.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{free.getsockname()[1]}"
    args = ["--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index"), "build", "--ray", address]
    started = time.monotonic()
    assert main(args) == 2
    assert time.monotonic() - started < 20
    [line] = capsys.readouterr().err.strip().splitlines()
    assert (
        line
        == f"error: cannot join the Ray cluster at {address}: nothing answers there (Connection refused); is its head running?"
    )


@contextmanager
def another_service(reply: bytes | None):
    """A TCP service on a free local port that is not Ray: it says nothing (None), or answers `reply` and hangs up."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:  # closed: the test is over
                return
            if reply is None:
                held.append(connection)
            else:
                connection.recv(64)
                connection.sendall(reply)
                connection.close()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.getsockname()[1]}"
    finally:
        server.close()
        for connection in held:
            connection.close()


@pytest.mark.parametrize(
    ("reply", "heard"),
    [(None, "no answer in 1 s"), (b"HTTP/1.1 400 Bad Request\r\n\r\n", "it answered b'HTTP/1.1 400 Bad'")],
)
def test_an_address_where_another_service_listens_fails_in_seconds_with_one_line(
    tmp_path, monkeypatch, capsys, reply, heard
):
    small_corpus(tmp_path, SHUOZHOU_DOC)
    without_ray_settings(monkeypatch, home=tmp_path)
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(
        distributed, "PROBE_SECONDS", 1
    )  # 5 s for a head across a network; 1 s here, for the test's time
    with another_service(reply) as address:
        args = ["--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index"), "build", "--ray", address]
        started = time.monotonic()
        assert main(args) == 2
        assert time.monotonic() - started < 20
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == (
        f"error: cannot join the Ray cluster at {address}: something listens there but it is not a Ray head ({heard} "
        "to an HTTP/2 greeting); give the head's address as `ray start --head` printed it (port 6379 unless set)"
    )


def test_a_ray_heads_own_address_passes_the_check(local_ray):
    distributed._probe(ray.get_runtime_context().gcs_address, "the local Ray")  # raises if it does not


def test_a_token_on_this_machine_is_sent_without_the_user_setting_an_auth_mode(tmp_path):
    home = tmp_path
    assert token_auth_environment({}, home) == {}  # no token: Ray's default, no authentication
    (home / ".ray").mkdir()
    (home / ".ray" / "auth_token").write_text("cluster-token")
    assert token_auth_environment({}, home) == {"RAY_AUTH_MODE": "token"}
    assert token_auth_environment({"RAY_AUTH_MODE": "disabled"}, home) == {}  # the user's choice stands


def test_a_token_in_the_environment_or_a_named_file_is_sent_too(tmp_path):
    assert token_auth_environment({"RAY_AUTH_TOKEN": "cluster-token"}, tmp_path) == {"RAY_AUTH_MODE": "token"}
    (tmp_path / "token").write_text("cluster-token")
    named = {"RAY_AUTH_TOKEN_PATH": str(tmp_path / "token")}
    assert token_auth_environment(named, tmp_path / "elsewhere") == {"RAY_AUTH_MODE": "token"}
