"""A press review: the outlets quoted are the speakers shown, their names whole."""

from __future__ import annotations

from recoupe.config import Options
from recoupe.model import Article
from recoupe.nlp import analyze

TEXT = (
    "Revue de presse. La presse européenne réagit au sommet de Bruxelles.\n"
    "« L'Europe doit se réveiller », titre Bild, qui juge le compromis trop faible.\n"
    "« C'est un accord historique pour le continent », écrit The Guardian dans son éditorial.\n"
    "Selon Le Soir, « la coalition belge sort affaiblie de ces négociations ».\n"
    "Selon Le Monde, « le président a perdu son pari ».\n"
    "Le quotidien espagnol El País estime que « Madrid a obtenu l'essentiel ».\n"
)


def test_outlets_quoted_in_a_press_review_are_shown_as_speakers() -> None:
    art = Article(id="revue", source="revue.txt", text=TEXT, language="fr",
                  published="2026-11-20")
    # the shipped threshold: only speakers named at the cue are shown
    options = Options.load(quiet=True).with_overrides({"nlp": {"speaker_min_confidence": 0.9}})
    res = analyze([art], options)
    speakers = [q.speaker for q in sorted(res.quotes, key=lambda q: q.start)]
    assert speakers == ["Bild", "The Guardian", "Le Soir", "Le Monde", "El País"]
