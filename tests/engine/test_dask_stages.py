"""Claims and synthesis story by story on Dask give what the local run gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.pipeline import load_articles, run_stages, sort_by_time

pytest.importorskip("distributed")

from recoupe.engine.dask_engine import DaskEngine  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _run(engine):  # type: ignore[no-untyped-def]
    options = Options.load(quiet=True)
    articles, _ = load_articles([str(ROOT / "samples" / "corpus")], options)
    result = run_stages(sort_by_time(articles), options, engine=engine)
    claims = [(c.id, c.group, c.status, c.confidence, tuple(c.sources)) for c in result.claims]
    summaries = {st.id: [(x.text, tuple(x.sources)) for x in st.summary] for st in result.stories}
    timelines = {st.id: [(e.date, e.text) for e in st.timeline] for st in result.stories}
    return claims, summaries, timelines


@pytest.mark.slow
def test_claims_and_synthesis_as_tasks_on_worker_processes() -> None:
    local = _run(None)
    with DaskEngine(workers=2, processes=True) as engine:
        assert engine.distributes
        distributed = _run(engine)
    assert distributed[0] == local[0]
    assert distributed[1] == local[1]
    assert distributed[2] == local[2]
