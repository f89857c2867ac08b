"""Clause splits at "et" and counts that leave a named member out."""


from recoupe.claims.extract import _and_others, _clauses


def test_et_between_two_finite_clauses_splits() -> None:
    t = ("« Par précaution, l'ambassade sera fermée et les employés de l'ambassade sont "
         "invités à rester à l'abri », indique le texte.")
    parts = [t[a:b] for a, b in _clauses(t, 0, len(t), 6)]
    assert parts[0].endswith("sera fermée") and parts[1].startswith("les employés")
    t2 = ("Une habitante a été retrouvée morte dans sa maison, un automobiliste de 52 ans a "
          "été emporté avec son véhicule.")
    assert [t2[a:b] for a, b in _clauses(t2, 0, len(t2), 6)][1].startswith("un automobiliste")
    t3 = "A woman was found dead in her home and a motorist was swept away with his car."
    assert [t3[a:b] for a, b in _clauses(t3, 0, len(t3), 6)][1].startswith("a motorist")
    for same in ("Le barrage, une retenue en terre de neuf mètres de haut, est situé en amont.",
                 "Les relations entre la France et les États-Unis sont bonnes depuis des années.",
                 "Les pompiers ont évacué les habitants et les animaux de la ferme voisine."):
        assert len(_clauses(same, 0, len(same), 6)) == 1, same


def test_a_count_after_a_named_member_leaves_it_out() -> None:
    t = "L'arrêté concerne Saint-Aubin-sur-Vrenne et onze communes voisines."
    s = t.index("onze")
    assert _and_others(t, s, s + len("onze communes"), 0)
    t2 = "Les pompiers ont évacué onze communes voisines."
    s2 = t2.index("onze")
    assert not _and_others(t2, s2, s2 + len("onze communes"), 0)


def test_a_sentence_is_never_cut_inside_straight_quotation_marks() -> None:
    from recoupe.claims.extract import _clauses

    t = ('"On ne lâchera rien tant que la direction ne mettra pas une vraie proposition sur la '
         'table et les salariés le savent", a affirmé Sandrine Mallet, déléguée SUD.')
    assert _clauses(t, 0, len(t), 6) == [(0, len(t))]
