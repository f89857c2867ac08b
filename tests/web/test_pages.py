"""Server-rendered pages, read through the real app (the browser tests click through them)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from webdata import article_of


def test_stories_page_lists_and_filters(client: TestClient, web_store: dict[str, Any]) -> None:
    r = client.get("/", headers={"accept-language": "en-GB,en;q=0.8"})
    assert r.status_code == 200 and "<th>Story</th>" in r.text
    assert f'href="/stories/{web_store["story"]}"' in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
    fr = client.get("/?since=2026-11-01&lang=fr")
    assert "Publié depuis" in fr.text and "+" in fr.text and fr.cookies.get("lang") == "fr"
    assert client.get("/?since=not-a-date").status_code == 400
    # the language switch is relative to the page: a crafted path cannot make it point elsewhere
    assert 'href="?since=2026-11-01&amp;lang=en"' in fr.text
    assert "evil.example" not in client.get("//evil.example/x").text.split('class="lang"')[1][:80]


def test_story_page_cites_passages(client: TestClient, web_store: dict[str, Any]) -> None:
    html = client.get(f"/stories/{web_store['story']}?lang=fr").text
    for sent in web_store["summary"]:
        href = f'/articles/{sent["article"]}?hl={sent["start"]}-{sent["end"]}#hl'
        assert f'href="{href}"' in html
    for section in ("summary", "timeline", "claims", "outlets", "reuse", "quotes", "entities"):
        assert f'id="{section}"' in html
    assert "dépêche commune" in html or "doublon" in html  # the AFP dispatch reused
    assert "seul à rapporter" in html  # the outlet's unique claim
    only = client.get(f"/stories/{web_store['story']}?status=conflicting").text
    assert only.count('class="claim ') == 1 and 'class="claim conflicting"' in only
    assert "(1 articles)" not in html and " 1 événements" not in html  # counts agree


def test_article_page_highlights_by_offsets(client: TestClient, web_store: dict[str, Any]) -> None:
    sent = web_store["summary"][0]
    r = client.get(f"/articles/{sent['article']}", params={"hl": f"{sent['start']}-{sent['end']}"})
    body = r.text.split('id="text">', 1)[1].split("</div>", 1)[0]
    cited = "".join(re.findall(r'<(?:mark|a)[^>]*\bclass="[^"]*\bcited\b[^"]*"[^>]*>([^<]*)<', body))
    assert cited.replace("&#39;", "'").replace("&#34;", '"') == sent["text"]
    assert body.count('id="hl"') == 1
    assert 'class="ent ent-' in body and 'class="date"' in body
    art = article_of(web_store["db"], sent["article"])
    if art.removed:
        assert "<details" in r.text
    # an offset outside the text is ignored, not an error
    assert 'id="hl"' not in client.get(f"/articles/{sent['article']}?hl=5-99999999").text


def test_hostile_article_is_text_everywhere(client: TestClient, web_store: dict[str, Any]) -> None:
    aid = web_store["hostile"]
    pages = [f"/articles/{aid}", "/", "/search?q=soupe", f"/api/v1/articles/{aid}"]
    story = client.get(f"/api/v1/articles/{aid}").json()["story"]
    assert story
    pages.append(f"/stories/{story}")
    for url in pages[:3] + pages[4:]:
        html = client.get(url).text
        assert "<script>window" not in html and "<img src=x" not in html and "<svg" not in html, url
        assert "onmouseover=alert" not in html.replace("&lt;b onmouseover=alert", ""), url
        assert 'href="javascript:' not in html, url
    html = client.get(f"/articles/{aid}").text
    assert "&lt;script&gt;window.__xss" in html and "&lt;img src=x onerror=" in html


def test_entity_event_reuse_search_and_errors(client: TestClient, web_store: dict[str, Any]) -> None:
    story = client.get(f"/api/v1/stories/{web_store['story']}").json()
    ent = client.get("/api/v1/entities", params={"story": story["id"], "type": "PER"}).json()["items"][0]
    page = client.get(f"/entities/{ent['id']}").text
    assert ent["name"] in page and f'href="/stories/{story["id"]}"' in page
    assert story["events"][0]["title"].split()[0] in client.get(f"/events/{story['events'][0]['id']}").text
    pairs = client.get("/api/v1/reuse", params={"story": story["id"]}).json()["items"]
    assert pairs
    reuse = client.get(f"/reuse/{pairs[0]['id']}").text
    assert reuse.count('class="side"') == 2 and 'data-p="0"' in reuse
    hits = client.get("/search", params={"q": "Garenne"}).text
    assert "<mark>Garenne</mark>" in hits
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/reuse/99999").status_code == 404
    assert client.get("/static/..%2Fapp.py").status_code == 404
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")


def test_citations_of_one_outlet_are_told_apart_by_their_day() -> None:
    from types import SimpleNamespace

    from recoupe.web.data import ArticleMeta
    from recoupe.web.pages import citations

    def meta(aid: str, day: str) -> ArticleMeta:
        return ArticleMeta(aid, "Titre", "Ouest Vallée", day, "fr", None, f"src/{aid}.txt", None, None, 100)

    snap = SimpleNamespace(articles={"a": meta("a", "2026-03-11T06:00"), "b": meta("b", "2026-03-12T08:00")})
    labels = [c["label"] for c in citations(snap, {"sources": ["a", "b"]})]  # type: ignore[arg-type]
    assert labels == ["Ouest Vallée 11/03", "Ouest Vallée 12/03"]
