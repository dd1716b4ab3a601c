# The two commands: `make demo` and `make test`. Both install what they need into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-fast bench lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# design -> validate -> every target into generated/ (once: the plan in design.yaml names the revision that
# `render --target alembic` writes, so designing again changes nothing); verify applies the revisions to a
# scratch database.
demo: $(STAMP)
	$(BIN)/specgen design
	$(BIN)/specgen validate
	$(BIN)/specgen render --target alembic
	$(BIN)/specgen render --target sqlmodel
	$(BIN)/specgen render --target mermaid
	$(BIN)/specgen render --target sql
	$(BIN)/specgen render --target docs
	$(BIN)/specgen verify

test: $(STAMP)
	$(BIN)/python -m pytest

# Everything but the tests marked slow (documentation sessions, pre-commit, the corpora): the edit-test loop.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet sqlacodegen  # the peer the budgets are measured against
	$(BIN)/python tests/bench.py

# ruff (lint and format) on src/ and tests/, and mypy with the pydantic plugin on src/ ([tool.mypy] in
# pyproject.toml). Any finding fails the target; CI (.ci/run) runs it after the tests.
lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist .pytest_cache
