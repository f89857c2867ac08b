"""The JSON API against the real app on a real SQLite store filled from samples/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webdata import HOSTILE, TOKEN, copy_store

from recoupe.config import Options
from recoupe.store import open_store
from recoupe.web import create_app

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_openapi_lists_every_resource(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    for kind in ("stories", "events", "articles", "claims", "entities", "quotes"):
        assert f"/api/v1/{kind}" in paths
        assert any(p.startswith(f"/api/v1/{kind}/{{") for p in paths), kind
    assert "post" in paths["/api/v1/articles"] and "post" in paths["/api/v1/articles/bulk"]


def test_stories_list_paging_and_filters(client: TestClient, web_store: dict[str, Any]) -> None:
    everything = client.get("/api/v1/stories", params={"limit": 500}).json()
    assert everything["total"] >= 3
    ids = [s["id"] for s in everything["items"]]
    assert web_store["story"] in ids
    first = client.get("/api/v1/stories", params={"limit": 1, "offset": 1}).json()
    assert first["total"] == everything["total"] and [s["id"] for s in first["items"]] == ids[1:2]
    big = next(s for s in everything["items"] if s["id"] == web_store["story"])
    assert big["size"] >= 9 and len(big["outlets"]) >= 5 and "fr" in big["languages"]
    # the flood's follow-up (state of natural disaster) is published in November
    later = client.get("/api/v1/stories", params={"since": "2026-11-01"}).json()["items"]
    assert web_store["story"] in [s["id"] for s in later]
    assert all(s["new"] >= 1 and s["last"] >= "2026-11-01" for s in later)
    assert client.get("/api/v1/stories", params={"since": "2030-01-01"}).json()["total"] == 0
    en = client.get("/api/v1/stories", params={"language": "en"}).json()["items"]
    assert en and all("en" in s["languages"] for s in en)


def test_story_event_article_records(client: TestClient, web_store: dict[str, Any]) -> None:
    story = client.get(f"/api/v1/stories/{web_store['story']}").json()
    assert story["summary"] == web_store["summary"]
    assert story["events"] and len(story["article_meta"]) == story["info"]["size"]
    ev = story["events"][0]
    got = client.get(f"/api/v1/events/{ev['id']}").json()
    assert got["story"] == story["id"] and got["articles"] == ev["articles"]
    listed = client.get("/api/v1/events", params={"story": story["id"]}).json()
    assert listed["total"] == len(story["events"])
    art = client.get(f"/api/v1/articles/{ev['articles'][0]}").json()
    assert art["text"] and art["story"] == story["id"] and art["event"] == ev["id"]
    for m in art["mentions"]:
        assert art["text"][m["start"]:m["end"]] == m["text"]
    in_story = client.get("/api/v1/articles", params={"story": story["id"], "limit": 500}).json()
    assert in_story["total"] == story["info"]["size"]
    assert "text" not in in_story["items"][0]


def test_claims_entities_quotes(client: TestClient, web_store: dict[str, Any]) -> None:
    claims = client.get("/api/v1/claims", params={"story": web_store["story"]}).json()
    assert claims["total"] == len(web_store["claims"])
    conflicting = client.get("/api/v1/claims", params={"status": "conflicting"}).json()["items"]
    assert [c["status"] for c in conflicting] == ["conflicting"]
    assert client.get(f"/api/v1/claims/{conflicting[0]['id']}").json() == conflicting[0]

    ents = client.get("/api/v1/entities", params={"type": "PER", "limit": 500}).json()["items"]
    assert ents and all(e["type"] == "PER" for e in ents)
    assert [e["mentions"] for e in ents] == sorted((e["mentions"] for e in ents), reverse=True)
    one = client.get(f"/api/v1/entities/{ents[0]['id']}").json()
    assert one["name"] == ents[0]["name"] and one["stories"]
    named = client.get("/api/v1/entities", params={"q": ents[0]["name"][:5]}).json()["items"]
    assert ents[0]["id"] in [e["id"] for e in named]

    quotes = client.get("/api/v1/quotes", params={"story": web_store["story"], "limit": 500}).json()
    assert quotes["total"] > 0
    q = quotes["items"][0]
    assert client.get(f"/api/v1/quotes/{q['id']}").json() == q
    by_article = client.get("/api/v1/quotes", params={"article": q["article"], "limit": 500}).json()["items"]
    assert all(x["article"] == q["article"] for x in by_article)
    # a speaker is found by a word of its name, whatever the accents and case
    named = next(x for x in quotes["items"] if x.get("speaker") and len(x["speaker"].split()) > 1)
    last = named["speaker"].split()[-1]
    by_word = client.get("/api/v1/quotes", params={"speaker": last.upper(), "limit": 500}).json()["items"]
    assert named["id"] in [x["id"] for x in by_word]


def test_a_time_pasted_unencoded_keeps_its_offset(client: TestClient) -> None:
    # "+00:00" in a URL query reads as " 00:00": the offset is put back, not refused
    for value in ("2026-03-18T18:32:35 00:00", "2026-03-18T18:32:35+00:00"):
        assert client.get("/api/v1/stories", params={"changed_since": value}).status_code == 200
        assert client.get("/api/v1/articles", params={"since": value}).status_code == 200
    assert client.get("/api/v1/articles", params={"since": "hier"}).status_code == 422
    assert client.get("/api/v1/claims", params={"status": "bogus"}).status_code == 422
    assert client.get("/", params={"since": "2026-03-18T18:32:35 00:00"}).status_code == 200


def test_search_and_not_found(client: TestClient) -> None:
    hits = client.get("/api/v1/articles", params={"q": "barrage Garenne"}).json()
    assert hits["total"] >= 3 and all("snippet" in h for h in hits["items"])
    for url in ("/api/v1/stories/nope", "/api/v1/articles/nope", "/api/v1/claims/nope",
                "/api/v1/entities/nope", "/api/v1/quotes/nope", "/api/v1/events/nope"):
        r = client.get(url)
        assert r.status_code == 404 and r.json()["error"]["code"] == "W404"
    r = client.get("/api/v1/stories", params={"limit": 100_000})
    assert r.status_code == 422 and r.json()["error"]["code"] == "W422" and "limit" in r.json()["error"]["message"]
    assert client.get("/?min_articles=x").status_code == 400
    for url, name in (("/api/v1/stories", "since"), ("/api/v1/stories", "added_since"),
                      ("/api/v1/articles", "since")):
        r = client.get(url, params={name: "hier"})  # a word would filter everything out
        assert r.status_code == 422 and name in r.json()["error"]["message"]
    assert client.get("/api/v1/stories", params={"since": "2025-03"}).status_code == 200


def test_writes_need_the_token(client: TestClient) -> None:
    body = {"title": "x", "maintext": "y"}
    r = client.post("/api/v1/articles", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = client.post("/api/v1/articles", json=body, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    assert client.post("/api/v1/articles/bulk", content=b"{}\n").status_code == 401


def test_size_limits(client: TestClient) -> None:
    huge = {"title": "t", "maintext": "mot " * 400_000}  # 1.6 MB > 1 MB default
    r = client.post("/api/v1/articles", json=huge, headers=AUTH)
    assert r.status_code == 413 and r.json()["error"]["code"] == "W413"

    def chunks():  # no Content-Length: counted on the stream
        for _ in range(30):
            yield b"x" * 50_000

    r = client.post("/api/v1/articles", content=chunks(), headers={**AUTH, "content-type": "application/json"})
    assert r.status_code == 413


def test_token_generated_once_and_stored_hashed(tmp_path: Path, web_options: Options,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "empty.db"
    create_app(db, web_options)
    printed = capsys.readouterr().out
    token = printed.split("shown once")[1].split("\n")[1].strip()
    assert len(token) >= 40
    with open_store(str(db)) as store:
        state = store.get_state("web_token")
    assert state and token not in json.dumps(state)
    app = create_app(db, web_options)  # second start: not printed again, same token valid
    assert "shown once" not in capsys.readouterr().out
    with TestClient(app) as c:
        assert c.get("/api/v1/status").json()["articles"] == 0
        assert "pas encore été analysé" in c.get("/").text
        r = c.post("/api/v1/articles/bulk", content=b"not json\n", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200 and r.json()["items"][0]["status"] == "rejected"


FLOOD_FOLLOW_UP = {
    "title": "Crue de la Vrenne : à Saint-Aubin-sur-Vrenne, les sinistrés attendent toujours les aides",
    "maintext": (
        "Un mois après la crue de la Vrenne et la rupture partielle de la digue du barrage de la Garenne, "
        "les habitants de la ville basse de Saint-Aubin-sur-Vrenne attendent toujours une partie des aides promises.\n"
        "La maire, Hélène Dervaux, a indiqué lundi que les premiers versements du fonds d'urgence de l'État "
        "étaient arrivés pour une centaine de foyers du Maine-et-Loire.\n"
        "« Les familles les plus modestes ne peuvent plus attendre », a déclaré Hélène Dervaux devant la mairie, "
        "où plusieurs dizaines d'habitants s'étaient réunis pour demander des comptes sur le barrage de la Garenne."
    ),
    "date_publish": "2026-11-16 09:00:00",
    "url": "https://www.exemple-regional.fr/crue-vrenne-aides",
    "source_domain": "www.exemple-regional.fr",
}


def test_post_articles_go_through_the_pipeline(web_store: dict[str, Any], web_options: Options,
                                               tmp_path: Path) -> None:
    db = copy_store(web_store["db"], tmp_path / "write.db")
    with TestClient(create_app(db, web_options, token=TOKEN)) as c:
        before = c.get("/api/v1/status").json()
        lines = [json.dumps(FLOOD_FOLLOW_UP, ensure_ascii=False), "{broken json",
                 json.dumps({"title": "sans texte"}), json.dumps(HOSTILE, ensure_ascii=False)]
        r = c.post("/api/v1/articles/bulk", params={"wait": "true"}, content="\n".join(lines).encode(),
                   headers={**AUTH, "content-type": "application/x-ndjson"})
        assert r.status_code == 201, r.text
        out = r.json()
        assert [i["status"] for i in out["items"]] == ["stored", "rejected", "rejected", "duplicate"]
        assert "invalid JSON" in out["items"][1]["reason"] and "maintext" in out["items"][2]["reason"]
        assert out["analysis"] == "done"
        new_id = out["items"][0]["id"]
        after = c.get("/api/v1/status").json()
        assert after["articles"] == before["articles"] + 1 and after["pending"] == 0
        art = c.get(f"/api/v1/articles/{new_id}").json()
        assert art["outlet"] == "exemple-regional.fr" and art["published"].startswith("2026-11-16")
        # an outlet filter finds it in another spelling of its site
        found = c.get("/api/v1/articles", params={"outlet": "Exemple Regional"}).json()["items"]
        assert new_id in [a["id"] for a in found]
        # clustering continued its stream: the follow-up joined the existing flood story
        assert art["story"] == web_store["story"]
        # the same article again is a duplicate, no new analysis
        r = c.post("/api/v1/articles", json=FLOOD_FOLLOW_UP, headers=AUTH)
        assert r.status_code == 200 and r.json()["items"][0]["status"] == "duplicate"
        assert r.json()["analysis"] == "not needed"
        r = c.post("/api/v1/articles", json={"title": "vide", "maintext": "   "}, headers=AUTH)
        assert r.status_code == 422 and r.json()["items"][0]["status"] == "rejected"
        # multipart upload of a JSONL file, analysed in the background
        other = dict(FLOOD_FOLLOW_UP, url="https://autre.example/x",
                     maintext=FLOOD_FOLLOW_UP["maintext"].replace("une centaine", "deux cents"))
        r = c.post("/api/v1/articles/bulk", headers=AUTH,
                   files={"file": ("batch.jsonl", json.dumps(other, ensure_ascii=False).encode(), "application/x-ndjson")})
        assert r.status_code == 202 and r.json()["stored"] == 1 and r.json()["analysis"] == "queued"
        st = c.app.state.web  # type: ignore[attr-defined]
        assert st.analyzer.wait(st.analyzer.status.requested, 120)
        assert c.get("/api/v1/status").json()["pending"] == 0


def test_a_body_that_is_not_json_is_a_w400_error(client: TestClient) -> None:
    r = client.post("/api/v1/articles", content=b"\x89PNG\r\n\x1a\n\x00\x00garbage",
                    headers={**AUTH, "content-type": "application/json"})
    assert r.status_code in (400, 422) and r.json()["error"]["code"] in ("W400", "W422")


def test_an_unknown_filter_is_an_error_not_ignored(client: TestClient) -> None:
    r = client.get("/api/v1/articles", params={"outlt": "afp"})
    assert r.status_code == 422 and "outlt" in r.json()["error"]["message"]
    assert "outlet" in r.json()["error"]["message"]  # what the list takes
    assert client.get("/api/v1/reuse", params={"outlet": "afp"}).status_code == 422
    assert client.get("/api/v1/articles", params={"outlet": "afp", "limit": 5}).status_code == 200
