"""What an index was built from: the corpus, and everything else that shapes it, recorded in the manifest.

An index is stale when either differs from now. The corpus hash stays apart from the other inputs because it is
the expensive one to compute and the usual reason; the other inputs are kept readable (versions, settings), so
the note can say what changed: "libraries changed (jieba 0.42.1 -> 0.42.2)", "tokenizer resources changed".
"""

from __future__ import annotations

import hashlib

import bm25s
import faiss
import jieba
import opencc

from search.config import Settings
from search.index.crosslingual import crosslingual_id
from search.index.tokenization import tokenizer_fingerprint
from search.ingest.files.file_digests import FileDigests
from search.ingest.files.folders import FolderScan, scan
from search.ingest.files.loading import os_reason

# Bump when loading, cleaning or chunking changes what clauses come out of the same files.
# 4: sentences over max_clause_chars cut at a comma or space, else at the limit;
# 5: exact and near-identical clauses grouped at build time (index/duplicates.py);
# 6: PDF and Word files read, the closing block (抄送, …印发) kept out of clauses, radical code points mapped, and
# documents' stated validity (ingest/facts/validity.py), so reused documents are read again;
# 7: a clause over max_clause_chars split at the points its sentences number (一是… 二是…);
# 8: documents placed by the gazetteer (province, city, district) and read from real pages' metadata blocks;
# menus, tool bars, copyright lines and pinyin annotations cleaned out, mojibake marked, a last clause cut
# mid-sentence not indexed; 9: documents' citations of other documents (ingest/citations/reading.py); 10: undefined short
# names, drafts, gazettes and forms in citations; 11: a heading that names its issuer over a metadata title that
# does not, a list item's title cut from its post date, counties of two characters (南县) opening an issuer;
# citations in doubt kept as mentions (ingest/citations/doubts.py); 12: titles joined across three lines and
# cut from what sites glue around them, breadcrumbs with no home page named, issued dates and places of round 8;
# 13: titles, places and dates of round 9; 14: section headings' citations, explainers acting on nothing, decree
# lists, a long heading's line kept as a clause, and each cited document's effect in lineage.json; 15: a title read
# from a news lead marks the page a report (`DocumentMeta.reported`), joint decrees, texts issued side by side
# 16: what an announcement, a plan or a province's forwarding issues is its own; an explainer issues nothing;
# 17: titles, dates and places of round 10 (a 关于…的公示 heading, a decree's promulgating sentence, a signatory)
# 18: a decision named in a gazette's contents, `X全文` headings, short names past `(试行)`, `…年第N号令` decrees
# 19: titles and dates of round 11 (a table cell's title, a headline's year, a squashed date); 20: 制订, a stray
# bracket after a number's year; 21: a code review's fixes (a forwarding notice's own signatory, own departments
# narrowed, a column's name no heading, dated rows and contents lists narrowed)
PIPELINE_VERSION = 21


def scan_corpus(settings: Settings) -> FolderScan:
    """The corpus folder's files, overrides and what could not be listed: one walk for the listing and the
    fingerprint alike."""
    return scan([settings.corpus_dir], settings.corpus_dir) if settings.corpus_dir.is_dir() else FolderScan()


def corpus_listing(settings: Settings, found: FolderScan | None = None) -> str:
    """Hash of the corpus files' paths, sizes and modification times: a few milliseconds for thousands of
    files, where reading them all takes seconds. Equal listings mean an unchanged corpus (as for git's index:
    an edit that keeps a file's size and nanosecond mtime would go unseen); a different one is settled by
    `corpus_fingerprint`, so touching a file does not rebuild anything."""
    digest = hashlib.sha256()
    found = found or scan_corpus(settings)
    for source_file in found.files + found.overrides:
        try:
            stat = source_file.path.stat()
            entry = f"{source_file.relative.as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_mode}"
        except OSError as error:
            entry = f"{source_file.relative.as_posix()}\0cannot stat ({os_reason(error)})"
        digest.update(entry.encode() + b"\0")
    for skipped in found.skipped:
        digest.update(skipped.reason.encode() + b"\0")
    return digest.hexdigest()


def corpus_fingerprint(settings: Settings, found: FolderScan | None = None, digests: FileDigests | None = None) -> str:
    """Hash of the corpus files in all its folders, metadata overrides included: each file's path in the corpus
    and the sha256 of its bytes, which `digests` remembers for a file whose stat is unchanged (else it is read).

    A file that cannot be read counts by its path and the reason, so the hash changes once it can be read;
    what could not be listed (a folder, a loop) counts by its message.
    """
    digest = hashlib.sha256()
    digests = digests or FileDigests()
    found = found or scan_corpus(settings)
    for source_file in found.files + found.overrides:
        digest.update(source_file.relative.as_posix().encode() + b"\0")
        try:
            digest.update(digests.digest(source_file.path).encode())
        except OSError as error:
            digest.update(f"cannot read ({os_reason(error)})".encode())
        digest.update(b"\0")
    for skipped in found.skipped:
        digest.update(skipped.reason.encode() + b"\0")
    return digest.hexdigest()


def build_inputs(settings: Settings, encoder_id: str) -> dict[str, str | dict]:
    """Everything besides the corpus that decides the clauses, their tokens, their vectors and the dense index.

    Search-time settings (ivf_nprobe, hnsw_ef_search) are left out: they are applied to every query.
    """
    return {
        "tokenizer resources": tokenizer_fingerprint(),
        "libraries": {
            "jieba": jieba.__version__,
            "bm25s": bm25s.__version__,
            "opencc": opencc.__version__,
            "faiss": faiss.__version__,
        },
        "pipeline": {
            "version": PIPELINE_VERSION,
            "max_clause_chars": settings.max_clause_chars,
            "min_clause_chars": settings.min_clause_chars,
            "max_document_bytes": settings.max_document_bytes,
        },
        "dense index": {
            "ann_threshold": settings.ann_threshold,
            "ann_kind": settings.ann_kind,
            "hnsw_m": settings.hnsw_m,
        },
        "encoder": encoder_id,
        "crosslingual encoder": crosslingual_id(settings.crosslingual_model),
    }


def changed_inputs(recorded: dict, current: dict) -> list[str]:
    """What differs, one phrase per part: `pipeline changed (max_clause_chars 600 -> 300)`."""
    changes = []
    for part, now in current.items():
        then = recorded.get(part)
        if then == now:
            continue
        if isinstance(now, dict) and isinstance(then, dict):
            details = ", ".join(
                f"{key} {then.get(key)} -> {value}" for key, value in now.items() if then.get(key) != value
            )
            changes.append(f"{part} changed ({details})")
        else:
            changes.append(f"{part} changed")
    return changes


# The parts of the build inputs that shape a text's BM25 tokens, and a file's clauses.
TOKEN_INPUTS = ("tokenizer resources", "libraries")
CLAUSE_INPUTS = ("pipeline", "tokenizer resources", "libraries")


def unchanged(recorded: dict, current: dict, parts: tuple[str, ...]) -> bool:
    """Whether these parts of the build inputs are as recorded: then what they shaped may be reused."""
    return all(recorded.get(part) == current[part] for part in parts)
