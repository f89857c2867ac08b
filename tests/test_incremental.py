"""Incremental analysis: a corpus ingested in batches gives what one batch gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.jobs import analyze_store, ingest_paths
from recoupe.model import Report
from recoupe.pipeline import load_articles, sort_by_time
from recoupe.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus"


def _summary(rep: Report) -> tuple[set[frozenset[str]], dict[str, str], set[tuple[str, ...]]]:
    stories = {frozenset(s.articles) for s in rep.stories}
    statuses = {c.id: c.status for c in rep.claims}
    reuse = {tuple(sorted(p.articles)) + (p.kind,) for p in rep.reuse}
    return stories, statuses, reuse


def test_batches_give_the_stories_claims_and_reuse_of_one_batch(tmp_path: Path) -> None:
    options = Options.load(quiet=True)
    files = sorted(str(p) for p in SAMPLES.rglob("*") if p.is_file())
    # the stream order: by publication time, as a follower would receive them
    arts, _ = load_articles(files, options)
    order = {a.source: i for i, a in enumerate(sort_by_time(arts))}
    files.sort(key=lambda f: min((v for k, v in order.items() if k.split(":")[0].split("#")[0] == f),
                                 default=0))

    with open_store(str(tmp_path / "one.db")) as one:
        ingest_paths(files, one, options)
        whole = analyze_store(one, options)

    with open_store(str(tmp_path / "many.db")) as many:
        cut = len(files) * 2 // 3
        ingest_paths(files[:cut], many, options)
        analyze_store(many, options)
        ingest_paths(files[cut:], many, options)
        batched = analyze_store(many, options)
        # the second analysis was a scoped update (recoupe/update.py): it read only the
        # stories the new articles changed
        scoped = (many.get_state("analysis") or {}).get("scoped")
        assert scoped is not None and not scoped["full"] and scoped["new"] > 0
        assert scoped["scope"] < len(batched.articles)

    s1, c1, r1 = _summary(whole)
    s2, c2, r2 = _summary(batched)
    assert r2 == r1
    assert s2 == s1
    assert c2 == c1
    # where the stream decides differently: the events inside a story. A batch folds the
    # fragments of an event it sees whole (one event of six articles); fed in two batches,
    # the first two articles already formed an event and the next four open a second one
    # (docs/storage.md, "Incremental analysis"). A story with the same events has the same
    # summary, kept or recomputed.
    def events(st):  # type: ignore[no-untyped-def]
        return {frozenset(ev.articles) for ev in st.events}

    same_events = 0
    by_arts = {frozenset(s.articles): s for s in whole.stories}
    for st in batched.stories:
        ref = by_arts[frozenset(st.articles)]
        if events(st) == events(ref):
            same_events += 1
            assert [x.text for x in st.summary] == [x.text for x in ref.summary]
    assert same_events >= len(batched.stories) - 1


@pytest.mark.parametrize("scoped", [True, False])
def test_one_article_at_a_time_with_the_settling_window_keeps_the_store_consistent(
        tmp_path: Path, scoped: bool) -> None:
    """Fed one article at a time, as single POSTs come, the settling window re-places a
    recent article; the scoped update moves its stored story and event and drops the
    story its last article left, so the store stays consistent."""
    import json

    flood = [
        "La digue de Saint-Aubin a cédé dans la nuit et la Vrenne a noyé le bas du bourg.",
        "Saint-Aubin sous les eaux : la Vrenne a rompu la digue, vingt maisons inondées.",
        "Crue de la Vrenne : les pompiers évacuent Saint-Aubin après la rupture de la digue.",
        "Rupture de la digue de Saint-Aubin : la préfecture ouvre le gymnase aux sinistrés.",
    ]
    strike = [
        "Grève à l'usine Lumeral de Montferrand : les salariés bloquent la production.",
        "Lumeral : les grévistes de Montferrand refusent la suppression de 180 emplois.",
        "Montferrand : la direction de Lumeral saisit la justice contre le blocage.",
        "Usine Lumeral de Montferrand : quatrième jour de grève, la production arrêtée.",
    ]
    texts = [(f"f{k}", t, 13 + k % 2) for k, t in enumerate(flood)]
    # a strike report that names the flood: while the strike has no story yet it joins
    # the flood's; once the strike's own reports come, the window moves it there
    texts.append(("x0", "Grève chez Lumeral à Montferrand, les salariés de Saint-Aubin "
                        "bloqués par la crue de la Vrenne.", 14))
    texts += [(f"s{k}", t, 20 + k % 2) for k, t in enumerate(strike)]
    files = []
    for name, text, day in texts:
        f = tmp_path / f"{name}.jsonl"
        f.write_text(json.dumps({"title": text.split(":")[0], "maintext": text,
                                 "date_publish": f"2026-10-{day:02d} 08:00:00", "language": "fr",
                                 "source_domain": f"{name}.example"}, ensure_ascii=False) + "\n")
        files.append(str(f))
    options = Options.load(quiet=True, overrides={
        "cluster": {"settle_articles": 6, "min_event_articles": 2},
        "analysis": {"scoped": scoped}})  # a whole analysis continues the stream too
    moved = 0
    with open_store(str(tmp_path / "stream.db")) as st:
        for f in files:
            ingest_paths([f], st, options)
            analyze_store(st, options)
            moved += ((st.get_state("analysis") or {}).get("scoped") or {}).get("moved", 0)
        stored = {a.source.split("/")[-1].split(".")[0]: (a.id, a.story) for a in st.articles()}
        records = {d["id"]: set(d["articles"]) for d in st.records("story")}
    assert moved >= 1 or not scoped  # a whole analysis records no scoped summary
    # every article is in the story record it names, and no record is left empty or stale
    assert set(records) == {sid for _, sid in stored.values()}
    for aid, sid in stored.values():
        assert aid in records[sid]
    flood_stories = {stored[f"f{k}"][1] for k in range(4)}
    strike_stories = {stored[f"s{k}"][1] for k in range(4)}
    assert len(flood_stories) == 1 and len(strike_stories) == 1 and flood_stories != strike_stories
    assert {stored["x0"][1]} == strike_stories
