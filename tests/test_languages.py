"""Languages: metadata wins, other languages are detected, the French layer runs on French."""

from __future__ import annotations

import json
from pathlib import Path

from recoupe.config import Options
from recoupe.lang.detect import detect_language
from recoupe.pipeline import analyze

CODES = tuple(Options.load(quiet=True).get("language.languages"))
TEXTS = {
    "es": "El ayuntamiento de Villaluz anunció ayer el cierre del puente viejo tras las lluvias, "
          "que dejaron más de doscientas personas evacuadas según la protección civil regional.",
    "de": "Die Gemeinde Waldhausen hat gestern die alte Brücke nach den heftigen Regenfällen gesperrt; "
          "nach Angaben des Zivilschutzes wurden mehr als zweihundert Menschen in Sicherheit gebracht.",
    "it": "Il comune di Valluce ha chiuso ieri il ponte vecchio dopo le piogge, che hanno costretto "
          "più di duecento persone a lasciare le loro case secondo la protezione civile regionale.",
    "pt": "A prefeitura de Vale Claro fechou ontem a ponte velha depois das chuvas, que obrigaram mais "
          "de duzentas pessoas a deixar as suas casas, segundo a proteção civil regional.",
}


def test_undeclared_languages_are_detected() -> None:
    for code, text in TEXTS.items():
        assert detect_language(text, CODES)[0] == code


def test_declared_language_wins_and_french_layer_skips_it(tmp_path: Path) -> None:
    french = ("Le pont de Saint-Aubin-sur-Vrenne a été fermé mercredi après la crue, a annoncé "
              "le maire, Hélène Garnier, qui a ouvert le gymnase municipal aux sinistrés.")
    lines = [
        {"title": "Puente cerrado", "maintext": TEXTS["es"], "language": "es-ES", "source_domain": "a.es"},
        # declared as Portuguese although it reads as Spanish: the metadata is trusted
        {"title": "Ponte", "maintext": TEXTS["es"].replace("Villaluz", "Vilaluz"), "language": "pt",
         "source_domain": "b.pt"},
        {"title": "Pont fermé", "maintext": french, "source_domain": "c.fr"},
    ]
    path = tmp_path / "mix.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    report = analyze([str(path)], Options.load(quiet=True))
    by_outlet = {a.outlet: a for a in report.articles}
    assert by_outlet["a.es"].language == "es" and "language_from_metadata" in by_outlet["a.es"].flags
    assert by_outlet["b.pt"].language == "pt"
    assert by_outlet["c.fr"].language == "fr"
    assert by_outlet["c.fr"].mentions and not by_outlet["a.es"].mentions
