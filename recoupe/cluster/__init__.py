"""Streaming event and story clustering.

Pure entry point: :func:`cluster_articles` (articles in, stories with events out, plus
the clusterer state to persist). The class behind it, :class:`StreamClusterer`, follows
scikit-learn's ``partial_fit`` conventions; see :mod:`recoupe.cluster.stream`.

Settings read (all optional, defaults in :data:`recoupe.cluster.stream.DEFAULTS`):
``cluster.<parameter>`` for every clustering parameter, ``cluster.use_embeddings``
(default true) and the ``embed.*`` keys of :func:`recoupe.embed.get_embedder`.
"""

from __future__ import annotations

from typing import Any

from recoupe.cluster.features import parse_time
from recoupe.cluster.stream import DEFAULTS, Assignment, StreamClusterer
from recoupe.embed import Embedder, get_embedder
from recoupe.model import Article, Event, Story, languages_of

__all__ = ["DEFAULTS", "Assignment", "StreamClusterer", "cluster_articles", "params_from"]


def params_from(options: Any) -> dict[str, Any]:
    """Clustering hyper-parameters from ``options`` (``cluster.<name>`` keys)."""
    if options is None:
        return dict(DEFAULTS)
    return {k: options.get(f"cluster.{k}", v) for k, v in DEFAULTS.items()}


def cluster_articles(
    articles: list[Article],
    options: Any = None,
    state: dict[str, Any] | None = None,
    embedder: Embedder | None = None,
    moved: dict[str, tuple[str, str, str, str]] | None = None,
) -> tuple[list[Story], dict[str, Any]]:
    """Group articles into events and stories, continuing from ``state`` if given.

    Articles are processed in publication order (undated ones last, in their given
    order). ``article.event`` and ``article.story`` are set; live blogs and round-ups get
    the flag ``"live_blog"`` / ``"roundup"``.

    Args:
        articles: cleaned articles (``mentions`` optional).
        options: a :class:`recoupe.config.Options` (or None for defaults).
        state: the dict returned by an earlier call, to resume the stream.
        embedder: the sentence embedder; when None, the one configured by ``embed.*``
            is used unless ``cluster.use_embeddings`` is false.
        moved: when given, filled with the articles of earlier calls that this call
            re-placed (``cluster.settle_articles``): article id → (old event, old story,
            new event, new story). The caller updates those articles.

    Returns:
        ``(stories, new_state)``: the stories holding these articles, each with its
        events (ids are stable across resumed runs; titles and dates describe the whole
        event, earlier runs included), and the JSON-serialisable state to store.
    """
    if embedder is None and (options is None or options.get("cluster.use_embeddings", True)):
        embedder = get_embedder(options)
    params = params_from(options)
    if state:
        clusterer = StreamClusterer.from_state(state, embedder=embedder, **params)
    else:
        clusterer = StreamClusterer(embedder=embedder, **params)
    clusterer.partial_fit(sorted(articles, key=_when))
    if moved is not None:
        for aid, asg in clusterer.moved_.items():
            old_event, old_story = clusterer.moved_from_[aid]
            moved[aid] = (old_event, old_story, asg.event, asg.story)
    by_id = {a.id: a for a in articles}
    for aid, asg in clusterer.moved_.items():  # an article given again is updated in place
        if aid in by_id:
            by_id[aid].event, by_id[aid].story = asg.event, asg.story
    return build_stories(clusterer, articles), clusterer.get_state()


def _when(article: Article) -> tuple[bool, float]:
    """Sort key: publication time, undated articles last (stable among themselves)."""
    t = parse_time(article.published)
    return (t is None, t if t is not None else 0.0)


def build_stories(clusterer: StreamClusterer, articles: list[Article]) -> list[Story]:
    """Story and Event records for ``articles`` from the clusterer's last assignments."""
    stories: dict[str, Story] = {}
    events: dict[str, Event] = {}
    for a in articles:
        asg = clusterer.assignments_.get(a.id)
        if asg is None:
            continue
        story = stories.get(asg.story)
        if story is None:
            info = clusterer.story_summary(asg.story)
            story = stories[asg.story] = Story(id=asg.story, title=info["title"])
        event = events.get(asg.event)
        if event is None:
            einfo = clusterer.event_summary(asg.event)
            event = events[asg.event] = Event(id=asg.event, title=einfo["title"],
                                              date=einfo["date"])
            story.events.append(event)
        event.articles.append(a.id)
        story.articles.append(a.id)
    by_id = {a.id: a for a in articles}
    for st in stories.values():
        st.languages = languages_of([by_id[i] for i in st.articles])
        for ev in st.events:
            ev.languages = languages_of([by_id[i] for i in ev.articles])
    return list(stories.values())
