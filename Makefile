# recoupe: the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

.PHONY: demo test lint eval bench clean-venv

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
	$(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check recoupe tests $(wildcard bench)
	$(VENV)/bin/mypy recoupe

## Every evaluation with its pinned floors (needs ../shared/corpus for the real corpora)
eval: $(STAMP)
	$(VENV)/bin/recoupe eval clean eval/gold/clean samples/gold/clean.jsonl --floors eval/floors/clean.json

clean-venv:
	rm -rf $(VENV)
