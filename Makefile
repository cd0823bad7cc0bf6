# Two commands set everything up on a fresh machine with only Python 3:
#   make run    serve the portal (SQLite, Celery worker + beat on a folder broker)
#   make test   run the test suite (SQLite)
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PORT ?= 8000
# Development defaults for the embedded mode; production sets real values (see README).
export DEBUG ?= true

.PHONY: run test install migrate seed messages lint typecheck e2e check-deploy clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv > /dev/null

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# Web server and a Celery worker with embedded beat; Ctrl-C stops both.
run: seed
	@echo ""
	@echo "  Portal:  http://127.0.0.1:$(PORT)/        Admin: http://127.0.0.1:$(PORT)/admin/"
	@echo "  Demo accounts above; stop with Ctrl-C."
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/celery -A integrity worker -B --loglevel=INFO --concurrency=2 & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT); \
	wait

test: install
	DEBUG=false $(BIN)/pytest

e2e: install
	DEBUG=false $(BIN)/pytest -m e2e -p no:randomly

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

clean:
	rm -rf $(VENV) var db.sqlite3*
