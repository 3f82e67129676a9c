"""Find the source files under corpus folders: recursively, in path order, every problem reported.

A library may be organised by province and city (`广东/广州/a.txt`). Hidden files and folders and `.meta.json`
overrides are not documents; a folder that cannot be listed, a broken link or a symlink loop becomes a
`Skipped` naming it, so "0 documents read" never hides a folder that was silently passed over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from search.ingest.loading import is_override_file, os_reason


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class SourceFile:
    """A file found, and its path relative to the folder it was found under (which decides its document id)."""

    path: Path
    relative: PurePosixPath


@dataclass
class FolderScan:
    files: list[SourceFile] = field(default_factory=list)
    overrides: list[SourceFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def scan(paths: list[Path]) -> FolderScan:
    """Expand folders recursively (sorted); a file named directly is taken as it is, by its name."""
    found = FolderScan()
    for path in paths:
        if path.is_dir():
            _walk(path, PurePosixPath(), {path.resolve(): path}, found)
        elif path.exists():
            found.files.append(SourceFile(path, PurePosixPath(path.name)))
        else:
            found.skipped.append(Skipped(str(path), f"{path}: no such file or directory"))
    return found


def _walk(folder: Path, relative: PurePosixPath, visited: dict[Path, Path], found: FolderScan) -> None:
    """`visited` maps each folder's real path to where it was first read: a link back to one is not followed."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        found.skipped.append(Skipped(str(folder), f"{folder}: cannot read folder ({os_reason(error)})"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        name = relative / entry.name
        if entry.is_dir():
            real = entry.resolve()
            if real in visited:
                found.skipped.append(Skipped(str(entry), _revisit(entry, visited[real])))
                continue
            visited[real] = entry
            _walk(entry, name, visited, found)
        elif is_override_file(entry):
            found.overrides.append(SourceFile(entry, name))
        elif entry.is_file():
            found.files.append(SourceFile(entry, name))
        else:
            found.skipped.append(Skipped(str(entry), _not_a_file(entry)))


def _revisit(link: Path, first: Path) -> str:
    if first in link.parents:
        return f"{link}: symbolic link loop (leads back to {first}), not followed"
    return f"{link}: same folder as {first}, already read"


def _not_a_file(entry: Path) -> str:
    try:
        entry.stat()
    except OSError as error:
        return f"{entry}: broken symbolic link ({os_reason(error)})"
    return f"{entry}: not a regular file"
