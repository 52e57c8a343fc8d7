# One task runner: `make demo`, `make test`, `make lint`, `make bench`.
# Every install step lives here, so a fresh machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Test processes: one per core (each has its own test database and browser).
TEST_WORKERS ?= 2
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: demo test test-sqlite test-postgres lint bench services install install-dev messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## The demo: SQLite file in var/, in-process jobs, no other service.
demo: install
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## The tests: lint, then the whole suite on PostgreSQL with Redis and a real browser.
test: install-dev services
	scripts/install-browser
	$(MAKE) lint
	$(MAKE) test-postgres

test-postgres: install-dev services
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

test-sqlite: install-dev
	DATABASE_URL= $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

services:
	scripts/start-services

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy decentwork
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run -v 0

bench: install-dev
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python bench/linking.py
	$(BIN)/python bench/matching_latency.py
	$(BIN)/python bench/market_sim.py
	$(BIN)/python bench/batch.py

## Refresh the message catalogues after changing user-facing text, then translate.
messages: install-dev
	$(BIN)/python manage.py makemessages -l tr -l zh_Hans -l ar -l nl -l id -l fr -l th -l vi \
		--ignore=.venv --ignore=tests --ignore=bench --ignore=var
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
