"""The issue's "done when" checks on the five seed articles (needs ../shared/corpus)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.shared


def _speakers(seeds, article: str) -> set[str | None]:  # type: ignore[no-untyped-def]
    _, result = seeds
    return {q.speaker for q in result.quotes if q.article == article}


@pytest.mark.parametrize(
    ("article", "speaker"),
    [("001", "Dmitri Peskov"), ("004", "Dmitri Peskov"), ("003", "Antony Blinken"),
     ("004", "Sergueï Narychkine")],
)
def test_seeds_quotes_attributed(seeds, article: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    assert speaker in _speakers(seeds, article)


def test_seeds_peskov_quote_text(seeds) -> None:  # type: ignore[no-untyped-def]
    _, result = seeds
    peskov = [q for q in result.quotes if q.article == "001" and q.speaker == "Dmitri Peskov"]
    assert any(q.text.startswith("sont pleinement déterminés à prolonger la guerre")
               for q in peskov)
    assert all(q.speaker_entity == "ent:dmitri-peskov" for q in peskov)


def test_seeds_kiev_and_kyiv_are_one_entity(seeds) -> None:  # type: ignore[no-untyped-def]
    articles, result = seeds
    ids = {m.entity for a in articles for m in a.mentions if m.text in ("Kiev", "Kyiv")}
    assert len(ids) == 1
    (entity,) = [e for e in result.entities if e.id in ids]
    assert {"Kiev", "Kyiv"} <= {entity.name, *entity.aliases}


def test_seeds_no_weekday_or_debris_entity(seeds) -> None:  # type: ignore[no-untyped-def]
    _, result = seeds
    bad = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
           "loading", "loading categories", "loading categories..."}
    names = {n.casefold() for e in result.entities for n in (e.name, *e.aliases)}
    assert not names & bad


def test_seeds_zelensky_has_his_role_alias(seeds) -> None:  # type: ignore[no-untyped-def]
    _, result = seeds
    (zelensky,) = [e for e in result.entities if e.name == "Volodymyr Zelensky"]
    assert zelensky.type == "PER"
    assert "le président ukrainien" in zelensky.aliases


def test_seeds_dates_and_quantities(seeds) -> None:  # type: ignore[no-untyped-def]
    articles, _ = seeds
    by_id = {a.id: a for a in articles}
    nights = [d for d in by_id["003"].dates if d.granularity == "night"]
    assert nights and nights[0].value == "2024-11-12/2024-11-13"
    values = {(q.value, q.approx, q.unit) for q in by_id["004"].quantities}
    assert (50, True, "drones") in values
    assert any(q.value == 90 and q.approx for q in by_id["003"].quantities)


def test_seeds_offsets_index_cleaned_text(seeds) -> None:  # type: ignore[no-untyped-def]
    articles, result = seeds
    texts = {a.id: a.text for a in articles}
    for q in result.quotes:
        assert texts[q.article][q.start : q.end] == q.text
    for a in articles:
        for m in a.mentions:
            assert a.text[m.start : m.end] == m.text
        for s in a.sentences:
            assert s.end > s.start
