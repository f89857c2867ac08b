"""build_claims and unique_by_outlet on the sample corpus, real models."""

from __future__ import annotations

import re

from recoupe.claims import unique_by_outlet
from recoupe.model import Article, Claim


def _claim(run: tuple[list[Article], list[Claim]], source_part: str, snippet: str) -> Claim:
    articles, claims = run
    art = next(a for a in articles if source_part in a.source and snippet in a.text)
    pos = art.text.index(snippet)
    return next(c for c in claims if c.article == art.id and c.start <= pos < c.end)


def test_claims_index_the_article_text(sample_claims) -> None:  # type: ignore[no-untyped-def]
    articles, claims = sample_claims
    text = {a.id: a.text for a in articles}
    assert len(claims) > 200
    for c in claims:
        assert text[c.article][c.start:c.end] == c.text
        assert re.fullmatch(r"[0-9a-f]{16}:c\d+", c.id)
        assert c.group and re.fullmatch(r"g[0-9a-f]{10}", c.group)
        assert c.status in ("corroborated", "possibly_corroborated", "single_source", "conflicting")
        assert c.confidence is not None and 0.0 <= c.confidence <= 1.0
        assert c.article in c.sources
    # meta and debris sentences are not claims
    assert not any(c.text.startswith(("Lire aussi", "Partager", "Inscrivez-vous"))
                   for c in claims)


def test_a_wire_family_counts_once_and_conflicting_figures_are_linked(sample_claims) -> None:  # type: ignore[no-untyped-def]
    c37 = _claim(sample_claims, "afp/", "37 habitants ont été évacués")
    c47 = _claim(sample_claims, "crue-une-nuit-de-cauchemar", "47 habitants ont été évacués")
    # the AFP dispatch, its near-verbatim copy, the rewrite and the paraphrase are one
    # source; Ouest Actu's own report is the second
    articles, _ = sample_claims
    family = {a.id for a in articles if any(k in a.source for k in (
        "afp/", "info24/crue", "radio-loire-vallee/", "le-veilleur/inondations"))}
    assert len(family) == 4 and len(set(c37.sources) & family) >= 3
    # Ouest Actu's two articles (spelt "Ouest Actu" and "ouest-actu") are one outlet
    from recoupe.ingest.readers import outlet_key

    others = {outlet_key(a.outlet or a.id) for a in articles if a.id in set(c37.sources) - family}
    assert c37.independent_sources == len(others) + 1 >= 2
    assert c37.group != c47.group
    assert c37.status == c47.status == "conflicting"
    assert c47.group in c37.conflicts and c37.group in c47.conflicts


def test_approximate_figures_corroborate(sample_claims) -> None:  # type: ignore[no-untyped-def]
    afp = _claim(sample_claims, "afp/", "Une cinquantaine de pompiers")
    # "une cinquantaine" agrees with "About 50 firefighters": two independent sources, no
    # conflict; the other source is the English article, and a link across two languages
    # is scored on the cosine alone, under the confident threshold: possibly corroborated
    assert afp.status in ("corroborated", "possibly_corroborated") and afp.independent_sources >= 2


def test_unique_by_outlet(sample_claims) -> None:  # type: ignore[no-untyped-def]
    articles, claims = sample_claims
    schools = _claim(sample_claims, "radio-loire-vallee", "les deux écoles de la commune")
    unique = unique_by_outlet(claims, articles, story=schools.story)
    outlet = {a.id: a.outlet or a.id for a in articles}
    assert schools.id in unique[outlet[schools.article]]
    by_group = {c.group: c for c in claims}
    published = {a.id: a.published or "9999" for a in articles}
    for name, ids in unique.items():
        groups = [next(c for c in claims if c.id == i).group for i in ids]
        assert len(groups) == len(set(groups))
        for g in groups:
            # one outlet, or one source several outlets copy: credited to its first publisher
            c = by_group[g]
            outlets = {outlet[s] for s in c.sources}
            first = min(c.sources, key=lambda s: (published[s], s))
            assert len(outlets) == 1 or (c.independent_sources == 1 and outlet[first] == name)
    event_scoped = unique_by_outlet(claims, articles, event=schools.event)
    assert schools.id in event_scoped[outlet[schools.article]]


def test_a_press_review_relays_and_counts_for_no_source() -> None:
    from recoupe.claims import _source_keys, independent_count
    from recoupe.model import Article

    arts = [Article(id="a", source="a", text="x", outlet="Le Courrier"),
            Article(id="b", source="b", text="x", title="La revue de presse du jeudi", outlet="Radio Vrenne",
                    flags=["roundup"]),
            # a digest of the outlet's own short reports ("En bref") is no relay
            Article(id="d", source="d", text="x", title="En bref", outlet="Vrenne Info", flags=["roundup"]),
            Article(id="c", source="c", text="x", outlet="L'Écho")]
    key = _source_keys(arts, [], outlet_one_source=True)
    assert independent_count(["a", "b"], key) == 1 and independent_count(["a", "b", "c"], key) == 2
    assert independent_count(["a", "d"], key) == 2


def test_one_shared_dispatch_does_not_make_two_outlets_one_source_for_everything() -> None:
    from recoupe.claims import _source_keys, independent_count, same_source
    from recoupe.model import Article, ReusePair

    # the Courrier and L'Écho both ran the agency's fire dispatch (one reuse family); their
    # strike articles are their own reporting: two sources, whatever order they came in
    arts = [Article(id="x1", source="x1", text="x", outlet="Le Courrier"),
            Article(id="y1", source="y1", text="x", outlet="L'Écho"),
            Article(id="x2", source="x2", text="x", outlet="Le Courrier"),
            Article(id="y2", source="y2", text="x", outlet="L'Écho"),
            Article(id="x3", source="x3", text="x", outlet="le-courrier")]
    key = _source_keys(arts, [ReusePair(articles=["x1", "y1"], kind="shared_wire", overlap=0.8)],
                       outlet_one_source=True)
    assert independent_count(["x1", "y1"], key) == 1
    assert independent_count(["x2", "y2"], key) == 2 and not same_source("x2", "y2", key)
    assert independent_count(["x2", "x3", "y2"], key) == 2  # one outlet, two spellings
    # within one group, an outlet and a copy still chain: the Courrier's own article and
    # L'Écho's copy of the Courrier's dispatch are one source
    assert independent_count(["x2", "x1", "y1"], key) == 1
    assert independent_count(["x2", "y2"], _source_keys(arts, [], outlet_one_source=False)) == 2


def test_an_outlets_correction_retracts_its_earlier_claim(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from recoupe.config import Options
    from recoupe.evaluate.claims import run_pipeline

    day1 = tmp_path / "courrier" / "2026-11-18"
    day2 = tmp_path / "courrier" / "2026-11-19"
    day1.mkdir(parents=True)
    day2.mkdir(parents=True)
    (day1 / "fuite.txt").write_text(
        "Fuite d'ammoniac à l'usine Novachem de Brénac\n"
        "Une fuite d'ammoniac s'est produite dans la nuit de mardi à mercredi à l'usine Novachem de "
        "Brénac, selon la préfecture de la Vrenne.\n"
        "D'après un salarié joint par téléphone, près de trois tonnes d'ammoniac se seraient échappées "
        "d'une canalisation de l'atelier de conditionnement.\n", encoding="utf-8")
    (day2 / "rectificatif.txt").write_text(
        "Fuite d'ammoniac à Brénac : le rapport de l'exploitant\n"
        "Rectificatif. Contrairement à ce que nous avons indiqué hier, ce ne sont pas trois tonnes "
        "d'ammoniac qui se sont échappées de l'usine Novachem, selon le rapport de l'exploitant.\n"
        "L'exploitant a transmis jeudi son rapport à la direction régionale de l'environnement.\n",
        encoding="utf-8")
    _, claims = run_pipeline([str(tmp_path)], Options.load(quiet=True))
    old = next(c for c in claims if c.text.startswith("D'après un salarié"))
    fix = next(c for c in claims if "Contrairement à ce que nous avons indiqué" in c.text)
    assert old.group != fix.group
    assert (old.status_reason or "").startswith("retracted: ")


def _write(root, files: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    """Write a small corpus (relative path -> text) under ``root``; returns its path."""
    for rel, text in files.items():
        f = root / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")
    return str(root)


def _run(tmp_path, files: dict[str, str]) -> tuple[list[Article], list[Claim]]:  # type: ignore[no-untyped-def]
    """The pipeline over fictional articles written as ``files`` (path -> text)."""
    from recoupe.config import Options
    from recoupe.evaluate.claims import run_pipeline

    return run_pipeline([_write(tmp_path, files)], Options.load(quiet=True))  # type: ignore[no-any-return]


def test_a_retracted_figure_contradicts_nobody_and_is_no_summary_sentence(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from recoupe.synth.summarize import summarize

    files = {
        "gazette/2026-03-11/vote.txt": (
            "Lormeval : la halle couverte adoptée\n"
            "Réuni mardi soir, le conseil municipal de Lormeval a adopté par 23 voix contre 10 le "
            "projet de halle couverte place du Marché.\n"
            "Le chantier doit durer quatorze mois, selon la mairie de Lormeval.\n"),
        "echo/2026-03-11/halle.txt": (
            "Feu vert pour la halle de Lormeval\n"
            "Le conseil municipal de Lormeval a approuvé mardi soir, par 21 voix pour et 12 contre, "
            "le projet de halle couverte place du Marché.\n"
            "L'opposition dénonce un projet trop coûteux pour la commune de Lormeval.\n"),
        "gazette/2026-03-12/rectificatif.txt": (
            "Halle de Lormeval : rectificatif\n"
            "Rectificatif. Contrairement à ce que nous avons indiqué hier, la délibération sur la "
            "halle couverte a été adoptée par 21 voix contre 12.\n"
            "La mairie a précisé mercredi le calendrier des travaux de la future halle.\n"),
    }
    articles, claims = _run(tmp_path, files)
    wrong = next(c for c in claims if "23 voix contre 10" in c.text)
    right = next(c for c in claims if "21 voix pour et 12 contre" in c.text)
    assert (wrong.status_reason or "").startswith("retracted: ")
    assert right.status != "conflicting" and not right.conflicts and not wrong.conflicts
    summary = summarize(articles, claims, words=200)
    assert summary and not any("23 voix" in s.text for s in summary)


def test_a_correction_retracts_its_events_figure_not_another_crashs(tmp_path) -> None:  # type: ignore[no-untyped-def]

    files = {
        "gazette/2026-03-08/vernot.txt": (
            "Collision sur la RD 40 à Vernot\n"
            "Une collision entre deux voitures a fait deux blessés dimanche après-midi sur la RD 40 à Vernot.\n"
            "Un des conducteurs a été placé en garde à vue, selon la gendarmerie.\n"),
        "gazette/2026-03-10/accident.txt": (
            "Collision sur la RD 12 à Lormeval\n"
            "Une collision entre une voiture et un camion a fait trois blessés mardi matin sur la RD 12 à "
            "Lormeval.\nLa circulation a été coupée pendant deux heures, selon la gendarmerie.\n"),
        "gazette/2026-03-11/rectificatif.txt": (
            "Accident de Lormeval : rectificatif\n"
            "Rectificatif. Contrairement à ce que nous avons indiqué hier, la collision de la RD 12 à "
            "Lormeval a fait quatre blessés.\nLe conducteur du camion a été entendu par les gendarmes mercredi.\n"),
    }
    _, claims = _run(tmp_path, files)
    retracted = [c.text for c in claims if (c.status_reason or "").startswith("retracted: ")]
    assert len(retracted) == 1 and "trois blessés" in retracted[0]


def test_a_correction_in_a_story_of_its_own_still_retracts() -> None:
    from recoupe.claims import _retract_across_stories
    from recoupe.claims.extract import ClaimUnit
    from recoupe.claims.scoring import load_model

    def unit(art: str, text: str, story: str, day: str, correction: bool = False) -> ClaimUnit:
        words = frozenset(w.strip(".,").lower() for w in text.split() if len(w) > 3)
        return ClaimUnit(article=art, index=0, start=0, end=len(text), text=text, lemmas=words, core=text,
                         language="fr", story=story, outlet="La Vigie", published=day, correction=correction)

    old = unit("a", "Près de trois tonnes d'ammoniac se sont échappées de l'usine Novachem de Brénac.",
               "s1", "2026-11-18")
    other = unit("b", "Le maire de Brénac a demandé une enquête sur la sécurité de l'usine.", "s1", "2026-11-18")
    fix = unit("c", "Contrairement à ce que nous avons indiqué, ce ne sont pas trois tonnes d'ammoniac qui "
                    "se sont échappées de l'usine Novachem de Brénac.", "s9", "2026-11-19", correction=True)
    retracted: dict[str, str] = {}
    _retract_across_stories([old, other, fix], retracted, load_model(), None)
    assert list(retracted) == [old.id] and retracted[old.id].startswith("retracted: La Vigie corrected it")


def test_two_outlets_copying_a_dispatch_and_reporting_it_too_are_three_sources() -> None:
    from recoupe.claims import _source_keys, independent_count
    from recoupe.model import Article, ReusePair

    arts = [Article(id="afp1", source="afp1", text="x", outlet="AFP", published="2026-03-10"),
            Article(id="x1", source="x1", text="x", outlet="Le Courrier", published="2026-03-10T09:00"),
            Article(id="y1", source="y1", text="x", outlet="L'Écho", published="2026-03-10T10:00"),
            Article(id="x2", source="x2", text="x", outlet="Le Courrier", published="2026-03-11"),
            Article(id="y2", source="y2", text="x", outlet="L'Écho", published="2026-03-11")]
    pairs = [ReusePair(articles=["afp1", "x1"], kind="shared_wire", overlap=0.9),
             ReusePair(articles=["afp1", "y1"], kind="shared_wire", overlap=0.9)]
    key = _source_keys(arts, pairs, outlet_one_source=True)
    # the dispatch and its two copies are one source; each outlet's own report is another
    assert independent_count(["x2", "y2", "afp1", "x1", "y1"], key) == 3
    assert independent_count(["x2", "y2"], key) == 2


def test_a_correction_naming_the_wrong_figure_retracts_it_in_another_event() -> None:
    from recoupe.claims import _corrects
    from recoupe.claims.extract import ClaimUnit
    from recoupe.claims.scoring import load_model
    from recoupe.model import Quantity

    def unit(art: str, text: str, event: str, quantities: list[Quantity],
             correction: bool = False) -> ClaimUnit:
        return ClaimUnit(article=art, index=0, start=0, end=len(text), text=text, core=text,
                         language="fr", story="s1", event=event, outlet="La Dépêche",
                         quantities=tuple(quantities), correction=correction)

    was = unit("a", "Le préfet a ordonné mercredi l'évacuation de 45 000 habitants de Castelrouge.",
               "e5", [Quantity("45 000 habitants", 46, 62, 45000.0, unit="habitants")])
    fix = unit("b", "Contrairement à ce que nous avons indiqué mercredi, l'ordre d'évacuation "
                    "concernait 4 500 habitants, et non 45 000.", "e1",
               [Quantity("4 500 habitants", 80, 95, 4500.0, unit="habitants"),
                Quantity("45 000", 105, 111, 45000.0)], correction=True)
    model = load_model()
    # a correction days later joins the story's latest event: the wrong figure it repeats
    # beside the right one says what it corrects
    assert _corrects(fix, was, 0.16, model)
    # a correction giving only the right figure stays within its own event
    bare = unit("c", "Rectificatif : l'ordre d'évacuation concernait 4 500 habitants.", "e1",
                [Quantity("4 500 habitants", 50, 65, 4500.0, unit="habitants")], correction=True)
    assert not _corrects(bare, was, 0.16, model)


def test_a_retracted_claim_no_longer_makes_the_right_figure_conflicting(tmp_path) -> None:  # type: ignore[no-untyped-def]

    files = {
        "depeche/2026-11-18/evacuation.txt": (
            "Castelrouge : l'évacuation ordonnée\n"
            "Le préfet de la Haute-Lisse a ordonné mercredi l'évacuation de 45 000 habitants de "
            "Castelrouge et de Pont-d'Orsanne, menacés par le barrage de Pralong.\n"
            "Les routes départementales 12 et 14 sont fermées à la circulation.\n"),
        "matin/2026-11-18/evacuation.txt": (
            "Barrage de Pralong : Castelrouge évacué\n"
            "Le préfet de la Haute-Lisse a ordonné mercredi matin l'évacuation de 4 500 habitants de "
            "Castelrouge et de Pont-d'Orsanne, menacés par le barrage de Pralong.\n"
            "Un gymnase de Montferrand accueille les familles évacuées.\n"),
        "depeche/2026-11-20/victimes.txt": (
            "Barrage de Pralong : la liste des victimes publiée\n"
            "La préfecture de la Haute-Lisse doit publier vendredi la liste des victimes de la "
            "rupture du barrage de Montferrand.\n"
            "Rectificatif. Contrairement à ce que nous avons indiqué mercredi, l'ordre d'évacuation "
            "concernait 4 500 habitants, et non 45 000.\n"),
    }
    _, claims = _run(tmp_path, files)
    wrong = next(c for c in claims if "de 45 000 habitants" in c.text)
    right = next(c for c in claims if "de 4 500 habitants" in c.text)
    assert (wrong.status_reason or "").startswith("retracted: ")
    assert right.status != "conflicting" and not right.conflicts


def test_a_claim_attributed_to_another_outlet_of_its_group_relays_it() -> None:
    from recoupe.claims import _relayed_keys, independent_count
    from recoupe.claims.extract import ClaimUnit

    def unit(art: str, text: str, who: str | None = None) -> ClaimUnit:
        return ClaimUnit(article=art, index=0, start=0, end=len(text), text=text, core=text,
                         attribution=who)

    own = unit("a", "Selon nos informations, une inspection de 2024 avait relevé des fissures.")
    relay = unit("b", "Selon La Dépêche du Plateau, une inspection de 2024 avait relevé des fissures.",
                 who="La Dépêche du Plateau")
    outlets = {"a": "depecheplateau.fr", "b": "Le Courrier de la Lisse", "c": "France Matin"}
    keys = {"a": "a\tdepecheplateau", "b": "b\tcourrierlisse", "c": "c\tfrancematin"}
    # the relaying article is one source with the outlet it cites
    assert independent_count(["a", "b"], _relayed_keys([own, relay], outlets, keys)) == 1
    # a third outlet's own telling is another source
    third = unit("c", "Une inspection menée en 2024 avait déjà relevé des fissures.")
    assert independent_count(["a", "b", "c"], _relayed_keys([own, relay, third], outlets, keys)) == 2
    # an attribution to someone else (the prefecture) relays no outlet
    pref = unit("b", "Une inspection de 2024 avait relevé des fissures, selon la préfecture.", who="la préfecture")
    assert _relayed_keys([own, pref], outlets, keys) is keys


def test_a_toll_disputed_in_one_article_is_said_to_be_disputed(tmp_path) -> None:  # type: ignore[no-untyped-def]

    files = {
        "courrier/2026-11-19/bilan.txt": (
            "Barrage de Pralong : le bilan divise\n"
            "La préfecture de la Haute-Lisse a annoncé jeudi un bilan de sept morts après la rupture "
            "du barrage de Pralong.\n"
            "Un bilan aussitôt contesté par le Collectif des familles, qui affirme avoir recensé onze morts.\n"),
        "matin/2026-11-19/bilan.txt": (
            "Rupture du barrage de Pralong : sept morts selon la préfecture\n"
            "La préfecture de la Haute-Lisse a annoncé jeudi un bilan officiel de sept morts après la "
            "rupture du barrage de Pralong.\n"
            "Les recherches se poursuivent dans la vallée de la Lisse, selon les secours.\n"),
    }
    _, claims = _run(tmp_path, files)
    eleven = next(c for c in claims if "onze morts" in c.text)
    assert eleven.status == "conflicting"
    assert (eleven.status_reason or "").startswith("disputed: ") and "reports both" in (eleven.status_reason or "")


def test_outlet_names_match_their_domains_when_a_claim_cites_them() -> None:
    from recoupe.claims import _name_keys

    for domain, name in (("lemonde.fr", "Le Monde"), ("ladepeche.fr", "La Dépêche"),
                         ("depecheplateau.fr", "La Dépêche du Plateau"),
                         ("leparisien.fr", "le quotidien Le Parisien"), ("lequipe.fr", "L'Équipe")):
        assert _name_keys(domain) & _name_keys(name), (domain, name)
    assert not _name_keys("lemonde.fr") & _name_keys("La Dépêche")


def test_only_the_negated_figure_of_a_correction_says_what_it_corrects() -> None:
    from recoupe.claims import _names_wrong_figure
    from recoupe.claims.extract import ClaimUnit
    from recoupe.model import Quantity

    text = "Contrairement à ce que nous avons indiqué, l'ordre concernait 4 500 habitants, et non 45 000."
    fix = ClaimUnit(article="b", index=0, start=0, end=len(text), text=text, core=text, correction=True,
                    quantities=(Quantity("4 500 habitants", text.index("4 500"), text.index("4 500") + 15,
                                         4500.0, unit="habitants"),
                                Quantity("45 000", text.index("45 000"), text.index("45 000") + 6, 45000.0)))
    wrong = ClaimUnit(article="a", index=0, start=0, end=1, text="45 000 habitants évacués", core="",
                      quantities=(Quantity("45 000 habitants", 0, 16, 45000.0, unit="habitants"),))
    right = ClaimUnit(article="c", index=0, start=0, end=1, text="Les 4 500 habitants évacués", core="",
                      quantities=(Quantity("4 500 habitants", 4, 19, 4500.0, unit="habitants"),))
    assert _names_wrong_figure(fix, wrong) and not _names_wrong_figure(fix, right)


def test_a_toll_recalled_beside_another_fact_makes_no_conflict(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Day one says seven injured, day three's inquiry recalls "l'explosion qui a fait neuf
    blessés": the inquiry is no conflict with the first toll, nor is the building's
    procedure that another outlet recalls with "où une explosion a fait sept blessés"."""
    files = {
        "veilleur/2026-03-10/explosion.txt": (
            "Explosion à Vaucelle : sept blessés\n"
            "Une explosion due au gaz a soufflé dans la nuit de lundi à mardi une partie d'un immeuble "
            "de la rue des Cordiers à Vaucelle, faisant sept blessés, selon les pompiers.\n"
            "Le parquet de Sorval a ouvert une enquête pour blessures involontaires.\n"),
        "canton/2026-03-11/procedure.txt": (
            "L'immeuble de la rue des Cordiers était visé par une procédure\n"
            "L'immeuble de la rue des Cordiers, où une explosion a fait sept blessés dans la nuit de "
            "lundi à mardi, faisait l'objet depuis 2024 d'une procédure pour travaux non réalisés.\n"),
        "agence/2026-03-12/information.txt": (
            "Explosion de Vaucelle : une information judiciaire ouverte\n"
            "Le parquet de Sorval a ouvert jeudi une information judiciaire pour blessures "
            "involontaires après l'explosion qui a fait neuf blessés dans la nuit de lundi à mardi "
            "dans un immeuble de Vaucelle.\n"),
    }
    _, claims = _run(tmp_path, files)
    assert not [c.text for c in claims if c.status == "conflicting"]
