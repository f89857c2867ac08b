"""The Dask engine on a 2-worker LocalCluster gives what the local engine gives."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.engine import DaskEngine, EngineError, LocalEngine, get_engine
from recoupe.ingest.readers import iter_paths

pytest.importorskip("distributed", reason='dask.distributed missing: pip install "recoupe[dask]"')

SAMPLES = Path(__file__).parents[2] / "samples" / "corpus"


@pytest.fixture(scope="module")
def expected() -> list[dict]:  # type: ignore[type-arg]
    opts = Options.load()
    return [a.as_dict() for a in LocalEngine().map_prepare(iter_paths([str(SAMPLES)], opts), opts)]


def test_threads_cluster_in_order_and_as_completed(expected: list[dict]) -> None:  # type: ignore[type-arg]
    opts = Options.load()
    missing = ("absent.txt", Path("absent.txt"), None)
    with DaskEngine(workers=2, processes=False, batch_size=3, in_flight=2) as engine:
        got = [a.as_dict() for a in engine.map_prepare(iter_paths([str(SAMPLES)], opts), opts)]
        assert got == expected  # same articles, input order
        engine.ordered = False
        inputs = [*iter_paths([str(SAMPLES)], opts), missing]
        pairs = list(engine.map_sources(inputs, opts))
        assert sorted(p[0][0] for p in pairs) == sorted(i[0] for i in inputs)
        by_source = {r.source: r.as_dict() for _i, rs in pairs for r in rs}
        assert by_source.pop("absent.txt")["reason"] == "no such file or folder"
        assert by_source == {a["source"]: a for a in expected}
        # a consumer that stops early (its queued tasks cancelled) leaves the engine usable
        engine.ordered = True
        first = list(itertools.islice(engine.map_prepare(iter_paths([str(SAMPLES)], opts), opts), 2))
        assert [a.as_dict() for a in first] == expected[:2]
        assert len(list(engine.map_prepare(iter_paths([str(SAMPLES)], opts), opts))) == len(expected)


def test_process_workers_read_the_files(expected: list[dict]) -> None:  # type: ignore[type-arg]
    opts = Options.load()
    with DaskEngine(workers=2, processes=True, batch_size=4) as engine:
        got = [a.as_dict() for a in engine.map_prepare(iter_paths([str(SAMPLES)], opts), opts)]
    assert got == expected


def test_an_unreachable_scheduler_is_a_coded_error() -> None:
    with pytest.raises(EngineError, match=r"\[D003\]"):
        DaskEngine(address="tcp://127.0.0.1:9", connect_timeout=1)
    opts = Options.load()
    settings = {**opts.settings, "engine": {"backend": "dask", "address": "tcp://127.0.0.1:9", "connect_timeout": 1}}
    with pytest.raises(EngineError, match=r"\[D003\]"):
        get_engine(Options(settings=settings))
