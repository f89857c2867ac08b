"""What the pages and the API read: a snapshot of the store's last analysis, with indexes.

A :class:`Snapshot` is built from the store once per analysis (articles' metadata without
their text, and the story, entity, quote, claim and reuse records) and shared by every
request until the store changes. Article texts are read from the store when a page needs
them. Filters and paging are pure functions over a snapshot.

The store may grow while the server runs (``recoupe ingest``, ``fetch`` or ``watch`` in
another process, or a POST to the API): :class:`SnapshotCache` looks at the store's
:func:`snapshot_key` at most once per ``min_interval`` seconds and rebuilds the snapshot
when it changed. When a snapshot replaces another, the stories and articles whose
analysis changed between the two are remembered with the new analysis time: with the
articles' storage times, that is when each story last changed (:meth:`Snapshot.story_changed`).
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from recoupe.model import Article
from recoupe.store.base import Store

#: an ISO date filter: YYYY, YYYY-MM, YYYY-MM-DD or a timestamp
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:+Z.-]*)?)?)?$")


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
    #: story id -> analysis time at which this server saw the story's record change
    touched: dict[str, str] = field(default_factory=dict)
    #: article id -> analysis time at which this server saw its story or event change
    article_touched: dict[str, str] = field(default_factory=dict)
    #: when this snapshot was built (UTC, ISO)
    loaded_at: str = ""
    _latest: tuple[str | None] | None = None
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

    # ------------------------------------------------------------------ change times

    def article_changed(self, article_id: str) -> str | None:
        """When the article last changed: stored, or moved to another story or event."""
        meta = self.articles.get(article_id)
        times = [t for t in (meta.added if meta else None, self.article_touched.get(article_id)) if t]
        return max(times, default=None)

    def story_changed(self, story_id: str) -> str | None:
        """When the story last changed: the newest storage time of its articles, or the
        analysis in which this server saw its record (articles, events, summary, claims
        ordering...) change, whichever is later."""
        story = self.story_by_id.get(story_id)
        times = [t for t in (self.article_changed(a) for a in (story or {}).get("articles", [])) if t]
        if story_id in self.touched:
            times.append(self.touched[story_id])
        return max(times, default=None)

    @property
    def latest_change(self) -> str | None:
        """The newest change time in this snapshot: what a reader has seen up to."""
        if self._latest is None:  # computed once: a snapshot is not modified once served
            times = [t for t in (self.article_changed(a) for a in self.articles) if t]
            times += self.touched.values()
            self._latest = (max(times, default=None),)
        return self._latest[0]

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
            "changed": self.story_changed(story["id"]),
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
                   changed_since: str | None = None, outlet: str | None = None,
                   language: str | None = None, min_articles: int = 0) -> list[dict[str, Any]]:
    """Story summaries (see :meth:`Snapshot.story_info`), latest first, filtered.

    ``since``: with an article published on or after this date (ISO prefix); ``added_since``:
    with an article stored on or after this time; ``changed_since``: changed after this
    time (:meth:`Snapshot.story_changed`, normalised by :func:`utc_time`). Each info then
    carries ``new``, the number of articles published, stored or changed since.
    """
    out = []
    for s in snap.stories:
        info = snap.story_info(s)
        arts = snap.story_articles(s)
        if info["size"] < min_articles:
            continue
        if outlet and not same_outlet(outlet, info["outlets"]):
            continue
        if language and language not in info["languages"]:
            continue
        if changed_since and not (info["changed"] and info["changed"] > changed_since):
            continue
        new = [a for a in arts
               if (since and a.published and a.published[:len(since)] >= since)
               or (added_since and a.added and a.added >= added_since)
               or (changed_since and (snap.article_changed(a.id) or "") > changed_since)]
        if (since or added_since) and not new:
            continue
        info["new"] = len(new)
        out.append(info)
    out.sort(key=lambda i: (i["last"] or "", i["size"]), reverse=True)
    return out


def _plus_restored(value: str) -> str:
    """A time pasted into a URL unencoded loses its offset's "+" to a space
    ("2026-03-18T18:32:35 00:00"): put it back."""
    return re.sub(r"(T?\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$", r"\1+\2", value)


def utc_time(value: str) -> str:
    """An ISO date or time as the store writes times (UTC, seconds, ``+00:00``).

    A date is its midnight; a time without offset is UTC; ``Z`` is accepted. Raises
    ValueError when ``value`` is not ISO.
    """
    value = _plus_restored(value.strip())
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    t = datetime.fromisoformat(value.replace(" ", "T", 1) if len(value) > 10 else value)
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.astimezone(UTC).replace(microsecond=0).isoformat()


def match(record: dict[str, Any], **wanted: Any) -> bool:
    """True when every non-empty wanted value equals the record's field (an outlet in any
    of its spellings: "radio-plaine.fr" finds "Radio Plaine")."""
    return all(v in (None, "") or record.get(k) == v
               or (k == "outlet" and same_outlet(v, [record.get(k)]))
               for k, v in wanted.items())


def same_outlet(name: str, outlets: Iterable[str | None]) -> bool:
    """Whether ``name`` is one of ``outlets`` in any spelling (same :func:`outlet_key`)."""
    from recoupe.ingest.readers import outlet_key

    key = outlet_key(name)
    return bool(key) and any(o and outlet_key(o) == key for o in outlets)


# ---------------------------------------------------------------------------- the cache


def _added_times(store: Store) -> dict[str, str]:
    """When each article was stored, as SQLite writes it (UTC ISO, seconds): both backends
    keep it in ``articles.ingested_at``; unknown ({}) for any other store."""
    conn = getattr(store, "conn", None)
    if conn is None:
        return {}
    try:
        rows = conn.execute("SELECT id, ingested_at FROM articles").fetchall()
    except Exception:  # noqa: BLE001  # not a table of ours: no storage times, nothing else lost
        return {}
    out = {}
    for aid, at in rows:
        if isinstance(at, datetime):  # PostgreSQL: TIMESTAMPTZ
            at = at.astimezone(UTC).replace(microsecond=0).isoformat()
        out[str(aid)] = str(at)
    return out


def _sqlite_metas(store: Store) -> dict[str, ArticleMeta] | None:
    """The articles' metadata read by SQLite from the article records (no record decoded
    nor text copied into Python: several times faster than :meth:`Store.articles`), or
    None when the store is not SQLite. The records, not the columns: the analysis fills
    the record first (the outlet column follows it since session 9, an older store's
    column may still hold the spelling as stored)."""
    conn = getattr(store, "conn", None)
    if not isinstance(conn, sqlite3.Connection):
        return None
    fields = ", ".join(f"json_extract(data, '$.{f}')" for f in (
        "title", "outlet", "published", "language", "url", "source", "story", "event"))
    try:
        rows = conn.execute(
            f"SELECT id, {fields}, length(json_extract(data, '$.text')), ingested_at "
            "FROM articles ORDER BY published, source").fetchall()
    except sqlite3.DatabaseError:
        return None
    return {r[0]: ArticleMeta(*r) for r in rows}


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def build_snapshot(store: Store, key: tuple[Any, ...], previous: Snapshot | None = None) -> Snapshot:
    """Read the last analysis and the articles' metadata from ``store``.

    Given the ``previous`` snapshot of the same store, the stories and articles whose
    analysis changed since it are marked with the new analysis time (see
    :meth:`Snapshot.story_changed`).
    """
    info = store.get_state("analysis") or {}
    metas = _sqlite_metas(store)
    if metas is None:
        added = _added_times(store)
        metas = {a.id: meta_of(a, added.get(a.id)) for a in store.articles()}
    # one spelling per outlet over the whole store: an article stored after the last
    # analysis ("radio-plaine.fr" from a POST) lists and filters with its outlet's others
    from recoupe.pipeline import unify_outlets

    unify_outlets(metas.values())
    analysed = int(info.get("articles", 0) or 0)
    snap = Snapshot(
        key=key, analysed_at=info.get("at"), articles=metas,
        stories=store.records("story"), entities=store.records("entity"),
        quotes=store.records("quote"), claims=store.records("claim"), reuse=store.records("reuse"),
        pending=max(0, len(metas) - analysed) if info else len(metas), loaded_at=_now(),
    )
    if previous is not None:
        _carry_changes(previous, snap)
    return snap


def _carry_changes(old: Snapshot, new: Snapshot) -> None:
    """Mark in ``new`` what changed since ``old`` (and keep what ``old`` had marked)."""
    new.touched = {s: t for s, t in old.touched.items() if s in new.story_by_id}
    new.article_touched = {a: t for a, t in old.article_touched.items() if a in new.articles}
    at = new.analysed_at  # two analyses may share a second: compare the records, not the times
    if not at or new.stories == old.stories and new.story_of == old.story_of \
            and new.event_of == old.event_of:
        return
    for sid, story in new.story_by_id.items():
        if old.story_by_id.get(sid) != story:
            new.touched[sid] = at
    for aid in new.articles:
        if aid in old.articles and (old.story_of.get(aid), old.event_of.get(aid)) != (
                new.story_of.get(aid), new.event_of.get(aid)):
            new.article_touched[aid] = at


def snapshot_key(store: Store) -> tuple[Any, ...]:
    """Changes whenever an article is added or an analysis is saved."""
    info = store.get_state("analysis") or {}
    return (info.get("at"), info.get("articles"), store.count_articles())


Builder = Callable[[Store, tuple[Any, ...], "Snapshot | None"], Snapshot]


class SnapshotCache:
    """The current snapshot, rebuilt when :func:`snapshot_key` changes (thread safe).

    The key is read at most once per ``min_interval`` seconds (two small queries), so a
    busy server does not query the store on every request; :meth:`invalidate` forces the
    next request to look (the server calls it after storing posted articles and after
    each background analysis). While one thread rebuilds, the others keep serving the
    previous snapshot, except after :meth:`invalidate`, when they wait for the new one.
    ``checks`` and ``reloads`` count key reads and rebuilds.
    """

    def __init__(self, builder: Builder = build_snapshot, min_interval: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None
        self._builder = builder
        self._clock = clock
        self._checked = -math.inf
        self.min_interval = float(min_interval)
        self.checks = 0
        self.reloads = 0

    def invalidate(self) -> None:
        """Make the next :meth:`get` read the store's key whatever the interval."""
        self._checked = -math.inf

    def get(self, store: Store) -> Snapshot:
        snap = self._snap
        if snap is not None and self._clock() - self._checked < self.min_interval:
            return snap
        # while another thread checks or rebuilds, serve the previous snapshot; but not after
        # invalidate(): a client that wrote must read its write
        if not self._lock.acquire(blocking=snap is None or self._checked == -math.inf):
            return snap  # type: ignore[return-value]
        try:
            snap = self._snap
            now = self._clock()
            if snap is not None and now - self._checked < self.min_interval:
                return snap
            self._checked = now
            key = snapshot_key(store)
            self.checks += 1
            if snap is None or snap.key != key:
                snap = self._builder(store, key, snap)
                self._snap = snap
                self.reloads += 1
            return snap
        finally:
            self._lock.release()

    def stats(self) -> dict[str, Any]:
        snap = self._snap
        return {"checks": self.checks, "reloads": self.reloads, "min_interval": self.min_interval,
                "loaded_at": snap.loaded_at if snap else None,
                "latest_change": snap.latest_change if snap else None}


def group_by(items: Iterable[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for it in items:
        out[it.get(key)].append(it)
    return out
