"""Fixtures for the web tests: a real store filled from samples/, the app, a live server.

The store holds the sample corpus plus one hostile article (HTML, script and javascript:
URLs in its fields), analysed by the real pipeline. The first story then gets a summary,
a timeline, claims and an outlet's unique claim written by hand from real sentences of
its articles (offsets into their cleaned text): honest data for pages that issue 5 fills,
saved through the store like the analysis saves it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402
from webdata import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    HOSTILE,
    NO_EMBEDDINGS,
    ROOT,
    SAMPLES,
    TOKEN,
    LiveServer,
    add_hand_synthesis,
    chromium_ready,
    copy_store,
)

from recoupe.config import Options  # noqa: E402
from recoupe.jobs import analyze_store, ingest_paths  # noqa: E402
from recoupe.store import open_store  # noqa: E402
from recoupe.web import create_app  # noqa: E402


@pytest.fixture(scope="session")
def web_options() -> Options:
    """The default settings without sentence embeddings: these tests are about the web layer,
    not clustering quality (the samples cluster the same way), and the encoder would
    re-embed the whole store on every analysis (about 10 s here)."""
    return Options.load(quiet=True, overrides=NO_EMBEDDINGS)


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory, web_options: Options) -> dict[str, Any]:
    """A store with the samples and the hostile article, analysed, plus hand-made synthesis."""
    root = tmp_path_factory.mktemp("web")
    hostile = root / "in" / "hostile.jsonl"
    hostile.parent.mkdir()
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    db = root / "demo.db"
    with open_store(str(db)) as store:
        ingest_paths([str(SAMPLES), str(hostile)], store, web_options)
        analyze_store(store, web_options)
        hostile_id = next(a.id for a in store.articles() if "soupe" in a.text)
    info = add_hand_synthesis(db)
    info.update(db=db, hostile=hostile_id)
    return info


@pytest.fixture(scope="session")
def client(web_store: dict[str, Any], web_options: Options) -> Iterator[TestClient]:
    app = create_app(web_store["db"], web_options, token=TOKEN)
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def live_server(web_store: dict[str, Any], web_options: Options,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = copy_store(web_store["db"], tmp_path_factory.mktemp("live") / "live.db")
    with LiveServer(create_app(db, web_options, token=TOKEN)) as srv:
        yield srv


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = chromium_ready()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    out = ROOT / "out" / "web-screenshots"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return out
