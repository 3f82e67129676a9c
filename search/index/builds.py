"""The index folder's builds: `CURRENT` names the active build folder `build-<time>/`, written whole beside it.

A build is written to a fresh `.partial` folder and only then does `CURRENT` switch to it (an atomic rename), so
an interrupted build never leaves an index that loads half-written. Older builds are removed only when they are
ours (name pattern and marker): the index folder may be shared, e.g. `--index ~`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUILD_MARKER = "POLICY_SEARCH_BUILD"  # written first into every build folder: it is ours to remove later
# `build-20250101-120000-4242-123456` or its `.partial`; not `build-photos` nor `build-notes.txt`.
_BUILD_NAME = re.compile(r"build-\d{8}-\d{6}-\d+-\d+(\.partial)?")


def current_dir(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        return None
    return index_dir / pointer.read_text(encoding="utf-8").strip()


def current_build(index_dir: Path) -> str:
    """Name of the active build folder ('' when none): changes whenever the index is rebuilt."""
    path = current_dir(index_dir)
    return path.name if path else ""


@contextmanager
def build_folder(index_dir: Path) -> Iterator[Path]:
    """A fresh `.partial` folder to write a build into; once the block completes it is renamed to its final
    name and CURRENT points at it (atomic renames); older builds of ours are then removed."""
    index_dir.mkdir(parents=True, exist_ok=True)
    build = index_dir / f"build-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.perf_counter_ns() % 10**6}"
    tmp = build.with_name(build.name + ".partial")
    tmp.mkdir()
    (tmp / BUILD_MARKER).write_text("a policy-search index build; removed when a newer build replaces it\n")
    try:
        yield tmp
    except BaseException:  # a failed or interrupted build leaves no half-written folder behind (1+ GiB at scale)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    tmp.rename(build)
    pointer_tmp = index_dir / "CURRENT.tmp"
    pointer_tmp.write_text(build.name, encoding="utf-8")
    os.replace(pointer_tmp, index_dir / "CURRENT")
    _remove_old_builds(index_dir, keep={build, current_dir(index_dir)})


def _remove_old_builds(index_dir: Path, keep: set[Path | None]) -> None:
    """Called under the build lock: any other `.partial` folder is left by a writer that is gone."""
    for old in index_dir.glob("build-*"):
        if old not in keep and _is_own_build(old):
            shutil.rmtree(old, ignore_errors=True)


def _is_own_build(path: Path) -> bool:
    """Our name pattern and our marker; a build from before the marker is known by its manifest's schema."""
    if not (path.is_dir() and _BUILD_NAME.fullmatch(path.name)):
        return False
    if (path / BUILD_MARKER).is_file():
        return True
    try:
        return "schema_version" in json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return False
