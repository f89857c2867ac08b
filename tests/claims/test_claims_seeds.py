"""Done-when of issue 5 on the five seed articles (needs ../shared/corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.evaluate.claims import _Layered
from recoupe.model import Article, Claim

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def seeds(cached_run) -> tuple[list[Article], list[Claim]]:  # type: ignore[no-untyped-def]
    files = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    options = _Layered(Options.load(quiet=True), {"claims.outlet_one_source": False})
    return cached_run(files, options)  # type: ignore[no-any-return]


def _group(run: tuple[list[Article], list[Claim]], seed: str, snippet: str) -> Claim:
    articles, claims = run
    art = next(a for a in articles if f"/{seed}_" in a.source)
    pos = art.text.index(snippet)
    return next(c for c in claims if c.article == art.id and c.start <= pos < c.end)


@pytest.mark.shared
@pytest.mark.parametrize(("seed", "snippet", "articles"), [
    # the closure as the embassy's statement words it, quoted by 000, 001 and 002
    ("002", "Par excès de prudence, l'ambassade sera fermée", 3),
    pytest.param("002", "L'ambassade des États-Unis à Kyiv a fermé ses portes mercredi", 3,
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "known split: 001 and 002 tell the closure twice (their lead and the "
                     "quoted statement); two claims of one article share a group on the "
                     "evidence that links two articles, and 'a fermé ses portes' / 'sera "
                     "fermée' score 0.02 with the three similarities (a paraphrase), so "
                     "the leads form a second, two-article group of the same fact"))),
    # the mines decision in four wordings, linked by the event signature (fournir /
    # fourniture / approvisionnement + the rare key words "mines antipersonnel")
    pytest.param("004", "Washington prévoyait l'approvisionnement de l'Ukraine en mines", 3,
                 marks=pytest.mark.xfail(strict=False, reason=(
                     "the learned scorer (three similarities, no event-signature bonus) does "
                     "not link the four wordings of the mines decision: the signature rule was "
                     "written for these seeds and did not carry over to blind golds"))),
    pytest.param("004", "intercepté une cinquantaine de drones ukrainiens", 2,
                 marks=pytest.mark.xfail(strict=False, reason=(
                     "'une cinquantaine' / '50 drones' worded apart: the figure agreement "
                     "bonus is gone with the hand-weighted scorer"))),
    ("004", "Pyongyang aurait livré à la Russie de nouvelles expéditions", 2),
])
def test_corroborated_facts(seeds, seed: str, snippet: str, articles: int) -> None:  # type: ignore[no-untyped-def]
    c = _group(seeds, seed, snippet)
    assert c.status == "corroborated", (c.text, c.sources)
    assert len(c.sources) >= articles, (c.text, c.sources)


@pytest.mark.shared
def test_spain_and_italy_single_source(seeds) -> None:  # type: ignore[no-untyped-def]
    c = _group(seeds, "002", "L'Espagne et l’Italie ont suivi l'exemple")
    assert c.status == "single_source" and c.sources == [c.article]


@pytest.mark.shared
def test_copied_paragraph_counts_once(seeds) -> None:  # type: ignore[no-untyped-def]
    # 000 and 001 carry the same AFP copy (one reuse family): the Zelensky paragraph
    # they share is one source, and the embassy closure, told by 000, 001 and 002, two
    articles, _ = seeds
    zel = _group(seeds, "000", "Volodymyr Zelensky a mis en garde mardi")
    by_seed = {a.source.rsplit("/", 1)[-1][:3]: a.id for a in articles}
    assert by_seed["001"] in zel.sources
    fam = {by_seed["000"], by_seed["001"]}
    assert zel.independent_sources == len(set(zel.sources) - fam) + 1
    embassy = _group(seeds, "002", "L'ambassade des États-Unis à Kyiv a fermé ses portes")
    assert embassy.independent_sources == len(set(embassy.sources) - fam) + \
        (1 if fam & set(embassy.sources) else 0)


@pytest.mark.shared
def test_earlier_event_figures_do_not_conflict(seeds) -> None:  # type: ignore[no-untyped-def]
    # 37 drones shot down on 13 November (003) is another event than the ~50 of 20 Nov
    c = _group(seeds, "003", "les défenses aériennes ont abattu quatre missiles et 37 drones")
    assert c.status != "conflicting"
