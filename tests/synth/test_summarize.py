from __future__ import annotations

from typing import Any

from recoupe.config import Options
from recoupe.embed import Embedder
from recoupe.model import Article
from recoupe.synth import format_summary, summarize


def _words(sentences: list) -> int:
    return sum(len(s.text.split()) for s in sentences)


def test_summary_is_verbatim_cited_in_time_order_within_budget(story: list[Article], options: Options,
                                                               embedder: Embedder) -> None:
    out = summarize(story, words=60, options=options, embedder=embedder)
    by_id = {a.id: a for a in story}
    assert out and _words(out) <= 60
    for s in out:
        assert s.article is not None and s.start is not None and s.end is not None
        assert by_id[s.article].text[s.start:s.end] == s.text
        assert s.article in s.sources
    order = [(by_id[s.article].published, list(by_id).index(s.article), s.start) for s in out]
    assert order == sorted(order)
    texts = " ".join(s.text for s in out)
    assert "Suivez" not in texts and "?" not in texts and "Il a ajouté" not in texts


def test_summary_tells_a_shared_fact_once_citing_both(story: list[Article], options: Options,
                                                      embedder: Embedder) -> None:
    out = summarize(story, words=80, options=options, embedder=embedder)
    evac = [s for s in out if s.text.startswith("Les pompiers ont évacué")]
    assert len(evac) == 1 and set(evac[0].sources) == {"a1", "a2"}


def test_summary_budget_smaller_than_any_sentence_shows_one(story: list[Article], options: Options,
                                                            embedder: Embedder) -> None:
    assert len(summarize(story, words=3, options=options, embedder=embedder)) == 1
    assert summarize([], words=50, options=options, embedder=embedder) == []


def test_update_summary_leaves_out_what_the_given_articles_told(story: list[Article], options: Options,
                                                                embedder: Embedder) -> None:
    earlier, later = story[:2], story[1:]
    out = summarize(later, words=60, given=earlier, options=options, embedder=embedder)
    assert out
    assert all(s.article == "a3" for s in out), [s.text for s in out]


def _story_claims(story: list[Article], make_claim: Any, independent: int, status: str,
                  damage_status: str) -> list[Any]:
    """Group g1: the evacuation told by a1 and a2 (``independent`` sources, ``status``);
    group g2: the damage told by a3 (``damage_status``)."""
    a1, a2, a3 = story
    evac = "Les pompiers ont évacué 240 habitants dans la nuit de mardi à mercredi, selon la préfecture de la Haute-Vrenne."
    return [
        make_claim(a1, evac, "g1", ["a1", "a2"], independent=independent, status=status),
        make_claim(a2, evac, "g1", ["a1", "a2"], independent=independent, status=status),
        make_claim(a3, "La préfecture estime les dégâts à quatre millions d'euros et promet une aide "
                   "d'urgence aux familles sinistrées.", "g2", ["a3"], status=damage_status),
    ]


def test_summary_from_claims_cites_their_groups(story: list[Article], options: Options,
                                                embedder: Embedder, make_claim: Any) -> None:
    claims = _story_claims(story, make_claim, 2, "corroborated", "single_source")
    out = summarize(story, claims=claims, words=100, options=options, embedder=embedder,
                    select_from="claims")
    assert [s.sources for s in out].count(["a1", "a2"]) == 1  # one telling of group g1
    assert {tuple(s.sources) for s in out} == {("a1", "a2"), ("a3",)}
    # the default chooses sentences; a chosen sentence holding a claim cites its group
    default = summarize(story, claims=claims, words=100, options=options, embedder=embedder)
    told = [s for s in default if "240 habitants" in s.text]
    assert told and all(s.sources == ["a1", "a2"] for s in told)
    assert all(s.sources for s in default)
    # and says how many independent sources that is, and the group's status
    assert all(s.independent_sources == 2 and s.status == "corroborated" for s in told)


def test_summary_sentence_of_copies_shows_one_independent_source(
        story: list[Article], options: Options, embedder: Embedder, make_claim: Any) -> None:
    """Two articles of one reuse family cite a sentence twice, one independent source; a
    sentence holding a conflicting claim says so."""
    claims = _story_claims(story, make_claim, 1, "single_source", "conflicting")
    out = summarize(story, claims=claims, words=100, options=options, embedder=embedder,
                    select_from="claims")
    told = [s for s in out if "240 habitants" in s.text]
    assert told and all(s.sources == ["a1", "a2"] and s.independent_sources == 1
                        and s.status == "single_source" for s in told)
    damage = [s for s in out if "quatre millions" in s.text]
    assert damage and all(s.status == "conflicting" for s in damage)


def test_summary_without_embedder_uses_lexical_similarity(story: list[Article]) -> None:
    lexical = Options()
    lexical.settings.setdefault("embed", {})["backend"] = "none"
    out = summarize(story, words=60, options=lexical)
    assert out and _words(out) <= 60


def test_format_summary_numbers_sources(story: list[Article], options: Options, embedder: Embedder) -> None:
    out = summarize(story, words=80, options=options, embedder=embedder)
    text = format_summary(out, story)
    assert "Sources :" in text and "[1] L'Écho de la Vrenne" in text or "[1] La Dépêche du Centre" in text
    assert all(f"{s.text} [" in text for s in out)


def test_summary_json_numbers_sources_like_the_text(story: list[Article], options: Options,
                                                    embedder: Embedder) -> None:
    from recoupe.synth import summary_json, timeline

    out = summarize(story, words=80, options=options, embedder=embedder)
    data = summary_json(out, timeline(story, options=options, embedder=embedder), story)
    assert [s["text"] for s in data["summary"]] == [s.text for s in out]
    assert data["timeline"] and {"date", "text", "sources"} <= set(data["timeline"][0])
    assert [s["n"] for s in data["sources"]] == list(range(1, len(data["sources"]) + 1))
    assert {s["id"] for s in data["sources"]} <= {a.id for a in story}


def test_clause_claims_show_their_sentence_or_nothing(story: list[Article], make_claim: Any) -> None:
    from recoupe.synth.units import claim_units

    a3 = story[2]
    big = "La préfecture estime les dégâts à quatre millions d'euros et promet une aide d'urgence"
    small = "promet une aide d'urgence aux familles sinistrées"
    units = claim_units(story, [make_claim(a3, big, "g1", ["a3", "a1"]), make_claim(a3, small, "g2", ["a3"])])
    assert len(units) == 1
    u = units[0]
    assert u.text.endswith("familles sinistrées.") and a3.text[u.start:u.end] == u.text
    assert u.sources == ["a3", "a1"]


def test_large_candidate_pools_are_cut_before_embedding(story: list[Article], embedder: Embedder) -> None:
    small = Options()
    small.settings["synth"] = {"max_candidates": 3}
    out = summarize(story, words=200, options=small, embedder=embedder)
    assert 0 < len(out) <= 3


def test_sentences_quoting_someone_weigh_less() -> None:
    from recoupe.nlp import analyze
    from recoupe.synth.summarize import SummaryParams, rank_units
    from recoupe.synth.units import sentence_units

    text = ("La digue de Castelmoron a cédé mardi soir après trois jours de pluie.\n"
            "Le maire a promis que la digue serait « reconstruite avant l'hiver » par la commune.\n"
            "La préfecture a chiffré les dégâts à quatre millions d'euros mercredi.")
    art = Article(id="q1", source="q1.txt", text=text, language="fr")
    analyze([art], Options())
    units = sentence_units([art])
    assert len(units) == 3
    plain, _ = rank_units(units, 1, SummaryParams(quote_penalty=1.0), None)
    halved, _ = rank_units(units, 1, SummaryParams(quote_penalty=0.5), None)
    quoting = [i for i, u in enumerate(units) if "«" in u.text]
    assert quoting == [1]
    assert abs(halved[1] - plain[1] * 0.5) < 1e-6
    assert halved[0] == plain[0] and halved[2] == plain[2]


def test_budget_is_not_filled_with_weak_sentences(story: list[Article], embedder: Embedder) -> None:
    only_best = Options()
    only_best.settings["synth"] = {"fill_floor": 1.0}
    fill = Options()
    fill.settings["synth"] = {"fill_floor": 0.0}
    assert len(summarize(story, words=200, options=only_best, embedder=embedder)) == 1
    assert len(summarize(story, words=200, options=fill, embedder=embedder)) >= 3


def test_citation_marks_are_ascending() -> None:
    from recoupe.model import SummarySentence

    sentences = [SummarySentence(text="Première phrase citée.", sources=["b", "a"]),
                 SummarySentence(text="Deuxième phrase citée.", sources=["c", "a", "b"])]
    text = format_summary(sentences, [])
    assert "Première phrase citée. [1, 2]" in text and "Deuxième phrase citée. [1, 2, 3]" in text


def test_format_summary_marks_what_is_announced() -> None:
    from recoupe.model import SummarySentence, TimelineEntry

    a = Article(id="a", source="a.txt", text="x", outlet="Le Courrier", published="2026-03-04")
    text = format_summary([SummarySentence("Les écoles ferment.", ["a"])], [a],
                          [TimelineEntry(date="2026-03-06", text="Les écoles rouvriront.", sources=["a"],
                                         upcoming=True)])
    assert "2026-03-06 (à venir)  Les écoles rouvriront. [1]" in text
