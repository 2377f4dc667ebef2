# The two commands: `make demo` and `make test`. Both are idempotent.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: demo test lint serve worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## make demo: set up, migrate a local SQLite database, load the demo data, serve on 127.0.0.1:$(PORT)
## with DEBUG off (a secret key is generated once into var/demo-secret-key)
demo: $(STAMP)
	$(BIN)/zwfw demo --port $(PORT)

## make test: ruff, import-linter contracts, mypy, then the whole pytest suite (in parallel: one worker per CPU)
test: $(STAMP) lint
	ZWFW_DEBUG=1 $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	ZWFW_DEBUG=1 $(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
