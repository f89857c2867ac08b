from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.engine import EngineError, LocalEngine, get_engine, prepare_source
from recoupe.ingest.readers import iter_paths
from recoupe.model import Article, Rejected
from recoupe.pipeline import load_articles

SAMPLES = Path(__file__).parents[2] / "samples" / "corpus"


def _with_engine(**engine: object) -> Options:
    opts = Options.load()
    return Options(settings={**opts.settings, "engine": dict(engine)})


def test_local_engine_prepares_what_the_pipeline_loads() -> None:
    opts = Options.load()
    with LocalEngine() as engine:
        got = list(engine.map_prepare(iter_paths([str(SAMPLES)], opts), opts))
    articles, rejected = load_articles([str(SAMPLES)], opts)
    assert [a for a in got if isinstance(a, Article)] == articles
    assert not rejected and all(isinstance(a, Article) for a in got)


def test_an_unreadable_input_is_a_rejection() -> None:
    opts = Options.load()
    out = prepare_source(("nulle/part.txt", Path("nulle/part.txt"), None), opts)
    assert out == [Rejected("nulle/part.txt", "no such file or folder")]


def test_get_engine_reads_the_settings() -> None:
    assert isinstance(get_engine(Options.load()), LocalEngine)  # no [engine] section: local
    assert isinstance(get_engine(_with_engine(backend="local")), LocalEngine)
    with pytest.raises(EngineError, match=r"\[D001\]"):
        get_engine(_with_engine(backend="spark"))
