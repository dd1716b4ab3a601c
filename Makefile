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

# mypy (pydantic plugin, [tool.mypy] in pyproject.toml) reports on src/ but does not fail the target yet:
# 28 errors remain, all in files the plan-as-a-value and PostgreSQL work of issue 15 rewrites (design/build.py,
# parse/sql*.py, pipeline.py, cache.py). Make it fail (drop the `|| echo`) and add it to CI once it is clean.
lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy || echo "mypy is not clean yet: reported, not enforced (issue 15)"

clean:
	rm -rf $(VENV) build dist .pytest_cache
