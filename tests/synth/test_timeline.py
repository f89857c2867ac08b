from __future__ import annotations

from typing import Any

from recoupe.config import Options
from recoupe.embed import Embedder
from recoupe.model import Article
from recoupe.synth import format_timeline, timeline


def test_timeline_resolves_relative_dates_in_date_order(story: list[Article], options: Options,
                                                        embedder: Embedder) -> None:
    entries = timeline(story, options=options, embedder=embedder)
    dates = [e.date for e in entries]
    assert dates == sorted(dates)
    by_text = {e.text.split(",")[0]: e for e in entries}
    assert by_text["Jeudi"].date == "2025-03-13"
    assert by_text["Mercredi matin"].date == "2025-03-12"
    assert any(e.date.startswith("2025-03-11") and e.text.startswith("La Vrenne est sortie") for e in entries)


def test_timeline_merges_one_fact_told_twice(story: list[Article], options: Options, embedder: Embedder) -> None:
    entries = timeline(story, options=options, embedder=embedder)
    evac = [e for e in entries if e.text.startswith("Les pompiers ont évacué")]
    assert len(evac) == 1
    assert evac[0].sources == ["a1", "a2"]
    assert evac[0].date == "2025-03-11/2025-03-12"
    assert "[1, 2]" in format_timeline(entries, story)


def test_timeline_from_claims_uses_group_sources(story: list[Article], options: Options,
                                                 embedder: Embedder, make_claim: Any) -> None:
    claim = make_claim
    a3 = story[2]
    text = "Le maire, Étienne Barrau, a demandé la reconnaissance de l'état de catastrophe naturelle jeudi."
    entries = timeline(story, claims=[claim(a3, text, "g9", ["a3", "a1"])], options=options, embedder=embedder)
    assert [(e.date, e.text, e.sources) for e in entries] == [("2025-03-13", text, ["a1", "a3"])]  # time order


def test_is_upcoming_compares_each_granularity_with_every_publication() -> None:
    from recoupe.synth.timeline import is_upcoming

    assert is_upcoming("2025-01-20", ["2024-11-20", "2024-11-21"])
    assert not is_upcoming("2025-01-20", ["2024-11-20", "2025-01-21"])  # one told it after
    assert not is_upcoming("2024-11-20", ["2024-11-20"])  # the day itself: reported
    assert is_upcoming("2025-01", ["2024-11-20"])  # a month: against the publication's month
    assert not is_upcoming("2024-11", ["2024-11-20"])
    assert is_upcoming("2024-11-21/2024-11-22", ["2024-11-20"])  # a night starts its first day
    assert not is_upcoming("2025-01-20", ["2024-11-20", None])  # an undated source: unknown
    assert not is_upcoming("2024-11-20", ["2024-11"])  # a source dated by its month only


def test_timeline_marks_a_date_every_source_announced(options: Options, embedder: Embedder) -> None:
    from recoupe.nlp import analyze

    arts = [
        Article(id="v1", source="v1.txt", outlet="L'Écho de la Vrenne", published="2025-03-13",
                language="fr", text=("La décrue s'est amorcée jeudi à Castelmoron.\n"
                                     "Le conseil municipal votera le plan de reconstruction "
                                     "le 20 mars, a annoncé le maire.")),
        Article(id="v2", source="v2.txt", outlet="Ouest Actu", published="2025-03-21",
                language="fr", text=("Les élus de Castelmoron ont adopté à l'unanimité le plan de "
                                     "reconstruction de la ville le 20 mars.")),
    ]
    analyze(arts, options)
    entries = {e.text.split(" ")[1]: e for e in timeline(arts, options=options, embedder=embedder)}
    assert entries["conseil"].date == "2025-03-20" and entries["conseil"].upcoming
    assert "(à venir)" in format_timeline([entries["conseil"]], arts)
    assert entries["élus"].date == "2025-03-20" and not entries["élus"].upcoming
    assert not entries["décrue"].upcoming


def test_a_date_naming_the_incident_does_not_date_the_fact() -> None:
    from recoupe.model import DateExpr
    from recoupe.synth.timeline import sentence_date

    text = ("Le bilan de la catastrophe de lundi s'élève à quatre morts. "
            "La réunion de mardi a débouché sur un accord.")
    a = Article(id="a", source="a", text=text, published="2026-03-19",
                dates=[DateExpr(text="lundi", start=text.index("lundi"), end=text.index("lundi") + 5,
                                value="2026-03-16", granularity="day", relative=True),
                       DateExpr(text="mardi", start=text.index("mardi"), end=text.index("mardi") + 5,
                                value="2026-03-17", granularity="day", relative=True)])
    first_end = text.index(".") + 1
    assert sentence_date(a, 0, first_end) is None
    d = sentence_date(a, first_end, len(text))
    assert d is not None and d.value == "2026-03-17"


def test_alike_sentences_whose_figures_or_days_differ_never_cite_each_other() -> None:
    from recoupe.model import DateExpr, Quantity
    from recoupe.synth.units import Unit, cite_near_identical, disagree

    def unit(aid: str, text: str, n: float, day: str, order: int) -> Unit:
        i = text.index(str(int(n)) if str(int(n)) in text else text.split()[0])
        art = Article(id=aid, source=aid, text=text, published="2026-11-19",
                      quantities=[Quantity(text=f"{n:g} personnes", start=i, end=i + 5, value=n,
                                           unit="personnes")],
                      dates=[DateExpr(text="mercredi", start=text.index("mercredi"),
                                      end=text.index("mercredi") + 8, value=day, granularity="day",
                                      relative=True)])
        return Unit(article=art, order=order, position=0, start=0, end=len(text), text=text,
                    words=len(text.split()), terms=[], sources=[aid])

    a = unit("a", "14 personnes ont été hospitalisées mercredi après la fuite d'ammoniac.", 14, "2026-11-18", 0)
    b = unit("b", "23 personnes ont été hospitalisées mercredi après la fuite d'ammoniac.", 23, "2026-11-18", 1)
    c = unit("c", "14 personnes ont été hospitalisées mercredi après la fuite d'ammoniac.", 14, "2026-11-17", 2)
    d = unit("d", "14 personnes ont été hospitalisées mercredi après la fuite d'ammoniac !", 14, "2026-11-18", 3)
    assert disagree(a, b) and disagree(a, c) and not disagree(a, d)
    import numpy as np

    cite_near_identical([a, b, c, d], threshold=0.5, sims=np.ones((4, 4)))  # all close paraphrases
    assert a.sources == ["a", "d"] and b.sources == ["b"]


def test_the_incident_of_a_day_keeps_its_day() -> None:
    from recoupe.model import DateExpr
    from recoupe.synth.timeline import sentence_date

    text = "L'explosion de lundi a fait trois morts et dix blessés."
    a = Article(id="a", source="a", text=text, published="2026-03-19",
                dates=[DateExpr(text="lundi", start=text.index("lundi"), end=text.index("lundi") + 5,
                                value="2026-03-16", granularity="day", relative=True)])
    d = sentence_date(a, 0, len(text))
    assert d is not None and d.value == "2026-03-16"
