"""Figures and dates compared as ranges: approximations agree, different counts conflict."""

from recoupe.claims.compare import compare_dates, compare_figures
from recoupe.model import Quantity


def q(value: float, unit: str | None, approx: bool = False, bound: str | None = None,
      text: str = "") -> Quantity:
    return Quantity(text=text or f"{value} {unit}", start=0, end=1, value=value, approx=approx,
                    bound=bound, unit=unit)


def test_approximations_agree_with_exact_figures() -> None:
    assert compare_figures((q(50, "pompiers", approx=True),), (q(50, "pompiers"),)) == "agree"
    assert compare_figures((q(200, "foyers", approx=True),), (q(190, "foyers"),)) == "agree"
    assert compare_figures((q(90, "habitations", approx=True),),
                           (q(100, "habitations", approx=True),)) == "agree"
    assert compare_figures((q(40, "drones", bound="min"),), (q(50, "drones"),)) == "agree"


def test_different_counts_conflict() -> None:
    assert compare_figures((q(37, "habitants"),), (q(47, "habitants"),)) == "conflict"
    assert compare_figures((q(240, "foyers", approx=True),),
                           (q(300, "foyers", bound="min"),)) == "conflict"
    assert compare_figures((q(2, "personnes", bound="min"),), (q(3, "personnes"),)) == "conflict"


def test_a_figure_matching_another_figure_is_no_conflict() -> None:
    # "180 postes" vs "180 des 1 200 postes"
    assert compare_figures((q(180, "postes"),), (q(180, None), q(1200, "postes"))) == "agree"
    # "onze autres communes" + the town = twelve
    assert compare_figures((q(11, "communes", text="onze autres communes"),),
                           (q(12, "communes"),)) == "agree"


def test_unrelated_or_measured_figures_do_not_compare() -> None:
    assert compare_figures((q(37, "habitants"),), (q(50, "pompiers"),)) is None
    assert compare_figures((q(30, "kilomètres"),), (q(4, "kilomètres"),)) == "agree"


def test_dates() -> None:
    assert compare_dates(("2024-11-20",), ("2024-11-19/2024-11-20",)) == "agree"
    assert compare_dates(("2024-11-20",), ("2024-11-13",)) == "conflict"
    assert compare_dates((), ("2024-11-13",)) is None


def test_shares_of_the_same_people_compare_and_bare_percentages_do_not() -> None:
    # "65 % des conducteurs" (the union) against "40 % des conducteurs" (the management)
    assert compare_figures((q(65, "% conducteurs"),), (q(40, "% conducteurs"),)) == "conflict"
    assert compare_figures((q(65, "% conducteurs"),), (q(40, "% enseignants"),)) is None
    assert compare_figures((q(65, "%"),), (q(40, "%"),)) == "agree"  # a measure of what?


def test_a_conflict_reason_quotes_the_words_around_the_other_figure() -> None:
    from recoupe.claims import _excerpt

    text = ("Une collision frontale entre une voiture et une camionnette de livraison a fait un mort et "
            "quatre blessés mercredi matin sur la RD 914 près de Brévillon, selon les pompiers.")
    got = _excerpt(text, "«deux morts» against «un mort»; «trois blessés» against «quatre blessés»")
    assert "un mort et quatre blessés" in got and got.startswith("…") and len(got) <= 92


def test_one_casualty_in_words_is_a_figure() -> None:
    from recoupe.nlp.quantities import extract_quantities

    got = [(x.text, x.value) for x in extract_quantities("L'accident a fait un mort et quatre blessés.")]
    assert got == [("un mort", 1.0), ("quatre blessés", 4.0)]
    assert extract_quantities("Un homme est mort, un mort-vivant de série B.") == []


def test_a_share_is_of_people_not_of_a_pronoun_or_a_glued_word() -> None:
    from recoupe.claims.extract import _PERCENT_OF

    got = {t: (m.group(1) if (m := _PERCENT_OF.match(t)) else None)
           for t in (" des conducteurs", " destinés", " d'entre eux", " de leur salaire", " des cas",
                     " de la population")}
    assert got == {" des conducteurs": "conducteurs", " destinés": None, " d'entre eux": None,
                   " de leur salaire": None, " des cas": None, " de la population": "population"}


def test_a_denial_needs_its_verb_and_object_and_no_negation_before_it() -> None:
    from recoupe.claims.compare import _DENIAL, _NEGATED

    assert all(_DENIAL.search(t) for t in ("dément avoir reçu", "a démenti mardi avoir reçu une mise en demeure",
                                            "dément elle aussi avoir reçu"))
    assert not any(_DENIAL.search(t) for t in ("C'est sans conteste le plus grave accident",
                                                "Les habitants contestent le projet",
                                                "Personne ne nie que la crue a été exceptionnelle",
                                                "Un dément l'a agressé", "Le ministre a démenti."))
    assert _NEGATED.search("Aucune rançon n'a été versée, affirme Paris")


def test_two_people_quoted_on_one_subject_are_no_misattribution() -> None:
    from recoupe.claims.compare import misattributed
    from recoupe.claims.extract import ClaimUnit

    def quote(text: str, who: str) -> ClaimUnit:
        words = frozenset(w.strip(".,«»").lower() for w in text.split() if len(w) > 3)
        return ClaimUnit(article=who, index=0, start=0, end=len(text), text=text, core=text,
                         lemmas=words, quoted=True, attribution=who, attribution_entity="ent:" + who)

    a = quote("« Les quatre personnes disparues ne sont pas comptées dans ce bilan »", "roussel")
    b = quote("« Nous avons les noms de onze personnes disparues dans la vague »", "benali")
    assert not misattributed(a, b)
    # the same words given to two people: one outlet has the speaker wrong
    c = quote("« Les quatre personnes disparues ne sont pas comptées dans ce bilan provisoire »", "benali")
    assert misattributed(a, c)

    # German and English quotation marks: the words inside them, not the speaker's cue
    d = quote("„Wir evakuieren jetzt“, sagte Roussel am Donnerstag in Castelrouge über den Damm von Pralong.",
              "roussel")
    e = quote("„Alles verloren“, sagte Benali am Donnerstag in Castelrouge über den Damm von Pralong.",
              "benali")
    assert not misattributed(d, e)
