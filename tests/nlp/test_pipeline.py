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
