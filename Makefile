# The course's two commands: `make lab` (learn) and `make test` (check). Both create .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8765
STATE  := .simulator

.PHONY: help install lab serve test quick lint lessons notebooks fuzz bench bench-scale lock clean

help:
	@echo "make lab    - install, start the offline simulator and JupyterLab (Ctrl-C stops both)"
	@echo "make serve  - install and run only the simulator, in the foreground"
	@echo "make test   - install, lint code and notebooks, run every test (unit tests, nbval, browser, a quick fuzz)"
	@echo "make quick  - the tests to run while working (about a minute): no notebooks, browser, fuzzer or slow tests"
	@echo "make lessons - write the notebooks whose sources (notebooks/src/) changed, then re-run them to store fresh outputs"
	@echo "make notebooks - re-run every notebook against a fresh simulator and save its outputs"
	@echo "make fuzz   - fuzz every simulator endpoint from the OpenAPI spec: thousands of cases, no 5xx, all in the spec"
	@echo "make bench  - measure the suite and the simulator against their floors (prints a table)"
	@echo "make bench-scale - how costs grow: search at 1k-100k chunks, long threads and conversations, 100-300 learners (minutes)"
	@echo "make stop   - stop a simulator the course started (make lab, a lesson, the start script)"
	@echo "make reset  - a clean simulator database (asks first, keeps a backup); YES=1 skips the question"
	@echo "make classroom LEARNERS=30 - one API key per learner for a shared simulator (classroom/keys.csv)"
	@echo "make browser - install chromium and Playwright, for the Playground's browser tests"
	@echo "make local-model - build the optional embedded tiny model (about ten minutes)"
	@echo "make clean  - remove .venv and the simulator's state"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	@echo "Installing the course's packages (first time: about a minute)…"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

install: $(VENV)/.installed

.env:
	cp .env.example .env

lab: install .env
	$(BIN)/python -m course.lab --host $(HOST) --port $(PORT) --state $(STATE)

serve: install .env
	$(BIN)/python -m simulator --host $(HOST) --port $(PORT) --db $(STATE)/simulator.db

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest
	@# schemathesis' generated cases do not run under xdist: the fuzzer gets a run of its own.
	$(BIN)/python -m pytest -n 0 tests/simulator/test_fuzz.py

# While working: what needs no notebook kernel, browser or fuzzer, and is not slow by design (tests/support/tiers.py).
# The addopts are replaced, so nbval is not even loaded, nor schemathesis' or hypothesis' plugins (seconds a process).
QUICK_OPTS := -o addopts= -p no:cacheprovider -p no:nbval -p no:schemathesis -p no:hypothesispytest -p no:anyio -n 2 --dist loadfile

quick: install
	$(BIN)/python -m pytest $(QUICK_OPTS) -m "not slow" tests/course tests/simulator --ignore=tests/simulator/test_fuzz.py

lessons: install
	$(BIN)/python -m tools.lessons --execute

notebooks: install
	$(BIN)/python -m tools.execute_notebooks --all

# `make test` runs a quick pass of the same fuzzer (a few hundred cases). -n 0: its cases do not run under xdist.
fuzz: install
	FUZZ_EXAMPLES=100 FUZZ_COVERAGE=1 FUZZ_MINIMUM_CASES=1000 $(BIN)/python -m pytest -n 0 -q -s tests/simulator/test_fuzz.py

bench: install
	$(BIN)/python -m bench.run

# Not part of `make bench`: indexing 100,000 chunks alone takes minutes. Writes the README's curves.
bench-scale: install
	$(BIN)/python -m bench.scale --plot docs/bench-scale.png

lock: install
	@{ echo "# Exact versions of everything the course installs (make install reads this file)."; \
	   echo "# Regenerate with: make lock"; $(BIN)/python -m pip freeze --exclude-editable --all | grep -v '^pip==' \
	   | sed 's/^uvloop==.*/& ; sys_platform != "win32"/'; } > requirements.lock

clean:
	rm -rf $(VENV) $(STATE)

# --- Classroom and troubleshooting (docs/classroom.md, README: Troubleshooting) -----------------------
LEARNERS ?= 30
CLASS_HOST ?= 0.0.0.0

.PHONY: stop reset classroom classroom-serve classroom-progress

# Stops a simulator the course started (make lab, a lesson's first cell, the Binder start script),
# after checking that the recorded process really is the simulator. Needs no install.
stop:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m course.service stop --state $(STATE); else echo "Nothing to stop (no $(VENV) yet)."; fi

# A clean simulator database: asks first, keeps a timestamped backup and lesson 02's saved thread. YES=1 skips the question.
reset: install
	$(BIN)/python -m course.reset --state $(STATE) $(if $(YES),--yes,)

# One API key per learner for a shared simulator (classroom/keys.csv), e.g. make classroom LEARNERS=30 BASE_URL=http://10.0.0.5:8765/v1
classroom: install
	$(BIN)/python -m course.classroom keys --learners $(LEARNERS) $(if $(BASE_URL),--base-url $(BASE_URL),)

# The shared simulator for a class: every key sees only what it created.
classroom-serve: install
	$(BIN)/python -m simulator --host $(CLASS_HOST) --port $(PORT) --isolate-keys --db $(STATE)/classroom.db

# Who has passed which exercise check, one row per learner in classroom/keys.csv.
classroom-progress: install
	$(BIN)/python -m course.classroom progress

# --- Browser tests (tests/browser/: the Playground in headless Chromium) --------------------------------
.PHONY: browser

# Debian's chromium (Playwright cannot download its own browser offline) and a CJK font, then the pinned
# Python packages. Without them, make test reports the browser tests as not run.
browser: install
	@command -v apt-get >/dev/null || { echo "Install Chromium and a CJK font with your system's package manager, then: $(BIN)/python -m pip install -r requirements-browser.lock"; exit 1; }
	apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-browser.lock

# The embedded tiny model (SmolLM2-135M-Instruct on llama-cpp-python) for `--model-backend local`: optional,
# never installed by lab or test. llama-cpp-python builds from source: about ten minutes on two cores.
.PHONY: local-model
local-model: install
	@echo "Building llama-cpp-python for the local model (about ten minutes on two cores)…"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-local.lock
