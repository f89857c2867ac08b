"""Pipeline glue between the stages (tests of each stage live beside its package)."""

from recoupe.config import Options
from recoupe.model import Article, RawDocument
from recoupe.pipeline import date_undated_from_events, merge_stories, prepare_item, unify_outlets


def _art(i: str, **kw: object) -> Article:
    return Article(id=i, source=f"{i}.txt", text=kw.pop("text", "Texte."), **kw)  # type: ignore[arg-type]


def test_pipeline_outlet_spellings_become_one() -> None:
    arts = [_art("a", outlet="ouest-actu"), _art("b", outlet="Ouest Actu"),
            _art("c", outlet="ouest-actu.fr"), _art("d", outlet="info24")]
    unify_outlets(arts)
    assert [a.outlet for a in arts] == ["Ouest Actu", "Ouest Actu", "Ouest Actu", "info24"]


def test_pipeline_undated_article_dated_from_its_event() -> None:
    arts = [_art("a", published="2024-11-20T10:00:00", event="e1", story="s1"),
            _art("b", text="Mercredi 20 novembre, la ville a fermé le pont.", event="e1", story="s1"),
            _art("c", event="e2", story="s1")]
    date_undated_from_events(arts)
    assert (arts[1].published, arts[1].published_from) == ("2024-11-20", "event")
    assert "date_inferred" in arts[1].flags
    assert arts[2].published is None  # no dated peer in its event


def test_pipeline_stories_rebuilt_from_articles_keep_known_titles() -> None:
    from recoupe.model import Event, Story

    arts = [_art("a", published="2024-11-20", story="s1", event="e1", title="A"),
            _art("b", published="2024-11-21", story="s1", event="e2", title="B"),
            _art("c", published="2024-11-19", story="s2", event="e3", title="C")]
    known = [Story(id="s1", title="Known title", events=[Event(id="e1", title="Ev", date="2024-11-20")])]
    stories = merge_stories(arts, known)
    assert [s.id for s in stories] == ["s2", "s1"]  # by first publication
    s1 = stories[1]
    assert s1.title == "Known title" and s1.articles == ["a", "b"]
    assert [(e.id, e.title, e.date) for e in s1.events] == [("e1", "Ev", "2024-11-20"), ("e2", "B", "2024-11-21")]


def test_pipeline_outlets_in_other_scripts_stay_apart() -> None:
    arts = [_art("a", outlet="Известия"), _art("b", outlet="Коммерсантъ"), _art("c", outlet="—")]
    unify_outlets(arts)
    assert [a.outlet for a in arts] == ["Известия", "Коммерсантъ", "—"]


def test_pipeline_lone_surrogates_in_metadata_are_replaced() -> None:

    raw = RawDocument(source="x.jsonl:1", title="Titre \ud800", outlet="Site\udc00",
                      text="Le conseil municipal a voté mardi soir la reconstruction de la digue, "
                           "un chantier de huit mois financé par l'État et la région.")
    art = prepare_item(raw, Options.load())
    assert not hasattr(art, "reason"), art
    assert art.title == "Titre \ufffd" and art.outlet == "Site\ufffd"  # type: ignore[union-attr]
    art.as_dict()  # encodable


def test_pipeline_stories_and_events_list_their_languages() -> None:
    arts = [_art("a", published="2024-11-20", story="s1", event="e1", language="fr"),
            _art("b", published="2024-11-20", story="s1", event="e1", language="es"),
            _art("c", published="2024-11-21", story="s1", event="e2", language="fr"),
            _art("d", published="2024-11-21", story="s1", event="e2", language=None)]
    (story,) = merge_stories(arts, [])
    assert story.languages == ["fr", "es"]  # most articles first
    assert [e.languages for e in story.events] == [["es", "fr"], ["fr"]]
    assert story.as_dict()["languages"] == ["fr", "es"]


def test_pipeline_an_article_too_long_is_rejected_with_its_setting() -> None:
    from recoupe.model import Rejected

    sentence = "Le conseil municipal a voté mardi soir la reconstruction de la digue. "
    options = Options.load().with_overrides({"ingest": {"max_article_chars": 2_000}})
    long = prepare_item(RawDocument(source="long.txt", text=sentence * 40), options)
    assert isinstance(long, Rejected) and "ingest.max_article_chars" in long.reason
    huge = prepare_item(RawDocument(source="huge.txt", text="x" * 20_000), options)
    assert isinstance(huge, Rejected) and "too long" in huge.reason  # not even cleaned
    assert not isinstance(prepare_item(RawDocument(source="ok.txt", text=sentence * 20), options),
                          Rejected)


def test_pipeline_outlet_spellings_map_each_name_to_the_best() -> None:
    from recoupe.pipeline import outlet_spellings

    best = outlet_spellings(["radio-plaine.fr", "Radio Plaine", "radio-plaine.fr", None, "ouest-actu"])
    assert best == {"radio-plaine.fr": "Radio Plaine", "Radio Plaine": "Radio Plaine",
                    "ouest-actu": "ouest-actu"}
    # an article in one name and not in the other is one outlet still
    best = outlet_spellings(["La Gazette de la Vière", "gazette-de-la-viere", "lemonde.fr", "Le Monde",
                             "Le Monde diplomatique"])
    assert best["gazette-de-la-viere"] == "La Gazette de la Vière" and best["lemonde.fr"] == "Le Monde"
    assert best["Le Monde diplomatique"] == "Le Monde diplomatique"


def test_pipeline_a_first_line_naming_the_outlet_is_a_masthead() -> None:

    body = ("Le pont suspendu de Castelmoron est fermé à toute circulation depuis ce lundi matin, "
            "après la découverte de fissures sur une des piles lors d'une inspection de routine.")
    raw = RawDocument(source="nrv/pont.txt", folder_outlet="nouvelle-republique-du-val",
                      text=f"La Nouvelle République du Val\nCastelmoron : le vieux pont fermé\n{body}")
    art = prepare_item(raw, Options.load())
    assert art.title == "Castelmoron : le vieux pont fermé"  # type: ignore[union-attr]
    assert ("La Nouvelle République du Val", "nav") in [(r.line, r.reason) for r in art.removed]  # type: ignore[union-attr]
    other = RawDocument(source="x/pont.txt", folder_outlet="le-courrier",
                        text=f"La Nouvelle République du Val\nCastelmoron : le vieux pont fermé\n{body}")
    assert prepare_item(other, Options.load()).title == "La Nouvelle République du Val"  # type: ignore[union-attr]


_COPY = ("Le conseil municipal de Vellerange a voté jeudi soir la fermeture de la piscine "
         "Jean-Moulin pour des travaux de désamiantage qui dureront dix-huit mois, a annoncé "
         "la mairie. Les nageurs du club local seront accueillis à Saint-Orel.")


def _jsonl(path, rows):  # type: ignore[no-untyped-def]
    import json

    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return str(path)


def test_pipeline_another_outlets_word_for_word_copy_is_kept_as_its_source(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from recoupe.pipeline import REPUBLISHED, load_articles

    f = _jsonl(tmp_path / "a.jsonl", [
        {"title": "La piscine ferme", "text": _COPY, "outlet": "Le Courrier de l'Orel"},
        {"title": "La piscine ferme", "text": _COPY, "outlet": "Vellerange Info"},
        {"title": "La piscine ferme", "text": _COPY, "outlet": "vellerange-info"},  # the same outlet again
    ])
    arts, rejected = load_articles([f], Options.load(quiet=True))
    assert [a.outlet for a in arts] == ["Le Courrier de l'Orel", "Vellerange Info"]
    assert arts[0].id != arts[1].id and REPUBLISHED in arts[1].flags and REPUBLISHED not in arts[0].flags
    assert len(rejected) == 1 and "kept once" in rejected[0].reason


def test_pipeline_the_later_publication_is_the_copy_whatever_the_file_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from recoupe.pipeline import REPUBLISHED, load_articles

    f = _jsonl(tmp_path / "a.jsonl", [
        {"title": "T", "text": _COPY, "outlet": "Vellerange Info", "published": "2026-03-12"},
        {"title": "T", "text": _COPY, "outlet": "Le Courrier de l'Orel", "published": "2026-03-11"},
    ])
    arts, _ = load_articles([f], Options.load(quiet=True))
    flagged = {a.outlet: REPUBLISHED in a.flags for a in arts}
    assert flagged == {"Vellerange Info": True, "Le Courrier de l'Orel": False}
    assert len({a.id for a in arts}) == 2


def test_pipeline_a_copy_ingested_later_is_stored_and_a_rerun_adds_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from recoupe.jobs import ingest_paths
    from recoupe.store import open_store

    first = _jsonl(tmp_path / "first.jsonl", [{"title": "T", "text": _COPY, "outlet": "Le Courrier de l'Orel"}])
    later = _jsonl(tmp_path / "later.jsonl", [{"title": "T", "text": _COPY, "outlet": "Vellerange Info"}])
    options = Options.load(quiet=True)
    with open_store(str(tmp_path / "s.db")) as store:
        assert ingest_paths([first], store, options).new == 1
        assert ingest_paths([later], store, options).new == 1
        import os
        os.utime(later, (1, 1))  # changed on disk: read again
        again = ingest_paths([later], store, options)
        assert again.new == 0
        outlets = sorted(a.outlet or "" for a in store.articles())
    assert outlets == ["Le Courrier de l'Orel", "Vellerange Info"]


def test_pipeline_a_byline_is_a_name() -> None:
    from recoupe.pipeline import _author

    assert _author("Par Thomas Giraudeau") == "Thomas Giraudeau" and _author("Pardo Ruiz") == "Pardo Ruiz"


def test_pipeline_a_masthead_with_its_slogan_or_menu_is_no_title() -> None:

    body = ("C'est peu après 14 heures, mardi, que les flammes sont apparues dans l'entrepôt de "
            "Valchimie, en zone industrielle des Grèves, selon les pompiers de la Lise.")
    raw = RawDocument(source="radio/a.txt", folder_outlet="radio-brevanne",
                      text=f"Radio Brévanne - En direct | Podcasts | Actu\nIncendie de Valchimie : deux morts\n{body}")
    art = prepare_item(raw, Options.load())
    assert art.title == "Incendie de Valchimie : deux morts"  # type: ignore[union-attr]
    assert "En direct" not in art.text  # type: ignore[union-attr]


def test_pipeline_an_outlet_name_before_a_headline_is_no_masthead() -> None:
    from recoupe.pipeline import _names_outlet

    assert _names_outlet("La Gazette du Val - L'info de votre territoire", "la-gazette-du-val")
    assert not _names_outlet("Radio Brévanne - Incendie de Valchimie : deux morts", "radio-brevanne")
    assert not _names_outlet("Le Réveil - Grève chez Lumeral", "le-reveil")


def test_pipeline_one_outlets_two_copies_of_another_outlets_text_are_kept_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from recoupe.pipeline import load_articles

    f = _jsonl(tmp_path / "a.jsonl", [
        {"title": "T", "text": _COPY, "outlet": "Agence A", "published": "2026-03-12"},
        {"title": "T", "text": _COPY, "outlet": "Le Bulletin", "published": "2026-03-13"},
        {"title": "T", "text": _COPY, "outlet": "Le Bulletin", "published": "2026-03-11"},
        {"title": "T", "text": _COPY, "outlet": "La Cité", "published": "2026-03-10"},
    ])
    arts, _ = load_articles([f], Options.load(quiet=True))
    assert len({a.id for a in arts}) == len(arts) == 3
