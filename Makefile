# recoupe: the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

.PHONY: demo test serve lint eval bench clean-venv

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (recoupe needs Python 3.11+; set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Set everything up, analyse the bundled sample corpus, write out/report.html
demo: $(STAMP)
	$(VENV)/bin/recoupe analyze samples/corpus -o out
	@echo "Open $(CURDIR)/out/report.html"

## Set everything up and run lint, types and the test suite (evaluation floors included)
test: $(STAMP)
	$(VENV)/bin/ruff check recoupe tests $(wildcard bench)
	$(VENV)/bin/mypy recoupe
	sh scripts/install-browser.sh
	sh scripts/install-postgres.sh
	$(VENV)/bin/pytest -q

## Analyse the sample corpus into out/demo.db and serve it at http://127.0.0.1:8000/
serve: $(STAMP)
	$(VENV)/bin/recoupe ingest samples/corpus --db out/demo.db -q
	$(VENV)/bin/recoupe serve --db out/demo.db

lint: $(STAMP)
	$(VENV)/bin/ruff check recoupe tests $(wildcard bench)
	$(VENV)/bin/mypy recoupe

## Every evaluation with its pinned floors (needs ../shared/corpus for the real corpora)
eval: $(STAMP)
	$(VENV)/bin/recoupe eval clean eval/gold/clean samples/gold/clean.jsonl --floors eval/floors/clean.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/rpm2-quotes.jsonl --floors eval/floors/quotes.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/rpm2-quotes-heldout.jsonl --floors eval/floors/quotes-heldout.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/rpm2-quotes-blind3.jsonl --floors eval/floors/quotes-blind3.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/rpm2-quotes-blind4.jsonl --floors eval/floors/quotes-blind4.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/rpm2-quotes-blind5.jsonl --floors eval/floors/quotes-blind5.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/rpm2-quotes-blind6.jsonl --floors eval/floors/quotes-blind6.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/rpm2-quotes-blind7.jsonl --floors eval/floors/quotes-blind7.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/rpm2-quotes-blind10.jsonl --floors eval/floors/quotes-blind10.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/rpm2-quotes-blind11.jsonl --floors eval/floors/quotes-blind11.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/mlcrisis-quotes-blind1.jsonl --floors eval/floors/quotes-mlcrisis-blind1.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/mlcrisis-quotes-blind2.jsonl --floors eval/floors/quotes-mlcrisis-blind2.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/rpm2-quotes-train1.jsonl --floors eval/floors/quotes-train1.json
	$(VENV)/bin/recoupe eval quotes eval/gold/nlp/samples-quotes.jsonl --floors eval/floors/quotes-samples.json
	$(VENV)/bin/recoupe eval dates eval/gold/nlp/rpm2-dates.jsonl --floors eval/floors/dates.json
	$(VENV)/bin/recoupe eval dates eval/gold/nlp/samples-dates.jsonl --floors eval/floors/dates-samples.json
	$(VENV)/bin/recoupe eval quantities eval/gold/nlp/rpm2-quantities.jsonl --floors eval/floors/quantities.json
	$(VENV)/bin/recoupe eval quantities eval/gold/nlp/samples-quantities.jsonl --floors eval/floors/quantities-samples.json
	$(VENV)/bin/recoupe eval cluster eval/gold/cluster/rpm2-dev.json --floors eval/floors/cluster.json
	$(VENV)/bin/recoupe eval cluster samples/gold/articles.json --floors eval/floors/cluster-samples.json
	$(VENV)/bin/recoupe eval cluster eval/gold/cluster/mlcrisis-events-check.json --floors eval/floors/cluster-events-check.json
	$(VENV)/bin/recoupe eval claims eval/gold/claims --floors eval/floors/claims.json
	$(VENV)/bin/recoupe eval claims eval/gold/claims-check --floors eval/floors/claims-check.json
	$(VENV)/bin/recoupe eval claims eval/gold/claims-xl --floors eval/floors/claims-xl.json
	$(VENV)/bin/recoupe eval clean eval/gold/clean-check --floors eval/floors/clean-check.json
	$(VENV)/bin/recoupe eval summarize --floors eval/floors/summarize.json

clean-venv:
	rm -rf $(VENV)
