from __future__ import annotations

import pytest

from recoupe.config import Options
from recoupe.embed import Embedder, get_embedder


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    emb = get_embedder(Options.load(quiet=True))
    assert emb is not None
    return emb
