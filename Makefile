# The two commands of the README: `make serve` and `make test`. Both set up .venv first.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Flags of `make serve`'s `mkdocs serve` (the preview tests run it with the same flags).
SERVE_FLAGS := --dirty

.PHONY: serve build test lint check bench clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/lib/python*/site-packages/podsite-hooks.pth
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve $(SERVE_FLAGS) --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# The npm clients the tests read outputs with (tests/clients/package-lock.json); skipped without npm.
CLIENTS := tests/clients/node_modules/.installed
$(CLIENTS): tests/clients/package.json tests/clients/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/clients --no-audit --no-fund --loglevel=error && touch $(CLIENTS); \
	else echo "npm not found: the tests that read outputs with npm clients will skip"; fi

# The suite on a process per CPU, four at most (pytest-xdist; each runs builds with workers of
# their own, and a browser), each test module kept on one process so its module-wide fixtures
# (a built site) are made once; PYTEST_FLAGS="-n 0" runs it on one.
PYTEST_FLAGS ?= -n auto --maxprocesses 4 --dist loadscope
test: $(STAMP) $(CLIENTS) lint
	$(BIN)/python -m pytest $(PYTEST_FLAGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	# tests/browser/ has a conftest.py of its own, so it is checked as a second set of modules
	MYPYPATH=tests/browser $(BIN)/mypy tests/browser/*.py

check: $(STAMP)
	$(BIN)/python scripts/check.py

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site .cache
