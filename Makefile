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
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing python3-venv (Debian ships venv without pip)"; \
	    apt-get update -qq && apt-get install -y -qq python3-venv; \
	  else \
	    echo "Python's venv module is missing: run 'sudo apt-get install python3-venv'"; exit 1; \
	  fi; }
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

# The full suite, browser journeys included: they need Chromium and CJK fonts
# (apt-get install chromium fonts-noto-cjk gettext) and fail, not skip, without them.
test: $(STAMP)
	$(BIN)/fazhi collectstatic --noinput --verbosity 0
	FAZHI_REQUIRE_E2E=1 $(BIN)/pytest

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
