"""Time expressions resolved against a fixed publication date (no model needed)."""

from __future__ import annotations

import pytest

from recoupe.nlp import resolve_dates

# Wednesday 20 November 2024
PUB = "2024-11-20"


@pytest.mark.parametrize(
    ("text", "expr", "value", "granularity", "relative"),
    [
        ("L'ambassade a fermé mercredi.", "mercredi", "2024-11-20", "day", True),
        ("Il a parlé mardi soir.", "mardi soir", "2024-11-19", "day", True),
        ("Le feu vert donné dimanche par Joe Biden.", "dimanche", "2024-11-17", "day", True),
        ("Hier, Moscou a réagi.", "Hier", "2024-11-19", "day", True),
        ("Il était là avant-hier.", "avant-hier", "2024-11-18", "day", True),
        ("La frappe de dimanche dernier.", "dimanche dernier", "2024-11-17", "day", True),
        ("Mercredi dernier, rien.", "Mercredi dernier", "2024-11-13", "day", True),
        ("dans la nuit de mardi à mercredi, huit régions", "dans la nuit de mardi à mercredi",
         "2024-11-19/2024-11-20", "night", True),
        ("une attaque significative le 20 novembre", "20 novembre", "2024-11-20", "day", True),
        ("d'ici au 20 janvier, date de l'investiture", "20 janvier", "2025-01-20", "day", True),
        ("le mercredi 13 novembre 2024 à Bruxelles", "mercredi 13 novembre 2024", "2024-11-13",
         "day", False),
        ("depuis l'incursion du mois d'août", "août", "2024-08", "month", True),
        ("en août, les troupes", "août", "2024-08", "month", True),
        ("En août de l'an dernier, une visite", "août de l'an dernier", "2023-08", "month",
         True),
        ("Le ministre est attendu vendredi à Kiev.", "vendredi", "2024-11-22", "day", True),
        ("Le ministre recevra jeudi les syndicats.", "jeudi", "2024-11-21", "day", True),
        ("L'audience pourrait se tenir vendredi.", "vendredi", "2024-11-22", "day", True),
        ("prenant ses fonctions en janvier", "janvier", "2025-01", "month", True),
        ("combattre efficacement en 2025", "2025", "2025", "year", False),
        ("le Prix Nobel de la Paix en 1997", "1997", "1997", "year", False),
        ("publié le 20/11/2024", "20/11/2024", "2024-11-20", "day", False),
        ("en mai 2008, à Paris", "mai 2008", "2008-05", "month", False),
        ("le 1er juillet prochain", "1er juillet prochain", "2025-07-01", "day", True),
        ("la semaine dernière", "la semaine dernière", "2024-11-11/2024-11-17", "week", True),
        ("il y a trois jours", "il y a trois jours", "2024-11-17", "day", True),
        ("le sommet prévu jeudi à Lyon", "jeudi", "2024-11-21", "day", True),
        # a participle after a future auxiliary speaks of the future
        ("une marche blanche sera organisée samedi à Castelviel", "samedi", "2024-11-23", "day", True),
        ("le ministre doit être reçu vendredi", "vendredi", "2024-11-22", "day", True),
        ("les écoles resteront fermées jeudi", "jeudi", "2024-11-21", "day", True),
        # the reporting conditional tells an unconfirmed past fact
        ("le randonneur serait décédé samedi", "samedi", "2024-11-16", "day", True),
        ("la marche organisée samedi a réuni 200 personnes", "samedi", "2024-11-16", "day", True),
        ("l'année dernière", "l'année dernière", "2023", "year", True),
    ],
)
def test_timex_resolves_against_publication(
    text: str, expr: str, value: str, granularity: str, relative: bool
) -> None:
    found = {d.text: d for d in resolve_dates(text, PUB)}
    assert expr in found, [d.text for d in found.values()]
    date = found[expr]
    assert (date.value, date.granularity, date.relative) == (value, granularity, relative)
    assert text[date.start : date.end] == expr


def test_timex_publication_weekday_is_that_day() -> None:
    (date,) = resolve_dates("Mercredi, la Russie a revendiqué la prise", PUB)
    assert date.value == PUB


@pytest.mark.parametrize("published", [PUB, "2024-11-20T09:30:00+01:00"])
def test_timex_accepts_date_or_datetime(published: str) -> None:
    (date,) = resolve_dates("hier", published)
    assert date.value == "2024-11-19"


def test_timex_without_publication_date_keeps_explicit_values() -> None:
    dates = {d.text: d for d in resolve_dates("mercredi, puis le 13 novembre 2024", None)}
    assert dates["mercredi"].value is None and dates["mercredi"].relative
    assert dates["13 novembre 2024"].value == "2024-11-13"


def test_timex_counts_are_not_years() -> None:
    assert not resolve_dates("plus de 2000 soldats et 1999 personnes", PUB)


def test_timex_day_range_shares_the_month() -> None:
    values = [d.value for d in resolve_dates("du 12 au 15 juillet", "2008-07-20")]
    assert values == ["2008-07-12", "2008-07-15"]


def test_timex_a_month_in_the_future_tense_is_the_coming_one() -> None:
    # written in March 2026: the works start this September, not last September
    future = resolve_dates("Les travaux commenceront en septembre.", "2026-03-12")
    past = resolve_dates("L'usine avait fermé en septembre.", "2026-03-12")
    assert [d.value for d in future] == ["2026-09"] and [d.value for d in past] == ["2025-09"]


def test_timex_a_month_tied_to_the_past_stays_past_in_a_future_sentence() -> None:
    got = [d.value for t in ("Les prix, en hausse depuis septembre, devraient encore grimper.",
                             "Il sera jugé pour des faits commis en janvier.")
           for d in resolve_dates(t, "2026-03-12")]
    assert got == ["2025-09", "2026-01"]


def test_timex_des_and_prevu_look_ahead() -> None:
    got = [d.value for t in ("Dès septembre, la cantine sera gratuite.",
                             "Les travaux, prévus en septembre, dureront trois mois.")
           for d in resolve_dates(t, "2026-03-10")]
    assert got == ["2026-09", "2026-09"]


def test_timex_an_event_announced_for_a_day_looks_ahead() -> None:
    from recoupe.nlp.timex import resolve_dates

    def day(text: str, published: str) -> str:
        return resolve_dates(text, published)[0].value

    # published on a Friday and a Thursday: the march and the meeting are to come
    assert day("Le collectif a annoncé une marche blanche samedi à Montferrand.", "2026-11-20") == "2026-11-21"
    assert day("La direction a proposé une réunion vendredi aux syndicats.", "2026-03-12") == "2026-03-13"
    # a day the announcement itself was made, and an event that took place, stay past
    assert day("Le maire a annoncé mardi la fermeture du pont.", "2026-03-12") == "2026-03-10"
    assert day("Une marche blanche a eu lieu samedi.", "2026-11-20") == "2026-11-14"
