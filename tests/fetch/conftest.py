"""Fixtures of the fetch tests: the fictional news site (one server for the session, its log
emptied for each test) and fast, polite-enough settings."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fixture_site import Site, start  # noqa: E402

from recoupe.config import Options  # noqa: E402
from recoupe.fetch import with_fetch_section  # noqa: E402

#: settings that keep the suite fast: no pause between requests, short timeouts and backoff
FAST = {"rate": 0, "timeout": 0.5, "retries": 2, "backoff": 0.05, "max_backoff": 5,
        "min_interval": 0, "max_bytes": 200_000}


@pytest.fixture(scope="session")
def _server() -> Iterator[Site]:
    site, server = start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(_server: Site) -> Site:
    _server.reset()
    return _server


@pytest.fixture
def fetch_options() -> Options:
    return with_fetch_section(Options.load(quiet=True), dict(FAST))
