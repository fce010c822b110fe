# Two set-up commands: `make run` (serve the demo council on http://127.0.0.1:8000) and `make test` (system packages,
# lint, types and the whole suite, on SQLite and again on a throwaway PostgreSQL cluster).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SERVE_STAMP := $(VENV)/.installed-serve
DEV_STAMP := $(VENV)/.installed-dev
MANAGE := $(BIN)/python manage.py
# Two workers suit the two-core machines this runs on; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile
PORT ?= 8000

.PHONY: venv dev-venv run demo-reset test test-sqlite test-postgres test-browser lint types format bench bench-imports backup restore \
	clean system-deps-serve system-deps-test

venv: system-deps-serve $(SERVE_STAMP)
dev-venv: system-deps-test $(DEV_STAMP)

system-deps-serve:
	@PYTHON=$(PYTHON) scripts/system-deps.sh serve
system-deps-test:
	@PYTHON=$(PYTHON) scripts/system-deps.sh test

# Serving needs only the runtime packages; the test tools come with `make test`. Each stamp reinstalls only when
# pyproject.toml is newer than it, so a second `make` is quick.
$(SERVE_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(SERVE_STAMP)

# Safe to run every day: the demo is loaded only into a database with no data yet (load_demo says so when it skips).
run: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Replaces everything in the database with the demo council, after asking.
demo-reset: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --reset

test: dev-venv lint test-sqlite test-postgres

# `env -u DATABASE_URL` keeps a deployment's database out of the SQLite run. pytest's exit status 5 (no tests
# collected) is non-zero, so make stops there as it would on a failure.
test-sqlite: dev-venv
	@echo "== suite on SQLite =="
	env -u DATABASE_URL $(PYTEST)

# system-deps-test has installed the PostgreSQL server binaries (or stopped, naming the package).
test-postgres: dev-venv
	@echo "== suite on PostgreSQL =="
	scripts/with-postgres.sh $(PYTEST)

test-browser: dev-venv
	env -u DATABASE_URL $(BIN)/pytest -q -m browser

lint: dev-venv types
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs over every package; pyproject.toml lists the modules not yet typed.
types: dev-venv
	$(BIN)/mypy config core inspections performance improvement demo bench

format: dev-venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: dev-venv
	$(BIN)/python -m bench $(BENCH)

# The two large imports alone (part of `make bench`): peak memory, rows/s and, for the page, each request's time.
bench-imports: dev-venv
	$(BIN)/python -m bench.import_scale command 1000000
	$(BIN)/python -m bench.import_scale page 100000

backup: venv
	$(MANAGE) backup

restore: venv
	@test -n "$(FILE)" || { echo "Say which backup to restore: make restore FILE=path/to/backup" >&2; exit 2; }
	$(MANAGE) restore "$(FILE)"

clean:
	rm -rf $(VENV) staticfiles test-results .pytest_cache .ruff_cache .hypothesis *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
