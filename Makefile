# Two set-up commands: `make run` (serve the demo council on http://127.0.0.1:8000) and `make test` (lint and the
# whole suite, on SQLite and, where PostgreSQL's server binaries exist, again on a throwaway PostgreSQL cluster).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
# Two workers suit the two-core machines this runs on; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile
PG_BINARIES := $(wildcard /usr/lib/postgresql/*/bin/initdb)
PORT ?= 8000

.PHONY: venv run test test-sqlite test-postgres test-browser lint format bench backup restore clean

venv: $(STAMP)

# Reinstalls only when pyproject.toml is newer than the stamp, so a second `make` is quick.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: lint test-sqlite test-postgres

# `env -u DATABASE_URL` keeps a deployment's database out of the SQLite run. pytest's exit status 5 (no tests
# collected) is non-zero, so make stops there as it would on a failure.
test-sqlite: venv
	@echo "== suite on SQLite =="
	env -u DATABASE_URL $(PYTEST)

test-postgres: venv
ifneq ($(PG_BINARIES),)
	@echo "== suite on PostgreSQL =="
	scripts/with-postgres.sh $(PYTEST)
else
	@echo "== suite on PostgreSQL: skipped, no server binaries in /usr/lib/postgresql/*/bin =="
endif

test-browser: venv
	env -u DATABASE_URL $(BIN)/pytest -q -m browser

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: venv
	$(BIN)/python -m bench

backup: venv
	$(MANAGE) backup

restore: venv
	@test -n "$(FILE)" || { echo "Say which backup to restore: make restore FILE=path/to/backup" >&2; exit 2; }
	$(MANAGE) restore "$(FILE)"

clean:
	rm -rf $(VENV) staticfiles test-results .pytest_cache .ruff_cache .hypothesis *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
