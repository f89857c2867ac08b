"""What the pages and the API read: a snapshot of the store's last analysis, with indexes.

A :class:`Snapshot` is built from the store once per analysis (articles' metadata without
their text, and the story, entity, quote, claim and reuse records) and shared by every
request until the store changes. Article texts are read from the store when a page needs
them. Filters and paging are pure functions over a snapshot.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from recoupe.model import Article
from recoupe.store.base import Store


@dataclass(slots=True)
class ArticleMeta:
    """An article without its text: what lists and citations need."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    url: str | None
    source: str
    story: str | None
    event: str | None
    length: int
    added: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


def meta_of(article: Article, added: str | None = None) -> ArticleMeta:
    """The metadata of ``article`` (``added`` = when it was stored, if known)."""
    return ArticleMeta(article.id, article.title, article.outlet, article.published,
                       article.language, article.url, article.source, article.story,
                       article.event, len(article.text), added)


@dataclass(slots=True)
class Snapshot:
    """Indexes over one analysis of the store."""

    key: tuple[Any, ...]
    analysed_at: str | None
    articles: dict[str, ArticleMeta]
    stories: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    reuse: list[dict[str, Any]]
    #: articles stored after the last analysis (not in any story yet)
    pending: int = 0
    story_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    event_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    entity_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    quote_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    claim_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: story id of each article (from the story records, else the article's column)
    story_of: dict[str, str] = field(default_factory=dict)
    event_of: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for s in self.stories:
            self.story_by_id[s["id"]] = s
            for aid in s.get("articles", []):
                self.story_of[aid] = s["id"]
            for e in s.get("events", []):
                ev = dict(e)
                ev["story"] = s["id"]
                self.event_by_id[e["id"]] = ev
                for aid in e.get("articles", []):
                    self.event_of[aid] = e["id"]
        for a in self.articles.values():
            if a.story and a.id not in self.story_of:
                self.story_of[a.id] = a.story
            if a.event and a.id not in self.event_of:
                self.event_of[a.id] = a.event
        for n, r in enumerate(self.reuse):
            r["id"] = n
        self.entity_by_id = {e["id"]: e for e in self.entities}
        self.quote_by_id = {q["id"]: q for q in self.quotes}
        self.claim_by_id = {c["id"]: c for c in self.claims}

    # ------------------------------------------------------------------ story views

    def story_articles(self, story: dict[str, Any]) -> list[ArticleMeta]:
        """The story's articles in publication order (undated last)."""
        arts = [self.articles[a] for a in story.get("articles", []) if a in self.articles]
        return sorted(arts, key=lambda a: (a.published is None, a.published or "", a.source))

    def story_info(self, story: dict[str, Any]) -> dict[str, Any]:
        """Size, outlets, first and last dates, languages and event count of a story."""
        arts = self.story_articles(story)
        dates = sorted(a.published[:10] for a in arts if a.published)
        return {
            "id": story["id"], "title": story.get("title") or story["id"],
            "size": len(arts), "events": len(story.get("events", [])),
            "outlets": sorted({a.outlet for a in arts if a.outlet}),
            "languages": sorted({a.language for a in arts if a.language}),
            "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
            "latest_added": max((a.added for a in arts if a.added), default=None),
            "has_summary": bool(story.get("summary")),
        }

    def story_quotes(self, story_id: str) -> list[dict[str, Any]]:
        return [q for q in self.quotes if self.story_of.get(q["article"]) == story_id]

    def story_claims(self, story_id: str) -> list[dict[str, Any]]:
        return [c for c in self.claims
                if c.get("story") == story_id or (not c.get("story") and self.story_of.get(c["article"]) == story_id)]

    def story_reuse(self, story_id: str) -> list[dict[str, Any]]:
        return [r for r in self.reuse if any(self.story_of.get(a) == story_id for a in r["articles"])]

    def story_entities(self, story_id: str) -> list[tuple[dict[str, Any], int]]:
        """Entities named in the story's articles with the number of those articles, most first."""
        out = []
        for e in self.entities:
            n = sum(1 for a in e.get("articles", []) if self.story_of.get(a) == story_id)
            if n:
                out.append((e, n))
        return sorted(out, key=lambda en: (-en[1], -en[0].get("mentions", 0), en[0]["name"]))

    def entity_stories(self, entity: dict[str, Any]) -> list[dict[str, Any]]:
        ids = Counter(self.story_of[a] for a in entity.get("articles", []) if a in self.story_of)
        return [self.story_by_id[s] for s, _ in ids.most_common() if s in self.story_by_id]

    def outlet_columns(self, story: dict[str, Any]) -> list[dict[str, Any]]:
        """Per outlet: its articles in the story and the claims only it reports."""
        unique = story.get("unique_by_outlet") or {}
        cols: dict[str, dict[str, Any]] = {}
        for a in self.story_articles(story):
            key = a.outlet or "?"
            cols.setdefault(key, {"outlet": key, "articles": [], "alone": []})["articles"].append(a)
        for outlet, claim_ids in unique.items():
            col = cols.setdefault(outlet, {"outlet": outlet, "articles": [], "alone": []})
            col["alone"] = [self.claim_by_id.get(cid, {"id": cid, "text": cid}) for cid in claim_ids]
        return sorted(cols.values(), key=lambda c: (-len(c["articles"]), c["outlet"]))


# ---------------------------------------------------------------------------- filtering


def page(items: list[Any], offset: int, limit: int) -> dict[str, Any]:
    """One page of ``items`` with the total."""
    return {"total": len(items), "offset": offset, "limit": limit, "items": items[offset:offset + limit]}


def filter_stories(snap: Snapshot, *, since: str | None = None, added_since: str | None = None,
                   outlet: str | None = None, language: str | None = None,
                   min_articles: int = 0) -> list[dict[str, Any]]:
    """Story summaries (see :meth:`Snapshot.story_info`), latest first, filtered.

    ``since``: with an article published on or after this date (ISO prefix); ``added_since``:
    with an article stored on or after this time; each info then carries ``new``, the number
    of such articles.
    """
    out = []
    for s in snap.stories:
        info = snap.story_info(s)
        arts = snap.story_articles(s)
        if info["size"] < min_articles:
            continue
        if outlet and outlet not in info["outlets"]:
            continue
        if language and language not in info["languages"]:
            continue
        new = [a for a in arts
               if (since and a.published and a.published[:len(since)] >= since)
               or (added_since and a.added and a.added >= added_since)]
        if (since or added_since) and not new:
            continue
        info["new"] = len(new)
        out.append(info)
    out.sort(key=lambda i: (i["last"] or "", i["size"]), reverse=True)
    return out


def match(record: dict[str, Any], **wanted: Any) -> bool:
    """True when every non-empty wanted value equals the record's field."""
    return all(v in (None, "") or record.get(k) == v for k, v in wanted.items())


# ---------------------------------------------------------------------------- the cache


def _added_times(store: Store) -> dict[str, str]:
    """When each article was stored (SQLite keeps it; other backends: unknown)."""
    conn = getattr(store, "conn", None)
    if not isinstance(conn, sqlite3.Connection):
        return {}
    try:
        return {i: t for i, t in conn.execute("SELECT id, ingested_at FROM articles")}
    except sqlite3.DatabaseError:
        return {}


def build_snapshot(store: Store, key: tuple[Any, ...]) -> Snapshot:
    """Read the last analysis and the articles' metadata from ``store``."""
    info = store.get_state("analysis") or {}
    added = _added_times(store)
    metas = {a.id: meta_of(a, added.get(a.id)) for a in store.articles()}
    analysed = int(info.get("articles", 0) or 0)
    return Snapshot(
        key=key, analysed_at=info.get("at"), articles=metas,
        stories=store.records("story"), entities=store.records("entity"),
        quotes=store.records("quote"), claims=store.records("claim"), reuse=store.records("reuse"),
        pending=max(0, len(metas) - analysed) if info else len(metas),
    )


def snapshot_key(store: Store) -> tuple[Any, ...]:
    """Changes whenever an article is added or an analysis is saved."""
    info = store.get_state("analysis") or {}
    return (info.get("at"), info.get("articles"), store.count_articles())


class SnapshotCache:
    """The current snapshot, rebuilt when :func:`snapshot_key` changes (thread safe)."""

    def __init__(self, builder: Callable[[Store, tuple[Any, ...]], Snapshot] = build_snapshot) -> None:
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None
        self._builder = builder

    def get(self, store: Store) -> Snapshot:
        key = snapshot_key(store)
        snap = self._snap
        if snap is not None and snap.key == key:
            return snap
        with self._lock:
            if self._snap is None or self._snap.key != key:
                self._snap = self._builder(store, key)
            return self._snap


def group_by(items: Iterable[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for it in items:
        out[it.get(key)].append(it)
    return out
