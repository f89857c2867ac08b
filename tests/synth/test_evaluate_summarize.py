"""``recoupe eval summarize``: ROUGE, baselines, corpus reading, floors (RPM2 needs ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.embed import Embedder
from recoupe.evaluate.common import check_floors
from recoupe.evaluate.summarize import (
    analysis_options,
    evaluate_summarize,
    format_table,
    lead_round_robin,
    load_topics,
    product_inputs,
    rouge_f,
    score,
    sumy_summary,
    tokens,
)
from recoupe.model import Article

ROOT = Path(__file__).resolve().parents[2]
RPM2 = ROOT.parent / "shared" / "corpus" / "rpm2-dev"
FLOORS = ROOT / "eval" / "floors" / "summarize.json"


def test_tokens_are_lowercased_words() -> None:
    assert tokens("L'Élysée a dit : « Non ! »") == ["l", "élysée", "a", "dit", "non"]


def test_rouge_f_counts_clipped_ngrams() -> None:
    cand, ref = tokens("le chat dort le chat"), tokens("le chat dort sur le tapis")
    # unigrams: overlap le*2 chat*1 dort*1 = 4; P 4/5, R 4/6
    assert rouge_f(cand, ref, 1) == pytest.approx(2 * 0.8 * (4 / 6) / (0.8 + 4 / 6))
    assert rouge_f(cand, ref, 2) == pytest.approx(2 * 0.5 * 0.4 / 0.9)  # le chat, chat dort
    assert rouge_f([], ref, 1) == 0.0


def test_score_cuts_the_candidate_to_the_mean_reference_length() -> None:
    refs = ["un deux trois", "un deux trois quatre cinq"]  # mean length 4
    r1, _ = score("un deux trois quatre zzz yyy", refs)
    assert r1 == pytest.approx(((2 * 0.75 * 1 / 1.75) + (2 * 1 * 0.8 / 1.8)) / 2)


def test_lead_round_robin_takes_first_sentences_in_turn(story: list[Article]) -> None:
    text = lead_round_robin(story, 70)
    firsts = [a.text[a.sentences[0].start:a.sentences[0].end].strip() for a in story]
    assert text.startswith(firsts[0]) and firsts[1] in text and firsts[2] in text


def test_sumy_baselines_run_without_nltk_data(story: list[Article]) -> None:
    for method in ("lexrank", "textrank"):
        out = sumy_summary(story, 30, method)
        assert len(tokens(out)) >= 30
        assert set(tokens(out)) <= set(tokens(" ".join(a.text for a in story)))


def _mini_corpus(root: Path) -> None:
    docs, refs = root / "documents", root / "references"
    docs.mkdir(parents=True)
    refs.mkdir()
    bodies = [
        "La Vrenne a débordé mardi à Castelmoron et inondé une centaine de maisons.\r\n"
        "Les pompiers ont évacué 240 habitants pendant la nuit.\r\n",
        "Les pompiers ont évacué 240 habitants à Castelmoron, selon la préfecture.\r\n"
        "Le maire a ouvert le gymnase municipal pour loger les sinistrés.\r\n",
    ]
    for c in ("1", "2"):
        for i, body in enumerate(bodies, 1):
            (docs / f"T01_C{c}_0{i}.txt").write_bytes(("\ufeffTitre du document\r\n" + body).encode("utf-8"))
        for a in ("1", "2"):
            (refs / f"T01_C{c}_A{a}.txt").write_text(
                "La Vrenne a inondé Castelmoron mardi ; 240 habitants ont été évacués par les pompiers.",
                encoding="utf-8")


def test_load_topics_reads_bom_crlf_and_drops_the_headline(tmp_path: Path) -> None:
    _mini_corpus(tmp_path)
    sets = load_topics(tmp_path)
    arts, refs = sets[("01", "1")]
    assert [a.source for a in arts] == ["T01_C1_01.txt", "T01_C1_02.txt"]
    assert arts[0].title == "Titre du document" and "\r" not in arts[0].text
    assert arts[0].text.startswith("La Vrenne") and len(refs) == 2


def test_evaluate_summarize_on_a_tiny_corpus(tmp_path: Path, options: Options, embedder: Embedder) -> None:
    _mini_corpus(tmp_path)
    m = evaluate_summarize(tmp_path, options=options, embedder=embedder,
                           systems=("recoupe", "recoupe-claims", "recoupe-sentences", "lead"))
    assert m["topics"] == 1
    for key in ("all_recoupe_c1_rouge1", "all_recoupe_update_rouge2", "all_lead_mean_rouge1",
                "all_recoupe-sentences_c2_rouge1", "all_margin_rouge1", "all_margin_sentences_rouge2",
                "all_recoupe-claims_c1_rouge1", "all_margin_claims_rouge1",
                "tune_human_c1_rouge1", "recoupe_seconds", "prep_seconds"):
        assert key in m
    assert 0.0 < m["all_recoupe_c1_rouge1"] <= 1.0
    assert "heldout" not in " ".join(m) and "recoupe-sentences" in format_table(m)
    with pytest.raises(ValueError, match="E502"):
        evaluate_summarize(tmp_path, options=options, systems=("recoupe", "oracle"))


def test_eval_summarises_what_recoupe_summarize_shows(fresh_story: list[Article]) -> None:
    """The evaluation's inputs are the product's: same sentences as summarize_articles."""
    from recoupe.pipeline import summarize_articles
    from recoupe.synth import summarize

    def copies() -> list[Article]:
        return [Article.from_dict(a.as_dict()) for a in fresh_story]

    options = Options()
    prepared = copies()
    shown, _ = summarize_articles(copies(), [], options, words=60)
    arts, claims, given = product_inputs(prepared, [], analysis_options(options))
    assert all(not a.sentences for a in prepared)  # the evaluation analyses copies
    assert claims is not None and given is None
    assert "synth" not in analysis_options(options).get("analysis.stages")
    evaluated = summarize(arts, claims=claims, words=60, options=options)
    assert [(s.text, s.sources) for s in evaluated] == [(s.text, s.sources) for s in shown]
    later, earlier = copies(), copies()
    update, _ = summarize_articles(later[2:], earlier[:2], options, words=40)
    arts, claims, given = product_inputs(fresh_story[2:], fresh_story[:2], analysis_options(options))
    assert given is not None and [a.id for a in given] == ["a1", "a2"]
    assert [s.text for s in summarize(arts, claims=claims, words=40, given=given, options=options)] == \
        [s.text for s in update]


def test_evaluate_summarize_reports_a_missing_corpus(tmp_path: Path) -> None:
    m = evaluate_summarize(tmp_path / "nowhere")
    assert m["topics"] == 0 and "missing" in m["note"]
    assert "missing" in format_table(m)


@pytest.mark.shared
@pytest.mark.slow
def test_summarize_floors_hold_on_rpm2(options: Options, embedder: Embedder) -> None:
    """All ten topics, recoupe (choosing sentences, and claims) and lead round-robin (the sumy
    baselines are left to the CLI)."""
    if not RPM2.is_dir():
        pytest.skip(f"shared corpus missing ({RPM2})")
    m = evaluate_summarize(RPM2, options=options, systems=("recoupe", "recoupe-claims", "lead"))
    assert m["topics"] == 10
    assert check_floors(m, FLOORS) == []
