"""Server-rendered pages: stories, a story, an entity, an article, a reuse pair, search."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from recoupe.report.writers import quotes_by_speaker, source_label, speaker_candidate
from recoupe.web.app import render, state_of
from recoupe.web.data import ISO_DATE, Snapshot, _plus_restored, filter_stories, utc_time
from recoupe.web.highlight import Span, highlight, snippet_html

router = APIRouter(include_in_schema=False)

_HL = re.compile(r"^(\d{1,9})-(\d{1,9})$")
STATUSES = ("corroborated", "possibly_corroborated", "single_source", "conflicting")


def article_url(article_id: str, start: int | None = None, end: int | None = None) -> str:
    """Link to an article page, scrolled to and highlighting ``[start, end)`` when given."""
    base = f"/articles/{quote(article_id, safe='')}"
    if start is not None and end is not None and end > start:
        return f"{base}?hl={int(start)}-{int(end)}#hl"
    return base


def entity_url(entity_id: str) -> str:
    return f"/entities/{quote(entity_id, safe='')}"


def safe_link(url: str | None) -> str | None:
    """An article's own URL if it is http(s); anything else (javascript:, data:) is not a link."""
    if url and re.match(r"^https?://[^\s\"'<>]+$", url, re.I):
        return url
    return None


def _date_param(value: str | None) -> str | None:
    value = _plus_restored((value or "").strip())
    if not value:
        return None
    if not ISO_DATE.match(value):
        raise HTTPException(400, "dates are ISO: YYYY, YYYY-MM, YYYY-MM-DD or a full timestamp")
    return value


def _time_param(value: str | None) -> str | None:
    """An ISO date or time as the store writes times (see :func:`utc_time`), or a 400."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return utc_time(value)
    except ValueError:
        raise HTTPException(400, "times are ISO: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]") from None


def citations(snap: Snapshot, item: dict[str, Any]) -> list[dict[str, Any]]:
    """The citation links of a summary sentence, timeline entry or claim.

    The article holding the cited passage (``article`` with ``start``/``end``) comes first
    and its link opens that passage; the other sources link to their article.
    """
    out = []
    main = item.get("article")
    ids = ([main] if main else []) + [s for s in item.get("sources", []) if s != main]
    for aid in ids:
        meta = snap.articles.get(aid)
        has_span = aid == main and item.get("start") is not None and item.get("end") is not None
        out.append({
            "label": source_label(meta.as_dict() if meta else None, aid),
            "title": meta.title if meta else None,
            "href": article_url(aid, item.get("start"), item.get("end")) if has_span else article_url(aid),
            "passage": has_span,
            "day": (meta.published or "")[:10] if meta else "",
        })
    # two articles of one outlet: their day tells the chips apart ("[Ouest Vallée 11/03]")
    labels = [c["label"] for c in out]
    for c in out:
        day = str(c["day"])
        if labels.count(c["label"]) > 1 and day:
            c["label"] = f"{c['label']} {day[8:10]}/{day[5:7]}"
    return out


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, since: str | None = None, added_since: str | None = None,
                 changed_since: str | None = None, outlet: str | None = None, language: str | None = None,
                 min_articles: int = Query(0, ge=0)) -> HTMLResponse:
    snap = state_of(request).snapshot()
    changed = _time_param(changed_since)
    items = filter_stories(snap, since=_date_param(since), added_since=_date_param(added_since),
                           changed_since=changed, outlet=outlet or None, language=language or None,
                           min_articles=min_articles)
    all_outlets = sorted({a.outlet for a in snap.articles.values() if a.outlet})
    all_langs = sorted({a.language for a in snap.articles.values() if a.language})
    unclustered = [a for a in snap.articles.values() if a.id not in snap.story_of]
    return render(request, "stories.html.j2", snap=snap, stories=items, since=since or "",
                  added_since=added_since or "", changed_since=changed or "",
                  outlet=outlet or "", language=language or "",
                  min_articles=min_articles, all_outlets=all_outlets, all_langs=all_langs,
                  unclustered=unclustered)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, status: str | None = None,
               changed_since: str | None = None) -> HTMLResponse:
    snap = state_of(request).snapshot()
    changed = _time_param(changed_since)
    story = snap.story_by_id.get(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id}")
    claims = snap.story_claims(story_id)
    counts = {s: sum(1 for c in claims if c.get("status") == s) for s in STATUSES}
    shown = [c for c in claims if not status or c.get("status") == status]
    quotes = snap.story_quotes(story_id)
    spans = {(q["article"], q["text"]): (q["start"], q["end"]) for q in quotes}
    speaker_entity: dict[str, str] = {}
    for q in quotes:
        if q.get("speaker") and q.get("speaker_entity") and q["speaker_entity"] in snap.entity_by_id:
            speaker_entity.setdefault(q["speaker"], q["speaker_entity"])
    by_speaker = []
    for speaker, entries in quotes_by_speaker(quotes):
        for e in entries:
            e["links"] = [{"label": source_label(snap.articles[a].as_dict() if a in snap.articles else None, a),
                           "href": article_url(a, *spans.get((a, e["text"]), (None, None)))}
                          for a in e["articles"]]
        by_speaker.append((speaker, speaker_entity.get(speaker), entries))
    return render(
        request, "story.html.j2", snap=snap, story=story, info=snap.story_info(story), changed_since=changed,
        articles=snap.story_articles(story), claims=shown, status=status or "", counts=counts,
        n_claims=len(claims), columns=snap.outlet_columns(story), reuse=snap.story_reuse(story_id),
        by_speaker=by_speaker, entities=snap.story_entities(story_id)[:40],
        cite=lambda item: citations(snap, item), article_url=article_url, entity_url=entity_url,
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> HTMLResponse:
    snap = state_of(request).snapshot()
    ev = snap.event_by_id.get(event_id)
    if ev is None:
        raise HTTPException(404, f"no event {event_id}")
    arts = [snap.articles[a] for a in ev.get("articles", []) if a in snap.articles]
    return render(request, "event.html.j2", snap=snap, event=ev, story=snap.story_by_id.get(ev["story"]),
                  articles=arts, cite=lambda item: citations(snap, item), article_url=article_url)


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, q: str | None = None, type: str | None = None,
                  offset: int = Query(0, ge=0)) -> HTMLResponse:
    snap = state_of(request).snapshot()
    ents = [e for e in snap.entities
            if (not type or e.get("type") == type)
            and (not q or q.casefold() in " ".join([e["name"], *e.get("aliases", [])]).casefold())]
    ents.sort(key=lambda e: (-e.get("mentions", 0), e["name"]))
    types = sorted({e.get("type", "") for e in snap.entities})
    return render(request, "entities.html.j2", entities=ents[offset:offset + 100], total=len(ents),
                  offset=offset, q=q or "", type=type or "", types=types, entity_url=entity_url)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str) -> HTMLResponse:
    snap = state_of(request).snapshot()
    ent = snap.entity_by_id.get(entity_id)
    if ent is None:
        raise HTTPException(404, f"no entity {entity_id}")
    quotes = [q for q in snap.quotes if q.get("speaker_entity") == entity_id]
    arts = [snap.articles[a] for a in ent.get("articles", []) if a in snap.articles]
    stories = [snap.story_info(s) for s in snap.entity_stories(ent)]
    return render(request, "entity.html.j2", snap=snap, entity=ent, stories=stories,
                  quotes=quotes, articles=arts, article_url=article_url)


def article_spans(snap: Snapshot, article: Any, quotes: list[dict[str, Any]], hl: tuple[int, int] | None) -> list[Span]:
    """Entities, quotes, dates, quantities and the cited passage of one article as spans."""
    spans: list[Span] = []
    for q in quotes:
        who = q.get("speaker") or (f"? ({cand})" if (cand := speaker_candidate(q)) else "?")
        spans.append(Span(q["start"], q["end"], ("quote",), title=f"« » {who}"))
    for m in article.mentions:
        href = entity_url(m.entity) if m.entity and m.entity in snap.entity_by_id else None
        spans.append(Span(m.start, m.end, ("ent", f"ent-{m.label}"), title=m.label, href=href))
    for d in article.dates:
        spans.append(Span(d.start, d.end, ("date",), title=d.value or d.granularity))
    for n in article.quantities:
        spans.append(Span(n.start, n.end, ("qty",), title=str(n.value) if n.value is not None else None))
    if hl:
        spans.append(Span(hl[0], hl[1], ("cited",), anchor="hl"))
    return spans


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, hl: str | None = None) -> HTMLResponse:
    st = state_of(request)
    snap = st.snapshot()
    art = st.store().get_article(article_id)
    if art is None:
        raise HTTPException(404, f"no article {article_id}")
    span = None
    if hl:
        m = _HL.match(hl)
        if m and int(m.group(1)) < int(m.group(2)) <= len(art.text):
            span = (int(m.group(1)), int(m.group(2)))
    quotes = [q for q in snap.quotes if q["article"] == article_id]
    body = highlight(art.text, article_spans(snap, art, quotes, span))
    story_id = snap.story_of.get(article_id)
    reuse = [r for r in snap.reuse if article_id in r["articles"]]
    return render(request, "article.html.j2", snap=snap, a=art, body=body, cited=span,
                  cited_text=art.text[span[0]:span[1]] if span else None,
                  story=snap.story_by_id.get(story_id) if story_id else None,
                  event=snap.event_by_id.get(snap.event_of.get(article_id, "")),
                  link=safe_link(art.url), reuse=reuse, article_url=article_url)


@router.get("/reuse/{pair_id}", response_class=HTMLResponse)
def reuse_page(request: Request, pair_id: int) -> HTMLResponse:
    st = state_of(request)
    snap = st.snapshot()
    if not 0 <= pair_id < len(snap.reuse):
        raise HTTPException(404, f"no reuse pair {pair_id}")
    pair = snap.reuse[pair_id]
    sides = []
    for k, aid in enumerate(pair["articles"][:2]):
        art = st.store().get_article(aid)
        if art is None:
            raise HTTPException(404, f"article {aid} of this pair is no longer stored")
        side = "a" if k == 0 else "b"
        spans = [Span(p[side][0], p[side][1], ("shared", f"p{i % 6}"), title=f"#{i + 1}", data=(("p", str(i)),))
                 for i, p in enumerate(pair.get("passages", []))]
        sides.append({"article": art, "body": highlight(art.text, spans)})
    return render(request, "reuse.html.j2", pair=pair, sides=sides, snap=snap, article_url=article_url)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", limit: int = Query(50, ge=1, le=200)) -> HTMLResponse:
    st = state_of(request)
    snap = st.snapshot()
    hits = []
    if q.strip():
        for aid, snippet in st.store().search(q[:200], limit=limit):
            hits.append({"meta": snap.articles.get(aid), "id": aid, "snippet": snippet_html(snippet),
                         "story": snap.story_by_id.get(snap.story_of.get(aid, ""))})
    return render(request, "search.html.j2", q=q, hits=hits, article_url=article_url)
