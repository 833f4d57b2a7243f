# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DB     ?= sourcetrace.db
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install demo test test-fast lint bench clean lock

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed: make PYTHON=python3.11")'
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/sourcetrace --db $(DB) demo
	$(BIN)/sourcetrace --db $(DB) serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow and not browser and not postgres"

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/mypy src/sourcetrace

bench: install
	$(BIN)/python bench/bench_extract.py

# Re-pin every dependency from the current venv (after changing pyproject.toml).
lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^sourcetrace' > requirements.lock

clean:
	rm -rf $(VENV) *.egg-info src/*.egg-info .pytest_cache
