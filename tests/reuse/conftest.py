from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.embed import Embedder, get_embedder
from recoupe.model import Article

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "corpus"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    emb = get_embedder(Options.load(quiet=True))
    assert emb is not None
    return emb


@pytest.fixture(scope="session")
def sample_articles() -> list[Article]:
    from recoupe.pipeline import load_articles

    arts, _ = load_articles([str(SAMPLES)], Options.load(quiet=True))
    return arts
