# fazhi — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3

.PHONY: run serve setup test test-fast test-pg lint bench messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/fazhi migrate --noinput
	$(BIN)/fazhi collectstatic --noinput --verbosity 0
	$(BIN)/fazhi demo --if-empty

# Set up everything and serve the demo office with the production server.
run: setup
	@echo "fazhi: http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(BIN)/gunicorn fazhi.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --graceful-timeout 10

# The full suite, browser journeys included (they need Chromium: see .ci/run).
test: $(STAMP)
	$(BIN)/fazhi collectstatic --noinput --verbosity 0
	$(BIN)/pytest

test-fast: $(STAMP)
	$(BIN)/pytest -m "not e2e"

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	@for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

messages: $(STAMP)
	cd fazhi && ../$(BIN)/fazhi makemessages -l zh_Hans --no-obsolete --no-location
	cd fazhi && ../$(BIN)/fazhi compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) var/static
