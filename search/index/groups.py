"""Copies of a clause, the build's part in `groups.npy` and `fingerprints.npy`: which rows hold the same
provision (`duplicates.py` finds them), read by search to show one hit per group and where else it appears."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

GROUPS_FILE = "groups.npy"
FINGERPRINTS_FILE = "fingerprints.npy"


@dataclass
class Groups:
    """Per vector row, the row of its group's representative (its lowest row), and the fingerprint grouping
    computed for it (memory-mapped once loaded; an update reads it to group only the new clauses)."""

    leaders: np.ndarray
    fingerprints: np.ndarray

    @classmethod
    def build(cls, texts: list[str], previous_fingerprints: np.ndarray | None) -> Groups:
        # Imported by the build alone: datasketch brings scipy's stats and integrate, 0.3 s of every start-up.
        from search.index.duplicates import group_copies

        return cls(*group_copies(texts, previous_fingerprints))

    @property
    def copied(self) -> int:
        """Rows grouped under another row."""
        return int((self.leaders != np.arange(len(self.leaders))).sum())

    def save(self, folder: Path) -> None:
        np.save(folder / GROUPS_FILE, self.leaders)
        np.save(folder / FINGERPRINTS_FILE, self.fingerprints)

    @classmethod
    def load(cls, folder: Path) -> Groups:
        return cls(np.load(folder / GROUPS_FILE), np.load(folder / FINGERPRINTS_FILE, mmap_mode="r"))

    def verify(self, rows: int) -> None:
        if not len(self.leaders) == len(self.fingerprints) == rows:
            raise ValueError(
                f"{GROUPS_FILE} holds {len(self.leaders)} rows and {FINGERPRINTS_FILE} {len(self.fingerprints)}, "
                f"where the manifest has {rows} clauses"
            )
