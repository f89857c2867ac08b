"""The spaCy pipelines behind the analysis layer."""

from __future__ import annotations

from recoupe.nlp import FrenchPipeline
from recoupe.nlp.pipeline import _chunks


def test_pipeline_fast_path_is_ner_and_senter(fr_pipeline: FrenchPipeline) -> None:
    assert set(fr_pipeline.fast.pipe_names) == {"senter", "ner"}


def test_pipeline_sentences_split_at_lines_with_offsets(fr_pipeline: FrenchPipeline) -> None:
    text = "Titre sans point\nPremière phrase ici. Deuxième phrase là."
    (feats,) = list(fr_pipeline.features([text]))
    sentences = [text[s:e] for s, e in feats.sentences]
    assert sentences[0] == "Titre sans point"
    assert "Deuxième phrase là." in sentences


def test_pipeline_long_texts_are_cut_at_line_breaks() -> None:
    text = ("ligne " * 10 + "\n") * 50
    parts = list(_chunks(text, 200))
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= 200 for _, p in parts)
    assert all(text[off : off + len(p)] == p for off, p in parts)


def _cut(text: str, cuts: list[str]) -> list[tuple[int, int]]:
    """The spans of ``cuts`` in ``text``, in order (the cuts a sentence splitter made)."""
    spans, pos = [], 0
    for c in cuts:
        s = text.index(c, pos)
        spans.append((s, s + len(c)))
        pos = s + len(c)
    return spans


def test_sentences_are_not_cut_at_quotation_marks() -> None:
    from recoupe.nlp.pipeline import mend_quote_marks

    text = ("Le maire n'a pas caché son amertume. « Trois fois ! », a-t-il lancé devant les caméras. "
            "Il a ajouté : \"Nous verrons.\" Puis il est parti.\n« Seul »\nFin.")
    # the cuts spaCy's senter makes on such text
    cuts = ["Le maire n'a pas caché son amertume.", "«", "Trois fois !", "», a-t-il lancé devant les caméras.",
            "Il a ajouté : \"", "Nous verrons.", "\" Puis il est parti.", "« Seul »", "Fin."]
    got = [text[s:e] for s, e in mend_quote_marks(text, _cut(text, cuts))]
    assert got == ["Le maire n'a pas caché son amertume.",
                   "« Trois fois ! », a-t-il lancé devant les caméras.",
                   "Il a ajouté : \"Nous verrons.\"", "Puis il est parti.", "« Seul »", "Fin."]


def test_two_quotations_in_a_row_stay_two_sentences() -> None:
    from recoupe.nlp.pipeline import mend_quote_marks

    text = "Il a dit : « Non. » « Jamais. » Puis il est parti."
    cuts = ["Il a dit : « Non.", "» « Jamais.", "» Puis il est parti."]
    got = [text[s:e] for s, e in mend_quote_marks(text, _cut(text, cuts))]
    assert got == ["Il a dit : « Non. »", "« Jamais. »", "Puis il est parti."]


def test_a_cut_with_no_sentence_end_is_mended() -> None:
    from recoupe.nlp.pipeline import mend_quote_marks

    text = ("Contrairement à ce que nous avons indiqué hier, ce ne sont pas trois tonnes qui se sont "
            "échappées de l'usine Novachem mais environ 300 kilos.\nTitre sans point\nSuite.")
    cut = text.index("Novachem")
    spans = [(0, cut - 1), (cut, text.index("\n")), (text.index("Titre"), text.index("\nSuite")),
             (text.index("Suite"), len(text))]
    got = [text[s:e] for s, e in mend_quote_marks(text, spans)]
    assert got == [text.split("\n")[0], "Titre sans point", "Suite."]  # never across a line break


def test_a_british_closing_quote_ends_a_sentence() -> None:
    from recoupe.nlp.pipeline import mend_quote_marks

    text = "The minister said: ‘We will not leave.’ Protesters gathered outside the ministry."
    cut = text.index("Protesters")
    got = [text[s:e] for s, e in mend_quote_marks(text, [(0, cut - 1), (cut, len(text))])]
    assert got == ["The minister said: ‘We will not leave.’", "Protesters gathered outside the ministry."]
