"""The memoised models give exactly what the models give, and only compute new texts."""

import numpy as np

from recoupe.cache import CachedEmbedder, CachingPipeline
from recoupe.embed import get_embedder
from recoupe.nlp.pipeline import get_pipeline

TEXTS = ["Le barrage de la Garenne a cédé dans la nuit.", "La préfecture fait état de deux morts.",
         "Le barrage de la Garenne a cédé dans la nuit."]


class _Counting:
    def __init__(self, inner):  # type: ignore[no-untyped-def]
        self.inner, self.name, self.seen = inner, inner.name, 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.seen += len(texts)
        return self.inner.encode(texts)


def test_cached_embedder_encodes_each_text_once() -> None:
    real = get_embedder()
    assert real is not None
    counting = _Counting(real)
    cached = CachedEmbedder(counting)
    first = cached.encode(TEXTS)
    assert counting.seen == 2  # the repeated sentence is encoded once
    np.testing.assert_allclose(first, real.encode(TEXTS), atol=1e-5)
    again = cached.encode(TEXTS[::-1] + ["Une phrase nouvelle."])
    assert counting.seen == 3
    np.testing.assert_allclose(again[:3], first[::-1], atol=1e-6)
    assert cached.encode([]).shape == (0, first.shape[1])


def test_caching_pipeline_gives_the_fast_pass_features() -> None:
    plain = get_pipeline()
    caching = CachingPipeline(model=plain.model, batch_size=plain.batch_size, n_process=1)
    caching._fast = plain.fast  # share the loaded model
    want = [(f.sentences, f.entities) for f in plain.features(TEXTS)]
    got = [(f.sentences, f.entities) for f in caching.features(TEXTS)]
    assert got == want
    assert [(f.sentences, f.entities) for f in caching.features(TEXTS[:1])] == want[:1]
    assert caching._memo.hits >= 1


def test_disk_cache_serves_a_new_process_the_same_results(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """What one run computed, the next (a fresh memo, as in a new process) reads from disk."""
    from recoupe.cache import attach_disk

    real = get_embedder()
    assert real is not None
    plain = get_pipeline()
    try:
        attach_disk(str(tmp_path / "c.cache"))
        first_run = _Counting(real)
        vecs = CachedEmbedder(first_run).encode(TEXTS)
        p1 = CachingPipeline(model=plain.model, batch_size=plain.batch_size, n_process=1)
        p1._fast = plain.fast
        feats = [(f.sentences, f.entities) for f in p1.features(TEXTS)]
        assert first_run.seen == 2

        second_run = _Counting(real)  # new memos: only the disk cache can answer
        again = CachedEmbedder(second_run).encode(TEXTS + ["Une phrase nouvelle."])
        assert second_run.seen == 1
        np.testing.assert_array_equal(again[:3], vecs)
        p2 = CachingPipeline(model=plain.model, batch_size=plain.batch_size, n_process=1)
        from recoupe.nlp.pipeline import FrenchPipeline

        def no_spacy(self, texts):  # type: ignore[no-untyped-def]
            raise AssertionError("spaCy ran although the disk cache holds these texts")

        monkeypatch.setattr(FrenchPipeline, "features", no_spacy)
        assert [(list(map(tuple, f.sentences)), list(map(tuple, f.entities))) for f in p2.features(TEXTS)] == \
            [(list(map(tuple, s)), list(map(tuple, e))) for s, e in feats]
    finally:
        attach_disk(None)
