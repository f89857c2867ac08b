"""The UI in a real browser: Playwright driving Debian's /usr/bin/chromium, headless.

Chromium comes from scripts/install-browser.sh (never ``playwright install``); without it
and without root to install it, these tests skip and say why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from webdata import CIDER, FLOOD, TOKEN, LiveServer, after, copy_store, write_jsonl

from recoupe.config import Options
from recoupe.jobs import analyze_store, ingest_paths
from recoupe.store import open_store
from recoupe.web import create_app

pytestmark = pytest.mark.browser


def test_click_a_citation_opens_the_highlighted_passage(browser: Any, live_server: LiveServer,
                                                         web_store: dict[str, Any], screenshots: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/stories/{web_store['story']}?lang=en")
    assert page.locator("h2", has_text="Summary").is_visible()
    page.screenshot(path=str(screenshots / "story.png"), full_page=True)

    sent = web_store["summary"][1]
    link = page.locator("ol.summary li").nth(1).locator("a.cite.passage")
    link.click()
    page.wait_for_url(f"**/articles/{sent['article']}?hl={sent['start']}-{sent['end']}#hl")
    mark = page.locator("#hl")
    mark.wait_for(state="visible")
    cited = page.locator("#text .cited").all_inner_texts()
    assert "".join(cited) == sent["text"]
    # scrolled to: the passage is inside the viewport
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900
    color = mark.evaluate("el => getComputedStyle(el).backgroundColor")
    assert color == "rgb(255, 224, 102)"
    page.screenshot(path=str(screenshots / "cited-passage.png"))

    # removed debris is hidden until asked for
    details = page.locator("details.removed")
    if details.count():
        assert not details.locator("table").is_visible()
        details.locator("summary").click()
        assert details.locator("table").is_visible()
    assert not errors, errors  # no CSP violation, no script error
    page.close()


def test_reuse_page_links_passages(browser: Any, live_server: LiveServer, web_store: dict[str, Any],
                                   screenshots: Path) -> None:
    import httpx

    pairs = httpx.get(f"{live_server.url}/api/v1/reuse", params={"story": web_store["story"]}).json()["items"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/reuse/{pairs[0]['id']}")
    page.locator('.side').first.locator('.shared[data-p="0"]').first.click()
    active = page.locator(".shared.active")
    assert active.count() >= 2  # the passage on both sides
    page.screenshot(path=str(screenshots / "reuse.png"))
    page.close()


def test_hostile_article_executes_nothing(browser: Any, live_server: LiveServer, web_store: dict[str, Any]) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    aid = web_store["hostile"]
    import httpx

    story = httpx.get(f"{live_server.url}/api/v1/articles/{aid}").json()["story"]
    for url in (f"/articles/{aid}", f"/stories/{story}", "/", "/search?q=soupe+marmites"):
        page.goto(live_server.url + url)
        handlers = page.evaluate(
            "[...document.querySelectorAll('*')].flatMap(el => [...el.attributes]"
            ".filter(a => a.name.startsWith('on')).map(a => a.name))")
        assert handlers == [], url  # no event-handler attribute made it into the DOM
        assert page.evaluate("typeof window.__xss") == "undefined", url
        assert page.locator("main script, main img, main svg").count() == 0, url
        assert page.locator('a[href^="javascript"]').count() == 0, url
    page.goto(f"{live_server.url}/articles/{aid}")
    assert "<script>window.__xss = 'body'" in page.locator("#text").inner_text()
    assert not dialogs
    page.close()


def test_new_since_last_visit(browser: Any, web_store: dict[str, Any], web_options: Options,
                              tmp_path: Path, screenshots: Path) -> None:
    """A reader's second visit marks what another process added meanwhile; the first marks
    nothing; "mark all as seen" clears the marks."""
    import httpx

    db = copy_store(web_store["db"], tmp_path / "visits.db")
    with LiveServer(create_app(db, web_options, token=TOKEN, refresh_seconds=0)) as srv:
        page = browser.new_context().new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{srv.url}/?lang=en")
        assert page.locator(".badge.fresh:visible").count() == 0  # a first visit: nothing is new
        assert page.locator("#new-since-visit").is_hidden()
        seen = page.evaluate("localStorage.getItem('recoupe.seen')")
        assert seen == httpx.get(f"{srv.url}/api/v1/status").json()["latest_change"]

        after(seen)  # another process stores three articles and saves an analysis
        with open_store(str(db)) as other:
            ingest_paths([str(write_jsonl(tmp_path / "batch.jsonl", [*CIDER, FLOOD]))], other, web_options)
            analyze_store(other, web_options)
        page.evaluate("localStorage.setItem('recoupe.active', '1')")  # as if 30 minutes had passed
        for _ in range(2):  # the next visit, and a reload within it, mark the same stories
            page.goto(f"{srv.url}/?lang=en")
            rows = page.locator("tr.story.is-new")
            assert rows.count() == 2
            assert sorted(rows.locator("a.story-link").all_inner_texts())[0].startswith("Crue")
            assert rows.locator(".badge.fresh").evaluate_all("els => els.every(e => !e.hidden)")
            assert page.locator("tr.story:not(.is-new) .badge.fresh:visible").count() == 0
            note = page.locator("#new-since-visit")
            assert note.is_visible() and note.locator(".n").inner_text() == "2"
        page.screenshot(path=str(screenshots / "new-since-visit.png"), full_page=True)

        flood = page.locator("tr.story.is-new a.story-link", has_text="Crue")
        flood.click()
        marked = page.locator("li.is-new")
        assert marked.count() == 1 and "reconstruite" in marked.inner_text()
        page.go_back()

        page.locator("#new-since-visit a.only-new").click()
        page.wait_for_url("**/?changed_since=*")
        assert page.locator("tr.story").count() == 2 and page.locator("tr.story.is-new").count() == 2
        page.goto(f"{srv.url}/?lang=en")
        page.locator("button.mark-seen").click()
        assert page.locator(".badge.fresh:visible").count() == 0 and page.locator(".is-new").count() == 0
        page.reload()
        assert page.locator(".badge.fresh:visible").count() == 0
        assert not errors, errors
        page.close()
