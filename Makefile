# EşitKent — the two commands are `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup demo demo-data serve test test-deps test-sqlite test-postgres lint format bench messages purge-sample backup restore check-keys

setup: $(VENV)/.installed

# uv runs as a module, so a fresh install works before any shim or PATH is refreshed.
UV := python3 -m uv

$(VENV)/.installed: requirements.lock
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) venv --quiet --allow-existing --python "$$(command -v python3.11 || command -v python3)" $(VENV)
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	touch $@

## make demo: fresh machine → venv, database, İzmir data, labelled sample users, server on 127.0.0.1:8000
demo: setup demo-data serve

demo-data: setup
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py load_izmir
	$(PY) manage.py create_demo_users
	$(PY) manage.py create_demo_periods
	$(PY) manage.py publish_demo_reports
	$(PY) manage.py create_demo_centres
	$(PY) manage.py create_demo_cases
	$(PY) manage.py setup_schedules

serve: setup
	@echo "EşitKent: http://127.0.0.1:8000  (Ctrl+C ile durdurun; e-postalar konsola yazılır)"
	trap 'kill 0' EXIT; $(PY) manage.py qcluster & $(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -

## make test: installs what the tests need, lints, runs the suite on SQLite and on a throw-away PostgreSQL
test: setup test-deps lint test-sqlite test-postgres

test-deps:
	bash scripts/install-test-deps.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	bash scripts/check-messages.sh

test-sqlite: setup
	$(VENV)/bin/pytest -n 2 -p no:cacheprovider

test-postgres: setup
	bash scripts/with-postgres.sh $(VENV)/bin/pytest -n 2 -p no:cacheprovider

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: setup
	$(PY) manage.py makemessages -l en --no-location --no-obsolete -i '.venv/*' -i 'node_modules/*' -i 'static/*' -i 'var/*'
	$(PY) manage.py compilemessages --ignore '.venv/*' --ignore 'node_modules/*'

bench: setup
	$(PY) bench/import_values.py
	$(PY) bench/import_under_load.py
	$(PY) bench/summaries.py
	$(PY) bench/portal_load.py
	$(PY) bench/cases.py
	$(PY) bench/suppression.py

purge-sample: setup
	$(PY) manage.py purge_sample_data

## make backup BACKUP=dir: database (SQLite .backup API or pg_dump), var/media and a manifest; no keys
backup: setup
	@test -n "$(BACKUP)" || { echo "Kullanım: make backup BACKUP=/yedek/klasoru" >&2; exit 2; }
	$(PY) manage.py backup "$(BACKUP)"

## make restore BACKUP=dir [REPLACE=1]: into an empty database, then the key check
restore: setup
	@test -n "$(BACKUP)" || { echo "Kullanım: make restore BACKUP=/yedek/klasoru [REPLACE=1]" >&2; exit 2; }
	$(PY) manage.py restore $(if $(REPLACE),--replace) "$(BACKUP)"

check-keys: setup
	$(PY) manage.py check_keys
