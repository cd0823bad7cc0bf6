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

# Web server, a Celery worker and Celery beat; Ctrl-C (or the end of any of them) stops all three. Beat runs as its own
# process: a worker with embedded beat (-B) was seen to hang on shutdown here.
run: seed
	@echo ""
	@echo "  Portal:  http://127.0.0.1:$(PORT)/        Admin: http://127.0.0.1:$(PORT)/admin/"
	@echo "  Demo accounts above; stop with Ctrl-C."
	@echo ""
	@$(BIN)/celery -A integrity worker --loglevel=INFO --concurrency=2 & WORKER=$$!; \
	$(BIN)/celery -A integrity beat --loglevel=INFO & BEAT=$$!; \
	$(BIN)/python manage.py runserver --noreload 127.0.0.1:$(PORT) & WEB=$$!; \
	trap 'trap "" INT TERM; kill -TERM $$WEB $$WORKER $$BEAT 2>/dev/null; \
	      for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 $$WEB $$WORKER $$BEAT 2>/dev/null || break; sleep 1; done; \
	      kill -KILL $$WEB $$WORKER $$BEAT 2>/dev/null; exit 0' INT TERM EXIT; \
	wait $$WEB

test: install
	DEBUG=false $(BIN)/pytest

e2e: install
	DEBUG=false $(BIN)/pytest -m e2e -p no:randomly

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy .

clean:
	rm -rf $(VENV) var db.sqlite3*
