"""Claim extraction: sentences and clauses, meta sentences and headlines left out."""

from recoupe.claims.extract import extract_claims, is_meta
from recoupe.model import Article

TEXT = (
    "Crue de la Vrenne : une nuit de cauchemar\n"
    "Au total, 37 habitants ont été évacués pendant la nuit et hébergés au gymnase municipal. "
    "Lire aussi : les bons réflexes en cas d'orage violent\n"
    "L'Espagne et l'Italie ont fermé leur ambassade à Kyiv, tandis que la France appelle "
    "ses ressortissants à une vigilance accrue.\n"
    "Que feriez-vous à la place des habitants de la basse ville ?\n"
    "Cet article a été mis à jour avec de plus amples informations.\n"
    "Suivez notre direct.\n"
    "Une cinquantaine de pompiers étaient toujours mobilisés mercredi matin, et près de "
    "200 foyers restaient privés d'électricité, selon Enedis.\n"
    "Il pleut.\n"
)


def _article() -> Article:
    return Article(id="a1", source="t.txt", text=TEXT, language="fr", outlet="x")


def test_claims_are_sentences_or_clauses_with_offsets() -> None:
    a = _article()
    claims = extract_claims(a)
    texts = [c.text for c in claims]
    assert texts == [
        "Au total, 37 habitants ont été évacués pendant la nuit et hébergés au gymnase "
        "municipal.",
        "L'Espagne et l'Italie ont fermé leur ambassade à Kyiv",
        "la France appelle ses ressortissants à une vigilance accrue.",
        "Une cinquantaine de pompiers étaient toujours mobilisés mercredi matin",
        "près de 200 foyers restaient privés d'électricité, selon Enedis.",
    ]
    for c in claims:
        assert a.text[c.start:c.end] == c.text
    assert [c.id for c in claims] == [f"a1:c{i}" for i in range(5)]


def test_attribution_is_kept_and_masked_from_the_compared_text() -> None:
    last = extract_claims(_article())[-1]
    assert last.attribution == "Enedis"
    assert "Enedis" not in last.core and "200 foyers" in last.core


def test_meta_sentences() -> None:
    assert is_meta("Lire aussi : Vigilance orange")
    assert is_meta("Cet événement est en cours de développement et nos journalistes la "
                   "mettront à jour sous peu.")
    assert is_meta("Suivez notre diffusion en direct.")
    assert is_meta("Et vous, qu'en pensez-vous ?")
    assert is_meta("Par la rédaction d'Info24")
    assert not is_meta("La Russie a revendiqué mercredi la prise d'une nouvelle localité.")


def test_headline_ending_with_a_quote_is_not_a_claim() -> None:
    text = ("L'ambassade met en garde contre une «possible attaque aérienne»\n"
            "L'ambassade a mis en garde mercredi contre une « possible attaque aérienne ».\n")
    claims = extract_claims(Article(id="b", source="b", text=text, language="fr"))
    assert [c.text[:24] for c in claims] == ["L'ambassade a mis en gar"]
