"""JSON API under ``/api/v1`` (OpenAPI document at ``/api/v1/openapi.json``).

Lists take ``offset``/``limit`` and filters and answer ``{total, offset, limit, items}``;
``GET /api/v1/<kind>/{id}`` returns one record; errors are ``{"error": {code, message}}``.
Writes need ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from recoupe.web.app import state_of
from recoupe.web.data import ISO_DATE, Snapshot, _plus_restored, filter_stories, match, page, utc_time
from recoupe.web.writes import (
    check_token,
    new_batch_id,
    parse_jsonl,
    prepare_lines,
    prepare_objects,
    store_prepared,
)


def _known_parameters(request: Request) -> None:
    """A list filter the endpoint does not take is an error, not ignored: a typo
    (``outlt=afp``) or a filter another list has (``/reuse?outlet=afp``) would otherwise
    answer the whole list as if it were filtered."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or request.method != "GET":
        return
    allowed: set[str] = set()
    todo = [dependant]
    while todo:  # the endpoint's query parameters and its dependencies'
        d = todo.pop()
        allowed.update(q.alias for q in d.query_params)
        todo.extend(d.dependencies)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise HTTPException(422, {"code": "W422", "message": (
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}: "
            f"this endpoint takes {', '.join(sorted(allowed)) or 'none'}")})


router = APIRouter(prefix="/api/v1", tags=["recoupe"], dependencies=[Depends(_known_parameters)])

Offset = Query(0, ge=0, description="items to skip")
Limit = Query(50, ge=1, le=500, description="items per page (max 500)")


def _snap(request: Request) -> Snapshot:
    return state_of(request).snapshot()


def _not_found(kind: str, rid: str) -> HTTPException:
    return HTTPException(404, {"code": "W404", "message": f"no {kind} with id {rid!r}"})


def changed_since_param(value: str | None) -> str | None:
    """``changed_since`` as the store writes times, or a 422."""
    if not value:
        return None
    try:
        return utc_time(value)
    except ValueError:
        raise HTTPException(422, {"code": "W422", "message": f"invalid request: changed_since: "
                                  f"{value!r} is not an ISO date or time (e.g. 2026-11-16T09:00:00Z)"}) from None


def date_param(name: str, value: str | None) -> str | None:
    """An ISO date filter (YYYY, YYYY-MM, YYYY-MM-DD or a timestamp), or a 422: a word
    such as "hier" must not filter everything out in silence."""
    if not value:
        return None
    value = _plus_restored(value.strip())
    if not ISO_DATE.match(value):
        raise HTTPException(422, {"code": "W422", "message": f"invalid request: {name}: "
                                  f"{value!r} is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD or a time)"})
    return value


ChangedSince = Query(None, description="changed after this ISO time (UTC unless an offset is given): "
                     "stories that gained an article or whose analysis changed; articles stored "
                     "or moved to another story since")


def require_token(request: Request) -> None:
    """Dependency of write endpoints: a valid bearer token or 401."""
    if not check_token(state_of(request).token_check, request.headers.get("authorization")):
        raise HTTPException(
            401, {"code": "W401", "message": "write endpoints need 'Authorization: Bearer <token>' "
                  "(printed at the server's first start, or given with --token)"},
            headers={"WWW-Authenticate": "Bearer"})


# ---------------------------------------------------------------------------- reads


@router.get("/status", summary="Store and analysis status")
def status(request: Request) -> dict[str, Any]:
    st = state_of(request)
    snap = st.snapshot()
    return {"articles": len(snap.articles), "stories": len(snap.stories), "pending": snap.pending,
            "analysed_at": snap.analysed_at, "latest_change": snap.latest_change,
            "snapshot": st.cache.stats(),
            "analysis": st.analyzer.status.as_dict() if st.analyzer else None}


@router.get("/stories", summary="List stories (latest first)")
def list_stories(request: Request, offset: int = Offset, limit: int = Limit,
                 since: str | None = Query(None, description="with an article published on/after (ISO date)"),
                 added_since: str | None = Query(None, description="with an article stored on/after (ISO time)"),
                 changed_since: str | None = ChangedSince,
                 outlet: str | None = None, language: str | None = None,
                 min_articles: int = Query(0, ge=0)) -> dict[str, Any]:
    """Each story carries ``changed``: when it last gained an article or its analysis changed."""
    snap = _snap(request)
    items = filter_stories(snap, since=date_param("since", since),
                           added_since=date_param("added_since", added_since),
                           changed_since=changed_since_param(changed_since), outlet=outlet,
                           language=language, min_articles=min_articles)
    return page(items, offset, limit)


@router.get("/stories/{story_id}", summary="One story: events, summary, timeline, articles")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    snap = _snap(request)
    story = snap.story_by_id.get(story_id)
    if story is None:
        raise _not_found("story", story_id)
    return {**story, "info": snap.story_info(story),
            "article_meta": [a.as_dict() for a in snap.story_articles(story)]}


@router.get("/events", summary="List events")
def list_events(request: Request, offset: int = Offset, limit: int = Limit,
                story: str | None = None, date: str | None = Query(None, description="ISO date prefix")) -> dict[str, Any]:
    snap = _snap(request)
    items = [e for e in snap.event_by_id.values()
             if match(e, story=story) and (not date or (e.get("date") or "").startswith(date))]
    return page(items, offset, limit)


@router.get("/events/{event_id}", summary="One event")
def get_event(request: Request, event_id: str) -> dict[str, Any]:
    ev = _snap(request).event_by_id.get(event_id)
    if ev is None:
        raise _not_found("event", event_id)
    return ev


@router.get("/articles", summary="List articles (metadata; full text with GET one)")
def list_articles(request: Request, offset: int = Offset, limit: int = Limit,
                  story: str | None = None, event: str | None = None, outlet: str | None = None,
                  language: str | None = None,
                  since: str | None = Query(None, description="published on/after (ISO date)"),
                  changed_since: str | None = ChangedSince,
                  q: str | None = Query(None, max_length=200, description="full-text search (FTS5)")) -> dict[str, Any]:
    """Each article carries ``added`` (when it was stored) and ``changed`` (stored, or moved
    to another story or event by an analysis this server saw)."""
    st = state_of(request)
    changed = changed_since_param(changed_since)
    since = date_param("since", since)
    snap = st.snapshot()
    if q:
        hits = st.store().search(q, limit=500)
        metas = [snap.articles[a] for a, _ in hits if a in snap.articles]
        snippets = dict(hits)
    else:
        metas = sorted(snap.articles.values(), key=lambda a: (a.published is None, a.published or "", a.source))
        snippets = {}
    items = []
    for a in metas:
        d = a.as_dict()
        d["story"], d["event"] = snap.story_of.get(a.id, a.story), snap.event_of.get(a.id, a.event)
        if not match(d, story=story, event=event, outlet=outlet, language=language):
            continue
        if since and not (a.published and a.published[:len(since)] >= since):
            continue
        d["changed"] = snap.article_changed(a.id)
        if changed and not (d["changed"] and d["changed"] > changed):
            continue
        if a.id in snippets:
            d["snippet"] = snippets[a.id]
        items.append(d)
    return page(items, offset, limit)


@router.get("/articles/{article_id}", summary="One article with its cleaned text and spans")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    st = state_of(request)
    art = st.store().get_article(article_id)
    if art is None:
        raise _not_found("article", article_id)
    data = art.as_dict()
    snap = st.snapshot()
    data["story"] = snap.story_of.get(art.id, art.story)
    data["event"] = snap.event_of.get(art.id, art.event)
    return data


CLAIM_STATUSES = ("corroborated", "possibly_corroborated", "single_source", "conflicting")


@router.get("/claims", summary="List claims")
def list_claims(request: Request, offset: int = Offset, limit: int = Limit, story: str | None = None,
                event: str | None = None, article: str | None = None,
                status: str | None = Query(
                    None, description="corroborated | possibly_corroborated | single_source | conflicting"),
                ) -> dict[str, Any]:
    if status and status not in CLAIM_STATUSES:
        raise HTTPException(422, {"code": "W422", "message": f"invalid request: status: {status!r} is "
                                  f"not one of {', '.join(CLAIM_STATUSES)}"})
    snap = _snap(request)
    items = [c for c in snap.claims if match(c, event=event, article=article, status=status)
             and (not story or c.get("story") == story or snap.story_of.get(c["article"]) == story)]
    return page(items, offset, limit)


@router.get("/claims/{claim_id}", summary="One claim")
def get_claim(request: Request, claim_id: str) -> dict[str, Any]:
    c = _snap(request).claim_by_id.get(claim_id)
    if c is None:
        raise _not_found("claim", claim_id)
    return c


@router.get("/entities", summary="List entities (most mentioned first)")
def list_entities(request: Request, offset: int = Offset, limit: int = Limit, type: str | None = None,
                  q: str | None = Query(None, description="name or alias contains"),
                  story: str | None = None) -> dict[str, Any]:
    snap = _snap(request)
    items = [e for e in snap.entities if match(e, type=type)
             and (not q or q.casefold() in " ".join([e["name"], *e.get("aliases", [])]).casefold())
             and (not story or any(snap.story_of.get(a) == story for a in e.get("articles", [])))]
    items.sort(key=lambda e: (-e.get("mentions", 0), e["name"]))
    return page(items, offset, limit)


@router.get("/entities/{entity_id}", summary="One entity with its stories")
def get_entity(request: Request, entity_id: str) -> dict[str, Any]:
    snap = _snap(request)
    e = snap.entity_by_id.get(entity_id)
    if e is None:
        raise _not_found("entity", entity_id)
    return {**e, "stories": [s["id"] for s in snap.entity_stories(e)]}


def _speaker_matches(wanted: str, quote: dict[str, Any]) -> bool:
    """A speaker filter matches the speaker shown (never a mere candidate: those words may
    be someone else's) by whole words of its name, accents, case and hyphens aside:
    "Verdaguer" finds "Joël Verdaguer", "Jean Luc Mélenchon" finds "Jean-Luc Mélenchon"."""
    from recoupe.nlp.textutil import fold

    def words(name: str) -> list[str]:
        return re.sub(r"[-‐'’]", " ", fold(name)).split()

    wanted_words = words(wanted)
    name = quote.get("speaker") or ""
    return bool(wanted_words and name) and all(w in words(name) for w in wanted_words)


@router.get("/quotes", summary="List quotes")
def list_quotes(request: Request, offset: int = Offset, limit: int = Limit, speaker: str | None = None,
                entity: str | None = Query(None, description="speaker entity id"),
                article: str | None = None, story: str | None = None) -> dict[str, Any]:
    snap = _snap(request)
    items = [q for q in snap.quotes if match(q, speaker_entity=entity, article=article)
             and (not speaker or _speaker_matches(speaker, q))
             and (not story or snap.story_of.get(q["article"]) == story)]
    return page(items, offset, limit)


@router.get("/quotes/{quote_id}", summary="One quote")
def get_quote(request: Request, quote_id: str) -> dict[str, Any]:
    q = _snap(request).quote_by_id.get(quote_id)
    if q is None:
        raise _not_found("quote", quote_id)
    return q


@router.get("/reuse", summary="List reuse pairs (duplicates, shared wire copy, copies, paraphrases)")
def list_reuse(request: Request, offset: int = Offset, limit: int = Limit, story: str | None = None,
               kind: str | None = None, article: str | None = None) -> dict[str, Any]:
    snap = _snap(request)
    items = [r for r in snap.reuse if match(r, kind=kind) and (not article or article in r["articles"])
             and (not story or any(snap.story_of.get(a) == story for a in r["articles"]))]
    return page(items, offset, limit)


# ---------------------------------------------------------------------------- writes


class NewsPleaseArticle(BaseModel):
    """An article with news-please field names (``text`` is accepted for ``maintext``)."""

    model_config = ConfigDict(extra="allow")
    title: str | None = None
    maintext: str | None = Field(None, description="the article body")
    text: str | None = Field(None, description="alternative to maintext")
    description: str | None = None
    date_publish: str | None = Field(None, description="publication date, e.g. 2026-10-14 08:30:00")
    url: str | None = None
    source_domain: str | None = Field(None, description="the outlet, e.g. www.example.fr")
    language: str | None = None
    authors: list[str] | str | None = None


async def _after_store(request: Request, results: list[dict[str, Any]], wait: bool) -> dict[str, Any]:
    st = state_of(request)
    stored = sum(1 for r in results if r["status"] == "stored")
    if stored:  # the next request looks at the store (the articles are pending until analysed)
        st.cache.invalidate()
    out: dict[str, Any] = {
        "stored": stored, "duplicates": sum(1 for r in results if r["status"] == "duplicate"),
        "rejected": sum(1 for r in results if r["status"] == "rejected"), "items": results,
        "analysis": "not needed",
    }
    if stored and st.analyzer is not None:
        ticket = st.analyzer.request()
        out["analysis"] = "queued"
        if wait:
            timeout = float(st.options.get("web.analysis_wait_seconds", 120))
            done = await run_in_threadpool(st.analyzer.wait, ticket, timeout)
            out["analysis"] = (st.analyzer.status.error or "done") if done else "still running"
    return out


@router.post("/articles", summary="Add one article (news-please fields); it is analysed in the background",
             dependencies=[Depends(require_token)], status_code=202)
async def post_article(request: Request, article: NewsPleaseArticle,
                       wait: bool = Query(False, description="answer once the analysis has run")) -> JSONResponse:
    st = state_of(request)
    obj = article.model_dump(exclude_none=True)
    source = f"api:{obj['url']}" if isinstance(obj.get("url"), str) and obj["url"] else f"api:{new_batch_id()}"
    items = await run_in_threadpool(prepare_objects, [(source, obj)], st.options)
    results = await run_in_threadpool(lambda: store_prepared(st.store(), items, st.options))
    out = await _after_store(request, results, wait)
    code = 422 if out["rejected"] else 200 if out["duplicates"] else 201 if wait else 202
    return JSONResponse(out, status_code=code)


@router.post(
    "/articles/bulk", summary="Add articles from a JSONL upload (one news-please object per line)",
    dependencies=[Depends(require_token)], status_code=202,
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/x-ndjson": {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}}}}}}},
)
async def post_bulk(request: Request,
                    wait: bool = Query(False, description="answer once the analysis has run")) -> JSONResponse:
    """Each line is processed on its own: a bad line is reported in ``items`` with its reason
    and the others are stored."""
    st = state_of(request)
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise HTTPException(400, {"code": "W400", "message": "multipart upload needs a 'file' field"})
        data = await upload.read()
    else:
        data = await request.body()
    if not data.strip():
        raise HTTPException(400, {"code": "W400", "message": "empty upload: send JSONL, one article per line"})
    batch = new_batch_id()
    lines = parse_jsonl(data, batch)
    items = await run_in_threadpool(prepare_lines, lines, st.options)
    results = await run_in_threadpool(lambda: store_prepared(st.store(), items, st.options))
    out = await _after_store(request, results, wait)
    out["batch"] = batch
    return JSONResponse(out, status_code=201 if wait and out["stored"] else 202 if out["stored"] else 200)
