"""Scoped analysis of a store: a batch of new articles touches only what it changes.

``recoupe ingest``, ``fetch``, ``watch`` and the API's POSTs add articles to a store that
an earlier analysis covered. Re-running every stage over the whole store made the cost of
one new article grow with everything stored before it. :func:`update_store` instead:

1. reads only the articles no analysis has clustered yet (the new ones) and the
   clusterer's state, and feeds the new articles to the streaming clusterer (one ordered
   consumer, as before);
2. looks for reuse (duplicates, shared wire copy, paraphrases) between each new article
   and the articles of the stories it joins plus the ``analysis.reuse_window`` articles
   published last (default 1,000): a copy of an article older than that window, in
   another story, is not found by a scoped update (a full analysis, with
   ``analysis.scoped = false``, finds it);
3. the *dirty* stories are the ones that gained an article and the ones holding an
   article a new one copies (who is an independent source changes there); only their
   articles are read, and the NLP layer, claims, corroboration and synthesis run over
   them (the per-text cache makes the spaCy pass and the vectors of known texts free);
4. one transaction writes back those articles, their claims and quotes, the dirty
   stories, the new reuse pairs, the entities seen (merged by id with the stored ones:
   their article lists and mention counts add up), and the clusterer's state. Stories no
   new article touched keep their records untouched.

Where a scoped update can decide differently from one analysis of the whole store:
entity resolution runs over the dirty stories only (a surname is joined to a full name
seen in another story only by a full analysis); boilerplate lines of an outlet are
learned from the window, not the whole store; reuse beyond the window is not searched.
``tests/test_update.py`` checks that a corpus ingested in several batches gives the same
stories, reuse pairs and claim statuses as one batch.

A scoped update is used when an analysis made with the same settings exists and
``analysis.incremental`` and ``analysis.scoped`` are true; otherwise (first analysis,
changed settings, articles removed) the whole store is analysed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from recoupe.config import Options
from recoupe.model import Entity, ReusePair, Story
from recoupe.pipeline import enabled_stages, run_stages, sort_by_time
from recoupe.store.base import Store, record_key

Progress = Any


@dataclass(slots=True)
class UpdateSummary:
    """What a scoped update did."""

    #: stored articles the analysis now covers
    articles: int = 0
    #: new articles clustered by this update
    new: int = 0
    #: stories recomputed (those that gained an article or a reuse pair)
    stories: int = 0
    #: articles of those stories (what the NLP layer, claims and synthesis ran over)
    scope: int = 0
    #: recent articles searched for reuse besides the dirty stories
    window: int = 0
    #: new reuse pairs
    reuse: int = 0
    #: articles of earlier batches the settling window re-placed (``cluster.settle_articles``)
    moved: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    #: the whole store was analysed (no scoped update was possible)
    full: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "new": self.new, "stories": self.stories,
                "scope": self.scope, "window": self.window, "reuse": self.reuse,
                "moved": self.moved, "full": self.full,
                "timings": {k: round(v, 3) for k, v in self.timings.items()}}


def scoped_possible(info: dict[str, Any] | None, options: Options) -> bool:
    """Whether the last analysis (``info``: the store's ``analysis`` state) can be
    continued by a scoped update with these settings."""
    from recoupe.jobs import same_settings

    if not (bool(options.get("analysis.incremental", True))
            and bool(options.get("analysis.scoped", True))):
        return False
    if "cluster" not in enabled_stages(options):
        return False
    return same_settings(info, options)


def merge_entities(new: list[Entity], stored: list[dict[str, Any]], scope: set[str]
                   ) -> list[Entity]:
    """Entities of a scoped update merged by id with their stored records: the stored
    articles outside the scope stay, the scope's come from this update; mention counts of
    the articles kept are estimated pro rata (records hold no per-article count)."""
    before = {str(d.get("id")): Entity.from_dict(d) for d in stored}
    out: list[Entity] = []
    for e in new:
        old = before.get(e.id)
        if old is not None:
            kept = [a for a in old.articles if a not in scope]
            share = len(kept) / len(old.articles) if old.articles else 0.0
            e.articles = kept + [a for a in e.articles if a not in kept]
            e.mentions += round(old.mentions * share)
            e.aliases = sorted(set(e.aliases) | (set(old.aliases) - {e.name}),
                               key=lambda s: (-len(s), s))
        out.append(e)
    return out


def update_store(store: Store, options: Options, stage: Progress | None = None
                 ) -> UpdateSummary | None:
    """Analyse the articles stored since the last analysis, touching only the stories they
    change (see the module doc); None when a scoped update is not possible (then analyse
    the whole store with :func:`recoupe.jobs.analyze_store`)."""
    from recoupe.cache import attach_disk, cached_embedder
    from recoupe.cluster import cluster_articles
    from recoupe.jobs import _cache_path, analysis_fingerprint

    info = store.get_state("analysis")
    if info is None or not scoped_possible(info, options):
        return None
    clock = time.perf_counter
    summary = UpdateSummary()
    total = store.count_articles()
    fresh = sort_by_time(store.unclustered_articles())
    if info.get("articles") != total - len(fresh):
        # articles were removed or replaced since (an edited file's old text): their
        # records would linger in stories no new article touches; analyse the whole store
        return None
    if not fresh:
        summary.articles = total
        return summary  # nothing new
    state = store.get_state("cluster")  # read once: tens of MB of JSON in a large store
    if state is None:
        return None
    attach_disk(_cache_path(store, options))
    stages = enabled_stages(options)
    embedder = cached_embedder(options)

    t = clock()
    if stage is not None:
        stage("cluster")
    moved: dict[str, tuple[str, str, str, str]] = {}
    _, new_state = cluster_articles(
        fresh, options, state=state,
        embedder=embedder if options.get("cluster.use_embeddings", True) else None, moved=moved)
    summary.timings["cluster"] = clock() - t
    fresh_ids = {a.id for a in fresh}
    touched = {a.story for a in fresh if a.story}
    # articles of earlier batches the settling window re-placed: their old and new
    # stories are recomputed, and their stored story and event change with this save
    left = {old_story for _, old_story, _, _ in moved.values()}
    touched |= left | {new_story for _, _, _, new_story in moved.values()}
    old_touched = [a for a in store.articles_of_stories(touched) if a.id not in fresh_ids]
    for a in old_touched:
        if a.id in moved:
            a.event, a.story = moved[a.id][2], moved[a.id][3]
    summary.moved = len(moved)

    pairs_new: list[ReusePair] = []
    relations_changed: list[ReusePair] = []
    story_of: dict[str, str | None] = {a.id: a.story for a in old_touched + fresh}
    if "reuse" in stages:
        from recoupe.reuse import find_reuse

        t = clock()
        if stage is not None:
            stage("reuse")
        window = [a for a in store.recent_articles(int(options.get("analysis.reuse_window", 1000)))
                  if a.id not in fresh_ids]
        pool = {a.id: a for a in old_touched + window}
        summary.window = len(window)
        pool.update({a.id: a for a in fresh})
        story_of.update({a.id: a.story for a in window})
        # the stored pairs of the pool come back with their relation (siblings, credited)
        # decided again beside the new ones: a new copy of a stored dispatch makes two
        # stored copies siblings
        stored = [ReusePair.from_dict(d) for d in store.reuse_records_of(list(pool))]
        before = {tuple(p.articles): (p.relation, p.common_source, p.credited) for p in stored}
        found = find_reuse(sort_by_time(list(pool.values())), options,
                           embedder=embedder if options.get("reuse.use_embeddings", True) else None,
                           only_with=fresh_ids, known=stored)
        pairs_new = [p for p in found if any(x in fresh_ids for x in p.articles)]
        relations_changed = [p for p in found if tuple(p.articles) in before
                             and before[tuple(p.articles)] != (p.relation, p.common_source,
                                                               p.credited)]
        summary.timings["reuse"] = clock() - t
    dirty = set(touched)
    for pair in pairs_new:
        dirty |= {s for s in (story_of.get(x) for x in pair.articles) if s}
    extra = [a for a in store.articles_of_stories(dirty - touched) if a.id not in fresh_ids]
    scope_by_id = {a.id: a for a in old_touched + extra}
    scope_by_id.update({a.id: a for a in fresh})
    scope = sort_by_time(list(scope_by_id.values()))
    ids = set(scope_by_id)
    # reuse pairs among the scope: the stored ones, then the new ones
    known_pairs = [ReusePair.from_dict(d) for d in store.reuse_records_of(ids)]
    pairs = [p for p in known_pairs if all(x in ids for x in p.articles)]
    pairs += [p for p in pairs_new if all(x in ids for x in p.articles)]
    known_stories = [Story.from_dict(d) for d in store.records_by_id("story", dirty)]

    # every article of the scope has its story now: the cluster stage only rebuilds the
    # dirty stories' records from them (titles and event dates from the stored ones)
    result = run_stages(scope, options, known_stories=known_stories, stage=stage, reuse=pairs)
    entities = merge_entities(result.entities,
                              store.records_by_id("entity", [e.id for e in result.entities]), ids)
    upserts = {
        "story": [(st.id, st.as_dict()) for st in result.stories],
        "claim": [(c.id, c.as_dict()) for c in result.claims],
        "quote": [(q.id, q.as_dict()) for q in result.quotes],
        "entity": [(e.id, e.as_dict()) for e in entities],
        "reuse": [(record_key("reuse", p.as_dict()), p.as_dict())
                  for p in pairs_new + relations_changed],
    }
    summary.timings.update({k: v for k, v in result.timings.items() if k != "cluster"})
    summary.articles, summary.new = total, len(fresh)
    summary.stories, summary.scope, summary.reuse = len(result.stories), len(scope), len(pairs_new)
    from datetime import UTC, datetime

    states = {
        "cluster": new_state,
        "analysis": {"at": datetime.now(UTC).replace(microsecond=0).isoformat(),
                     "articles": total, "timings": summary.timings,
                     "settings": analysis_fingerprint(options), "scoped": summary.as_dict()},
    }
    emptied = left - {a.story for a in scope}
    store.save_update(scope, upserts, ids, states, expect={"cluster": state},
                      drop_records={"story": sorted(emptied)} if emptied else None)
    return summary

