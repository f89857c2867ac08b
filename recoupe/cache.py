"""Process-wide memos for the two costly models, so a store analysed again (a server
receiving articles, ``recoupe ingest`` run after run in one process) only pays for the
texts it has not seen.

- :class:`CachedEmbedder` wraps any :class:`~recoupe.embed.Embedder`: sentence vectors
  are kept by text, in a bounded LRU;
- :class:`CachingPipeline` is the French spaCy pipeline whose fast pass (sentences and
  entity spans per text) is kept by text, in a bounded LRU.

Both give exactly what the wrapped model gives; only the repeated work goes.
"""

from __future__ import annotations

import hashlib
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
        if unique:
            order = list(unique.values())
            vecs = self.inner.encode([texts[i] for i in order])
            for i, v in zip(order, vecs, strict=True):
                self.memo.put(keys[i], v)
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
        if missing:
            computed = FrenchPipeline.features(self, [items[i] for i in missing])
            for i, feats in zip(missing, computed, strict=True):
                self._memo.put(keys[i], feats)
                found[i] = feats
        for feats in found:
            yield TextFeatures(list(feats.sentences), list(feats.entities))


@lru_cache(maxsize=4)
def _pipeline(model: str, batch_size: int, n_process: int) -> CachingPipeline:
    return CachingPipeline(model=model, batch_size=batch_size, n_process=n_process)


def cached_pipeline(options: Options) -> CachingPipeline:
    """The process-wide memoising pipeline for the ``[nlp]`` settings."""
    return _pipeline(str(options.get("nlp.model", "fr_core_news_md")),
                     int(options.get("nlp.batch_size", 64)),
                     max(1, int(options.get("nlp.n_process", 1))))


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
