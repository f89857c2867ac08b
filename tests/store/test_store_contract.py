"""The Store contract, run on every backend (SQLite file, PostgreSQL database) so they stay
equivalent: re-ingest is a no-op, an interrupted run resumes, search/records/state, atomic
save_analysis; and the store-backed analysis round trip of tests/test_jobs.py on PostgreSQL."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.ingest.readers import iter_paths
from recoupe.jobs import analyze_store, ingest_paths, load_report
from recoupe.model import Article, Rejected
from recoupe.report import validate_report
from recoupe.report.writers import report_dict
from recoupe.store import Store, StoreError, open_store

SAMPLES = Path(__file__).parents[2] / "samples" / "corpus"


def test_reingest_is_a_noop(fresh_store: Store) -> None:
    opts = Options.load()
    first = ingest_paths([str(SAMPLES)], fresh_store, opts)
    n = fresh_store.count_articles()
    second = ingest_paths([str(SAMPLES)], fresh_store, opts)
    assert first.new == n > 15
    assert second.new == 0
    assert second.already_stored == 0  # every file, JSONL and feeds included, is skipped unread
    files = sum(1 for _ in iter_paths([str(SAMPLES)], opts))
    assert second.skipped_unchanged == files
    assert not second.rejected
    assert fresh_store.count_articles() == n


def test_resumes_after_an_interrupted_run(fresh_store: Store) -> None:
    opts = Options.load(overrides={"store": {"chunk_size": 2}})
    files = sorted(str(p) for p in SAMPLES.rglob("*.txt"))
    calls = 0

    def stop_after_five(_source: str) -> None:
        nonlocal calls
        calls += 1
        if calls > 5:
            raise KeyboardInterrupt

    with contextlib.suppress(KeyboardInterrupt):
        ingest_paths(files, fresh_store, opts, progress=stop_after_five)
    kept = fresh_store.count_articles()
    assert kept >= 4  # the committed chunks survived
    summary = ingest_paths(files, fresh_store, opts)
    assert summary.skipped_unchanged == kept
    assert fresh_store.count_articles() == len(files)


def test_same_text_twice_in_one_chunk_is_stored_once(fresh_store: Store) -> None:
    art = next(iter(_sample_articles()))
    twin = type(art).from_dict({**art.as_dict(), "source": "ailleurs/copie.txt"})
    assert fresh_store.add_articles([(art, 10, 1.5), (twin, 11, 2.5)]) == (1, 1)
    assert fresh_store.add_articles([(art, 10, 1.5)]) == (0, 1)
    assert fresh_store.source_unchanged("ailleurs/copie.txt", 11, 2.5)
    assert not fresh_store.source_unchanged("ailleurs/copie.txt", 12, 2.5)
    assert not fresh_store.source_unchanged(art.source, None, None)
    assert fresh_store.has_article(art.id) and not fresh_store.has_article("nope")
    assert fresh_store.count_articles() == 1


def test_search_records_and_state(fresh_store: Store) -> None:
    ingest_paths([str(SAMPLES)], fresh_store, Options.load())
    hits = fresh_store.search("Lumeral grève")
    assert hits and "[" in hits[0][1]
    assert all("Lumeral" in (fresh_store.get_article(i).text) for i, _ in hits)  # type: ignore[union-attr]
    assert fresh_store.search("   ") == []
    fresh_store.put_state("cluster", {"n": 3})
    assert fresh_store.get_state("cluster") == {"n": 3}
    assert fresh_store.get_state("missing") is None
    fresh_store.replace_records("story", [("s1", {"id": "s1"})])
    assert fresh_store.records("story") == [{"id": "s1"}]
    fresh_store.put_records("story", [("s0", {"id": "s0", "x": [1.5, None]}), ("s1", {"id": "s1", "v": 2})])
    assert fresh_store.records("story") == [{"id": "s0", "x": [1.5, None]}, {"id": "s1", "v": 2}]
    art = next(fresh_store.articles())
    assert fresh_store.get_article(art.id) == art
    assert fresh_store.get_article("nope") is None


def test_rejected_keep_their_order(fresh_store: Store) -> None:
    fresh_store.add_rejected([Rejected("b.txt", "vide"), Rejected("a.txt", "binaire")])
    fresh_store.add_rejected([])
    assert fresh_store.rejected() == [Rejected("b.txt", "vide"), Rejected("a.txt", "binaire")]


def test_articles_come_in_publication_order(fresh_store: Store) -> None:
    ingest_paths([str(SAMPLES)], fresh_store, Options.load())
    keys = [(a.published is not None, a.published or "", a.source) for a in fresh_store.articles()]
    assert keys == sorted(keys)  # undated first, then by date, then by source


def test_save_analysis_is_all_or_nothing(fresh_store: Store) -> None:
    ingest_paths([str(SAMPLES)], fresh_store, Options.load())
    fresh_store.replace_records("story", [("s1", {"id": "s1"})])
    arts = list(fresh_store.articles())
    arts[0].story = "s9"
    with pytest.raises(Exception):  # noqa: B017 - each backend raises its own driver error
        # two records with one id: the insert fails after the articles were updated
        fresh_store.save_analysis(arts, {"story": [("s2", {"id": "s2"}), ("s2", {"id": "s2"})]}, {"x": {}})
    assert fresh_store.records("story") == [{"id": "s1"}]
    assert fresh_store.get_state("x") is None
    assert fresh_store.get_article(arts[0].id).story is None  # type: ignore[union-attr]


def test_analysis_continues_across_ingests_and_reloads(fresh_store: Store) -> None:
    """A second ingest continues the clusters of the first; the saved analysis reloads."""
    store = fresh_store
    opts = Options.load()
    outlets = sorted(p for p in SAMPLES.iterdir() if p.is_dir())
    first, second = outlets[: len(outlets) // 2], outlets[len(outlets) // 2 :]
    ingest_paths([str(p) for p in first], store, opts)
    assert load_report(store) is None  # nothing analysed yet
    rep1 = analyze_store(store, opts)
    before = {a.id: (a.story, a.event) for a in rep1.articles}
    assert all(s and e for s, e in before.values())

    ingest_paths([str(p) for p in second], store, opts)
    assert load_report(store) is None  # new articles: the saved analysis is stale
    rep2 = analyze_store(store, opts)
    after = {a.id: (a.story, a.event) for a in rep2.articles}
    assert len(after) > len(before)
    assert all(after[k] == v for k, v in before.items())  # the stream continued
    listed = [x for s in rep2.stories for x in s.articles]
    assert sorted(listed) == sorted(after)  # every article in exactly one story
    assert {x for s in rep2.stories for e in s.events for x in e.articles} == set(after)
    assert any(set(s.articles) & set(before) and set(s.articles) - set(before)
               for s in rep2.stories)  # a story holds articles of both runs
    assert rep2.entities and rep2.quotes and rep2.reuse and rep2.claims
    assert any(s.summary for s in rep2.stories)

    loaded = load_report(store, opts)
    assert loaded is not None
    # made with other analysis settings: stale
    assert load_report(store, opts.with_overrides({"synth": {"words": 50}})) is None
    assert [s.id for s in loaded.stories] == [s.id for s in rep2.stories]
    assert [s.as_dict() for s in loaded.stories] == [s.as_dict() for s in rep2.stories]
    assert len(loaded.quotes) == len(rep2.quotes)
    assert len(loaded.reuse) == len(rep2.reuse)
    assert [a.as_dict() for a in loaded.articles] == [a.as_dict() for a in rep2.articles]
    assert not validate_report(report_dict(loaded))


def test_open_store_picks_the_backend_by_url(store_url: str) -> None:
    with open_store(store_url) as store:
        kind = "PostgresStore" if store_url.startswith("postgres") else "SQLiteStore"
        assert type(store).__name__ == kind
        assert store.count_articles() == 0


def test_a_bad_url_is_a_coded_error(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    sock = tmp_path / "none"
    with pytest.raises(StoreError, match=r"\[S004\]"):
        open_store(f"postgresql://nobody@/x?host={sock}&connect_timeout=2")


def test_a_url_mangled_by_path_is_refused() -> None:
    with pytest.raises(StoreError, match=r"\[S006\]"):
        open_store(str(Path("postgresql://u@h:5432/db")))


def _sample_articles() -> list:  # type: ignore[type-arg]
    from recoupe.pipeline import load_articles

    arts, _ = load_articles([str(next(p for p in sorted(SAMPLES.iterdir()) if p.is_dir()))], Options.load())
    return arts


BODY = ("Le conseil municipal de Saint-Aubin a voté mardi soir la reconstruction de la digue, "
        "un chantier de huit mois financé par l'État et la région, a annoncé la mairie.\n"
        "Les travaux commenceront au printemps, après l'avis des services de l'État.\n")


def test_a_rejected_file_is_read_again_once_fixed(fresh_store: Store, tmp_path: Path) -> None:
    opts = Options.load()
    folder = tmp_path / "in"
    folder.mkdir()
    f = folder / "a.txt"
    f.write_text("")
    for _ in range(2):  # an unchanged bad file: read again, its rejection recorded once
        summary = ingest_paths([str(folder)], fresh_store, opts)
        assert summary.skipped_unchanged == 0 and summary.rejected
    assert [r.reason for r in fresh_store.rejected()] == ["empty file"]
    f.write_text(BODY)
    summary = ingest_paths([str(folder)], fresh_store, opts)
    assert summary.new == 1
    assert fresh_store.rejected() == []  # the fixed file is no longer listed as rejected


def test_an_edited_file_replaces_its_old_text(fresh_store: Store, tmp_path: Path) -> None:
    opts = Options.load()
    f = tmp_path / "a.txt"
    f.write_text(BODY)
    ingest_paths([str(f)], fresh_store, opts)
    old = next(iter(fresh_store.articles())).id
    f.write_text(BODY.replace("huit mois", "neuf mois"))
    os.utime(f, (1, 1))  # a different mtime for sure
    ingest_paths([str(f)], fresh_store, opts)
    ids = [a.id for a in fresh_store.articles()]
    assert len(ids) == 1 and ids[0] != old


def test_a_file_given_another_text_keeps_the_article_stored_from_it(fresh_store: Store,
                                                                   tmp_path: Path) -> None:
    """A daily export under one file name, or a paywall page where the article was: not an
    edit of what is stored, so nothing stored is lost (both texts stay)."""
    opts = Options.load()
    f = tmp_path / "a.txt"
    f.write_text(BODY)
    ingest_paths([str(f)], fresh_store, opts)
    old = next(iter(fresh_store.articles())).id
    f.write_text("Grève : la direction reçoit les syndicats\n\nCet article est réservé aux abonnés.")
    os.utime(f, (1, 1))
    ingest_paths([str(f)], fresh_store, opts)
    ids = [a.id for a in fresh_store.articles()]
    assert len(ids) == 2 and old in ids


def test_a_file_given_more_paragraphs_replaces_its_old_text(fresh_store: Store, tmp_path: Path) -> None:
    """A story updated in place (paragraphs added): an edit, the old text goes."""
    opts = Options.load()
    f = tmp_path / "a.txt"
    f.write_text(BODY)
    ingest_paths([str(f)], fresh_store, opts)
    f.write_text(BODY + "\n" + "\n".join(
        f"Mise à jour {k} : les syndicats ont été reçus par la direction régionale, qui promet une "
        f"réponse écrite avant la fin de la semaine et une nouvelle réunion le mois prochain." for k in range(6)))
    os.utime(f, (1, 1))
    ingest_paths([str(f)], fresh_store, opts)
    assert len(list(fresh_store.articles())) == 1


def test_an_edited_file_after_an_analysis_gets_a_whole_analysis(fresh_store: Store,
                                                                tmp_path: Path) -> None:
    """A replaced article would leave its records in stories a scoped update does not
    touch: the update sees the count does not add up and analyses the whole store."""
    from recoupe.jobs import update_analysis

    opts = Options.load(quiet=True)
    f = tmp_path / "a.txt"
    f.write_text(BODY)
    ingest_paths([str(f)], fresh_store, opts)
    assert update_analysis(fresh_store, opts).full
    old = next(iter(fresh_store.articles())).id
    f.write_text(BODY.replace("huit mois", "neuf mois"))
    os.utime(f, (1, 1))
    ingest_paths([str(f)], fresh_store, opts)
    assert update_analysis(fresh_store, opts).full
    assert fresh_store.records("claim")
    assert all(c["article"] != old for c in fresh_store.records("claim"))
    assert all(old not in st["articles"] for st in fresh_store.records("story"))


def test_an_analysis_saved_meanwhile_is_not_overwritten(fresh_store: Store) -> None:
    arts = [Article(id="a1", source="a.txt", text="Texte.")]
    fresh_store.add_articles([(arts[0], None, None)])
    fresh_store.put_state("cluster", {"seq": 1})
    started = fresh_store.get_state("cluster")
    fresh_store.put_state("cluster", {"seq": 2})  # another process saved its analysis
    with pytest.raises(StoreError, match=r"\[S007\]"):
        fresh_store.save_analysis(arts, {"story": [("s9", {"id": "s9"})]}, {"cluster": {"seq": 3}},
                                  expect={"cluster": started})
    assert fresh_store.get_state("cluster") == {"seq": 2}
    assert fresh_store.records("story") == []
    fresh_store.save_analysis(arts, {"story": [("s9", {"id": "s9"})]}, {"cluster": {"seq": 3}},
                              expect={"cluster": {"seq": 2}})
    assert fresh_store.get_state("cluster") == {"seq": 3}


def test_scoped_update_reads_and_writes_only_what_new_articles_change(fresh_store: Store) -> None:
    """The queries a scoped update makes (recoupe/update.py) and its one-transaction write,
    on every backend: new articles are the unclustered ones, untouched stories keep their
    records, and the analysis then covers every article."""
    from recoupe.jobs import update_analysis

    opts = Options.load(quiet=True)
    files = sorted(str(p) for p in SAMPLES.rglob("*.txt"))
    cut = len(files) - 3
    ingest_paths(files[:cut], fresh_store, opts)
    first = update_analysis(fresh_store, opts)
    assert first.full and not fresh_store.unclustered_articles()
    stories_before = {d["id"]: d for d in fresh_store.records("story")}
    recent = fresh_store.recent_articles(3)
    assert len(recent) == 3 and [a.published for a in recent] == sorted(
        (a.published for a in recent), reverse=True)
    some = next(iter(stories_before))
    assert [d["id"] for d in fresh_store.records_by_id("story", [some])] == [some]
    assert {a.story for a in fresh_store.articles_of_stories([some])} == {some}

    ingest_paths(files[cut:], fresh_store, opts)
    new = fresh_store.unclustered_articles()
    assert len(new) == 3
    upd = update_analysis(fresh_store, opts)
    assert not upd.full and upd.new == 3 and upd.articles == fresh_store.count_articles()
    assert not fresh_store.unclustered_articles()
    touched = {a.story for a in fresh_store.articles() if a.id in {n.id for n in new}}
    after = {d["id"]: d for d in fresh_store.records("story")}
    for sid, rec in stories_before.items():
        if sid not in touched and sid in after:
            assert after[sid] == rec  # a story no new article changed is not rewritten
    claims = fresh_store.records("claim")
    assert {c["article"] for c in claims} >= {n.id for n in new if n.text.strip()} - {None}
    pairs = fresh_store.records("reuse")
    assert pairs
    for pair in pairs:
        found = fresh_store.reuse_records_of([pair["articles"][1]])
        assert pair in found and all(pair["articles"][1] in d["articles"] for d in found)
    assert fresh_store.reuse_records_of([]) == []
    # nothing new: a no-op
    again = update_analysis(fresh_store, opts)
    assert not again.full and again.new == 0
    assert load_report(fresh_store, opts) is not None


def test_save_update_drops_the_records_it_names(fresh_store: Store) -> None:
    """A story its last article left (the settling window moved it) is deleted in the same
    transaction that writes the update, on every backend."""
    ingest_paths([str(SAMPLES)], fresh_store, Options.load(quiet=True))
    fresh_store.replace_records("story", [("s1", {"id": "s1"}), ("s2", {"id": "s2"})])
    arts = list(fresh_store.articles())[:1]
    arts[0].story, arts[0].event = "s1", "e1"
    fresh_store.save_update(arts, {"story": [("s1", {"id": "s1", "articles": [arts[0].id]})]},
                            [arts[0].id], {}, drop_records={"story": ["s2"]})
    assert fresh_store.records("story") == [{"id": "s1", "articles": [arts[0].id]}]
    assert fresh_store.get_article(arts[0].id).story == "s1"  # type: ignore[union-attr]


def test_line_days_are_kept_up_to_min_days(fresh_store: Store) -> None:
    assert fresh_store.record_line_days([(7, "2026-10-14"), (7, "2026-10-14"), (8, "2026-10-14")], 3) == set()
    assert fresh_store.record_line_days([(7, "2026-10-15"), (-2**63, "2026-10-15")], 3) == set()
    # a third day: key 7 is now repeated; later days add no row (at most min_days per key)
    assert fresh_store.record_line_days([(7, "2026-10-16"), (8, "2026-10-16")], 3) == {7}
    assert fresh_store.record_line_days([(7, "2026-10-17")], 3) == {7}
    assert fresh_store.record_line_days([], 3) == set()


BANNER = "La Gazette du Val vous accompagne depuis 1887 : soutenez une presse locale"
PAGES = [
    ("2026-10-14", "Crue de la Vrenne : la digue de Saint-Aubin tient",
     "La préfecture a annoncé mercredi que les habitants évacués pourraient regagner leur "
     "domicile dans la soirée, une fois les contrôles des bâtiments terminés."),
    ("2026-10-15", "Vrenne : les pompiers évacuent la basse ville",
     "Selon les pompiers, une cinquantaine d'agents ont été mobilisés pendant la nuit pour "
     "porter secours aux familles bloquées dans la basse ville."),
    ("2026-10-16", "Digue de la Vrenne : le maire demande une enquête",
     "Le maire a demandé une enquête sur l'entretien de la digue, construite il y a plus de "
     "soixante ans et inspectée pour la dernière fois en 2019."),
]


def test_a_banner_is_found_across_ingests(fresh_store: Store, tmp_path: Path) -> None:
    # one page a run, as `watch` or the API bring them: the third day's page loses the
    # site's banner; the first two keep it (they were stored before it was known)
    opts = Options.load(quiet=True)
    for day, title, body in PAGES:
        folder = tmp_path / "gazette" / day
        folder.mkdir(parents=True)
        (folder / "page.txt").write_text(f"{BANNER}\n{title}\n{body}\n", encoding="utf-8")
        ingest_paths([str(folder / "page.txt")], fresh_store, opts)
    by_day = {str(a.published)[:10]: a for a in fresh_store.articles()}
    assert BANNER in by_day["2026-10-14"].text and BANNER in by_day["2026-10-15"].text
    third = by_day["2026-10-16"]
    assert BANNER not in third.text and third.title == PAGES[2][1]
    assert "recurring_lines_removed" in third.flags
    assert any(r.line == BANNER and r.reason == "recurring" for r in third.removed)


def test_the_outlet_column_follows_the_unified_spelling(fresh_store: Store, tmp_path: Path) -> None:
    # "ouest-actu.fr" and "Ouest Actu" are one outlet: after the analysis the store's outlet
    # column (what SQL users read) says it as the report does
    feed = tmp_path / "two.jsonl"
    rows = [{"maintext": f"{title}\n{body}", "title": title, "source_domain": dom,
             "date_publish": f"2026-10-{14 + k} 08:00:00"}
            for k, ((_, title, body), dom) in enumerate(zip(PAGES, ["ouest-actu.fr", "Ouest Actu"],
                                                               strict=False))]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                    encoding="utf-8")
    opts = Options.load(quiet=True)
    ingest_paths([str(feed)], fresh_store, opts)
    analyze_store(fresh_store, opts)
    column = sorted(r[0] for r in fresh_store.conn.execute("SELECT outlet FROM articles"))  # type: ignore[attr-defined]
    assert column == ["Ouest Actu", "Ouest Actu"]
    assert {a.outlet for a in fresh_store.articles()} == {"Ouest Actu"}


def test_two_pages_that_become_one_text_are_one_article_with_two_sources(
        fresh_store: Store, tmp_path: Path) -> None:
    opts = Options.load(quiet=True)
    for day, title, body in PAGES[:2]:
        folder = tmp_path / "gazette" / day
        folder.mkdir(parents=True)
        (folder / "page.txt").write_text(f"{BANNER}\n{title}\n{body}\n", encoding="utf-8")
    ingest_paths([str(tmp_path / "gazette")], fresh_store, opts)
    day, title, body = PAGES[2]
    folder = tmp_path / "gazette" / day
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(f"{BANNER}\n{title}\n{body}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"{title}\n{body}\n{BANNER}\n", encoding="utf-8")
    first = ingest_paths([str(folder)], fresh_store, opts)
    assert first.new == 1 and first.already_stored == 1 and not first.rejected
    assert fresh_store.count_articles() == 3
    again = ingest_paths([str(tmp_path / "gazette")], fresh_store, opts)
    assert again.skipped_unchanged == 4 and again.new == 0  # both sources are linked
