PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_ADDR ?= 127.0.0.1:8000
TOX_ENVS ?= lint,py311,services,docs,example

.PHONY: demo test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.demo-installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e ".[example]"
	touch $@

demo: $(VENV)/.demo-installed
	cd example_project && ../$(BIN)/python manage.py migrate --noinput
	cd example_project && ../$(BIN)/python manage.py runserver $(DEMO_ADDR)

$(VENV)/.tox-installed: $(BIN)/python
	$(BIN)/pip install --quiet "tox>=4.11"
	touch $@

test: $(VENV)/.tox-installed
	$(BIN)/tox run -e $(TOX_ENVS)

clean:
	rm -rf $(VENV) .tox build dist example_project/var src/*.egg-info
