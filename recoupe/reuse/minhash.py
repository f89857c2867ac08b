"""Exact and near-duplicate detection at scale: word shingles, MinHash, LSH (datasketch).

Each text becomes the set of its word ``k``-shingles (folded words, see
:mod:`recoupe.reuse.tokens`); MinHash signatures are computed in bulk
(:meth:`datasketch.MinHash.bulk` / ``update_batch``) and bulk-inserted into a
:class:`datasketch.MinHashLSH` through an insertion session; every text then queries
the index once. Candidate pairs are kept when their estimated Jaccard similarity reaches
the threshold. Signatures are stored as one ``(n, num_perm)`` uint32/uint64 matrix, not
as MinHash objects, so memory stays small at hundreds of thousands of texts.

Exact duplicates (same folded word sequence) are found first with a hash table and skip
the LSH entirely.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from recoupe.reuse.tokens import word_grams, words


@dataclass(slots=True, frozen=True)
class DuplicatePair:
    """Two texts whose shingle sets are (nearly) the same."""

    a: str
    b: str
    #: estimated Jaccard similarity of the shingle sets (1.0 for exact duplicates)
    jaccard: float
    exact: bool = False


def shingles(text: str, k: int = 5) -> list[bytes]:
    """Distinct word ``k``-shingles of ``text`` as UTF-8 bytes.

    A text shorter than ``k`` words gives one shingle: all its words (so two short
    headlines can still be compared).
    """
    return [g.encode("utf-8") for g in word_grams(words(text), k)]


def signatures(shingle_sets: Iterable[list[bytes]], num_perm: int = 128,
               seed: int = 1, chunk: int = 10_000) -> np.ndarray:
    """MinHash signatures of shingle sets as a ``(n, num_perm)`` array.

    Uses :meth:`MinHash.bulk` chunk by chunk (one shared permutation set).
    """
    rows: list[np.ndarray] = []
    buf: list[list[bytes]] = []
    for s in shingle_sets:
        buf.append(s)
        if len(buf) >= chunk:
            rows.extend(m.hashvalues for m in MinHash.bulk(buf, num_perm=num_perm, seed=seed))
            buf = []
    if buf:
        rows.extend(m.hashvalues for m in MinHash.bulk(buf, num_perm=num_perm, seed=seed))
    if not rows:
        return np.zeros((0, num_perm), dtype=np.uint32)
    return np.vstack(rows)


def _chunks(seq: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


def near_duplicates(
    ids: Sequence[str],
    texts: Sequence[str],
    threshold: float = 0.8,
    num_perm: int = 128,
    shingle_size: int = 5,
    seed: int = 1,
    buffer_size: int = 50_000,
) -> list[DuplicatePair]:
    """All pairs of texts that are exact or near duplicates.

    Args:
        ids: one id per text (unique).
        texts: the texts.
        threshold: minimum estimated Jaccard similarity of the shingle sets.
        num_perm: MinHash permutations (64 is enough for headlines, 128 for articles).
        shingle_size: words per shingle.
        seed: MinHash seed.
        buffer_size: LSH insertion-session buffer.

    Returns:
        Pairs ``(a, b)`` with ``a`` before ``b`` in the input order, exact ones flagged.
        Exact duplicates are reported against the first text with the same words only.
    """
    if len(ids) != len(texts):
        raise ValueError("[E401] near_duplicates: ids and texts differ in length")
    pairs: list[DuplicatePair] = []
    first_of: dict[bytes, int] = {}
    keep: list[int] = []
    for i, t in enumerate(texts):
        ws = words(t)
        if not ws:
            continue
        digest = hashlib.blake2b(" ".join(ws).encode("utf-8"), digest_size=16).digest()
        j = first_of.get(digest)
        if j is not None:
            pairs.append(DuplicatePair(ids[j], ids[i], 1.0, exact=True))
            continue
        first_of[digest] = i
        keep.append(i)
    del first_of
    if len(keep) < 2:
        return pairs
    # shingles are generated lazily, chunk by chunk: only signatures stay in memory
    sigs = signatures((shingles(texts[i], shingle_size) for i in keep), num_perm=num_perm,
                      seed=seed)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    proto = MinHash(num_perm=num_perm, seed=seed)

    def as_minhash(row: np.ndarray) -> MinHash:
        return MinHash(num_perm=num_perm, seed=seed, hashvalues=row,
                       permutations=proto.permutations, scheme=proto.scheme)

    with lsh.insertion_session(buffer_size=buffer_size) as session:
        for pos in range(len(keep)):
            session.insert(pos, as_minhash(sigs[pos]), check_duplication=False)
    for pos in range(len(keep)):
        for other in lsh.query(as_minhash(sigs[pos])):
            if other <= pos:
                continue
            jac = float(np.count_nonzero(sigs[pos] == sigs[other])) / num_perm
            if jac >= threshold:
                pairs.append(DuplicatePair(ids[keep[pos]], ids[keep[other]], jac))
    return pairs


def connected_components(edges: Iterable[tuple[str, str]]) -> list[set[str]]:
    """Connected components of an undirected graph given by its edges (union-find).

    Returns:
        The components of two ids or more, largest first (ties by smallest id).
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[str, set[str]] = {}
    for x in parent:
        groups.setdefault(find(x), set()).add(x)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), min(g)))


def duplicate_groups(pairs: Iterable[DuplicatePair]) -> list[set[str]]:
    """Connected components of duplicate pairs (each a set of ids, size >= 2)."""
    return connected_components((p.a, p.b) for p in pairs)
