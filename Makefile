PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_ADDR ?= 127.0.0.1:8000
STACK_PORT ?= 8000
TOX_ENVS ?= lint,py311,services,docs,example,quickstart

.PHONY: demo stack test browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.demo-installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e ".[example]"
	touch $@

demo: $(VENV)/.demo-installed
	cd example_project && ../$(BIN)/python manage.py migrate --noinput
	cd example_project && DEMO_ADDR='$(DEMO_ADDR)' ../$(BIN)/python manage.py shopkit_demo
	cd example_project && DEMO_ADDR='$(DEMO_ADDR)' ../$(BIN)/python manage.py runserver $(DEMO_ADDR)

# The production-like stack on the real services (DATABASE_URL, REDIS_URL and
# CELERY_BROKER_URL set): two gunicorn servers behind nginx, a worker and beat.
stack: $(VENV)/.demo-installed
	$(BIN)/python example_project/stack.py --port $(STACK_PORT)

$(VENV)/.tox-installed: $(BIN)/python
	$(BIN)/pip install --quiet "tox>=4.11"
	touch $@

AXE_JS := .cache/axe-core/node_modules/axe-core/axe.min.js

# Browser tests drive Debian's Chromium (never a browser downloaded by a test tool),
# with CJK fonts so screenshots show Chinese text; the HTTP benchmark and its smoke
# test drive the example shop with Debian's wrk; the page test runs axe-core (from
# npm, major version pinned) in every page; the stack test (and make stack) puts
# Debian's nginx in front of two web servers.
browser: $(AXE_JS)
	@command -v chromium >/dev/null && fc-list :lang=zh | grep -q . && command -v wrk >/dev/null && command -v msgmerge >/dev/null && test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk wrk gettext nginx; \
	  else \
	    echo "Browser tests, the HTTP benchmark and the stack test need: sudo apt-get install chromium fonts-noto-cjk wrk gettext nginx"; \
	  fi; }

$(AXE_JS):
	@if command -v npm >/dev/null; then \
	  npm install --prefix .cache/axe-core --no-save --no-audit --no-fund --silent axe-core@4; \
	else \
	  echo "The page test needs axe-core from npm: install npm (apt-get install npm), then make browser"; \
	fi

test: $(VENV)/.tox-installed browser
	$(BIN)/tox run -e $(TOX_ENVS)

clean:
	rm -rf $(VENV) .tox build dist example_project/var src/*.egg-info
