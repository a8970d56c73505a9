# `make run` installs and starts the local server; `make test` installs and runs every test.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
# `make run` has a venv of its own with only what the server needs (no test tools).
RUN_VENV ?= .venv-run
RUN_PY := $(RUN_VENV)/bin/python

.PHONY: run test lint system-deps

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(RUN_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(RUN_VENV)
	$(RUN_PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

system-deps:
	bash scripts/install-system-deps

# Local development: request verification is explicitly off, state lives in var/skill.sqlite3.
# The audio library (Festival, else espeak-ng, when gTTS's service cannot be reached) is built
# first when SKILL_AUDIO_BASE_URL is set, since hands-free needs it; otherwise in the background, so
# the server answers at once (the log is var/audio-build.log; the build resumes if stopped).
run: $(RUN_VENV)/.installed
	bash scripts/install-system-deps run
	@mkdir -p var
	@if [ -n "$$SKILL_AUDIO_BASE_URL" ]; then $(RUN_PY) -m skill.audio build; else \
	  echo "building the audio library in the background: var/audio-build.log"; \
	  ($(RUN_PY) -m skill.audio build --quiet > var/audio-build.log 2>&1 &) ; fi
	SKILL_LOCAL_DEV=$${SKILL_LOCAL_DEV:-1} $(RUN_PY) app.py

test: $(VENV)/.installed
	bash scripts/install-system-deps test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(PY) -m skill.simulator.corpus tests/corpus/nlu_en-US.yaml
	$(PY) -m skill.simulator.corpus tests/corpus/nlu_holdout2_en-US.yaml --no-misses
	$(PY) scripts/triage_report.py
	$(PY) -m skill.simulator.corpus tests/corpus/nlu_de-DE.yaml
	$(PY) scripts/triage_report.py --locale de-DE
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
