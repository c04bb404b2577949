# VMO workbook: every target sets up .venv on first use, so a fresh clone needs only
# Python 3.11+ and make.  `make handouts` builds the HTML handouts; `make test` runs the tests.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= reports

.PHONY: help setup handouts test test-fast lint typecheck doctest browser lab clean

help:
	@echo "make handouts  run every notebook on the bundled data; HTML handouts in $(OUT)/"
	@echo "make test      lint, types, doctests, unit tests, every notebook under nbval, browser tests"
	@echo "make test-fast the edit-test loop: lint, types, doctests, tests that start no kernel (not slow)"
	@echo "make typecheck mypy over vmo_lib (pandas-stubs); make doctest: the docstring examples"
	@echo "make browser   install Chromium (as root, with apt-get) for browser tests and --pdf"
	@echo "make lab       open JupyterLab on the notebooks"
	@echo "make clean     remove the virtual environment and generated reports"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

handouts: $(STAMP)
	$(BIN)/vmo handouts --out $(OUT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

doctest: $(STAMP)
	$(BIN)/python -m pytest --doctest-modules vmo_lib -q -p no:cacheprovider

# No kernels, no browser, no notebook executions: well under a minute.
test-fast: lint typecheck doctest
	$(BIN)/python -m pytest tests -n auto -m "not kernel and not browser and not slow" -q

test: lint typecheck doctest browser
	$(BIN)/python -m pytest tests --nbval-lax notebooks exercises/source

# tests/browser and `vmo handouts --pdf` use the system Chromium (never a downloaded one).
# Install Debian's package where we can (root with apt-get); elsewhere, or if that fails, say
# so and carry on: the browser tests are then skipped and pytest prints why.
browser:
	@if [ -n "$$VMO_CHROMIUM" ] || command -v chromium >/dev/null 2>&1 \
	  || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; then \
	  :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing chromium for the browser tests (apt-get)..."; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends chromium fonts-liberation; } >/dev/null 2>&1 \
	    || echo "Could not install chromium: the browser tests will be skipped."; \
	else \
	  echo "Chromium not found (apt-get install chromium, or set VMO_CHROMIUM=/path):" \
	    "the browser tests will be skipped."; \
	fi

# JupyterLab refuses to run as root unless told; containers often run as root.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

clean:
	rm -rf $(VENV) $(OUT) $(OUT).partial build *.egg-info .pytest_cache .ruff_cache .mypy_cache notebooks/outputs
