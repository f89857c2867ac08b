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
