from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.reuse.align import align, is_stock, quote_spans, stock_phrases

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"

A = ("Crue à Saint-Aubin. Le barrage de la Garenne a cédé vers 1 h 30 dans la nuit de mardi "
     "à mercredi, selon la préfecture. Deux personnes sont mortes dans la ville basse. "
     "Le maire a ouvert un gymnase pour accueillir les sinistrés de la commune.")
B = ("Nouvelles du jour. Un conseil municipal extraordinaire est prévu vendredi à la mairie. "
     "Le barrage de la Garenne a cédé vers 1 h 30 dans la nuit de mardi à mercredi, selon "
     "la préfecture. Deux personnes sont mortes dans la ville basse.")


def test_align_verbatim_passage_offsets_index_both_texts() -> None:
    al = align(A, B)
    assert len(al.passages) == 1
    p = al.passages[0]
    shared_a, shared_b = A[p.a[0]:p.a[1]], B[p.b[0]:p.b[1]]
    assert shared_a == shared_b
    assert shared_a.startswith("Le barrage") and shared_a.endswith("ville basse")
    assert al.chars_a == al.chars_b == len(shared_a)
    assert 0.4 < al.share_a < 0.8 and al.similarity == pytest.approx(1.0)


def test_align_light_rewrite_is_found_with_lower_similarity() -> None:
    rewritten = ("Selon la préfecture, le barrage de la Garenne a cédé vers 1 h 30 dans la nuit "
                 "de mardi à mercredi.")
    al = align(A, rewritten)
    assert al.pairs and 0.5 <= al.pairs[0].similarity < 1.0


def test_align_unrelated_texts_share_nothing() -> None:
    other = ("Le festival Contes et Lanternes allume sa quatrième édition à Cressac-la-Vieille "
             "avec des conteurs venus de toute la région.")
    assert align(A, other).passages == []


def test_align_ignores_stock_phrases_and_quotes() -> None:
    stock = "Cet événement est en cours de développement et nos journalistes le mettront à jour."
    quote = "« Personne n'a intérêt à ce que ce site s'arrête demain matin », a déclaré le ministre."
    assert is_stock("cet evenement est en cours de developpement et nos journalistes",
                    stock_phrases("fr"))
    a = f"{stock}\n{quote}\nUn texte sans rapport sur les vendanges en Bourgogne cette année."
    b = f"{stock}\n{quote}\nUn autre texte sur la rentrée scolaire dans le Cher en septembre."
    assert quote_spans(quote)
    assert align(a, b).passages == []


@pytest.mark.shared
def test_align_seeds_000_001_share_the_zelensky_paragraph() -> None:
    t0 = (SEEDS / "000_25119c4917387d18.txt").read_text(encoding="utf-8")
    t1 = (SEEDS / "001_39fb3a5ad77afeb7.txt").read_text(encoding="utf-8")
    al = align(t0, t1)
    z0 = t0.index("Volodymyr Zelensky a mis en garde")
    z1 = t1.index("Volodymyr Zelensky exprime")
    hits = [p for p in al.passages if z0 <= p.a[0] < z0 + 300 and z1 <= p.b[0] < z1 + 300]
    assert hits, al.passages
    assert "risque" in t0[hits[0].a[0]:hits[0].a[1]] and "escalade" in t1[hits[0].b[0]:hits[0].b[1]]
