"""The build's manifest: what it was built from and with, what it holds, and a checksum of every file.

On disk it is `manifest.json` (its shape checked and its seal verified by `integrity.py`); in memory it is the
`Manifest` dataclass below, so that readers name fields instead of spelling dict keys alike.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from search.index.calibration import Calibration
from search.index.integrity import parse_manifest
from search.ingest.corpus import Skipped

# 2: Document records lost removed_debris; 3: build_inputs beside corpus_hash; 4: the encoder's calibration;
# 5: a checksum per file (lexical/ included) and the manifest's own digest; 6: clauses in SQLite, facet arrays,
# groups.npy; 7: documents' validity fields and the validity facet arrays, crosslingual.npy; 8: the grouping
# fingerprints, sources.json, and a document's content hash made from its file's digest; 9: crosslingual_terms.npy,
# crosslingual.faiss; 10: the grouping fingerprints in fingerprints.npy; 11: a province per document in the facets;
# 12: phrases/, which clauses hold a piece of text; 13: documents' citations, lineage.json, and what later
# documents did to each in the facets
SCHEMA_VERSION = 13
FILE = "manifest.json"


@dataclass(frozen=True)
class EncoderRecord:
    """An encoder's id and vector width; for the cross-lingual leg id "" and dim 0 mean switched off."""

    id: str
    dim: int


@dataclass(frozen=True)
class CrossLingualRecord(EncoderRecord):
    kind: str  # of its FAISS index, as for `DenseRecord.kind`


@dataclass(frozen=True)
class DenseRecord:
    kind: str  # "flat" or "ivf"
    threshold: int  # the clause count from which an IVF index is built


@dataclass(frozen=True)
class Counts:
    documents: int
    clauses: int
    indexed: int  # clauses searched (a vector row each)
    embedded: int  # vectors encoded by this build
    reused: int  # vectors taken from the previous build
    terms: int  # expansion vocabulary
    copies: int  # indexed clauses in another's group


@dataclass(frozen=True)
class Manifest:
    """A build's manifest. `files` maps each file (relative path) to its size, mtime_ns and checksum."""

    schema_version: int
    encoder: EncoderRecord
    crosslingual: CrossLingualRecord
    corpus_hash: str
    corpus_listing: str
    build_inputs: dict[str, str]
    counts: Counts
    dense: DenseRecord
    calibration: Calibration
    skipped: list[Skipped]
    build_seconds: float
    clauses_per_second: float | None
    built_at: str
    files: dict[str, dict[str, int | str]] = field(default_factory=dict)
    digest: str = ""

    @classmethod
    def from_json(cls, record: dict) -> Manifest:
        """From the parsed JSON, whose shape `parse_manifest` has checked."""
        return cls(
            schema_version=record["schema_version"],
            encoder=EncoderRecord(**record["encoder"]),
            crosslingual=CrossLingualRecord(**record["crosslingual"]),
            corpus_hash=record["corpus_hash"],
            corpus_listing=record["corpus_listing"],
            build_inputs=record["build_inputs"],
            counts=Counts(**record["counts"]),
            dense=DenseRecord(**record["dense"]),
            calibration=Calibration(**record["calibration"]),
            skipped=[Skipped(**s) for s in record["skipped"]],
            build_seconds=record["build_seconds"],
            clauses_per_second=record["clauses_per_second"],
            built_at=record["built_at"],
            files=record["files"],
            digest=record["digest"],
        )

    def to_json(self) -> dict:
        """The JSON object, keys in the order they have always been written; `files` and `digest` only once set."""
        record = asdict(self)
        if not self.digest:
            del record["files"], record["digest"]
        return record

    @property
    def size_bytes(self) -> int:
        """Every file the manifest lists (not the manifest itself)."""
        return sum(int(f["size"]) for f in self.files.values())


def read_manifest(path: Path) -> Manifest:
    """The build folder's manifest, validated (shape, schema, digest); ValueError or OSError otherwise."""
    record = parse_manifest((path / FILE).read_text(encoding="utf-8"), SCHEMA_VERSION)
    try:
        return Manifest.from_json(record)
    except (KeyError, TypeError) as error:  # a field the shape check does not cover, missing or unknown
        raise ValueError(f"the manifest's fields do not fit ({error})") from None
