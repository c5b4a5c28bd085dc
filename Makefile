# The two commands: `make demo` and `make test`. Everything else here serves them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test venv assets messages messages-extract browser lint lock serve clean

$(VENV)/.installed: requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements/dev.txt
	touch $@

venv: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend compiled with its asset path pointing at our own static files.
static/build/regulator.css: node_modules/.installed $(wildcard static/scss/*.scss)
	node_modules/.bin/sass --quiet --load-path=node_modules --no-source-map --style=compressed \
	  static/scss/regulator.scss $@

# Vega, Vega-Lite, vega-embed and the CSP-safe expression interpreter in one module.
static/build/charts.js: node_modules/.installed static/js/charts.js
	node_modules/.bin/esbuild static/js/charts.js --bundle --minify --format=esm \
	  --outfile=$@ --log-level=warning

assets: node_modules/.installed static/build/regulator.css static/build/charts.js

# Compiled only when a catalogue changed, so that the two test runs CI starts side by side
# never rewrite a .mo file while the other reads it.
PO_FILES := $(shell find locale regulator -path '*/locale/*/LC_MESSAGES/*.po' 2>/dev/null)
messages: $(VENV)/.messages

$(VENV)/.messages: $(VENV)/.installed $(PO_FILES)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	touch $@

# Browser tests drive Debian's Chromium; as root we install it, otherwise say how.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)) ; \
	  else \
	    echo "Browser tests need Debian's chromium: run 'sudo apt-get install chromium', then 'make test' again."; exit 1; \
	  fi; \
	fi

demo: venv assets messages
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) demo_data
	$(MANAGE) collectstatic --no-input -v 0
	@bash scripts/demo-serve.sh $(HOST) $(PORT)

test: venv assets messages browser
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports --no-cache

# Re-resolve the pinned dependencies after editing requirements/*.in.
lock:
	$(PYTHON) -m venv .lockenv && .lockenv/bin/pip install --quiet uv
	cd requirements && ../.lockenv/bin/uv pip compile --python-version 3.11 --no-header base.in -o base.txt
	cd requirements && ../.lockenv/bin/uv pip compile --python-version 3.11 --no-header dev.in -o dev.txt
	rm -rf .lockenv

serve: venv
	$(MANAGE) runserver $(HOST):$(PORT)

clean:
	rm -rf var/static var/*.sqlite3* .pytest_cache .mypy_cache .ruff_cache

# Extract every translatable message into the Welsh catalogues (then translate them).
messages-extract: venv
	$(MANAGE) makemessages -l cy --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests
