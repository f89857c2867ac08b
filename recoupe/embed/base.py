"""The embedding interface every backend implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    #: short identifier of the model, stored with cluster state so a resumed run can tell
    #: whether its vectors are comparable
    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts``.

        Args:
            texts: strings to embed (may be empty).

        Returns:
            A ``(len(texts), dim)`` float32 array whose rows have unit L2 norm.
        """
        ...


def l2_normalise(matrix: np.ndarray) -> np.ndarray:
    """Return ``matrix`` as float32 with unit-norm rows (zero rows stay zero)."""
    m = np.asarray(matrix, dtype=np.float32)
    if m.ndim == 1:
        m = m[None, :]
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32, copy=False)
