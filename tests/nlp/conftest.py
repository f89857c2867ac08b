"""Fixtures for the French analysis layer: the model is loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.model import Article
from recoupe.nlp import FrenchPipeline, NlpResult, analyze, get_pipeline

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
SEEDS = SHARED / "seeds"
GOLD = ROOT / "eval" / "gold" / "nlp"
FLOORS = ROOT / "eval" / "floors"

#: publication days of the seed articles (read off their content)
SEED_PUBLISHED = {
    "000": "2024-11-20", "001": "2024-11-20", "002": "2024-11-20",
    "003": "2024-11-13", "004": "2024-11-20",
}


@pytest.fixture(scope="session")
def nlp_options() -> Options:
    """Defaults, but every speaker candidate shown: these tests check what the attribution
    rules propose; tests/nlp/test_speaker_decision.py checks what is then shown."""
    return Options().with_overrides({"nlp": {"speaker_min_confidence": 0.0}})


@pytest.fixture(scope="session")
def fr_pipeline(nlp_options: Options) -> FrenchPipeline:
    """The cached fast pipeline, loaded once."""
    pipeline = get_pipeline(nlp_options)
    _ = pipeline.fast
    return pipeline


def make_article(text: str, published: str | None = "2024-11-20", aid: str = "t") -> Article:
    return Article(id=aid, source=aid, text=text, published=published)


@pytest.fixture(scope="session")
def analyze_text(fr_pipeline: FrenchPipeline, nlp_options: Options):  # type: ignore[no-untyped-def]
    """Analyse one French text: returns (article, result)."""

    def run(text: str, published: str | None = "2024-11-20") -> tuple[Article, NlpResult]:
        article = make_article(text, published)
        return article, analyze([article], nlp_options, pipeline=fr_pipeline)

    return run


@pytest.fixture(scope="session")
def seeds(fr_pipeline: FrenchPipeline, nlp_options: Options) -> tuple[list[Article], NlpResult]:
    """The five seed articles analysed together as one story (skips without the corpus)."""
    if not SEEDS.is_dir():
        pytest.skip(f"shared corpus missing ({SEEDS})")
    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        key = path.name[:3]
        articles.append(Article(id=key, source=str(path), text=text,
                                published=SEED_PUBLISHED.get(key)))
    result = analyze(articles, nlp_options, pipeline=fr_pipeline)
    return articles, result
