from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.config import Options

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus"
SHARED = ROOT.parent / "shared" / "corpus"
SEEDS = SHARED / "seeds"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"shared corpus missing ({SHARED})")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def options() -> Options:
    return Options.load(quiet=True)


@pytest.fixture(scope="session")
def sample_report(options: Options):  # type: ignore[no-untyped-def]
    from recoupe.pipeline import analyze

    return analyze([str(SAMPLES)], options)
