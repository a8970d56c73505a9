# `make run` installs and starts the local server; `make test` installs and runs every test.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python

.PHONY: run test lint system-deps

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

system-deps:
	bash scripts/install-system-deps

# Local development: request verification is explicitly off, state lives in var/skill.sqlite3;
# the audio library is built first (espeak-ng when gTTS's service cannot be reached).
run: $(VENV)/.installed
	bash scripts/install-system-deps run
	$(PY) -m skill.audio build --quiet
	SKILL_LOCAL_DEV=$${SKILL_LOCAL_DEV:-1} $(PY) app.py

test: $(VENV)/.installed
	bash scripts/install-system-deps test
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) scripts/triage_report.py
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(PY) -m ruff check .
