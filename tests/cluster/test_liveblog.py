from __future__ import annotations

from collections import Counter

import pytest

from recoupe.cluster.features import DocFreq
from recoupe.cluster.lemmas import lemmas
from recoupe.cluster.liveblog import LIVE, ROUNDUP, detect
from recoupe.model import Article


def art(text: str, title: str | None = None, flags: list[str] | None = None) -> Article:
    return Article(id="x", source="x", text=text, title=title, language="fr",
                   flags=flags or [])


@pytest.mark.parametrize(
    ("title", "text", "flag"),
    [
        ("EN DIRECT - Guerre en Ukraine", "Le texte.", LIVE),
        ("Guerre en Ukraine | LIVE", "Le texte.", LIVE),
        ("Grève", "Des nouvelles. Suivez notre direct sur le site.", LIVE),
        ("Revue de presse du 3 mars", "Le texte.", ROUNDUP),
        ("L'essentiel de la journée du mercredi 11 mars - Radio Vallée", "Le texte.", ROUNDUP),
        ("LIVE: Fed decision", "The text.", LIVE),
    ],
)
def test_detect_cues(title: str, text: str, flag: str) -> None:
    assert detect(art(text, title))[0] == flag


@pytest.mark.parametrize(
    "title",
    ["Live Nation profits up", "La retransmission en direct a été suivie par 5 millions",
     "Titanfall review round-up: a heavyweight"],
)
def test_detect_no_false_cue(title: str) -> None:
    assert detect(art("Un texte ordinaire.", title))[0] is None


def test_detect_timestamped_entries_and_upstream_flag() -> None:
    text = "\n".join(f"{h}h{m:02d} Nouvelle entrée du fil numéro {h}." for h, m in
                     [(9, 5), (10, 12), (11, 40), (12, 3)])
    assert detect(art(text))[0] == LIVE
    assert detect(art("Texte.", flags=["roundup"]))[0] == ROUNDUP


def test_detect_roundup_by_unrelated_sections() -> None:
    topics = [
        "Le barrage de la Garenne a cédé et la Vrenne a inondé Saint-Aubin dans la nuit de mardi.",
        "Les salariés de Lumeral bloquent l'usine de batteries de Montferrand contre les licenciements.",
        "Le festival Contes et Lanternes ouvre sa quatrième édition à Cressac avec des conteurs.",
        "La vendange s'annonce précoce en Bourgogne après un été chaud et sec selon les vignerons.",
        "Le club de rugby local a remporté son match face à Angers devant trois mille supporters.",
    ]
    df = DocFreq()
    for t in topics * 12:
        df.add(Counter(lemmas(t)))
    assert detect(art("\n".join(topics)), df)[0] == ROUNDUP
    one_topic = "\n".join(topics[0].replace("mardi", d) for d in
                          ("lundi", "mardi", "mercredi", "jeudi", "vendredi"))
    assert detect(art(one_topic), df)[0] is None
    assert detect(art("\n".join(topics)))[0] is None  # no statistics, no structure test
