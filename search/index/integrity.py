"""Is a build folder what its writer left? The manifest's shape and seal, and a checksum of every index file.

Sizes alone miss garbage of the right length (a disk error, a half-synced copy): such vectors load, change
scores, and an incremental build would even reuse them. So every file's sha256 is recorded, and the manifest
carries a digest of its own content, so an edited or bit-flipped manifest is caught as well as a broken file.
Every check raises ValueError with a reason; the store turns it into "corrupt".
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from search.parallel import cpu_cores

# sha256 runs on the CPU's SHA instructions where present: 146 MiB (100k x 384 float32) took 0.36 s here,
# blake2b 0.82 s.
CHECKSUM = "sha256"

# The manifest's required shape: a key's type, or a nested shape. `float` accepts ints; None is allowed only
# where named. Checked in one place, so no command trips over a manifest of the wrong shape.
_NUMBER = (int, float)
_SHAPE: dict = {
    "schema_version": int,
    "encoder": {"id": str, "dim": int},
    "crosslingual": {"id": str, "dim": int, "kind": str},
    "corpus_hash": str,
    "corpus_listing": str,
    "build_inputs": dict,
    "counts": {"documents": int, "clauses": int, "indexed": int, "embedded": int, "reused": int, "terms": int},
    "dense": {"kind": str, "threshold": int},
    "calibration": dict,
    "skipped": list,
    "build_seconds": _NUMBER,
    "clauses_per_second": (*_NUMBER, type(None)),
    "built_at": str,
    "files": dict,
    "digest": str,
}


def file_checksum(path: Path) -> str:
    with path.open("rb") as source:
        return hashlib.file_digest(source, CHECKSUM).hexdigest()


def file_checksums(paths: list[Path]) -> dict[Path, str]:
    """Each file's checksum, on a thread per core, largest files first: hashlib lets go of the GIL while it
    hashes, and a million clauses' index is 6.4 GiB (one pass 4.5 s, on two threads 2.3 s)."""
    largest_first = sorted(paths, key=lambda path: -path.stat().st_size)
    with ThreadPoolExecutor(max_workers=max(1, min(len(paths), cpu_cores()))) as pool:
        return dict(zip(largest_first, pool.map(file_checksum, largest_first), strict=True))


def describe_files(folder: Path, exclude: set[str]) -> dict[str, dict[str, int | str]]:
    """Size, modification time and checksum of every file under `folder` (by relative path), for the manifest."""
    paths = [p for p in sorted(folder.rglob("*")) if p.is_file() and p.relative_to(folder).as_posix() not in exclude]
    checksums = file_checksums(paths)
    described = {}
    for path in paths:
        stat = path.stat()
        described[path.relative_to(folder).as_posix()] = {
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            CHECKSUM: checksums[path],
        }
    return described


def verify_files(folder: Path, files: dict, every_checksum: bool = True) -> None:
    """Each recorded file is there, of its size (cheap, first) and of its checksum.

    Without `every_checksum`, a file still bearing the modification time it had when its checksum was taken is
    trusted: whatever writes into a file (a tool, a half-finished copy) stamps a new time, and hashing a 100k-clause
    index costs a second of every start-up. `check` and a build about to reuse vectors hash everything.
    """
    for name, recorded in files.items():
        path = folder / name
        actual = path.stat().st_size
        if actual != recorded["size"]:
            raise ValueError(f"{name} is {actual} bytes, the manifest says {recorded['size']}")
    to_hash = {
        folder / name: name
        for name, recorded in files.items()
        if every_checksum or (folder / name).stat().st_mtime_ns != recorded["mtime_ns"]
    }
    for path, checksum in file_checksums(list(to_hash)).items():
        if checksum != files[to_hash[path]][CHECKSUM]:
            raise ValueError(f"{to_hash[path]} does not match its checksum")


def seal(manifest: dict) -> dict:
    """The manifest with a digest of its own content added."""
    return dict(manifest, digest=_digest(manifest))


def parse_manifest(text: str, schema_version: int) -> dict:
    """The manifest, if it is JSON of the expected shape and schema and its seal matches; else ValueError."""
    manifest = json.loads(text)
    if not isinstance(manifest, dict):
        raise ValueError(f"the manifest is a JSON {type(manifest).__name__}, not an object")
    if manifest.get("schema_version") != schema_version:
        raise ValueError(f"schema version {manifest.get('schema_version')!r} != {schema_version}")
    _check_shape(manifest, _SHAPE, "manifest")
    for name, recorded in manifest["files"].items():
        _check_shape(recorded, {"size": int, "mtime_ns": int, CHECKSUM: str}, f"manifest.files[{name!r}]")
    if manifest["digest"] != _digest(manifest):
        raise ValueError("the manifest does not match its digest (edited or damaged)")
    return manifest


def _check_shape(value: object, shape: dict, where: str) -> None:
    if not isinstance(value, dict):
        raise ValueError(f"{where} is not an object")
    for key, expected in shape.items():
        if key not in value:
            raise ValueError(f"{where} has no {key!r}")
        item = value[key]
        if isinstance(expected, dict):
            _check_shape(item, expected, f"{where}.{key}")
        elif isinstance(item, bool) or not isinstance(item, expected):
            raise ValueError(f"{where}.{key} has the wrong type ({type(item).__name__})")


def _digest(manifest: dict) -> str:
    content = {key: value for key, value in manifest.items() if key != "digest"}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.new(CHECKSUM, canonical.encode("utf-8")).hexdigest()
