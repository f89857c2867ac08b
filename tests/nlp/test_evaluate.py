"""The NLP evaluators' helpers, the floors checker, and a missing corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recoupe.evaluate.common import check_floors, load_floors
from recoupe.evaluate.nlp import (
    evaluate_dates,
    evaluate_quantities,
    evaluate_quotes,
    locate,
    speaker_match,
    unit_match,
)


@pytest.mark.parametrize(
    ("pred", "gold", "ok"),
    [
        ("Dmitri Peskov", "Dmitri Peskov", True),
        ("Peskov", "Dmitri Peskov", True),
        ("M. Peskov", "Dmitri Peskov", True),
        ("le parquet de Paris", "parquet de Paris", True),
        ("Ségolène Royal", "segolene royal", True),
        ("Joe Biden", "Antony Blinken", False),
        ("le ministère de la Défense", "le ministère des Affaires étrangères", False),
        (None, None, True),
        (None, "Dmitri Peskov", False),
        ("Autorité des marchés financiers", "l'AMF", True),
        ("LDH", "la Ligue des droits de l'Homme", True),
        ("la CGT", "la CFDT", False),
    ],
)
def test_evaluate_speaker_match(pred: str | None, gold: str | None, ok: bool) -> None:
    assert speaker_match(pred, gold) is ok


def test_evaluate_locate_occurrence_and_spacing() -> None:
    text = "a « b » a   b’c 3\u202f000 3 000"
    assert locate(text, "a", 2) == (8, 9)
    assert locate(text, "3 000", 1) == (16, 21)  # any space, counted in text order
    assert locate(text, "3 000", 2) == (22, 27)
    assert locate(text, "a b'c") == (8, 15)
    assert locate(text, "zzz") is None


def test_evaluate_unit_match_on_head_noun() -> None:
    assert unit_match("drones", "drone")
    assert unit_match("missiles balistiques", "missiles")
    assert not unit_match("soldats", "drones")


def test_evaluate_check_floors(tmp_path: Path) -> None:
    floors = tmp_path / "f.json"
    floors.write_text(json.dumps({"_note": "x", "quote_f1": 0.8, "speaker_accuracy": 0.7}))
    assert load_floors(floors) == {"quote_f1": 0.8, "speaker_accuracy": 0.7}
    assert check_floors({"quote_f1": 0.9, "speaker_accuracy": 0.75}, floors) == []
    failures = check_floors({"quote_f1": 0.5, "speaker_accuracy": None}, floors)
    assert len(failures) == 2 and "0.5000 < floor 0.8" in failures[0]


def test_evaluate_missing_corpus_is_a_note_not_a_failure(tmp_path: Path) -> None:
    entry = {"path": "rpm2-dev/documents/T01_C1_01.txt", "base": "shared",
             "quotes": [{"text": "x", "speaker": None, "kind": "direct"}], "dates": [],
             "quantities": []}
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(entry))
    for evaluate in (evaluate_quotes, evaluate_dates, evaluate_quantities):
        metrics = evaluate(gold, corpus=tmp_path / "nowhere")
        assert metrics["note"].startswith("corpus missing")
        assert metrics["missing"] == ["rpm2-dev/documents/T01_C1_01.txt"]
        assert all(v is None for k, v in metrics.items() if k.endswith(("_f1", "_accuracy")))


def test_evaluate_reads_only_its_kind_and_selects_documents(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "a.txt").write_text("Hier, 50 drones.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Hier, 7 chars.", encoding="utf-8")
    (tmp_path / "q.jsonl").write_text(json.dumps(
        {"path": "a.txt", "base": "repo", "quotes": []}) + "\n")
    (tmp_path / "n.jsonl").write_text("\n".join(json.dumps(
        {"path": p, "base": "repo", "quantities": [
            {"text": n, "occurrence": 1, "value": int(n), "approx": False, "bound": None,
             "unit": u}]}) for p, n, u in (("a.txt", "50", "drones"), ("b.txt", "7", "chars"))))
    both = evaluate_quantities([tmp_path / "q.jsonl", tmp_path / "n.jsonl"])
    assert both["documents"] == 2 and both["gold_quantities"] == 2
    only_b = evaluate_quantities(tmp_path / "n.jsonl", select=r"^b\.")
    assert only_b["documents"] == 1 and only_b["quantity_accuracy"] == 1.0


def test_evaluate_metrics_are_flat(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "doc.txt").write_text("« Nous ne céderons pas », a déclaré Jean Dupont.",
                                      encoding="utf-8")
    (tmp_path / "g-quotes.jsonl").write_text(json.dumps({
        "path": "doc.txt", "base": "repo",
        "quotes": [{"text": "Nous ne céderons pas", "speaker": "Jean Dupont",
                    "kind": "direct"}]}))
    metrics = evaluate_quotes(tmp_path)
    assert metrics["quote_f1"] == 1.0 and metrics["speaker_accuracy"] == 1.0
    assert metrics["direct_f1"] == 1.0
    assert all(not isinstance(v, dict) for v in metrics.values())


def test_evaluate_repo_based_gold(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "doc.txt").write_text("Titre\nHier, 50 drones ont été abattus.", encoding="utf-8")
    (tmp_path / "d-dates.jsonl").write_text(json.dumps({
        "path": "doc.txt", "base": "repo", "published": "2024-11-20",
        "dates": [{"text": "Hier", "occurrence": 1, "value": "2024-11-19",
                   "granularity": "day"}]}))
    (tmp_path / "d-quantities.jsonl").write_text(json.dumps({
        "path": "doc.txt", "base": "repo",
        "quantities": [{"text": "50", "occurrence": 1, "value": 50, "approx": False,
                        "bound": None, "unit": "drones"}]}))
    dates = evaluate_dates(tmp_path / "d-dates.jsonl")
    assert dates["date_accuracy"] == 1.0 and dates["note"] is None
    quantities = evaluate_quantities(tmp_path)
    assert quantities["quantity_accuracy"] == 1.0 and quantities["unit_accuracy"] == 1.0


def test_evaluate_quotes_on_a_cleaned_page(tmp_path: Path) -> None:
    """A gold entry with "clean": true is a page as scraped: it is scored on what the
    cleaning keeps, and a gold quote the cleaning dropped counts as missed."""
    (tmp_path / "pyproject.toml").write_text("")
    page = ("Accueil\nPolitique\nÉconomie\nSport\n"
            "Lire aussi : « Nous irons jusqu'au bout », promet le maire de Castelmoron\n"
            "La préfète de la Haute-Vrenne a déclenché mardi le plan d'urgence après la crue "
            "de la Vrenne, qui a inondé une centaine de maisons du quartier des Tanneurs.\n"
            "« Nous ne céderons pas », a déclaré Jean Dupont, le maire, devant le gymnase "
            "où les sinistrés ont passé la nuit.\n"
            "Partager sur Facebook\nNewsletter : inscrivez-vous\n")
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    (tmp_path / "g-quotes.jsonl").write_text(json.dumps({
        "path": "page.txt", "base": "repo", "clean": True,
        "quotes": [{"text": "Nous ne céderons pas", "speaker": "Jean Dupont", "kind": "direct"},
                   {"text": "Sport", "speaker": None, "kind": "direct"}]}))
    metrics = evaluate_quotes(tmp_path)
    # the related link's quote is debris, gone with it: neither predicted nor located
    assert metrics["predicted_quotes"] == 1 and metrics["matched"] == 1
    # "Sport" (a menu line the cleaning removes) stands for a gold quote the cleaning lost
    assert metrics["lost_in_cleaning"] == 1 and metrics["gold_quotes"] == 2
    assert metrics["quote_recall"] == 0.5
