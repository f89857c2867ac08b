from __future__ import annotations

from recoupe.reuse.minhash import duplicate_groups, near_duplicates, shingles

BASE = ("Le barrage de la Garenne a cédé dans la nuit de mardi à mercredi et la Vrenne a "
        "envahi la ville basse de Saint-Aubin, où deux personnes sont mortes selon la "
        "préfecture qui a ouvert une cellule de crise.")


def test_shingles_short_text_is_one_shingle() -> None:
    assert shingles("Fed raises rates", k=5) == [b"fed raises rates"]
    assert len(shingles(BASE, k=5)) > 20


def test_near_duplicates_exact_near_and_unrelated() -> None:
    near = BASE.replace("deux personnes", "2 personnes")
    other = "Le festival Contes et Lanternes allume sa quatrième édition à Cressac-la-Vieille."
    ids = ["a", "b", "c", "d"]
    texts = [BASE, BASE.upper(), near, other]
    pairs = near_duplicates(ids, texts, threshold=0.7, num_perm=128, shingle_size=3)
    found = {(p.a, p.b): p for p in pairs}
    assert found[("a", "b")].exact and found[("a", "b")].jaccard == 1.0
    assert ("a", "c") in found and not found[("a", "c")].exact
    assert not any("d" in (p.a, p.b) for p in pairs)
    assert duplicate_groups(pairs) == [{"a", "b", "c"}]


def test_near_duplicates_empty_and_single() -> None:
    assert near_duplicates([], []) == []
    assert near_duplicates(["x"], [BASE]) == []


def test_connected_components_and_word_grams_shared_helpers() -> None:
    from recoupe.reuse.minhash import connected_components
    from recoupe.reuse.tokens import word_grams

    comps = connected_components([("b", "c"), ("x", "y"), ("a", "b")])
    assert comps == [{"a", "b", "c"}, {"x", "y"}]
    assert word_grams(["a", "b", "c"], 2) == {"a b", "b c"}
    assert word_grams(["a"], 5) == {"a"} and word_grams([], 5) == set()
