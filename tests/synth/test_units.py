from __future__ import annotations

import pytest

from recoupe.model import Article
from recoupe.synth.units import cite_near_identical, eligibility, sentence_units


@pytest.mark.parametrize(("text", "expected"), [
    ("Les pompiers ont évacué 240 habitants dans la nuit, selon la préfecture.", 1.0),
    ("Faut-il craindre une nouvelle crue dans les prochains jours ?", 0.0),
    ("Suivez notre direct pour les dernières informations.", 0.0),
    ("« C'est la pire crue depuis trente ans et personne ne l'avait vue venir. »", 0.0),
    ("« C'est la pire crue depuis trente ans », a déclaré le maire de la commune.", 1.0),
    ("Il a ajouté que la situation restait préoccupante pour les riverains.", 0.5),
    ("Cette décision intervient après trois jours de pluies continues sur la région.", 0.5),
    ("Cette semaine, trois communes ont été placées en vigilance rouge par la préfecture.", 1.0),
    ("Mais les routes restaient coupées dans toute la vallée de la Vrenne.", 0.75),
    ("Inondations : le point sur la situation", 0.0),
    ("Crue.", 0.0),
    ("- a condamné cette décision jugée désastreuse par les associations locales.", 0.0),
])
def test_eligibility_filters_and_penalties(text: str, expected: float) -> None:
    assert eligibility(text) == expected


def test_sentence_units_are_verbatim_spans(story: list[Article]) -> None:
    a = story[0]
    units = sentence_units([a])
    assert units and all(a.text[u.start:u.end] == u.text for u in units)
    texts = [u.text for u in units]
    assert not any("Suivez" in t or t.endswith("?") for t in texts)


def test_near_identical_sentences_cite_each_other(story: list[Article]) -> None:
    units = sentence_units(story)
    cite_near_identical(units)
    evac = [u for u in units if u.text.startswith("Les pompiers ont évacué")]
    assert len(evac) == 2
    assert all(set(u.sources) == {"a1", "a2"} for u in evac)
    other = next(u for u in units if u.text.startswith("La préfète"))
    assert other.sources == ["a2"]


def test_the_end_of_a_quotation_whose_start_is_elsewhere_is_no_summary_sentence() -> None:
    from recoupe.synth.units import eligibility

    assert eligibility("Tant que le plan n'est pas retiré, on ne bougera pas », a lancé Nadia Ferrandou.") == 0.0
    assert eligibility("« On ne lâchera rien », a lancé Nadia Ferrandou, déléguée du syndicat SUT.") > 0.0


def test_a_story_the_nlp_layer_did_not_read_is_split_plainly() -> None:
    from recoupe.model import Article
    from recoupe.synth.units import sentence_units

    text = ("Die Präfektur der Region Haute-Lisse hat am Freitag die Namen der sieben Toten veröffentlicht.\n"
            "Unter den Opfern sind zwei Kinder aus dem Dorf Vernolles, teilte die Behörde mit.")
    de = Article(id="d", source="d", text=text, language="de")
    units = sentence_units([de])
    assert [u.text[:15] for u in units] == ["Die Präfektur d", "Unter den Opfer"]
