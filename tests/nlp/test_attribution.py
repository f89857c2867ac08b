"""The second look at phrase speakers (recoupe/nlp/attribution.py)."""

from __future__ import annotations

from recoupe.nlp.attribution import phrase_class
from recoupe.nlp.speakers import phrase_gender
from recoupe.nlp.textutil import fold


def _speakers(result) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {q.text: q.speaker for q in result.quotes}


def test_attribution_phrase_classes() -> None:
    assert phrase_class("C'") == "none"
    assert phrase_class("Qui") == "relative"
    assert phrase_class("le cabinet") == "orgclass"
    assert phrase_class("Le quotidien économique") == "orgclass"
    assert phrase_class("la psychologue") == "person"
    assert phrase_class("le communiqué") == "document"
    assert phrase_class("le procureur") == "office"
    assert phrase_class("la préfecture") == "other"
    assert phrase_class("l'ADMD") == "name"


def test_attribution_descriptions_documents_and_relative(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ("Une plainte a été déposée à Lyon contre la Banque du Rhône, a indiqué jeudi le "
            "cabinet d'avocats Lexaudit Partners. Le cabinet précise que sa plainte vise aussi "
            "deux dirigeants de la banque. La société Ferlux a démenti dans un communiqué "
            "avoir perdu dix millions d'euros. L'activité reste « solide et rentable », "
            "ajoute le communiqué. « Cette loi est mal appliquée », a souligné hier Paul "
            "Vernet. Qui précise que ce texte représente « une avancée ».")
    speakers = _speakers(analyze_text(text)[1])
    assert speakers["sa plainte vise aussi deux dirigeants de la banque"] == "Lexaudit Partners"
    assert speakers["solide et rentable"] == "Ferlux"
    assert speakers["ce texte représente « une avancée »"] == "Paul Vernet"


def test_attribution_phrase_gender_reads_folded_words() -> None:
    assert phrase_gender(fold("l'infirmière en chef").split()) == "F"
    assert phrase_gender(fold("sa mère").split()) == "F"
    assert phrase_gender(fold("cet avocat").split()) == "M"
    assert phrase_gender(fold("l'avocat").split()) is None
