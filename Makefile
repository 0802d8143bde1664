PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_ADDR ?= 127.0.0.1:8000
TOX_ENVS ?= lint,py311,services,docs,example,quickstart

.PHONY: demo test browser clean

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

$(VENV)/.tox-installed: $(BIN)/python
	$(BIN)/pip install --quiet "tox>=4.11"
	touch $@

# Browser tests drive Debian's Chromium (never a browser downloaded by a test tool),
# with CJK fonts so screenshots show Chinese text; the HTTP benchmark and its smoke
# test drive the example shop with Debian's wrk.
browser:
	@command -v chromium >/dev/null && fc-list :lang=zh | grep -q . && command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk wrk; \
	  else \
	    echo "Browser tests and the HTTP benchmark need: sudo apt-get install chromium fonts-noto-cjk wrk"; \
	  fi; }

test: $(VENV)/.tox-installed browser
	$(BIN)/tox run -e $(TOX_ENVS)

clean:
	rm -rf $(VENV) .tox build dist example_project/var src/*.egg-info
