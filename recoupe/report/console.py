"""A store looked at from the terminal: ``recoupe search`` and ``recoupe show`` (without an
id: the list of stories).

Pure functions over a :class:`recoupe.store.Store`: they return records and lines of
text; the CLI prints them. Nothing here analyses: a store not analysed yet shows its
articles, and its stories once ``recoupe ingest`` or ``recoupe report`` has run.
"""

from __future__ import annotations

from typing import Any

from recoupe.model import Article
from recoupe.store.base import Store


def search_results(store: Store, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Full-text hits, best first: id, published, outlet, title, story, snippet."""
    hits = store.search(query, limit=limit)
    by_id = {a.id: a for a in _articles(store, [aid for aid, _ in hits])}
    out = []
    for aid, snippet in hits:
        a = by_id.get(aid)
        if a is None:
            continue
        out.append({"id": aid, "published": a.published, "outlet": a.outlet, "title": a.title,
                    "story": a.story, "snippet": snippet})
    return out


def _articles(store: Store, ids: list[str]) -> list[Article]:
    return [a for a in (store.get_article(i) for i in dict.fromkeys(ids)) if a is not None]


def _one(store: Store, kind: str, ident: str) -> dict[str, Any] | None:
    found = store.records_by_id(kind, [ident])
    return found[0] if found else None


def _label(a: Article | None, aid: str) -> str:
    if a is None:
        return aid
    return f"{(a.published or '')[:10]} {a.outlet or '?'}: {a.title or a.source}"


def describe(store: Store, ident: str, text_chars: int = 600) -> list[str] | None:
    """Lines that show a story, an event, a claim or an article by its id (None when no
    record of the store has it)."""
    story = _one(store, "story", ident)
    if story is not None:
        return _story_lines(store, story)
    for s in store.records("story"):
        for ev in s.get("events") or []:
            if ev.get("id") == ident:
                return _story_lines(store, s, event=ev)
    claim = _one(store, "claim", ident)
    if claim is not None:
        return _claim_lines(store, claim)
    arts = _articles(store, [ident])
    if arts:
        return _article_lines(arts[0], text_chars)
    return None


def story_list(store: Store) -> list[str]:
    """One line per story of a store, newest first: id, dates, articles, outlets,
    languages, title (what ``recoupe show`` without an id prints). One pass over the
    store's articles, whatever the number of stories."""
    meta = {a.id: ((a.published or "")[:10], a.outlet, a.language) for a in store.articles()}
    rows = []
    for st in store.records("story"):
        ids = [i for i in st.get("articles") or [] if i in meta]
        days = sorted(meta[i][0] for i in ids if meta[i][0])
        outlets = {meta[i][1] for i in ids if meta[i][1]}
        unnamed = sum(1 for i in ids if not meta[i][1])
        langs = st.get("languages") or sorted({meta[i][2] for i in ids if meta[i][2]})
        span = f"{days[0]}..{days[-1]}" if days and days[0] != days[-1] else (days[0] if days else "undated")
        rows.append((days[-1] if days else "", f"story {st['id']}  {span}  {len(ids)} article(s), "
                     f"{len(outlets)} outlet(s)" + (f" and {unnamed} without" if unnamed else "")
                     + f", {len(st.get('events') or [])} event(s)"
                     + (f", {'/'.join(langs)}" if len(langs) > 1 else "")
                     + f"  {st.get('title') or ''}"))
    rows.sort(key=lambda r: r[0], reverse=True)
    return [line for _, line in rows]


def _cited(text: str, sources: list[str], number: dict[str, int]) -> str:
    marks = "".join(f"[{number.setdefault(s, len(number) + 1)}]" for s in sources)
    return f"{text} {marks}".rstrip()


def _story_lines(store: Store, story: dict[str, Any], event: dict[str, Any] | None = None
                 ) -> list[str]:
    scope = event or story
    ids = list(scope.get("articles") or [])
    arts = {a.id: a for a in _articles(store, ids)}
    number: dict[str, int] = {}
    head = f"event {scope['id']} of story {story['id']}" if event else f"story {story['id']}"
    lines = [f"{head}: {scope.get('title') or ''}",
             f"{len(ids)} article(s), {len(story.get('events') or [])} event(s) in the story"
             + (f", languages {', '.join(story.get('languages') or [])}"
                if len(story.get("languages") or []) > 1 else "")]
    if not event:
        for ev in story.get("events") or []:
            lines.append(f"  event {ev['id']} {ev.get('date') or 'undated'}: {ev.get('title', '')}"
                         f" ({len(ev.get('articles') or [])} article(s))")
    summary = scope.get("summary") or []
    if summary:
        lines += ["", "Summary:"]
        lines += [f"- {_cited(s['text'], s.get('sources') or [], number)}" for s in summary]
    timeline = scope.get("timeline") or []
    if timeline:
        lines += ["", "Timeline:"]
        lines += [f"- {t['date']}{' (upcoming)' if t.get('upcoming') else ''}: "
                  f"{_cited(t['text'], t.get('sources') or [], number)}" for t in timeline]
    claims = [c for c in store.records("claim") if c.get("article") in arts]
    if claims:
        counts: dict[str, int] = {}
        for c in {c.get("group"): c for c in claims}.values():
            counts[c.get("status", "?")] = counts.get(c.get("status", "?"), 0) + 1
        lines += ["", "Claims (one per group): " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))]
    for aid in ids:
        number.setdefault(aid, len(number) + 1)
    # sources cited from outside the scope (an earlier event's article in the timeline)
    arts.update({a.id: a for a in _articles(store, [aid for aid in number if aid not in arts])})
    lines += ["", "Sources:"]
    lines += [f"[{n}] {aid} {_label(arts.get(aid), aid)}" for aid, n in
              sorted(number.items(), key=lambda kv: kv[1])]
    return lines


def _claim_lines(store: Store, claim: dict[str, Any]) -> list[str]:
    arts = {a.id: a for a in _articles(store, list(claim.get("sources") or []))}
    lines = [f"claim {claim['id']} ({claim.get('status')}"
             + (f", confidence {claim['confidence']:.2f}" if claim.get("confidence") is not None else "")
             + f", {claim.get('independent_sources', 0)} independent source(s))",
             claim.get("text", "")]
    if claim.get("status_reason"):
        lines.append(f"why: {claim['status_reason']}")
    lines += [f"- {aid} {_label(arts.get(aid), aid)}" for aid in claim.get("sources") or []]
    return lines


def _article_lines(a: Article, text_chars: int) -> list[str]:
    lines = [f"article {a.id}: {a.title or ''}",
             f"outlet {a.outlet or '?'} · published {a.published or '?'}"
             + (f" (from {a.published_from})" if a.published_from else "")
             + f" · language {a.language or '?'} · story {a.story or '-'} · event {a.event or '-'}",
             f"source {a.source}" + (f" · {a.url}" if a.url else "")]
    if a.flags:
        lines.append("flags: " + ", ".join(a.flags))
    text = a.text if len(a.text) <= text_chars else a.text[:text_chars].rstrip() + " …"
    return [*lines, "", text]
