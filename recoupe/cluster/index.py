"""Candidate retrieval for the streaming clusterer: an inverted index with capped postings.

Each cluster (event or story) is indexed under its top keys (heaviest centroid terms and
entities). A query collects the clusters posted under the article's own top keys and
ranks them by the summed weight of the keys they share. Every posting list keeps only the
``max_postings`` most recently updated clusters, so a query touches at most
``query_keys × max_postings`` postings however many clusters exist: the cost of assigning
one article stays flat as the stream grows (a very common key such as "says" simply
points at the latest clusters that used it).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping


class InvertedIndex:
    """key → recently updated cluster ids, plus cluster → its current keys."""

    __slots__ = ("max_postings", "postings", "keys_of")

    def __init__(self, max_postings: int = 64) -> None:
        """Args:
        max_postings: clusters kept per key (oldest updates are dropped first).
        """
        self.max_postings = max_postings
        self.postings: dict[str, dict[str, None]] = {}
        self.keys_of: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self.keys_of)

    def update(self, cluster_id: str, keys: Iterable[str]) -> None:
        """(Re-)post ``cluster_id`` under ``keys`` as the most recent entry of each list."""
        new = set(keys)
        old = self.keys_of.get(cluster_id, set())
        for k in old - new:
            plist = self.postings.get(k)
            if plist is not None:
                plist.pop(cluster_id, None)
                if not plist:
                    del self.postings[k]
        for k in new:
            plist = self.postings.setdefault(k, {})
            plist.pop(cluster_id, None)
            plist[cluster_id] = None  # dicts keep insertion order: last = most recent
            if len(plist) > self.max_postings:
                evicted = next(iter(plist))
                del plist[evicted]
                if evicted != cluster_id:
                    self.keys_of.get(evicted, set()).discard(k)
        self.keys_of[cluster_id] = new

    def restore(self, postings: Mapping[str, Iterable[str]]) -> None:
        """Load saved posting lists (each oldest first); the keys of each cluster follow."""
        self.postings = {k: dict.fromkeys(ids) for k, ids in postings.items()}
        self.keys_of = {}
        for k, plist in self.postings.items():
            for cid in plist:
                self.keys_of.setdefault(cid, set()).add(k)

    def remove(self, cluster_id: str) -> None:
        """Take ``cluster_id`` out of the index (dormant or merged cluster)."""
        for k in self.keys_of.pop(cluster_id, set()):
            plist = self.postings.get(k)
            if plist is not None:
                plist.pop(cluster_id, None)
                if not plist:
                    del self.postings[k]

    def query(self, weights: Mapping[str, float], limit: int) -> list[str]:
        """Cluster ids sharing keys with the query, best ``limit`` by summed key weight.

        Args:
            weights: the query's keys and their weights (its top terms and entities).
            limit: how many candidates to return.
        """
        scores: dict[str, float] = {}
        for k, w in weights.items():
            plist = self.postings.get(k)
            if not plist:
                continue
            for cid in plist:
                scores[cid] = scores.get(cid, 0.0) + w
        if len(scores) <= limit:
            return list(scores)
        return [c for c, _ in heapq.nlargest(limit, scores.items(), key=lambda kv: kv[1])]
