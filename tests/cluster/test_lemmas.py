from __future__ import annotations

import pytest

from recoupe.cluster.lemmas import lemmas, name_keys, stem_en, stem_fr


@pytest.mark.parametrize(
    ("words", "key"),
    [
        (["américaine", "américains", "américaines", "américain"], "americain"),
        (["ukrainienne", "ukrainiens", "ukrainien"], "ukrainien"),
        (["drones", "drone"], "dron"),
        (["journaux", "journal"], "journal"),
    ],
)
def test_lemmas_french_inflections_share_a_key(words: list[str], key: str) -> None:
    assert {lemmas(w, "fr")[0] for w in words} == {key}


def test_lemmas_drop_stopwords_and_small_numbers() -> None:
    assert lemmas("Les États-Unis et la France ont 2 avis, pas 2024.", "fr") == \
        ["etat", "uni", "franc", "avi", "2024"]
    assert lemmas("The stories of companies", "en") == ["story", "company"]


def test_stemmers_leave_short_words() -> None:
    assert stem_fr("bus") == "bus" and stem_en("bus") == "bus" and stem_en("news") == "new"


def test_name_keys_are_language_independent_and_skip_sentence_starts() -> None:
    fr = name_keys("Le barrage de la Garenne à Saint-Aubin-sur-Vrenne a cédé.", "fr")
    en = name_keys("The Garenne dam in Saint-Aubin-sur-Vrenne gave way.", "en")
    assert fr == en == ["n:garenne", "n:saint", "n:aubin", "n:vrenne"]
