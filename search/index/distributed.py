"""Embedding on a Ray cluster: a `RayEncoder` ships length-bucketed batches to actors that each hold an encoder.

It speaks the same `Encoder` protocol as a local encoder, so the build (ingestion, BM25, FAISS, manifest, the
atomic switch) runs on the driver unchanged and only the embedding is spread. Ray is imported here only, and
only when a build asks for it.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

import search
from search.errors import PolicySearchError
from search.index.calibration import Calibration
from search.index.embedding import TOKEN_BUDGET, default_models_dir, length_batches, load_encoder
from search.index.unit_vectors import Progress
from search.parallel import cpu_cores

PROBE_SECONDS = 5  # a head on the network answers a TCP connect, and an HTTP/2 greeting, in milliseconds
# The client's greeting in HTTP/2, which Ray's GCS speaks (gRPC): the connection preface and an empty SETTINGS frame.
HTTP2_GREETING = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"
_SETTINGS = 0x04  # the type of the frame an HTTP/2 server's greeting opens with (its 4th byte)
JOIN_RETRIES = 8  # a live head let us in at the first attempt (0.3-0.8 s here); a refusal is final
LOCAL = ""  # `--ray` without an address: a Ray started here, on this machine's cores, and stopped afterwards


class RayClusterError(PolicySearchError):
    """Ray cannot be started or joined (a wrong address, a cluster that is down)."""


class EncoderActor:
    """One Ray worker's encoder, loaded once and kept for every batch it is sent."""

    def __init__(self, name: str, models_dir: Path) -> None:
        self._encoder = load_encoder(name, models_dir)

    def describe(self) -> tuple[str, int, Calibration | None]:
        return self._encoder.id, self._encoder.dim, self._encoder.calibration

    def encode(self, positions: list[int], texts: list[str], is_query: bool) -> tuple[list[int], np.ndarray]:
        encode = self._encoder.encode_queries if is_query else self._encoder.encode_passages
        return positions, encode(texts)


class RayEncoder:
    """The encoder `name`, run on one actor per free CPU of the connected Ray cluster; `close` frees them."""

    def __init__(self, name: str) -> None:
        import ray
        from ray.util import ActorPool

        free = int(ray.available_resources().get("CPU", 0))
        if free < 1:
            raise RayClusterError("the Ray cluster has no free CPU for the encoder (all are busy)")
        # The driver's models folder: on its own machine the actors find the model built; elsewhere they build it
        # there once (the `search` package shipped to workers has no index folder of its own).
        models_dir = default_models_dir().resolve()
        self._actors = [ray.remote(num_cpus=1)(EncoderActor).remote(name, models_dir) for _ in range(free)]
        try:
            self.id, self.dim, self.calibration = ray.get(self._actors[0].describe.remote())
        except ray.exceptions.RayActorError as error:  # the model failed to load on a worker
            self.close()
            raise RayClusterError(f"the encoder '{name}' failed to load on a Ray worker: {_reason(error)}") from None
        self._pool = ActorPool(self._actors)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True, None)

    def encode_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        return self._encode(texts, False, progress)

    def close(self) -> None:
        """Free the actors' CPUs (a Ray this process keeps using would otherwise stay full)."""
        import ray

        for actor in self._actors:
            ray.kill(actor)

    def _encode(self, texts: Sequence[str], is_query: bool, progress: Progress | None) -> np.ndarray:
        import ray

        # Characters stand in for tokens: the driver never loads the model (a Chinese character is about one).
        batches = length_batches([len(text) for text in texts], TOKEN_BUDGET)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        work = [(batch, [texts[n] for n in batch]) for batch in batches]
        try:
            for positions, vectors in self._pool.map_unordered(
                lambda actor, item: actor.encode.remote(item[0], item[1], is_query), work
            ):
                out[positions] = vectors
                if progress:
                    progress(len(positions))
        except ray.exceptions.RayError as error:  # a worker died or its model failed to load
            raise RayClusterError(f"embedding on Ray failed: {_reason(error)}") from None
        return out


@contextmanager
def ray_encoder(name: str, address: str) -> Iterator[RayEncoder]:
    """A RayEncoder on the cluster at `address` (see `connect`), or on the Ray this process already uses.
    Ray is shut down afterwards when it was connected here; either way the actors are gone."""
    ray = _import_ray()
    connected_here = not ray.is_initialized()
    if connected_here:
        connect(address)
    try:
        encoder = RayEncoder(name)
        try:
            yield encoder
        finally:
            encoder.close()
    finally:
        if connected_here:
            ray.shutdown()


def connect(address: str) -> None:
    """Join the cluster at `address` ('auto': the one this machine belongs to) or start one here (LOCAL) on
    this process's cores. Workers import this checkout's `search` package, shipped with the job, so the
    machines of a cluster need only the same dependencies installed, not the code."""
    ray = _import_ray()
    runtime_env = {"py_modules": [str(Path(search.__file__).parent)]}
    where = "a local Ray" if address == LOCAL else f"the Ray cluster at {address}"
    if address != LOCAL:
        _probe(address, where)
        # Something answers; if it refuses us (a token), Ray retries once a second: 20 times unless told.
        os.environ.setdefault("RAY_gcs_server_port_wait_time_s", str(JOIN_RETRIES))
        token_auth = token_auth_environment(os.environ, Path.home())
        if token_auth:
            os.environ.update(token_auth)
            ray._raylet.Config.initialize("")  # Ray read its settings at import; as Ray itself does on this switch
    try:
        if address == LOCAL:
            ray.init(num_cpus=cpu_cores(), runtime_env=runtime_env, include_dashboard=False, logging_level="ERROR")
        else:
            with _stderr_silenced():  # Ray's C++ client logs every failed retry straight to fd 2
                ray.init(address=address, runtime_env=runtime_env, logging_level="ERROR")
    except Exception as error:  # ConnectionError, ValueError, RuntimeError…: one line for the user
        reason = _reason(error)
        if "AuthToken" in reason or "uthentication" in reason:
            reason = _token_advice(os.environ, Path.home())
        raise RayClusterError(f"cannot {'start' if address == LOCAL else 'join'} {where}: {reason}") from None


def _probe(address: str, where: str) -> None:
    """Fail in seconds when no Ray head answers at `address` (host:port): Ray itself waited for minutes, silently,
    both where nothing listened and where another service did (it waits for a gRPC reply that never comes)."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # 'auto' and other forms Ray resolves itself
    try:
        connection = socket.create_connection((host, int(port)), timeout=PROBE_SECONDS)
    except OSError as error:
        reason = "timed out" if isinstance(error, TimeoutError) else error.strerror or str(error)
        raise RayClusterError(f"cannot join {where}: nothing answers there ({reason}); is its head running?") from None
    with connection:
        if os.environ.get("RAY_USE_TLS", "0").lower() in ("1", "true"):
            return  # the head speaks TLS first: a plain greeting would get no HTTP/2 answer
        reply = _greeting_reply(connection)
    if len(reply) < 4 or reply[3] != _SETTINGS:
        heard = f"no answer in {PROBE_SECONDS} s" if not reply else f"it answered {reply[:16]!r}"
        raise RayClusterError(
            f"cannot join {where}: something listens there but it is not a Ray head ({heard} to an HTTP/2 "
            "greeting); give the head's address as `ray start --head` printed it (port 6379 unless set)"
        )


def _greeting_reply(connection: socket.socket) -> bytes:
    """The first bytes (a frame header's 9, up to 16) that the service at the other end answers an HTTP/2
    greeting with; b"" when it says nothing within PROBE_SECONDS or hangs up."""
    reply = b""
    try:
        connection.sendall(HTTP2_GREETING)
        while len(reply) < 9:
            received = connection.recv(16 - len(reply))
            if not received:
                break
            reply += received
    except OSError:  # timed out, or reset
        pass
    return reply


def token_auth_environment(environ: Mapping[str, str], home: Path) -> dict[str, str]:
    """What to add to the environment so that Ray sends this machine's cluster token: RAY_AUTH_MODE=token when a
    token is at hand (RAY_AUTH_TOKEN, the file RAY_AUTH_TOKEN_PATH names, or ~/.ray/auth_token) and the user has
    not chosen a mode. A head without token authentication ignores the token."""
    if environ.get("RAY_AUTH_MODE"):
        return {}
    token_file = Path(environ.get("RAY_AUTH_TOKEN_PATH") or home / ".ray" / "auth_token")
    if environ.get("RAY_AUTH_TOKEN") or token_file.is_file():
        return {"RAY_AUTH_MODE": "token"}
    return {}


def _token_advice(environ: Mapping[str, str], home: Path) -> str:
    """What to set when the head refused us for want of its token, or for a wrong one."""
    if environ.get("RAY_AUTH_MODE", "token") != "token":
        return (
            f"it asks for a token and RAY_AUTH_MODE={environ['RAY_AUTH_MODE']} sends none: unset it or set it to token"
        )
    if environ.get("RAY_AUTH_TOKEN"):
        return "it refused the token in RAY_AUTH_TOKEN: set it to the token the head was started with"
    token_file = Path(environ.get("RAY_AUTH_TOKEN_PATH") or home / ".ray" / "auth_token")
    if token_file.is_file():
        return f"it refused the token in {token_file}: put the token the head was started with there"
    return (
        "it asks for a token and this machine has none: set RAY_AUTH_TOKEN to the head's token "
        f"(`ray get-auth-token` on the head prints it) or write it to {token_file}"
    )


def _import_ray():
    try:
        import ray
    except ImportError:
        raise RayClusterError("--ray needs Ray: pip install ray==2.60.0") from None
    return ray


def _reason(error: BaseException) -> str:
    """The first line of Ray's message and, when it wraps one, the first sentence of the cause's last line, e.g.
    'ray.exceptions.AuthenticationError: RPC error: InvalidAuthToken: … missing or incorrect. Note: …'
    gives 'RPC error: InvalidAuthToken: … missing or incorrect' (the lines between are a traceback)."""
    text = str(error).strip()
    reason = text.splitlines()[0] if text else type(error).__name__
    cause = str(error.__cause__ or "").strip()
    if cause:
        detail = re.sub(r"^[\w.]+(Error|Exception): ", "", cause.splitlines()[-1]).split(". ")[0]
        reason = f"{reason} ({detail})" if detail and detail not in reason else reason
    return reason


@contextmanager
def _stderr_silenced() -> Iterator[None]:
    """File descriptor 2 points at /dev/null inside: C++ logging does not go through sys.stderr."""
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
