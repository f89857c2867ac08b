"""One pipeline run per corpus for the claims tests (load, cluster, NLP, reuse, claims)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from recoupe.config import Options
from recoupe.evaluate.claims import _Layered, run_pipeline
from recoupe.model import Article, Claim

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "corpus"
GOLD = ROOT / "eval" / "gold" / "claims"
FLOORS = ROOT / "eval" / "floors" / "claims.json"

_RUNS: dict[tuple[Any, ...], tuple[list[Article], list[Claim]]] = {}


def cached_pipeline(paths: list[str], options: Any) -> tuple[list[Article], list[Claim]]:
    """:func:`run_pipeline`, memoised on the paths and the gold's independence rule."""
    key = (tuple(sorted(paths)), bool(options.get("claims.outlet_one_source", False)))
    if key not in _RUNS:
        _RUNS[key] = run_pipeline(paths, options)
    return _RUNS[key]


@pytest.fixture(scope="session")
def sample_claims() -> tuple[list[Article], list[Claim]]:
    """The whole sample corpus through the pipeline (independence as the sample gold
    defines it: a reuse family or an outlet counts once), shared with the floor test."""
    files = [str(p) for p in SAMPLES.rglob("*") if p.is_file()]
    options = _Layered(Options.load(quiet=True), {"claims.outlet_one_source": True})
    return cached_pipeline(files, options)


@pytest.fixture(scope="session")
def cached_run() -> Any:
    """The memoised pipeline, to pass to ``evaluate_claims(pipeline=...)``."""
    return cached_pipeline
