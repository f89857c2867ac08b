"""Event signatures, clause splits at "et" and counts that leave a named member out."""


from recoupe.claims.extract import ClaimUnit, _and_others, _clauses, extract_claims
from recoupe.claims.predicates import compatible, predicates
from recoupe.model import Article


def test_verbs_and_nominalisations_share_a_class() -> None:
    for text in ("Les États-Unis vont fournir des mines à l'Ukraine.",
                 "Le président a autorisé la fourniture de mines.",
                 "Washington prévoyait l'approvisionnement de l'armée en mines.",
                 "Pyongyang aurait livré de nouveaux obus."):
        assert "fournir" in predicates(text)[0], text
    assert predicates("L'ambassade a fermé ses portes.")[0] == ("fermer",)
    assert predicates("La fermeture de l'usine est confirmée.")[0] == ("fermer",)
    assert predicates("L'ambassade a mis en garde contre une attaque.")[0][0] == "avertir"
    # a phrase wins over the words it is made of
    assert predicates("Deux personnes ont perdu la vie.")[0] == ("tuer",)
    # "vendredi" is no sale, "autorités" no authorisation, a reporting verb no event
    assert predicates("Les autorités ont indiqué vendredi leur position.")[0] == ()


def test_main_predicates_must_meet() -> None:
    assert compatible(("fournir",), ("autoriser", "fournir")) is True
    assert compatible(("fermer",), ("avertir", "attaquer")) is False
    assert compatible(("fermer", "attaquer"), ("avertir", "attaquer"), disjoint_only=True)
    assert compatible((), ("fermer",)) is None


def _unit(article: str, text: str, event: str = "e1") -> ClaimUnit:
    art = Article(id=article, source=f"{article}.txt", text=text, language="fr")
    u = extract_claims(art, min_words=3)[0]
    u.event = event
    return u


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


def test_magnitudes_and_currencies_are_no_key_words() -> None:
    u = _unit("a", "Le trader aurait fait perdre 4,9 milliards d'euros à la banque.")
    assert not {"milliard", "euro"} & u.keys


