# The two commands of the README: `make run` (the demo portal) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
PIP_QUIET := --quiet --disable-pip-version-check

.PHONY: run test lint messages bench bench-load backup restore install install-dev browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install $(PIP_QUIET) -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install $(PIP_QUIET) -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## Install, migrate, load the demo data (idempotent) and serve on 127.0.0.1:$(PORT).
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Portal: http://127.0.0.1:$(PORT)/   Admin: http://127.0.0.1:$(PORT)/admin/"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Debian's Chromium, CJK fonts and chromium-l10n for the browser tests: installed with apt-get
## as root, or the exact command to run is printed and the target fails.
browser:
	scripts/install_browser.sh

## Install and run the whole suite (SQLite unless DATABASE_URL points at PostgreSQL).
test: install-dev browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

## Regenerate and compile the Chinese translation catalogue (needs GNU gettext).
messages: install-dev
	$(BIN)/python manage.py makemessages --locale zh_Hans --ignore '.venv/*' --ignore 'staticfiles/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --locale zh_Hans --ignore '.venv/*'

## Fill PostgreSQL databases with 100,000+ and 200,000+ appointments and print the availability
## table (each answer against /healthz, warm and cold, at 1x and 2x) and booking throughput at 1 and
## 16 clients; writes docs/performance.md. `make bench-load` runs the older HTTP load test.
bench: install-dev
	$(BIN)/python bench/table.py

bench-load: install-dev
	$(BIN)/python bench/run.py --no-docs

## Dump the PostgreSQL database of DATABASE_URL into backups/ (pg_dump custom format, timestamped).
backup:
	scripts/backup.sh

## Restore a backup into a new database it creates: make restore FILE=backups/x.dump TARGET=postgres://...
restore:
	scripts/restore.sh "$(FILE)" "$(TARGET)"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
