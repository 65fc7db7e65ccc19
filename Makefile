# DigiPUFF - the two commands a new installation needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DIGIPUFF := $(BIN)/digipuff
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install demo serve test test-sqlite test-postgres lint format messages browser system-deps bench load clean openapi

help:
	@echo "make demo   - set up everything and serve the demo on http://$(HOST):$(PORT)"
	@echo "make test   - lint and run the whole test suite (SQLite; PostgreSQL too when DATABASE_URL is set)"
	@echo "make lint   - ruff, migrations and Django checks, types (mypy) and layers (import-linter)"
	@echo "make bench  - run the benchmarks and print a table"
	@echo "make load   - 100 users against gunicorn on PostgreSQL (DATABASE_URL; DURATION=10m): errors, p95, p99"

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) messages

# Compiled translations are build output; gettext's msgfmt turns the committed .po files into .mo.
messages: $(STAMP)
	@command -v msgfmt >/dev/null || { echo "gettext (msgfmt) is needed: apt-get install gettext"; exit 1; }
	@cd src/digipuff && ../../$(DIGIPUFF) compilemessages --verbosity 0

# The demo serves and works background tasks (Kolada sync, deciding a report): a `db_worker` runs beside the server
# and is stopped with it, however the server ends (Ctrl-C, an error).
demo: install
	$(DIGIPUFF) migrate --no-input --verbosity 0
	$(DIGIPUFF) demo
	@echo "Serving DigiPUFF on http://$(HOST):$(PORT)/ with a background worker  (Ctrl-C stops both)"
	@$(DIGIPUFF) db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DIGIPUFF) runserver $(HOST):$(PORT) --skip-checks

# Development server only; background tasks wait for a worker (`digipuff db_worker` in another terminal).
serve: install
	$(DIGIPUFF) runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	DATABASE_URL= $(DIGIPUFF) makemigrations --check --dry-run --verbosity 0
	DATABASE_URL= $(DIGIPUFF) check --fail-level WARNING
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

# System packages the tests use: Chromium for the browser tests (never a downloaded browser), poppler-utils
# (pdftotext) and LibreOffice to check the rendered reports, and the fonts the print style asks for.
# Installed when we may (root); otherwise the tests that need them are skipped with a message.
SYSTEM_PACKAGES := chromium poppler-utils fonts-liberation2 fonts-dejavu-core libreoffice-writer-nogui
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing from Debian:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null) \
	      || echo "Could not install$$missing; the tests that need them will be skipped."; \
	  else echo "Missing system packages:$$missing (apt-get install them); the tests that need them will be skipped."; fi; \
	fi

browser: system-deps

test: lint system-deps test-sqlite test-postgres

test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest -n 2 --dist loadfile

test-postgres: install
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "Running the suite on PostgreSQL ($$DATABASE_URL)"; \
	  $(BIN)/pytest -n 2 --dist loadfile; \
	else echo "DATABASE_URL is not set: PostgreSQL run skipped (set it to a postgres:// URL to run it)."; fi

# Each benchmark module on its own fresh database (PostgreSQL when DATABASE_URL is set); see docs/benchmarks.md.
bench: install
	$(PY) -m pip install --quiet -e '.[bench]'
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends wrk >/dev/null); } || echo "wrk is missing: the page rows are skipped."
	$(PY) -m benchmarks

# The load test (issue 17): gunicorn with 4 workers on PostgreSQL (DATABASE_URL) serving the demo, 100 locust users on
# 127.0.0.1 for DURATION (default 10m); prints errors, p95 and p99. Installs the bench extra (locust) first.
load: install
	$(PY) -m pip install --quiet -r benchmarks/load/requirements.lock
	VENV=$(VENV) benchmarks/load/run.sh

clean:
	rm -rf $(VENV) var/static

# The committed OpenAPI description; a test fails when the code drifts from it.
openapi: install
	DATABASE_URL= $(DIGIPUFF) spectacular --lang en --validate --fail-on-warn --file docs/openapi.yaml
