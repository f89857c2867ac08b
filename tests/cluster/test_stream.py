from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest

from recoupe.cluster import StreamClusterer
from recoupe.model import Article, Mention

FLOOD = [
    "Le barrage de la Garenne a cédé dans la nuit et la Vrenne a envahi Saint-Aubin, deux morts.",
    "Saint-Aubin sous les eaux après la rupture du barrage de la Garenne : la Vrenne déborde.",
    "Crue de la Vrenne : les pompiers évacuent Saint-Aubin, le barrage de la Garenne a lâché.",
    "Rupture du barrage de la Garenne : Saint-Aubin inondée par la Vrenne, la préfecture réagit.",
]
STRIKE = [
    "Grève chez Lumeral : les salariés bloquent l'usine de batteries de Montferrand.",
    "Lumeral : blocage de l'usine de Montferrand contre la suppression de 180 emplois.",
    "Montferrand : la grève continue chez Lumeral, la direction de l'usine saisit la justice.",
    "Usine Lumeral de Montferrand : les grévistes maintiennent le blocage des batteries.",
]


def mk(i: str, text: str, day: int | None = None, **kw: object) -> Article:
    published = None if day is None else (date(2026, 10, 1) + timedelta(days=day)).isoformat()
    return Article(id=i, source=i, text=text, title=text.split(":")[0], language="fr",
                   published=published, **kw)  # type: ignore[arg-type]


def corpus() -> list[Article]:
    arts = [mk(f"f{k}", t, 13 + k % 2) for k, t in enumerate(FLOOD)]
    arts += [mk(f"s{k}", t, 20 + k % 2) for k, t in enumerate(STRIKE)]
    return arts


def test_stream_init_stores_params_only_and_rejects_unknown() -> None:
    c = StreamClusterer(event_threshold=0.3)
    assert not [k for k in vars(c) if k.endswith("_")]
    assert c.get_params()["event_threshold"] == 0.3
    with pytest.raises(ValueError, match="E201"):
        StreamClusterer(no_such_param=1)


def test_stream_partial_fit_groups_two_stories() -> None:
    arts = corpus()
    c = StreamClusterer()
    assert c.partial_fit(arts) is c
    flood = {a.event for a in arts if a.id.startswith("f")}
    strike = {a.event for a in arts if a.id.startswith("s")}
    assert len(flood) == 1 and len(strike) == 1 and flood != strike
    assert len({a.story for a in arts}) == 2
    ev = c.event_summary(next(iter(flood)))  # type: ignore[arg-type]
    assert ev["date"] == "2026-10-14"
    assert "Garenne" in ev["title"] or "Vrenne" in ev["title"]


def test_stream_one_article_at_a_time_equals_pure_streaming() -> None:
    arts = corpus()
    c = StreamClusterer()
    for a in arts:
        c.partial_fit([a])
    assert len({a.story for a in arts}) == 2


def test_stream_state_round_trip_resumes_the_same_events() -> None:
    arts = corpus()
    first = [a for a in arts if a.id in ("f0", "f1", "s0", "s1")]
    later = [a for a in arts if a not in first]
    c1 = StreamClusterer()
    c1.partial_fit(first)
    state = json.loads(json.dumps(c1.get_state()))  # JSON-serialisable
    c2 = StreamClusterer.from_state(state)
    c2.partial_fit(later)
    by_id = {a.id: a for a in arts}
    assert by_id["f2"].event == by_id["f0"].event and by_id["s3"].event == by_id["s0"].event
    assert c2.n_seen_ == 8 and c2.next_event_ == c1.next_event_
    with pytest.raises(ValueError, match="E202"):
        StreamClusterer.from_state({"version": 99})


def test_stream_dormant_events_leave_the_state() -> None:
    c = StreamClusterer(dormant_days=3, story_dormant_days=10)
    c.partial_fit([mk("f0", FLOOD[0], 0), mk("f1", FLOOD[1], 0)])
    assert len(c.events_) == 1
    c.partial_fit([mk("s0", STRIKE[0], 5)])
    assert len(c.events_) == 1 and c.n_dormant_events_ == 1  # the flood event retired
    assert len(c.stories_) == 2  # its story is still active (longer window)
    c.partial_fit([mk("s1", STRIKE[1], 30)])
    assert c.n_dormant_stories_ >= 1
    # a flood follow-up a month later opens a new event (the old one is gone)
    assert all(e.story != "" for e in c.events_.values())


def test_stream_without_dates_time_is_neutral() -> None:
    dated = corpus()
    undated = [mk(a.id, a.text, None) for a in corpus()]
    StreamClusterer().partial_fit(dated)
    StreamClusterer().partial_fit(undated)
    assert [a.event for a in dated] == [a.event for a in undated]


def test_stream_live_blog_does_not_glue_events() -> None:
    arts = corpus()
    live = Article(
        id="live", source="live", language="fr", published="2026-10-21",
        title="EN DIRECT - Lumeral, crue de la Vrenne : l'actualité du 21 octobre",
        text="Grève chez Lumeral : le blocage de l'usine de Montferrand continue.\n"
             + "\n".join(FLOOD + STRIKE),
    )
    c = StreamClusterer()
    c.partial_fit(arts[:4] + [live] + arts[4:])
    assert "live_blog" in live.flags
    assert len({a.story for a in arts}) == 2
    flood = {a.event for a in arts if a.id.startswith("f")}
    strike = {a.event for a in arts if a.id.startswith("s")}
    assert len(flood) == len(strike) == 1 and flood != strike
    # the live page of 21 October is not merged into the flood event of 14-15 October on
    # its words alone (a week apart): it joins the strike's event or stays an event of its own
    assert live.event not in flood


def test_stream_entities_from_mentions_are_used() -> None:
    a = mk("a", "Le ministre a reçu les syndicats à Paris.", 1,
           mentions=[Mention("Olivier Marsac", 0, 2, "PER", entity="Q1")])
    c = StreamClusterer()
    c.partial_fit([a])
    ev = c.events_[a.event]  # type: ignore[index]
    assert "e:Q1" in ev.names


def test_stream_index_matches_brute_force_and_bounds_candidates() -> None:
    arts = corpus()
    brute = [mk(a.id, a.text, None) for a in arts]
    StreamClusterer().partial_fit(arts)
    StreamClusterer(use_index=False).partial_fit(brute)
    assert [a.event is not None for a in arts] == [True] * 8
    assert len({a.story for a in brute}) == 2
    c = StreamClusterer(max_candidates=5, recent_candidates=2, refine=False)
    for k in range(300):  # 300 unrelated one-article events sharing one common word
        c.partial_fit([mk(f"x{k}", f"Actualité sujet{k} motclef{k} rubrique{k} sans rapport", None)])
    probe = c._candidates(c._as_features(next(iter(c.events_.values()))), "event")
    assert len(probe) <= 5 + 2


def test_stream_resumed_from_json_state_decides_exactly_like_one_run() -> None:
    arts = corpus() + [mk(f"u{k}", t, None) for k, t in enumerate(FLOOD[:2] + STRIKE[2:])]
    batches = [arts[0:3], arts[3:6], arts[6:9], arts[9:]]
    one = StreamClusterer(min_event_articles=2)
    for b in batches:
        one.partial_fit([copy.deepcopy(a) for a in b])
    one_state = json.dumps(one.get_state(), sort_keys=True)
    got: list[tuple[str | None, str | None]] = []
    state = None
    for b in batches:
        c = (StreamClusterer(min_event_articles=2) if state is None
             else StreamClusterer.from_state(json.loads(state)))
        b2 = [copy.deepcopy(a) for a in b]
        c.partial_fit(b2)
        got += [(a.event, a.story) for a in b2]
        state = json.dumps(c.get_state())
    assert state is not None and json.dumps(json.loads(state), sort_keys=True) == one_state
    ref = StreamClusterer(min_event_articles=2)
    want: list[tuple[str | None, str | None]] = []
    for b in batches:
        b2 = [copy.deepcopy(a) for a in b]
        ref.partial_fit(b2)
        want += [(a.event, a.story) for a in b2]
    assert got == want


def _fed_one_by_one(c_factory, arts, through_json):  # type: ignore[no-untyped-def]
    """Feed articles one at a time; apply the window's moves; return (event, story) per id."""
    where: dict[str, tuple[str, str]] = {}
    state = None
    c = c_factory()
    for a in arts:
        a2 = copy.deepcopy(a)
        if through_json and state is not None:
            c = StreamClusterer.from_state(json.loads(state), **c_factory().get_params())
        c.partial_fit([a2])
        where[a2.id] = (a2.event, a2.story)
        for aid, asg in c.moved_.items():
            assert aid in where and c.moved_from_[aid] == where[aid]
            where[aid] = (asg.event, asg.story)
        state = json.dumps(c.get_state())
    return where, c


def test_settling_window_resumes_from_json_exactly_and_reports_every_move() -> None:
    arts = corpus()
    # the strike opens with a flood-like lead: alone, it would start a story of its own
    arts.insert(4, mk("x0", "Saint-Aubin : la Vrenne et les salariés de Lumeral, grève.", 14))

    def factory() -> StreamClusterer:
        return StreamClusterer(settle_articles=6, min_event_articles=2)

    live, c_live = _fed_one_by_one(factory, arts, through_json=False)
    resumed, c_res = _fed_one_by_one(factory, arts, through_json=True)
    assert live == resumed  # the window travels in the state, losslessly
    assert c_live.n_seen_ == len(arts)
    assert len(c_res.recent_) == 6
    # every article sits in an event that exists, in the story it is reported in
    for aid, (event, story) in live.items():
        ev = c_live.events_.get(event)
        assert ev is None or ev.story == story, aid
    flood = {live[a.id][1] for a in arts if a.id.startswith("f")}
    strike = {live[a.id][1] for a in arts if a.id.startswith("s")}
    assert len(flood) == 1 and len(strike) == 1 and flood != strike


def test_without_a_window_nothing_moves_and_the_state_has_no_window() -> None:
    c = StreamClusterer(settle_articles=0)
    for a in corpus():
        c.partial_fit([a])
        assert c.moved_ == {}
    assert c.get_state()["recent"] == []


def test_a_fragment_of_a_story_with_many_events_folds_when_it_leaves_the_window() -> None:
    # one article at a time; every article opens its own event (event_threshold 0.95) in
    # one story. When its first article slides out of the window, a fragment folds into the
    # story's closest event, even when the story has grown more than ``story_events``
    # newer events since (here 1): before, it was looked for among those only, and stayed
    def factory() -> StreamClusterer:
        return StreamClusterer(settle_articles=2, min_event_articles=2, story_events=1,
                               event_threshold=0.95, event_threshold_short=0.95)

    arts = [mk(f"f{k}", t, 13) for k, t in enumerate(FLOOD)]
    where, c = _fed_one_by_one(factory, arts, through_json=True)
    assert len({story for _, story in where.values()}) == 1
    assert len({event for event, _ in where.values()}) < len(FLOOD)


TRIAL = [
    "Procès de l'ancien maire de Castelbrune : dix-huit mois avec sursis requis pour favoritisme.",
    "Favoritisme à Castelbrune : le parquet requiert dix-huit mois avec sursis contre l'ancien maire.",
    "Castelbrune : l'ancien maire condamné à dix mois avec sursis pour favoritisme.",
    "Favoritisme : dix mois avec sursis pour l'ancien maire de Castelbrune, qui va faire appel.",
]


def test_stream_a_hearing_and_its_verdict_a_month_later_are_two_events_of_one_story() -> None:
    # the verdict's words are the hearing's: time alone tells the two events apart
    arts = [mk(f"t{k}", t, 9 + (28 if k >= 2 else 0)) for k, t in enumerate(TRIAL)]
    StreamClusterer().partial_fit(arts)
    assert arts[0].event == arts[1].event and arts[2].event == arts[3].event
    assert arts[0].event != arts[2].event and len({a.story for a in arts}) == 1
