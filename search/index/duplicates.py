"""Groups of exact and near-identical clauses, found once when the index is built.

Cities copy each other's and their province's texts, so a real library holds the same provision many times;
retrieval collapses each group to one candidate, so copies never crowd other cities out of the pool.
Near-identical: the character-bigram sets of the compact texts have a Jaccard similarity of at least `NEAR`, so
a changed figure or city name keeps a copy in its group. MinHash LSH (datasketch) finds the candidates in
near-linear time. A clause joins the group of the earlier representative it resembles most, else starts its
own: every member resembles its representative (no chains of ever-drifting texts) and the groups depend only
on the clauses and their order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

from search.normalize import compact

NEAR = 0.7  # a figure changed in a 20-character clause still groups (0.83); unrelated clauses here reach 0.54
NUM_PERM = 64
SEED = 1  # fixed: the same clauses always give the same groups
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED).permutations  # made once, not per clause


# Per indexed clause, what grouping computed from its text, saved with the build (`fingerprints.npy`) so the next
# build computes it only for new texts: a digest of the clause text (to find it again), of its compact form (the
# exact-copy test) and its MinHash values (all zero when none was needed: an exact copy, or under two characters).
FINGERPRINT = np.dtype([("text", "V20"), ("compact", "V16"), ("minhash", "<u4", (NUM_PERM,))])


def duplicate_groups(texts: Sequence[str]) -> np.ndarray:
    """`group[i]` is the position of clause i's representative: the lowest position in its group."""
    return group_copies(texts)[0]


def group_copies(texts: Sequence[str], known: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The groups, and each text's fingerprint (`FINGERPRINT`); a text found in `known` (the previous build's
    fingerprints) is not normalised or hashed again, which was most of an update's grouping time."""
    group = np.arange(len(texts), dtype=np.int64)
    prints = np.zeros(len(texts), dtype=FINGERPRINT)
    text_digests = [hashlib.sha1(text.encode("utf-8")).digest() for text in texts]
    known = np.asarray(known if known is not None else np.zeros(0, dtype=FINGERPRINT))  # a memory map no more
    earlier = dict(zip(known["text"].tolist(), range(len(known)), strict=True))
    known_keys = known["compact"].tolist()
    # compact digest -> a row holding its MinHash: a text's own row may have none, if it was an exact copy then
    known_minhash = {known_keys[row]: known["minhash"][row] for row in np.flatnonzero(known["minhash"].any(axis=1))}
    keys: list[bytes] = []
    first: dict[bytes, int] = {}  # compact text digest -> its first position
    lsh = MinHashLSH(threshold=NEAR, num_perm=NUM_PERM)
    signatures: dict[int, np.ndarray] = {}  # representative -> its MinHash values, to check LSH's candidates
    for position, (text, text_digest) in enumerate(zip(texts, text_digests, strict=True)):
        seen = earlier.get(text_digest)
        flat = None
        if seen is not None:
            key = known_keys[seen]
        else:
            flat = compact(text)
            key = hashlib.blake2b(flat.encode("utf-8"), digest_size=16).digest()
        keys.append(key)
        if key in first:
            group[position] = group[first[key]]
            continue
        first[key] = position
        values = known_minhash.get(key)
        if values is None:
            flat = flat if flat is not None else compact(text)
            if len(flat) < 2:
                continue  # no bigram to compare: only exact copies group
            values = _minhash(flat)
        prints["minhash"][position] = values
        minhash = MinHash(hashvalues=values, hashfunc=int, permutations=_PERMUTATIONS, scheme="affine32")
        leader = _most_similar(minhash.hashvalues, lsh.query(minhash), signatures)
        if leader is None:
            lsh.insert(position, minhash, check_duplication=False)
            signatures[position] = minhash.hashvalues
        else:
            group[position] = leader
    prints["text"] = np.frombuffer(b"".join(text_digests), dtype="V20")
    prints["compact"] = np.frombuffer(b"".join(keys), dtype="V16")
    return group, prints


def _minhash(flat: str) -> np.ndarray:
    minhash = MinHash(num_perm=NUM_PERM, hashfunc=int, permutations=_PERMUTATIONS, scheme="affine32")
    minhash.update_batch(_bigram_codes(flat))
    return minhash.hashvalues


def _bigram_codes(flat: str) -> list[int]:
    """Each character bigram as one 32-bit number (exact for the Basic Multilingual Plane, where Chinese is);
    MinHash mixes it before permuting, so a plain code is as good as a digest and far cheaper."""
    points = np.frombuffer(flat.encode("utf-32-le"), dtype=np.uint32)
    return ((points[:-1] << 16) ^ points[1:]).tolist()


def _most_similar(values: np.ndarray, candidates: list[int], signatures: dict[int, np.ndarray]) -> int | None:
    """The candidate whose estimated Jaccard similarity is highest and at least NEAR (ties: the earliest)."""
    best, best_similarity = None, NEAR
    for candidate in sorted(candidates):
        similarity = float(np.mean(signatures[candidate] == values))
        if similarity >= best_similarity and (best is None or similarity > best_similarity):
            best, best_similarity = candidate, similarity
    return best
