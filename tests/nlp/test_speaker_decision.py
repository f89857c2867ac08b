"""The speaker decision: a speaker is shown only when reached a reliable way, and a phrase
that names no person, group or organisation is never a speaker."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from recoupe.model import Article, Quote
from recoupe.nlp import analyze
from recoupe.nlp.speaker_decision import confidence_table, decide_speakers, how_reached, is_speaker_phrase

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
#: a shown speaker never opens with one of these (conjunction, pronoun, preposition) or a figure
BAD_OPENING = re.compile(
    r"^(?:ou|et|mais|donc|or|ni|car|que|qu['’]|qui|si|s['’]|il|elle|ils|elles|on|je|j['’]|nous|vous"
    r"|ce|c['’]|cela|ça|lui|leur|de|d['’]|du|des|par|pour|dans|avec|selon)\b|^\d", re.IGNORECASE)


@pytest.mark.parametrize("phrase", ["ou", "S'il", "il réfute les étiquettes", "59% des personnes",
                                    "C'est", "", "  ", "12", "« »", "selon lui"])
def test_non_speakers_are_refused(phrase: str) -> None:
    assert not is_speaker_phrase(phrase)


@pytest.mark.parametrize("phrase", ["Nicolas Sarkozy", "la préfecture", "l'AFP", "Le Monde",
                                    "The Guardian", "Bild", "le porte-parole du Kremlin"])
def test_people_groups_and_outlets_are_speakers(phrase: str) -> None:
    assert is_speaker_phrase(phrase)


def test_only_reliable_kinds_are_shown() -> None:
    text = "« Nous resterons », a déclaré Paul Marchetti. « Rien n'est joué », a-t-il ajouté."
    named = Quote(id="q1", article="a", text="Nous resterons", start=2, end=16,
                  speaker="Paul Marchetti", speaker_entity="e1", speaker_start=34, speaker_end=48)
    role = Quote(id="q2", article="a", text="Rien n'est joué", start=52, end=67,
                 speaker="Paul Marchetti", speaker_entity="e1", speaker_start=71, speaker_end=75)
    phrase = Quote(id="q3", article="a", text="x", start=0, end=1, speaker="les députés")
    bad = Quote(id="q4", article="a", text="y", start=0, end=1, speaker="ou", speaker_entity="e2")
    assert how_reached(named, text) == "named" and how_reached(role, text) == "role"
    decide_speakers(text, [named, role, phrase, bad], min_confidence=0.9)
    assert named.speaker == "Paul Marchetti" and named.speaker_confidence == confidence_table()["named"]
    assert role.speaker is None and role.speaker_entity is None
    assert role.speaker_candidates == [{"name": "Paul Marchetti", "entity": "e1",
                                        "score": confidence_table()["role"], "how": "role"}]
    assert phrase.speaker is None and phrase.speaker_candidates[0]["how"] == "phrase"
    assert bad.speaker is None and bad.speaker_candidates == [] and bad.speaker_how == "none"


def test_threshold_zero_shows_every_candidate() -> None:
    text = "« Rien n'est joué », a-t-il ajouté."
    q = Quote(id="q", article="a", text="Rien n'est joué", start=2, end=17,
              speaker="Paul Marchetti", speaker_entity="e1", speaker_start=21, speaker_end=25)
    decide_speakers(text, [q], min_confidence=0.0)
    assert q.speaker == "Paul Marchetti" and q.speaker_candidates == []


def _documents() -> list[Article]:
    docs = [Article(id=str(p), source=str(p), text=p.read_text(encoding="utf-8"))
            for p in sorted((ROOT / "samples" / "corpus").rglob("*.txt"))]
    paths: set[str] = set()
    for gold in sorted((ROOT / "eval" / "gold" / "nlp").glob("rpm2-quotes*.jsonl")):
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                paths.add(json.loads(line)["path"])
    for rel in sorted(paths):
        p = CORPUS / rel
        if p.is_file():
            text = p.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
            docs.append(Article(id=rel, source=rel, text=text))
    return docs


@pytest.mark.slow
def test_no_shown_speaker_opens_with_a_conjunction_pronoun_or_number() -> None:
    """Over every sample document and every quote-gold document (when the corpus is here)."""
    docs = _documents()
    result = analyze(docs, None, groups={a.id: a.id for a in docs})
    assert result.quotes
    bad = [q.speaker for q in result.quotes if q.speaker and BAD_OPENING.search(q.speaker.strip())]
    assert not bad, bad[:20]
    shown = [q for q in result.quotes if q.speaker]
    assert shown and all(q.speaker_how == "named" for q in shown)


def test_press_review_outlets_are_shown_speakers() -> None:
    """A press review quotes newspapers: the outlet is the speaker, named at the cue."""
    text = ("Revue de presse : la crue de la Vrenne vue de l'étranger\n"
            "« La France découvre la fragilité de ses digues », écrit The Guardian, qui consacre sa une"
            " aux inondations.\n"
            "« Une catastrophe annoncée », titre Bild, qui rappelle que la digue n'avait pas été"
            " inspectée depuis 1998.\n"
            "Pour le New York Times, « l'Europe n'est pas prête aux crues éclair ».\n")
    a = Article(id="t", source="t", text=text, published="2026-10-15")
    res = analyze([a], None)
    shown = {q.text: q.speaker for q in res.quotes if q.speaker}
    assert shown.get("La France découvre la fragilité de ses digues") == "The Guardian"
    assert shown.get("Une catastrophe annoncée") == "Bild"
    assert shown.get("l'Europe n'est pas prête aux crues éclair") == "New York Times"


def test_a_lone_adverb_or_label_is_no_speaker_but_names_that_look_alike_are() -> None:
    for phrase in ("Effectivement", "Résultat", "Bilan", "Récemment"):
        assert not is_speaker_phrase(phrase), phrase
    for name in ("Clément", "Laurent", "Vincent", "Gouvernement", "Le Parlement"):
        assert is_speaker_phrase(name), name
