from __future__ import annotations

import json
from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.embed import Embedder
from recoupe.model import Article, ReusePair
from recoupe.reuse import find_reuse, reuse_families

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
GOLD = ROOT / "samples" / "gold" / "articles.json"


def by_path(articles: list[Article], fragment: str) -> Article:
    """The article whose source contains ``fragment``."""
    found = [a for a in articles if fragment in a.source]
    assert len(found) == 1, (fragment, [a.source for a in found])
    return found[0]


@pytest.fixture(scope="module")
def sample_pairs(sample_articles: list[Article], embedder: Embedder) -> list[ReusePair]:
    return find_reuse(sample_articles, Options.load(quiet=True), embedder=embedder)


def test_find_reuse_recovers_the_sample_wire_family(sample_articles: list[Article],
                                                    sample_pairs: list[ReusePair]) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    family = {by_path(sample_articles, Path(e["ref"]).as_posix().split("samples/")[1]).id
              for e in gold if e["wire_family"] == "afp-crue-1"}
    assert len(family) == 4
    families = reuse_families(sample_pairs)
    assert family in families


def test_find_reuse_kinds_and_order(sample_articles: list[Article],
                                    sample_pairs: list[ReusePair]) -> None:
    dispatch = by_path(sample_articles, "afp/2026-10-14/crue-vrenne-depeche.txt")
    copy = by_path(sample_articles, "info24/crue-saint-aubin-deux-morts.txt")
    rewrite = by_path(sample_articles, "radio-loire-vallee/intemperies-la-vrenne-deborde.txt")
    kinds = {tuple(p.articles): p for p in sample_pairs}
    dup = kinds[(dispatch.id, copy.id)]
    assert dup.kind == "duplicate" and dup.overlap > 0.8
    wire = kinds[(dispatch.id, rewrite.id)]
    assert wire.kind == "shared_wire" and any("AFP" in e for e in wire.evidence)
    for p in sample_pairs:
        a = next(x for x in sample_articles if x.id == p.articles[0])
        b = next(x for x in sample_articles if x.id == p.articles[1])
        assert p.kind in ("duplicate", "shared_wire", "partial_copy", "paraphrase")
        assert 0.0 < p.overlap <= 1.0
        for ps in p.passages:  # offsets index each article's text
            assert 0 <= ps.a[0] < ps.a[1] <= len(a.text)
            assert 0 <= ps.b[0] < ps.b[1] <= len(b.text)


def test_find_reuse_report_shape(sample_pairs: list[ReusePair]) -> None:
    d = sample_pairs[0].as_dict()
    assert {"articles", "kind", "overlap", "passages"} <= set(d)
    assert set(d["passages"][0]) == {"a", "b"}
    assert ReusePair.from_dict(json.loads(json.dumps(d))) == sample_pairs[0]


def test_find_reuse_unrelated_festival_is_in_no_pair(sample_articles: list[Article],
                                                     sample_pairs: list[ReusePair]) -> None:
    festival = by_path(sample_articles, "festival-contes-et-lanternes.txt")
    assert not any(festival.id in p.articles for p in sample_pairs)


def test_find_reuse_without_embeddings_still_finds_copies(sample_articles: list[Article]) -> None:
    opts = Options.load(overrides=None, quiet=True)
    opts.settings.setdefault("reuse", {})["use_embeddings"] = False
    pairs = find_reuse(sample_articles, opts)
    assert {p.kind for p in pairs} >= {"duplicate", "shared_wire"}
    assert find_reuse(sample_articles[:1], opts) == []


@pytest.mark.shared
def test_find_reuse_seeds_000_001_zelensky(embedder: Embedder) -> None:
    from recoupe.pipeline import load_articles

    arts, _ = load_articles(sorted(str(p) for p in SEEDS.glob("*.txt")), Options.load(quiet=True))
    a0 = next(a for a in arts if "000_" in a.source)
    a1 = next(a for a in arts if "001_" in a.source)
    pairs = [p for p in find_reuse(arts, Options.load(quiet=True), embedder=embedder)
             if set(p.articles) == {a0.id, a1.id}]
    assert pairs, "000 and 001 are not paired"
    p = pairs[0]
    spans0 = [ps.a if p.articles[0] == a0.id else ps.b for ps in p.passages]
    assert any("mis en garde" in a0.text[s:e] and "escalade" in a0.text[s:e] for s, e in spans0)


def test_find_reuse_one_sentence_alike_in_a_short_item_is_no_copy() -> None:
    item = Article(id="rss", source="flash.rss#2", outlet="Flash Région", text=(
        "Le parquet de Blois a ouvert jeudi une enquête pour blessures involontaires après "
        "l'incendie de l'usine Chimiflex. Les riverains seront reçus vendredi en mairie."))
    article = Article(id="phare", source="phare/enquete.txt", outlet="Le Phare", text=(
        "Le parquet de Blois a ouvert jeudi une enquête pour blessures involontaires après "
        "l'incendie de l'usine Chimiflex à Brévannes-sur-Loutre. Les enquêteurs de la police "
        "judiciaire ont commencé leurs auditions dès jeudi après-midi, selon une source proche "
        "du dossier. Les deux salariés grièvement blessés restent hospitalisés au CHU de Tours. "
        "La direction de l'usine assure avoir respecté toutes les normes de sécurité."))
    opts = Options.load(quiet=True)
    opts.settings.setdefault("reuse", {})["use_embeddings"] = False
    pairs = find_reuse([item, article], opts)
    assert all(p.kind not in ("partial_copy", "shared_wire", "duplicate") for p in pairs)
    assert reuse_families(pairs) == []  # two outlets, two sources of the investigation



def test_classify_an_article_rewritten_sentence_by_sentence_is_a_copy() -> None:
    from recoupe.reuse.align import AlignedPair, merge_pairs
    from recoupe.reuse.classify import PairEvidence, classify

    sents = ["Un violent incendie a ravagé mardi soir un entrepôt de la société Solvachem.",
             "Quelque 197 sapeurs-pompiers ont été mobilisés pour circonscrire le sinistre.",
             "Un périmètre de sécurité de 500 mètres a été mis en place autour du site.",
             "Les causes de l'incendie restent inconnues, une enquête a été ouverte."]
    text_a = " ".join(sents)
    text_b = text_a + " « Nous avons eu très peur », confie une riveraine, Josiane Ferrand."
    pos, pairs = 0, []
    for k, s_ in enumerate(sents):
        pairs.append(AlignedPair(a=(pos, pos + len(s_)), b=(pos, pos + len(s_)), ia=k, ib=k, similarity=0.6))
        pos += len(s_) + 1
    ev = PairEvidence(a=Article(id="a", source="a", text=text_a), b=Article(id="b", source="b", text=text_b),
                      alignment=merge_pairs(list(pairs), text_a, text_b))
    pair = classify(ev)
    # light rewrites (half their characters in common) sentence after sentence: a copy
    assert pair is not None and pair.kind == "partial_copy"
    assert "rewritten sentence by sentence" in pair.evidence
    assert reuse_families([pair]) == [{"a", "b"}]
    # two light rewrites only: the same facts in other words, two sources
    ev.alignment = merge_pairs(list(pairs[:2]), text_a, text_b)
    pair = classify(ev)
    assert pair is not None and pair.kind == "paraphrase" and reuse_families([pair]) == []


def test_relations_siblings_and_credits(sample_articles: list[Article],
                                        sample_pairs: list[ReusePair]) -> None:
    """Two copies of the AFP dispatch are siblings from it, not one the other's source; a
    credited copy says so, an uncredited partial copy says it does not."""
    dispatch = by_path(sample_articles, "afp/2026-10-14/crue-vrenne-depeche.txt")
    copy = by_path(sample_articles, "info24/crue-saint-aubin-deux-morts.txt")
    rewrite = by_path(sample_articles, "radio-loire-vallee/intemperies-la-vrenne-deborde.txt")
    pairs = {tuple(p.articles): p for p in sample_pairs}
    direct = pairs[(dispatch.id, rewrite.id)]
    assert direct.relation == "source_reuser" and direct.common_source is None
    assert direct.credited is True
    sib = pairs[(copy.id, rewrite.id)]
    assert sib.relation == "siblings" and sib.common_source == dispatch.id and sib.credited is True
    uncredited = [p for p in sample_pairs if p.kind == "partial_copy"]
    assert uncredited and all(p.credited is False for p in uncredited)
    assert all(p.credited in (True, None) for p in sample_pairs if p.kind == "paraphrase")
