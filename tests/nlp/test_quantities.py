"""Quantities in digits and words, with approximation, bound and counted noun."""

from __future__ import annotations

import pytest

from recoupe.nlp import extract_quantities


@pytest.mark.parametrize(
    ("text", "value", "approx", "bound", "unit"),
    [
        ("a abattu 50 drones ukrainiens", 50, False, None, "drones"),
        ("une cinquantaine de drones ukrainiens", 50, True, None, "drones"),
        ("six missiles balistiques et", 6, False, None, "missiles balistiques"),
        ("et quelque 90 drones, selon", 90, True, None, "drones"),
        ("la plupart des plus de 10 000 soldats nord-coréens", 10000, False, "min", "soldats"),
        ("d'au moins 10 000 soldats", 10000, False, "min", "soldats"),
        ("environ 50 000 soldats à Koursk", 50000, True, None, "soldats"),
        ("située à environ 1 000 km de la frontière", 1000, True, None, "km"),
        ("depuis plus d'un millier de jours", 1000, True, "min", "jours"),
        ("cinquante manifestants", 50, False, None, "manifestants"),
        ("quatre-vingt-dix soldats", 90, False, None, "soldats"),
        ("600 millions de noisettes", 600_000_000, False, None, "noisettes"),
        ("2,3 millions d'euros", 2_300_000, False, None, "euros"),
        ("a augmenté de 0,35 % en un an", 0.35, False, None, "%"),
        ("30 000 euros", 30000, False, None, "euros"),
        ("47 autres drones", 47, False, None, "drones"),
        ("moins de 20 victimes", 20, False, "max", "victimes"),
        ("près de 300 blessés", 300, True, None, "blessés"),
        ("trois ans et demi", 3.5, False, None, "ans"),
        ("âgées de 13 ans et plus", 13, False, "min", "ans"),
    ],
)
def test_quantities_value_approx_bound_unit(
    text: str, value: float, approx: bool, bound: str | None, unit: str
) -> None:
    (q,) = [q for q in extract_quantities(text) if q.value is not None]
    assert (q.value, q.approx, q.bound, q.unit) == (pytest.approx(value), approx, bound, unit)
    assert text[q.start : q.end] == q.text


def test_quantities_ranges_get_both_bounds() -> None:
    first, second = extract_quantities("Entre 35% et 40% des salariés")
    assert (first.value, first.bound, first.unit) == (35, "min", "%")
    assert (second.value, second.bound, second.unit) == (40, "max", "%")


def test_quantities_skip_dates_names_and_pronouns() -> None:
    text = "Le 20 novembre 2024, Europe 1 a dit que tous deux étaient là en 2009."
    assert extract_quantities(text) == []


def test_quantities_article_un_is_not_a_number() -> None:
    assert extract_quantities("un homme et une femme") == []


@pytest.mark.parametrize(
    "text",
    [
        "la digue a cédé vers 1 h 30 quand les pompiers sont arrivés",
        "mis à jour à 11h52, publié le 14/10 à 9:15 AM",
        "une cellule de crise ouverte dès 2 heures du matin",
        "la grève dure depuis mardi 5 heures",
        "ouverte de 9 heures à 18 heures",
        "la circulation est coupée sur la RD 112 et sur la route départementale 7",
        "la ligne 4 du métro et l'article 49.3 de la Constitution, page 12",
        "appelez le 02 41 55 66 77 pour tout renseignement",
        "l'équipe s'impose 3 à 1 face à ses voisins",
        "© Le Journal 2026 - Tous droits réservés",
        "dans la nuit du 13 au 14 octobre",
        "12 ▲ 3 ▼",
        "Article suivant\n2\nPartager",
    ],
)
def test_quantities_skip_clock_times_identifiers_phones_scores_debris(text: str) -> None:
    assert [q.text for q in extract_quantities(text)] == []


@pytest.mark.parametrize(
    ("text", "value", "bound", "unit"),
    [
        ("un homme de 81 ans", 81, None, "ans"),
        ("une garde à vue de 48 heures", 48, None, "heures"),
        ("un retard de 2 heures", 2, None, "heures"),
        ("en moins d'une heure, la rivière", 1, "max", "heure"),
        ("envahie par plus d'un mètre d'eau", 1, "min", "mètre"),
        ("suivi par plus de la moitié des ouvriers", 0.5, "min", None),
        ("2026 habitants", 2026, None, "habitants"),
    ],
)
def test_quantities_keep_durations_ages_and_ones(
    text: str, value: float, bound: str | None, unit: str | None
) -> None:
    (q,) = extract_quantities(text)
    assert (q.value, q.bound, q.unit) == (pytest.approx(value), bound, unit)


def test_quantities_counted_noun_is_never_a_function_word() -> None:
    (q,) = extract_quantities("ils ont attendu 30 quand même, puis 112 jusqu'à midi")[:1]
    assert q.unit is None
    assert all(q.unit not in ("quand", "jusqu'à") for q in extract_quantities(
        "ils ont attendu 30 quand même, puis 112 jusqu'à midi"))


def test_quantities_tens_and_one_in_words() -> None:
    from recoupe.nlp.quantities import extract_quantities

    got = {q.text: q.value for q in extract_quantities(
        "Vingt et une personnes hospitalisées, trente-et-un blessés, soixante et onze morts, "
        "quatre-vingt-une victimes. Trois et une autre voiture.")}
    assert got == {"Vingt et une personnes hospitalisées": 21, "trente-et-un blessés": 31,
                   "soixante et onze morts": 71, "quatre-vingt-une victimes": 81}


def test_quantities_one_casualty_only_as_a_toll() -> None:
    from recoupe.nlp.quantities import extract_quantities

    assert [q.text for q in extract_quantities("L'explosion a fait une victime.")] == ["une victime"]
    for text in ("Un blessé sur deux est un enfant.", "Cela fait un mort de plus.",
                 "Il se considère comme une victime de la crise."):
        assert extract_quantities(text) == [], text


def test_quantities_money_with_a_scale_before_its_sign() -> None:
    from recoupe.nlp.quantities import extract_quantities

    got = [(q.text, q.value, q.unit) for q in extract_quantities("Le budget passe de 2,4 M€ à 300 k€.")]
    assert got == [("2,4 M€", 2_400_000.0, "euros"), ("300 k€", 300_000.0, "euros")]


def test_quantities_one_casualty_beside_other_tolls_or_in_a_headline() -> None:
    from recoupe.nlp.quantities import extract_quantities

    for text, want in (("a fait deux morts et un blessé", ["deux morts", "un blessé"]),
                       ("Bilan : un mort.", ["un mort"]),
                       ("La collision a fait au moins un mort.", ["au moins un mort"]),
                       ("Un mort dans une collision sur la RN 12.", ["Un mort"])):
        assert [q.text for q in extract_quantities(text)] == want, text
