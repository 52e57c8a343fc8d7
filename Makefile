# One task runner: `make demo`, `make test`, `make lint`, `make bench`, `make serve`.
# Every install step lives here, so a fresh machine needs only Python 3.11+ and make.
# Installs come from the lock files in requirements/ (exact versions and hashes);
# after changing the dependencies in pyproject.toml, `make lock` refreshes them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Test processes: one per core (each has its own test database and browser).
TEST_WORKERS ?= 2
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: demo test test-sqlite test-postgres lint bench services install install-dev lock serve \
	messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/runtime.lock
	$(BIN)/pip install -q -r requirements/runtime.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml requirements/dev.lock
	$(BIN)/pip install -q -r requirements/dev.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Re-resolve the lock files from pyproject.toml, keeping every pin that still fits;
## `make lock LOCK_FLAGS=--upgrade` moves everything to the newest allowed versions.
## The runtime lock takes its versions from the dev lock, so the two never disagree.
## The bench extra (torch) is left out: `make bench` installs it on top.
LOCK_FLAGS ?=
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --quiet --custom-compile-command "make lock" $(LOCK_FLAGS)
lock: $(BIN)/python
	test -x $(BIN)/uv || $(BIN)/pip install -q uv
	$(UV_COMPILE) --extra dev -o requirements/dev.lock
	$(UV_COMPILE) --constraint requirements/dev.lock -o requirements/runtime.lock

## The demo: SQLite file in var/, in-process jobs, no other service.
demo: install
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## The production server (docs/deploy.md), configured by the environment (DEBUG=0,
## SECRET_KEY, DATABASE_URL...): static files collected, the system checks (gunicorn runs
## none; they refuse a FIELD_ENCRYPTION_KEY that cannot read the stored data), then
## gunicorn on BIND with WEB_CONCURRENCY workers (decentwork/serving/gunicorn_conf.py).
serve: install
	$(BIN)/python manage.py collectstatic --no-input -v 0
	$(BIN)/python manage.py check
	exec $(BIN)/gunicorn -c python:decentwork.serving.gunicorn_conf decentwork.wsgi

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
